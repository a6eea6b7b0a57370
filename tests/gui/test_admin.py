"""The administration area, driven offscreen against a live server: the territory editor
moves a territory and shows who has not yet synced; the import wizard previews a file
with good rows, bad rows and duplicates and imports only the ticked rows."""

from __future__ import annotations

import csv
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import func, select

from server.store.tables import TABLES
from tests.server.test_import import HEADER, ROWS
from tests.sync.helpers import Laptop
from ui.admin.dialogs import NodeDialog, TransferDialog
from ui.support import export

WAIT = 20_000


@pytest.fixture
def admin_page(org_server, open_admin, tmp_path):
    org, server = org_server
    return org, server, open_admin(760), tmp_path


def test_territory_editor_moves_a_territory_and_shows_who_has_not_synced(admin_page, qtbot, sqlite_store):
    org, server, page, tmp_path = admin_page
    a = Laptop(tmp_path / "a.sqlite3", server.url, "rep_a").login()
    b = Laptop(tmp_path / "b.sqlite3", server.url, "rep_b").login()
    a.sync()
    b.sync()
    editor = page.show_tab("territories")
    editor.load()  # the laptops synced after the page first loaded
    qtbot.waitUntil(
        lambda: (
            editor.tree_model.rowCount() == 2
            and editor.customer_model.rowCount() > 0
            and not editor.status["rep_a"]["pending"]
        ),
        timeout=WAIT,
    )
    assert [editor.tree_model.item(i, 0).text() for i in range(2)] == ["North", "South"]
    north = editor.tree_model.item(0, 0)
    assert [north.child(i, 0).text() for i in range(north.rowCount())] == ["North 1", "North 2"]
    assert north.child(0, 2).text() == "4" and north.child(0, 3).text() == "rep_a"
    assert editor.tree_model.item(0, 2).text() == "8"  # the region counts its territories' customers

    assert editor.select_node("N1")
    qtbot.waitUntil(lambda: editor.customer_model.rowCount() == 4, timeout=WAIT)
    assert {editor.customer_model.row(i)["id"] for i in range(4)} == org.customers_of("N1")
    territory = editor.customer_model.index(0, 2)
    assert territory.data() == "North 1"  # the territory's name, not its code
    assert "N1" in territory.data(Qt.ItemDataRole.ToolTipRole)
    assert editor.transfer_button.isEnabled()

    editor.transfer("rep_a", "rep_b")
    qtbot.waitUntil(lambda: "Not yet synced" in editor.watch_banner.message(), timeout=WAIT)
    assert "rep_a, rep_b" in editor.watch_banner.message()
    qtbot.waitUntil(
        lambda: (
            editor.node() is not None and [x["username"] for x in editor.node()["assignees"]] == ["rep_b"]
        ),
        timeout=WAIT,
    )
    qtbot.waitUntil(lambda: "not yet synced" in editor.tree_model.item(0, 0).child(0, 3).text(), timeout=WAIT)
    shown = {
        r["username"]: editor.status_model.index(i, 3).data() for i, r in enumerate(editor.status_model.rows)
    }
    assert shown["rep_a"] == shown["rep_b"] == "Not yet synced" and shown["rep_c"] == "Never synced"

    a.sync()
    editor.refresh_status()
    qtbot.waitUntil(lambda: "Not yet synced: rep_b " in editor.watch_banner.message(), timeout=WAIT)
    b.sync()
    editor.refresh_status()
    qtbot.waitUntil(
        lambda: "Every affected laptop has received" in editor.watch_banner.message(), timeout=WAIT
    )
    assert a.ids("customer") == set() and b.ids("customer") == org.customers_of("N1", "N2")

    # Customers move to another territory from the editor.
    editor.move_customers([sorted(org.customers["N1"])[0]], "S1")
    qtbot.waitUntil(lambda: "Moved 1 customer" in editor.banner.message(), timeout=WAIT)
    qtbot.waitUntil(lambda: editor.customer_model.rowCount() == 3, timeout=WAIT)

    # A refusal is shown in words, and nothing changes.
    editor.create_node("grid", "G-1", "Grid", "S")
    qtbot.waitUntil(lambda: editor.banner.kind == "error", timeout=WAIT)
    assert "must be placed under a territory" in editor.banner.message()

    # The server goes away: the page says so.
    server.stop()
    editor.load()
    qtbot.waitUntil(lambda: page.connection.isVisible(), timeout=WAIT)
    assert "cannot be reached" in page.connection.message()
    assert "nothing was changed" in editor.banner.message()


def test_editor_dialogs_build_the_requests(qtbot):
    transfer = TransferDialog("North 1", [("rep_a", "rep_a")], [("rep_b", "rep_b"), ("rep_c", "rep_c")])
    qtbot.addWidget(transfer)
    transfer.target.setCurrentIndex(1)
    assert transfer.check() is None and transfer.body() == {"from_username": "rep_a", "to_username": "rep_c"}
    node = NodeDialog("grid", [("North 1 (N1)", "N1")], parent_code="N1")
    qtbot.addWidget(node)
    assert node.check() == "Give the node a name."
    node.name.setText("西湖网格")
    node.code.setText("N1-G1")
    assert node.check() is None and node.body() == {"name": "西湖网格", "code": "N1-G1", "parent": "N1"}


def test_import_preview_and_commit(admin_page, qtbot, sqlite_store, english):
    org, server, page, tmp_path = admin_page
    path = tmp_path / "客户导入.csv"
    with path.open("w", newline="", encoding="utf-8-sig") as f:
        w = csv.writer(f)
        w.writerow(HEADER)
        w.writerows(ROWS)
    wizard = page.show_tab("import")
    qtbot.waitUntil(lambda: wizard.territory.count() > 1, timeout=WAIT)
    with qtbot.waitSignal(wizard.previewed, timeout=WAIT):
        wizard.choose_file(path, territory="N1")
    assert wizard.model.rowCount() == 11
    status = {r["row"]: r["status"] for r in wizard.model.rows}
    assert status[2] == "new" and status[3] == "error" and status[6] == "duplicate" and status[8] == "contact"
    row4 = next(i for i, r in enumerate(wizard.model.rows) if r["row"] == 4)
    problems = wizard.model.index(row4, 6).data()
    assert "Phone is not a phone number we recognise." in problems
    assert "Email is not a valid email address." in problems
    row7 = next(i for i, r in enumerate(wizard.model.rows) if r["row"] == 7)
    assert wizard.model.index(row7, 6).data() == "Looks like row 2 (same name)"
    assert wizard.ticked_rows() == {2, 8, 9, 10}
    assert wizard.import_button.text() == "Import 4 ticked rows"
    # Rows that cannot be imported cannot be ticked.
    row3 = next(i for i, r in enumerate(wizard.model.rows) if r["row"] == 3)
    assert not wizard.model.setData(wizard.model.index(row3, 0), True, 10)  # Qt.CheckStateRole

    # "Problems only" shows the rows to look at; ticks are kept across views.
    wizard.show_box.setCurrentIndex(wizard.SHOW_PROBLEMS)
    assert sorted(r["row"] for r in wizard.model.rows) == [3, 4, 5, 6, 7, 11, 13]
    wizard.tick(wizard.ticked_rows() | {6})
    wizard.show_box.setCurrentIndex(wizard.SHOW_ALL)
    assert wizard.ticked_rows() == {2, 6, 8, 9, 10}

    # Remapping a column previews again: ignoring the phone column clears the phone problems.
    with qtbot.waitSignal(wizard.previewed, timeout=WAIT):
        wizard.set_mapping("电话", None)
    assert {r["row"]: r["status"] for r in wizard.model.rows}[6] == "new"
    with qtbot.waitSignal(wizard.previewed, timeout=WAIT):
        wizard.set_mapping("电话", "phone")

    before = _count(sqlite_store)
    wizard.tick({2, 6, 8, 9, 10})
    with qtbot.waitSignal(wizard.committed, timeout=WAIT) as got:
        wizard.commit()
    report = got.args[0]
    assert (report["customers"], report["contacts"]) == (3, 3)
    assert _count(sqlite_store) == before + 3
    assert "Imported 3 new customers and 3 contacts" in wizard.banner.message()
    assert sorted(r["row"] for r in wizard.model.rows) == [
        3,
        4,
        5,
        7,
        11,
        13,
    ]  # the report: left out, and why
    assert not wizard.import_button.isEnabled()

    # Export of the report, as the admin would get it.
    out = export.write_table(tmp_path / "report.xlsx", *wizard.model.export_rows())
    from openpyxl import load_workbook

    sheet = load_workbook(out).active
    assert sheet.cell(1, 1).value == "Row" and sheet.max_row == 7


def _count(store) -> int:
    with store.session() as s:
        c = TABLES["customer"]
        return s.scalar(select(func.count()).select_from(c).where(~c.c.deleted))


def test_admin_client_refreshes_an_expired_session(org_server, tmp_path):
    from desktop.admin_client import call
    from sync.credentials import Tokens
    from sync.transport import AuthRequired

    _org, server = org_server
    laptop = Laptop(tmp_path / "admin.sqlite3", server.url, "admin").login()
    engine = laptop.engine
    tokens = engine.credentials.load(engine.server_url, "admin")
    engine.credentials.save(
        engine.server_url, "admin", Tokens("expired-or-revoked-token", tokens.refresh_token)
    )
    assert [n["code"] for n in call(engine, "GET", "/admin/territories")["nodes"]][:2] == ["N", "N1"]
    renewed = engine.credentials.load(engine.server_url, "admin")
    assert (
        renewed.access_token != "expired-or-revoked-token" and renewed.refresh_token != tokens.refresh_token
    )
    assert (
        call(engine, "POST", "/admin/territories/N1/assign", {"username": "rep_b"})["users"][0]["username"]
        == "rep_b"
    )
    engine.credentials.forget(engine.server_url, "admin")
    with pytest.raises(AuthRequired):
        call(engine, "GET", "/admin/users")


def test_devices_tab_lists_the_laptops_and_revokes_one(admin_page, qtbot, english):
    _org, server, page, tmp_path = admin_page
    a = Laptop(tmp_path / "a.sqlite3", server.url, "rep_a").login()
    b = Laptop(tmp_path / "b.sqlite3", server.url, "rep_a").login()
    tab = page.show_tab("devices")
    tab.load()
    qtbot.waitUntil(lambda: tab.model.rowCount() == 3, timeout=WAIT)  # rep_a's two laptops and the admin's
    rows = [tab.model.row(i) for i in range(3)]
    mine = [r for r in rows if r["username"] == "rep_a"]
    assert len(mine) == 2 and all(r["status"] == "active" and r["last_ip"] == "127.0.0.1" for r in mine)
    assert tab.count.text() == "3 devices"
    victim = a.db.get_state("client_id")
    tab.revoke(victim)
    qtbot.waitUntil(
        lambda: any(
            tab.model.row(i)["client_id"] == victim and tab.model.row(i)["status"] == "revoked"
            for i in range(tab.model.rowCount())
        ),
        timeout=WAIT,
    )
    assert "wipes itself" in tab.banner.message()
    others = [
        tab.model.row(i) for i in range(tab.model.rowCount()) if tab.model.row(i)["client_id"] != victim
    ]
    assert all(r["status"] == "active" for r in others)
    a.engine.transport.close()
    b.engine.transport.close()


def test_products_tab_creates_and_edits_a_product_through_its_dialog(admin_page, qtbot, english, monkeypatch):
    _org, _server, page, _tmp = admin_page
    from ui.admin import catalog

    fill = {}

    def accept(dialog):
        for name, text in fill.items():
            getattr(dialog, name).setText(text)
        return catalog.QDialog.DialogCode.Accepted

    monkeypatch.setattr(catalog.ProductDialog, "exec", accept)
    tab = page.show_tab("products")
    tab.load()
    qtbot.waitUntil(lambda: tab.model.rowCount() > 0, timeout=WAIT)
    before = tab.model.rowCount()
    fill.update(sku="TEST-9001", name="测试茶 100g", unit="盒", category="茶叶", price="88.00", tax="13")
    tab.ask_create()
    qtbot.waitUntil(lambda: tab.model.rowCount() == before + 1, timeout=WAIT)
    assert "TEST-9001" in tab.banner.message()
    row = next(i for i in range(tab.model.rowCount()) if tab.model.row(i)["sku"] == "TEST-9001")
    status = [c.title for c in tab.model.columns].index("Status")
    assert tab.model.data(tab.model.index(row, status)) == "Active"  # a new product is offered at once
    tab.view.selectRow(row)
    fill.clear()
    fill.update(price="99.00")
    tab.ask_edit()
    qtbot.waitUntil(
        lambda: any(
            tab.model.row(i)["sku"] == "TEST-9001" and Decimal(tab.model.row(i)["list_price"]) == 99
            for i in range(tab.model.rowCount())
        ),
        timeout=WAIT,
    )
    assert tab.banner.message() == "Saved TEST-9001."
