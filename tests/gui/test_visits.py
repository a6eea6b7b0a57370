"""Visits in the rep workspace: check in, the visit log, check out, sync; plans; returned logs.

Real widgets offscreen over a real replica synced from a real server (see
``test_customer_file`` for the organisation). Keys are pressed as a rep presses them.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from decimal import Decimal

import pytest
from PySide6.QtCore import QDate, QDateTime, QObject, Qt, QTime, QTimer, Signal
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtPositioning import QGeoCoordinate, QGeoPositionInfo, QGeoPositionInfoSource
from PySide6.QtWidgets import QApplication, QLabel
from sqlalchemy import select

from domain.enums import VisitStatus
from local_db import queries
from local_db import visits as visits_db
from local_db.models import Draft, OutboxEntry
from local_db.tables import TABLES
from tests.gui import test_customer_file as files
from tests.gui.test_customer_file import activate, open_window, search_for, type_text
from tests.sync.helpers import Laptop, server_row
from ui.main_window import CUSTOMERS, TODAY, VISITS
from ui.visits.form import VisitForm
from ui.visits.planning import CancelVisitDialog, PlanVisitDialog
from ui.visits.shortcuts import ImeGuard

# The same organisation and replica as the customer-file tests.
shop = files.shop
laptop = files.laptop


def visits_of(db, customer_id: str) -> list:
    t = TABLES["visit"]
    with db.session() as s:
        return list(s.execute(select(t).where(t.c.customer_id == customer_id).order_by(t.c.id)).mappings())


def outbox_ops(db, visit_id: str) -> list[str]:
    with db.session() as s:
        return [
            e.op
            for e in s.scalars(
                select(OutboxEntry).where(OutboxEntry.row_id == visit_id).order_by(OutboxEntry.client_seq)
            )
        ]


def select_customer(qtbot, window, text: str) -> str:
    """Find a customer in the list and select it, as a rep does before pressing F8."""
    page = window.customers_page
    window.show_area(CUSTOMERS)
    search_for(qtbot, page, text)
    qtbot.keyClick(page.search, Qt.Key.Key_Down)  # into the list, first row selected
    assert page.table.hasFocus()
    return page.current_customer()


def lasting(form: VisitForm, minutes: int = 25) -> VisitForm:
    """The rep checks out ``minutes`` after checking in (a visit long enough not to be "too short")."""
    form.clock = lambda: visits_db.now_utc() + timedelta(minutes=minutes)
    return form


def running_form(window) -> VisitForm:
    forms = [f for f in window.workspace.forms.values() if f.isVisible()]
    assert len(forms) == 1
    return forms[0]


class FakePosition(QObject):
    """A positioning source that answers at once: GPS, 12.5 m."""

    positionUpdated = Signal(object)
    errorOccurred = Signal(object)

    def requestUpdate(self, _timeout: int = 0) -> None:  # noqa: N802 - Qt's name
        info = QGeoPositionInfo(QGeoCoordinate(30.274085, 120.155070), QDateTime.currentDateTime())
        info.setAttribute(QGeoPositionInfo.Attribute.HorizontalAccuracy, 12.5)
        QTimer.singleShot(10, lambda: self.positionUpdated.emit(info))

    def supportedPositioningMethods(self):  # noqa: N802
        return QGeoPositionInfoSource.PositioningMethod.SatellitePositioningMethods


def test_check_in_fill_check_out_then_sync_puts_the_visit_on_the_server(qtbot, laptop, shop, english):
    org, _server, ids, store = shop
    window = open_window(qtbot, laptop.db)
    window.workspace.location_source = lambda parent: FakePosition(parent)
    customer = select_customer(qtbot, window, "hzxy")
    assert customer == ids["xingyun"]

    before = datetime.now(timezone.utc).replace(microsecond=0)
    qtbot.keyClick(window.customers_page.table, Qt.Key.Key_F8)  # check in
    form = lasting(running_form(window))
    visit_id = form.visit_id
    row = next(v for v in visits_of(laptop.db, customer) if v["id"] == visit_id)
    assert row["status"] == VisitStatus.IN_PROGRESS.value and row["check_in_at"] >= before
    assert row["rep_id"] == org.users["rep_a"]
    assert outbox_ops(laptop.db, visit_id) == ["insert"]
    qtbot.waitUntil(lambda: "GPS" in form.location_label.text(), timeout=3000)

    # The form of docs/DOMAIN.md (Visits): contact met, purpose, channel, checklist, outcome, money,
    # notes, next visit.
    assert form.fields["contact_id"].editor.currentText().startswith("张伟")  # the primary contact
    form.fields["purpose"].set_value("sales")
    form.fields["outcome"].set_value("order")
    type_text(qtbot, form.fields["order_amount"].editor, "12800.50")
    type_text(qtbot, form.fields["cash_collected"].editor, "3000")
    type_text(qtbot, form.fields["visit_cost"].editor, "45")
    form.steps["step1"].setChecked(True)
    form.steps["step3"].setChecked(True)
    form.steps["stock_low"].setChecked(True)
    type_text(qtbot, form.fields["competitor_notes"].editor, "竞品降价5%")
    type_text(qtbot, form.fields["next_step"].editor, "send quote")
    next_day = date.today() + timedelta(days=7)  # grade A: the suggested next visit
    assert form.fields["next_visit_date"].value() == next_day.isoformat()
    activate(qtbot, form)
    qtbot.keyClick(form.fields["order_amount"].editor, Qt.Key.Key_F9)  # check out
    assert not form.isVisible()

    row = next(v for v in visits_of(laptop.db, customer) if v["id"] == visit_id)
    assert row["status"] == VisitStatus.SUBMITTED.value
    assert row["check_out_at"] >= row["check_in_at"]
    assert row["order_amount"] == Decimal("12800.50") and row["cash_collected"] == Decimal("3000")
    assert row["checklist"]["step1"] and row["checklist"]["stock_low"] and not row["checklist"]["step2"]
    assert row["location_source"] == "gps" and row["location_accuracy_m"] == Decimal("12.5")
    assert row["latitude"] == Decimal("30.274085")
    assert row["next_visit_date"] == next_day and row["competitor_notes"] == "竞品降价5%"
    assert outbox_ops(laptop.db, visit_id) == ["insert", "update"]
    follow_up = [v for v in visits_of(laptop.db, customer) if v["status"] == "planned"]
    assert len(follow_up) == 1 and follow_up[0]["planned_at"].astimezone().date() == next_day
    with laptop.db.session() as s:
        assert s.get(Draft, visits_db.draft_key(visit_id)) is None

    report = laptop.sync()
    assert report.rejected == 0 and report.conflicts == 0
    on_server = server_row(store, "visit", visit_id)
    assert on_server["rep_id"] == org.users["rep_a"] and on_server["customer_id"] == customer
    assert on_server["status"] == "submitted"
    assert on_server["check_in_at"] == laptop.row("visit", visit_id)["check_in_at"]
    assert on_server["check_out_at"] == laptop.row("visit", visit_id)["check_out_at"]
    assert on_server["server_received_at"] is not None and on_server["order_amount"] == "12800.50"
    assert server_row(store, "visit", follow_up[0]["id"])["status"] == "planned"

    # Opened again, the submitted log is to be read: no Check out that could do nothing,
    # nothing to type into, and it says why; F9 changes nothing.
    reopened = VisitForm(laptop.db, visit_id, runner=window.runner)
    qtbot.addWidget(reopened)
    reopened.show()
    assert not reopened.submit_button.isVisible() and not reopened.check_out_action.isEnabled()
    assert not reopened.fields["order_amount"].editor.isEnabled() and not reopened.steps["step1"].isEnabled()
    assert not reopened.fields["next_visit_date"].message.isVisibleTo(
        reopened
    )  # no "plans … when you check out"
    assert (
        "Submitted" in reopened.banner.message() and "can no longer be changed" in reopened.banner.message()
    )
    assert reopened.check_out() is False
    assert outbox_ops(laptop.db, visit_id) == []  # all sent above, and nothing new queued


def test_bad_input_in_the_visit_form_is_marked_and_the_draft_stays(qtbot, laptop, shop, english):
    _org, _server, ids, _store = shop
    window = open_window(qtbot, laptop.db)
    select_customer(qtbot, window, "宁波")
    window.workspace.check_in_action.trigger()
    form = running_form(window)
    visit_id = form.visit_id
    amount = form.fields["order_amount"]
    type_text(qtbot, amount.editor, "12,8OO")  # the letter O instead of zeros
    assert "Enter an amount" in amount.message.text() and amount.message.isVisible()
    next_visit = form.fields["next_visit_date"]
    next_visit.editor.edit.setDate(QDate.currentDate().addDays(-1))
    assert "after the day of this visit" in next_visit.message.text()

    assert form.check_out() is False
    assert form.isVisible()
    assert "Choose the outcome" in form.fields["outcome"].message.text()
    assert amount.editor.text() == "12,8OO"
    row = next(v for v in visits_of(laptop.db, ids["huaxin"]) if v["id"] == visit_id)
    assert row["status"] == VisitStatus.IN_PROGRESS.value and row["check_out_at"] is None
    with laptop.db.session() as s:
        draft = queries.load_draft(s, visits_db.draft_key(visit_id))
    assert draft["order_amount"] == "12,8OO"

    form.close()  # the lid closes; later the rep presses F9 again
    qtbot.keyClick(window.customers_page.table, Qt.Key.Key_F9)
    again = running_form(window)
    # F9 brings the log back as it was typed and tries to check out: the same messages again.
    assert again is not form and again.fields["order_amount"].editor.text() == "12,8OO"
    assert "Enter an amount" in again.fields["order_amount"].message.text()
    assert "kept as a draft" in again.draft_state.text()
    again.fields["order_amount"].editor.setText("12800")
    again.fields["order_amount"].edited.emit()
    again.fields["outcome"].set_value("order")
    again.fields["next_visit_date"].set_value(None)
    assert lasting(again).check_out() is True
    row = next(v for v in visits_of(laptop.db, ids["huaxin"]) if v["id"] == visit_id)
    assert row["status"] == VisitStatus.SUBMITTED.value and row["order_amount"] == Decimal("12800")


def test_a_returned_log_is_corrected_and_resubmitted(qtbot, laptop, shop, english, tmp_path):
    org, server, ids, store = shop
    window = open_window(qtbot, laptop.db)
    visit_id = visits_db.check_in(laptop.db, ids["acme"])
    visits_db.submit_log(
        laptop.db, visit_id, {"purpose": "routine", "channel": "in_person", "outcome": "follow_up"}
    )
    laptop.sync()

    supervisor = Laptop(tmp_path / "sup_n.sqlite3", server.url, "sup_n").login()
    supervisor.sync()
    with supervisor.write() as w:
        w.update("visit", visit_id, {"status": "returned", "review_comment": "请补充客户反馈"})
    assert supervisor.sync().rejected == 0
    supervisor.engine.transport.close()
    supervisor.db.close()

    laptop.sync()
    window.refresh()
    today = window.pages[TODAY]
    window.show_area(TODAY)
    assert not today.returned_banner.isHidden()
    assert "请补充客户反馈" in today.returned_banner.text.text()
    today.returned_open.click()
    form = window.workspace.forms[visit_id]
    assert form.status == VisitStatus.RETURNED.value
    assert "请补充客户反馈" in form.banner.text.text() and form.submit_button.text() == "Resubmit"
    type_text(qtbot, form.fields["notes"].editor, "buyer wants samples")
    assert form.check_out() is True
    assert laptop.row("visit", visit_id)["status"] == "submitted"
    assert outbox_ops(laptop.db, visit_id)[-1] == "update"
    laptop.sync()
    on_server = server_row(store, "visit", visit_id)
    assert on_server["status"] == "submitted" and on_server["notes"] == "buyer wants samples"
    window.refresh()
    assert today.returned_banner.isHidden()


def test_plan_move_and_cancel_visits_from_today_and_the_week(qtbot, laptop, shop, english):
    _org, _server, ids, store = shop
    window = open_window(qtbot, laptop.db)
    today = window.pages[TODAY]
    window.show_area(TODAY)
    due_names = [r["name"] for r in today.due_model.rows]
    assert "杭州星云科技有限公司" in due_names  # grade A, visited a month ago
    row = due_names.index("杭州星云科技有限公司")
    today.due.setFocus()
    today.due.selectRow(row)
    window.workspace.plan_action.trigger()  # Ctrl+Shift+V
    dialog = window.workspace.dialog
    assert isinstance(dialog, PlanVisitDialog) and dialog.customer_id == ids["xingyun"]
    tomorrow = date.today() + timedelta(days=1)
    dialog.date.setDate(QDate(tomorrow.year, tomorrow.month, tomorrow.day))
    dialog.time.setTime(QTime(10, 30))
    dialog.save()
    planned = [v for v in visits_of(laptop.db, ids["xingyun"]) if v["status"] == "planned"]
    assert len(planned) == 1
    assert planned[0]["planned_at"] == datetime.combine(tomorrow, time(10, 30)).astimezone().astimezone(
        timezone.utc
    )
    assert "杭州星云科技有限公司" not in [r["name"] for r in today.due_model.rows]  # planned now
    today.week.show_week(tomorrow)
    assert any(v is not None and v["id"] == planned[0]["id"] for _d, v, _f in today.week.model.lines)

    move = PlanVisitDialog(laptop.db, visit_id=planned[0]["id"])
    qtbot.addWidget(move)
    move.time.setTime(QTime(15, 0))
    move.save()
    moved = laptop.row("visit", planned[0]["id"])
    assert moved["planned_at"].startswith(
        datetime.combine(tomorrow, time(15, 0))
        .astimezone()
        .astimezone(timezone.utc)
        .strftime("%Y-%m-%dT%H:%M")
    )

    past = PlanVisitDialog(laptop.db, customer_id=ids["acme"])
    qtbot.addWidget(past)
    yesterday = date.today() - timedelta(days=1)
    past.date.setDate(QDate(yesterday.year, yesterday.month, yesterday.day))
    past.save()
    assert "has not passed" in past.when_field.message.text()  # nothing is planned in the past

    cancel = CancelVisitDialog(laptop.db, planned[0]["id"])
    qtbot.addWidget(cancel)
    cancel.reason.setText("客户出差")
    cancel.save()
    assert laptop.row("visit", planned[0]["id"])["status"] == "cancelled"
    laptop.sync()
    assert server_row(store, "visit", planned[0]["id"])["status"] == "cancelled"


def test_todays_route_and_check_in_at_a_planned_stop(qtbot, laptop, shop, english):
    _org, _server, ids, _store = shop
    start = datetime.now().astimezone()
    if start.hour >= 23:
        pytest.skip("no room left today for a plan")
    soon = (start + timedelta(minutes=20)).astimezone(timezone.utc)
    plan_id = visits_db.plan_visit(laptop.db, ids["xihu"], soon)
    window = open_window(qtbot, laptop.db)
    today = window.pages[TODAY]
    window.show_area(TODAY)
    assert [r["id"] for r in today.route_model.rows] == [plan_id]
    assert "1 planned today" in today.subtitle.text()
    today.select_first()
    qtbot.keyClick(today.route, Qt.Key.Key_F8)
    form = running_form(window)
    assert form.visit_id == plan_id  # the plan became the visit
    assert laptop.row("visit", plan_id)["status"] == "in_progress"
    today.reload()
    assert not today.running_banner.isHidden() and "杭州西湖茶叶有限公司" in today.running_banner.text.text()
    form.cancel_button.setVisible(True)
    visits_db.cancel_visit(laptop.db, plan_id)


def test_shortcuts_wait_while_an_input_method_is_composing(qtbot, laptop, shop, english):
    _org, _server, ids, _store = shop
    window = open_window(qtbot, laptop.db)
    select_customer(qtbot, window, "acm")
    page = window.customers_page
    page.search.setFocus()
    guard = ImeGuard.install()
    composing = QInputMethodEvent("xing", [])  # pinyin typed, no character chosen yet
    QApplication.sendEvent(page.search, composing)
    assert guard.is_composing()
    blocked = guard.blocked
    qtbot.keyClick(page.search, Qt.Key.Key_F8)
    qtbot.keyClick(page.search, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert guard.blocked > blocked
    assert visits_of(laptop.db, ids["acme"])[0]["status"] == "approved"  # no check-in happened
    assert not window.workspace.forms and window.workspace.dialog is None
    window.workspace.check_in_action.trigger()  # an action reached some other way is held back too
    assert not window.workspace.forms

    chosen = QInputMethodEvent("", [])
    chosen.setCommitString("星")
    QApplication.sendEvent(page.search, chosen)
    assert not guard.is_composing()
    page.search.clear()
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_F8)
    assert running_form(window).row["customer_id"] == ids["acme"]


def test_actions_show_their_shortcuts_in_menus_and_tooltips(qtbot, laptop, english):
    window = open_window(qtbot, laptop.db)
    ws = window.workspace
    expected = {
        ws.check_in_action: "F8",
        ws.check_out_action: "F9",
        ws.plan_action: "Ctrl+Shift+V",
        ws.new_customer_action: "Ctrl+N",
        window.search_action: "Ctrl+F",
    }
    for action, keys in expected.items():
        assert action.shortcut().toString() == keys
    for action in (ws.check_in_action, ws.check_out_action, ws.plan_action, ws.new_customer_action):
        assert action.toolTip().endswith(f"({action.shortcut().toString()})")
    assert ws.menu.title() == "V&isits" and ws.check_in_action in ws.menu.actions()
    assert "F5" in window.sync_action.toolTip()


def test_check_out_works_without_any_position(qtbot, laptop, shop, english):
    _org, _server, ids, _store = shop
    window = open_window(qtbot, laptop.db)
    window.workspace.check_in(ids["acme"])
    form = running_form(window)
    qtbot.waitUntil(lambda: "cannot tell its position" in form.location_label.text(), timeout=3000)
    form.fields["outcome"].set_value("no_interest")
    assert lasting(form).check_out() is True
    row = [v for v in visits_of(laptop.db, ids["acme"]) if v["status"] == "submitted"][0]
    assert row["latitude"] is None and row["location_source"] is None


def test_visit_form_in_chinese(qtbot, laptop, shop, chinese):
    _org, _server, ids, _store = shop
    window = open_window(qtbot, laptop.db)
    visit_id = window.workspace.check_in(ids["xingyun"])
    form = window.workspace.forms[visit_id]
    assert form.fields["purpose"].editor.currentText() == "例行拜访"
    visits_db.cancel_visit(laptop.db, visit_id)


def test_the_visit_timer_counts_and_a_too_short_visit_needs_a_reason(qtbot, laptop, shop, english):
    """Issue 16.4: the running visit's minutes move on; a check-out below the organisation's
    "too short" threshold (10 min by default, as the review queue uses) asks for a reason,
    which is stored and synced for the supervisor."""
    _org, _server, ids, store = shop
    window = open_window(qtbot, laptop.db)
    window.workspace.check_in(ids["acme"])
    form = running_form(window)
    today = window.pages[TODAY]
    today.reload()
    assert "(0 min)" in today.running_banner.text.text()
    checked_in = laptop.row("visit", form.visit_id)["check_in_at"]
    later = (
        datetime.fromisoformat(checked_in.replace("Z", "+00:00"))
        if isinstance(checked_in, str)
        else checked_in
    )
    today.clock = lambda: later + timedelta(minutes=7, seconds=10)
    today.clock_timer.timeout.emit()  # what the page's timer does every few seconds
    assert "(7 min)" in today.running_banner.text.text()

    form.clock = lambda: later + timedelta(minutes=1, seconds=20)
    form._show_header()
    assert "1 min so far" in form.header.text()
    form.fields["outcome"].set_value("no_interest")
    assert form.check_out() is False, "a one-minute visit is not checked out without a word"
    dialog = form.short_dialog
    assert dialog is not None and dialog.isVisible()
    assert "1 minute" in dialog.findChild(QLabel, "SectionTitle").text()
    assert not dialog.confirm_button.isEnabled(), "the reason is required"
    qtbot.mouseClick(dialog.back_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible() and form.isVisible()
    assert laptop.row("visit", form.visit_id)["status"] == VisitStatus.IN_PROGRESS.value

    assert form.check_out() is False
    dialog = form.short_dialog
    qtbot.keyClicks(dialog.reason, "Buyer out; left samples at reception")
    assert dialog.confirm_button.isEnabled()
    qtbot.mouseClick(dialog.confirm_button, Qt.MouseButton.LeftButton)
    assert not form.isVisible()
    row = laptop.row("visit", form.visit_id)
    assert row["status"] == VisitStatus.SUBMITTED.value
    assert row["short_reason"] == "Buyer out; left samples at reception"
    laptop.sync()
    assert server_row(store, "visit", form.visit_id)["short_reason"] == "Buyer out; left samples at reception"


def test_a_long_enough_visit_checks_out_without_a_question(qtbot, laptop, shop, english):
    _org, _server, ids, _store = shop
    window = open_window(qtbot, laptop.db)
    window.workspace.check_in(ids["acme"])
    form = running_form(window)
    form.clock = lambda: datetime.now(timezone.utc) + timedelta(minutes=25)
    form.fields["outcome"].set_value("no_interest")
    assert form.check_out() is True and form.short_dialog is None
    assert laptop.row("visit", form.visit_id)["short_reason"] is None


def test_the_follow_up_visit_respects_working_hours_the_plan_and_the_days_load(qtbot, laptop, shop, english):
    """Issue 16.5: an evening check-in does not put the next visit in the evening; a weekend
    date moves to Monday; a taken slot is skipped; a customer already planned is not booked twice."""
    _org, _server, ids, _store = shop
    window = open_window(qtbot, laptop.db)
    evening = datetime.combine(date.today() - timedelta(days=1), time(19, 40)).astimezone()
    saturday = date.today() + timedelta(days=(5 - date.today().weekday()) % 7 or 7)
    monday = saturday + timedelta(days=2)
    visits_db.plan_visit(laptop.db, ids["huaxin"], datetime.combine(monday, time(9, 0)).astimezone())

    def check_out_at(customer: str, wanted: date) -> set[str]:
        before = {v["id"] for v in visits_of(laptop.db, customer)}
        vid = visits_db.check_in(laptop.db, customer, at=evening.astimezone(timezone.utc))
        form = window.workspace.open_visit(vid)
        form.clock = lambda: evening.astimezone(timezone.utc) + timedelta(minutes=30)
        form.fields["outcome"].set_value("follow_up")
        form.fields["next_visit_date"].set_value(wanted.isoformat())
        assert form.check_out() is True
        return {v["id"] for v in visits_of(laptop.db, customer) if v["status"] == "planned"} - before - {vid}

    booked = check_out_at(ids["acme"], saturday)
    assert len(booked) == 1
    planned = laptop.row("visit", booked.pop())["planned_at"]
    at = datetime.fromisoformat(planned.replace("Z", "+00:00")).astimezone()
    # Monday 9:00 is taken by the huaxin plan; not 19:30 (the check-in's time of day), not Saturday
    assert (at.date(), at.time()) == (monday, time(10, 0))

    standing = [v for v in visits_of(laptop.db, ids["huaxin"]) if v["status"] == "planned"]
    assert len(standing) == 1
    assert check_out_at(ids["huaxin"], saturday + timedelta(days=3)) == set(), "no second plan for huaxin"
    assert [v["id"] for v in visits_of(laptop.db, ids["huaxin"]) if v["status"] == "planned"] == [
        standing[0]["id"]
    ]


def test_the_visits_page_searches_and_filters_like_the_customer_list(qtbot, laptop, shop, english):
    """Issue 16.7: customer search (pinyin initials too), date range, purpose and review state,
    all in the query (the list stays lazy), with a line when nothing matches."""
    _org, _server, ids, _store = shop
    window = open_window(qtbot, laptop.db)
    next_week = datetime.combine(date.today() + timedelta(days=7), time(10, 0)).astimezone()
    planned = visits_db.plan_visit(laptop.db, ids["huaxin"], next_week, purpose="sales")
    window.refresh()
    window.show_area(VISITS)
    page = window.pages[VISITS]
    every = page.model.total
    assert every >= 5 and not page.clear_button.isEnabled()

    def shown() -> list[dict]:
        return [page.model.row(r) for r in range(page.model.rowCount())]

    type_text(qtbot, page.search, "hzxy")  # 杭州星云 by its initials
    qtbot.waitUntil(lambda: page.model.total == 1, timeout=3000)
    assert shown()[0]["customer_name"] == "杭州星云科技有限公司"
    assert page.subtitle.text() == "1 matching visit, newest first" and page.clear_button.isEnabled()
    qtbot.mouseClick(page.clear_button, Qt.MouseButton.LeftButton)
    assert page.model.total == every and page.search.text() == ""

    page.purpose.setCurrentIndex(page.purpose.findData("sales"))
    assert [r["id"] for r in shown()] == [planned]
    page.purpose.setCurrentIndex(0)
    page.state.setCurrentIndex(page.state.findData("planned"))
    assert planned in {r["id"] for r in shown()} and {r["status"] for r in shown()} <= {
        "planned",
        "in_progress",
    }
    page.state.setCurrentIndex(page.state.findData("approved"))
    assert page.model.total >= 4 and {r["status"] for r in shown()} == {"approved"}
    page.state.setCurrentIndex(0)

    page.date_from.setDate(QDate.currentDate().addDays(1))
    assert [r["id"] for r in shown()] == [planned], "only what lies from tomorrow on"
    page.date_to.setDate(QDate.currentDate().addDays(3))
    assert page.model.total == 0 and page.stack.currentWidget() is page.empty
    assert page.empty.title.text() == "No visit matches" and "Clear" in page.empty.detail.text()
    assert page.subtitle.text() == "No visit matches these filters"  # not "0 matching visits, newest first"
    page.reset_filters()
    assert page.model.total == every


def test_the_visits_list_leaves_the_order_amount_blank_when_no_order_was_taken():
    """A visit without an order stores 0; a column of "¥0.00" on every sales talk reads as
    orders of nothing. The customer file and the review panel already leave it blank."""
    from ui.pages.visits import _amount

    assert _amount.display({"order_amount": Decimal("0")}) == ""
    assert _amount.display({"order_amount": None}) == ""
    assert _amount.display({"order_amount": Decimal("12800")}) == "¥12,800.00"


def test_the_plan_dialog_names_the_zone_its_time_is_in_when_it_is_not_the_organisations(
    qtbot, laptop, shop, english
):
    """Lists say "08:00 UTC" on a laptop outside the organisation's zone; the time typed into
    the plan dialog is in that same zone, so it says so next to the time too (issue 16.16)."""
    from PySide6.QtCore import QTimeZone

    from ui import formatting

    _org, _server, ids, _store = shop
    system = QTimeZone.systemTimeZone().id().data().decode()
    other = (
        "Asia/Shanghai"
        if QTimeZone(b"Asia/Shanghai").offsetFromUtc(QDateTime.currentDateTime())
        != QTimeZone.systemTimeZone().offsetFromUtc(QDateTime.currentDateTime())
        else "Europe/London"
    )
    try:
        formatting.set_org_time_zone(other)
        dialog = PlanVisitDialog(laptop.db, customer_id=ids["acme"])
        qtbot.addWidget(dialog)
        assert (
            dialog.zone_label.text()
            and dialog.zone_label.text() == formatting.zone_note(visits_db.now_utc()).strip()
        )
        formatting.set_org_time_zone(system)
        same = PlanVisitDialog(laptop.db, customer_id=ids["acme"])
        qtbot.addWidget(same)
        assert same.zone_label.text() == "" and same.zone_label.isHidden()
    finally:
        formatting.set_org_time_zone(None)


def test_the_visits_search_is_wide_enough_for_its_hint(qtbot, laptop, english):
    """The English placeholder was cut off ("…initials, code o…"): the hint is the only place
    that says what the field searches, so the field fits it in the current language."""
    window = open_window(qtbot, laptop.db)
    window.show_area(VISITS)
    search = window.pages[VISITS].search
    hint = search.fontMetrics().horizontalAdvance(search.placeholderText())
    assert search.minimumWidth() >= hint + 24  # the frame, the margins and the clear button


def test_the_visit_logs_keys_are_actions_the_shortcut_help_lists(qtbot, laptop, shop, english):
    from ui.shortcuts_help import registered_shortcuts

    _org, _server, ids, _store = shop
    window = open_window(qtbot, laptop.db)
    window.workspace.check_in(ids["acme"])
    form = lasting(running_form(window))
    assert ("Visit log", "Check out and submit the log", "F9, Ctrl+Return") in registered_shortcuts(window)
    form.fields["outcome"].set_value("no_interest")
    form.activateWindow()
    qtbot.waitUntil(form.isActiveWindow, timeout=3000)
    qtbot.keyClick(form, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: laptop.row("visit", form.visit_id)["status"] == "submitted", timeout=3000)
