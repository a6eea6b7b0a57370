"""The supervisor's review work, end to end: real server, real laptops, real widgets.

The acceptance scenario: sup_n returns rep_a's visit log with a comment; after syncs
rep_a sees it returned with the comment, fixes it and resubmits; after syncs sup_n
approves it and the server has it approved by sup_n. Around it: the exception rules,
filters, bulk and keyboard use, the inbox (discount approvals, escalated complaints) and
the KPI dashboard with its export.
"""

from __future__ import annotations

import csv
import threading
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from domain.errors import DomainError
from local_db import review
from tests.sync.helpers import Laptop, insert_two_widgets_quote, server_row
from ui.inbox import InboxPage
from ui.kpi import KpiPage
from ui.main_window import COMPLAINTS, INBOX, KPIS, REVIEW, VISITS, MainWindow, areas_for
from ui.review import ReviewPage
from ui.support.tasks import TaskRunner

UTC = timezone.utc
D = Decimal


# The exception rules themselves are tested in tests/domain/test_domain_visit_review.py.


# ------------------------------------------------------------------------------ the world


def submit_visit(
    rep: Laptop,
    customer_id: str,
    *,
    minutes: int = 45,
    notes: str | None = "Met the buyer",
    outcome: str = "follow_up",
    ago: timedelta = timedelta(hours=3),
) -> str:
    start = datetime.now(UTC) - ago
    with rep.write() as w:
        return w.insert(
            "visit",
            {
                "customer_id": customer_id,
                "rep_id": w.actor.id,
                "status": "submitted",
                "check_in_at": start,
                "check_out_at": start + timedelta(minutes=minutes),
                "channel": "in_person",
                "purpose": "routine",
                "outcome": outcome,
                "notes": notes,
            },
        )


def open_review(qtbot, lap: Laptop, runner) -> ReviewPage:
    page = ReviewPage(lap.db, runner=runner)
    qtbot.addWidget(page)
    page.resize(1100, 700)
    activate(qtbot, page)
    return page


def activate(qtbot, widget) -> None:
    """Shortcuts only fire in the active window, as for a user at the keyboard."""
    widget.show()
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow, timeout=3000)


def cell(model, row: int, title: str) -> str:
    col = next(i for i, c in enumerate(model.columns) if c.title == title)
    return model.data(model.index(row, col))


def queue_ids(page: ReviewPage) -> set[str]:
    return {page.model.row(i)["id"] for i in range(page.model.rowCount())}


# ------------------------------------------------------------------------ the acceptance test


def test_return_resubmit_approve_through_the_server(qtbot, world, english):
    org, store, laptop, runner = world
    rep, sup = laptop("rep_a"), laptop("sup_n")
    customer = sorted(org.customers["N1"])[0]
    vid = submit_visit(rep, customer, minutes=4, notes=None)
    rep.sync()
    sup.sync()

    page = open_review(qtbot, sup, runner)
    assert queue_ids(page) == {vid}
    marker = cell(page.model, 0, "Exceptions")
    assert marker.startswith("⚠") and "Too short" in marker and "No notes" in marker
    assert "4 min on site" in page.model.data(page.model.index(0, 0), Qt.ItemDataRole.ToolTipRole)
    assert "Short visit" in page.detail_text.text()  # the reason stands out in the detail panel too
    assert "(R)" in page.return_action.toolTip() and "(A)" in page.approve_action.toolTip()

    # R opens the comment dialog; it cannot be confirmed empty
    page.table.setFocus()
    page.select_row(0)
    qtbot.keyClick(page.table, Qt.Key.Key_R)
    dialog = page.comment_dialog
    assert dialog is not None and dialog.isVisible() and not dialog.confirm.isEnabled()
    qtbot.waitUntil(dialog.isActiveWindow, timeout=3000)
    comment = "Please write what the buyer said, and check out when you leave."
    qtbot.keyClicks(dialog.comment, comment)
    qtbot.keyClick(dialog.comment, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: page.model.total == 0, timeout=5000)
    assert "returned to the rep" in page.message.text()
    assert sup.row("visit", vid)["status"] == "returned"

    sup.sync()
    rep.sync()
    seen = rep.row("visit", vid)
    assert (seen["status"], seen["review_comment"], seen["reviewed_by"]) == (
        "returned",
        comment,
        org.users["sup_n"],
    )
    window = MainWindow(rep.db, role="rep", display_name="Rep A", language="en", runner=TaskRunner())
    qtbot.addWidget(window)
    visits = window.pages[VISITS].model
    row = next(i for i in range(visits.rowCount()) if visits.row(i)["id"] == vid)
    assert cell(visits, row, "Status") == "Returned"  # what the rep sees in their list

    # the rep fixes the log and submits it again
    with rep.write() as w:
        w.update(
            "visit",
            vid,
            {
                "notes": "Buyer wants the spring catalogue; order expected next week.",
                "check_out_at": datetime.fromisoformat(seen["check_in_at"]) + timedelta(minutes=40),
                "status": "submitted",
            },
        )
    rep.sync()
    sup.sync()
    page.reload()
    assert queue_ids(page) == {vid}
    assert cell(page.model, 0, "Exceptions") == ""  # fixed: nothing stands out any more
    activate(qtbot, page)
    page.table.setFocus()
    page.select_row(0)
    qtbot.keyClick(page.table, Qt.Key.Key_A)
    qtbot.waitUntil(lambda: page.model.total == 0, timeout=5000)
    assert "approved" in page.message.text()

    sup.sync()
    on_server = server_row(store, "visit", vid)
    assert on_server["status"] == "approved"
    assert on_server["reviewed_by"] == org.users["sup_n"]
    assert on_server["review_comment"] is None  # the "please fix" comment no longer applies
    rep.sync()
    assert rep.row("visit", vid)["status"] == "approved"


# --------------------------------------------------------------------------- the queue


def test_filters_narrow_the_queue(qtbot, world, english):
    org, _store, laptop, runner = world
    rep_a, rep_b = laptop("rep_a"), laptop("rep_b")
    a1, a2 = sorted(org.customers["N1"])[:2]
    b1 = sorted(org.customers["N2"])[0]
    flagged = submit_visit(rep_a, a1, minutes=3)
    clean = submit_visit(rep_a, a2, outcome="order")
    other = submit_visit(rep_b, b1, ago=timedelta(days=3))  # synced only now: logged late
    rep_a.sync()
    rep_b.sync()
    sup = laptop("sup_n")
    page = open_review(qtbot, sup, runner)
    assert queue_ids(page) == {flagged, clean, other}
    qtbot.waitUntil(
        lambda: "2 with exception" in page.subtitle.text(), timeout=5000
    )  # counted in the background
    late = next(i for i in range(3) if page.model.row(i)["id"] == other)
    assert "Late log" in cell(page.model, late, "Exceptions")

    page.rep_filter.setCurrentIndex(page.rep_filter.findData(org.users["rep_b"]))
    assert queue_ids(page) == {other}
    page.rep_filter.setCurrentIndex(0)
    page.exceptions_only.setChecked(True)
    assert queue_ids(page) == {flagged, other}
    page.exceptions_only.setChecked(False)
    page.outcome_filter.setCurrentIndex(page.outcome_filter.findData("order"))
    assert queue_ids(page) == {clean}
    page.outcome_filter.setCurrentIndex(0)
    two_days_ago = date.today() - timedelta(days=2)
    page.date_to.setDate(two_days_ago)
    assert queue_ids(page) == {other}
    page.reset_filters()
    qtbot.keyClicks(page.customer_filter, sup.row("customer", b1)["code"])
    qtbot.waitUntil(lambda: queue_ids(page) == {other}, timeout=3000)
    page.customer_filter.setText("nobody")
    qtbot.waitUntil(lambda: page.model.total == 0, timeout=3000)
    assert page.stack.currentWidget() is page.empty
    assert "filters" in page.empty.title.text()
    page.clear_filters.click()
    assert len(queue_ids(page)) == 3


def test_the_exception_count_comes_from_the_runner_and_the_newest_filters_win(
    qtbot, world, english, monkeypatch
):
    org, _store, laptop, runner = world
    rep_a, rep_b = laptop("rep_a"), laptop("rep_b")
    submit_visit(rep_a, sorted(org.customers["N1"])[0], minutes=3)
    for customer in sorted(org.customers["N2"])[:2]:
        submit_visit(rep_b, customer, minutes=3)
    rep_a.sync()
    rep_b.sync()
    sup = laptop("sup_n")

    counted = review.count_review_exceptions
    threads: list[int] = []
    gates: dict[str | None, threading.Event] = {None: threading.Event()}  # rep filter -> held count

    def held_count(session, filters):
        threads.append(threading.get_ident())
        gate = gates.get(filters.rep_id)
        if gate is not None:
            assert gate.wait(10)
        return counted(session, filters)

    monkeypatch.setattr(review, "count_review_exceptions", held_count)
    page = open_review(qtbot, sup, runner)
    assert len(queue_ids(page)) == 3  # the list is there while the count is on its way
    assert page.subtitle.text() == "3 visit logs waiting for your review · counting exceptions…"
    gates[None].set()
    qtbot.waitUntil(lambda: page.subtitle.text().endswith("· 3 with exceptions"), timeout=5000)
    assert threading.get_ident() not in threads

    # rep_a chosen (its count held back), then at once rep_b: rep_a's late figure is dropped
    rep_a_id, rep_b_id = org.users["rep_a"], org.users["rep_b"]
    gates[rep_a_id] = threading.Event()
    page.rep_filter.setCurrentIndex(page.rep_filter.findData(rep_a_id))
    assert page.subtitle.text() == "1 visit log waiting for your review · counting exceptions…"
    page.rep_filter.setCurrentIndex(page.rep_filter.findData(rep_b_id))
    qtbot.waitUntil(lambda: page.subtitle.text().endswith("· 2 with exceptions"), timeout=5000)
    gates[rep_a_id].set()
    qtbot.waitUntil(lambda: not runner.busy, timeout=5000)  # rep_a's count has been delivered too
    assert page.subtitle.text() == "2 visit logs waiting for your review · 2 with exceptions"


def test_bulk_approval_by_keyboard_and_letters_in_a_filter_do_nothing(qtbot, world, english):
    org, store, laptop, runner = world
    rep_a = laptop("rep_a")
    ids = [submit_visit(rep_a, c) for c in sorted(org.customers["N1"])[:3]]
    rep_a.sync()
    sup = laptop("sup_n")
    page = open_review(qtbot, sup, runner)

    page.customer_filter.setFocus()
    qtbot.keyClicks(page.customer_filter, "ar")  # A and R typed as text approve and return nothing
    assert page.comment_dialog is None and page.customer_filter.text() == "ar"
    page.reset_filters()
    assert all(sup.row("visit", i)["status"] == "submitted" for i in ids)

    page.table.setFocus()
    page.table.selectAll()
    assert "3 visit logs selected" in page.detail_text.text()
    qtbot.keyClick(page.table, Qt.Key.Key_A)
    box = page.confirm_box
    assert box is not None and box.isVisible()
    box.button(QMessageBox.StandardButton.Yes).click()
    qtbot.waitUntil(lambda: page.model.total == 0, timeout=5000)
    assert all(sup.row("visit", i)["status"] == "approved" for i in ids)
    sup.sync()
    assert {server_row(store, "visit", i)["reviewed_by"] for i in ids} == {org.users["sup_n"]}


def test_a_sync_keeps_the_supervisors_place_in_the_queue(qtbot, world, english):
    org, _store, laptop, runner = world
    rep_a = laptop("rep_a")
    ids = [
        submit_visit(rep_a, c, ago=timedelta(hours=3 + i)) for i, c in enumerate(sorted(org.customers["N1"]))
    ]
    rep_a.sync()
    sup = laptop("sup_n")
    page = open_review(qtbot, sup, runner)
    assert [page.model.row(i)["id"] for i in range(4)] == ids  # newest first
    page.select_row(2)
    page.reload()  # what the window does after a background sync
    assert page.selected_ids() == [ids[2]]
    with sup.write() as w:  # decided meanwhile (another window, another reviewer): it leaves the queue
        w.update("visit", ids[2], {"status": "approved", "reviewed_by": w.actor.id})
    page.reload()
    assert page.selected_ids() == [ids[3]]  # the next one takes its place


def test_a_refused_decision_is_explained_and_the_rest_go_through(qtbot, world, english):
    org, _store, laptop, runner = world
    rep_a = laptop("rep_a")
    theirs = submit_visit(rep_a, sorted(org.customers["N1"])[0])
    rep_a.sync()
    sup = laptop("sup_n")
    own = submit_visit(sup, sorted(org.customers["N1"])[1])  # a visit the supervisor made personally

    with sup.db.session() as s:
        result = review.approve_visits(s, [own, theirs, "no-such-visit"])
    assert result.done == [theirs]
    assert [(i, code) for i, code, _m in result.failed] == [
        (own, "not_permitted"),
        ("no-such-visit", "not_found"),
    ]
    with sup.db.session() as s, pytest.raises(DomainError) as refused:
        review.return_visits(s, [own], "   ")
    assert refused.value.code == "comment_required"

    page = open_review(qtbot, sup, runner)
    assert queue_ids(page) == {own}
    page.table.setFocus()
    page.select_row(0)
    qtbot.keyClick(page.table, Qt.Key.Key_A)
    qtbot.waitUntil(lambda: "could not be changed" in page.message.text(), timeout=5000)
    assert "not your own visits" in page.message.text()
    assert sup.row("visit", own)["status"] == "submitted"


def test_an_empty_queue_says_so(qtbot, world, english):
    _org, _store, laptop, runner = world
    page = open_review(qtbot, laptop("sup_n"), runner)  # build_org's visits are all approved
    assert page.model.total == 0 and page.stack.currentWidget() is page.empty
    assert page.empty.title.text() == "Nothing to review"
    assert not page.approve_button.isEnabled() and not page.approve_action.isEnabled()


# --------------------------------------------------------------------------------- inbox


def pending_quote(rep: Laptop, org, customer_id: str, number: str) -> str:
    with rep.write() as w:
        qid = insert_two_widgets_quote(
            w, org.product_id, customer_id, number, discount_pct="15", amounts=("17.00", "2.21", "19.21")
        )
        w.update("quote", qid, {"status": "pending_approval"})
    return qid


def test_inbox_approves_and_returns_discounts_and_shows_escalated_complaints(qtbot, world, english):
    org, store, laptop, runner = world
    rep = laptop("rep_a")
    c1, c2 = sorted(org.customers["N1"])[:2]
    first = pending_quote(rep, org, c1, "RA-2026-9001")
    second = pending_quote(rep, org, c2, "RA-2026-9002")
    with rep.write() as w:  # recorded three days ago: both SLA deadlines of a high complaint have passed
        complaint = w.insert(
            "complaint",
            {
                "customer_id": c1,
                "owner_id": w.actor.id,
                "recorded_by": w.actor.id,
                "recorded_at": datetime.now(UTC) - timedelta(days=3),
                "channel": "phone",
                "category": "delivery",
                "severity": "high",
                "description": "Delivery arrived two days late",
                "status": "new",
            },
        )
    rep.sync()
    sup = laptop("sup_n")

    window = MainWindow(sup.db, role="supervisor", display_name="Sup N", language="en", runner=runner)
    qtbot.addWidget(window)
    activate(qtbot, window)
    window.show_area(INBOX)
    inbox: InboxPage = window.pages[INBOX]
    kinds = [(it["kind"], it["id"]) for it in inbox.model.items]
    assert kinds == [("quote", first), ("quote", second), ("complaint", complaint)]
    assert (
        "2 discount approval" in inbox.subtitle.text() and "1 complaint escalation" in inbox.subtitle.text()
    )
    assert inbox.model.data(inbox.model.index(2, 5)) == "SLA breached"

    assert inbox.select(first)
    assert "15% discount" in inbox.model.data(inbox.model.index(0, 2))
    assert "above the rep's limit of 10%" in inbox.detail_text.text()
    inbox.table.setFocus()
    qtbot.keyClick(inbox.table, Qt.Key.Key_A)
    qtbot.waitUntil(lambda: len(inbox.model.items) == 2, timeout=5000)
    assert "approved" in inbox.message.text()

    assert inbox.select(second)
    qtbot.keyClick(inbox.table, Qt.Key.Key_R)
    dialog = inbox.comment_dialog
    assert dialog is not None and not dialog.confirm.isEnabled()
    qtbot.keyClicks(dialog.comment, "10% at most for this customer")
    dialog.confirm.click()
    qtbot.waitUntil(lambda: len(inbox.model.items) == 1, timeout=5000)

    # Enter on the complaint opens it in the complaints list
    activate(qtbot, window)
    inbox.table.setFocus()
    inbox.select(complaint)
    qtbot.keyClick(inbox.table, Qt.Key.Key_Return)
    assert window.current_area() == COMPLAINTS
    complaints = window.pages[COMPLAINTS]
    selected = complaints.table.selectionModel().selectedRows()
    assert [complaints.model.row(i.row())["id"] for i in selected] == [complaint]

    sup.sync()
    approved, returned = server_row(store, "quote", first), server_row(store, "quote", second)
    assert (approved["status"], approved["approved_by"]) == ("approved", org.users["sup_n"])
    assert approved["approved_at"] is not None
    assert (returned["status"], returned["approval_comment"]) == ("draft", "10% at most for this customer")


# ---------------------------------------------------------------------------------- KPIs


def test_kpi_dashboard_computes_in_the_background_and_exports(qtbot, world, english, tmp_path):
    _org, _store, laptop, runner = world
    sup = laptop("sup_n")
    page = KpiPage(sup.db, runner=runner, today=date(2026, 3, 20))
    qtbot.addWidget(page)
    page.resize(1100, 760)
    page.show()
    with qtbot.waitSignal(page.computed, timeout=5000):
        page.reload()
    assert page.stack.currentWidget() is page.body
    model = page.kpi_model
    names = [model.text(r, "Sales rep") for r in range(model.rowCount())]
    assert names[-1] == "Team total" and len(names) == 3  # rep_a, rep_b and the team
    team = model.rowCount() - 1
    # build_org: each rep made 8 visits on 2 and 3 March; on 20 March, 15 of March 2026's 22
    # working days have passed: the month is counted to date
    assert model.text(0, "Visits / day") == "0.53"
    assert model.text(team, "Visits / day") == "0.53"  # 16 visits ÷ 30 rep-days
    assert "to date: 15 of 22 working days" in page.subtitle.text()
    for title in ("Deal / customer", "Cash collection", "Receivables collection", "Target achieved"):
        assert model.text(team, title) == "—"  # no sales, payments, receivables or targets
    assert model.text(team, "Visit cost / customer") == "¥0.00"  # 8 customers visited at no cost
    assert "8 completed visits ÷ 15 working days so far" in model.data(
        model.index(0, 1), Qt.ItemDataRole.ToolTipRole
    )
    chart = page.visits_view.chart()
    assert chart.series()[0].count() == 2  # one bar set per rep
    assert [s.name() for s in page.cash_view.chart().series()] == ["Sales", "Cash collected"]
    assert page.chart_stack.currentWidget() is page.tabs

    csv_path, xlsx_path = tmp_path / "kpis.csv", tmp_path / "kpis.xlsx"
    with qtbot.waitSignal(runner.busyChanged, timeout=5000, check_params_cb=lambda busy: not busy):
        page.export_to(csv_path, "csv")
    rows = list(csv.reader(csv_path.open(encoding="utf-8-sig")))
    assert rows[0][:3] == ["Sales rep", "Visits / day", "Deal / customer"]
    assert rows[-1][0] == "Team total" and rows[-1][1] == "0.53" and rows[-1][3] == "—"
    with qtbot.waitSignal(runner.busyChanged, timeout=5000, check_params_cb=lambda busy: not busy):
        page.export_to(xlsx_path, "xlsx")
    book = load_workbook(xlsx_path)
    assert book.sheetnames == ["KPIs", "Coverage", "By day"]
    assert book["KPIs"]["A4"].value == "Team total" and book["KPIs"]["B4"].value == pytest.approx(0.53)
    assert book["KPIs"]["D4"].value == "—"
    assert book["By day"].max_row == 21  # a header and 1–20 March, the days so far

    page.set_custom(date(2027, 1, 1), date(2027, 1, 31))
    qtbot.waitUntil(lambda: page.report.period.start == date(2027, 1, 1), timeout=5000)
    assert page.chart_stack.currentWidget() is page.no_activity
    # a period still to come says so, and shows no figure at all (not ¥0.00 beside "—")
    assert "not started yet" in page.subtitle.text() and "to date" not in page.subtitle.text()
    assert page.no_activity.title.text() == "This period has not started yet"
    team = model.rowCount() - 1
    figures = [model.data(model.index(team, c)) for c in range(1, model.columnCount())]
    assert figures == ["—"] * len(figures)


def test_supervisors_get_review_inbox_and_kpis(qtbot, world, english):
    assert areas_for("supervisor")[-3:] == [REVIEW, INBOX, KPIS]
    assert INBOX not in areas_for("rep") and KPIS not in areas_for("rep")
    _org, _store, laptop, runner = world
    window = MainWindow(
        laptop("sup_n").db, role="supervisor", display_name="Sup N", language="en", runner=runner
    )
    qtbot.addWidget(window)
    assert isinstance(window.pages[REVIEW], ReviewPage)
    assert isinstance(window.pages[KPIS], KpiPage)


def test_the_review_panel_shows_the_seven_steps_the_stock_flag_and_the_reps_reason(qtbot, world, english):
    """Issue 16.6 (and 16.4's reason): what was ticked and what not, and the stock flag."""
    org, _store, laptop, runner = world
    rep, sup = laptop("rep_a"), laptop("sup_n")
    first, second = sorted(org.customers["N1"])[:2]
    short = submit_visit(rep, first, minutes=3)
    with rep.write() as w:
        w.update(
            "visit",
            short,
            {
                "checklist": {"step1": True, "step3": True, "stock_low": True, "step7": True},
                "short_reason": "Buyer out; left samples at reception",
            },
        )
    bare = submit_visit(rep, second, minutes=30)  # nothing ticked at all
    rep.sync()
    sup.sync()

    page = open_review(qtbot, sup, runner)
    ids = [page.model.row(r)["id"] for r in range(page.model.rowCount())]
    page.select_row(ids.index(short))
    text = page.detail_text.text()
    assert "Seven steps: 3 of 7 done" in text
    assert "✓ 1. Check displays and materials" in text and "✗ 2. Check that the displays work" in text
    assert "✓ 3. Count the stock" in text and "✓ 7. Relationship communication" in text
    assert "Stock below 1.5× the usual sales: restock" in text
    assert "Rep's reason: Buyer out; left samples at reception" in text
    page.select_row(ids.index(bare))
    text = page.detail_text.text()
    assert "Seven steps: 0 of 7 done" in text and "✗ 3. Count the stock" in text
    assert "Stock not counted" in text and "Rep's reason" not in text


def test_the_exceptions_column_fits_a_log_with_two_exceptions(qtbot, world, english):
    org, _store, laptop, runner = world
    rep_a = laptop("rep_a")
    a1 = sorted(org.customers["N1"])[0]
    submit_visit(rep_a, a1, minutes=3, notes=None)  # too short, and no notes
    rep_a.sync()
    page = open_review(qtbot, laptop("sup_n"), runner)
    page.table.selectRow(0)  # the detail panel opens beside the list
    column = [c.key for c in page.model.columns].index("exceptions")
    text = page.model.index(0, column).data()
    assert text.count("·") == 1
    assert page.table.columnWidth(column) >= page.table.fontMetrics().horizontalAdvance(text)
    tip = page.model.index(0, column).data(Qt.ItemDataRole.ToolTipRole)
    assert text in tip  # the whole summary, then a line for each reason
