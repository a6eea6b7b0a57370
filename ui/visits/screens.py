"""Screenshots of the rep workspace (called by ``desktop/screenshots.py``).

Today, the customer list with a filter, the customer file (overview, contacts, history),
a new prospect with a validation message and a duplicate warning, the visit form (filled,
then with the messages check-out shows), a returned log and the plan dialog. When the demo
rep has nothing planned today, the first three due customers are planned for today (real
plans, kept: the demo's day has a route). The visit checked in for the shots is deleted
afterwards and no draft is left behind.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timezone
from datetime import time as dtime

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from domain.enums import VisitOutcome, VisitStatus
from local_db import customers as customers_db
from local_db import queries
from local_db import visits as visits_db
from ui.operations import LocalOp
from ui.support.settling import settle_until

Shot = Callable[[QWidget, str], None]


def capture(window, shot: Shot, settle: Callable[[int], None]) -> None:
    from ui.main_window import CUSTOMERS, TODAY

    workspace = getattr(window, "workspace", None)
    if workspace is None or TODAY not in window.pages or CUSTOMERS not in window.pages:
        return
    db = window.db
    customers = window.pages[CUSTOMERS]
    today = window.pages[TODAY]
    customers.indexer.kick()
    settle_until(settle, lambda: not customers.indexer.backlog(), 120, step_ms=200)  # due dates: the index
    settle(300)
    today.reload()
    if not today.route_model.rows and today.due_model.rows:
        # A demo day with a route: the first due customers planned for today (kept: real plans).
        day = datetime.now().astimezone().date()
        for row, (hour, minute) in zip(today.due_model.rows[:3], ((9, 30), (11, 0), (14, 30)), strict=False):
            at = datetime.combine(day, dtime(hour, minute)).astimezone().astimezone(timezone.utc)
            visits_db.plan_visit(db, row["id"], at)
        today.reload()
    window.show_area(TODAY)
    today.select_first()
    shot(window, "10-today")

    customer_id = _rich_customer(db, today)
    if customer_id is None:
        return
    window.show_area(CUSTOMERS)
    customers.show_list()
    customers.list.due.setCurrentIndex(customers.list.due.findData(queries.OVERDUE))
    settle(200)
    shot(window, "11-customers-overdue")
    customers.list.clear_filters()

    workspace.open_customer(customer_id)
    shot(window, "12-customer-file")
    customers.file.tabs.setCurrentIndex(1)
    customers.file.contacts_view.selectRow(0)
    shot(window, "13-customer-file-contacts")
    customers.file.tabs.setCurrentIndex(3)
    shot(window, "14-customer-file-history")
    customers.file.tabs.setCurrentIndex(0)

    with db.session() as s:
        other = queries.customer_detail(s, customer_id)
    workspace.new_customer()
    form = workspace.dialog
    form.fields["name"].editor.setText(other["name"])
    form.fields["name"].edited.emit()
    form.fields["phone"].editor.setText("0571-8888")
    form.fields["phone"].edited.emit()
    form.check_duplicates()
    settle(200)
    shot(form, "15-new-prospect")
    form.reject()

    visit_id = workspace.check_in(customer_id)
    log = workspace.forms.get(visit_id)
    if log is not None:
        log.fields["outcome"].set_value(VisitOutcome.ORDER.value)
        log.fields["order_amount"].editor.setText("12800")
        log.fields["cash_collected"].editor.setText("3000")
        log.fields["visit_cost"].editor.setText("45.50")
        for key in ("step1", "step2", "step3", "step5"):
            log.steps[key].setChecked(True)
        log.fields["competitor_notes"].set_value(
            QCoreApplication.translate("Screenshots", "A competitor offers 5% off for orders above 10,000.")
        )
        log.fields["next_step"].set_value(
            QCoreApplication.translate("Screenshots", "Send the quote for the spring promotion.")
        )
        log._edited()
        settle(500)
        shot(log, "16-visit-form")
        log.fields["outcome"].set_value(None)
        log.fields["order_amount"].editor.setText("12,8OO")
        log.fields["order_amount"].edited.emit()
        log.check_out()
        settle(200)
        shot(log, "17-visit-form-errors")
        log.draft.discard()
        log.close()
        LocalOp(window, lambda: visits_db.delete_visit(db, visit_id)).run()  # the shots' visit never happened
        workspace.refresh()

    with db.session() as s:
        returned = [
            v
            for v in queries.open_visits(s, db.get_state("user_id"))
            if v["status"] == VisitStatus.RETURNED.value
        ]
    if returned:
        form = workspace.open_visit(returned[0]["id"])
        if form is not None:
            settle(200)
            shot(form, "18-visit-returned")
            form.close()

    workspace.plan(customer_id)
    settle(100)
    shot(workspace.dialog, "19-plan-visit")
    workspace.dialog.reject()
    customers.show_list()


def _rich_customer(db, today) -> str | None:
    """A customer with contacts and a long history that is not on today's route."""
    return customers_db.longest_history(db, {r["customer_id"] for r in today.route_model.rows})
