"""The Visits page: every visit on this laptop, with the customer list's search and filters.

The search is the customer list's (name, pinyin, initials, code, phone — the full-text
index of ``local_db.search``); the date range, the purpose and the review state narrow
the same SQL query (``local_db.queries.list_visits`` with a ``VisitFilter``), so a list
of thousands of rows stays lazy and sorted by the database.
"""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, QTimer
from PySide6.QtGui import QAction, QColor, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from domain import enums as E
from local_db import queries
from local_db.review import day_start
from ui import evidence as evidence_texts
from ui.columns import datetime_column, enum_column, money_column, text_column
from ui.labels import label
from ui.pages.common import RecordsPage
from ui.style import WARNING
from ui.table_model import Column, LazyTableModel, QuerySource
from ui.widgets import open_date_edit, push_button

_when = datetime_column(
    "when", QT_TRANSLATE_NOOP("Columns", "Date"), lambda r: r["check_in_at"] or r["planned_at"]
)
_customer = text_column("customer", QT_TRANSLATE_NOOP("Columns", "Customer"), "customer_name")
_rep = text_column("rep", QT_TRANSLATE_NOOP("Columns", "Sales rep"), "rep_name", width=8)
_purpose = enum_column("purpose", QT_TRANSLATE_NOOP("Columns", "Purpose"), E.VisitPurpose, "purpose")
_status = enum_column("status", QT_TRANSLATE_NOOP("Columns", "Status"), E.VisitStatus, "status")
_outcome = enum_column("outcome", QT_TRANSLATE_NOOP("Columns", "Outcome"), E.VisitOutcome, "outcome")
_evidence = Column(
    "evidence",
    QT_TRANSLATE_NOOP("Columns", "Evidence"),
    lambda r: evidence_texts.summary(r["evidence"]),
    width=10,
    sortable=False,
    tooltip=lambda r: "\n".join(evidence_texts.sentences(r["evidence"])),
    color=lambda r: QColor(WARNING) if r["evidence"] else None,
)
_amount = money_column(
    "order_amount", QT_TRANSLATE_NOOP("Columns", "Order amount"), "order_amount", blank_zero=True
)

S = E.VisitStatus
# The review states a rep and a supervisor ask about, each a set of statuses.
STATES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("planned", (S.PLANNED.value, S.IN_PROGRESS.value)),
    ("waiting", (S.SUBMITTED.value,)),
    ("returned", (S.RETURNED.value,)),
    ("approved", (S.APPROVED.value,)),
    ("cancelled", (S.CANCELLED.value,)),
)


class VisitsPage(RecordsPage):
    SEARCH_DEBOUNCE_MS = 150

    def __init__(self, db, show_rep: bool, parent: QWidget | None = None):
        self.db = db
        columns = (
            [_when, _customer]
            + ([_rep] if show_rep else [])
            + [_purpose, _status, _outcome, _amount, _evidence]
        )
        self._filter = queries.VisitFilter()
        model = LazyTableModel(columns, self._source(), queries.DEFAULT_VISIT_SORT)
        super().__init__("", model, self._subtitle_text, "", "", parent)
        self.title.setText(self.tr("Visits"))  # self.tr needs the QObject made first
        self._build_filters()
        self._on_reloaded(model.total)

    def _source(self) -> QuerySource:
        return QuerySource(self.db, queries.count_visits, queries.list_visits, filters=self._filter)

    def _subtitle_text(self, total: int) -> str:
        if self._filter.active and not total:
            return self.tr("No visit matches these filters")
        if self._filter.active:
            return self.tr("%n matching visit(s), newest first", None, total)
        return self.tr("%n visit(s), newest first", None, total)

    def _build_filters(self) -> None:
        self.search = QLineEdit(objectName="VisitSearch")
        self.search.setPlaceholderText(self.tr("Customer: name, pinyin, initials, code or phone"))
        self.search.setClearButtonEnabled(True)
        # The hint is all that says what the field searches: wide enough for it in this language
        # (plus the frame, the margins and the clear button).
        hint = self.search.fontMetrics().horizontalAdvance(self.search.placeholderText())
        self.search.setMinimumWidth(max(260, hint + 48))
        self.search.setToolTip(self.tr("Find visits by customer (Ctrl+Shift+F); Down goes to the list"))
        self.date_from = open_date_edit(self.tr("From"))
        self.date_to = open_date_edit(self.tr("To"))
        self.date_from.setToolTip(self.tr("Visits on or after this day"))
        self.date_to.setToolTip(self.tr("Visits on or before this day"))
        self.purpose = QComboBox()
        self.purpose.addItem(self.tr("Any purpose"), None)
        for purpose in E.VisitPurpose:
            self.purpose.addItem(label(E.VisitPurpose, purpose), purpose.value)
        self.purpose.setToolTip(self.tr("Only visits with this purpose"))
        self.state = QComboBox()
        self.state.addItem(self.tr("Any state"), None)
        names = {
            "planned": self.tr("Planned or in progress"),
            "waiting": self.tr("Waiting for review"),
            "returned": self.tr("Returned to the rep"),
            "approved": self.tr("Approved"),
            "cancelled": self.tr("Cancelled"),
        }
        for key, _statuses in STATES:
            self.state.addItem(names[key], key)
        self.state.setToolTip(self.tr("Only visits in this review state"))
        self.clear_button = push_button(
            self.tr("Clear"), self.tr("Show every visit again"), self.reset_filters
        )

        bar = QHBoxLayout()
        bar.setSpacing(8)
        for w in (self.search, self.date_from, QLabel("–"), self.date_to, self.purpose, self.state):
            bar.addWidget(w)
        bar.addStretch(1)
        bar.addWidget(self.clear_button)
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertLayout(1, bar)

        self._debounce = QTimer(self, singleShot=True, interval=self.SEARCH_DEBOUNCE_MS)
        self._debounce.timeout.connect(self.apply_filters)
        self.search.textChanged.connect(lambda _t: self._debounce.start())
        self.search.returnPressed.connect(self._to_list)
        down = QAction(self.search)
        down.setShortcut(QKeySequence(Qt.Key.Key_Down))
        down.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        down.triggered.connect(self._to_list)
        self.search.addAction(down)
        focus = QAction(self)
        focus.setShortcut(QKeySequence("Ctrl+Shift+F"))  # Ctrl+F is the window's customer search
        focus.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        focus.triggered.connect(lambda: (self.search.setFocus(), self.search.selectAll()))
        self.addAction(focus)
        for combo in (self.purpose, self.state):
            combo.currentIndexChanged.connect(lambda _i: self.apply_filters())
        for edit in (self.date_from, self.date_to):
            edit.dateChanged.connect(lambda _d: self.apply_filters())

    @staticmethod
    def _day(edit: QDateEdit) -> date | None:
        return None if edit.date() == edit.minimumDate() else edit.date().toPython()

    def current_filter(self) -> queries.VisitFilter:
        start, last = self._day(self.date_from), self._day(self.date_to)
        statuses = dict(STATES).get(self.state.currentData(), ())
        return queries.VisitFilter(
            text=self.search.text(),
            start=day_start(start) if start else None,
            end=day_start(last + timedelta(days=1)) if last else None,
            purpose=self.purpose.currentData(),
            statuses=statuses,
        )

    def apply_filters(self) -> None:
        self._debounce.stop()
        self._filter = self.current_filter()
        self.model.set_source(self._source())

    def reset_filters(self) -> None:
        widgets = (self.search, self.date_from, self.date_to, self.purpose, self.state)
        for w in widgets:
            w.blockSignals(True)
        self.search.clear()
        self.date_from.setDate(self.date_from.minimumDate())
        self.date_to.setDate(self.date_to.minimumDate())
        self.purpose.setCurrentIndex(0)
        self.state.setCurrentIndex(0)
        for w in widgets:
            w.blockSignals(False)
        self.apply_filters()

    def _to_list(self) -> None:
        if self.model.rowCount():
            self.table.setFocus()
            if not self.table.currentIndex().isValid():
                self.table.selectRow(0)

    def _on_reloaded(self, total: int) -> None:
        super()._on_reloaded(total)
        if not total and self._filter.active:
            self.empty.set_text(
                self.tr("No visit matches"),
                self.tr("Nothing matches these filters. Change them, or press Clear to see every visit."),
            )
        elif not total:
            self.empty.set_text(
                self.tr("No visits yet"), self.tr("Planned and logged visits appear here after a sync.")
            )
        self.clear_button.setEnabled(self._filter.active)
