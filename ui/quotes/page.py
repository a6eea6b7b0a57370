"""The quotes area: the list (with a supervisor's approvals), new quote, the catalogue.

The list is the usual lazy model over ``local_db.quotes.list_quotes``; the status shown is
the *displayed* one (a sent quote past its validity shows as expired). Supervisors and
admins start on "Waiting for my approval": the pending quotes of their region other than
their own. Enter (or a double click) opens a quote in its own editor window; Ctrl+Shift+Q makes
a new one.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, QTimer
from PySide6.QtGui import QAction, QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from domain.enums import QuoteStatus, Role
from domain.quote_lifecycle import effective_status
from local_db import quotes as Q
from ui.columns import date_column, money_column, text_column
from ui.labels import label, labels_of
from ui.pages.common import RecordsPage, selected_customer
from ui.quotes.catalog import CatalogDialog
from ui.quotes.editor import QuoteEditor
from ui.quotes.texts import STATUS_COLORS
from ui.table_model import Column, LazyTableModel, QuerySource
from ui.widgets import push_button

# lupdate only sees literal translate("Context", "text") calls, so no wrapper function.
translate = QCoreApplication.translate
S = QuoteStatus
TO_APPROVE, ALL, OPEN = "to_approve", "all", "open"
NEW_QUOTE_SHORTCUT = "Ctrl+Shift+Q"  # Ctrl+N is "new customer" (ui.visits)


def _status(row) -> QuoteStatus:
    return effective_status(row["status"], row["valid_until"], Q.today_local())


def _status_color(row) -> QColor | None:
    status = _status(row)
    return (
        QColor(STATUS_COLORS[status])
        if status in (S.PENDING_APPROVAL, S.EXPIRED, S.ACCEPTED, S.REJECTED)
        else None
    )


def _columns(show_rep: bool) -> list[Column]:
    columns = [
        text_column("number", QT_TRANSLATE_NOOP("Columns", "Number"), "number", width=15),
        text_column("customer", QT_TRANSLATE_NOOP("Columns", "Customer"), "customer_name"),
    ]
    if show_rep:
        columns.append(text_column("rep", QT_TRANSLATE_NOOP("Columns", "Sales rep"), "rep_name", width=8))
    columns += [
        date_column("issue_date", QT_TRANSLATE_NOOP("Columns", "Issued"), "issue_date"),
        date_column("valid_until", QT_TRANSLATE_NOOP("Columns", "Valid until"), "valid_until"),
        Column(
            "status",
            QT_TRANSLATE_NOOP("Columns", "Status"),
            lambda r: label(QuoteStatus, _status(r)),
            width=8,
            samples=lambda: labels_of(QuoteStatus),
            color=_status_color,
            tooltip=lambda r: r["approval_comment"] or "",
        ),
        money_column("total", QT_TRANSLATE_NOOP("Columns", "Total"), "total", currency_field="currency"),
    ]
    return columns


class QuotesPage(RecordsPage):
    """The quotes list with its filters; opens editors and the catalogue."""

    DEBOUNCE_MS = 150

    def __init__(
        self,
        db,
        *,
        role: str | None,
        runner,
        language: str = "en",
        user_id: str | None = None,
        parent: QWidget | None = None,
    ):
        self.db = db
        self.role = role
        self.runner = runner
        self.language = language
        self.user_id = user_id if user_id is not None else db.get_state("user_id")
        self.approver = role in (Role.SUPERVISOR.value, Role.ADMIN.value)
        self.editors: dict[str, QuoteEditor] = {}
        self._catalog: tuple[tuple, Q.Catalog] | None = None
        self._filter = Q.QuoteFilter()
        model = LazyTableModel(_columns(self.approver), self._source(), Q.DEFAULT_QUOTE_SORT)
        super().__init__("", model, self._subtitle_text, "", "", parent)
        self.title.setText(self.tr("Quotes"))

        self.filter = QComboBox()
        if self.approver:
            self.filter.addItem(self.tr("Waiting for my approval"), TO_APPROVE)
        self.filter.addItem(self.tr("All quotes"), ALL)
        self.filter.addItem(self.tr("Open quotes"), OPEN)
        for status in QuoteStatus:
            self.filter.addItem(label(QuoteStatus, status), status.value)
        self.filter.setToolTip(self.tr("Which quotes to list"))
        self.search = QLineEdit(objectName="SearchBox")
        self.search.setPlaceholderText(self.tr("Search number or customer"))
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(240)
        self.catalog_button = push_button(
            self.tr("Catalogue"), self.tr("Products and price lists (F4)"), self.open_catalog
        )
        self.new_button = push_button(
            self.tr("New quote"),
            self.tr("Start a quote (%1)").replace("%1", NEW_QUOTE_SHORTCUT),
            lambda: self.new_quote(),
        )
        for w in (self.filter, self.search, self.catalog_button, self.new_button):
            self.tools.addWidget(w, 0, Qt.AlignmentFlag.AlignBottom)

        self._debounce = QTimer(self, singleShot=True, interval=self.DEBOUNCE_MS)
        self._debounce.timeout.connect(self.apply_filter)
        self.search.textChanged.connect(lambda _t: self._debounce.start())
        self.filter.currentIndexChanged.connect(lambda _i: self.apply_filter())
        QShortcut(
            QKeySequence(Qt.Key.Key_F4),
            self,
            self.open_catalog,
            context=Qt.ShortcutContext.WidgetWithChildrenShortcut,
        )
        self.table.activated.connect(self._activated)
        self.apply_filter()

    # -- the list ---------------------------------------------------------------------------

    def _source(self) -> QuerySource:
        return QuerySource(self.db, Q.count_quotes, Q.list_quotes, filter=self._filter)

    def current_filter(self) -> str:
        return self.filter.currentData()

    def set_filter(self, key: str) -> None:
        self.filter.setCurrentIndex(max(0, self.filter.findData(key)))
        self.apply_filter()

    def apply_filter(self) -> None:
        self._debounce.stop()
        key = self.filter.currentData()
        statuses: tuple[str, ...] = ()
        exclude = None
        if key == TO_APPROVE:
            statuses, exclude = (S.PENDING_APPROVAL.value,), self.user_id
        elif key == OPEN:
            statuses = (S.DRAFT.value, S.PENDING_APPROVAL.value, S.APPROVED.value, S.SENT.value)
        elif key not in (ALL, None):
            statuses = (key,)
        self._filter = Q.QuoteFilter(statuses=statuses, text=self.search.text(), exclude_rep=exclude)
        self.model.set_source(self._source())

    def _subtitle_text(self, total: int) -> str:
        key = self.filter.currentData() if hasattr(self, "filter") else ALL
        if key == TO_APPROVE:
            return self.tr("Waiting for your approval: %1").replace("%1", str(total))
        return translate("Pages", "%n quote(s), newest first", None, total)

    def _on_reloaded(self, total: int) -> None:
        key = self.filter.currentData() if hasattr(self, "filter") else ALL
        if key == TO_APPROVE:
            self.empty.set_text(
                self.tr("Nothing waiting for your approval"),
                self.tr(
                    "Quotes your team submits with a discount above their limit appear here after a sync."
                ),
            )
        elif self._filter.text or self._filter.statuses:
            self.empty.set_text(
                self.tr("No quote matches"), self.tr("Choose “All quotes” or change the search.")
            )
        else:
            self.empty.set_text(
                self.tr("No quotes yet"),
                self.tr("Press %1 to write one; quotes of your customers also arrive with a sync.").replace(
                    "%1", NEW_QUOTE_SHORTCUT
                ),
            )
        super()._on_reloaded(total)

    def reload(self) -> None:
        user_id = self.db.get_state("user_id")  # known only after the login (see ComplaintsArea.reload)
        if user_id and user_id != self.user_id:
            self.user_id = user_id
            self.apply_filter()  # reloads with the new user's "to approve" filter
        else:
            self.model.reload()
        for editor in list(self.editors.values()):
            editor.reload()

    # -- editors ----------------------------------------------------------------------------

    def catalog(self) -> Q.Catalog:
        """The catalogue, loaded once and again only when a sync changed the products."""
        self._catalog = Q.catalog_of(self.db, self._catalog)
        return self._catalog[1]

    def _activated(self, index) -> None:
        if index.isValid():
            self.open_quote(self.model.row(index.row())["id"])

    def open_quote(self, quote_id: str) -> QuoteEditor:
        editor = self.editors.get(quote_id)
        if editor is None:
            editor = self._editor(quote_id=quote_id)
        editor.show()
        editor.raise_()
        editor.activateWindow()
        return editor

    def new_quote(self, customer_id: str | None = None) -> QuoteEditor:
        editor = self._editor(customer_id=customer_id)
        editor.show()
        editor.activateWindow()
        return editor

    def _editor(self, quote_id: str | None = None, customer_id: str | None = None) -> QuoteEditor:
        editor = QuoteEditor(
            self.db,
            runner=self.runner,
            user_id=self.user_id,
            role=self.role,
            language=self.language,
            quote_id=quote_id,
            customer_id=customer_id,
            catalog=self.catalog(),
            parent=self,
        )
        if quote_id:
            self.editors[quote_id] = editor
        editor.saved.connect(lambda qid, e=editor: self._saved(qid, e))
        editor.openRequested.connect(self.open_quote)
        editor.destroyed.connect(lambda _obj=None, e=editor: self._forget(e))
        return editor

    def _saved(self, quote_id: str, editor: QuoteEditor) -> None:
        if editor.quote_id and self.editors.get(editor.quote_id) is not editor:
            self.editors[editor.quote_id] = editor
        self.model.reload()

    def _forget(self, editor: QuoteEditor) -> None:
        for key, value in list(self.editors.items()):
            if value is editor:
                del self.editors[key]

    def open_catalog(self) -> CatalogDialog:
        dialog = CatalogDialog(self.db, catalog=self.catalog(), parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.catalog_dialog = dialog
        return dialog


def new_quote_action(window) -> QAction:
    """File ▸ New quote (Ctrl+Shift+Q): an editor for the customer selected in the customer list, if any."""
    action = QAction(translate("QuotesPage", "New &quote…"), window)
    action.setShortcut(QKeySequence(NEW_QUOTE_SHORTCUT))
    action.setToolTip(translate("QuotesPage", "Write a quote (%1)").replace("%1", NEW_QUOTE_SHORTCUT))

    def trigger() -> None:
        page = getattr(window, "pages", {}).get("quotes")
        if isinstance(page, QuotesPage):
            page.new_quote(selected_customer(window))

    action.triggered.connect(trigger)
    return action
