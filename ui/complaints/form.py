"""Recording a complaint (客户投诉登记): from a visit, from the customer file, or on its own.

Other pages open it with :func:`open_complaint_form` — see ``ui.complaints``. Everything is
written locally (offline is the normal case): the complaint is owned by whoever records
it (首问负责制) and its SLA clock starts at the moment of recording.
"""

from __future__ import annotations

from datetime import datetime, timezone

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QWidget,
)

from domain.enums import ComplaintCategory, ComplaintChannel, Severity
from domain.errors import DomainError
from local_db import complaints as cx
from ui.complaints.texts import duration_text
from ui.customer_picker import CustomerPicker
from ui.errors import complaint_refusal_text
from ui.formatting import fmt_datetime
from ui.labels import label
from ui.operations import LocalOp
from ui.support.layouts import column


def enum_combo(enum, current: str | None = None, *, empty: str | None = None) -> QComboBox:
    """A combo of an enum's labels (data = the stored value); ``empty`` adds a "none" entry first."""
    combo = QComboBox()
    if empty is not None:
        combo.addItem(empty, None)
    for member in enum:
        combo.addItem(label(enum, member), member.value)
    if current is not None:
        combo.setCurrentIndex(max(0, combo.findData(current)))
    return combo


class RefusalShown:
    """A complaint dialog's ``error`` line: what went wrong, and why a write was refused."""

    error: QLabel

    def show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.setVisible(True)

    def show_refusal(self, exc: DomainError, fields: dict[str, QWidget]) -> QWidget | None:
        """Say why the write was refused; the field of ``fields`` it names, if any."""
        self.show_error(complaint_refusal_text(exc))
        return fields.get(exc.field or "")


class ComplaintForm(RefusalShown, QDialog):
    """The capture form. ``recorded(complaint_id)`` is emitted after the local write committed."""

    recorded = Signal(str)

    def __init__(
        self, db, customer_id: str | None = None, visit_id: str | None = None, parent: QWidget | None = None
    ):
        super().__init__(parent)
        self.db = db
        self.visit_id = visit_id
        self.customer_id: str | None = None
        self.complaint_id: str | None = None
        self.setWindowTitle(self.tr("New complaint"))
        self.setMinimumWidth(560)

        visit = None
        if visit_id:
            with db.session() as s:
                visit = cx.visit_info(s, visit_id)
            if visit is not None and not customer_id:
                customer_id = visit["customer_id"]

        title = QLabel(self.tr("Record a complaint"), objectName="LoginTitle")
        hint = QLabel(
            self.tr(
                "You own the complaint you record (first-contact ownership) until it is closed or "
                "you hand it over. Its deadlines count from now, also when you are offline."
            ),
            objectName="LoginHint",
            wordWrap=True,
        )

        # customer: fixed when given, else searched in the local replica
        self.customer_label = QLabel()
        self.customer_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.customer_search = CustomerPicker(db)
        self.customer_search.chosen.connect(self.set_customer)
        self.customer_search.cleared.connect(self._customer_cleared)

        self.visit_label = QLabel()
        self.contact = QComboBox()
        self.channel = enum_combo(
            ComplaintChannel, ComplaintChannel.VISIT if visit_id else ComplaintChannel.PHONE
        )
        self.category = enum_combo(ComplaintCategory, ComplaintCategory.PRODUCT_QUALITY)
        self.severity = enum_combo(Severity, Severity.MEDIUM)
        self.description = QPlainTextEdit()
        self.description.setPlaceholderText(
            self.tr("What happened, in the customer's words: product, order, what they expect")
        )
        self.description.setTabChangesFocus(True)
        self.description.setMinimumHeight(110)
        self.sla_preview = QLabel(objectName="PageSubtitle", wordWrap=True)
        self.severity.currentIndexChanged.connect(self._update_sla_preview)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(self.tr("Customer"), self.customer_label if customer_id else self.customer_search)
        if visit is not None:
            self.visit_label.setText(
                self.tr("Recorded during the visit of %1").replace(
                    "%1", fmt_datetime(visit["when"]) or self.tr("today")
                )
            )
            form.addRow(self.tr("Visit"), self.visit_label)
        form.addRow(self.tr("Contact"), self.contact)
        form.addRow(self.tr("Channel"), self.channel)
        form.addRow(self.tr("Category"), self.category)
        form.addRow(self.tr("Severity"), self.severity)
        form.addRow(self.tr("Description"), self.description)
        form.addRow("", self.sla_preview)

        self.error = QLabel(objectName="LoginError", wordWrap=True)
        self.error.setVisible(False)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.record_button = self.buttons.addButton(
            self.tr("Record complaint"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.record_button.setToolTip(
            self.tr("Save the complaint on this computer; it is sent at the next sync (Ctrl+Enter)")
        )
        self.record_button.setDefault(True)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, self.submit)

        column(self, title, hint, form, self.error, self.buttons, margins=(28, 24, 28, 20), spacing=12)

        if customer_id:
            self.set_customer(customer_id)
            if visit is not None and visit["contact_id"]:
                self.contact.setCurrentIndex(max(0, self.contact.findData(visit["contact_id"])))
            self.description.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            self.customer_search.setFocus(Qt.FocusReason.OtherFocusReason)
        self._update_sla_preview()

    # -- customer --------------------------------------------------------------------------------

    def set_customer(self, customer_id: str) -> None:
        name, contacts = cx.complaint_customer(self.db, customer_id)
        self.customer_id = customer_id if name is not None else None
        self.customer_label.setText(name or "")
        if name is not None:
            self.customer_search.show_customer(customer_id, name)
        self.contact.clear()
        self.contact.addItem(self.tr("— not named —"), None)
        for c in contacts:
            phone = c["mobile"] or c["phone"]
            text = c["name"] + (f" · {c['title']}" if c["title"] else "") + (f" · {phone}" if phone else "")
            self.contact.addItem(text, c["id"])
        if contacts:
            self.contact.setCurrentIndex(1)  # the primary contact, listed first
        self._update_sla_preview()

    def _customer_cleared(self) -> None:
        self.customer_id = None
        self._update_sla_preview()

    # -- SLA preview -----------------------------------------------------------------------------

    def _update_sla_preview(self) -> None:
        if not self.customer_id:
            self.sla_preview.setText(self.tr("Deadlines follow from the severity and the customer's tier."))
            return
        now = datetime.now(timezone.utc)
        with self.db.session() as s:
            due = cx.provisional_due(s, self.customer_id, self.severity.currentData(), now)
        self.sla_preview.setText(
            self.tr("First response by %1 (within %2) · resolution by %3 (within %4)")
            .replace("%1", fmt_datetime(due.first_response_due))
            .replace("%2", duration_text(due.first_response_due - now))
            .replace("%3", fmt_datetime(due.resolution_due))
            .replace("%4", duration_text(due.resolution_due - now))
        )

    # -- recording -------------------------------------------------------------------------------

    def submit(self) -> None:
        if self.complaint_id is not None:
            return
        try:
            cid = LocalOp.in_session(
                self,
                self.db,
                lambda s: cx.record(
                    s,
                    customer_id=self.customer_id or "",
                    channel=self.channel.currentData(),
                    category=self.category.currentData(),
                    severity=self.severity.currentData(),
                    description=self.description.toPlainText(),
                    contact_id=self.contact.currentData(),
                    visit_id=self.visit_id,
                ),
            ).run()
        except DomainError as exc:
            fields = {
                "customer_id": self.customer_search,
                "description": self.description,
                "contact_id": self.contact,
            }
            focus = self.show_refusal(exc, fields)
            if focus is not None and focus.isVisible():
                focus.setFocus()
            return
        self.complaint_id = cid
        self.recorded.emit(cid)
        self.accept()


def open_complaint_form(
    parent: QWidget | None, db, customer_id: str | None = None, visit_id: str | None = None
) -> ComplaintForm:
    """Open the capture form (non-modal; the window keeps working) and return it.

    ``customer_id`` fixes the customer (from the customer file); ``visit_id`` records it
    during that visit (channel "during a visit", the visit's contact, its customer when
    ``customer_id`` is not given). Connect to ``form.recorded`` for the new complaint's id.
    """
    form = ComplaintForm(db, customer_id=customer_id, visit_id=visit_id, parent=parent)
    form.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
    form.open()
    return form
