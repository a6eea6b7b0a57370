"""The product catalogue on the laptop: categories, search (SKU, name, pinyin), tier prices.

``CatalogDialog`` lists the products of a category (or all), narrowed by what is typed
(``dyj`` finds 打印机), with each product's list price and the volume breaks of the chosen
price list in its currency. Opened from a quote it starts on the customer's price list,
and Enter adds the highlighted product to the quote (the dialog stays open for more).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from domain.enums import ValueTier
from local_db import quotes as Q
from ui.formatting import fmt_money
from ui.labels import label
from ui.quotes.texts import plain_number
from ui.style import MUTED

_Index = QModelIndex | QPersistentModelIndex


class CatalogModel(QAbstractTableModel):
    SKU, NAME, UNIT, CATEGORY, LIST_PRICE, TAX, PRICES = range(7)
    ID_ROLE = Qt.ItemDataRole.UserRole + 1

    def __init__(self, parent=None):
        super().__init__(parent)
        self.products: list[Q.Product] = []
        self.price_list: Q.PriceList | None = None
        self.currency = Q.DEFAULT_CURRENCY
        self._headers = [
            self.tr("SKU"),
            self.tr("Product"),
            self.tr("Unit"),
            self.tr("Category"),
            self.tr("List price"),
            self.tr("Tax %"),
            self.tr("Price list: from quantity → unit price"),
        ]

    def set_products(self, products: list[Q.Product], price_list: Q.PriceList | None) -> None:
        self.beginResetModel()
        self.products, self.price_list = products, price_list
        self.currency = price_list.currency if price_list else Q.DEFAULT_CURRENCY
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.products)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.TextAlignmentRole:
            right = section in (self.LIST_PRICE, self.TAX)
            return int(
                (Qt.AlignmentFlag.AlignRight if right else Qt.AlignmentFlag.AlignLeft)
                | Qt.AlignmentFlag.AlignVCenter
            )
        return None

    def breaks_text(self, product: Q.Product) -> str:
        breaks = self.price_list.breaks(product.id) if self.price_list else ()
        if not breaks:
            return self.tr("list price")
        return "   ".join(
            f"{plain_number(b.min_quantity, 3)}+ → {fmt_money(b.unit_price, self.currency)}" for b in breaks
        )

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        p = self.products[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return {
                self.SKU: p.sku,
                self.NAME: p.name,
                self.UNIT: p.unit,
                self.CATEGORY: p.category,
                self.LIST_PRICE: fmt_money(p.list_price, self.currency),
                self.TAX: plain_number(p.tax_rate),
                self.PRICES: self.breaks_text(p),
            }[col]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            right = col in (self.LIST_PRICE, self.TAX)
            return int(
                (Qt.AlignmentFlag.AlignRight if right else Qt.AlignmentFlag.AlignLeft)
                | Qt.AlignmentFlag.AlignVCenter
            )
        if role == Qt.ItemDataRole.ToolTipRole:
            return p.description or p.name
        if role == self.ID_ROLE:
            return p.id
        return None


class CatalogDialog(QDialog):
    """Browse (and, from a quote, pick) products. ``chosen`` carries the product id."""

    chosen = Signal(str)

    def __init__(
        self,
        db,
        *,
        price_list_id: str | None = None,
        picking: bool = False,
        catalog: Q.Catalog | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.db = db
        self.picking = picking
        self.setWindowTitle(self.tr("Product catalogue"))
        self.resize(1060, 640)
        self.catalog, self.lists = Q.catalog_and_price_lists(db, catalog)

        self.search = QLineEdit(objectName="SearchBox")
        self.search.setPlaceholderText(self.tr("Search SKU, name or pinyin (e.g. dyj for 打印机)"))
        self.search.setClearButtonEnabled(True)
        self.price_list = QComboBox()
        self.price_list.addItem(self.tr("List prices (no price list)"), None)
        for pl in self.lists:
            tier = label(ValueTier, pl["tier"]) if pl["tier"] else self.tr("all tiers")
            self.price_list.addItem(f"{pl['name']} · {tier} · {pl['currency']}", pl["id"])
        if price_list_id:
            self.price_list.setCurrentIndex(max(0, self.price_list.findData(price_list_id)))
        elif self.lists:
            self.price_list.setCurrentIndex(1)
        self.price_list.setToolTip(self.tr("Prices shown for this price list (customer tier)"))

        self.categories = QListWidget()
        self.categories.setFixedWidth(170)
        self.categories.setStyleSheet("QListWidget::item { padding: 5px 6px; }")
        QListWidgetItem(self.tr("All products"), self.categories).setData(Qt.ItemDataRole.UserRole, None)
        for category in self.catalog.categories():
            QListWidgetItem(category, self.categories).setData(Qt.ItemDataRole.UserRole, category)
        self.categories.setCurrentRow(0)

        self.model = CatalogModel(self)
        self.table = QTableView(objectName="DataTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(CatalogModel.NAME, QHeaderView.ResizeMode.Stretch)
        self.table.activated.connect(self._activated)

        self.hint = QLabel(styleSheet=f"color: {MUTED};")
        hint = (
            self.tr("↑↓ choose · Enter adds to the quote · Esc closes")
            if picking
            else self.tr("↑↓ choose · Esc closes")
        )
        self.hint.setText(hint)

        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.price_list)
        body = QHBoxLayout()
        body.addWidget(self.categories)
        body.addWidget(self.table, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(body, 1)
        layout.addWidget(self.hint)

        self._debounce = QTimer(self, singleShot=True, interval=100)
        self._debounce.timeout.connect(self.refresh)
        self.search.textChanged.connect(lambda _t: self._debounce.start())
        self.categories.currentRowChanged.connect(lambda _r: self.refresh())
        self.price_list.currentIndexChanged.connect(lambda _i: self.refresh())
        self.search.installEventFilter(self)
        QShortcut(QKeySequence(Qt.Key.Key_F4), self, self.search.setFocus)
        self.refresh()
        self.search.setFocus()

    def eventFilter(self, obj, event) -> bool:
        # Up/Down in the search box move through the list; Enter takes the highlighted product.
        if obj is self.search and event.type() == event.Type.KeyPress:
            key = event.key()
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Up):
                row = self.table.currentIndex().row() + (1 if key == Qt.Key.Key_Down else -1)
                row = max(0, min(self.model.rowCount() - 1, row))
                self.table.selectRow(row)
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                if self._debounce.isActive():
                    self.refresh()
                self._activated(self.table.currentIndex())
                return True
        return super().eventFilter(obj, event)

    def selected_price_list(self) -> Q.PriceList | None:
        pid = self.price_list.currentData()
        if not pid:
            return None
        with self.db.session() as s:
            return Q.load_price_list(s, pid)

    def refresh(self) -> None:
        self._debounce.stop()
        item = self.categories.currentItem()
        category = item.data(Qt.ItemDataRole.UserRole) if item else None
        products = self.catalog.search(self.search.text(), category)
        self.model.set_products(products, self.selected_price_list())
        if products:
            self.table.selectRow(0)

    def _activated(self, index: QModelIndex) -> None:
        if not index.isValid() or not self.picking:
            return
        product = self.model.products[index.row()]
        self.chosen.emit(product.id)
        self.hint.setText(
            self.tr("Added %1 to the quote. Enter adds another · Esc closes").replace("%1", product.name)
        )


def product_detail(product: Q.Product, price_list: Q.PriceList | None, currency: str) -> str:
    """The price shown next to a search result: the price for one unit and the best break."""
    price = Q.price_for(product, Decimal(1), price_list)
    breaks = price_list.breaks(product.id) if price_list else ()
    text = f"{product.sku} · {fmt_money(price, currency)}/{product.unit}"
    if len(breaks) > 1:
        best = breaks[-1]
        text += f" · {plain_number(best.min_quantity, 3)}+ {fmt_money(best.unit_price, currency)}"
    return text
