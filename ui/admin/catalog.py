"""The product catalog, the price lists with their volume breaks, and the reps' monthly
sales targets. Changes go through the server's write path and reach the laptops at their
next sync (the catalog everyone's; a target the rep's and their supervisor's)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

from PySide6.QtCore import QLocale, Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSpinBox,
    QSplitter,
    QTableView,
    QWidget,
)

from domain.enums import Role, ValueTier
from ui.admin.base import AdminTab, ListTab
from ui.admin.common import MUTED_COLOUR, OK_COLOUR, decimal_key, money, number, table_view
from ui.admin.dialogs import BreaksDialog, PriceListDialog, ProductDialog
from ui.formatting import fmt_date, fmt_decimal
from ui.labels import label
from ui.tables import Col, RowsModel


class _DialogTab(AdminTab):
    """A tab whose rows are created and edited in one dialog class: ``POST path`` with a new
    row, ``PATCH path/<id>`` with the selected one; ``name_key`` names a row in the messages."""

    dialog: type
    path: str
    name_key: str

    def created(self, name: str) -> str:
        raise NotImplementedError

    def status_col(self) -> Col:
        """The row's ``active`` flag, in words and colour."""
        return Col(
            "active",
            self.tr("Status"),
            lambda r: self.tr("Active") if r["active"] else self.tr("Inactive"),
            width=7,
            colour=lambda r: OK_COLOUR if r["active"] else MUTED_COLOUR,
        )

    def ask_create(self) -> None:
        self.send_dialog(
            self.dialog(parent=self), "POST", self.path, lambda body: self.created(body[self.name_key])
        )

    def ask_edit(self) -> None:
        row = self.selected()
        if row is not None:
            self.send_dialog(
                self.dialog(row, parent=self),
                "PATCH",
                f"{self.path}/{row['id']}",
                lambda _body: self.tr("Saved %1.").replace("%1", row[self.name_key]),
            )


class ProductsTab(_DialogTab, ListTab):
    dialog, path, name_key = ProductDialog, "/admin/catalog/products", "sku"
    rows_path = path

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.model = RowsModel(
            [
                Col("sku", self.tr("SKU"), width=10),
                Col("name", self.tr("Product")),
                Col("category", self.tr("Category"), width=8),
                Col("unit", self.tr("Unit"), width=4),
                Col(
                    "list_price",
                    self.tr("List price"),
                    lambda r: money(r["list_price"]),
                    sort=lambda r: decimal_key(r["list_price"]),
                    width=11,
                    right=True,
                ),
                Col(
                    "tax_rate",
                    self.tr("Tax"),
                    lambda r: number(r["tax_rate"], 0) + " %",
                    sort=lambda r: decimal_key(r["tax_rate"]),
                    width=5,
                    right=True,
                ),
                self.status_col(),
            ],
            parent=self,
        )
        self.view = table_view(self.model)
        self.view.doubleClicked.connect(lambda _i: self.ask_edit())
        self.export_menu(self.view, self.model, "products")
        self.count = QLabel(objectName="PageSubtitle")
        actions = (
            self.button(self.tr("New product…"), self.ask_create, "Ctrl+Alt+N"),
            self.button(self.tr("Edit…"), self.ask_edit, "F2"),
            self.button(
                self.tr("Activate / deactivate"),
                self.toggle_active,
                "Ctrl+Alt+D",
                self.tr("Inactive products are not offered in new quotes"),
            ),
        )
        trailing = (
            self.count,
            self.button(
                self.tr("Export…"), lambda: self.export_model(self.model, "products"), "Ctrl+Shift+E"
            ),
            self.button(self.tr("Reload"), self.load, "Ctrl+Shift+R"),
        )
        self.frame(self.toolbar(actions, trailing), self.view)

    def count_text(self, rows: list) -> str:
        return self.tr("%n product(s)", None, len(rows))

    def created(self, name: str) -> str:
        return self.tr("Created %1; laptops get it at their next sync.").replace("%1", name)

    def toggle_active(self) -> None:
        product = self.selected()
        if product is not None:
            self.call(
                "PATCH",
                f"/admin/catalog/products/{product['id']}",
                {"active": not product["active"]},
                done=lambda _r: self.load(),
                success=self.tr("Saved %1.").replace("%1", product["sku"]),
            )


class PriceListsTab(_DialogTab):
    dialog, path, name_key = PriceListDialog, "/admin/catalog/price-lists", "name"

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.products: list[dict] = []
        self.lists = RowsModel(
            [
                Col("name", self.tr("Price list")),
                Col(
                    "tier",
                    self.tr("Customer tier"),
                    lambda r: label(ValueTier, r["tier"]) if r.get("tier") else self.tr("any"),
                    width=9,
                ),
                Col("currency", self.tr("Currency"), width=5),
                Col("valid", self.tr("Valid"), lambda r: self._validity(r), width=16),
                Col(
                    "items",
                    self.tr("Breaks"),
                    lambda r: str(len(r["items"])),
                    sort=lambda r: len(r["items"]),
                    width=5,
                    right=True,
                ),
                self.status_col(),
            ],
            parent=self,
        )
        self.list_view = table_view(self.lists)
        self.list_view.selectionModel().currentRowChanged.connect(lambda *_: self._show_items())
        self.list_view.doubleClicked.connect(lambda _i: self.ask_breaks())
        self.export_menu(self.list_view, self.lists, "price-lists")
        self.items = RowsModel(
            [
                Col("sku", self.tr("SKU"), width=10),
                Col("product_name", self.tr("Product")),
                Col(
                    "min_quantity",
                    self.tr("From quantity"),
                    lambda r: (
                        number(r["min_quantity"], 0)
                        if decimal_key(r["min_quantity"]) == int(decimal_key(r["min_quantity"]))
                        else number(r["min_quantity"], 3)
                    ),
                    sort=lambda r: decimal_key(r["min_quantity"]),
                    width=8,
                    right=True,
                ),
                Col(
                    "unit_price",
                    self.tr("Unit price"),
                    lambda r: money(r["unit_price"]),
                    sort=lambda r: decimal_key(r["unit_price"]),
                    width=11,
                    right=True,
                ),
            ],
            parent=self,
        )
        self.item_view = table_view(self.items)
        self.export_menu(self.item_view, self.items, "price-list")
        actions = (
            self.button(self.tr("New price list…"), self.ask_create, "Ctrl+Alt+N"),
            self.button(self.tr("Edit…"), self.ask_edit, "F2"),
            self.button(
                self.tr("Volume breaks…"),
                self.ask_breaks,
                "Ctrl+Alt+B",
                self.tr("Edit the list's prices by quantity"),
            ),
        )
        trailing = (
            self.button(
                self.tr("Export…"),
                lambda: self.export_model(self.items, "price-list"),
                "Ctrl+Shift+E",
                self.tr("Export the selected list's prices"),
            ),
            self.button(self.tr("Reload"), self.load, "Ctrl+Shift+R"),
        )
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.list_view)
        split.addWidget(self.item_view)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        self.frame(self.toolbar(actions, trailing), split)

    def _validity(self, r: dict) -> str:
        start = fmt_date(date.fromisoformat(r["valid_from"])) if r.get("valid_from") else ""
        end = fmt_date(date.fromisoformat(r["valid_to"])) if r.get("valid_to") else ""
        if not start and not end:
            return self.tr("always")
        return f"{start} – {end}" if end else self.tr("from %1").replace("%1", start)

    def load(self) -> None:
        super().load()
        self.call("GET", "/admin/catalog/price-lists", done=self._got)
        self.call(
            "GET",
            "/admin/catalog/products?include_inactive=false",
            done=lambda p: setattr(self, "products", p),
        )

    def _got(self, lists: list) -> None:
        keep = self.selected()
        self.lists.set_rows(lists)
        row = next((i for i, r in enumerate(lists) if keep and r["id"] == keep["id"]), 0 if lists else None)
        if row is not None:
            self.list_view.selectRow(row)
        self._show_items()

    def selected(self) -> dict | None:
        return self.selected_in(self.list_view, self.lists)

    def _show_items(self) -> None:
        pl = self.selected()
        self.items.set_rows(pl["items"] if pl else [])

    def created(self, name: str) -> str:
        return self.tr("Created %1. Add its volume breaks next.").replace("%1", name)

    def ask_breaks(self) -> None:
        pl = self.selected()
        if pl is None:
            return
        dialog = BreaksDialog(pl["name"], pl["items"], self.products, parent=self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.save_breaks(pl["id"], dialog.items(), pl["name"])

    def save_breaks(self, list_id: str, items: list[dict], name: str) -> None:
        self.call(
            "PUT",
            f"/admin/catalog/price-lists/{list_id}/items",
            {"items": items},
            done=lambda _r: self.load(),
            success=self.tr("Saved the volume breaks of %1; laptops get them at their next sync.").replace(
                "%1", name
            ),
        )


MONTH_ROLE = Qt.ItemDataRole.UserRole + 2


class TargetsTab(AdminTab):
    """Monthly sales targets per rep for one year, edited in a grid and saved together."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.reps: list[dict] = []
        self.saved: dict[tuple[str, str], Decimal] = {}
        self._filling = False
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setValue(date.today().year)
        self.year.valueChanged.connect(lambda _v: self.load())
        self.model = QStandardItemModel(self)
        self.model.itemChanged.connect(self._edited)
        self.view = QTableView(objectName="DataTable")
        self.view.setModel(self.model)
        self.view.setAlternatingRowColors(True)
        self.view.verticalHeader().setVisible(False)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ContiguousSelection)
        self.changes = QLabel(objectName="PageSubtitle")
        self.save_button = self.button(self.tr("Save targets"), self.save, "Ctrl+S")
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("Year")))
        bar.addWidget(self.year)
        bar.addWidget(self.save_button)
        bar.addWidget(self.changes, 1)
        bar.addWidget(self.button(self.tr("Export…"), self.export, "Ctrl+Shift+E"))
        bar.addWidget(self.button(self.tr("Reload"), self.load, "Ctrl+Shift+R"))
        hint = QLabel(
            self.tr(
                "Amounts in yuan per rep and month; an empty cell means no target. "
                "Targets feed the KPI “Target achieved”."
            )
        )
        hint.setObjectName("PageSubtitle")
        hint.setWordWrap(True)
        self.frame(bar, hint, self.view)

    def load(self) -> None:
        super().load()
        year = self.year.value()
        self.call("GET", "/admin/users", done=lambda users: self._got_reps(users, year))

    def _got_reps(self, users: list, year: int) -> None:
        self.reps = [u for u in users if u["role"] == Role.REP.value and u["active"]]
        self.call("GET", f"/admin/targets?year={year}", done=lambda t: self._fill(t, year))

    def _fill(self, targets: list, year: int) -> None:
        self.saved = {(t["username"], t["month"]): Decimal(t["amount"]) for t in targets}
        self._filling = True
        self.model.clear()
        months = [f"{year:04d}-{m:02d}" for m in range(1, 13)]
        locale = QLocale()
        self.model.setHorizontalHeaderLabels(
            [self.tr("Rep")]
            + [locale.standaloneMonthName(m, QLocale.FormatType.ShortFormat) for m in range(1, 13)]
            + [self.tr("Year")]
        )
        for rep in self.reps:
            name = QStandardItem(f"{rep['display_name']} ({rep['username']})")
            name.setEditable(False)
            name.setData(rep["username"], MONTH_ROLE)
            cells = [name]
            for month in months:
                value = self.saved.get((rep["username"], month))
                cell = QStandardItem(fmt_decimal(value, 0) if value is not None else "")
                cell.setData(month, MONTH_ROLE)
                cell.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                cells.append(cell)
            total = QStandardItem()
            total.setEditable(False)
            total.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            cells.append(total)
            self.model.appendRow(cells)
        self._filling = False
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        for c in range(1, 14):
            header.setSectionResizeMode(c, QHeaderView.ResizeMode.Stretch)
        for r in range(self.model.rowCount()):
            self._total(r)
        self._count_changes()

    def _amount(self, text: str) -> Decimal | None | str:
        cleaned = text.replace(",", "").replace("¥", "").replace(" ", "").strip()
        if not cleaned:
            return None
        try:
            value = Decimal(cleaned)
        except InvalidOperation:
            return "bad"
        return value if value.is_finite() and value >= 0 and value == round(value, 2) else "bad"

    def _total(self, row: int) -> None:
        total = Decimal(0)
        for c in range(1, 13):
            value = self._amount(self.model.item(row, c).text())
            if isinstance(value, Decimal):
                total += value
        filling, self._filling = self._filling, True
        self.model.item(row, 13).setText(fmt_decimal(total, 0))
        self._filling = filling

    def _edited(self, item: QStandardItem) -> None:
        if not self._filling and item.column() in range(1, 13):
            bad = self._amount(item.text()) == "bad"
            item.setForeground(Qt.GlobalColor.red if bad else Qt.GlobalColor.black)
            self._total(item.row())
            self._count_changes()

    def pending(self) -> list[dict] | str:
        """The changed cells as targets to send (or a message when one is not an amount)."""
        out = []
        for r in range(self.model.rowCount()):
            username = self.model.item(r, 0).data(MONTH_ROLE)
            for c in range(1, 13):
                cell = self.model.item(r, c)
                value = self._amount(cell.text())
                if value == "bad":
                    return (
                        self.tr("%1 for %2 is not an amount.")
                        .replace("%1", cell.text())
                        .replace("%2", self.model.item(r, 0).text())
                    )
                month = cell.data(MONTH_ROLE)
                before = self.saved.get((username, month))
                if value != before:
                    out.append(
                        {
                            "username": username,
                            "month": month,
                            "amount": None if value is None else str(value),
                        }
                    )
        return out

    def _count_changes(self) -> None:
        changes = self.pending()
        n = 0 if isinstance(changes, str) else len(changes)
        self.changes.setText(self.tr("%n unsaved change(s)", None, n) if n else "")
        self.save_button.setEnabled(n > 0)

    def save(self) -> None:
        changes = self.pending()
        if isinstance(changes, str):
            self.banner.show_message(changes, "error")
            return
        if changes:
            self.call(
                "PUT",
                "/admin/targets",
                {"targets": changes},
                done=lambda _r: self.load(),
                success=self.tr(
                    "Saved %n target(s); reps see them after their next sync.", None, len(changes)
                ),
            )

    def export(self) -> None:
        rows = [
            {str(c): self.model.item(r, c).text() for c in range(self.model.columnCount())}
            for r in range(self.model.rowCount())
        ]
        model = RowsModel(
            [
                Col(str(c), self.model.headerData(c, Qt.Orientation.Horizontal))
                for c in range(self.model.columnCount())
            ]
        )
        model.rows = rows
        self.export_model(model, f"targets-{self.year.value()}")
