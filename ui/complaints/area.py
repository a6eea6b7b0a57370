"""The Complaints area of the main window: lists in tabs, the report, "New complaint".

A rep sees *My complaints* (open ones by due time) and the *Report*; a supervisor or an
admin first sees the *Team* view (escalations and breaches), then their own and the
report. Double-click (or Enter) opens a complaint; everything writes locally.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QLabel, QTabWidget, QVBoxLayout, QWidget

from domain.enums import Role
from local_db import complaints as cx
from ui.complaints.detail import ComplaintDialog, open_complaint
from ui.complaints.form import ComplaintForm, open_complaint_form
from ui.complaints.lists import MINE_MODE, TEAM_MODE, ComplaintList
from ui.complaints.report import ReportView
from ui.pages.common import selected_customer
from ui.support.layouts import column
from ui.widgets import forwarded, push_button

translate = QCoreApplication.translate

NEW_COMPLAINT_SHORTCUT = "Ctrl+Shift+C"


class ComplaintsArea(QWidget):
    """The area; ``model`` and ``table`` are those of the list on show (for the window)."""

    complaintRecorded = Signal(str)
    complaintChanged = Signal(str)

    def __init__(self, db, runner, role: str | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.db, self.runner = db, runner
        with db.session() as s:
            self.user_id, stored_role = cx.current_user(s)
        self.role = role or stored_role
        self.supervising = self.role in (Role.SUPERVISOR, Role.ADMIN)
        self.last_form: ComplaintForm | None = None
        self.last_dialog: ComplaintDialog | None = None

        title = QLabel(self.tr("Complaints"), objectName="PageTitle")
        self.subtitle = QLabel(objectName="PageSubtitle", wordWrap=True)
        self.subtitle.setText(
            self.tr("Your team's complaints: escalations, missed deadlines and the report.")
            if self.supervising
            else self.tr(
                "Whoever records a complaint owns it until it is closed or handed over. Deadlines count from "
                "the moment it was recorded."
            )
        )
        self.new_button = push_button(
            self.tr("New complaint…"),
            self.tr("Record a complaint (%1)").replace("%1", NEW_COMPLAINT_SHORTCUT),
            lambda: self.new_complaint(),
        )

        heading = QVBoxLayout()
        heading.setSpacing(2)
        heading.addWidget(title)
        heading.addWidget(self.subtitle)
        top = QHBoxLayout()
        top.addLayout(heading, 1)
        top.addWidget(self.new_button, 0, Qt.AlignmentFlag.AlignBottom)

        self.mine = ComplaintList(db, MINE_MODE, self.user_id)
        self.team = ComplaintList(db, TEAM_MODE, self.user_id) if self.supervising else None
        self.report = ReportView(db, runner)
        self.tabs = QTabWidget(objectName="ComplaintTabs")
        self.tabs.setDocumentMode(True)
        if self.team is not None:
            self.tabs.addTab(self.team, self.tr("Team"))
        self.tabs.addTab(self.mine, self.tr("My complaints"))
        self.tabs.addTab(self.report, self.tr("Report"))
        self.tabs.currentChanged.connect(self._tab_changed)
        for lst in self.lists:
            lst.openRequested.connect(self.open_complaint)
        self._report_wanted = False

        column(self, top, (self.tabs, 1), margins=(24, 20, 24, 12), spacing=10)

    # -- what the window uses -------------------------------------------------------------------

    @property
    def lists(self) -> list[ComplaintList]:
        return [lst for lst in (self.team, self.mine) if lst is not None]

    @property
    def current_list(self) -> ComplaintList:
        widget = self.tabs.currentWidget()
        return widget if isinstance(widget, ComplaintList) else self.lists[0]

    model = forwarded("current_list", "model")
    table = forwarded("current_list", "table")
    stack = forwarded("current_list", "stack")
    empty = forwarded("current_list", "empty")

    def reload(self) -> None:
        """Re-read the lists (and the report when it has been shown) after a sync or a write."""
        with self.db.session() as s:
            # The window may be up before the login knows who the user is (the demo, a renewal):
            # "mine" is whoever the replica belongs to now.
            user_id, _role = cx.current_user(s)
        for lst in self.lists:
            lst.set_user(user_id)
            lst.reload()
        if self._report_wanted:
            self.report.refresh()

    def show_tab(self, name: str) -> None:
        widget = {"team": self.team, "mine": self.mine, "report": self.report}.get(name)
        if widget is not None:
            self.tabs.setCurrentWidget(widget)

    def _tab_changed(self, _index: int) -> None:
        if self.tabs.currentWidget() is self.report and not self._report_wanted:
            self._report_wanted = True
            self.report.refresh()

    def show_complaint(self, complaint_id: str) -> bool:
        """Select ``complaint_id`` in the list on show, widening its filter if needed."""
        lst = self.current_list
        self.tabs.setCurrentWidget(lst)
        if lst.select(complaint_id):
            return True
        lst.set_view(cx.ALL)
        return lst.select(complaint_id)

    # -- actions --------------------------------------------------------------------------------

    def new_complaint(self, customer_id: str | None = None, visit_id: str | None = None) -> ComplaintForm:
        form = open_complaint_form(self, self.db, customer_id=customer_id, visit_id=visit_id)
        form.recorded.connect(self._recorded)
        self.last_form = form
        return form

    def _recorded(self, complaint_id: str) -> None:
        self.reload()
        self.tabs.setCurrentWidget(self.mine)
        self.mine.select(complaint_id)
        self.complaintRecorded.emit(complaint_id)

    def open_complaint(self, complaint_id: str) -> ComplaintDialog:
        dialog = open_complaint(self, self.db, complaint_id, self.runner)
        dialog.changed.connect(self._changed)
        self.last_dialog = dialog
        return dialog

    def _changed(self, complaint_id: str) -> None:
        self.reload()
        self.complaintChanged.emit(complaint_id)


def new_complaint_action(window) -> QAction:
    """File ▸ New complaint (Ctrl+Shift+C): the capture form, for the selected customer if any."""
    action = QAction(translate("Complaints", "New &complaint…"), window)
    action.setShortcut(QKeySequence(NEW_COMPLAINT_SHORTCUT))
    action.setToolTip(
        translate("Complaints", "Record a complaint (%1)").replace("%1", NEW_COMPLAINT_SHORTCUT)
    )

    def trigger() -> None:
        customer_id = selected_customer(window)
        area = getattr(window, "pages", {}).get("complaints")
        if isinstance(area, ComplaintsArea):
            area.new_complaint(customer_id)
        else:
            open_complaint_form(window, window.db, customer_id=customer_id)

    action.triggered.connect(trigger)
    return action
