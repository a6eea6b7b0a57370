"""The complaint lists: the rep's open complaints by due time, the supervisor's team view.

Both are lazy SQL-sorted lists (``ui.table_model``) over ``local_db.complaints``. The "time
left" is computed from the stored due times and the laptop's clock each time it is
painted (and the list re-reads itself every minute), so it is right while offline.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QWidget

from domain.enums import ComplaintCategory, ComplaintStatus, EscalationLevel, Severity
from local_db import complaints as cx
from ui.columns import datetime_column, enum_column, text_column
from ui.complaints.texts import clock_color, clock_text
from ui.formatting import fmt_datetime, widest_samples
from ui.labels import label, labels_of
from ui.style import MUTED, OFFLINE, WARNING
from ui.support.layouts import column
from ui.sync_hooks import keep_view
from ui.table_model import Column, LazyTableModel, QuerySource
from ui.widgets import EmptyState, data_table, stacked

translate = QCoreApplication.translate

MINE_MODE, TEAM_MODE = "mine", "team"
REFRESH_MS = 60_000


def _severity_color(row) -> QColor | None:
    return {Severity.CRITICAL: QColor(OFFLINE), Severity.HIGH: QColor(WARNING)}.get(row["severity"])


def _escalation_text(row) -> str:
    level = row["escalation_level"]
    return "" if level in (None, EscalationLevel.REP.value) else label(EscalationLevel, level)


def _escalation_color(row) -> QColor | None:
    level = row["escalation_level"]
    return (
        QColor(OFFLINE)
        if level == EscalationLevel.ADMIN.value
        else (QColor(WARNING) if level == EscalationLevel.SUPERVISOR.value else None)
    )


def _breach_text(row) -> str:
    return translate("Complaints", "Breached") if cx.breached(row) else ""


def _left_samples() -> list[str]:
    return [
        translate("Complaints", "Overdue %1").replace(
            "%1", translate("Complaints", "%1 d %2 h").replace("%1", "30").replace("%2", "23")
        ),
        translate("Complaints", "%1 left").replace(
            "%1", translate("Complaints", "%1 h %2 min").replace("%1", "23").replace("%2", "59")
        ),
        translate("Complaints", "Follow-up call due"),
        translate("Complaints", "Ready to close"),
    ]


def _time_left(row) -> str:
    text = clock_text(cx.sla_clock(row))
    if text:
        return text
    if row["status"] == ComplaintStatus.RESOLVED.value:
        return translate("Complaints", "Follow-up call due")
    if row["status"] == ComplaintStatus.FOLLOW_UP.value:
        return translate("Complaints", "Ready to close")
    return ""


def _time_left_color(row) -> QColor | None:
    clock = cx.sla_clock(row)
    return clock_color(clock) if clock.kind else QColor(MUTED)


TIME_LEFT = Column(
    "due",
    QT_TRANSLATE_NOOP("Columns", "Time left"),
    _time_left,
    width=10,
    color=_time_left_color,
    samples=_left_samples,
)
DUE = Column(
    "due",
    QT_TRANSLATE_NOOP("Columns", "Due by"),
    lambda r: fmt_datetime(r["next_due"]),
    width=6,
    samples=lambda: widest_samples("datetime"),
)
CUSTOMER = text_column(
    "customer",
    QT_TRANSLATE_NOOP("Columns", "Customer"),
    "customer_name",
    tooltip=lambda r: r["description"] or "",
)
CATEGORY = enum_column("category", QT_TRANSLATE_NOOP("Columns", "Category"), ComplaintCategory, "category")
SEVERITY = enum_column(
    "severity", QT_TRANSLATE_NOOP("Columns", "Severity"), Severity, "severity", color=_severity_color
)
STATUS = enum_column("status", QT_TRANSLATE_NOOP("Columns", "Status"), ComplaintStatus, "status")
OWNER = text_column("owner", QT_TRANSLATE_NOOP("Columns", "Owner"), "owner_name", width=7)
ESCALATION = Column(
    "escalation",
    QT_TRANSLATE_NOOP("Columns", "Escalated to"),
    _escalation_text,
    width=7,
    color=_escalation_color,
    samples=lambda: labels_of(EscalationLevel),
)
BREACH = Column(
    "breach",
    QT_TRANSLATE_NOOP("Columns", "SLA"),
    _breach_text,
    width=5,
    sortable=False,
    color=lambda r: QColor(OFFLINE),
    samples=lambda: [translate("Complaints", "Breached")],
)
RECEIVED = datetime_column(
    "recorded_at", QT_TRANSLATE_NOOP("Columns", "Received"), lambda r: r["recorded_at"]
)

COLUMNS = {
    MINE_MODE: (TIME_LEFT, DUE, CUSTOMER, SEVERITY, STATUS, CATEGORY, OWNER, ESCALATION),
    TEAM_MODE: (ESCALATION, TIME_LEFT, CUSTOMER, OWNER, SEVERITY, STATUS, BREACH, RECEIVED),
}


class ComplaintList(QWidget):
    """A filterable complaint list; ``openRequested(id)`` on double-click or Enter."""

    openRequested = Signal(str)
    reloaded = Signal(int)

    def __init__(self, db, mode: str, user_id: str | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.mode = mode
        self.user_id = user_id
        if mode == MINE_MODE:
            views = [
                (cx.MINE, self.tr("My open complaints")),
                (cx.ACTIVE, self.tr("All open complaints of my customers")),
                (cx.ALL, self.tr("All, including closed")),
            ]
        else:
            views = [
                (cx.ATTENTION, self.tr("Escalated, breached or overdue")),
                (cx.ACTIVE, self.tr("All open complaints of the team")),
                (cx.ALL, self.tr("All, including closed")),
            ]
        self.view = QComboBox()
        for key, text in views:
            self.view.addItem(text, key)
        self.view.setToolTip(self.tr("Which complaints to list"))
        self.view.currentIndexChanged.connect(self._view_changed)
        self.hint = QLabel(objectName="PageSubtitle")

        sort = cx.DEFAULT_SORT if mode == MINE_MODE else cx.TEAM_SORT
        self.model = LazyTableModel(COLUMNS[mode], self._source(), sort)
        self.table = data_table(self.model)
        self.table.doubleClicked.connect(self._open_index)
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            QShortcut(
                QKeySequence(key), self.table, self.open_current, context=Qt.ShortcutContext.WidgetShortcut
            )
        self.empty = EmptyState()
        self.stack = stacked(self.table, self.empty)
        self.model.reloaded.connect(self._on_reloaded)

        top = QHBoxLayout()
        top.addWidget(self.view)
        top.addSpacing(12)
        top.addWidget(self.hint, 1)
        column(self, top, (self.stack, 1), margins=(0, 10, 0, 0), spacing=8)

        # the clocks move on: repaint "time left" now and then, re-read the rows each minute
        self._timer = QTimer(self, interval=REFRESH_MS)
        self._timer.timeout.connect(self.reload)
        self._timer.start()
        self.model.reload()

    @property
    def current_view(self) -> str:
        return self.view.currentData()

    def set_view(self, view: str) -> None:
        self.view.setCurrentIndex(max(0, self.view.findData(view)))

    def _source(self) -> QuerySource:
        return QuerySource(
            self.db,
            cx.count_complaints,
            cx.list_complaints,
            view=self.view.currentData(),
            user_id=self.user_id,
        )

    def set_user(self, user_id: str | None) -> None:
        if user_id != self.user_id:
            self.user_id = user_id
            self.model.set_source(self._source())

    def _view_changed(self) -> None:
        self.model.set_source(self._source())

    def reload(self) -> None:
        with keep_view(self.table):
            self.model.reload()

    def current_id(self) -> str | None:
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        return self.model.row(index.row())["id"]

    def open_current(self) -> None:
        cid = self.current_id()
        if cid:
            self.openRequested.emit(cid)

    def _open_index(self, index: QModelIndex) -> None:
        if index.isValid():
            self.openRequested.emit(self.model.row(index.row())["id"])

    def select(self, complaint_id: str) -> bool:
        """Select ``complaint_id`` (paging the lazy list in as needed); False if not listed."""
        row = 0
        while row < self.model.rowCount() or self.model.canFetchMore():
            if row == self.model.rowCount():
                self.model.fetchMore()
                continue
            if self.model.row(row)["id"] == complaint_id:
                self.table.selectRow(row)
                self.table.scrollTo(self.model.index(row, 0))
                return True
            row += 1
        return False

    def _on_reloaded(self, total: int) -> None:
        view = self.current_view
        if view == cx.MINE:
            self.hint.setText(self.tr("Shown: %1 · most urgent first").replace("%1", str(total)))
            self.empty.set_text(
                self.tr("No open complaints"),
                self.tr(
                    "Complaints you record or are handed appear here, the next deadline "
                    "first. Record one with Ctrl+Shift+C."
                ),
            )
        elif view == cx.ATTENTION:
            self.hint.setText(self.tr("Shown: %1 · highest escalation first").replace("%1", str(total)))
            self.empty.set_text(
                self.tr("Nothing escalated or overdue"),
                self.tr("Complaints of your team that miss a deadline or are escalated appear here."),
            )
        else:
            self.hint.setText(self.tr("Shown: %1").replace("%1", str(total)))
            self.empty.set_text(
                self.tr("No complaints"),
                self.tr("Complaints recorded for your customers appear here after a sync."),
            )
        self.stack.setCurrentWidget(self.table if total else self.empty)
        self.reloaded.emit(total)
