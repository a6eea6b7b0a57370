"""Planning a visit, moving it, cancelling it: small dialogs over ``local_db.visits``."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone

from PySide6.QtCore import QDate, Qt, QTime, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from domain.enums import VisitPurpose
from domain.errors import DomainError
from local_db import customers as customers_db
from local_db import queries
from local_db import visits as visits_db
from ui.customer_file.fields import Field, FormLayout, enum_combo
from ui.customer_file.look import WORKSPACE_STYLE
from ui.formatting import zone_note
from ui.operations import LocalOp


def default_slot(now: datetime | None = None) -> datetime:
    """The next sensible time to plan for: the next full hour today in working hours, else 09:30 tomorrow."""
    now = (now or datetime.now().astimezone()).astimezone()
    nxt = now.replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)
    if nxt.hour < 9:
        nxt = nxt.replace(hour=9, minute=30)
    if nxt.hour >= 18:
        nxt = (nxt + timedelta(days=1)).replace(hour=9, minute=30)
    return nxt


class PlanVisitDialog(QDialog):
    """Plan a visit to a customer (``customer_id``) or move a planned one (``visit_id``).

    Without a customer the dialog starts with a search box: type a name, pinyin or code.
    """

    def __init__(
        self,
        db,
        *,
        customer_id: str | None = None,
        visit_id: str | None = None,
        when: datetime | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.db = db
        self.visit_id = visit_id
        self.customer_id = customer_id
        self.saved_id: str | None = None
        self.setStyleSheet(WORKSPACE_STYLE)
        self.setMinimumWidth(520)
        row = None
        if visit_id:
            with db.session() as s:
                row = queries.visit_row(s, visit_id)
            if row is None:
                raise DomainError("This visit is no longer on this laptop.", code="not_found")
            self.customer_id = row["customer_id"]
        self.setWindowTitle(self.tr("Move visit") if visit_id else self.tr("Plan a visit"))

        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        self.customer_label = QLabel(objectName="FileName")
        self.customer_label.setStyleSheet("font-size: 17px;")
        self.customer_label.setWordWrap(True)
        layout.addWidget(self.customer_label)

        self.finder = QLineEdit(placeholderText=self.tr("Find the customer: name, pinyin, code or phone"))
        self.matches = QListWidget()
        self.matches.setMaximumHeight(160)
        self._search_timer = QTimer(self, singleShot=True, interval=150)
        self._search_timer.timeout.connect(self._find)
        self.finder.textChanged.connect(lambda _t: self._search_timer.start())
        self.matches.currentItemChanged.connect(self._picked)
        layout.addWidget(self.finder)
        layout.addWidget(self.matches)
        picking = self.customer_id is None
        self.finder.setVisible(picking)
        self.matches.setVisible(picking)

        form = FormLayout()
        start = (
            row["planned_at"].astimezone()
            if row and row["planned_at"]
            else (when.astimezone() if when else default_slot())
        )
        self.date = QDateEdit(QDate(start.year, start.month, start.day), calendarPopup=True)
        self.time = QTimeEdit(QTime(start.hour, start.minute))
        self.time.setDisplayFormat("HH:mm")
        when_row = QWidget()
        when_layout = QHBoxLayout(when_row)
        when_layout.setContentsMargins(0, 0, 0, 0)
        when_layout.addWidget(self.date)
        when_layout.addWidget(self.time)
        # The lists name the laptop's zone when it is not the organisation's ("08:00 UTC");
        # the time typed here is in that same zone, so it is named here too.
        self.zone_label = QLabel(zone_note(start).strip())
        self.zone_label.setVisible(bool(self.zone_label.text()))
        when_layout.addWidget(self.zone_label)
        when_layout.addStretch(1)
        self.when_field = form.add(Field("planned_at", self.tr("When"), when_row, required=True, parent=self))
        self.purpose = enum_combo(VisitPurpose)
        self.purpose_field = form.add(Field("purpose", self.tr("Purpose"), self.purpose, parent=self))
        self.contact = QComboBox()
        self.contact_field = form.add(Field("contact_id", self.tr("Contact"), self.contact, parent=self))
        self.notes = QPlainTextEdit()
        self.notes.setFixedHeight(60)
        self.notes.setTabChangesFocus(True)
        self.notes_field = form.add(Field("notes", self.tr("Notes"), self.notes, parent=self))
        layout.addWidget(form)
        if row is not None:
            self.purpose_field.set_value(row["purpose"])
            self.notes.setPlainText(row["notes"] or "")

        self.message = QLabel(objectName="FieldMessage")
        self.message.setStyleSheet("color: #dc2626;")
        self.message.setWordWrap(True)
        self.message.setVisible(False)
        layout.addWidget(self.message)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Save).setText(
            self.tr("Move") if visit_id else self.tr("Plan visit")
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons
        layout.addWidget(buttons)
        self._show_customer(row["contact_id"] if row else None)
        (self.finder if picking else self.date).setFocus()

    # -- choosing the customer ---------------------------------------------------------------

    def _find(self) -> None:
        text = self.finder.text().strip()
        self.matches.clear()
        if not text:
            return
        with self.db.session() as s:
            rows = queries.search_customers(s, text, limit=20)
        for r in rows:
            item = QListWidgetItem(
                f"{r['name']}  ·  {r['code']}" + (f"  ·  {r['city']}" if r["city"] else "")
            )
            item.setData(Qt.ItemDataRole.UserRole, r["id"])
            self.matches.addItem(item)
        if rows:
            self.matches.setCurrentRow(0)

    def _picked(self, item: QListWidgetItem | None) -> None:
        self.customer_id = item.data(Qt.ItemDataRole.UserRole) if item else None
        self._show_customer(None)

    def _show_customer(self, contact_id: str | None) -> None:
        self.contact.clear()
        self.contact.addItem(self.tr("— no particular contact —"), None)
        if self.customer_id is None:
            self.customer_label.setText(self.tr("Which customer?"))
            return
        detail, people = customers_db.customer_with_contacts(self.db, self.customer_id)
        self.customer_label.setText(detail["name"] if detail else "")
        for c in people:
            self.contact.addItem(c["name"] + (f" · {c['title']}" if c["title"] else ""), c["id"])
        if contact_id:
            self.contact.setCurrentIndex(max(0, self.contact.findData(contact_id)))
        elif people and people[0]["is_primary"]:
            self.contact.setCurrentIndex(1)

    # -- saving ------------------------------------------------------------------------------

    def planned_at(self) -> datetime:
        d, t = self.date.date(), self.time.time()
        local = datetime.combine(date(d.year(), d.month(), d.day()), time(t.hour(), t.minute()))
        return local.astimezone().astimezone(timezone.utc)

    def save(self) -> None:
        if self.customer_id is None:
            self._error(self.tr("Choose the customer first."))
            return
        when = self.planned_at()
        if when < datetime.now(timezone.utc) - timedelta(minutes=5):
            self.when_field.set_error(self.tr("Choose a time that has not passed yet."))
            return
        self.when_field.set_error(None)
        purpose, contact, notes = (
            self.purpose.currentData(),
            self.contact.currentData(),
            self.notes.toPlainText().strip(),
        )

        def write() -> str:
            if self.visit_id:
                visits_db.move_visit(
                    self.db, self.visit_id, when, purpose=purpose, contact_id=contact, notes=notes
                )
                return self.visit_id
            return visits_db.plan_visit(
                self.db, self.customer_id, when, purpose=purpose, contact_id=contact, notes=notes
            )

        try:
            self.saved_id = LocalOp(self, write).run()
        except DomainError as exc:
            self._error(exc.message)
            return
        self.accept()

    def _error(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(True)


class CancelVisitDialog(QDialog):
    """Why a planned visit will not take place (optional), then cancel it."""

    def __init__(self, db, visit_id: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.db, self.visit_id = db, visit_id
        self.setWindowTitle(self.tr("Cancel visit"))
        self.setStyleSheet(WORKSPACE_STYLE)
        self.setMinimumWidth(440)
        with db.session() as s:
            row = queries.visit_row(s, visit_id)
        layout = QVBoxLayout(self)
        text = QLabel(
            self.tr("Cancel the visit to %1?").replace("%1", row["customer_name"] if row else ""),
            wordWrap=True,
        )
        layout.addWidget(text)
        self.reason = QLineEdit(placeholderText=self.tr("Reason (optional), e.g. the buyer is travelling"))
        layout.addWidget(self.reason)
        self.message = QLabel()
        self.message.setStyleSheet("color: #dc2626;")
        self.message.setVisible(False)
        layout.addWidget(self.message)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Yes | QDialogButtonBox.StandardButton.No)
        buttons.button(QDialogButtonBox.StandardButton.Yes).setText(self.tr("Cancel visit"))
        buttons.button(QDialogButtonBox.StandardButton.No).setText(self.tr("Keep it"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def save(self) -> None:
        try:
            LocalOp(self, lambda: visits_db.cancel_visit(self.db, self.visit_id, self.reason.text())).run()
        except DomainError as exc:
            self.message.setText(exc.message)
            self.message.setVisible(True)
            return
        self.accept()
