"""The quote editor: one window per quote, keyboard first, offline.

* **Header**: the customer (type to find, Enter to take; fixed once saved), the contact,
  issue and validity dates; the customer's price list and currency are shown.
* **Lines**: type a SKU, a name or its pinyin in the product field and press Enter — the
  line is added with the price list's price for quantity 1 and the cursor lands in its
  quantity; Enter again goes back to the product field. Quantity, unit price, line
  discount and tax rate are edited in the table; totals follow every keystroke.
* **Totals** are exact decimals priced with ``domain.pricing`` (THE rounding rule, shown
  in the tooltip), with the total in words; the effective discount is compared with the
  rep's limit, and a quote above it can only be submitted for approval, not sent.
* **Lifecycle** actions (submit, send, approve/return for a supervisor, the customer's
  answer, cancel), copy, revision, and the PDF (open or save, in Chinese or English),
  rendered in the background by the task runner.
"""

from __future__ import annotations

import tempfile
from datetime import date
from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import QDate, QDir, QLocale, QStandardPaths, Qt, QUrl, Signal
from PySide6.QtGui import QAction, QCloseEvent, QDesktopServices, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from domain.enums import QuoteStatus, Role
from domain.errors import DomainError
from domain.money_words import chinese_capital_amount, english_amount_words
from domain.pricing import discount_limit, max_discount_pct
from domain.write_rules import quote_discount_needs_approval
from local_db import quotes as Q
from ui.attachments.dialog import AttachmentsDialog
from ui.banner import Banner
from ui.customer_picker import CustomerPicker
from ui.errors import quote_refusal_text
from ui.find_field import FindField, Found
from ui.formatting import fmt_date, fmt_datetime, fmt_money
from ui.labels import label
from ui.operations import LocalOp
from ui.quotes.catalog import CatalogDialog, product_detail
from ui.quotes.document import render_pdf
from ui.quotes.lines_model import AMOUNT, DESCRIPTION, QUANTITY, LiveDelegate, QuoteLinesModel
from ui.quotes.texts import STATUS_COLORS, parse_decimal, plain_number
from ui.style import MUTED, OFFLINE, WARNING
from ui.visits.shortcuts import ImeGuard

S = QuoteStatus
OPEN = (S.DRAFT, S.PENDING_APPROVAL, S.APPROVED, S.SENT)
DOC_LANGUAGES = (("zh_CN", "中文"), ("en", "English"))  # each in its own language, on purpose

EDITOR_STYLE = f"""
QLabel#QuoteTitle {{ font-size: 20px; font-weight: 600; }}
QLabel#QuoteSubtitle {{ color: {MUTED}; }}
QLabel#StatusChip {{ color: white; border-radius: 9px; padding: 2px 10px; font-weight: 600; }}
QFrame#TotalsPanel {{ border: 1px solid #e2e8f0; border-radius: 6px; background: #f8fafc; }}
QLabel#TotalValue {{ font-size: 20px; font-weight: 700; }}
QLabel#Words {{ color: {MUTED}; }}
QLabel#FieldHint {{ color: {MUTED}; }}
QLineEdit#ProductFinder {{ padding: 6px 10px; font-size: 14px; border: 1px solid #94a3b8;
    border-radius: 6px; }}
QLineEdit#ProductFinder:focus {{ border: 1px solid #2563eb; }}
"""


def _qdate(value: date | None) -> QDate:
    return QDate(value.year, value.month, value.day) if value else QDate()


def _pydate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


class QuoteEditor(QMainWindow):
    saved = Signal(str)  # the quote's id, after every committed write
    openRequested = Signal(str)  # another quote to open (a copy or a revision just made)

    def __init__(
        self,
        db,
        *,
        runner,
        user_id: str | None,
        role: str | None,
        language: str = "en",
        quote_id: str | None = None,
        customer_id: str | None = None,
        catalog: Q.Catalog | None = None,
        today: date | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(parent, Qt.WindowType.Window)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        ImeGuard.install()  # no shortcut fires while a pinyin input method is composing
        self.db, self.runner = db, runner
        self.user_id, self.role = user_id, role
        self.today = today or Q.today_local()
        self.dirty = False
        self.last_pdf: Path | None = None
        self._loading = False
        self._pdf_task = None
        self._just_added: int | None = None
        self.resize(1180, 800)
        self.setStyleSheet(EDITOR_STYLE)
        self.catalog, self.draft = Q.open_draft(db, quote_id, catalog, today=self.today)
        self.price_list: Q.PriceList | None = None
        self.model = QuoteLinesModel(self)
        self._build(language)
        self._build_actions()
        self._load_into_widgets()
        if customer_id and quote_id is None:
            self.choose_customer(customer_id)
        self._focus_first()

    # =================================================================== construction

    def _build(self, language: str) -> None:
        central = QWidget()
        self.setCentralWidget(central)
        outer = QVBoxLayout(central)
        outer.setContentsMargins(20, 14, 20, 10)
        outer.setSpacing(10)

        # -- title row
        self.title = QLabel(objectName="QuoteTitle")
        self.chip = QLabel(objectName="StatusChip")
        self.subtitle = QLabel(objectName="QuoteSubtitle")
        head = QHBoxLayout()
        head.addWidget(self.title)
        head.addWidget(self.chip, 0, Qt.AlignmentFlag.AlignVCenter)
        head.addSpacing(8)
        head.addWidget(self.subtitle, 1, Qt.AlignmentFlag.AlignVCenter)
        outer.addLayout(head)

        self.status_banner = Banner()
        self.banner = self.status_banner.text  # what it says (the tests read it)
        self.banner.setTextFormat(Qt.TextFormat.PlainText)
        outer.addWidget(self.status_banner)

        # -- header fields
        self.customer = CustomerPicker(self.db)
        self.customer.chosen.connect(self.choose_customer)
        self.customer_name = QLabel()
        self.customer_name.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.contact = QComboBox()
        self.contact.currentIndexChanged.connect(self._contact_changed)
        self.issue_date = QDateEdit(calendarPopup=True)
        self.valid_until = QDateEdit(calendarPopup=True)
        for edit in (self.issue_date, self.valid_until):
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.dateChanged.connect(self._dates_changed)
        self.price_list_label = QLabel(objectName="FieldHint", wordWrap=True)

        grid = QGridLayout()
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(6)
        customer_label = QLabel(self.tr("&Customer"))
        customer_label.setBuddy(self.customer)
        contact_label = QLabel(self.tr("C&ontact"))
        contact_label.setBuddy(self.contact)
        issued_label = QLabel(self.tr("&Issued"))
        issued_label.setBuddy(self.issue_date)
        valid_label = QLabel(self.tr("&Valid until"))
        valid_label.setBuddy(self.valid_until)
        grid.addWidget(customer_label, 0, 0)
        grid.addWidget(self.customer, 0, 1)
        grid.addWidget(self.customer_name, 0, 1)
        grid.addWidget(contact_label, 0, 2)
        grid.addWidget(self.contact, 0, 3)
        grid.addWidget(issued_label, 1, 0)
        dates = QHBoxLayout()
        dates.addWidget(self.issue_date)
        dates.addSpacing(24)
        dates.addWidget(valid_label)
        dates.addWidget(self.valid_until)
        dates.addStretch(1)
        grid.addLayout(dates, 1, 1)
        price_label = QLabel(self.tr("Price list"))
        grid.addWidget(price_label, 1, 2)
        grid.addWidget(self.price_list_label, 1, 3)
        grid.setColumnStretch(1, 3)
        grid.setColumnStretch(3, 2)
        outer.addLayout(grid)

        # -- product finder
        self.finder = FindField(self._find_products)
        self.finder.setObjectName("ProductFinder")
        self.finder.setPlaceholderText(
            self.tr("Add a product: type its SKU, name or pinyin, then Enter (Ctrl+L)")
        )
        self.finder.chosen.connect(self._product_chosen)
        self.catalog_button = QPushButton(self.tr("Catalogue… (F4)"))
        self.catalog_button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.catalog_button.clicked.connect(self.browse_catalog)
        finder_row = QHBoxLayout()
        finder_row.addWidget(self.finder, 1)
        finder_row.addWidget(self.catalog_button)
        outer.addLayout(finder_row)

        # -- lines
        self.table = QTableView(objectName="DataTable")
        self.table.setModel(self.model)
        self.table.setItemDelegate(LiveDelegate(self.table))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 14)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.setTabKeyNavigation(True)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        widths = {0: 4, 1: 9, 3: 5, 4: 8, 5: 10, 6: 7, 7: 6, AMOUNT: 12}
        char = self.table.fontMetrics().averageCharWidth()
        for col, chars in widths.items():
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
            title = self.model.headerData(col, Qt.Orientation.Horizontal)
            self.table.setColumnWidth(
                col, max(chars * char + 16, self.table.fontMetrics().horizontalAdvance(title) + 28)
            )
        header.setSectionResizeMode(DESCRIPTION, QHeaderView.ResizeMode.Stretch)
        self.table.itemDelegate().closeEditor.connect(self._editor_closed)
        self.empty_lines = QLabel(
            self.tr("No lines yet. Type a product above and press Enter."),
            objectName="FieldHint",
            alignment=Qt.AlignmentFlag.AlignCenter,
        )
        outer.addWidget(self.table, 1)
        outer.addWidget(self.empty_lines)

        # -- notes | totals
        bottom = QHBoxLayout()
        bottom.setSpacing(14)
        notes_box = QVBoxLayout()
        notes_label = QLabel(self.tr("&Notes for the customer"))
        self.notes = QPlainTextEdit()
        self.notes.setTabChangesFocus(True)
        self.notes.setMaximumHeight(90)
        notes_label.setBuddy(self.notes)
        self.notes.textChanged.connect(self._notes_changed)
        notes_box.addWidget(notes_label)
        notes_box.addWidget(self.notes)
        self.discount_info = QLabel(objectName="FieldHint", wordWrap=True)
        notes_box.addWidget(self.discount_info)
        notes_box.addStretch(1)

        # Approval (a supervisor or admin deciding on someone else's pending quote)
        self.approval = QFrame(objectName="TotalsPanel")
        approval_box = QVBoxLayout(self.approval)
        self.approval_title = QLabel(wordWrap=True)
        self.approval_comment = QPlainTextEdit()
        self.approval_comment.setTabChangesFocus(True)
        self.approval_comment.setMaximumHeight(60)
        self.approval_comment.setPlaceholderText(
            self.tr("Comment for the rep (required to return the quote)")
        )
        buttons = QHBoxLayout()
        self.approve_button = QPushButton(self.tr("Approve (Ctrl+Shift+Y)"))
        self.return_button = QPushButton(self.tr("Return to rep (Ctrl+Shift+N)"))
        self.approve_button.clicked.connect(self.approve)
        self.return_button.clicked.connect(self.return_to_rep)
        buttons.addWidget(self.approve_button)
        buttons.addWidget(self.return_button)
        buttons.addStretch(1)
        approval_box.addWidget(self.approval_title)
        approval_box.addWidget(self.approval_comment)
        approval_box.addLayout(buttons)
        notes_box.addWidget(self.approval)

        totals = QFrame(objectName="TotalsPanel")
        totals.setMinimumWidth(380)
        form = QFormLayout(totals)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.header_discount = QLineEdit()
        self.header_discount.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.header_discount.setMaximumWidth(90)
        self.header_discount.setToolTip(self.tr("A discount on the whole quote, in percent (Alt+H)"))
        self.header_discount.textEdited.connect(self._header_discount_edited)
        discount_label = QLabel(self.tr("&Header discount %"))
        discount_label.setBuddy(self.header_discount)
        self.subtotal_value = QLabel(alignment=Qt.AlignmentFlag.AlignRight)
        self.discount_value = QLabel(alignment=Qt.AlignmentFlag.AlignRight)
        self.tax_value = QLabel(alignment=Qt.AlignmentFlag.AlignRight)
        self.total_value = QLabel(objectName="TotalValue", alignment=Qt.AlignmentFlag.AlignRight)
        self.words = QLabel(objectName="Words", alignment=Qt.AlignmentFlag.AlignRight, wordWrap=True)
        hd_row = QHBoxLayout()
        hd_row.addStretch(1)
        hd_row.addWidget(self.header_discount)
        form.addRow(discount_label, hd_row)
        form.addRow(self.tr("Subtotal"), self.subtotal_value)
        form.addRow(self.tr("Header discount"), self.discount_value)
        form.addRow(self.tr("Tax"), self.tax_value)
        form.addRow(self.tr("Total"), self.total_value)
        form.addRow(self.words)
        rule = self.tr(
            "Rounding (one rule, as on the printed quote and on the server):\n"
            "1. Each line: quantity × unit price × (1 − line discount), rounded half up to the cent.\n"
            "2. Subtotal: the sum of the lines.\n"
            "3. Header discount: subtotal × header discount, rounded half up to the cent, shared across "
            "the lines in whole cents (largest remainder).\n"
            "4. Tax: per line, (line − its share) × tax rate, rounded half up to the cent.\n"
            "5. Total: subtotal − header discount + tax; the lines add up to it exactly."
        )
        totals.setToolTip(rule)
        self.rounding_rule = rule

        bottom.addLayout(notes_box, 1)
        bottom.addWidget(totals, 0, Qt.AlignmentFlag.AlignTop)
        outer.addLayout(bottom)

        self.problem = QLabel(styleSheet=f"color: {OFFLINE};")
        self.statusBar().addWidget(self.problem, 1)
        self.hint = QLabel(objectName="FieldHint")
        self.statusBar().addPermanentWidget(self.hint)
        self.model.changed.connect(self._lines_changed)
        self.model.problem.connect(self.problem.setText)

        # -- the document language (the PDF's, not the screen's)
        self.doc_language = QComboBox()
        for code, name in DOC_LANGUAGES:
            self.doc_language.addItem(name, code)
        self.doc_language.setCurrentIndex(0 if language.startswith("zh") else 1)
        self.doc_language.setToolTip(self.tr("Language of the printed quote"))

    def _action(self, text: str, keys, tip: str, slot, menu, toolbar: bool = False) -> QAction:
        action = QAction(text, self)
        sequences = [QKeySequence(k) for k in (keys if isinstance(keys, (list, tuple)) else [keys])]
        action.setShortcuts(sequences)
        shown = sequences[0].toString(QKeySequence.SequenceFormat.NativeText)
        action.setToolTip(f"{tip} ({shown})")
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(lambda _checked=False: slot())
        menu.addAction(action)
        if toolbar:
            self.toolbar.addAction(action)
        return action

    def _build_actions(self) -> None:
        bar = self.menuBar()
        self.toolbar = QToolBar(self.tr("Quote"))
        self.toolbar.setMovable(False)
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.addToolBar(self.toolbar)

        quote = bar.addMenu(self.tr("&Quote"))
        a = self._action
        self.save_action = a(
            self.tr("&Save"), "Ctrl+S", self.tr("Save the quote on this computer"), self.save, quote, True
        )
        self.submit_action = a(
            self.tr("Submit for &approval"),
            "Ctrl+Shift+A",
            self.tr("Send the quote to your supervisor to approve its discount"),
            self.submit,
            quote,
            True,
        )
        self.send_action = a(
            self.tr("Mark as s&ent"),
            "Ctrl+Return",
            self.tr("The quote was handed or sent to the customer"),
            self.send,
            quote,
            True,
        )
        quote.addSeparator()
        self.toolbar.addSeparator()
        self.pdf_action = a(
            self.tr("Open &PDF"),
            "Ctrl+P",
            self.tr("Make the printable quote and open it"),
            lambda: self.make_pdf(save_as=False),
            quote,
            True,
        )
        self.save_pdf_action = a(
            self.tr("Save PDF &as…"),
            "Ctrl+Shift+P",
            self.tr("Make the printable quote and save it"),
            lambda: self.make_pdf(save_as=True),
            quote,
            True,
        )
        self.toolbar.addWidget(self.doc_language)
        quote.addSeparator()
        self.toolbar.addSeparator()
        self.files_action = a(
            self.tr("Photos and &files…"),
            "Ctrl+Shift+F",
            self.tr("The photos and documents attached to this quote (a saved quote)"),
            self.show_attachments,
            quote,
            True,
        )
        self.attachments_dialog: AttachmentsDialog | None = None
        self.copy_action = a(
            self.tr("&Copy to a new quote"),
            "Ctrl+Shift+C",
            self.tr("A new draft with the same lines at today's prices"),
            self.copy,
            quote,
            True,
        )
        self.revision_action = a(
            self.tr("New &revision"),
            "Ctrl+Shift+R",
            self.tr("A new draft replacing this sent quote, with a new number"),
            self.revise,
            quote,
            True,
        )
        quote.addSeparator()
        self.accepted_action = a(
            self.tr("Customer acc&epted"),
            "Ctrl+Shift+K",
            self.tr("The customer accepted: the quote becomes an order and counts as a sale"),
            lambda: self.set_status(S.ACCEPTED),
            quote,
            True,
        )
        self.rejected_action = a(
            self.tr("Customer re&jected"),
            "Ctrl+Shift+J",
            self.tr("The customer declined the offer"),
            lambda: self.set_status(S.REJECTED),
            quote,
            True,
        )
        self.expired_action = a(
            self.tr("Mark e&xpired"),
            "Ctrl+Shift+E",
            self.tr("The validity date passed without an answer"),
            lambda: self.set_status(S.EXPIRED),
            quote,
        )
        self.cancel_action = a(
            self.tr("Cance&l quote"),
            "Ctrl+Shift+Del",
            self.tr("Withdraw the quote; its number is not reused"),
            self.cancel_quote,
            quote,
        )
        quote.addSeparator()
        self.close_action = a(
            self.tr("Close"), QKeySequence.StandardKey.Close, self.tr("Close this quote"), self.close, quote
        )

        lines = bar.addMenu(self.tr("&Lines"))
        self.find_action = a(
            self.tr("Add a &product"),
            "Ctrl+L",
            self.tr("Type to find a product, Enter to add it"),
            self.focus_finder,
            lines,
        )
        self.catalog_action = a(
            self.tr("Browse the &catalogue"),
            "F4",
            self.tr("Products by category with the customer's prices"),
            self.browse_catalog,
            lines,
        )
        self.remove_action = a(
            self.tr("&Remove line"), "Ctrl+Del", self.tr("Remove the selected line"), self.remove_line, lines
        )
        self.reset_price_action = a(
            self.tr("Use the price-list &price"),
            "Ctrl+Shift+L",
            self.tr("Forget the typed price: take the price list's price for the quantity"),
            self.reset_price,
            lines,
        )

        self.approval_menu = bar.addMenu(self.tr("A&pproval"))
        self.approve_action = a(
            self.tr("&Approve discount"),
            "Ctrl+Shift+Y",
            self.tr("Approve the quote's discount"),
            self.approve,
            self.approval_menu,
        )
        self.return_action = a(
            self.tr("&Return to rep"),
            "Ctrl+Shift+N",
            self.tr("Send the quote back to the rep as a draft, with your comment"),
            self.return_to_rep,
            self.approval_menu,
        )
        self.catalog_button.setToolTip(self.catalog_action.toolTip())

    # =================================================================== loading

    def _load_into_widgets(self) -> None:
        self._loading = True
        try:
            d = self.draft
            with self.db.session() as s:
                around = Q.draft_context(s, d, self.user_id)
            self.price_list, customer, contacts = around.price_list, around.customer, around.contacts
            self._rep, self._approver, self._revision_of = around.rep, around.approver, around.revision_of
            self._customer_row = customer
            self.customer_name.setText(f"{customer['name']}  ·  {customer['code']}" if customer else "")
            saved = d.id is not None
            self.customer.setVisible(not saved)
            self.customer_name.setVisible(saved)
            if not saved and customer is not None:
                self.customer.show_customer(customer["id"], customer["name"])
            self.contact.blockSignals(True)
            self.contact.clear()
            self.contact.addItem(self.tr("(no contact)"), None)
            for c in contacts:
                extra = " · ".join(v for v in (c["title"], c["mobile"] or c["phone"]) if v)
                self.contact.addItem(f"{c['name']}  {extra}".strip(), c["id"])
            self.contact.setCurrentIndex(max(0, self.contact.findData(d.contact_id)))
            self.contact.blockSignals(False)
            self.issue_date.setDate(_qdate(d.issue_date))
            self.valid_until.setDate(_qdate(d.valid_until) if d.valid_until else _qdate(d.issue_date))
            self.header_discount.setText(plain_number(d.header_discount_pct))
            self.notes.setPlainText(d.notes)
            self.model.limit = discount_limit(self._rep_role() or Role.REP.value)
            self.model.set_draft(d, self.catalog, self.price_list, self._can_edit())
        finally:
            self._loading = False
        self._show_price_list()
        self._refresh_everything()

    def reload(self) -> None:
        """Re-read the quote from the local database (after a sync), unless it has unsaved edits."""
        if self.dirty or self.draft.id is None:
            return
        draft = Q.reload_draft(self.db, self.draft.id, self.catalog)
        if draft is None:
            self.close()
            return
        self.draft = draft
        self._load_into_widgets()

    def _focus_first(self) -> None:
        if self.draft.customer_id is None:
            self.customer.setFocus()
        elif self._can_edit():
            self.finder.setFocus()
        else:
            self.table.setFocus()

    # =================================================================== state

    def show_attachments(self) -> AttachmentsDialog | None:
        if self.draft.id is None:
            return None
        if self.attachments_dialog is None:
            self.attachments_dialog = AttachmentsDialog(
                self.db, "quote", self.draft.id, self.windowTitle(), runner=self.runner, parent=self
            )
        self.attachments_dialog.show()
        self.attachments_dialog.raise_()
        return self.attachments_dialog

    @property
    def quote_id(self) -> str | None:
        return self.draft.id

    def _mine(self) -> bool:
        return self.draft.rep_id in (None, self.user_id)

    def _is_approver(self) -> bool:
        return self.role in (Role.SUPERVISOR.value, Role.ADMIN.value) and not self._mine()

    def _can_edit(self) -> bool:
        return self.draft.editable and (self._mine() or self.role != Role.REP.value)

    def effective_status(self) -> QuoteStatus:
        return self.draft.effective_status(self.today)

    def _rep_role(self) -> str | None:
        return self._rep["role"] if self._rep else self.role

    def effective_discount(self) -> Decimal | None:
        """The discount that decides approval, from the lines on screen (None while a line is invalid)."""
        inputs = []
        try:
            for line in self.draft.lines:
                product = self.catalog.get(line.product_id)
                reference = Q.price_for(product, line.quantity, self.price_list) if product else None
                inputs.append(line.as_input(reference))
            return max_discount_pct(inputs, self.draft.header_discount_pct)
        except DomainError:
            return None

    def needs_approval(self) -> bool:
        pct = self.effective_discount()
        return pct is not None and quote_discount_needs_approval(pct, self._rep_role())

    def _mark_dirty(self) -> None:
        if not self._loading:
            self.dirty = True
            self._refresh_everything()

    def _refresh_everything(self) -> None:
        self._refresh_title()
        self._refresh_totals()
        self._refresh_banner()
        self._refresh_actions()
        self.empty_lines.setVisible(not self.draft.lines)

    def _refresh_title(self) -> None:
        d = self.draft
        status = self.effective_status()
        title = d.number or self.tr("New quote")
        self.title.setText(title)
        self.setWindowTitle(self.tr("Quote %1").replace("%1", title) + (" *" if self.dirty else ""))
        self.chip.setText(label(QuoteStatus, status))
        self.chip.setStyleSheet(f"background: {STATUS_COLORS.get(status, MUTED)};")
        bits = []
        if self._customer_row is not None:
            bits.append(self._customer_row["name"])
        if d.revision and d.revision > 1:
            rev = self.tr("revision %1").replace("%1", str(d.revision))
            if self._revision_of:
                rev = (
                    self.tr("revision %1 of %2")
                    .replace("%1", str(d.revision))
                    .replace("%2", self._revision_of)
                )
            bits.append(rev)
        if self._rep is not None and not self._mine():
            bits.append(self.tr("rep: %1").replace("%1", self._rep["display_name"]))
        self.subtitle.setText("  ·  ".join(bits))

    def _show_price_list(self) -> None:
        if self.draft.customer_id is None:
            self.price_list_label.setText(self.tr("Choose the customer to see their prices"))
        elif self.price_list is None:
            self.price_list_label.setText(
                self.tr("List prices (no price list for this customer) · %1").replace(
                    "%1", self.draft.currency
                )
            )
        else:
            self.price_list_label.setText(f"{self.price_list.name} · {self.price_list.currency}")
        self.price_list_label.setToolTip(
            self.tr(
                "Unit prices come from the price list of the customer's tier; "
                "a larger quantity can reach a lower volume-break price."
            )
        )

    def _refresh_totals(self) -> None:
        totals = self.model.totals
        cur = self.draft.currency
        if totals is None:
            for w in (self.subtotal_value, self.discount_value, self.tax_value, self.total_value):
                w.setText("—")
            self.words.setText("")
        else:
            self.subtotal_value.setText(fmt_money(totals.subtotal, cur))
            self.discount_value.setText(
                fmt_money(-totals.header_discount_amount, cur)
                if totals.header_discount_amount
                else fmt_money(Decimal(0), cur)
            )
            self.tax_value.setText(fmt_money(totals.tax_total, cur))
            self.total_value.setText(fmt_money(totals.total, cur))
            if cur == "CNY" and QLocale().language() == QLocale.Language.Chinese:
                self.words.setText(chinese_capital_amount(totals.total))
            else:
                self.words.setText(english_amount_words(totals.total))
        pct = self.effective_discount()
        limit = discount_limit(self._rep_role() or Role.REP.value)
        if pct is None:
            self.discount_info.setText("")
        else:
            text = (
                self.tr("Effective discount %1% · limit %2%")
                .replace("%1", plain_number(pct, 2))
                .replace("%2", plain_number(limit, 2))
            )
            color = WARNING if self.needs_approval() else MUTED
            self.discount_info.setStyleSheet(f"color: {color};")
            self.discount_info.setText(text)
            self.discount_info.setToolTip(
                self.tr(
                    "The largest of: any line discount, the header discount, and how far the whole quote is "
                    "below the price list (typed prices count)."
                )
            )

    def _refresh_banner(self) -> None:
        said = self._banner_says()
        if said is None:
            self.status_banner.setVisible(False)
        else:
            self.status_banner.show_message(said[1], said[0])

    def _banner_says(self) -> tuple[str, str] | None:
        """The status banner's level and text for the quote as it is, or None for none."""
        d = self.draft
        status = self.effective_status()
        pct = self.effective_discount()
        pct_text = plain_number(pct, 2) if pct is not None else "—"
        limit = plain_number(discount_limit(self._rep_role() or Role.REP.value), 2)
        approver = self._approver["display_name"] if self._approver else ""
        comment = (d.approval_comment or "").strip()
        if status is S.DRAFT and comment and not self.dirty:
            return (
                "warn",
                self.tr("Returned by your supervisor: “%1”. Change the quote and submit it again.").replace(
                    "%1", comment
                ),
            )
        elif status is S.DRAFT and self.needs_approval():
            return (
                "warn",
                self.tr(
                    "The effective discount of %1% is above the %2% limit: submit the quote "
                    "for approval (Ctrl+Shift+A) before it can be sent."
                )
                .replace("%1", pct_text)
                .replace("%2", limit),
            )
        elif status is S.PENDING_APPROVAL and self._is_approver():
            return (
                "warn",
                self.tr(
                    "Waiting for your decision: effective discount %1% (the rep's limit is "
                    "%2%). Approve it, or return it to the rep with a comment."
                )
                .replace("%1", pct_text)
                .replace("%2", limit),
            )
        elif status is S.PENDING_APPROVAL:
            return (
                "warn",
                self.tr(
                    "Waiting for approval of the %1% discount. You see the decision after a "
                    "sync. Printed now, the quote carries a “pending approval” mark."
                ).replace("%1", pct_text),
            )
        elif status is S.APPROVED:
            text = (
                self.tr("Approved by %1 on %2. It can be sent to the customer now.")
                .replace("%1", approver)
                .replace("%2", fmt_datetime(d.approved_at))
            )
            if comment:
                text += " " + self.tr("Comment: “%1”").replace("%1", comment)
            return ("ok", text)
        elif status is S.EXPIRED:
            return (
                "bad",
                self.tr(
                    "This quote expired on %1. Create a revision (Ctrl+Shift+R) to renew the offer."
                ).replace("%1", fmt_date(d.valid_until)),
            )
        elif status is S.SENT:
            return (
                "info",
                self.tr(
                    "Sent to the customer on %1, valid until %2. Its lines and prices are "
                    "fixed; a changed offer is a new revision (Ctrl+Shift+R)."
                )
                .replace("%1", fmt_date(d.sent_at))
                .replace("%2", fmt_date(d.valid_until)),
            )
        elif status is S.ACCEPTED:
            return (
                "ok",
                self.tr("Accepted by the customer on %1: an order, counted as a sale.").replace(
                    "%1", fmt_date(d.decided_at)
                ),
            )
        elif status is S.REJECTED:
            return ("bad", self.tr("The customer rejected this quote. A revision can make a new offer."))
        elif status is S.CANCELLED:
            return ("bad", self.tr("This quote was cancelled. Its number is never used again."))
        return None

    def _refresh_actions(self) -> None:
        d = self.draft
        status = S(d.status)
        effective = self.effective_status()
        saved = d.id is not None
        has_lines = bool(d.lines) and self.model.totals is not None
        mine_or_boss = self._mine() or self.role != Role.REP.value
        editable = self._can_edit()
        self.model.editable = editable
        for w in (self.header_discount, self.issue_date, self.valid_until):
            w.setEnabled(editable)
        for w in (self.finder, self.catalog_button):
            w.setVisible(editable)  # a fixed offer has nothing to add
        self.contact.setEnabled(editable)
        self.notes.setReadOnly(not editable)
        self.customer.setEnabled(d.id is None)
        self.save_action.setEnabled(editable and (self.dirty or not saved) and d.customer_id is not None)
        self.submit_action.setEnabled(editable and status is S.DRAFT and has_lines)
        self.send_action.setEnabled(
            mine_or_boss
            and has_lines
            and ((status is S.DRAFT and not self.needs_approval()) or status is S.APPROVED)
        )
        deciding = status is S.PENDING_APPROVAL and self._is_approver()
        self.approve_action.setEnabled(deciding)
        self.return_action.setEnabled(deciding)
        self.approval.setVisible(deciding)
        self.approval_menu.menuAction().setVisible(self.role in (Role.SUPERVISOR.value, Role.ADMIN.value))
        if deciding:
            pct = self.effective_discount() or Decimal(0)
            own_limit = discount_limit(self.role)
            self.approval_title.setText(
                self.tr("Your decision — effective discount %1%, your approval limit %2%")
                .replace("%1", plain_number(pct, 2))
                .replace("%2", plain_number(own_limit, 2))
            )
        answerable = mine_or_boss and effective is S.SENT
        self.accepted_action.setEnabled(answerable)
        self.rejected_action.setEnabled(answerable)
        self.expired_action.setEnabled(mine_or_boss and status is S.SENT)
        self.cancel_action.setEnabled(mine_or_boss and saved and status in OPEN)
        self.copy_action.setEnabled(saved)
        self.files_action.setEnabled(saved)
        self.revision_action.setEnabled(mine_or_boss and saved and effective in Q.REVISABLE)
        self.pdf_action.setEnabled(has_lines and d.customer_id is not None and self._pdf_task is None)
        self.save_pdf_action.setEnabled(self.pdf_action.isEnabled())
        row = self.table.currentIndex().row()
        self.remove_action.setEnabled(editable and 0 <= row < len(d.lines))
        self.reset_price_action.setEnabled(editable and 0 <= row < len(d.lines) and d.lines[row].price_typed)
        self.hint.setText(self.tr("Enter adds · F4 catalogue · Ctrl+S saves") if editable else "")

    # =================================================================== editing

    def choose_customer(self, customer_id: str) -> None:
        try:
            with self.db.session() as s:
                self.price_list = Q.set_customer(s, self.draft, customer_id, self.catalog)
        except DomainError as exc:
            self.problem.setText(quote_refusal_text(exc))
            return
        self.dirty = True
        self._load_into_widgets()
        self.finder.setFocus()

    def _find_products(self, text: str) -> list[Found]:
        cur = self.draft.currency
        return [
            Found(p.id, p.name, product_detail(p, self.price_list, cur))
            for p in self.catalog.search(text, limit=12)
        ]

    def _product_chosen(self, product_id: str) -> None:
        self.add_product(product_id)

    def add_product(self, product_id: str, quantity: Decimal = Decimal(1)) -> int:
        """Add a line (quantity 1 by default) and put the cursor in its quantity cell."""
        if not self._can_edit():
            return -1
        if self.draft.customer_id is None:
            self.problem.setText(quote_refusal_text(DomainError("", code="required", field="customer_id")))
            self.customer.setFocus()
            return -1
        row = self.model.add_product(product_id, quantity)
        if row < 0:
            return row
        self.finder.clear()
        self._just_added = row
        index = self.model.index(row, QUANTITY)
        self.table.setCurrentIndex(index)
        self.table.setFocus()
        self.table.edit(index)
        return row

    def _editor_closed(self, _editor, hint) -> None:
        # After typing the quantity of a line just added, Enter goes back to the product field.
        if self._just_added is not None and self.table.currentIndex().column() == QUANTITY:
            self._just_added = None
            self.finder.setFocus()

    def focus_finder(self) -> None:
        self.finder.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.finder.selectAll()

    def browse_catalog(self) -> None:
        if not self._can_edit():
            return
        dialog = CatalogDialog(
            self.db,
            price_list_id=self.price_list.id if self.price_list else None,
            picking=True,
            catalog=self.catalog,
            parent=self,
        )
        dialog.chosen.connect(lambda pid: self.model.add_product(pid))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.catalog_dialog = dialog
        dialog.open()

    def remove_line(self) -> None:
        row = self.table.currentIndex().row()
        if self._can_edit() and 0 <= row < len(self.draft.lines):
            self.model.remove_row(row)
            if self.draft.lines:
                self.table.setCurrentIndex(self.model.index(min(row, len(self.draft.lines) - 1), QUANTITY))

    def reset_price(self) -> None:
        self.model.reset_price(self.table.currentIndex().row())

    def _lines_changed(self) -> None:
        self._mark_dirty()

    def _header_discount_edited(self, text: str) -> None:
        value = parse_decimal(text) if text.strip() else Decimal(0)
        if value is None or not (0 <= value <= 100):
            self.problem.setText(self.tr("The header discount must be a percentage between 0 and 100."))
            self.header_discount.setStyleSheet("background: #fee2e2;")
            return
        self.header_discount.setStyleSheet("")
        self.problem.setText("")
        self.draft.header_discount_pct = value
        self.model._after_change()

    def _contact_changed(self, _index: int) -> None:
        if not self._loading:
            self.draft.contact_id = self.contact.currentData()
            self._mark_dirty()

    def _dates_changed(self, _value) -> None:
        if self._loading:
            return
        issued = _pydate(self.issue_date.date())
        if issued != self.draft.issue_date:
            self.draft.issue_date = issued
            with self.db.session() as s:
                self.price_list = Q.price_list_for_customer(s, self.draft.customer_id, issued)
            self.model.set_price_list(self.price_list)
            self._show_price_list()
        self.draft.valid_until = _pydate(self.valid_until.date())
        self._mark_dirty()

    def _notes_changed(self) -> None:
        if not self._loading:
            self.draft.notes = self.notes.toPlainText()
            self._mark_dirty()

    # =================================================================== writing

    def _write(self, work) -> bool:
        """Run ``work(session)`` in one transaction; show a refusal instead of raising."""
        try:
            LocalOp.in_session(self, self.db, work).run()
        except DomainError as exc:
            self.problem.setText(quote_refusal_text(exc))
            return False
        return True

    def save(self) -> bool:
        if not self._can_edit():
            return True
        if self.model.totals is None:
            self.problem.setText(self.tr("A line has a value that is not allowed; fix it before saving."))
            return False
        if not self._write(lambda s: Q.save_draft(s, self.draft)):
            return False
        self.dirty = False
        with self.db.session() as s:
            self.draft = Q.load_draft(s, self.draft.id, self.catalog)
        self._load_into_widgets()
        self.problem.setText("")
        self.statusBar().showMessage(self.tr("Saved on this computer; it is sent at the next sync."), 4000)
        self.saved.emit(self.draft.id)
        return True

    def _save_if_needed(self) -> bool:
        return self.save() if self._can_edit() and (self.dirty or self.draft.id is None) else True

    def set_status(self, target: QuoteStatus, comment: str | None = None) -> bool:
        if not self._save_if_needed() or self.draft.id is None:
            return False
        quote_id = self.draft.id
        if not self._write(lambda s: Q.change_status(s, quote_id, target, comment=comment)):
            return False
        with self.db.session() as s:
            self.draft = Q.load_draft(s, quote_id, self.catalog)
        self._load_into_widgets()
        self.saved.emit(quote_id)
        return True

    def submit(self) -> bool:
        return self.set_status(S.PENDING_APPROVAL)

    def send(self) -> bool:
        return self.set_status(S.SENT)

    def approve(self) -> bool:
        return self.set_status(S.APPROVED, self.approval_comment.toPlainText())

    def return_to_rep(self) -> bool:
        comment = self.approval_comment.toPlainText().strip()
        if not comment:
            self.problem.setText(quote_refusal_text(DomainError("", code="comment_required")))
            self.approval_comment.setFocus()
            return False
        return self.set_status(S.DRAFT, comment)

    def cancel_quote(self) -> bool:
        answer = QMessageBox.question(
            self,
            self.tr("Cancel quote"),
            self.tr(
                "Cancel quote %1? It stays in the list as cancelled and its number is not reused."
            ).replace("%1", self.draft.number or ""),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return False
        return self.set_status(S.CANCELLED)

    def copy(self) -> str | None:
        return self._derive(Q.copy_quote)

    def revise(self) -> str | None:
        return self._derive(Q.create_revision)

    def _derive(self, make) -> str | None:
        if not self._save_if_needed() or self.draft.id is None:
            return None
        made: list[str] = []
        source = self.draft.id
        if not self._write(lambda s: made.append(make(s, source, today=self.today))):
            return None
        self.saved.emit(made[0])
        self.openRequested.emit(made[0])
        return made[0]

    # =================================================================== the PDF

    def document_language(self) -> str:
        return self.doc_language.currentData()

    def _pdf_name(self) -> str:
        prefix = "报价单" if self.document_language() == "zh_CN" else "Quotation"
        return f"{prefix}-{self.draft.number}.pdf"

    def make_pdf(self, save_as: bool = False, path: str | Path | None = None):
        """Render the PDF in the background; open it, or save it where the user says."""
        if not self._save_if_needed() or self.draft.id is None:
            return None
        if path is None and save_as:
            folder = (
                QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
                or QDir.homePath()
            )
            chosen, _filter = QFileDialog.getSaveFileName(
                self,
                self.tr("Save the quote as PDF"),
                str(Path(folder) / self._pdf_name()),
                self.tr("PDF (*.pdf)"),
            )
            if not chosen:
                return None
            path = chosen
        target = Path(path) if path else Path(tempfile.mkdtemp(prefix="fieldsales-")) / self._pdf_name()
        quote_id, language, db, today = self.draft.id, self.document_language(), self.db, self.today

        def job(_ctx) -> Path:
            with db.session() as s:
                doc = Q.document(s, quote_id, today=today)
            return render_pdf(doc, target, language)

        self.statusBar().showMessage(self.tr("Making the PDF…"))
        self._pdf_task = self.runner.submit(
            job,
            name="quote-pdf",
            on_result=lambda p: self._pdf_done(p, save_as or path),
            on_error=self._pdf_failed,
        )
        self._refresh_actions()
        return self._pdf_task

    def _pdf_done(self, path: Path, saved: bool) -> None:
        self._pdf_task = None
        self.last_pdf = Path(path)
        self._refresh_actions()
        if saved:
            self.statusBar().showMessage(self.tr("Saved %1").replace("%1", str(path)), 8000)
        else:
            self.statusBar().showMessage(self.tr("Opening %1").replace("%1", Path(path).name), 5000)
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    def _pdf_failed(self, exc: BaseException) -> None:
        self._pdf_task = None
        self._refresh_actions()
        self.statusBar().clearMessage()
        self.problem.setText(self.tr("The PDF could not be made: %1").replace("%1", str(exc)))

    # =================================================================== closing

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.dirty and self._can_edit() and (self.draft.lines or self.draft.id):
            box = QMessageBox(
                QMessageBox.Icon.Question,
                self.tr("Unsaved changes"),
                self.tr("Save the changes to this quote?"),
                QMessageBox.StandardButton.Save
                | QMessageBox.StandardButton.Discard
                | QMessageBox.StandardButton.Cancel,
                self,
            )
            answer = box.exec()
            if answer == QMessageBox.StandardButton.Cancel or (
                answer == QMessageBox.StandardButton.Save and not self.save()
            ):
                event.ignore()
                return
        self.finder.hide_results()
        self.customer.hide_results()
        super().closeEvent(event)
