"""The editable table of a quote's lines, over the editor's in-memory draft.

Every accepted edit re-prices the draft with ``domain.pricing`` (exact decimals, THE
rounding rule) and says so with ``changed``; a value the rules refuse (quantity 0, a
discount of 120 %) is not taken and ``problem`` says why. Changing the quantity picks the
price list's volume break again unless the rep typed the unit price; clearing the unit
price goes back to the price list.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import QLineEdit, QStyledItemDelegate

from domain.errors import DomainError
from domain.pricing import QuoteTotals
from local_db.quotes import Catalog, DraftLine, PriceList, QuoteDraft, price_break_for, price_for
from ui.errors import quote_refusal_text
from ui.formatting import fmt_decimal, fmt_money
from ui.quotes.texts import parse_decimal, plain_number
from ui.style import ACCENT, MUTED, WARNING

_Index = QModelIndex | QPersistentModelIndex

NO, SKU, DESCRIPTION, UNIT, QUANTITY, UNIT_PRICE, DISCOUNT, TAX_RATE, AMOUNT = range(9)
EDITABLE = {DESCRIPTION, QUANTITY, UNIT_PRICE, DISCOUNT, TAX_RATE}
NUMERIC = {NO, QUANTITY, UNIT_PRICE, DISCOUNT, TAX_RATE, AMOUNT}


class QuoteLinesModel(QAbstractTableModel):
    changed = Signal()  # the draft's lines or amounts changed
    problem = Signal(str)  # a typed value was refused, and why ("" clears)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.draft = QuoteDraft()
        self.catalog = Catalog([])
        self.price_list: PriceList | None = None
        self.editable = True
        self.limit: Decimal | None = None  # the rep's discount limit: line discounts above it stand out
        self._totals: QuoteTotals | None = None
        self._headers = [
            self.tr("#"),
            self.tr("SKU"),
            self.tr("Product / description"),
            self.tr("Unit"),
            self.tr("Quantity"),
            self.tr("Unit price"),
            self.tr("Disc. %"),
            self.tr("Tax %"),
            self.tr("Amount"),
        ]

    # -- what the editor drives --------------------------------------------------------------

    def set_draft(
        self, draft: QuoteDraft, catalog: Catalog, price_list: PriceList | None, editable: bool
    ) -> None:
        self.beginResetModel()
        self.draft, self.catalog, self.price_list, self.editable = draft, catalog, price_list, editable
        self._retotal()
        self.endResetModel()

    def set_price_list(self, price_list: PriceList | None) -> None:
        self.price_list = price_list
        self._reprice_all()

    @property
    def totals(self) -> QuoteTotals | None:
        """The draft's totals, or None while a line is invalid (nothing is half-priced)."""
        return self._totals

    def add_product(self, product_id: str, quantity: Decimal = Decimal(1)) -> int:
        """Append a line for the product at the price list's price; its row."""
        product = self.catalog.get(product_id)
        if product is None:
            return -1
        line = DraftLine(
            product_id=product.id,
            description=product.name,
            quantity=quantity,
            unit_price=price_for(product, quantity, self.price_list),
            tax_rate=product.tax_rate,
            sku=product.sku,
            unit=product.unit,
        )
        row = len(self.draft.lines)
        self.beginInsertRows(QModelIndex(), row, row)
        self.draft.lines.append(line)
        self.endInsertRows()
        self._after_change()
        return row

    def remove_row(self, row: int) -> None:
        if not 0 <= row < len(self.draft.lines):
            return
        self.beginRemoveRows(QModelIndex(), row, row)
        del self.draft.lines[row]
        self.endRemoveRows()
        if self.draft.lines:
            self.dataChanged.emit(
                self.index(row if row < len(self.draft.lines) else 0, NO),
                self.index(len(self.draft.lines) - 1, AMOUNT),
            )
        self._after_change()

    def reset_price(self, row: int) -> None:
        """Back to the price list's price for the line's quantity."""
        if 0 <= row < len(self.draft.lines):
            line = self.draft.lines[row]
            product = self.catalog.get(line.product_id)
            if product is not None:
                self.draft.lines[row] = replace(
                    line, price_typed=False, unit_price=price_for(product, line.quantity, self.price_list)
                )
                self._after_change(row)

    def line(self, row: int) -> DraftLine:
        return self.draft.lines[row]

    # -- Qt's side --------------------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.draft.lines)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self._headers):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            align = Qt.AlignmentFlag.AlignRight if section in NUMERIC else Qt.AlignmentFlag.AlignLeft
            return int(align | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and section == AMOUNT:
            return self.tr(
                "Quantity × unit price − line discount, rounded to the cent; before the header "
                "discount and tax"
            )
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self.editable and index.column() in EDITABLE:
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.draft.lines):
            return None
        row, col = index.row(), index.column()
        line = self.draft.lines[row]
        priced = self._totals.lines[row] if self._totals else None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            edit = role == Qt.ItemDataRole.EditRole
            if col == NO:
                return str(row + 1)
            if col == SKU:
                return line.sku
            if col == DESCRIPTION:
                return line.description
            if col == UNIT:
                return line.unit
            if col == QUANTITY:
                return plain_number(line.quantity, 3)
            if col == UNIT_PRICE:
                return plain_number(line.unit_price, 2) if edit else fmt_decimal(line.unit_price, 2)
            if col == DISCOUNT:
                return plain_number(line.discount_pct)
            if col == TAX_RATE:
                return plain_number(line.tax_rate)
            if priced is None:
                return "—"
            if col == AMOUNT:
                return fmt_decimal(priced.line_subtotal, 2)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            align = Qt.AlignmentFlag.AlignRight if col in NUMERIC else Qt.AlignmentFlag.AlignLeft
            return int(align | Qt.AlignmentFlag.AlignVCenter)
        over = col == DISCOUNT and self.limit is not None and line.discount_pct > self.limit
        if role == Qt.ItemDataRole.FontRole and ((col == UNIT_PRICE and line.price_typed) or over):
            font = QFont()
            font.setItalic(not over)
            font.setBold(over)
            return font
        if role == Qt.ItemDataRole.ForegroundRole:
            if over:
                return QColor(WARNING)
            if col == UNIT_PRICE and line.price_typed:
                return QColor(ACCENT)
            if col in (NO, SKU, UNIT):
                return QColor(MUTED)
        if role == Qt.ItemDataRole.ToolTipRole and col == UNIT_PRICE:
            return self._price_tooltip(line)
        return None

    def _price_tooltip(self, line: DraftLine) -> str:
        product = self.catalog.get(line.product_id)
        if product is None:
            return self.tr("A line without a catalogue product: its price is typed.")
        listed = price_for(product, line.quantity, self.price_list)
        chosen = price_break_for(product, line.quantity, self.price_list)
        currency = self.draft.currency
        if chosen is not None:
            source = (
                self.tr("Price list: %1 from %2 %3")
                .replace("%1", fmt_money(chosen.unit_price, currency))
                .replace("%2", plain_number(chosen.min_quantity, 3))
                .replace("%3", product.unit)
            )
        else:
            source = self.tr("List price: %1").replace("%1", fmt_money(listed, currency))
        if line.price_typed:
            return (
                self.tr("Typed by you; a new quantity keeps it. Clear the cell to use the price list.")
                + "\n"
                + source
            )
        return source + "\n" + self.tr("A new quantity picks the volume break again.")

    def setData(self, index: _Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or not self.editable:
            return False
        row, col = index.row(), index.column()
        line = self.draft.lines[row]
        text = str(value if value is not None else "")
        product = self.catalog.get(line.product_id)
        if col == DESCRIPTION:
            new = replace(line, description=text)
        elif col == UNIT_PRICE and not text.strip() and product is not None:
            new = replace(
                line, price_typed=False, unit_price=price_for(product, line.quantity, self.price_list)
            )
        else:
            number = parse_decimal(text)
            if number is None:
                self.problem.emit(self.tr("“%1” is not a number.").replace("%1", text))
                return False
            if col == QUANTITY:
                new = replace(line, quantity=number)
                if product is not None and not line.price_typed and number > 0:
                    new = replace(new, unit_price=price_for(product, number, self.price_list))
            elif col == UNIT_PRICE:
                new = replace(line, unit_price=number, price_typed=True)
            elif col == DISCOUNT:
                new = replace(line, discount_pct=number)
            elif col == TAX_RATE:
                new = replace(line, tax_rate=number)
            else:
                return False
        try:
            new.as_input()
        except DomainError as exc:
            self.problem.emit(quote_refusal_text(exc))
            return False
        if new == line:
            return True
        self.draft.lines[row] = new
        self._after_change(row)
        return True

    # -- re-pricing -------------------------------------------------------------------------

    def _reprice_all(self) -> None:
        for i, line in enumerate(self.draft.lines):
            product = self.catalog.get(line.product_id)
            if product is not None and not line.price_typed:
                self.draft.lines[i] = replace(
                    line, unit_price=price_for(product, line.quantity, self.price_list)
                )
        self._after_change()

    def _retotal(self) -> None:
        try:
            self._totals = self.draft.totals()
        except DomainError:
            self._totals = None

    def _after_change(self, _row: int | None = None) -> None:
        self._retotal()
        self.problem.emit("")
        if self.draft.lines:
            # The header discount is shared across all lines, so every line's amounts may move.
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.draft.lines) - 1, AMOUNT))
        self.changed.emit()


class LiveDelegate(QStyledItemDelegate):
    """Cell editors that hand every keystroke to the model, so totals follow the typing."""

    def createEditor(self, parent, option, index):
        editor = QLineEdit(parent)
        editor.setFrame(False)
        if index.column() in NUMERIC:
            editor.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        editor.textEdited.connect(lambda _text, e=editor: self.commitData.emit(e))
        return editor

    def setEditorData(self, editor, index) -> None:
        if not editor.isModified():
            editor.setText(str(index.data(Qt.ItemDataRole.EditRole) or ""))
            editor.selectAll()

    def setModelData(self, editor, model, index) -> None:
        ok = model.setData(index, editor.text(), Qt.ItemDataRole.EditRole)
        editor.setStyleSheet("" if ok else "background: #fee2e2;")
