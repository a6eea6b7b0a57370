"""Small forms of the administration screens. Each returns the request body to send; the
server checks everything again (and says what is wrong), these only catch the obvious."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from decimal import Decimal, InvalidOperation

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QKeySequence, QShortcut, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from domain.enums import NodeKind, Role, ValueTier
from domain.validation import validate_email, validate_phone
from ui.labels import label


class FormDialog(QDialog):
    """Title, a hint, a form, an error line, OK/Cancel; Ctrl+Enter confirms."""

    def __init__(self, title: str, hint: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(440)
        heading = QLabel(title)
        heading.setStyleSheet("font-size: 16px; font-weight: 600;")
        self.hint = QLabel(hint, wordWrap=True)
        self.hint.setStyleSheet("color: #64748b;")
        self.hint.setVisible(bool(hint))
        self.form = QFormLayout()
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.error = QLabel(wordWrap=True)
        self.error.setStyleSheet("color: #b91c1c;")
        self.error.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setToolTip(self.tr("Confirm (Ctrl+Enter)"))
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, self._accept, context=Qt.ShortcutContext.WindowShortcut)
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(22, 18, 22, 14)
        self.layout_.setSpacing(10)
        self.layout_.addWidget(heading)
        self.layout_.addWidget(self.hint)
        self.layout_.addLayout(self.form)
        self.layout_.addWidget(self.error)
        self.layout_.addWidget(self.buttons)

    def check(self) -> str | None:
        """A message when the form cannot be sent as it is."""
        return None

    def show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.setVisible(bool(message))

    def _accept(self) -> None:
        problem = self.check()
        if problem:
            self.show_error(problem)
            return
        self.accept()


def line(text: str = "", placeholder: str = "", max_length: int | None = None) -> QLineEdit:
    edit = QLineEdit(text or "")
    edit.setPlaceholderText(placeholder)
    if max_length:
        edit.setMaxLength(max_length)
    return edit


def combo(items: Sequence[tuple[str, object]], current: object = None) -> QComboBox:
    box = QComboBox()
    for text, value in items:
        box.addItem(text, value)
    if current is not None:
        i = box.findData(current)
        if i >= 0:
            box.setCurrentIndex(i)
    return box


def blank(text: str) -> str | None:
    text = text.strip()
    return text or None


class NodeDialog(FormDialog):
    """Create or rename a node of the territory tree."""

    def __init__(
        self,
        kind: NodeKind,
        parents: Sequence[tuple[str, str]] = (),
        *,
        parent_code: str | None = None,
        code: str = "",
        name: str = "",
        rename: bool = False,
        parent: QWidget | None = None,
    ):
        kind_name = label(NodeKind, kind)
        title = (
            self.tr("Rename %1").replace("%1", kind_name)
            if rename
            else self.tr("New %1").replace("%1", kind_name)
        )
        hint = {
            NodeKind.REGION: self.tr("A region (大区) groups territories; a supervisor manages it."),
            NodeKind.TERRITORY: self.tr(
                "A territory (片区) belongs to a region; reps are assigned territories."
            ),
            NodeKind.GRID: self.tr("A grid cell (网格) divides a territory further; it is optional."),
        }[NodeKind(kind)]
        super().__init__(title, hint, parent)
        self.kind = NodeKind(kind)
        self.name = line(name, self.tr("e.g. 杭州西湖片区"), 120)
        self.code = line(code, self.tr("e.g. E-HZ-1"), 40)
        self.code.setToolTip(self.tr("Letters, digits, dots, dashes; unique in the tree"))
        self.form.addRow(self.tr("Name"), self.name)
        self.form.addRow(self.tr("Code"), self.code)
        self.parent_box: QComboBox | None = None
        if not rename and self.kind is not NodeKind.REGION:
            self.parent_box = combo(parents, parent_code)
            self.form.addRow(self.tr("Under"), self.parent_box)
        self.name.setFocus()

    def check(self) -> str | None:
        if not self.name.text().strip():
            return self.tr("Give the node a name.")
        if not self.code.text().strip():
            return self.tr("Give the node a code.")
        if self.parent_box is not None and self.parent_box.currentData() is None:
            return self.tr("Choose where the node belongs.")
        return None

    def body(self) -> dict:
        out = {"name": self.name.text().strip(), "code": self.code.text().strip()}
        if self.parent_box is not None:
            out["parent"] = self.parent_box.currentData()
        return out


class ChoiceDialog(FormDialog):
    """Pick one thing from a list (a rep, a territory, a new parent…)."""

    def __init__(
        self,
        title: str,
        hint: str,
        field: str,
        items: Sequence[tuple[str, object]],
        current: object = None,
        parent: QWidget | None = None,
    ):
        super().__init__(title, hint, parent)
        self.box = combo(items, current)
        self.box.setMinimumWidth(280)
        self.form.addRow(field, self.box)
        self.box.setFocus()

    def check(self) -> str | None:
        return None if self.box.count() else self.tr("There is nothing to choose from.")

    def value(self):
        return self.box.currentData()


class TransferDialog(FormDialog):
    """Move a territory from one rep to another in one change."""

    def __init__(
        self,
        node_name: str,
        holders: Sequence[tuple[str, str]],
        reps: Sequence[tuple[str, str]],
        parent: QWidget | None = None,
    ):
        super().__init__(
            self.tr("Move %1 to another rep").replace("%1", node_name),
            self.tr(
                "Its customers, with their whole history, move to the new rep's laptop at the next "
                "sync and leave the old rep's laptop; the old rep's unsynced edits are kept."
            ),
            parent,
        )
        self.source = combo(holders)
        self.target = combo(reps)
        self.form.addRow(self.tr("From"), self.source)
        self.form.addRow(self.tr("To"), self.target)
        self.target.setFocus()

    def check(self) -> str | None:
        if self.source.currentData() is None or self.target.currentData() is None:
            return self.tr("Choose both reps.")
        if self.source.currentData() == self.target.currentData():
            return self.tr("Choose a different rep to move the territory to.")
        return None

    def body(self) -> dict:
        return {"from_username": self.source.currentData(), "to_username": self.target.currentData()}


class UserDialog(FormDialog):
    """Create a user, or change one (role, names, supervisor, region, contact)."""

    def __init__(
        self,
        regions: Sequence[tuple[str, str]],
        supervisors: Sequence[tuple[str, str, Collection[str]]],
        user: dict | None = None,
        parent: QWidget | None = None,
    ):
        """``regions``: (label, code); ``supervisors``: (label, username, codes of the regions they cover)."""
        editing = user is not None
        super().__init__(
            self.tr("Edit user") if editing else self.tr("New user"),
            self.tr("A role change signs the user out everywhere; the next login brings the new role.")
            if editing
            else self.tr("The user logs in with this username and password."),
            parent,
        )
        user = user or {}
        self.editing = editing
        self.username = line(user.get("username", ""), self.tr("e.g. zhang.wei"), 64)
        self.username.setEnabled(not editing)
        self.display_name = line(user.get("display_name", ""), self.tr("e.g. 张伟"), 120)
        self.role = combo([(label(Role, r), r.value) for r in Role], user.get("role", Role.REP.value))
        self.rep_code = line(user.get("rep_code") or "", self.tr("e.g. ZW"), 16)
        none = [(self.tr("(none)"), "")]
        self.region = combo(none + list(regions), user.get("region") or "")
        self.supervisors = list(supervisors)
        self.supervisor = QComboBox()
        self._fill_supervisors(user.get("supervisor") or "")
        self.region.currentIndexChanged.connect(
            lambda _i: self._fill_supervisors(self.supervisor.currentData())
        )
        self.phone = line(user.get("phone") or "", "138 1234 5678", 40)
        self.email = line(user.get("email") or "", "name@example.com", 200)
        self.password = line("", self.tr("at least 8 characters"), 256)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.form.addRow(self.tr("Username"), self.username)
        self.form.addRow(self.tr("Name"), self.display_name)
        self.form.addRow(self.tr("Role"), self.role)
        self.form.addRow(self.tr("Rep code"), self.rep_code)
        self.form.addRow(self.tr("Home region"), self.region)
        self.form.addRow(self.tr("Supervisor"), self.supervisor)
        self.form.addRow(self.tr("Phone"), self.phone)
        self.form.addRow(self.tr("Email"), self.email)
        if not editing:
            self.form.addRow(self.tr("Password"), self.password)
        (self.display_name if editing else self.username).setFocus()
        self.original = user

    def _fill_supervisors(self, keep: str | None) -> None:
        """The supervisors of the chosen home region (all of them while none is chosen)."""
        region = self.region.currentData()
        self.supervisor.clear()
        self.supervisor.addItem(self.tr("(none)"), "")
        for text, username, theirs in self.supervisors:
            if not region or region in theirs:
                self.supervisor.addItem(text, username)
        self.supervisor.setCurrentIndex(max(0, self.supervisor.findData(keep or "")))

    def check(self) -> str | None:
        if not self.editing and len(self.username.text().strip()) < 2:
            return self.tr("The username needs at least 2 characters.")
        if not self.display_name.text().strip():
            return self.tr("Give the user's name.")
        if not self.editing and len(self.password.text()) < 8:
            return self.tr("The password must have at least 8 characters.")
        return validate_phone(self.phone.text()) or validate_email(self.email.text())

    def body(self) -> dict:
        out = {
            "display_name": self.display_name.text().strip(),
            "role": self.role.currentData(),
            "rep_code": blank(self.rep_code.text()),
            "region": self.region.currentData() or None,
            "supervisor": self.supervisor.currentData() or None,
            "phone": blank(self.phone.text()),
            "email": blank(self.email.text()),
        }
        if self.editing:
            return {k: v for k, v in out.items() if (self.original.get(k) or None) != v}
        return {**out, "username": self.username.text().strip(), "password": self.password.text()}


class PasswordDialog(FormDialog):
    def __init__(self, username: str, parent: QWidget | None = None):
        super().__init__(
            self.tr("Reset password of %1").replace("%1", username),
            self.tr("The user's sessions end on every computer; they log in again with the new password."),
            parent,
        )
        self.password = line("", self.tr("at least 8 characters"), 256)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.again = line("", "", 256)
        self.again.setEchoMode(QLineEdit.EchoMode.Password)
        self.form.addRow(self.tr("New password"), self.password)
        self.form.addRow(self.tr("Again"), self.again)
        self.password.setFocus()

    def check(self) -> str | None:
        if len(self.password.text()) < 8:
            return self.tr("The password must have at least 8 characters.")
        if self.password.text() != self.again.text():
            return self.tr("The two passwords differ.")
        return None


def _decimal(text: str, places: int) -> Decimal | None:
    try:
        d = Decimal(text.strip().replace(",", ""))
    except InvalidOperation:
        return None
    if not d.is_finite() or d < 0 or d != round(d, places):
        return None
    return d


class ProductDialog(FormDialog):
    def __init__(self, product: dict | None = None, parent: QWidget | None = None):
        super().__init__(
            self.tr("Edit product") if product else self.tr("New product"),
            self.tr("Products reach every laptop at the next sync."),
            parent,
        )
        p = product or {}
        self.original = p
        self.sku = line(p.get("sku", ""), self.tr("e.g. TEA-1001"), 40)
        self.name = line(p.get("name", ""), self.tr("e.g. 西湖龙井 250g"), 200)
        self.unit = line(p.get("unit", ""), self.tr("e.g. 盒"), 20)
        self.category = line(p.get("category", ""), self.tr("e.g. 茶叶"), 80)
        self.price = line(str(p.get("list_price", "")), "0.00", 20)
        self.tax = line(str(p.get("tax_rate", "13")), "13", 10)
        self.description = QPlainTextEdit(p.get("description") or "")
        self.description.setTabChangesFocus(True)
        self.description.setFixedHeight(70)
        self.active = QCheckBox(self.tr("Active (offered in new quotes)"))
        self.active.setChecked(p.get("active", True))
        for text, widget in (
            (self.tr("SKU"), self.sku),
            (self.tr("Name"), self.name),
            (self.tr("Unit"), self.unit),
            (self.tr("Category"), self.category),
            (self.tr("List price (¥)"), self.price),
            (self.tr("Tax rate (%)"), self.tax),
            (self.tr("Description"), self.description),
            ("", self.active),
        ):
            self.form.addRow(text, widget)
        self.sku.setFocus()

    def check(self) -> str | None:
        for widget, what in (
            (self.sku, self.tr("SKU")),
            (self.name, self.tr("Name")),
            (self.unit, self.tr("Unit")),
            (self.category, self.tr("Category")),
        ):
            if not widget.text().strip():
                return self.tr("%1 is required.").replace("%1", what)
        if _decimal(self.price.text(), 2) is None:
            return self.tr("The list price must be an amount like 128.00.")
        tax = _decimal(self.tax.text(), 4)
        if tax is None or tax > 100:
            return self.tr("The tax rate is a percent between 0 and 100, e.g. 13.")
        return None

    def body(self) -> dict:
        out = {
            "sku": self.sku.text().strip(),
            "name": self.name.text().strip(),
            "unit": self.unit.text().strip(),
            "category": self.category.text().strip(),
            "list_price": str(_decimal(self.price.text(), 2)),
            "tax_rate": str(_decimal(self.tax.text(), 4)),
            "description": blank(self.description.toPlainText()),
            "active": self.active.isChecked(),
        }
        return out


class PriceListDialog(FormDialog):
    def __init__(self, price_list: dict | None = None, parent: QWidget | None = None):
        super().__init__(
            self.tr("Edit price list") if price_list else self.tr("New price list"),
            self.tr(
                "A price list applies to customers of one value tier; its volume breaks are edited "
                "separately."
            ),
            parent,
        )
        pl = price_list or {}
        self.name = line(pl.get("name", ""), self.tr("e.g. VIP 价目表 2026"), 120)
        self.tier = combo(
            [(self.tr("(any tier)"), None)] + [(label(ValueTier, t), t.value) for t in ValueTier],
            pl.get("tier"),
        )
        self.currency = line(pl.get("currency", "CNY"), "CNY", 3)
        today = QDate.currentDate()
        self.valid_from = QDateEdit(_qdate(pl.get("valid_from")) or QDate(today.year(), 1, 1))
        self.valid_from.setCalendarPopup(True)
        self.has_end = QCheckBox(self.tr("Ends on"))
        self.valid_to = QDateEdit(_qdate(pl.get("valid_to")) or QDate(today.year(), 12, 31))
        self.valid_to.setCalendarPopup(True)
        self.has_end.setChecked(bool(pl.get("valid_to")))
        self.valid_to.setEnabled(self.has_end.isChecked())
        self.has_end.toggled.connect(self.valid_to.setEnabled)
        end = QHBoxLayout()
        end.addWidget(self.has_end)
        end.addWidget(self.valid_to, 1)
        self.active = QCheckBox(self.tr("Active"))
        self.active.setChecked(pl.get("active", True))
        self.form.addRow(self.tr("Name"), self.name)
        self.form.addRow(self.tr("Customer tier"), self.tier)
        self.form.addRow(self.tr("Currency"), self.currency)
        self.form.addRow(self.tr("Valid from"), self.valid_from)
        self.form.addRow("", _wrap(end))
        self.form.addRow("", self.active)
        self.name.setFocus()

    def check(self) -> str | None:
        if not self.name.text().strip():
            return self.tr("Give the price list a name.")
        if len(self.currency.text().strip()) != 3:
            return self.tr("The currency is a three-letter code such as CNY.")
        if self.has_end.isChecked() and self.valid_to.date() < self.valid_from.date():
            return self.tr("The end date is before the start date.")
        return None

    def body(self) -> dict:
        return {
            "name": self.name.text().strip(),
            "tier": self.tier.currentData(),
            "currency": self.currency.text().strip().upper(),
            "valid_from": self.valid_from.date().toString(Qt.DateFormat.ISODate),
            "valid_to": self.valid_to.date().toString(Qt.DateFormat.ISODate)
            if self.has_end.isChecked()
            else None,
            "active": self.active.isChecked(),
        }


def _qdate(text: str | None) -> QDate | None:
    return QDate.fromString(text, Qt.DateFormat.ISODate) if text else None


def _wrap(layout) -> QWidget:
    w = QWidget()
    layout.setContentsMargins(0, 0, 0, 0)
    w.setLayout(layout)
    return w


class BreaksDialog(FormDialog):
    """Edit a price list's volume breaks (数量折扣): product, from quantity, unit price."""

    def __init__(
        self, list_name: str, items: Sequence[dict], products: Sequence[dict], parent: QWidget | None = None
    ):
        super().__init__(
            self.tr("Volume breaks of %1").replace("%1", list_name),
            self.tr(
                "From each quantity up, the unit price applies; a larger quantity may not cost more "
                "per unit. Leave a row's price empty to remove it."
            ),
            parent,
        )
        self.setMinimumSize(620, 480)
        self.products = {p["sku"]: p for p in products}
        self.model = QStandardItemModel(0, 4, self)
        self.model.setHorizontalHeaderLabels(
            [self.tr("SKU"), self.tr("Product"), self.tr("From quantity"), self.tr("Unit price")]
        )
        for item in items:
            self._add(item["sku"], item["product_name"], str(item["min_quantity"]), str(item["unit_price"]))
        self.view = QTableView(objectName="DataTable")
        self.view.setModel(self.model)
        self.view.verticalHeader().setVisible(False)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for col in (0, 2, 3):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        self.layout_.insertWidget(3, self.view, 1)
        adder = QHBoxLayout()
        self.sku = combo([(f"{p['sku']} · {p['name']}", p["sku"]) for p in products])
        add = QPushButton(self.tr("Add break"))
        add.clicked.connect(
            lambda: (
                self._add(
                    self.sku.currentData(),
                    self.products[self.sku.currentData()]["name"],
                    "1",
                    str(self.products[self.sku.currentData()]["list_price"]),
                )
                if self.sku.currentData()
                else None
            )
        )
        adder.addWidget(self.sku, 1)
        adder.addWidget(add)
        self.layout_.insertLayout(4, adder)

    def _add(self, sku: str, name: str, qty: str, price: str) -> None:
        fixed = [QStandardItem(sku), QStandardItem(name)]
        for cell in fixed:
            cell.setEditable(False)
        numbers = [QStandardItem(qty), QStandardItem(price)]
        for cell in numbers:
            cell.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.model.appendRow(fixed + numbers)

    def items(self) -> list[dict] | str:
        out = []
        for r in range(self.model.rowCount()):
            sku = self.model.item(r, 0).text()
            qty, price = self.model.item(r, 2).text().strip(), self.model.item(r, 3).text().strip()
            if not price:
                continue
            q, p = _decimal(qty, 3), _decimal(price, 2)
            if q is None or q <= 0 or p is None:
                return self.tr(
                    "Row %1: the quantity and price must be numbers ≥ 0 (quantity above 0)."
                ).replace("%1", str(r + 1))
            out.append({"product": sku, "min_quantity": str(q), "unit_price": str(p)})
        return out

    def check(self) -> str | None:
        result = self.items()
        return result if isinstance(result, str) else None


class OverrideDialog(FormDialog):
    """Fix a customer's classification with a reason (later runs keep it)."""

    def __init__(self, customer_name: str, parent: QWidget | None = None):
        from domain.enums import CreditGrade, VisitGrade

        super().__init__(
            self.tr("Override the classification of %1").replace("%1", customer_name),
            self.tr("The fixed values stay until the override is cleared; classification runs keep them."),
            parent,
        )
        keep = [(self.tr("(as computed)"), None)]
        self.tier = combo(keep + [(label(ValueTier, t), t.value) for t in ValueTier])
        self.visit_grade = combo(keep + [(label(VisitGrade, g), g.value) for g in VisitGrade])
        self.credit_grade = combo(keep + [(g.value, g.value) for g in CreditGrade])
        self.reason = QPlainTextEdit()
        self.reason.setTabChangesFocus(True)
        self.reason.setFixedHeight(70)
        self.form.addRow(self.tr("Value tier"), self.tier)
        self.form.addRow(self.tr("Visit grade"), self.visit_grade)
        self.form.addRow(self.tr("Credit grade"), self.credit_grade)
        self.form.addRow(self.tr("Reason"), self.reason)

    def fields(self) -> dict:
        return {
            k: box.currentData()
            for k, box in (
                ("tier", self.tier),
                ("visit_grade", self.visit_grade),
                ("credit_grade", self.credit_grade),
            )
            if box.currentData()
        }

    def check(self) -> str | None:
        if not self.fields():
            return self.tr("Choose at least one value to fix.")
        if not self.reason.toPlainText().strip():
            return self.tr("Give a reason for the override.")
        return None

    def body(self) -> dict:
        return {"fields": self.fields(), "reason": self.reason.toPlainText().strip()}
