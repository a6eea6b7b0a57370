"""Editing the customer file offline: basic data, business situation, a new prospect, contacts.

Checks run as the rep types — required fields, phone and email formats (``domain.validation``)
and, for customers, a warning when the name or phone looks like an existing customer
(``likely_duplicates``) — and the message appears under the field. Saving goes through
``LocalWriter``; if a rule refuses it the message goes under the field it names and the
dialog stays open with everything typed. What is typed is also kept in the drafts table,
so a crash loses nothing: the form comes back with it next time.
"""

from __future__ import annotations

import secrets
from datetime import date, datetime
from typing import Any

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from domain import validation as V
from domain.enums import CustomerType, DecisionRole, SalesStage, Stance
from domain.errors import DomainError
from domain.schema import CONTACT, CUSTOMER
from local_db import customers as customers_db
from local_db import queries
from ui.banner import Banner
from ui.customer_file.fields import DraftKeeper, Field, FieldsMixin, FormLayout, OptionalDate, enum_combo
from ui.customer_file.look import WORKSPACE_STYLE
from ui.customer_file.words import business_fields
from ui.operations import LocalOp

BASIC = (
    "name",
    "customer_type",
    "sales_stage",
    "industry",
    "address",
    "city",
    "phone",
    "fax",
    "email",
    "website",
)
BUSINESS = (
    "product_mix",
    "sales_situation",
    "financial_status",
    "credit_status",
    "main_competitors",
    "strategic_plans",
    "key_needs",
    "surface_needs",
    "future_needs",
    "notes",
)


def new_customer_code(rep_code: str | None, now: datetime | None = None) -> str:
    """A code for a prospect made offline: rep code, date, and 4 random hex digits (RA-260302-7F3A)."""
    now = now or datetime.now().astimezone()
    return f"{rep_code or 'NEW'}-{now:%y%m%d}-{secrets.token_hex(2).upper()}"


class _FormDialog(FieldsMixin, QDialog):
    """Fields, a draft, a message banner and Save/Cancel: what both forms share."""

    saved = Signal(str)  # the row id

    def __init__(self, db, draft_key: str, customer_id: str | None, parent: QWidget | None):
        super().__init__(parent)
        self.db = db
        self.fields: dict[str, Field] = {}
        self.setStyleSheet(WORKSPACE_STYLE)
        self._loading = True
        self._dirty = False
        self.draft = DraftKeeper(db, draft_key, draft_key.split(":", 1)[0], self.values, customer_id, self)
        self.banner = Banner("warn")
        self.banner.setVisible(False)

    def add_lines(self, form: FormLayout, entity, fields) -> None:
        """One-line fields ``(name, label)`` of ``entity``, each as long as its column allows."""
        for name, text in fields:
            self.add(form, name, text, QLineEdit(), max_length=entity.field(name).max_length)

    def text_area(self, height: int = 56) -> QPlainTextEdit:
        edit = QPlainTextEdit()
        edit.setTabChangesFocus(True)
        edit.setFixedHeight(height)
        return edit

    def values(self) -> dict[str, Any]:
        return {name: f.value() for name, f in self.fields.items()}

    def fill(self, values: dict[str, Any]) -> None:
        for name, field in self.fields.items():
            if name in values:
                field.set_value(values[name])

    def start(self, initial: dict[str, Any]) -> None:
        """Fill from the draft if there is one (saying so), else from ``initial``; check once."""
        restored = self.draft.load()
        self.fill(restored or initial)
        if restored:
            self.banner.show_message(
                self.tr("Restored what you typed last time; it was not saved yet."), "warn"
            )
        self._loading = False
        for name in self.fields:
            self.check(name, quiet=True)

    def _edited(self, name: str) -> None:
        if self._loading:
            return
        self._dirty = True
        self.draft.changed()
        self.check(name)

    def check(self, name: str, quiet: bool = False) -> str | None:
        """Check one field as typed; shows and returns the message (``quiet``: only real errors)."""
        return None

    def problems(self) -> dict[str, str]:
        out = {}
        for name in self.fields:
            message = self.check(name, quiet=False)
            if message:
                out[name] = message
        return out

    def required_message(self, field: Field) -> str | None:
        if field.required and V.is_blank(field.value()):
            return self.tr("%1 is required.").replace("%1", field.label.text().rstrip(" *"))
        return None

    def format_message(self, name: str, value: Any, max_length: int | None) -> str | None:
        text = value if isinstance(value, str) else ""
        if max_length and len(text) > max_length:
            return self.tr("At most %1 characters.").replace("%1", str(max_length))
        if name in ("phone", "fax", "mobile") and V.validate_phone(text):
            return self.tr(
                "Not a phone number we recognise. For example: 138 1234 5678, 0571-88886666 "
                "or +44 20 7946 0958."
            )
        if name == "email" and V.validate_email(text):
            return self.tr("Not a valid email address (expected something like name@example.com).")
        return None

    def save(self) -> None:
        problems = self.problems()
        if problems:
            first = next(n for n in self.fields if n in problems)
            self.fields[first].editor.setFocus()
            self.banner.show_message(self.tr("Check the marked fields. Nothing you typed is lost."), "bad")
            return
        try:
            row_id = LocalOp(self, self.write).run()
        except DomainError as exc:
            field = self.fields.get(exc.field or "")
            if field is not None:
                field.set_error(exc.message)
                field.editor.setFocus()
            self.banner.show_message(
                exc.message
                if field is None
                else self.tr("Not saved: check the marked field. Nothing you typed is lost."),
                "bad",
            )
            self.draft.flush()
            return
        self.draft.discard()
        self.saved.emit(row_id)
        self.accept()

    def write(self) -> str:
        raise NotImplementedError

    def reject(self) -> None:
        # Cancel means the rep does not want these changes: no draft to bring back.
        self.draft.discard()
        super().reject()

    def keep_draft(self) -> None:
        if self._dirty and self.draft.enabled:
            self.draft.flush()

    def closeEvent(self, event) -> None:  # the window's close button: keep what was typed
        self.keep_draft()
        super().closeEvent(event)


def _typed(values: dict[str, Any], names: tuple[str, ...]) -> dict[str, Any]:
    out = {}
    for name in names:
        value = values.get(name)
        if isinstance(value, str):
            value = value.strip() or None
        out[name] = value
    return out


class CustomerForm(_FormDialog):
    """Edit a customer's basic data and business situation, or create a new prospect."""

    def __init__(self, db, customer_id: str | None = None, parent: QWidget | None = None):
        self.customer_id = customer_id
        super().__init__(db, f"customer:{customer_id or 'new'}", customer_id, parent)
        self.setWindowTitle(self.tr("Edit customer") if customer_id else self.tr("New prospect"))
        self.resize(720, 680)
        self.row = None
        user_id = db.get_state("user_id")
        start = customers_db.customer_form(db, customer_id, user_id)
        self.row, self.territories, rep_code = start.row, start.territories, start.rep_code
        self._dup_timer = QTimer(self, singleShot=True, interval=300)
        self._dup_timer.timeout.connect(self.check_duplicates)
        self.duplicates: list[V.DuplicateCandidate] = []
        self._errors: dict[str, str | None] = {}

        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        layout.addWidget(self.banner)
        tabs = QTabWidget()
        basic, business = FormLayout(label_width=110), FormLayout(label_width=110)
        tabs.addTab(_scrolled(basic), self.tr("Basic data"))
        tabs.addTab(_scrolled(business), self.tr("Business situation and needs"))
        layout.addWidget(tabs, 1)

        self.add(basic, "name", self.tr("Name"), QLineEdit(), required=True, max_length=200)
        if customer_id is None:
            code = QLineEdit(new_customer_code(rep_code))
            self.add(
                basic,
                "code",
                self.tr("Code"),
                code,
                required=True,
                max_length=40,
                hint=self.tr("Made up on this laptop; you may change it."),
            )
            territory = QComboBox()
            for t in self.territories:
                territory.addItem(f"{t['name']} ({t['code']})", t["id"])
            self.add(
                basic,
                "territory_id",
                self.tr("Territory"),
                territory,
                required=True,
                hint="" if self.territories else self.tr("You have no territory assigned: sync first."),
            )
        self.add(basic, "customer_type", self.tr("Type"), enum_combo(CustomerType), required=True)
        self.add(basic, "sales_stage", self.tr("Sales stage"), enum_combo(SalesStage, blank="—"))
        self.add_lines(
            basic,
            CUSTOMER,
            (
                ("industry", self.tr("Industry")),
                ("address", self.tr("Address")),
                ("city", self.tr("City")),
                ("phone", self.tr("Phone")),
                ("fax", self.tr("Fax")),
                ("email", self.tr("Email")),
                ("website", self.tr("Website")),
            ),
        )
        for name, text in business_fields():
            self.add(business, name, text, self.text_area())

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        buttons.button(QDialogButtonBox.StandardButton.Save).setToolTip(self.tr("Save (Ctrl+S)"))
        buttons.button(QDialogButtonBox.StandardButton.Save).setShortcut("Ctrl+S")
        layout.addWidget(buttons)
        initial: dict[str, Any] = {
            "customer_type": CustomerType.ORGANISATION.value,
            "sales_stage": SalesStage.NEW.value,
        }
        if self.row is not None:
            initial = {name: self.row[name] for name in BASIC + BUSINESS}
        elif len(self.territories) >= 1:
            initial["territory_id"] = self.territories[0]["id"]
        self.start(initial)
        self.fields["name"].editor.setFocus()

    def check(self, name: str, quiet: bool = False) -> str | None:
        field = self.fields[name]
        value = field.value()
        message = None if quiet and V.is_blank(value) else self.required_message(field)
        if message is None and name in CUSTOMER.field_names:
            message = self.format_message(name, value, CUSTOMER.field(name).max_length)
        self._errors[name] = message
        if message is None and name in ("name", "phone"):
            # Not an error: a warning that the customer may exist already (saving stays possible).
            self._dup_timer.start()
            field.set_error(self._duplicate_message(name), warning=True)
            return None
        field.set_error(message)
        return message

    def check_duplicates(self) -> None:
        values = self.values()
        with self.db.session() as s:
            candidates = queries.duplicate_candidates(
                s, values.get("name"), values.get("phone"), exclude_id=self.customer_id
            )
        self.duplicates = V.likely_duplicates(values.get("name"), values.get("phone"), candidates)
        for name in ("name", "phone"):
            if not self._errors.get(name):
                self.fields[name].set_error(self._duplicate_message(name), warning=True)

    def _duplicate_message(self, name: str) -> str | None:
        reason = "name" if name == "name" else "phone"
        same = [d for d in self.duplicates if reason in d.reasons]
        if not same:
            return None
        names = "、".join(d.name for d in same[:2])
        if reason == "name":
            return self.tr(
                "A customer with this name exists already: %1. Save anyway if it is another one."
            ).replace("%1", names)
        return self.tr(
            "This phone number belongs to %1 already. Save anyway if it is another customer."
        ).replace("%1", names)

    def write(self) -> str:
        values = self.values()
        data = _typed(values, BASIC + BUSINESS)
        return customers_db.save_customer(
            self.db,
            self.customer_id,
            data,
            code=values.get("code") or "",
            territory_id=values.get("territory_id"),
        )


class ContactForm(_FormDialog):
    """Add or edit a contact of a customer: role in the decision, stance, primary, private notes."""

    def __init__(self, db, customer_id: str, contact_id: str | None = None, parent: QWidget | None = None):
        self.customer_id, self.contact_id = customer_id, contact_id
        super().__init__(db, f"contact:{contact_id or 'new:' + customer_id}", customer_id, parent)
        self.setWindowTitle(self.tr("Edit contact") if contact_id else self.tr("New contact"))
        self.resize(560, 600)
        row, has_contacts = customers_db.contact_form(db, customer_id, contact_id)
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        form = FormLayout(label_width=110)
        self.add(form, "name", self.tr("Name"), QLineEdit(), required=True, max_length=120)
        self.add_lines(
            form,
            CONTACT,
            (
                ("title", self.tr("Title")),
                ("mobile", self.tr("Mobile")),
                ("phone", self.tr("Phone")),
                ("email", self.tr("Email")),
                ("im_id", self.tr("WeChat / QQ")),
            ),
        )
        self.add(form, "decision_role", self.tr("Role in the purchase"), enum_combo(DecisionRole, blank="—"))
        self.add(form, "stance", self.tr("Stance"), enum_combo(Stance, blank="—"))
        self.add(
            form, "is_primary", self.tr("Primary"), QCheckBox(self.tr("Primary contact of this customer"))
        )
        self.add(form, "birthday", self.tr("Birthday"), OptionalDate(self.tr("Known")))
        self.add(
            form,
            "personal_notes",
            self.tr("Personal notes"),
            self.text_area(70),
            hint=self.tr("Hobbies, family… Private: only you and your supervisors see them."),
        )
        layout.addWidget(form, 1)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        buttons.button(QDialogButtonBox.StandardButton.Save).setShortcut("Ctrl+S")
        layout.addWidget(buttons)
        names = (
            "name",
            "title",
            "mobile",
            "phone",
            "email",
            "im_id",
            "decision_role",
            "stance",
            "is_primary",
            "birthday",
            "personal_notes",
        )
        initial = {n: row[n] for n in names} if row is not None else {"is_primary": not has_contacts}
        self.start(initial)
        self.fields["name"].editor.setFocus()

    def check(self, name: str, quiet: bool = False) -> str | None:
        field = self.fields[name]
        value = field.value()
        message = None if quiet and V.is_blank(value) else self.required_message(field)
        if message is None and name in CONTACT.field_names and isinstance(value, str):
            message = self.format_message(name, value, CONTACT.field(name).max_length)
        field.set_error(message)
        return message

    def write(self) -> str:
        values = self.values()
        data = _typed(
            values,
            (
                "name",
                "title",
                "mobile",
                "phone",
                "email",
                "im_id",
                "decision_role",
                "stance",
                "personal_notes",
            ),
        )
        data["is_primary"] = bool(values.get("is_primary"))
        birthday = values.get("birthday")
        data["birthday"] = date.fromisoformat(birthday) if birthday else None
        return customers_db.save_contact(self.db, self.customer_id, self.contact_id, data)


def _scrolled(widget: QWidget) -> QScrollArea:
    area = QScrollArea(widgetResizable=True)
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    holder = QWidget()
    layout = QVBoxLayout(holder)
    layout.setContentsMargins(8, 10, 12, 10)
    layout.addWidget(widget)
    layout.addStretch(1)
    area.setWidget(holder)
    return area
