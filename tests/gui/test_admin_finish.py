"""The admin screens' finish (issue 16, items 12 and 14): who covers a node without its own
assignee, region names instead of codes, the supervisor list of the new-user dialog by
region, the import's template and its expected columns, no internal revision numbers.

Driven offscreen against a live server (the ``admin_page`` fixture of test_admin).
"""

from __future__ import annotations

import csv

from domain.enums import NodeKind
from server import org as server_org
from server.importer import suggest_mapping
from server.store.changes import allocate_seq
from tests.gui.test_admin import WAIT, admin_page  # noqa: F401 - the fixture
from ui.admin.dialogs import UserDialog
from ui.admin.imports import FIELD_LABELS


def test_a_grid_cell_without_its_own_rep_shows_who_covers_it(admin_page, qtbot, sqlite_store):  # noqa: F811
    org, _server, page, _tmp = admin_page
    with sqlite_store.session() as s:
        server_org.create_territory(
            s, "N1-G1", "North 1 grid", NodeKind.GRID, org.territories["N1"], allocate_seq(s)
        )
    editor = page.show_tab("territories")
    editor.load()

    def grid_row():
        north = editor.tree_model.item(0, 0)
        north1 = north.child(0, 0) if north is not None else None
        return north1.child(0, 0) if north1 is not None else None

    qtbot.waitUntil(lambda: grid_row() is not None, timeout=WAIT)
    north = editor.tree_model.item(0, 0)
    north1 = north.child(0, 0)
    assert north1.text() == "North 1" and north.child(0, 3).text().startswith("rep_a")
    assert north1.child(0, 0).text() == "North 1 grid"
    # was "(nobody)", while the customers in it show rep_a as their owner
    assert north1.child(0, 3).text().startswith("rep_a (from North 1)")


def test_users_show_region_names_and_the_new_user_dialog_offers_the_regions_supervisors(admin_page, qtbot):  # noqa: F811
    _org, _server, page, _tmp = admin_page
    users = page.show_tab("users")
    users.load()
    qtbot.waitUntil(lambda: users.model.rowCount() > 0 and bool(users.regions), timeout=WAIT)
    region = [c.key for c in users.model.columns].index("region")
    shown = {
        users.model.row(i)["username"]: users.model.index(i, region).data()
        for i in range(users.model.rowCount())
    }
    assert shown["rep_a"] == "North" and shown["sup_s"] == "South"  # names, not the codes N and S

    dialog = UserDialog(users.regions, users._supervisors(), parent=users)
    qtbot.addWidget(dialog)

    def offered() -> set[str]:
        return {dialog.supervisor.itemData(i) for i in range(1, dialog.supervisor.count())}

    assert offered() == {"sup_n", "sup_s"}  # no region chosen yet: all of them
    dialog.region.setCurrentIndex(dialog.region.findData("S"))
    assert offered() == {"sup_s"}
    dialog.supervisor.setCurrentIndex(dialog.supervisor.findData("sup_s"))
    dialog.region.setCurrentIndex(dialog.region.findData("N"))
    assert offered() == {"sup_n"} and dialog.supervisor.currentData() == ""  # sup_s does not cover North


def test_import_offers_a_template_the_importer_understands_and_lists_the_columns(
    admin_page,  # noqa: F811 - the imported fixture
    qtbot,
    tmp_path,
    english,
):
    _org, _server, page, _tmp = admin_page
    wizard = page.show_tab("import")
    assert "Customer name" in wizard.columns_label.text() and "Sales rep" in wizard.columns_label.text()
    assert wizard.template_button.isVisible()
    path = tmp_path / "template.csv"
    wizard.save_template(path)
    assert "Saved the template" in wizard.banner.message()
    headers = next(csv.reader(path.open(encoding="utf-8-sig")))
    assert suggest_mapping(headers) == dict(zip(headers, FIELD_LABELS, strict=True))


def test_the_chinese_template_is_understood_too(admin_page, qtbot, tmp_path, chinese):  # noqa: F811
    _org, _server, page, _tmp = admin_page
    wizard = page.show_tab("import")
    path = tmp_path / "模板.csv"
    wizard.save_template(path)
    headers = next(csv.reader(path.open(encoding="utf-8-sig")))
    assert headers[1] == "客户名称"
    assert suggest_mapping(headers) == dict(zip(headers, FIELD_LABELS, strict=True))


def test_the_sync_watch_banner_names_no_internal_revision(admin_page, qtbot, english):  # noqa: F811
    _org, _server, page, _tmp = admin_page
    editor = page.show_tab("territories")
    editor.load()
    qtbot.waitUntil(lambda: editor.select_node("N1"), timeout=WAIT)
    editor.transfer("rep_a", "rep_b")
    qtbot.waitUntil(lambda: "Not yet synced" in editor.watch_banner.message(), timeout=WAIT)
    text = editor.watch_banner.message()
    assert text.startswith("The change is saved on the server.")
    assert str(editor.watching["seq"]) not in text.replace("rep_a", "").replace(
        "rep_b", ""
    )  # was "Change 10 is saved"


def test_the_targets_hint_in_english_names_the_kpi_as_the_kpi_page_does(qtbot, english):
    """The English hint glossed the KPI in Chinese ("(销售目标达成率)"); the English KPI page
    calls the column "Target achieved", so the hint says that."""
    import re

    from PySide6.QtWidgets import QLabel

    from ui.admin.catalog import TargetsTab

    tab = TargetsTab()
    qtbot.addWidget(tab)
    hint = next(label.text() for label in tab.findChildren(QLabel) if "empty cell" in label.text())
    assert not re.search(r"[\u4e00-\u9fff]", hint), hint
    assert "Target achieved" in hint
