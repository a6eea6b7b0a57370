"""The conflict dialog: per clashing field the value before, the server's and the rep's.

A conflict is a same-field clash on a field whose merge policy is "a person decides"
(money, credit, statuses). The dialog shows, per field, the value both sides started
from, the server's value and the rep's, formatted for people (money, local times, enum
labels), and lets the rep pick one of the two. Apply settles the issue through
``local_db.issues.resolve_conflict``: "mine" becomes a new local update based on the
server's value, so it applies on the next push; "server's" just settles.

This module also holds the words and formats for records and fields that the sync-issue
screens share: ``entity_label``, ``field_label``, ``format_value``.
"""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QWidget,
)

from domain.errors import DomainError
from domain.schema import BY_NAME, Kind
from domain.values import parse_datetime
from local_db import issues as I
from ui.errors import refusal_text
from ui.formatting import fmt_date, fmt_datetime, fmt_decimal, fmt_int, fmt_money
from ui.labels import label
from ui.operations import LocalOp
from ui.style import MUTED, OFFLINE, WARNING
from ui.support.layouts import column
from ui.widgets import error_label, scrolling_grid

# lupdate only sees literal translate("Context", "text") calls, so no wrapper function.
translate = QCoreApplication.translate

ENTITY_LABELS = {
    "territory": QT_TRANSLATE_NOOP("Entities", "Territory"),
    "user": QT_TRANSLATE_NOOP("Entities", "User"),
    "product": QT_TRANSLATE_NOOP("Entities", "Product"),
    "price_list": QT_TRANSLATE_NOOP("Entities", "Price list"),
    "price_list_item": QT_TRANSLATE_NOOP("Entities", "Price list item"),
    "customer": QT_TRANSLATE_NOOP("Entities", "Customer"),
    "assignment": QT_TRANSLATE_NOOP("Entities", "Assignment"),
    "contact": QT_TRANSLATE_NOOP("Entities", "Contact"),
    "visit": QT_TRANSLATE_NOOP("Entities", "Visit"),
    "quote": QT_TRANSLATE_NOOP("Entities", "Quote"),
    "quote_line": QT_TRANSLATE_NOOP("Entities", "Quote line"),
    "complaint": QT_TRANSLATE_NOOP("Entities", "Complaint"),
    "receivable": QT_TRANSLATE_NOOP("Entities", "Receivable"),
    "payment": QT_TRANSLATE_NOOP("Entities", "Payment"),
    "sales_target": QT_TRANSLATE_NOOP("Entities", "Sales target"),
    "attachment": QT_TRANSLATE_NOOP("Entities", "Attachment"),
}

FIELD_LABELS = {
    "code": QT_TRANSLATE_NOOP("Fields", "Code"),
    "name": QT_TRANSLATE_NOOP("Fields", "Name"),
    "kind": QT_TRANSLATE_NOOP("Fields", "Kind"),
    "parent_id": QT_TRANSLATE_NOOP("Fields", "Parent"),
    "username": QT_TRANSLATE_NOOP("Fields", "Username"),
    "display_name": QT_TRANSLATE_NOOP("Fields", "Full name"),
    "role": QT_TRANSLATE_NOOP("Fields", "Role"),
    "rep_code": QT_TRANSLATE_NOOP("Fields", "Rep code"),
    "region_id": QT_TRANSLATE_NOOP("Fields", "Region"),
    "supervisor_id": QT_TRANSLATE_NOOP("Fields", "Supervisor"),
    "phone": QT_TRANSLATE_NOOP("Fields", "Phone"),
    "email": QT_TRANSLATE_NOOP("Fields", "Email"),
    "active": QT_TRANSLATE_NOOP("Fields", "Active"),
    "sku": QT_TRANSLATE_NOOP("Fields", "SKU"),
    "unit": QT_TRANSLATE_NOOP("Fields", "Unit"),
    "category": QT_TRANSLATE_NOOP("Fields", "Category"),
    "list_price": QT_TRANSLATE_NOOP("Fields", "List price"),
    "tax_rate": QT_TRANSLATE_NOOP("Fields", "Tax rate"),
    "description": QT_TRANSLATE_NOOP("Fields", "Description"),
    "tier": QT_TRANSLATE_NOOP("Fields", "Tier"),
    "currency": QT_TRANSLATE_NOOP("Fields", "Currency"),
    "valid_from": QT_TRANSLATE_NOOP("Fields", "Valid from"),
    "valid_to": QT_TRANSLATE_NOOP("Fields", "Valid to"),
    "price_list_id": QT_TRANSLATE_NOOP("Fields", "Price list"),
    "product_id": QT_TRANSLATE_NOOP("Fields", "Product"),
    "min_quantity": QT_TRANSLATE_NOOP("Fields", "Minimum quantity"),
    "unit_price": QT_TRANSLATE_NOOP("Fields", "Unit price"),
    "customer_type": QT_TRANSLATE_NOOP("Fields", "Customer type"),
    "industry": QT_TRANSLATE_NOOP("Fields", "Industry"),
    "address": QT_TRANSLATE_NOOP("Fields", "Address"),
    "city": QT_TRANSLATE_NOOP("Fields", "City"),
    "fax": QT_TRANSLATE_NOOP("Fields", "Fax"),
    "website": QT_TRANSLATE_NOOP("Fields", "Website"),
    "latitude": QT_TRANSLATE_NOOP("Fields", "Latitude"),
    "longitude": QT_TRANSLATE_NOOP("Fields", "Longitude"),
    "territory_id": QT_TRANSLATE_NOOP("Fields", "Territory"),
    "owner_id": QT_TRANSLATE_NOOP("Fields", "Owner"),
    "lifecycle_stage": QT_TRANSLATE_NOOP("Fields", "Lifecycle stage"),
    "sales_stage": QT_TRANSLATE_NOOP("Fields", "Sales stage"),
    "visit_grade": QT_TRANSLATE_NOOP("Fields", "Visit grade"),
    "credit_grade": QT_TRANSLATE_NOOP("Fields", "Credit grade"),
    "credit_score": QT_TRANSLATE_NOOP("Fields", "Credit score"),
    "churn_risk": QT_TRANSLATE_NOOP("Fields", "Churn risk"),
    "override_reason": QT_TRANSLATE_NOOP("Fields", "Override reason"),
    "key_account": QT_TRANSLATE_NOOP("Fields", "Key account"),
    "account_manager_id": QT_TRANSLATE_NOOP("Fields", "Account manager"),
    "credit_limit": QT_TRANSLATE_NOOP("Fields", "Credit limit"),
    "payment_terms_days": QT_TRANSLATE_NOOP("Fields", "Payment terms (days)"),
    "product_mix": QT_TRANSLATE_NOOP("Fields", "Product mix"),
    "sales_situation": QT_TRANSLATE_NOOP("Fields", "Sales situation"),
    "financial_status": QT_TRANSLATE_NOOP("Fields", "Financial status"),
    "credit_status": QT_TRANSLATE_NOOP("Fields", "Credit status"),
    "main_competitors": QT_TRANSLATE_NOOP("Fields", "Main competitors"),
    "strategic_plans": QT_TRANSLATE_NOOP("Fields", "Strategic plans"),
    "key_needs": QT_TRANSLATE_NOOP("Fields", "Key needs"),
    "surface_needs": QT_TRANSLATE_NOOP("Fields", "Stated needs"),
    "future_needs": QT_TRANSLATE_NOOP("Fields", "Future needs"),
    "notes": QT_TRANSLATE_NOOP("Fields", "Notes"),
    "created_at": QT_TRANSLATE_NOOP("Fields", "Created"),
    "user_id": QT_TRANSLATE_NOOP("Fields", "User"),
    "customer_id": QT_TRANSLATE_NOOP("Fields", "Customer"),
    "title": QT_TRANSLATE_NOOP("Fields", "Job title"),
    "mobile": QT_TRANSLATE_NOOP("Fields", "Mobile"),
    "im_id": QT_TRANSLATE_NOOP("Fields", "WeChat / IM"),
    "is_primary": QT_TRANSLATE_NOOP("Fields", "Primary contact"),
    "decision_role": QT_TRANSLATE_NOOP("Fields", "Decision role"),
    "stance": QT_TRANSLATE_NOOP("Fields", "Stance"),
    "birthday": QT_TRANSLATE_NOOP("Fields", "Birthday"),
    "personal_notes": QT_TRANSLATE_NOOP("Fields", "Personal notes"),
    "rep_id": QT_TRANSLATE_NOOP("Fields", "Sales rep"),
    "contact_id": QT_TRANSLATE_NOOP("Fields", "Contact"),
    "status": QT_TRANSLATE_NOOP("Fields", "Status"),
    "planned_at": QT_TRANSLATE_NOOP("Fields", "Planned for"),
    "check_in_at": QT_TRANSLATE_NOOP("Fields", "Checked in"),
    "check_out_at": QT_TRANSLATE_NOOP("Fields", "Checked out"),
    "server_received_at": QT_TRANSLATE_NOOP("Fields", "Received by the server"),
    "location_source": QT_TRANSLATE_NOOP("Fields", "Location source"),
    "location_accuracy_m": QT_TRANSLATE_NOOP("Fields", "Location accuracy (m)"),
    "purpose": QT_TRANSLATE_NOOP("Fields", "Purpose"),
    "channel": QT_TRANSLATE_NOOP("Fields", "Channel"),
    "checklist": QT_TRANSLATE_NOOP("Fields", "Checklist"),
    "outcome": QT_TRANSLATE_NOOP("Fields", "Outcome"),
    "order_amount": QT_TRANSLATE_NOOP("Fields", "Order amount"),
    "cash_collected": QT_TRANSLATE_NOOP("Fields", "Cash collected"),
    "visit_cost": QT_TRANSLATE_NOOP("Fields", "Visit cost"),
    "competitor_notes": QT_TRANSLATE_NOOP("Fields", "Competitor notes"),
    "next_step": QT_TRANSLATE_NOOP("Fields", "Next step"),
    "next_visit_date": QT_TRANSLATE_NOOP("Fields", "Next visit"),
    "review_comment": QT_TRANSLATE_NOOP("Fields", "Review comment"),
    "reviewed_by": QT_TRANSLATE_NOOP("Fields", "Reviewed by"),
    "reviewed_at": QT_TRANSLATE_NOOP("Fields", "Reviewed"),
    "number": QT_TRANSLATE_NOOP("Fields", "Number"),
    "issue_date": QT_TRANSLATE_NOOP("Fields", "Issue date"),
    "valid_until": QT_TRANSLATE_NOOP("Fields", "Valid until"),
    "header_discount_pct": QT_TRANSLATE_NOOP("Fields", "Discount"),
    "subtotal": QT_TRANSLATE_NOOP("Fields", "Subtotal"),
    "tax_total": QT_TRANSLATE_NOOP("Fields", "Tax"),
    "total": QT_TRANSLATE_NOOP("Fields", "Total"),
    "approval_comment": QT_TRANSLATE_NOOP("Fields", "Approval comment"),
    "approved_by": QT_TRANSLATE_NOOP("Fields", "Approved by"),
    "approved_at": QT_TRANSLATE_NOOP("Fields", "Approved"),
    "revision_of_id": QT_TRANSLATE_NOOP("Fields", "Revision of"),
    "revision": QT_TRANSLATE_NOOP("Fields", "Revision"),
    "sent_at": QT_TRANSLATE_NOOP("Fields", "Sent"),
    "decided_at": QT_TRANSLATE_NOOP("Fields", "Decided"),
    "quote_id": QT_TRANSLATE_NOOP("Fields", "Quote"),
    "line_no": QT_TRANSLATE_NOOP("Fields", "Line"),
    "quantity": QT_TRANSLATE_NOOP("Fields", "Quantity"),
    "discount_pct": QT_TRANSLATE_NOOP("Fields", "Discount"),
    "line_subtotal": QT_TRANSLATE_NOOP("Fields", "Line subtotal"),
    "line_tax": QT_TRANSLATE_NOOP("Fields", "Line tax"),
    "line_total": QT_TRANSLATE_NOOP("Fields", "Line total"),
    "visit_id": QT_TRANSLATE_NOOP("Fields", "Visit"),
    "recorded_by": QT_TRANSLATE_NOOP("Fields", "Recorded by"),
    "recorded_at": QT_TRANSLATE_NOOP("Fields", "Recorded"),
    "severity": QT_TRANSLATE_NOOP("Fields", "Severity"),
    "root_cause": QT_TRANSLATE_NOOP("Fields", "Root cause"),
    "resolution": QT_TRANSLATE_NOOP("Fields", "Resolution"),
    "remedy": QT_TRANSLATE_NOOP("Fields", "Remedy"),
    "compensation_amount": QT_TRANSLATE_NOOP("Fields", "Compensation"),
    "first_response_due": QT_TRANSLATE_NOOP("Fields", "First response due"),
    "resolution_due": QT_TRANSLATE_NOOP("Fields", "Resolution due"),
    "first_responded_at": QT_TRANSLATE_NOOP("Fields", "First response"),
    "resolved_at": QT_TRANSLATE_NOOP("Fields", "Resolved"),
    "closed_at": QT_TRANSLATE_NOOP("Fields", "Closed"),
    "satisfaction": QT_TRANSLATE_NOOP("Fields", "Satisfaction"),
    "expectation_score": QT_TRANSLATE_NOOP("Fields", "Expectation score"),
    "perceived_score": QT_TRANSLATE_NOOP("Fields", "Perceived score"),
    "reopen_reason": QT_TRANSLATE_NOOP("Fields", "Reason for reopening"),
    "escalation_level": QT_TRANSLATE_NOOP("Fields", "Escalation level"),
    "escalated_at": QT_TRANSLATE_NOOP("Fields", "Escalated"),
    "sla_breached": QT_TRANSLATE_NOOP("Fields", "Deadline missed"),
    "reference": QT_TRANSLATE_NOOP("Fields", "Reference"),
    "amount": QT_TRANSLATE_NOOP("Fields", "Amount"),
    "issued_on": QT_TRANSLATE_NOOP("Fields", "Issued on"),
    "due_date": QT_TRANSLATE_NOOP("Fields", "Due date"),
    "paid_amount": QT_TRANSLATE_NOOP("Fields", "Paid amount"),
    "receivable_id": QT_TRANSLATE_NOOP("Fields", "Receivable"),
    "paid_on": QT_TRANSLATE_NOOP("Fields", "Paid on"),
    "method": QT_TRANSLATE_NOOP("Fields", "Payment method"),
    "month": QT_TRANSLATE_NOOP("Fields", "Month"),
}

# The column that names a referenced record, per entity (for REF fields).


def entity_label(entity: str) -> str:
    source = ENTITY_LABELS.get(entity)
    return translate("Entities", source) if source else entity


def field_label(entity: str, field: str) -> str:
    source = FIELD_LABELS.get(field)
    return translate("Fields", source) if source else field.replace("_", " ")


def empty_text() -> str:
    return translate("Fields", "(empty)")


def _is_money(entity: str, field: str) -> bool:
    e = BY_NAME.get(entity)
    if e is None:
        return False
    f = e.field(field)
    return f.kind is Kind.DECIMAL and f.scale == 2 and field not in ("latitude", "longitude")


def _is_percent(field: str) -> bool:
    return field.endswith("_pct") or field == "tax_rate"  # churn_risk is a fraction 0…1 (domain/README.md)


def format_value(entity: str, field: str, value: Any, names=None, currency: str | None = None) -> str:
    """A wire value as a person reads it: money, local times, enum labels, names for ids
    (``names``: ``{(entity, id): name}``, from ``local_db.issues``)."""
    if value is None or value == "":
        return empty_text()
    e = BY_NAME.get(entity)
    try:
        f = e.field(field) if e is not None else None
    except KeyError:
        f = None
    if f is None:
        return str(value)
    try:
        match f.kind:
            case Kind.DECIMAL:
                d = Decimal(str(value))
                if _is_money(entity, field):
                    return fmt_money(d, currency or "CNY")
                places = max(0, -d.normalize().as_tuple().exponent)  # type: ignore[operator]
                text = fmt_decimal(d, min(places, f.scale))
                return text + " %" if _is_percent(field) else text
            case Kind.DATE:
                return fmt_date(date.fromisoformat(str(value)))
            case Kind.DATETIME:
                return fmt_datetime(parse_datetime(str(value)))
            case Kind.ENUM:
                return label(f.enum, value) if f.enum else str(value)
            case Kind.BOOL:
                return translate("Fields", "Yes") if value else translate("Fields", "No")
            case Kind.INT:
                return fmt_int(int(value))
            case Kind.REF:
                return _ref_name(f.ref, str(value), names)
            case Kind.JSON:
                return json.dumps(value, ensure_ascii=False)
    except (ValueError, TypeError, InvalidOperation):
        return str(value)
    return str(value)


def _ref_name(target: str | None, row_id: str, names) -> str:
    name = (names or {}).get((target, row_id))
    if name:
        return format_value(target, I.REF_NAMES[target], name) if target == "visit" else str(name)
    return "…" + row_id[-8:]


def record_title(names, issue_row: dict) -> str:
    """ "Visit · 杭州客户 · 3/2/26 9:30" for the heading of a sync-issue dialog."""
    parts = [entity_label(issue_row["entity"])]
    if issue_row.get("customer_name"):
        parts.append(issue_row["customer_name"])
    if (
        issue_row.get("label_value") is not None
        and issue_row.get("label_field")
        and not (issue_row["entity"] == "customer" and issue_row.get("customer_name"))
    ):
        parts.append(
            format_value(issue_row["entity"], issue_row["label_field"], issue_row["label_value"], names)
        )
    return " · ".join(parts)


def elide(text: str, n: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def name_issue(heading: QLabel, view, gone: str, actions: list[QWidget]) -> bool:
    """A sync dialog's ``heading`` names the record of its issue (``view``, from local_db.issues);
    when the issue was settled meanwhile (``view`` is None) it says ``gone`` and ``actions`` go
    grey. Whether the issue is still there."""
    if view is None:
        heading.setText(gone)
        for action in actions:
            action.setEnabled(False)
        return False
    heading.setText(record_title(view.names, view.summary))
    return True


def add_heads(grid, heads: tuple[str, ...]) -> None:
    """A sync dialog's field grid's first row: a muted bold title over each column."""
    for col, text in enumerate(heads):
        head = QLabel(text)
        head.setStyleSheet(f"color: {MUTED}; font-weight: 600")
        grid.addWidget(head, 0, col)


class ConflictDialog(QDialog):
    """Choose, per clashing field, the server's value or mine; Apply settles the issue."""

    resolved = Signal(bool)  # True when "mine" queued a change to send

    def __init__(self, db, mutation_id: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.mutation_id = mutation_id
        self.setWindowTitle(self.tr("Resolve a sync conflict"))
        self.setMinimumWidth(720)
        self.groups: dict[str, QButtonGroup] = {}
        self.server_buttons: dict[str, QRadioButton] = {}
        self.mine_buttons: dict[str, QRadioButton] = {}
        self.clashes: list[I.Clash] = []

        self.heading = QLabel(objectName="PageTitle", wordWrap=True)
        self.explain = QLabel(
            self.tr(
                "You and someone else changed the same fields of this record at the "
                "same time. Nothing has been lost: for each field, choose which value "
                "to keep."
            ),
            wordWrap=True,
        )
        self.explain.setStyleSheet(f"color: {MUTED}")
        scroll, self.grid_host, self.grid = scrolling_grid(18, 10)

        self.error = error_label(OFFLINE)

        self.all_server = QPushButton(self.tr("Keep all the server's values"))
        self.all_server.setToolTip(self.tr("Keep all the server's values (Alt+S)"))
        self.all_server.setShortcut("Alt+S")
        self.all_mine = QPushButton(self.tr("Use all my values"))
        self.all_mine.setToolTip(self.tr("Use all my values (Alt+M)"))
        self.all_mine.setShortcut("Alt+M")
        self.all_server.clicked.connect(lambda: self.choose_all(I.KEEP_SERVER))
        self.all_mine.clicked.connect(lambda: self.choose_all(I.USE_MINE))

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.apply_button = self.buttons.addButton(self.tr("Apply"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.apply_button.setDefault(True)
        self.buttons.accepted.connect(self.apply)
        self.buttons.rejected.connect(self.reject)

        quick = QHBoxLayout()
        quick.addWidget(self.all_server)
        quick.addWidget(self.all_mine)
        quick.addStretch(1)
        column(
            self,
            self.heading,
            self.explain,
            (scroll, 1),
            quick,
            self.error,
            self.buttons,
            margins=(24, 20, 24, 16),
            spacing=12,
        )
        self.load()

    # -- data ---------------------------------------------------------------------------------

    def load(self) -> bool:
        """(Re)read the issue and the current row; False when the issue is gone."""
        view = I.conflict_view(self.db, self.mutation_id)
        if not name_issue(
            self.heading, view, self.tr("This conflict was already resolved."), [self.apply_button]
        ):
            return False
        self.clashes = view.clashes
        self._fill(view.names, view.entity, view.currency)
        self._update_apply()
        return True

    def _fill(self, names, entity: str, currency: str | None) -> None:
        previous = {f: self.choice(f) for f in self.groups}
        while self.grid.count():
            item = self.grid.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        self.groups.clear()
        self.server_buttons.clear()
        self.mine_buttons.clear()
        add_heads(
            self.grid, (self.tr("Field"), self.tr("Before"), self.tr("Server's value"), self.tr("My value"))
        )
        for r, clash in enumerate(self.clashes, start=1):
            name = QLabel(field_label(entity, clash.field))
            name.setStyleSheet("font-weight: 600")
            before = QLabel(format_value(entity, clash.field, clash.base, names, currency))
            before.setStyleSheet(f"color: {MUTED}")
            server = QRadioButton(format_value(entity, clash.field, clash.server, names, currency))
            mine = QRadioButton(format_value(entity, clash.field, clash.mine, names, currency))
            server.setToolTip(self.tr("Keep the value that is on the server"))
            mine.setToolTip(self.tr("Send my value to the server"))
            group = QButtonGroup(self)
            group.addButton(server)
            group.addButton(mine)
            group.buttonToggled.connect(lambda *_a: self._update_apply())
            self.groups[clash.field] = group
            self.server_buttons[clash.field] = server
            self.mine_buttons[clash.field] = mine
            for col, w in enumerate((name, before, server, mine)):
                self.grid.addWidget(w, r, col, Qt.AlignmentFlag.AlignVCenter)
            if clash.pending:
                # The rep changed this field again after the clash: that newer edit is what
                # goes to the server, whichever button is chosen here.
                note = QLabel(self.tr("You changed this field again since; your newer value will be sent."))
                note.setStyleSheet(f"color: {WARNING}")
                self.grid.addWidget(note, r, 4)
                server.setChecked(True)
                server.setEnabled(False)
                mine.setEnabled(False)
            elif previous.get(clash.field) == I.USE_MINE:
                mine.setChecked(True)
            elif previous.get(clash.field) == I.KEEP_SERVER:
                server.setChecked(True)
        self.grid.setColumnStretch(2, 1)
        self.grid.setColumnStretch(3, 1)
        self.grid.setRowStretch(len(self.clashes) + 1, 1)

    def choice(self, field: str) -> str | None:
        if field in self.mine_buttons and self.mine_buttons[field].isChecked():
            return I.USE_MINE
        if field in self.server_buttons and self.server_buttons[field].isChecked():
            return I.KEEP_SERVER
        return None

    def choose(self, field: str, which: str) -> None:
        button = self.mine_buttons[field] if which == I.USE_MINE else self.server_buttons[field]
        if button.isEnabled():
            button.setChecked(True)

    def choose_all(self, which: str) -> None:
        for field in self.groups:
            self.choose(field, which)

    def _update_apply(self) -> None:
        self.apply_button.setEnabled(bool(self.groups) and all(self.choice(f) for f in self.groups))

    def show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.setVisible(bool(message))

    # -- deciding -----------------------------------------------------------------------------

    def apply(self) -> None:
        choices = {f: self.choice(f) for f in self.groups}
        if not all(choices.values()):
            self.show_error(self.tr("Choose a value for every field."))
            return
        seen = {c.field: c.server for c in self.clashes}
        try:
            queued = LocalOp.in_session(
                self, self.db, lambda s: I.resolve_conflict(s, self.mutation_id, choices, seen=seen)
            ).run()
        except DomainError as exc:
            if exc.code == "changed_again":
                self.load()  # the server's new value, to choose again
            elif exc.code == "issue_gone":
                self.apply_button.setEnabled(False)
            self.show_error(refusal_text(exc))
            return
        self.resolved.emit(queued)
        self.accept()
