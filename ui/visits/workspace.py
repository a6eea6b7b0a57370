"""The rep's workspace in the main window: actions, shortcuts, and what connects the pages.

``RepWorkspace(window)`` adds the Visits menu (check in F8, check out F9, plan a visit
Ctrl+Shift+V, new customer Ctrl+N), keeps the visit forms that are open, and routes what
the Today page, the customer list and the customer file ask for (open a customer, check
in, plan, move, cancel) to the right dialog or write. Shortcuts are held back while an
input method is composing (``ui.visits.shortcuts``).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence

from domain.enums import VisitStatus
from domain.errors import DomainError
from local_db import queries
from local_db import visits as visits_db
from ui.errors import refusal_text
from ui.operations import LocalOp
from ui.visits.shortcuts import ImeGuard, guarded, with_shortcut

TODAY, CUSTOMERS = "today", "customers"


class RepWorkspace(QObject):
    def __init__(self, window, location_source=None):
        super().__init__(window)
        self.window = window
        self.db = window.db
        self.location_source = location_source
        self.guard = ImeGuard.install()
        self.forms: dict = {}  # visit id -> its open VisitForm
        self.dialog = None  # the last dialog opened (tests and screenshots look at it)
        self._build_actions()
        self._connect_pages()
        window.closing.connect(self.keep_drafts)

    # -- actions and menu --------------------------------------------------------------------

    def _action(self, text: str, keys: list[str], tip: str, slot) -> QAction:
        action = QAction(text, self.window)
        action.setShortcuts([QKeySequence(k) for k in keys])
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.setToolTip(with_shortcut(tip, action))
        action.setStatusTip(tip)
        action.triggered.connect(guarded(lambda _checked=False: slot()))
        self.window.addAction(action)
        return action

    def _build_actions(self) -> None:
        self.check_in_action = self._action(
            self.tr("Check &in"), ["F8"], self.tr("Check in at the selected customer now"), self.check_in
        )
        self.check_out_action = self._action(
            self.tr("Check &out"), ["F9"], self.tr("Check out and submit the visit log"), self.check_out
        )
        self.plan_action = self._action(
            self.tr("&Plan a visit…"),
            ["Ctrl+Shift+V"],
            self.tr("Plan a visit to the selected customer, or find one"),
            self.plan,
        )
        self.new_customer_action = self._action(
            self.tr("&New customer…"),
            ["Ctrl+N"],
            self.tr("Create a prospect on this laptop"),
            self.new_customer,
        )
        self.today_action = self._action(
            self.tr("&Today"), ["Ctrl+T"], self.tr("Today's route and due customers"), self.show_today
        )
        bar = self.window.menuBar()
        menu = self.window.menuBar().addMenu(self.tr("V&isits"))
        for action in (
            self.today_action,
            None,
            self.check_in_action,
            self.check_out_action,
            self.plan_action,
            None,
            self.new_customer_action,
        ):
            if action is None:
                menu.addSeparator()
            else:
                menu.addAction(action)
        menu.setToolTipsVisible(True)
        # Put the menu after File and View, before Language and Help.
        actions = bar.actions()
        if len(actions) >= 4:
            bar.removeAction(menu.menuAction())
            bar.insertAction(actions[2], menu.menuAction())
        self.menu = menu

    # -- pages -------------------------------------------------------------------------------

    @property
    def today(self):
        return self.window.pages.get(TODAY)

    @property
    def customers(self):
        return self.window.pages.get(CUSTOMERS)

    def _connect_pages(self) -> None:
        today, customers = self.today, self.customers
        if today is not None:
            today.customerActivated.connect(self.open_customer)
            today.checkInRequested.connect(self.check_in)
            today.checkOutRequested.connect(self.check_out)
            today.planRequested.connect(self.plan)
            today.moveRequested.connect(self.move)
            today.cancelRequested.connect(self.cancel)
            today.visitActivated.connect(self.open_visit)
        if customers is not None:
            customers.checkInRequested.connect(self.check_in)
            customers.planRequested.connect(self.plan)
            customers.visitActivated.connect(self.open_visit)
            customers.changed.connect(self.refresh_today)
        # Other writes reach Today through the window's dataChanged (ui.main_window.AREA_SHOWS);
        # so do this workspace's own (check-in, the visit form, plan/move/cancel, a new
        # customer): they go through LocalOp, and re-reading here as well read the pages twice.

    def refresh_today(self) -> None:
        if self.today is not None:
            self.today.reload()

    def refresh(self) -> None:
        self.refresh_today()
        customers = self.customers
        if customers is not None:
            customers.list.reload()
            if customers.showing_file:
                customers.file.reload()

    def show_today(self) -> None:
        if self.today is not None:
            self.window.show_area(TODAY)
            self.today.select_first()

    def current_customer(self) -> str | None:
        area = self.window.current_area()
        if area == TODAY and self.today is not None:
            return self.today.current_customer()
        if area == CUSTOMERS and self.customers is not None:
            return self.customers.current_customer()
        return None

    def open_customer(self, customer_id: str) -> None:
        if self.customers is None:
            return
        self.window.show_area(CUSTOMERS)
        self.customers.open_customer(customer_id)

    def _tell(self, text: str) -> None:
        self.window.statusBar().showMessage(text, 6000)

    # -- visits --------------------------------------------------------------------------------

    def check_in(self, customer_id: str | None = None) -> str | None:
        """Check in at ``customer_id`` (or the selected customer) now; returns the visit id."""
        rep_id = self.db.get_state("user_id")
        running = visits_db.running_visit(self.db, rep_id)
        target = customer_id or self.current_customer()
        if running is not None:
            if target and running["customer_id"] != target:
                self._tell(
                    self.tr("You are still checked in at %1: check out there first (F9).").replace(
                        "%1", running["customer_name"]
                    )
                )
            self.open_visit(running["id"])
            return running["id"]
        if target is None:
            self._tell(self.tr("Select a customer first: search with Ctrl+F, or pick one in Today's route."))
            return None
        planned = None
        if self.window.current_area() == TODAY and self.today is not None and customer_id is None:
            planned = self.today.current_planned_visit()
        try:
            visit_id = LocalOp(
                self.window, lambda: visits_db.check_in(self.db, target, visit_id=planned)
            ).run()
        except DomainError as exc:
            self._tell(exc.message)
            return None
        self.open_visit(visit_id)
        return visit_id

    def check_out(self) -> bool:
        """Submit the log of the running visit (or of the visit form in front)."""
        active = next((f for f in self.forms.values() if f.isVisible() and f.isActiveWindow()), None)
        if active is not None:
            return active.check_out()
        running = visits_db.running_visit(self.db, self.db.get_state("user_id"))
        if running is None:
            self._tell(self.tr("You are not checked in anywhere. Check in at a customer with F8."))
            return False
        form = self.open_visit(running["id"])
        return form.check_out() if form is not None else False

    def open_visit(self, visit_id: str):
        form = self.forms.get(visit_id)
        if form is not None and form.isVisible():
            form.raise_()
            form.activateWindow()
            return form
        with self.db.session() as s:
            row = queries.visit_row(s, visit_id)
        editable = (VisitStatus.IN_PROGRESS.value, VisitStatus.RETURNED.value)
        if row is None or row["status"] not in editable:
            return None
        from ui.visits.form import VisitForm  # imported when first needed: start-up stays fast

        try:
            form = VisitForm(
                self.db,
                visit_id,
                self.window,
                runner=self.window.runner,
                location_source=self.location_source,
            )
        except DomainError as exc:  # the visit left this laptop meanwhile (not_found)
            self._tell(refusal_text(exc))
            return None
        form.submitted.connect(self._visit_done)
        form.cancelled.connect(lambda _vid: self._visit_done(_vid, None))
        form.finished.connect(lambda _r, vid=visit_id: self.forms.pop(vid, None))
        self.forms[visit_id] = form
        form.show()
        form.raise_()
        form.activateWindow()
        return form

    def _visit_done(self, _visit_id: str, follow_up) -> None:
        if follow_up:
            with self.db.session() as s:
                row = queries.visit_row(s, follow_up)
            if row is not None:
                from ui.formatting import fmt_datetime

                self._tell(
                    self.tr("Log submitted. Next visit planned for %1.").replace(
                        "%1", fmt_datetime(row["planned_at"])
                    )
                )
        else:
            self._tell(self.tr("Log submitted."))

    def keep_drafts(self) -> None:
        for form in list(self.forms.values()):
            form.keep_draft()

    def plan(self, customer_id: str | None = None) -> None:
        from ui.visits.planning import PlanVisitDialog

        customer_id = customer_id or self.current_customer()
        self._open(PlanVisitDialog(self.db, customer_id=customer_id, parent=self.window))

    def move(self, visit_id: str) -> None:
        from ui.visits.planning import PlanVisitDialog

        self._open(PlanVisitDialog(self.db, visit_id=visit_id, parent=self.window))

    def cancel(self, visit_id: str) -> None:
        from ui.visits.planning import CancelVisitDialog

        self._open(CancelVisitDialog(self.db, visit_id, parent=self.window))

    def new_customer(self) -> None:
        from ui.customer_file.forms import CustomerForm

        dialog = CustomerForm(self.db, None, parent=self.window)
        dialog.saved.connect(self.open_customer)
        self._open(dialog)

    def _open(self, dialog) -> None:
        self.dialog = dialog
        dialog.open()
