"""The Customers area: the list (instant search, filters, saved filters) and the customer file.

The list is a lazy model over ``local_db.queries.search_customers``: one count and one page
of rows per search, more pages as the rep scrolls, sorted by SQL, so 50,000 customers
cost what 200 do. Typing searches after a short pause (full-text index with Chinese
substrings and pinyin, see ``local_db.search``). Enter or a double-click opens the
customer file in place; Esc goes back to the list as it was.

The page also keeps the search index in step: after a sync (or at start, after an
upgrade) customers wait in the index's backlog, and the ``SearchIndexer`` works them off
on the window's task runner, off the UI thread.
"""

from __future__ import annotations

from datetime import date, datetime, timezone
from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QInputDialog,
    QLineEdit,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from domain import enums as E
from local_db import customers as customers_db
from local_db import queries, search
from local_db.queries import CustomerFilters
from ui.columns import enum_column, text_column
from ui.customer_file.look import WORKSPACE_STYLE
from ui.customer_file.words import sync_text, visit_due_text
from ui.labels import label
from ui.operations import SAVED_FILTER, LocalOp
from ui.pages.common import PageFrame
from ui.style import ACCENT, OFFLINE, WARNING
from ui.sync_hooks import keep_view
from ui.table_model import Column, LazyTableModel, QuerySource
from ui.widgets import forwarded, push_button

if TYPE_CHECKING:
    from ui.customer_file.view import CustomerFileView

# lupdate only sees literal translate("Context", "text") calls, so no wrapper function.
translate = QCoreApplication.translate


def _tier_color(row) -> QColor | None:
    return QColor(ACCENT) if row["tier"] == E.ValueTier.VIP else None


def _name_tooltip(row) -> str:
    return "\n".join(p for p in (row["name"], row["address"]) if p)


def _due(row) -> str:
    if not row["indexed"]:
        return ""  # not known until the search index has caught up (right after the first sync)
    return visit_due_text(row["due_on"], row["last_visit_at"], row["planned_at"])[0]


def _due_color(row) -> QColor | None:
    if not row["indexed"]:
        return None
    kind = visit_due_text(row["due_on"], row["last_visit_at"], row["planned_at"])[1]
    return {"bad": QColor(OFFLINE), "warn": QColor(WARNING), "good": QColor("#15803d")}.get(kind)


def _sync(row) -> str:
    return "● " + sync_text(row["sync_state"])[0]


def _sync_color(row) -> QColor:
    return QColor(sync_text(row["sync_state"])[1])


def _due_samples() -> list[str]:
    planned = datetime(2026, 12, 30, 22, 30, tzinfo=timezone.utc)
    return [
        visit_due_text(None, None, None)[0],
        visit_due_text(date(2026, 1, 1), None, None, date(2026, 5, 1))[0],
        visit_due_text(None, None, planned)[0],
    ]


def _sync_samples() -> list[str]:
    return ["● " + sync_text(s)[0] for s in queries.SYNC_STATES]


COLUMNS = (
    text_column("code", QT_TRANSLATE_NOOP("Columns", "Code"), "code", width=10),
    text_column("name", QT_TRANSLATE_NOOP("Columns", "Name"), "name", tooltip=_name_tooltip),
    text_column("city", QT_TRANSLATE_NOOP("Columns", "City"), "city", width=6),
    text_column("phone", QT_TRANSLATE_NOOP("Columns", "Phone"), "phone", width=15),
    enum_column("tier", QT_TRANSLATE_NOOP("Columns", "Tier"), E.ValueTier, "tier", color=_tier_color),
    enum_column(
        "lifecycle_stage", QT_TRANSLATE_NOOP("Columns", "Lifecycle"), E.LifecycleStage, "lifecycle_stage"
    ),
    enum_column(
        "visit_grade",
        QT_TRANSLATE_NOOP("Columns", "Visit grade"),
        E.VisitGrade,
        "visit_grade",
        align=Qt.AlignmentFlag.AlignHCenter,
        width=4,
    ),
    Column(
        "due_on",
        QT_TRANSLATE_NOOP("Columns", "Next visit"),
        _due,
        width=9,
        color=_due_color,
        samples=_due_samples,
    ),
    Column(
        "sync_state",
        QT_TRANSLATE_NOOP("Columns", "Sync"),
        _sync,
        width=7,
        color=_sync_color,
        samples=_sync_samples,
    ),
)
OWNER_COLUMN = text_column("owner", QT_TRANSLATE_NOOP("Columns", "Owner"), "owner_name", width=8)


class SearchIndexer(QObject):
    """Works off the search index's backlog in the background, a slice per transaction."""

    updated = Signal(int)  # customers indexed in the run that just ended
    SLICE = 1000

    def __init__(self, db, runner, parent: QObject | None = None):
        super().__init__(parent)
        self.db, self.runner = db, runner
        self.task = None
        self.paused = False
        self._again = False

    def backlog(self) -> int:
        with self.db.session() as s:
            return search.backlog(s)

    def kick(self) -> None:
        """Start a run if there is a backlog and none is running (or remember to look again)."""
        if self.paused or self.db.closed:  # closed: the profile was closed (or wiped) meanwhile
            return
        if self.task is not None:
            self._again = True
            return
        if not self.backlog():
            return
        path, key = self.db.path, self.db.key

        def job(ctx) -> int:
            return search.work_off_backlog(path, key, self.SLICE, ctx.progress)

        self.task = self.runner.submit(
            job, name="search-index", on_result=self._done, on_error=lambda _e: self._done(0)
        )

    def _done(self, count: int) -> None:
        self.task = None
        if count:
            self.updated.emit(count)
        if self._again:
            self._again = False
            QTimer.singleShot(0, self.kick)

    def set_paused(self, paused: bool) -> None:
        self.paused = paused
        if not paused:
            QTimer.singleShot(0, self.kick)


class CustomerListPanel(PageFrame):
    """The list itself. Its words keep the translation context of the page it was ("CustomersPage")."""

    DEBOUNCE_MS = 150

    searchChanged = Signal(str)  # after the debounce, when the list was re-queried
    customerActivated = Signal(str)

    def __init__(self, db, show_owner: bool, parent: QWidget | None = None):
        self._db = db
        self._text = ""
        self._filters = CustomerFilters()
        self._syncing = False
        columns = list(COLUMNS)
        if show_owner:
            columns.insert(-2, OWNER_COLUMN)
        model = LazyTableModel(columns, self._source("", self._filters), queries.DEFAULT_CUSTOMER_SORT)
        super().__init__("", model, parent)
        self.title.setText(translate("CustomersPage", "Customers"))

        self.search = QLineEdit(objectName="SearchBox")
        self.search.setPlaceholderText(
            translate("CustomersPage", "Search name, pinyin, code, phone, address or contact")
        )
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(340)
        self.search.setToolTip(
            translate(
                "CustomersPage",
                "Search customers (Ctrl+F). Chinese, pinyin (hzxy) or English; every word must match.",
            )
        )
        self.tools.addWidget(self.search, 0, Qt.AlignmentFlag.AlignBottom)

        # Typing re-queries after a short pause, not on every keystroke.
        self._debounce = QTimer(self, singleShot=True, interval=self.DEBOUNCE_MS)
        self._debounce.timeout.connect(self.apply_search)
        self.search.textChanged.connect(lambda _t: self._debounce.start())
        self.search.returnPressed.connect(self.apply_search)
        QShortcut(
            QKeySequence(Qt.Key.Key_Escape),
            self.search,
            self.search.clear,
            context=Qt.ShortcutContext.WidgetShortcut,
        )
        QShortcut(
            QKeySequence(Qt.Key.Key_Down),
            self.search,
            self._into_table,
            context=Qt.ShortcutContext.WidgetShortcut,
        )
        model.reloaded.connect(self._on_reloaded)

        self.layout().insertWidget(1, self._filter_bar())
        self.table.doubleClicked.connect(lambda index: self._activate(index.row()))
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            QShortcut(
                QKeySequence(key),
                self.table,
                lambda: self._activate(self.table.currentIndex().row()),
                context=Qt.ShortcutContext.WidgetShortcut,
            )

    # -- filters -----------------------------------------------------------------------------

    def _filter_bar(self) -> QWidget:
        bar = QWidget()
        row = QHBoxLayout(bar)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(6)

        def combo(name: str, everything: str, items: list[tuple[str, str]]) -> QComboBox:
            box = QComboBox(objectName=f"filter_{name}")
            box.addItem(everything, None)
            for text, value in items:
                box.addItem(text, value)
            box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            box.currentIndexChanged.connect(self._filters_edited)
            row.addWidget(box)
            return box

        self.tier = combo(
            "tier",
            translate("CustomersPage", "All tiers"),
            [(label(E.ValueTier, m), m.value) for m in E.ValueTier],
        )
        self.stage = combo(
            "lifecycle",
            translate("CustomersPage", "All stages"),
            [(label(E.LifecycleStage, m), m.value) for m in E.LifecycleStage],
        )
        self.grade = combo(
            "grade",
            translate("CustomersPage", "All grades"),
            [
                (translate("CustomersPage", "Grade %1").replace("%1", label(E.VisitGrade, m)), m.value)
                for m in E.VisitGrade
            ],
        )
        self.territory = combo("territory", translate("CustomersPage", "All territories"), [])
        self.due = combo(
            "due",
            translate("CustomersPage", "Any visit status"),
            [
                (translate("CustomersPage", "Due or overdue"), queries.DUE),
                (translate("CustomersPage", "Overdue"), queries.OVERDUE),
            ],
        )
        self.sync_state = combo(
            "sync",
            translate("CustomersPage", "Any sync state"),
            [
                (translate("CustomersPage", "Not sent yet"), queries.PENDING),
                (translate("CustomersPage", "With a sync issue"), queries.ISSUE),
            ],
        )
        self.key_account = QCheckBox(translate("CustomersPage", "Key accounts"), objectName="filter_key")
        self.key_account.toggled.connect(self._filters_edited)
        row.addWidget(self.key_account)
        row.addStretch(1)
        # Saved filters sit in the header, beside the search box: the filter row keeps room.
        self.saved = QComboBox(objectName="saved_filters")
        self.saved.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.saved.setToolTip(translate("CustomersPage", "Filters you saved"))
        self.saved.activated.connect(self._saved_chosen)
        self.tools.insertWidget(0, self.saved, 0, Qt.AlignmentFlag.AlignBottom)
        self.save_button = push_button(
            translate("CustomersPage", "Save filter…"),
            translate("CustomersPage", "Keep the current filters under a name"),
            self.ask_save_filter,
        )
        self.save_button.setEnabled(False)
        self.tools.insertWidget(1, self.save_button, 0, Qt.AlignmentFlag.AlignBottom)
        self.clear_button = push_button(
            translate("CustomersPage", "Clear"),
            translate("CustomersPage", "Show all customers again"),
            self.clear_filters,
        )
        self.clear_button.setEnabled(False)
        row.addWidget(self.clear_button)
        self._filter_boxes = (self.tier, self.stage, self.grade, self.territory, self.due, self.sync_state)
        self._saved_filters: dict = {}
        self.saved.addItem(translate("CustomersPage", "Saved filters"), None)
        self.saved.setEnabled(False)  # filled with the list (reload_choices)
        for box in self._filter_boxes:  # never cut a choice short
            box.setMinimumWidth(box.sizeHint().width())
        return bar

    def reload_choices(self) -> None:
        """Territories of the local customers and the saved filters (after a sync or a save)."""
        territories, saved = customers_db.filter_choices(self._db)
        current = self.territory.currentData()
        self.territory.blockSignals(True)
        while self.territory.count() > 1:
            self.territory.removeItem(1)
        for t in territories:
            self.territory.addItem(t["name"], t["id"])
        self.territory.setCurrentIndex(max(0, self.territory.findData(current)))
        self.territory.setVisible(len(territories) > 1 or current is not None)
        self.territory.blockSignals(False)
        self.saved.clear()
        self.saved.addItem(translate("CustomersPage", "Saved filters"), None)
        for fid, name, _filters in saved:
            self.saved.addItem(name, fid)
        self.saved.setEnabled(bool(saved))
        self._saved_filters = {fid: f for fid, _name, f in saved}

    def filters(self) -> CustomerFilters:
        return CustomerFilters(
            tier=self.tier.currentData(),
            lifecycle_stage=self.stage.currentData(),
            visit_grade=self.grade.currentData(),
            territory_id=self.territory.currentData(),
            key_account=True if self.key_account.isChecked() else None,
            visit_due=self.due.currentData(),
            sync_state=self.sync_state.currentData(),
        )

    def set_filters(self, filters: CustomerFilters) -> None:
        widgets = (
            (self.tier, filters.tier),
            (self.stage, filters.lifecycle_stage),
            (self.grade, filters.visit_grade),
            (self.territory, filters.territory_id),
            (self.due, filters.visit_due),
            (self.sync_state, filters.sync_state),
        )
        for box, value in (*widgets,):
            box.blockSignals(True)
            box.setCurrentIndex(max(0, box.findData(value)))
            box.blockSignals(False)
        self.key_account.blockSignals(True)
        self.key_account.setChecked(bool(filters.key_account))
        self.key_account.blockSignals(False)
        self._filters_edited()

    def clear_filters(self) -> None:
        self.saved.setCurrentIndex(0)
        self.set_filters(CustomerFilters())

    def _filters_edited(self) -> None:
        filters = self.filters()
        if filters == self._filters:
            return
        self._filters = filters
        self.clear_button.setEnabled(filters.active)
        self.save_button.setEnabled(filters.active)
        self.model.set_source(self._source(self._text, filters))

    def _saved_chosen(self, index: int) -> None:
        fid = self.saved.itemData(index)
        if fid is not None and fid in self._saved_filters:
            self.set_filters(self._saved_filters[fid])

    def ask_save_filter(self) -> None:
        name, ok = QInputDialog.getText(
            self,
            translate("CustomersPage", "Save filter"),
            translate("CustomersPage", "Name of this filter:"),
        )
        if ok and name.strip():
            self.save_filter(name)

    def save_filter(self, name: str) -> None:
        filters = self.filters()
        fid = (
            LocalOp.in_session(self, self._db, lambda s: queries.save_filter(s, name, filters))
            .local_only(SAVED_FILTER)
            .run()
        )
        self.reload_choices()
        self.saved.setCurrentIndex(max(0, self.saved.findData(fid)))

    # -- search and list ---------------------------------------------------------------------

    def _source(self, text: str, filters: CustomerFilters) -> QuerySource:
        return QuerySource(
            self._db,
            queries.count_customers,
            queries.search_customers,
            text=text,
            filters=filters if filters.active else None,
        )

    @property
    def search_text(self) -> str:
        return self._text

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def _into_table(self) -> None:
        if self.model.rowCount():
            self.table.setFocus()
            self.table.selectRow(0)

    def apply_search(self) -> None:
        self._debounce.stop()
        text = self.search.text().strip()
        if text == self._text and self.model.rowCount():
            return
        self._text = text
        self.model.set_source(self._source(text, self._filters))
        self.searchChanged.emit(text)

    def reload(self) -> None:
        self.model.reload()

    def set_syncing(self, syncing: bool) -> None:
        self._syncing = syncing
        self._on_reloaded(self.model.total)

    def _index_pending(self) -> bool:
        with self._db.session() as s:
            return search.backlog(s) > 0

    def current_customer(self) -> str | None:
        index = self.table.currentIndex()
        if not index.isValid() or self.stack.currentWidget() is not self.table:
            return None
        return self.model.row(index.row())["id"]

    def _activate(self, row: int) -> None:
        if 0 <= row < self.model.rowCount():
            self.customerActivated.emit(self.model.row(row)["id"])

    def _on_reloaded(self, total: int) -> None:
        filtered = self._filters.active
        if self._text or filtered:
            self.subtitle.setText(translate("CustomersPage", "%n customer(s) match your search", "", total))
        else:
            self.subtitle.setText(translate("CustomersPage", "%n customer(s) on this computer", "", total))
        if self._index_pending():
            # Right after a first sync the documents are built in the background: the list
            # works meanwhile (customers are matched directly), only pinyin waits for it.
            self.subtitle.setText(
                self.subtitle.text()
                + " · "
                + translate(
                    "CustomersPage",
                    "building the search index: search works meanwhile, pinyin once it is done",
                )
            )
        if total == 0:
            if self._text:
                self.empty.set_text(
                    translate("CustomersPage", "No customer matches “%1”").replace("%1", self._text),
                    translate(
                        "CustomersPage",
                        "Check the spelling, or search by pinyin initials, code, phone number or city.",
                    )
                    if not filtered
                    else translate(
                        "CustomersPage", "Some filters are on: clear them to search all customers."
                    ),
                )
            elif filtered:
                self.empty.set_text(
                    translate("CustomersPage", "No customer matches these filters"),
                    translate("CustomersPage", "Change or clear the filters to see more customers."),
                )
            elif self._syncing:
                self.empty.set_text(
                    translate("CustomersPage", "Downloading your customers…"),
                    translate(
                        "CustomersPage",
                        "The first sync is running. The list fills in as soon as it finishes.",
                    ),
                )
            else:
                self.empty.set_text(
                    translate("CustomersPage", "No customers yet"),
                    translate("CustomersPage", "They appear after the first sync. Press F5 to sync now."),
                )
        self.show_rows(total > 0)


class CustomersPage(QWidget):
    """The list and, in its place when one is opened, a customer's file."""

    DEBOUNCE_MS = CustomerListPanel.DEBOUNCE_MS

    checkInRequested = Signal(str)
    planRequested = Signal(str)
    visitActivated = Signal(str)
    changed = Signal()

    def __init__(self, db, parent: QWidget | None = None, *, runner, show_owner: bool | None = None):
        super().__init__(parent)
        self.db = db
        if show_owner is None:
            show_owner = db.get_state("role") not in (None, E.Role.REP.value)
        self.list = CustomerListPanel(db, show_owner)
        self._file: CustomerFileView | None = None  # made when a customer is first opened
        self.pages = QStackedWidget()
        self.pages.addWidget(self.list)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pages)
        self.setStyleSheet(WORKSPACE_STYLE)

        self.runner = runner
        self.indexer = SearchIndexer(db, runner, self)
        self.indexer.updated.connect(self._indexed)
        self.list.customerActivated.connect(self.open_customer)
        QTimer.singleShot(0, self.indexer.kick)

    @property
    def file(self) -> CustomerFileView:
        if self._file is None:
            from ui.customer_file.view import CustomerFileView  # made (and imported) when first needed

            view = self._file = CustomerFileView(self.db, self, runner=self.runner)
            self.pages.addWidget(view)
            view.back.connect(self.show_list)
            view.checkInRequested.connect(self.checkInRequested)
            view.planRequested.connect(self.planRequested)
            view.visitActivated.connect(self.visitActivated)
            view.changed.connect(self._file_changed)
            QShortcut(
                QKeySequence(Qt.Key.Key_Escape),
                view,
                self.show_list,
                context=Qt.ShortcutContext.WidgetWithChildrenShortcut,
            )
        return self._file

    # -- what the list offered before (the main window and tests use these) --------------------

    model = forwarded("list", "model")
    table = forwarded("list", "table")
    search = forwarded("list", "search")
    subtitle = forwarded("list", "subtitle")
    title = forwarded("list", "title")
    stack = forwarded("list", "stack")
    empty = forwarded("list", "empty")
    search_text = forwarded("list", "search_text")

    def apply_search(self) -> None:
        self.list.apply_search()

    def focus_search(self) -> None:
        self.show_list()
        self.list.focus_search()

    def set_syncing(self, syncing: bool) -> None:
        self.list.set_syncing(syncing)
        self.indexer.set_paused(syncing)

    def reload(self) -> None:
        self.list.reload()
        self.list.reload_choices()
        if self.showing_file and not self.file.reload():
            self.show_list()  # the customer left this laptop (reassigned)
        self.indexer.kick()

    # -- the customer file -------------------------------------------------------------------

    def open_customer(self, customer_id: str) -> bool:
        if not self.file.show_customer(customer_id):
            return False
        self.pages.setCurrentWidget(self.file)
        self.file.tabs.setFocus()
        return True

    def show_list(self) -> None:
        self.pages.setCurrentWidget(self.list)
        self.list.table.setFocus()

    @property
    def showing_file(self) -> bool:
        return self._file is not None and self.pages.currentWidget() is self._file

    def current_customer(self) -> str | None:
        """The customer the rep is looking at: the open file, else the selected row."""
        if self.showing_file:
            return self.file.customer_id
        return self.list.current_customer()

    def _file_changed(self) -> None:
        with keep_view(self.list.table):
            self.list.reload()
        self.changed.emit()

    def _indexed(self, _count: int) -> None:
        # New documents and visit facts: searches, due filters and the next-visit column change.
        with keep_view(self.list.table):
            self.list.reload()
        if self.showing_file:
            self.file.reload()
        self.changed.emit()
