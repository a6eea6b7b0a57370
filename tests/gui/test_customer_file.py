"""The customer list and the customer file, driven through the real widgets offscreen.

A real server (the small organisation of tests.factories plus customers with Chinese and
English names in rep_a's territory), a real replica filled by a real sync, the real main
window. What is asserted is what a rep would see, and what reaches the outbox and the
server.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from domain import schema as S
from local_db import queries, search
from local_db.models import Draft, OutboxEntry
from local_db.tables import TABLES
from server.scope import refresh_scope
from server.store.changes import allocate_seq, insert_rows
from sync.contract import new_id
from tests.factories import build_org
from tests.sync.helpers import Laptop, server_row
from ui.customer_file.forms import ContactForm, CustomerForm
from ui.main_window import CUSTOMERS, TODAY, MainWindow
from ui.support.tasks import TaskRunner

NAMES = {
    "xingyun": ("杭州星云科技有限公司", "0571-88886666", "杭州市西湖区文三路88号"),
    "xihu": ("杭州西湖茶叶有限公司", "0571-87001234", "杭州市西湖区龙井路1号"),
    "huaxin": ("宁波华信贸易有限公司", "0574-87654321", "宁波市海曙区中山西路12号"),
    "acme": ("Acme Trading Co., Ltd.", "021-55556666", "上海市浦东新区世纪大道100号"),
}


def add_named_customers(store, org) -> dict[str, str]:
    """Customers with real names in territory N1 (rep_a), with two contacts and a visit each."""
    ids: dict[str, str] = {}
    t0 = datetime.now(timezone.utc) - timedelta(days=30)
    with store.session() as s:
        seq = allocate_seq(s)
        for n, (key, (name, phone, address)) in enumerate(NAMES.items()):
            cid = ids[key] = new_id()
            insert_rows(
                s,
                S.CUSTOMER,
                [
                    {
                        "id": cid,
                        "code": f"H{n:04d}",
                        "name": name,
                        "customer_type": "organisation",
                        "phone": phone,
                        "address": address,
                        "city": address[:3],
                        "territory_id": org.territories["N1"],
                        "owner_id": org.users["rep_a"],
                        "tier": "vip" if key == "xingyun" else "ordinary",
                        "lifecycle_stage": "growth",
                        "visit_grade": "A" if key == "xingyun" else "B",
                        "credit_grade": "AA",
                        "key_account": key == "xingyun",
                        "created_at": t0,
                        "product_mix": "电子元器件",
                        "key_needs": "稳定的交货期",
                    }
                ],
                seq,
                None,
            )
            insert_rows(
                s,
                S.CONTACT,
                [
                    {
                        "id": new_id(),
                        "customer_id": cid,
                        "name": "张伟" if key == "xingyun" else f"联系人{n}",
                        "mobile": "13911112222" if key == "xingyun" else None,
                        "is_primary": True,
                        "decision_role": "decision_maker",
                        "stance": "supporter",
                    },
                    {
                        "id": new_id(),
                        "customer_id": cid,
                        "name": f"李娜{n}",
                        "title": "采购经理",
                        "is_primary": False,
                        "decision_role": "influencer",
                    },
                ],
                seq,
                None,
            )
            insert_rows(
                s,
                S.VISIT,
                [
                    {
                        "id": new_id(),
                        "customer_id": cid,
                        "rep_id": org.users["rep_a"],
                        "status": "approved",
                        "check_in_at": t0,
                        "check_out_at": t0 + timedelta(hours=1),
                        "purpose": "routine",
                        "channel": "in_person",
                        "outcome": "follow_up",
                    }
                ],
                seq,
                None,
            )
        refresh_scope(s, seq)
    return ids


@pytest.fixture
def shop(sqlite_store, live_server, data_dir):
    org = build_org(sqlite_store)
    ids = add_named_customers(sqlite_store, org)
    return org, live_server(sqlite_store), ids, sqlite_store


@pytest.fixture
def laptop(shop, tmp_path):
    _org, server, _ids, _store = shop
    lap = Laptop(tmp_path / "rep_a.sqlite3", server.url, "rep_a").login()
    lap.sync()
    yield lap
    lap.engine.transport.close()
    lap.db.close()


def no_position(_parent):
    return None  # this laptop has no position source


def open_window(qtbot, db, role: str = "rep") -> MainWindow:
    window = MainWindow(db, role=role, display_name="Rep A", language="en", runner=TaskRunner())
    qtbot.addWidget(window)
    window.workspace.location_source = no_position
    window.show()
    activate(qtbot, window)
    indexer = window.customers_page.indexer  # the index catches up in the background
    qtbot.waitUntil(lambda: backlog(db) == 0 and indexer.task is None, timeout=10_000)
    return window


def activate(qtbot, window) -> None:
    """Make the window the active one (shortcuts need a focused widget, also offscreen)."""
    window.windowHandle().requestActivate()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=3000)


def type_text(qtbot, widget, text: str) -> None:
    """Type as a person does: Latin letters and digits key by key, Chinese through the input
    method, which hands the widget each chosen character as a commit."""
    for ch in text:
        if ch.isascii():
            qtbot.keyClicks(widget, ch)
        else:
            event = QInputMethodEvent("", [])
            event.setCommitString(ch)
            QApplication.sendEvent(widget, event)


def backlog(db) -> int:
    with db.session() as s:
        return search.backlog(s)


def names(model) -> list[str]:
    return [model.row(i)["name"] for i in range(model.rowCount())]


def search_for(qtbot, page, text: str) -> None:
    page.search.clear()
    type_text(qtbot, page.search, text)
    qtbot.waitUntil(lambda: page.search_text == text, timeout=3000)


def outbox(db, entity: str, row_id: str) -> list[OutboxEntry]:
    with db.session() as s:
        return list(
            s.scalars(
                select(OutboxEntry)
                .where(OutboxEntry.entity == entity, OutboxEntry.row_id == row_id)
                .order_by(OutboxEntry.client_seq)
            )
        )


# -- finding customers -------------------------------------------------------------------------


def test_find_a_customer_by_two_chinese_characters_and_by_pinyin_initials(qtbot, laptop, english):
    window = open_window(qtbot, laptop.db)
    assert window.area_keys()[0] == TODAY
    window.search_action.trigger()  # Ctrl+F
    page = window.customers_page
    assert window.current_area() == CUSTOMERS and page.search.hasFocus()

    search_for(qtbot, page, "星云")
    assert names(page.model) == ["杭州星云科技有限公司"]
    search_for(qtbot, page, "杭州")
    assert names(page.model) == [
        "杭州西湖茶叶有限公司",
        "杭州星云科技有限公司",
    ]  # pinyin order: xihu before xingyun
    search_for(qtbot, page, "hzxy")
    assert names(page.model) == ["杭州星云科技有限公司"]
    search_for(qtbot, page, "nbhx")
    assert names(page.model) == ["宁波华信贸易有限公司"]
    search_for(qtbot, page, "acm")
    assert names(page.model) == ["Acme Trading Co., Ltd."]
    search_for(qtbot, page, "张伟")  # a contact
    assert names(page.model) == ["杭州星云科技有限公司"]
    assert "1 customer matches" in page.subtitle.text()


def test_list_shows_sync_state_and_next_visit_and_filters_by_them(qtbot, laptop, shop, english):
    _org, _server, ids, _store = shop
    window = open_window(qtbot, laptop.db)
    page = window.customers_page
    window.show_area(CUSTOMERS)
    model = page.model
    columns = [c.key for c in model.columns]
    row = next(i for i in range(model.rowCount()) if model.row(i)["id"] == ids["xingyun"])
    assert model.data(model.index(row, columns.index("sync_state"))) == "● Synced"
    assert "overdue" in model.data(
        model.index(row, columns.index("due_on"))
    )  # grade A, last visit 30 days ago
    assert "owner" not in columns  # a rep owns every customer on the laptop

    with laptop.write() as w:
        w.update("customer", ids["huaxin"], {"fax": "0574-87650001"})
    page.reload()
    row = next(i for i in range(model.rowCount()) if model.row(i)["id"] == ids["huaxin"])
    assert model.data(model.index(row, columns.index("sync_state"))) == "● Not sent yet"

    bar = page.list
    bar.sync_state.setCurrentIndex(bar.sync_state.findData(queries.PENDING))
    assert names(model) == ["宁波华信贸易有限公司"]
    bar.sync_state.setCurrentIndex(0)
    bar.tier.setCurrentIndex(bar.tier.findData("vip"))
    bar.due.setCurrentIndex(bar.due.findData(queries.OVERDUE))
    assert names(model) == ["杭州星云科技有限公司"]
    bar.save_filter("VIP overdue")
    bar.clear_filters()
    assert model.rowCount() == 8
    bar.saved.setCurrentIndex(bar.saved.findText("VIP overdue"))
    bar.saved.activated.emit(bar.saved.currentIndex())
    assert names(model) == ["杭州星云科技有限公司"]
    assert "matches your search" in page.subtitle.text()


# -- the customer file -------------------------------------------------------------------------


def edit_file(qtbot, db, text: str):
    """The file of the customer found by ``text``, in a new window, with its edit form open:
    ``(file view, form)``."""
    view = open_file(qtbot, open_window(qtbot, db), text)
    view.edit_button.click()
    return view, view.findChild(CustomerForm)


def open_file(qtbot, window, text: str):
    page = window.customers_page
    window.show_area(CUSTOMERS)
    search_for(qtbot, page, text)
    page.table.setFocus()
    page.table.selectRow(0)
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert page.showing_file
    return page.file


def test_the_customer_file_shows_every_section(qtbot, laptop, english):
    window = open_window(qtbot, laptop.db)
    view = open_file(qtbot, window, "hzxy")
    assert view.name.text() == "杭州星云科技有限公司"
    assert "H0000" in view.sub.text() and "Organisation" in view.sub.text()
    chips = [
        view.chips.itemAt(i).widget().text()
        for i in range(view.chips.count())
        if view.chips.itemAt(i).widget()
    ]
    assert "VIP" in chips and "Key account" in chips and "Credit AA" in chips and "Visit grade A" in chips
    assert view.basic.values["phone"].text() == "0571-88886666"
    assert view.business.values["key_needs"].text() == "稳定的交货期"
    assert view.tabs.tabText(1) == "Contacts (2)"
    assert view.contacts_model.items[0]["name"] == "张伟"  # the primary contact first
    assert view.contacts_model.data(view.contacts_model.index(0, 0)) == "张伟 ★"
    contacts, metrics = view.contacts_view, view.contacts_view.fontMetrics()
    view.tabs.setCurrentIndex(1)
    for c in range(view.contacts_model.columnCount() - 1):  # the last one takes what is left
        widest = max(
            metrics.horizontalAdvance(view.contacts_model.data(view.contacts_model.index(r, c)) or "")
            for r in range(view.contacts_model.rowCount())
        )
        assert contacts.columnWidth(c) >= widest + 20, "columns keep a gap, not text run together"
    view.tabs.setCurrentIndex(0)
    assert "张伟" in view.primary.text()
    assert view.tabs.tabText(3) == "History (1)"
    assert view.timeline_model.data(view.timeline_model.index(0, 1)) == "Visit"
    qtbot.keyClick(view.tabs, Qt.Key.Key_Escape)
    assert not window.customers_page.showing_file


def test_bad_input_gets_a_message_next_to_the_field_and_nothing_is_lost(qtbot, laptop, shop, english):
    _org, _server, ids, store = shop
    view, form = edit_file(qtbot, laptop.db, "宁波")
    assert form is not None and form.isVisible()
    phone = form.fields["phone"]
    phone.editor.selectAll()
    qtbot.keyClicks(phone.editor, "0574-123")
    assert phone.message.isVisible() and "Not a phone number" in phone.message.text()  # as the rep types
    email = form.fields["email"]
    qtbot.keyClicks(email.editor, "sales@huaxin")
    assert "email" in email.message.text()
    form.save()
    assert form.isVisible(), "a form with errors stays open"
    assert phone.editor.text() == "0574-123" and email.editor.text() == "sales@huaxin"
    form.draft.flush()
    with laptop.db.session() as s:
        draft = queries.load_draft(s, f"customer:{ids['huaxin']}")
        assert draft["phone"] == "0574-123"
        assert queries.customer_detail(s, ids["huaxin"])["phone"] == "0574-87654321"
    assert outbox(laptop.db, "customer", ids["huaxin"]) == []

    phone.editor.setText("0574-12345678")
    phone.edited.emit()
    email.editor.setText("sales@huaxin.cn")
    email.edited.emit()
    assert not phone.error and not email.error
    form.save()
    assert not form.isVisible()
    with laptop.db.session() as s:
        assert queries.customer_detail(s, ids["huaxin"])["phone"] == "0574-12345678"
        assert s.get(Draft, f"customer:{ids['huaxin']}") is None
    entry = outbox(laptop.db, "customer", ids["huaxin"])[-1]
    assert entry.op == "update" and entry.changes == {"phone": "0574-12345678", "email": "sales@huaxin.cn"}
    assert view.basic.values["phone"].text() == "0574-12345678"
    laptop.sync()
    assert server_row(store, "customer", ids["huaxin"])["phone"] == "0574-12345678"


def test_a_draft_of_a_form_comes_back_after_a_crash(qtbot, laptop, shop, english):
    _org, _server, ids, _store = shop
    _view, form = edit_file(qtbot, laptop.db, "西湖茶叶")
    form.fields["website"].editor.setText("www.xihutea.cn")
    form.fields["website"].edited.emit()
    form.draft.flush()  # what the debounce does a moment after typing
    form.setParent(None)  # the laptop "crashes": the form is gone without Save or Cancel
    form.deleteLater()
    again = CustomerForm(laptop.db, ids["xihu"])
    qtbot.addWidget(again)
    assert again.fields["website"].editor.text() == "www.xihutea.cn"
    assert not again.banner.isHidden() and "Restored" in again.banner.text.text()


def test_new_prospect_offline_with_a_duplicate_warning(qtbot, laptop, shop, english):
    org, _server, _ids, store = shop
    window = open_window(qtbot, laptop.db)
    window.workspace.new_customer_action.trigger()  # Ctrl+N
    form = window.workspace.dialog
    assert isinstance(form, CustomerForm)
    assert form.fields["territory_id"].editor.currentData() == org.territories["N1"]
    assert form.fields["territory_id"].editor.count() == 1  # only the rep's own territories
    type_text(qtbot, form.fields["name"].editor, "杭州星云科技公司")
    form.check_duplicates()
    name = form.fields["name"]
    assert "exists already" in name.message.text() and "杭州星云科技有限公司" in name.message.text()
    form.fields["name"].editor.setText("")
    form.fields["name"].edited.emit()
    form.save()
    assert form.isVisible() and "required" in name.message.text()
    name.editor.setText("温州远航电器有限公司")
    name.edited.emit()
    form.fields["phone"].editor.setText("0577-12345678")
    form.fields["phone"].edited.emit()
    form.save()
    assert not form.isVisible()
    page = window.customers_page
    assert page.showing_file and page.file.name.text() == "温州远航电器有限公司"
    cid = page.file.customer_id
    with laptop.db.session() as s:
        row = queries.customer_detail(s, cid)
    assert row["owner_id"] == org.users["rep_a"] and row["territory_id"] == org.territories["N1"]
    assert outbox(laptop.db, "customer", cid)[0].op == "insert"
    window.customers_page.show_list()
    search_for(qtbot, page, "wzyh")
    assert names(page.model) == ["温州远航电器有限公司"]
    laptop.sync()
    server = server_row(store, "customer", cid)
    assert server["name"] == "温州远航电器有限公司" and server["owner_id"] == org.users["rep_a"]


def test_contacts_add_edit_and_make_primary(qtbot, laptop, shop, english):
    _org, _server, ids, store = shop
    window = open_window(qtbot, laptop.db)
    view = open_file(qtbot, window, "星云")
    view.tabs.setCurrentIndex(1)
    view.contacts_view.selectRow(1)
    assert view.current_contact() is not None
    view.make_primary()
    with laptop.db.session() as s:
        contacts = queries.customer_contacts(s, ids["xingyun"])
    assert [c["name"] for c in contacts if c["is_primary"]] == ["李娜0"]
    assert view.contacts_model.items[0]["name"] == "李娜0"

    view.edit_contact(None)
    form = view.findChild(ContactForm)
    type_text(qtbot, form.fields["name"].editor, "王芳")
    qtbot.keyClicks(form.fields["mobile"].editor, "1234")
    assert "Not a phone number" in form.fields["mobile"].message.text()
    form.fields["mobile"].editor.setText("13500001111")
    form.fields["mobile"].edited.emit()
    form.fields["decision_role"].set_value("negotiator")
    form.fields["is_primary"].set_value(True)
    form.fields["personal_notes"].set_value("喜欢喝龙井")
    form.save()
    assert not form.isVisible()
    with laptop.db.session() as s:
        contacts = queries.customer_contacts(s, ids["xingyun"])
    assert [c["name"] for c in contacts if c["is_primary"]] == ["王芳"]
    assert view.tabs.tabText(1) == "Contacts (3)"
    laptop.sync()
    with store.session() as s:
        t = TABLES["contact"]
        primaries = s.execute(
            select(t.c.name).where(t.c.customer_id == ids["xingyun"], t.c.is_primary.is_(True))
        )
        assert [r[0] for r in primaries] == ["王芳"]


def test_customer_file_in_chinese(qtbot, laptop, chinese):
    window = open_window(qtbot, laptop.db)
    view = open_file(qtbot, window, "xingyun")
    assert view.name.text() == "杭州星云科技有限公司"
    assert view.classes.values["tier"].text() == "VIP客户"


def test_the_list_says_while_the_search_index_is_built_and_finds_customers_meanwhile(qtbot, laptop, english):
    window = open_window(qtbot, laptop.db)
    page = window.customers_page
    window.show_area(CUSTOMERS)
    qtbot.waitUntil(lambda: "on this computer" in page.subtitle.text(), timeout=5000)
    assert "search index" not in page.subtitle.text()

    page.indexer.set_paused(True)  # as during a sync; then every document is out of date
    with laptop.db.session() as s:
        s.connection().exec_driver_sql(
            "INSERT INTO search_queue (customer_id) SELECT customer_id FROM customer_index"
        )
    page.list.reload()
    qtbot.waitUntil(lambda: "building the search index" in page.subtitle.text(), timeout=5000)
    search_for(qtbot, page, "星云")  # matched directly meanwhile
    qtbot.waitUntil(lambda: names(page.model) == ["杭州星云科技有限公司"], timeout=5000)
    assert "building the search index" in page.subtitle.text()

    page.indexer.set_paused(False)
    qtbot.waitUntil(
        lambda: backlog(laptop.db) == 0 and "search index" not in page.subtitle.text(), timeout=10_000
    )
    assert names(page.model) == ["杭州星云科技有限公司"]


def test_keeping_a_customer_s_files_on_this_computer_is_marked_and_wakes_the_sync(qtbot, laptop, english):
    from sync.file_cache import AttachmentFiles

    window = open_window(qtbot, laptop.db)
    view = open_file(qtbot, window, "hzxy")
    customer_id = view.customer_id
    cache = AttachmentFiles.local(laptop.db)
    assert not view.keep_offline.isChecked() and not cache.available_offline(customer_id)
    with qtbot.waitSignal(window.localChanged, timeout=3000):  # the sync that fetches them is woken
        view.keep_offline.click()
    assert cache.available_offline(customer_id)
    assert "next sync" in view.keep_offline_note.text()

    qtbot.keyClick(view.tabs, Qt.Key.Key_Escape)
    view = open_file(qtbot, window, "hzxy")  # shown again as it was left
    assert view.keep_offline.isChecked()
    view.keep_offline.click()
    assert not cache.available_offline(customer_id) and not view.keep_offline.isChecked()
