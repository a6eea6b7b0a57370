"""Complaints in the desktop app, driven like a user over real replicas and a real server:
record during a visit offline, sync, escalate as the supervisor, resolve and follow up as
the rep, the report and its export; the lists, the form's checks, the generic exporter."""

from __future__ import annotations

import csv
from datetime import datetime, timedelta, timezone
from decimal import Decimal

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction

from local_db import complaints as cx
from tests.sync.helpers import Laptop, server_row
from ui.complaints import ComplaintDialog, ComplaintsArea, open_complaint_form
from ui.main_window import COMPLAINTS, CUSTOMERS, MainWindow
from ui.support import export
from ui.support.tasks import TaskRunner

UTC = timezone.utc


def window_for(qtbot, lap: Laptop, role: str, name: str) -> MainWindow:
    window = MainWindow(lap.db, role=role, display_name=name, language="en", runner=TaskRunner())
    qtbot.addWidget(window)
    window.show()
    return window


def cell(lst, row: int, title: str) -> str:
    model = lst.model
    col = [c.title for c in model.columns].index(title)
    return model.data(model.index(row, col)) or ""


def rows_of(lst) -> list[str]:
    return [lst.model.row(i)["id"] for i in range(lst.model.rowCount())]


def open_dialog(qtbot, area: ComplaintsArea, lst, complaint_id: str) -> ComplaintDialog:
    row = rows_of(lst).index(complaint_id)
    index = lst.model.index(row, 2)
    lst.table.scrollTo(index)
    where = lst.table.visualRect(index).center()
    qtbot.mouseClick(lst.table.viewport(), Qt.MouseButton.LeftButton, pos=where)
    qtbot.mouseDClick(lst.table.viewport(), Qt.MouseButton.LeftButton, pos=where)
    dialog = area.last_dialog
    assert dialog is not None and dialog.complaint_id == complaint_id and dialog.isVisible()
    return dialog  # parented to the window, deleted when closed


def _record(s, customer_id, channel, category, severity, description, recorded_at=None) -> str:
    """A complaint recorded on the laptop (``local_db.complaints.record``), its fields in the
    form's order; recorded now unless ``recorded_at`` says when."""
    return cx.record(
        s,
        customer_id=customer_id,
        channel=channel,
        category=category,
        severity=severity,
        description=description,
        recorded_at=recorded_at,
    )


def test_visit_complaint_offline_escalated_resolved_followed_up_and_reported(
    qtbot, org_server, laptops, sqlite_store, tmp_path, english
):
    org, _server = org_server
    rep, sup = laptops("rep_a"), laptops("sup_n")
    customer = sorted(org.customers["N1"])[0]
    visit = next(v for v in sorted(rep.ids("visit")) if rep.row("visit", v)["customer_id"] == customer)

    # -- the rep, at the customer and offline, records it from the visit ---------------------------
    window = window_for(qtbot, rep, "rep", "Rep A")
    area = window.pages[COMPLAINTS]
    assert isinstance(area, ComplaintsArea)
    window.show_area(COMPLAINTS)
    form = open_complaint_form(window, rep.db, visit_id=visit)  # what the visit screen calls
    form.recorded.connect(area._recorded)
    assert form.customer_label.text() == rep.row("customer", customer)["name"]
    assert form.channel.currentData() == "visit" and "visit of" in form.visit_label.text()
    qtbot.mouseClick(form.record_button, Qt.MouseButton.LeftButton)
    assert "Describe the complaint" in form.error.text() and rep.outbox_size() == 0
    form.category.setCurrentIndex(form.category.findData("delivery"))
    form.severity.setCurrentIndex(form.severity.findData("high"))
    assert "within 8 h" in form.sla_preview.text()
    qtbot.keyClicks(form.description, "Goods arrived three days late")
    qtbot.mouseClick(form.record_button, Qt.MouseButton.LeftButton)
    complaint = form.complaint_id
    assert complaint is not None and not form.isVisible()
    assert (
        server_row(sqlite_store, "complaint", complaint) is None and rep.outbox_size() == 1
    )  # offline so far

    mine = area.mine
    assert area.tabs.currentWidget() is mine and rows_of(mine) == [complaint]
    assert cell(mine, 0, "Time left").endswith("left") and cell(mine, 0, "Owner") == "rep_a"
    assert cell(mine, 0, "Status") == "New" and cell(mine, 0, "Severity") == "High"
    local = rep.row("complaint", complaint)
    assert (local["visit_id"], local["owner_id"]) == (visit, org.users["rep_a"])

    rep.sync()
    srow = server_row(sqlite_store, "complaint", complaint)
    assert srow["recorded_at"] == local["recorded_at"]  # the laptop's time of recording, not the sync's
    assert srow["owner_id"] == org.users["rep_a"] and srow["escalation_level"] == "rep"

    # -- the supervisor escalates it ------------------------------------------------------------------
    sup.sync()
    sup_window = window_for(qtbot, sup, "supervisor", "Sup N")
    sup_area = sup_window.pages[COMPLAINTS]
    sup_window.show_area(COMPLAINTS)
    team = sup_area.team
    assert sup_area.tabs.currentWidget() is team and team.current_view == cx.ATTENTION
    assert rows_of(team) == [] and team.stack.currentWidget() is team.empty  # nothing late yet
    team.set_view(cx.ACTIVE)
    assert rows_of(team) == [complaint] and cell(team, 0, "Owner") == "rep_a"
    dialog = open_dialog(qtbot, sup_area, team, complaint)
    assert dialog.escalate_button.isVisible() and dialog.escalate_button.text() == "Escalate to supervisor"
    qtbot.mouseClick(dialog.escalate_button, Qt.MouseButton.LeftButton)
    assert dialog.escalate_button.text() == "Escalate to administrator"
    assert "escalated to Supervisor on" in dialog.escalation.text()
    dialog.close()
    team.set_view(cx.ATTENTION)
    assert rows_of(team) == [complaint] and cell(team, 0, "Escalated to") == "Supervisor"
    sup.sync()
    assert server_row(sqlite_store, "complaint", complaint)["escalation_level"] == "supervisor"

    # -- the rep resolves it and makes the follow-up call ----------------------------------------------
    rep.sync()
    window.refresh()
    assert cell(mine, 0, "Escalated to") == "Supervisor"
    dialog = open_dialog(qtbot, area, mine, complaint)
    assert dialog.step_button.text() == "Acknowledge" and not dialog.escalate_button.isVisible()
    qtbot.mouseClick(dialog.step_button, Qt.MouseButton.LeftButton)
    assert dialog.step_button.text() == "Start work" and "on time" in dialog.first_state.text()
    qtbot.mouseClick(dialog.step_button, Qt.MouseButton.LeftButton)
    assert dialog.step_button.text() == "Resolve"
    qtbot.keyClicks(dialog.resolution, "Redelivered and refunded the freight")
    qtbot.mouseClick(dialog.step_button, Qt.MouseButton.LeftButton)
    assert dialog.error.isVisible() and "root cause" in dialog.error.text()
    assert dialog.row["status"] == "in_progress"
    qtbot.keyClicks(dialog.root_cause, "Wrong route planned by the carrier")
    dialog.remedy.setCurrentIndex(dialog.remedy.findData("compensation"))
    qtbot.mouseClick(dialog.step_button, Qt.MouseButton.LeftButton)
    assert "amount" in dialog.error.text()
    qtbot.keyClicks(dialog.amount, "150.00")
    qtbot.mouseClick(dialog.step_button, Qt.MouseButton.LeftButton)
    assert not dialog.error.isVisible() and dialog.row["status"] == "resolved"
    assert dialog.step_button.text() == "Record follow-up" and dialog.reopen_button.isEnabled()
    qtbot.mouseClick(dialog.step_button, Qt.MouseButton.LeftButton)
    assert "satisfaction" in dialog.error.text()
    dialog.satisfaction.setCurrentIndex(dialog.satisfaction.findData(4))
    dialog.expectation.setCurrentIndex(dialog.expectation.findData(4))
    dialog.perceived.setCurrentIndex(dialog.perceived.findData(5))
    assert "1.25 (highly satisfied)" in dialog.ratio.text()
    qtbot.mouseClick(dialog.step_button, Qt.MouseButton.LeftButton)
    assert dialog.row["status"] == "follow_up" and dialog.step_button.text() == "Close complaint"
    qtbot.mouseClick(dialog.step_button, Qt.MouseButton.LeftButton)
    assert dialog.row["status"] == "closed" and not dialog.step_button.isVisible()
    dialog.close()
    assert rows_of(mine) == []  # closed: no longer among the rep's open complaints

    assert rep.sync().rejected == 0
    srow = server_row(sqlite_store, "complaint", complaint)
    assert (srow["status"], srow["satisfaction"], srow["perceived_score"]) == ("closed", 4, 5)
    assert srow["compensation_amount"] == "150.00" and srow["remedy"] == "compensation"
    assert srow["escalation_level"] == "supervisor" and srow["owner_id"] == org.users["rep_a"]
    sup.sync()
    assert sup.row("complaint", complaint)["status"] == "closed"

    # -- the report counts it ------------------------------------------------------------------------
    with qtbot.waitSignal(area.report.computed, timeout=10000):
        area.show_tab("report")
    tiles = {k: t.value.text() for k, t in area.report.tiles.items()}
    assert tiles == {
        "received": "1",
        "open": "0",
        "resolved": "1",
        "handling": tiles["handling"],
        "breach": "0.0%",
        "satisfaction": "4.00",
    }
    assert tiles["handling"].endswith("min")
    assert area.report.by_category.rows[0][:4] == ["Delivery", "1", "0", "1"]
    assert area.report.by_rep.rows == [["rep_a", "1", "0", "1", tiles["handling"], "0.0%", "4.00"]]

    xlsx, csv_path = tmp_path / "report.xlsx", tmp_path / "report.csv"
    for path in (xlsx, csv_path):
        with qtbot.waitSignal(area.report.exported, timeout=10000):
            area.report.export_to(path)
    book = load_workbook(xlsx)
    assert book.sheetnames == ["Complaints", "By category", "By owner"]
    totals = [c.value for c in book["Complaints"][2]]
    assert totals[1:4] == [1, 0, 1] and totals[5] == 0 and totals[6] == 4
    assert [c.value for c in book["By owner"][2]][:2] == ["rep_a", 1]
    text = csv_path.read_text(encoding="utf-8-sig")
    assert "Received" in text and "Delivery" in text and "0.00%" in text

    # a period without complaints: rates with nothing to divide by show "—", never 0
    with qtbot.waitSignal(area.report.computed, timeout=10000):
        area.report.period.setCurrentIndex(area.report.period.findData("last_year"))
    assert area.report.tiles["received"].value.text() == "0"
    assert area.report.tiles["breach"].value.text() == "—"
    assert area.report.tiles["satisfaction"].value.text() == "—"
    assert area.report.empty.isVisible()


def test_form_from_the_customer_file_and_from_the_menu(qtbot, org_server, laptops, english):
    org, _server = org_server
    rep = laptops("rep_a")
    window = window_for(qtbot, rep, "rep", "Rep A")
    customer = sorted(org.customers["N1"])[1]

    form = open_complaint_form(window, rep.db, customer_id=customer)  # what the customer file calls
    assert form.channel.currentData() == "phone" and form.contact.currentData() is not None  # primary contact
    assert form.contact.itemData(0) is None  # "not named" is possible
    form.contact.setCurrentIndex(0)
    qtbot.keyClicks(form.description, "Invoice amount is wrong")
    form.category.setCurrentIndex(form.category.findData("billing"))
    form.activateWindow()
    qtbot.waitUntil(form.isActiveWindow, timeout=3000)
    qtbot.keyClick(form.description, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)  # records
    row = rep.row("complaint", form.complaint_id)
    assert (row["customer_id"], row["category"], row["contact_id"], row["visit_id"]) == (
        customer,
        "billing",
        None,
        None,
    )

    # File ▸ New complaint with a customer selected in the customer list
    action = window.new_complaint_action
    assert action.shortcut().toString() == "Ctrl+Shift+C" and "Ctrl+Shift+C" in action.toolTip()
    keys = [k.toString() for a in window.findChildren(QAction) for k in a.shortcuts() if not k.isEmpty()]
    assert keys.count("Ctrl+Shift+C") == 1  # an ambiguous shortcut would fire nothing
    window.show_area(CUSTOMERS)
    page = window.customers_page
    page.table.selectRow(0)
    action.trigger()
    menu_form = window.pages[COMPLAINTS].last_form
    assert menu_form.customer_id == page.model.row(0)["id"]
    menu_form.reject()

    # on its own: the customer is searched by name in the local replica
    window.show_area(COMPLAINTS)
    action.trigger()
    lone = window.pages[COMPLAINTS].last_form
    assert lone.customer_id is None and lone.customer_search.isVisible()
    qtbot.mouseClick(lone.record_button, Qt.MouseButton.LeftButton)
    assert "Choose the customer" in lone.error.text()
    qtbot.keyClicks(
        lone.customer_search, rep.row("customer", customer)["code"]
    )  # or the name (QTest types ASCII)
    qtbot.waitUntil(lambda: lone.customer_search.result_ids() == [customer], timeout=3000)
    qtbot.keyClick(lone.customer_search, Qt.Key.Key_Return)  # Enter takes it, as in every customer picker
    assert lone.customer_id == customer
    assert lone.contact.count() >= 2


def test_rep_list_by_due_time_with_overdue_in_red(qtbot, org_server, laptops, english):
    org, _server = org_server
    rep = laptops("rep_a")
    c1, c2 = sorted(org.customers["N1"])[:2]
    now = datetime.now(UTC)

    def ago(hours: int) -> datetime:
        return now - timedelta(hours=hours)

    with rep.db.session() as s:  # recorded offline at different times
        low = _record(s, c1, "phone", "service", "low", "Rude driver", ago(1))
        late = _record(s, c2, "email", "product_quality", "critical", "Machine broken", ago(6))
        soon = _record(s, c1, "web", "delivery", "critical", "Parcel missing", ago(2))
    window = window_for(qtbot, rep, "rep", "Rep A")
    mine = window.pages[COMPLAINTS].mine
    assert rows_of(mine) == [late, soon, low]
    assert cell(mine, 0, "Time left").startswith("Overdue 2 h")
    model = mine.model
    left = [c.title for c in model.columns].index("Time left")
    assert model.data(model.index(0, left), Qt.ItemDataRole.ForegroundRole).name() == "#dc2626"
    assert model.data(model.index(1, left), Qt.ItemDataRole.ForegroundRole).name() == "#d97706"  # < 4 h
    assert model.data(model.index(2, left), Qt.ItemDataRole.ForegroundRole) is None
    assert cell(mine, 1, "Time left").startswith("1 h 59 min left") or cell(mine, 1, "Time left").startswith(
        "2 h left"
    )
    # SQL sorting by another column and back
    sev = [c.title for c in model.columns].index("Severity")
    mine.table.sortByColumn(sev, Qt.SortOrder.AscendingOrder)
    assert rows_of(mine)[0] == low


def test_a_colleagues_complaint_is_read_only_for_a_rep(qtbot, org_server, laptops, english):
    org, _server = org_server
    rep, sup = laptops("rep_a"), laptops("sup_n")
    customer = sorted(org.customers["N1"])[0]
    with sup.db.session() as s:
        comp = _record(
            s, customer, "hotline", "service", "medium", "Called the hotline twice, nobody answered"
        )
    sup.sync()
    rep.sync()
    window = window_for(qtbot, rep, "rep", "Rep A")
    area = window.pages[COMPLAINTS]
    assert rows_of(area.mine) == []  # not theirs
    area.mine.set_view(cx.ACTIVE)
    assert rows_of(area.mine) == [comp] and cell(area.mine, 0, "Owner") == "sup_n"
    dialog = open_dialog(qtbot, area, area.mine, comp)
    assert not dialog.step_button.isEnabled() and not dialog.save_button.isEnabled()
    assert "sup_n owns this complaint" in dialog.note.text()
    assert dialog.description.isReadOnly()
    assert "recorded by sup_n" in dialog.owner_line.text()


def test_supervisor_hands_a_complaint_over_and_reopens_with_a_reason(qtbot, org_server, laptops, english):
    org, _server = org_server
    rep, sup = laptops("rep_a"), laptops("sup_n")
    with rep.db.session() as s:
        comp = _record(
            s, sorted(org.customers["N1"])[0], "phone", "other", "low", "Wants a new contact person"
        )
        for step in (cx.acknowledge, cx.start_work):
            step(s, comp)
        cx.resolve(s, comp, root_cause="Staff change", resolution="Introduced the new account manager")
    rep.sync()
    sup.sync()
    window = window_for(qtbot, sup, "supervisor", "Sup N")
    area = window.pages[COMPLAINTS]
    area.team.set_view(cx.ALL)
    dialog = open_dialog(qtbot, area, area.team, comp)
    qtbot.mouseClick(dialog.reopen_button, Qt.MouseButton.LeftButton)
    assert "reason" in dialog.error.text() and dialog.row["status"] == "resolved"
    qtbot.keyClicks(dialog.reopen_reason, "Customer called again")
    qtbot.mouseClick(dialog.reopen_button, Qt.MouseButton.LeftButton)
    assert dialog.row["status"] == "in_progress" and "Customer called again" in dialog.previous_reason.text()
    assert dialog.row["owner_id"] == org.users["rep_a"]  # acting does not take ownership
    dialog.handover_to.setCurrentIndex(dialog.handover_to.findData(org.users["sup_n"]))
    qtbot.mouseClick(dialog.handover_button, Qt.MouseButton.LeftButton)
    assert dialog.row["owner_id"] == org.users["sup_n"] and "Owner: sup_n" in dialog.owner_line.text()
    sup.sync()
    rep.sync()
    assert rep.row("complaint", comp)["owner_id"] == org.users["sup_n"]


def test_chinese_lists_use_the_business_words(qtbot, org_server, laptops, chinese):
    org, _server = org_server
    rep = laptops("rep_a")
    with rep.db.session() as s:
        _record(s, sorted(org.customers["N1"])[0], "visit", "billing", "critical", "发票金额不对")
    window = MainWindow(rep.db, role="rep", display_name="Rep A", language="zh_CN", runner=TaskRunner())
    qtbot.addWidget(window)
    mine = window.pages[COMPLAINTS].mine
    model = mine.model
    row = {model.columns[c].title: model.data(model.index(0, c)) for c in range(model.columnCount())}
    assert (row["Status"], row["Severity"], row["Category"]) == ("新建", "紧急", "账务")
    assert model.headerData(2, Qt.Orientation.Horizontal) == "客户"


# --------------------------------------------------------------------------- the exporter


def test_generic_export_writes_csv_and_excel_safely(qtbot, tmp_path):
    when = datetime(2026, 3, 2, 1, 30, tzinfo=UTC)
    sheet = export.Sheet(
        "客户 / 投诉",
        ["名称", "Count", "Rate", "Amount", "When"],
        ["text", "int", "rate", "money", "datetime"],
        [
            ['=HYPERLINK("x")', 3, Decimal("0.125"), Decimal("1234.5"), when],
            ["上海百货", 0, None, None, None],
        ],
    )
    auto = export.Sheet("Auto", ["a", "b"], rows=[["-1+2", Decimal("2.5")]])
    with pytest.raises(ValueError):
        export.Sheet("Bad", ["a"], ["nope"])
    with pytest.raises(ValueError):
        export.Sheet("Bad", ["a", "b"], rows=[[1]])
    with pytest.raises(ValueError):
        export.write(tmp_path / "x.txt", sheet)
    assert export.with_suffix(tmp_path / "r", "xlsx").name == "r.xlsx"
    assert export.with_suffix(tmp_path / "r.CSV", "csv").name == "r.CSV"

    runner = TaskRunner()
    done: list = []
    export.export_in_background(runner, tmp_path / "out.xlsx", lambda: [sheet, auto], on_result=done.append)
    export.export_in_background(runner, tmp_path / "out.csv", [sheet, auto], on_result=done.append)
    qtbot.waitUntil(lambda: len(done) == 2, timeout=10000)
    assert runner.shutdown()

    book = load_workbook(tmp_path / "out.xlsx")
    ws = book[book.sheetnames[0]]
    assert book.sheetnames == ["客户 _ 投诉", "Auto"]
    first = [c.value for c in ws[2]]
    assert first[0] == '=HYPERLINK("x")' and ws["A2"].data_type == "s"  # text, not a formula
    assert first[1:4] == [3, 0.125, 1234.5] and ws["C2"].number_format == "0.00%"
    assert first[4] == when.astimezone().replace(tzinfo=None)
    assert [c.value for c in ws[3]][2:] == ["—", "—", "—"]
    assert book["Auto"]["A2"].data_type == "s" and book["Auto"]["B2"].value == 2.5

    with (tmp_path / "out.csv").open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == ["客户 / 投诉"] and rows[1] == ["名称", "Count", "Rate", "Amount", "When"]
    assert rows[2][:4] == ['\'=HYPERLINK("x")', "3", "12.50%", "1234.50"]
    assert rows[3] == ["上海百货", "0", "—", "—", "—"]
    assert rows[5] == ["Auto"] and rows[7] == ["'-1+2", "2.50"]


def test_window_opened_before_the_login_lists_my_complaints_once_logged_in(
    qtbot, org_server, tmp_path, english
):
    """Issue 16.2: the demo (and a session renewal) show the window before the login knows who
    the user is; the per-user lists follow the login, and a complaint just saved shows at once."""
    org, server = org_server
    other = Laptop(tmp_path / "other.sqlite3", server.url, "rep_a").login()  # rep_a's other laptop
    other.sync()
    c1, c2 = sorted(org.customers["N1"])[:2]
    three_days_ago = datetime.now(UTC) - timedelta(days=3)
    with other.db.session() as s:
        earlier = _record(s, c1, "phone", "service", "high", "Late again", three_days_ago)
    other.sync()

    lap = Laptop(tmp_path / "rep_a.sqlite3", server.url, "rep_a")  # nothing local yet
    window = window_for(qtbot, lap, "rep", "rep_a")
    area = window.pages[COMPLAINTS]
    assert area.mine.current_view == cx.MINE and rows_of(area.mine) == []
    lap.login()
    lap.sync()
    window.refresh()  # what the app does after a sync that pulled rows
    assert rows_of(area.mine) == [earlier]
    assert "Shown: 1" in area.mine.hint.text()

    window.show_area(COMPLAINTS)
    form = area.new_complaint(c2)
    form.category.setCurrentIndex(form.category.findData("delivery"))
    qtbot.keyClicks(form.description, "Parcel missing")
    qtbot.mouseClick(form.record_button, Qt.MouseButton.LeftButton)
    assert form.complaint_id is not None
    assert set(rows_of(area.mine)) == {earlier, form.complaint_id}
    lap.engine.transport.close()
    other.engine.transport.close()
    other.db.close()
