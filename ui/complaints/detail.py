"""One complaint: its clocks, its details, and the next step of its workflow.

The dialog offers what the complaint's status allows — acknowledge (the first response),
start work, resolve (root cause, resolution, remedy), the follow-up call (回访:
satisfaction 1–5 and the optional expectation/perceived scores with their ratio), close,
reopen with a reason — plus hand-over (the owner only changes this way) and, for
supervisors and admins, escalation one rung up. Each step is one local transaction
through ``local_db.complaints``; the rules refuse what the server would refuse.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timezone

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from domain.complaints import satisfaction_ratio, sla_state
from domain.enums import (
    ComplaintCategory,
    ComplaintChannel,
    ComplaintStatus,
    EscalationLevel,
    Remedy,
    Role,
    Severity,
)
from domain.errors import DomainError
from local_db import complaints as cx
from ui.attachments import AttachmentsPanel
from ui.complaints.form import RefusalShown, enum_combo
from ui.complaints.texts import DASH, duration_text, satisfaction_words
from ui.formatting import fmt_datetime, fmt_decimal
from ui.labels import label
from ui.operations import LocalOp
from ui.style import OFFLINE, ONLINE
from ui.support.layouts import column
from ui.widgets import push_button

C = ComplaintStatus


def _score_combo(empty: str) -> QComboBox:
    combo = QComboBox()
    combo.addItem(empty, None)
    for n in range(1, 6):
        combo.addItem(str(n), n)
    return combo


def _set_data(combo: QComboBox, value) -> None:
    combo.setCurrentIndex(max(0, combo.findData(value)))


class ComplaintDialog(RefusalShown, QDialog):
    """The complaint's page. ``changed(complaint_id)`` after every committed step."""

    changed = Signal(str)

    def __init__(self, db, complaint_id: str, parent: QWidget | None = None, *, runner):
        super().__init__(parent)
        self.db = db
        self.complaint_id = complaint_id
        self.row: dict = {}
        with db.session() as s:
            self.user_id, self.role = cx.current_user(s)
        self.setWindowTitle(self.tr("Complaint"))
        self.resize(820, 760)

        self.heading = QLabel(objectName="PageTitle", wordWrap=True)
        self.summary = QLabel(objectName="PageSubtitle", wordWrap=True)
        self.owner_line = QLabel(wordWrap=True)

        # -- SLA --------------------------------------------------------------------------------
        self.first_due = QLabel()
        self.first_state = QLabel()
        self.final_due = QLabel()
        self.final_state = QLabel()
        self.escalation = QLabel()
        sla_box = QGroupBox(self.tr("Deadlines and escalation"))
        grid = QGridLayout(sla_box)
        grid.addWidget(QLabel(self.tr("First response")), 0, 0)
        grid.addWidget(self.first_due, 0, 1)
        grid.addWidget(self.first_state, 0, 2)
        grid.addWidget(QLabel(self.tr("Resolution")), 1, 0)
        grid.addWidget(self.final_due, 1, 1)
        grid.addWidget(self.final_state, 1, 2)
        grid.addWidget(QLabel(self.tr("Escalation")), 2, 0)
        grid.addWidget(self.escalation, 2, 1, 1, 2)
        grid.setColumnStretch(2, 1)

        # -- the complaint ----------------------------------------------------------------------
        self.description = QPlainTextEdit()
        self.description.setTabChangesFocus(True)
        self.description.setMaximumHeight(90)
        self.category = enum_combo(ComplaintCategory)
        self.severity = enum_combo(Severity)
        self.channel = enum_combo(ComplaintChannel)
        details = QGroupBox(self.tr("Complaint"))
        form = QFormLayout(details)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(self.tr("Description"), self.description)
        kinds = QHBoxLayout()
        for caption, widget in (
            (self.tr("Category"), self.category),
            (self.tr("Severity"), self.severity),
            (self.tr("Channel"), self.channel),
        ):
            kinds.addWidget(QLabel(caption))
            kinds.addWidget(widget, 1)
        form.addRow(kinds)

        # -- resolution and remedy -----------------------------------------------------------------
        self.root_cause = QPlainTextEdit()
        self.root_cause.setTabChangesFocus(True)
        self.root_cause.setMaximumHeight(60)
        self.root_cause.setPlaceholderText(self.tr("Why it happened"))
        self.resolution = QPlainTextEdit()
        self.resolution.setTabChangesFocus(True)
        self.resolution.setMaximumHeight(60)
        self.resolution.setPlaceholderText(self.tr("What was done for the customer"))
        self.remedy = enum_combo(Remedy, empty=self.tr("— none —"))
        self.amount = QLineEdit()
        self.amount.setPlaceholderText(self.tr("Amount (¥) of a refund or compensation"))
        self.remedy.currentIndexChanged.connect(self._remedy_changed)
        self.resolve_box = resolve_box = QGroupBox(self.tr("Resolution and remedy"))
        rform = QFormLayout(resolve_box)
        rform.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        rform.addRow(self.tr("Root cause"), self.root_cause)
        rform.addRow(self.tr("Resolution details"), self.resolution)
        remedy_row = QHBoxLayout()
        remedy_row.addWidget(self.remedy, 1)
        remedy_row.addWidget(self.amount, 1)
        rform.addRow(self.tr("Remedy"), remedy_row)

        # -- follow-up call ----------------------------------------------------------------------
        self.satisfaction = _score_combo(self.tr("— choose —"))
        self.expectation = _score_combo(DASH)
        self.perceived = _score_combo(DASH)
        self.ratio = QLabel()
        for combo in (self.expectation, self.perceived):
            combo.currentIndexChanged.connect(self._update_ratio)
        self.follow_box = follow_box = QGroupBox(self.tr("Follow-up call"))
        fform = QFormLayout(follow_box)
        fform.addRow(self.tr("Satisfaction (1–5)"), self.satisfaction)
        scores = QHBoxLayout()
        scores.addWidget(QLabel(self.tr("Expectation")))
        scores.addWidget(self.expectation)
        scores.addSpacing(12)
        scores.addWidget(QLabel(self.tr("Perceived")))
        scores.addWidget(self.perceived)
        scores.addSpacing(12)
        scores.addWidget(self.ratio, 1)
        fform.addRow(self.tr("Optional scores"), scores)

        # -- ownership, reopening -----------------------------------------------------------------
        self.handover_to = QComboBox()
        self.handover_button = push_button(
            self.tr("Hand over"),
            self.tr("Give the complaint to a colleague: they own it from now on"),
            self.hand_over,
        )
        self.reopen_reason = QLineEdit()
        self.reopen_reason.setPlaceholderText(self.tr("Why the complaint is reopened"))
        self.reopen_button = QPushButton(self.tr("Reopen"))
        self.reopen_button.clicked.connect(self.reopen)
        owner_box = QGroupBox(self.tr("Owner and reopening"))
        oform = QFormLayout(owner_box)
        row = QHBoxLayout()
        row.addWidget(self.handover_to, 1)
        row.addWidget(self.handover_button)
        oform.addRow(self.tr("Hand over to"), row)
        row = QHBoxLayout()
        row.addWidget(self.reopen_reason, 1)
        row.addWidget(self.reopen_button)
        oform.addRow(self.tr("Reopen"), row)
        self.previous_reason = QLabel(objectName="PageSubtitle", wordWrap=True)
        oform.addRow("", self.previous_reason)
        self._owner_form = oform

        # -- actions ------------------------------------------------------------------------------
        self.error = QLabel(objectName="LoginError", wordWrap=True)
        self.error.setVisible(False)
        self.note = QLabel(objectName="PageSubtitle", wordWrap=True)
        self.step_button = QPushButton()
        self.step_button.setDefault(True)
        self.step_button.clicked.connect(self.next_step)
        self.save_button = push_button(
            self.tr("Save changes"),
            self.tr("Save the edited details without changing the status (Ctrl+S)"),
            self.save,
        )
        self.escalate_button = QPushButton()
        self.escalate_button.clicked.connect(self.escalate)
        close = QPushButton(self.tr("Close window"))
        close.clicked.connect(self.reject)
        QShortcut(QKeySequence.StandardKey.Save, self, self.save)
        QShortcut(QKeySequence("Ctrl+Return"), self, self.next_step)
        buttons = QHBoxLayout()
        buttons.addWidget(self.escalate_button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.step_button)

        body = QWidget()
        col = QVBoxLayout(body)
        col.setContentsMargins(0, 0, 8, 0)
        # Evidence of the complaint (the damaged goods, the delivery note), saved at once.
        self.attachments_box = QGroupBox()
        self.attachments = AttachmentsPanel(
            db, "complaint", complaint_id, runner=runner, titled=False, parent=self
        )
        self.attachments.countChanged.connect(
            lambda _n: self.attachments_box.setTitle(self.attachments.count_text())
        )
        self.attachments_box.setTitle(self.attachments.count_text())
        QVBoxLayout(self.attachments_box).addWidget(self.attachments)
        for w in (sla_box, details, self.attachments_box, resolve_box, follow_box, owner_box):
            col.addWidget(w)
        col.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidget(body)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)

        column(
            self,
            self.heading,
            self.summary,
            self.owner_line,
            (scroll, 1),
            self.note,
            self.error,
            buttons,
            margins=(24, 18, 24, 16),
            spacing=8,
        )
        self.load()

    # -- showing ----------------------------------------------------------------------------------

    def load(self) -> None:
        self.row, candidates = cx.complaint_screen(self.db, self.complaint_id)
        r = self.row
        status = C(r["status"])
        self.heading.setText(r["customer_name"] or "")
        parts = [
            label(ComplaintStatus, r["status"]),
            label(Severity, r["severity"]),
            label(ComplaintCategory, r["category"]),
            label(ComplaintChannel, r["channel"]),
        ]
        if r["contact_name"]:
            phone = r["contact_mobile"] or r["contact_phone"]
            parts.append(
                self.tr("contact %1").replace("%1", r["contact_name"] + (f" {phone}" if phone else ""))
            )
        self.summary.setText(" · ".join(p for p in parts if p))
        owner = r["owner_name"] or DASH
        line = (
            self.tr("Owner: %1 · recorded by %2 on %3")
            .replace("%1", owner)
            .replace("%2", r["recorder_name"] or DASH)
            .replace("%3", fmt_datetime(r["recorded_at"]))
        )
        if r["visit_id"]:
            line += " · " + self.tr("from the visit of %1").replace("%1", fmt_datetime(r["visit_at"]) or DASH)
        self.owner_line.setText(line)
        self._show_clocks()

        self.description.setPlainText(r["description"] or "")
        _set_data(self.category, r["category"])
        _set_data(self.severity, r["severity"])
        _set_data(self.channel, r["channel"])
        self.root_cause.setPlainText(r["root_cause"] or "")
        self.resolution.setPlainText(r["resolution"] or "")
        _set_data(self.remedy, r["remedy"])
        amount = r["compensation_amount"]
        self.amount.setText("" if amount is None else f"{amount:f}")
        _set_data(self.satisfaction, r["satisfaction"])
        _set_data(self.expectation, r["expectation_score"])
        _set_data(self.perceived, r["perceived_score"])
        self._update_ratio()
        self.handover_to.clear()
        for c in candidates:
            self.handover_to.addItem(f"{c['display_name']} ({label(Role, c['role'])})", c["id"])
        self.reopen_reason.clear()
        self.previous_reason.setText(
            self.tr("Last reopened because: %1").replace("%1", r["reopen_reason"])
            if r["reopen_reason"]
            else ""
        )
        self.previous_reason.setVisible(bool(r["reopen_reason"]))

        allowed = self.role in (Role.SUPERVISOR, Role.ADMIN) or r["owner_id"] == self.user_id
        closed = status is C.CLOSED
        if closed != (not self.attachments.open):
            self.attachments.reload()  # closed or reopened: the files follow the record
        for w in (self.description, self.root_cause, self.resolution):
            w.setReadOnly(closed or not allowed)
        for w in (self.category, self.severity, self.channel, self.remedy):
            w.setEnabled(not closed and allowed)
        self._remedy_changed()
        for w in (self.satisfaction, self.expectation, self.perceived):
            w.setEnabled(allowed and status is C.RESOLVED)
        self.save_button.setEnabled(allowed and not closed)
        self.handover_to.setEnabled(allowed and not closed and self.handover_to.count() > 0)
        self.handover_button.setEnabled(self.handover_to.isEnabled())
        can_reopen = allowed and status in (C.RESOLVED, C.CLOSED)
        self.reopen_reason.setEnabled(can_reopen)
        self.reopen_button.setEnabled(can_reopen)
        # only what the status makes relevant: less to read, no scrolling for a new complaint
        self.resolve_box.setVisible(
            status not in (C.NEW, C.ACKNOWLEDGED) or bool(r["root_cause"] or r["resolution"])
        )
        self.follow_box.setVisible(status in (C.RESOLVED, C.FOLLOW_UP, C.CLOSED))
        self._owner_form.setRowVisible(1, status in (C.RESOLVED, C.CLOSED))  # the reopen row

        step = self._step(status)
        self.step_button.setVisible(step is not None)
        if step is not None:
            self.step_button.setText(step[0])
            self.step_button.setToolTip(step[1] + " (Ctrl+Enter)")
        self.step_button.setEnabled(allowed)
        nxt = cx.next_level(r["escalation_level"])
        can_escalate = self.role in (Role.SUPERVISOR, Role.ADMIN) and r["status"] in cx.OPEN_STATUSES
        self.escalate_button.setVisible(can_escalate and nxt is not None)
        if nxt is EscalationLevel.SUPERVISOR:
            self.escalate_button.setText(self.tr("Escalate to supervisor"))
        elif nxt is EscalationLevel.ADMIN:
            self.escalate_button.setText(self.tr("Escalate to administrator"))
        if not allowed:
            self.note.setText(
                self.tr(
                    "%1 owns this complaint: only they, a supervisor or an administrator can change it."
                ).replace("%1", owner)
            )
        elif closed:
            self.note.setText(
                self.tr(
                    "The complaint is closed. Reopen it with a reason if the customer is still not satisfied."
                )
            )
        else:
            self.note.setText("")
        self.note.setVisible(bool(self.note.text()))

    def _step(self, status: C) -> tuple[str, str] | None:
        return {
            C.NEW: (self.tr("Acknowledge"), self.tr("Record the first response to the customer")),
            C.ACKNOWLEDGED: (self.tr("Start work"), self.tr("Work on a solution")),
            C.IN_PROGRESS: (
                self.tr("Resolve"),
                self.tr("Resolve with the root cause, the resolution and the remedy above"),
            ),
            C.RESOLVED: (
                self.tr("Record follow-up"),
                self.tr("Record the follow-up call with the customer's satisfaction"),
            ),
            C.FOLLOW_UP: (self.tr("Close complaint"), self.tr("Close the complaint")),
        }.get(status)

    def _deadline(
        self, due: datetime | None, done: datetime | None, running: bool
    ) -> tuple[str, str, str | None]:
        """(due text, state text, colour) of one deadline."""
        if due is None:
            return DASH, "", None
        now = datetime.now(timezone.utc)
        state = sla_state(now, due, done)
        if done is not None and state.done:
            if state.breached:
                return (
                    fmt_datetime(due),
                    self.tr("done %1, %2 late")
                    .replace("%1", fmt_datetime(done))
                    .replace("%2", duration_text(state.overdue_by)),
                    OFFLINE,
                )
            return fmt_datetime(due), self.tr("done %1, on time").replace("%1", fmt_datetime(done)), ONLINE
        if not running:
            return fmt_datetime(due), "", None
        if state.breached:
            return (
                fmt_datetime(due),
                self.tr("overdue by %1").replace("%1", duration_text(state.overdue_by)),
                OFFLINE,
            )
        return fmt_datetime(due), self.tr("%1 left").replace("%1", duration_text(state.remaining)), None

    def _show_clocks(self) -> None:
        r = self.row
        running = r["status"] in cx.OPEN_STATUSES
        for due_label, state_label, (due, state, color) in (
            (
                self.first_due,
                self.first_state,
                self._deadline(r["first_response_due"], r["first_responded_at"], running),
            ),
            (
                self.final_due,
                self.final_state,
                self._deadline(r["resolution_due"], r["resolved_at"], running),
            ),
        ):
            due_label.setText(due)
            state_label.setText(state)
            state_label.setStyleSheet(f"color: {color}; font-weight: 600;" if color else "")
        level = r["escalation_level"] or EscalationLevel.REP.value
        text = label(EscalationLevel, level)
        if level != EscalationLevel.REP.value and r["escalated_at"]:
            text = (
                self.tr("escalated to %1 on %2")
                .replace("%1", text)
                .replace("%2", fmt_datetime(r["escalated_at"]))
            )
        elif level == EscalationLevel.REP.value:
            text = self.tr("with the sales rep (not escalated)")
        if cx.breached(r):
            text += " · " + self.tr("SLA breached")
            self.escalation.setStyleSheet(f"color: {OFFLINE}; font-weight: 600;")
        else:
            self.escalation.setStyleSheet("")
        self.escalation.setText(text)

    def _remedy_changed(self) -> None:
        takes_amount = self.remedy.currentData() in cx.AMOUNT_REMEDIES
        self.amount.setEnabled(takes_amount and self.remedy.isEnabled())
        if not takes_amount:
            self.amount.clear()

    def _update_ratio(self) -> None:
        exp, got = self.expectation.currentData(), self.perceived.currentData()
        ratio = satisfaction_ratio(got, exp) if exp is not None and got is not None else None
        if ratio is None:
            self.ratio.setText(self.tr("ratio perceived ÷ expected: %1").replace("%1", DASH))
            return
        self.ratio.setText(
            self.tr("ratio perceived ÷ expected: %1 (%2)")
            .replace("%1", fmt_decimal(ratio, 2))
            .replace("%2", satisfaction_words(got, exp))
        )

    # -- acting -----------------------------------------------------------------------------------

    def _edits(self) -> dict:
        """The details changed in the form (compared with the stored complaint)."""
        r = self.row
        edits = {}
        for name, value in (
            ("description", self.description.toPlainText()),
            ("category", self.category.currentData()),
            ("severity", self.severity.currentData()),
            ("channel", self.channel.currentData()),
            ("root_cause", self.root_cause.toPlainText()),
            ("resolution", self.resolution.toPlainText()),
        ):
            if ((value.strip() if isinstance(value, str) else value) or None) != (r[name] or None):
                edits[name] = value
        remedy, amount = self.remedy.currentData(), self.amount.text().strip() or None
        stored = None if r["compensation_amount"] is None else f"{r['compensation_amount']:f}"
        if remedy != r["remedy"] or amount != stored:
            edits.update(remedy=remedy, compensation_amount=amount)
        return edits

    def _run(self, step: Callable, focus: QWidget | None = None) -> bool:
        """Run ``step(session)`` in one transaction; on success reload, tell the window and listeners."""
        try:
            LocalOp.in_session(self, self.db, step).run()
        except DomainError as exc:
            fields = {
                "root_cause": self.root_cause,
                "resolution": self.resolution,
                "compensation_amount": self.amount,
                "satisfaction": self.satisfaction,
                "reopen_reason": self.reopen_reason,
                "description": self.description,
                "expectation_score": self.expectation,
                "perceived_score": self.perceived,
            }
            target = self.show_refusal(exc, fields)
            (target or focus or self.step_button).setFocus()
            return False
        self.error.setVisible(False)
        self.load()
        self.changed.emit(self.complaint_id)
        return True

    def save(self) -> bool:
        if not self.save_button.isEnabled():
            return False
        edits = self._edits()
        if not edits:
            return True
        return self._run(lambda s: cx.update_details(s, self.complaint_id, **edits))

    def next_step(self) -> bool:
        if not self.step_button.isVisible() or not self.step_button.isEnabled():
            return False
        status = C(self.row["status"])
        cid = self.complaint_id
        edits = self._edits()
        if status is C.IN_PROGRESS:  # resolving writes these itself
            edits = {
                k: v
                for k, v in edits.items()
                if k not in ("root_cause", "resolution", "remedy", "compensation_amount")
            }

        def step(s) -> None:
            if edits:
                cx.update_details(s, cid, **edits)
            if status is C.NEW:
                cx.acknowledge(s, cid)
            elif status is C.ACKNOWLEDGED:
                cx.start_work(s, cid)
            elif status is C.IN_PROGRESS:
                cx.resolve(
                    s,
                    cid,
                    root_cause=self.root_cause.toPlainText(),
                    resolution=self.resolution.toPlainText(),
                    remedy=self.remedy.currentData(),
                    compensation_amount=self.amount.text().strip() or None,
                )
            elif status is C.RESOLVED:
                cx.follow_up(
                    s,
                    cid,
                    satisfaction=self.satisfaction.currentData(),
                    expectation=self.expectation.currentData(),
                    perceived=self.perceived.currentData(),
                )
            elif status is C.FOLLOW_UP:
                cx.close(s, cid)

        return self._run(step)

    def reopen(self) -> bool:
        reason = self.reopen_reason.text()
        return self._run(lambda s: cx.reopen(s, self.complaint_id, reason), self.reopen_reason)

    def hand_over(self) -> bool:
        to = self.handover_to.currentData()
        return self._run(lambda s: cx.hand_over(s, self.complaint_id, to or ""), self.handover_to)

    def escalate(self) -> bool:
        return self._run(lambda s: cx.escalate(s, self.complaint_id))


def open_complaint(parent: QWidget | None, db, complaint_id: str, runner) -> ComplaintDialog:
    """Open one complaint (non-modal) and return the dialog; ``changed`` tells about each step."""
    dialog = ComplaintDialog(db, complaint_id, parent, runner=runner)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
    dialog.open()
    return dialog


__all__ = ["ComplaintDialog", "open_complaint"]
