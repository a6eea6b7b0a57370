"""The visit log (拜访记录): the form a rep fills in at the customer's and checks out with.

It opens when the rep checks in (the visit is already written, status in progress) and
for a log the supervisor returned (with the comment on top). What the rep types goes to
the local drafts table as they type; closing the form, a crash or a flat battery lose
nothing, and the form comes back as it was. Check-out (F9) checks the log, writes it with
the check-out time and status submitted in one transaction, plans the follow-up visit
when a next visit date is set, and removes the draft. If something is wrong the message
appears under the field and the draft stays.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from domain.enums import LocationSource, VisitChannel, VisitOutcome, VisitPurpose, VisitStatus
from domain.errors import DomainError
from domain.visit_review import short_visit
from local_db import org_settings
from local_db import visits as visits_db
from ui import evidence as evidence_texts
from ui.attachments import AttachmentsPanel
from ui.banner import Banner
from ui.customer_file.fields import (
    DraftKeeper,
    Field,
    FieldsMixin,
    FormLayout,
    OptionalDate,
    enum_combo,
    fmt_time,
)
from ui.customer_file.look import WORKSPACE_STYLE, chip
from ui.formatting import fmt_datetime, fmt_decimal
from ui.labels import label
from ui.operations import LocalOp
from ui.support.layouts import column
from ui.visits import rules
from ui.visits.location import LocationFinder
from ui.widgets import push_button

TEXT_FIELDS = ("competitor_notes", "notes", "next_step")


def _plain_amount(value: Decimal | None) -> str:
    return "" if value is None else f"{value:f}"


_EDITABLE = frozenset({VisitStatus.IN_PROGRESS.value, VisitStatus.RETURNED.value, VisitStatus.PLANNED.value})


class VisitForm(FieldsMixin, QDialog):
    """The log of one visit. Non-modal: the rep can look at the customer file meanwhile."""

    submitted = Signal(str, object)  # visit id, id of the planned follow-up visit (or None)
    cancelled = Signal(str)

    def __init__(self, db, visit_id: str, parent: QWidget | None = None, *, runner, location_source=None):
        super().__init__(parent)
        self.db, self.runner = db, runner
        self.visit_id = visit_id
        self.setWindowFlag(Qt.WindowType.Window, True)
        self.setModal(False)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
        self.setStyleSheet(WORKSPACE_STYLE)
        self.resize(920, 640)
        self.setMinimumSize(760, 560)
        self._location: dict[str, Any] | None = None
        self._location_state = ""
        self._loading = True
        self._dirty = False
        self.clock = visits_db.now_utc  # what "now" is for the timer and the check-out (tests move it)
        self.short_dialog: ShortVisitDialog | None = None
        self._short_reason: str | None = None

        log = visits_db.visit_log(db, visit_id)
        self.row, self.contacts, self.reviewer, self.evidence = (
            log.row,
            log.contacts,
            log.reviewer,
            log.evidence,
        )
        self.status = self.row["status"]
        # A submitted, approved or cancelled log is the supervisor's now: it opens to be read
        # (photos can still be added), not with a Check out button that could do nothing.
        self.editable = self.status in _EDITABLE
        self.setWindowTitle(self.tr("Visit log — %1").replace("%1", self.row["customer_name"]))

        self.fields: dict[str, Field] = {}
        self._build()
        self.draft = DraftKeeper(
            db,
            visits_db.draft_key(visit_id),
            "visit",
            self.values,
            customer_id=self.row["customer_id"],
            parent=self,
        )
        self.draft.saved.connect(self._draft_saved)
        restored = self.draft.load()
        self._fill(restored or self._from_row())
        if restored:
            self.draft_state.setText(self.tr("Restored the draft you were writing."))
        self._loading = False
        self._revalidate()
        if not self.editable:
            self._show_read_only()

        self.finder = LocationFinder(self, location_source)
        self.finder.found.connect(self._location_found)
        self.finder.failed.connect(self._location_failed)
        if (
            self.status == VisitStatus.IN_PROGRESS.value
            and self._location is None
            and self.row["latitude"] is None
        ):
            QTimer.singleShot(0, self._ask_location)
        self._show_location()
        self._tick = QTimer(self, interval=30_000)
        self._tick.timeout.connect(self._show_header)
        self._tick.start()

    # -- layout ------------------------------------------------------------------------------

    def _build(self) -> None:
        root = QVBoxLayout(self)
        root.setContentsMargins(20, 16, 20, 14)
        root.setSpacing(10)

        head = QHBoxLayout()
        title = QLabel(self.row["customer_name"], objectName="FileName", wordWrap=True)
        head.addWidget(title, 1)
        self.status_chip = chip(label(VisitStatus, self.status), "accent")
        head.addWidget(self.status_chip, 0, Qt.AlignmentFlag.AlignTop)
        root.addLayout(head)
        self.header = QLabel(objectName="FileSub", wordWrap=True)
        root.addWidget(self.header)
        self._show_header()

        self.banner = Banner("warn")
        self.banner.setVisible(False)
        root.addWidget(self.banner)
        if self.status == VisitStatus.RETURNED.value:
            when = fmt_datetime(self.row["reviewed_at"]) if self.row["reviewed_at"] else ""
            who = self.reviewer or self.tr("Your supervisor")
            self.banner.show_message(
                self.tr("<b>%1 returned this log</b> on %2: %3")
                .replace("%1", who)
                .replace("%2", when)
                .replace("%3", _escape(self.row["review_comment"] or ""))
                + "<br>"
                + self.tr("Correct it and press Resubmit (F9)."),
                "warn",
            )

        # Doubtful photos (domain/evidence.py): shown to the rep as to the supervisor, never refused.
        self.evidence_banner = Banner("warn")
        self.evidence_banner.setObjectName("EvidenceFlags")
        self.evidence_banner.text.setText(
            "<br>".join("⚠ " + _escape(line) for line in evidence_texts.sentences(self.evidence))
        )
        self.evidence_banner.setVisible(bool(self.evidence))
        root.addWidget(self.evidence_banner)

        scroll = QScrollArea(widgetResizable=True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        body = QWidget()
        column = QVBoxLayout(body)
        column.setContentsMargins(0, 0, 8, 0)
        column.setSpacing(12)
        grid = QGridLayout()
        grid.setHorizontalSpacing(28)
        left, right = FormLayout(), FormLayout()
        grid.addWidget(left, 0, 0, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(right, 0, 1, Qt.AlignmentFlag.AlignTop)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        column.addLayout(grid)
        scroll.setWidget(body)
        root.addWidget(scroll, 1)

        contact = QComboBox()
        contact.addItem(self.tr("— nobody in particular —"), None)
        for c in self.contacts:
            text = c["name"] + (f" · {c['title']}" if c["title"] else "")
            contact.addItem(text, c["id"])
        self.add(left, "contact_id", self.tr("Contact met"), contact)
        self.add(left, "purpose", self.tr("Purpose"), enum_combo(VisitPurpose), required=True)
        self.add(left, "channel", self.tr("Channel"), enum_combo(VisitChannel), required=True)
        self.add(
            left,
            "outcome",
            self.tr("Outcome"),
            enum_combo(VisitOutcome, blank=self.tr("— choose —")),
            required=True,
        )
        for name, text in (
            ("order_amount", self.tr("Order amount (¥)")),
            ("cash_collected", self.tr("Cash collected (¥)")),
            ("visit_cost", self.tr("Visit cost (¥)")),
        ):
            edit = QLineEdit(placeholderText="0.00")
            edit.setAlignment(Qt.AlignmentFlag.AlignRight)
            edit.setMaximumWidth(180)
            self.add(left, name, text, edit)
        next_visit = OptionalDate(self.tr("Plan the next visit"))
        returned = self.status == VisitStatus.RETURNED.value
        self.add(
            left,
            "next_visit_date",
            self.tr("Next visit"),
            next_visit,
            hint="" if returned else self.tr("Plans the follow-up visit when you check out."),
        )
        for name, text, height in (
            ("competitor_notes", self.tr("Competitors"), 58),
            ("notes", self.tr("Notes"), 58),
            ("next_step", self.tr("Next step"), 46),
        ):
            edit = QPlainTextEdit()
            edit.setTabChangesFocus(True)
            edit.setFixedHeight(height)
            self.add(right, name, text, edit)
        self.location_label = QLabel(objectName="Muted", wordWrap=True)
        right.add_widget(self.location_label, QLabel(self.tr("Location")))

        steps = QWidget()
        steps_grid = QGridLayout(steps)
        steps_grid.setContentsMargins(0, 0, 0, 0)
        steps_grid.setHorizontalSpacing(28)
        steps_grid.setVerticalSpacing(4)
        self.steps: dict[str, QCheckBox] = {}
        half = 4  # steps 1–4 left, 5–7 right
        for i, (key, _source) in enumerate(rules.CHECKLIST):
            box = QCheckBox(f"{i + 1}. {rules.step_label(key)}", objectName=f"check_{key}")
            box.toggled.connect(lambda _b: self._edited())
            self.steps[key] = box
            col, line = (0, i) if i < half else (1, i - half)
            if key == "step3":
                holder = QWidget()
                stack = QVBoxLayout(holder)
                stack.setContentsMargins(0, 0, 0, 0)
                stack.setSpacing(2)
                low = QCheckBox(
                    self.tr("Stock is below 1.5× the usual sales: restock"), objectName="check_stock_low"
                )
                low.setStyleSheet("margin-left: 24px;")
                low.toggled.connect(lambda _b: self._edited())
                self.steps[rules.STOCK_LOW] = low
                stack.addWidget(box)
                stack.addWidget(low)
                steps_grid.addWidget(holder, line, col, Qt.AlignmentFlag.AlignTop)
            else:
                steps_grid.addWidget(box, line, col, Qt.AlignmentFlag.AlignTop)
        steps_grid.setColumnStretch(0, 1)
        steps_grid.setColumnStretch(1, 1)
        column.addWidget(QLabel(self.tr("Seven steps"), objectName="SectionTitle"))
        column.addWidget(steps)
        # Evidence of the visit (the shelf, the stock, a signed delivery note), saved at once:
        # a photo is not part of the draft, so closing the form keeps it too.
        self.attachments = AttachmentsPanel(self.db, "visit", self.visit_id, runner=self.runner, parent=self)
        column.addWidget(self.attachments)
        column.addStretch(1)

        buttons = QHBoxLayout()
        self.draft_state = QLabel(objectName="DraftState")
        buttons.addWidget(self.draft_state, 1)
        self.cancel_button = push_button(
            self.tr("Cancel visit…"), self.tr("The visit did not take place"), self.cancel_visit
        )
        self.cancel_button.setVisible(
            self.status in (VisitStatus.IN_PROGRESS.value, VisitStatus.PLANNED.value)
        )
        buttons.addWidget(self.cancel_button)
        close = push_button(
            self.tr("Close"), self.tr("Close the form; what you typed is kept as a draft (Esc)"), self.close
        )
        buttons.addWidget(close)
        resubmit = self.status == VisitStatus.RETURNED.value
        self.submit_button = QPushButton(
            self.tr("Resubmit") if resubmit else self.tr("Check out"), objectName="Primary"
        )
        self.submit_button.setToolTip(
            self.tr("Send the corrected log to your supervisor (F9)")
            if resubmit
            else self.tr("Record the check-out time and submit the log (F9)")
        )
        self.submit_button.clicked.connect(self.check_out)
        self.submit_button.setVisible(self.editable)
        buttons.addWidget(self.submit_button)
        root.addLayout(buttons)
        # An action, not bare QShortcuts: Help ▸ Keyboard shortcuts lists the window's actions.
        self.check_out_action = QAction(
            self.tr("Resubmit the corrected log") if resubmit else self.tr("Check out and submit the log"),
            self,
        )
        self.check_out_action.setShortcuts([QKeySequence(Qt.Key.Key_F9), QKeySequence("Ctrl+Return")])
        self.check_out_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.check_out_action.triggered.connect(lambda: self.check_out())
        self.check_out_action.setEnabled(self.editable)
        self.addAction(self.check_out_action)
        self.setProperty("shortcut_area", self.tr("Visit log"))

    # -- values ------------------------------------------------------------------------------

    def _from_row(self) -> dict[str, Any]:
        r = self.row
        checklist = r["checklist"] or {}
        values = {name: r[name] for name in ("contact_id", "purpose", "channel", "outcome", *TEXT_FIELDS)}
        values.update({name: _plain_amount(r[name]) for name in rules.MONEY_FIELDS})
        values["purpose"] = values["purpose"] or VisitPurpose.ROUTINE.value
        values["channel"] = values["channel"] or VisitChannel.IN_PERSON.value
        if values["contact_id"] is None:
            primary = next((c for c in self.contacts if c["is_primary"]), None)
            values["contact_id"] = primary["id"] if primary else None
        values["next_visit_date"] = r["next_visit_date"].isoformat() if r["next_visit_date"] else None
        values["checklist"] = dict(checklist)
        if self.status == VisitStatus.IN_PROGRESS.value and values["next_visit_date"] is None:
            values["next_visit_date"] = visits_db.suggested_next_visit(
                r["visit_grade"], self.visit_day
            ).isoformat()
        return values

    def values(self) -> dict[str, Any]:
        out = {name: f.value() for name, f in self.fields.items()}
        out["checklist"] = {k: box.isChecked() for k, box in self.steps.items()}
        if self._location is not None:
            out["location"] = {
                k: (str(v) if isinstance(v, Decimal) else v) for k, v in self._location.items()
            }
        return out

    def _fill(self, values: dict[str, Any]) -> None:
        for name, field in self.fields.items():
            field.set_value(values.get(name))
        checklist = values.get("checklist") or {}
        for key, box in self.steps.items():
            box.setChecked(bool(checklist.get(key)))
        location = values.get("location")
        if location:
            self._location = {
                k: (Decimal(v) if k != "location_source" and v is not None else v)
                for k, v in location.items()
            }

    @property
    def visit_day(self) -> date:
        at = self.row["check_in_at"] or self.row["planned_at"]
        return at.astimezone().date() if at else date.today()

    # -- reactions ---------------------------------------------------------------------------

    def _edited(self, _name: str = "") -> None:
        if self._loading:
            return
        self._dirty = True
        self.draft.changed()
        self.draft_state.setText(self.tr("Saving draft…"))
        self._revalidate()

    def _draft_saved(self) -> None:
        self.draft_state.setText(
            self.tr("Draft saved at %1").replace("%1", fmt_time(datetime.now().astimezone()))
        )

    def _revalidate(self, submitting: bool = False) -> dict[str, str]:
        errors, _typed = rules.check_log(self.values(), self.visit_day, submitting=submitting)
        for name, field in self.fields.items():
            field.set_error(errors.get(name))
        return errors

    def _show_header(self) -> None:
        r = self.row
        parts = []
        if r["check_in_at"]:
            minutes = int((self.clock() - r["check_in_at"]).total_seconds() // 60)
            if self.status == VisitStatus.IN_PROGRESS.value:
                parts.append(
                    self.tr("Checked in at %1 · %2 min so far")
                    .replace("%1", fmt_time(r["check_in_at"]))
                    .replace("%2", str(max(0, minutes)))
                )
            else:
                parts.append(self.tr("Visited %1").replace("%1", fmt_datetime(r["check_in_at"])))
        elif r["planned_at"]:
            parts.append(self.tr("Planned for %1").replace("%1", fmt_datetime(r["planned_at"])))
        if r["customer_address"]:
            parts.append(r["customer_address"])
        self.header.setText(" · ".join(parts))

    def _ask_location(self) -> None:
        self._location_state = "asking"
        self._show_location()
        self.finder.request()

    def _location_found(self, location: dict) -> None:
        self._location = location
        self._location_state = ""
        self._show_location()
        self._dirty = True
        self.draft.changed()

    def _location_failed(self, reason: str) -> None:
        self._location_state = reason
        self._show_location()

    def _show_location(self) -> None:
        loc = self._location
        if loc is None and self.row["latitude"] is not None:
            loc = {
                k: self.row[k] for k in ("latitude", "longitude", "location_source", "location_accuracy_m")
            }
        if loc is not None:
            text = f"{fmt_decimal(loc['latitude'], 5)}, {fmt_decimal(loc['longitude'], 5)}"
            extra = [label(LocationSource, loc.get("location_source"))] if loc.get("location_source") else []
            if loc.get("location_accuracy_m") is not None:
                extra.append(self.tr("±%1 m").replace("%1", fmt_decimal(loc["location_accuracy_m"], 0)))
            self.location_label.setText(text + (f" ({', '.join(extra)})" if extra else ""))
        elif self._location_state == "asking":
            self.location_label.setText(self.tr("Finding your position… (you can check out meanwhile)"))
        elif self._location_state == "no_source":
            self.location_label.setText(
                self.tr("This laptop cannot tell its position; the log is complete without it.")
            )
        elif self._location_state:
            self.location_label.setText(self.tr("No position found; the log is complete without it."))
        else:
            self.location_label.setText(self.tr("Not recorded"))

    # -- actions -----------------------------------------------------------------------------

    def _show_read_only(self) -> None:
        for f in self.fields.values():
            f.editor.setEnabled(False)
            # Hints say what typing here will do, and marks ask for a fix: neither applies now.
            f.hint = ""
            f.set_error(None)
        for box in self.steps.values():
            box.setEnabled(False)
        self.banner.show_message(
            self.tr("This log is %1: it can no longer be changed here.").replace(
                "%1", label(VisitStatus, self.status)
            ),
            "info",
        )

    def check_out(self) -> bool:
        """Submit the log (check out now, or resubmit a returned log); False if it is not complete."""
        if not self.editable:
            return False
        self.keep_draft()
        errors = self._revalidate(submitting=True)
        if errors:
            first = next(name for name in self.fields if name in errors)
            self.fields[first].editor.setFocus(Qt.FocusReason.OtherFocusReason)
            self.draft_state.setText(self.tr("Check the marked fields. Your entries are kept as a draft."))
            return False
        _errors, typed = rules.check_log(self.values(), self.visit_day, submitting=True)
        if self._location is not None:
            typed.update(self._location)
        at = self.clock()
        if self.status == VisitStatus.IN_PROGRESS.value and self._short_reason is None:
            with self.db.session() as s:
                thresholds = org_settings.review_thresholds(s)
            short = short_visit(self.row["check_in_at"], at, typed.get("channel"), thresholds)
            if short is not None:
                # The supervisor would return it as "too short": say so now, and let the rep
                # confirm with a reason the supervisor reads.
                self._ask_short_reason(short.minutes or 0, thresholds.min_minutes)
                return False
        if self._short_reason:
            typed["short_reason"] = self._short_reason
        try:
            follow_up = LocalOp(
                self, lambda: visits_db.submit_log(self.db, self.visit_id, typed, at=at)
            ).run()
        except DomainError as exc:
            field = self.fields.get(exc.field or "")
            if field is not None:
                field.set_error(exc.message)
                field.editor.setFocus()
            else:
                self.banner.show_message(exc.message, "bad")
            self.draft_state.setText(self.tr("Not saved. Your entries are kept as a draft."))
            return False
        self.draft.enabled = False
        self.submitted.emit(self.visit_id, follow_up)
        self.accept()
        return True

    def _ask_short_reason(self, minutes: int, threshold: int) -> ShortVisitDialog:
        dialog = ShortVisitDialog(minutes, threshold, self)
        dialog.confirmed.connect(self._short_confirmed)
        self.short_dialog = dialog
        self.draft_state.setText(self.tr("Not checked out yet: this visit is shorter than usual."))
        dialog.open()
        return dialog

    def _short_confirmed(self, reason: str) -> None:
        self._short_reason = reason
        if not self.check_out():
            self._short_reason = None  # something else stopped it: ask again next time

    def cancel_visit(self) -> None:
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("Cancel visit"),
            self.tr("Cancel this visit? It will be recorded as not having taken place."),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            self,
        )
        box.setDefaultButton(QMessageBox.StandardButton.No)
        if box.exec() != QMessageBox.StandardButton.Yes:
            return
        try:
            LocalOp(
                self, lambda: visits_db.cancel_visit(self.db, self.visit_id, self.fields["notes"].text())
            ).run()
        except DomainError as exc:
            self.banner.show_message(exc.message, self.banner.kind)  # at the level it has already
            return
        self.draft.enabled = False
        self.cancelled.emit(self.visit_id)
        self.accept()

    def keep_draft(self) -> None:
        """Save what was typed now (closing, quitting)."""
        if self.draft.enabled and self._dirty:
            self.draft.flush()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.keep_draft()
        super().closeEvent(event)

    def reject(self) -> None:  # Esc: close, keeping the draft
        self.keep_draft()
        super().reject()


class ShortVisitDialog(QDialog):
    """Check-out below the organisation's "too short" threshold: go back, or check out with a reason."""

    confirmed = Signal(str)  # the reason

    def __init__(self, minutes: int, threshold: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Short visit"))
        self.setMinimumWidth(480)
        heading = QLabel(self.tr("This visit took %n minute(s).", "", minutes), objectName="SectionTitle")
        heading.setStyleSheet("font-size: 15px; font-weight: 600")  # the dialog has no workspace style
        explain = QLabel(
            self.tr(
                "Your organisation counts visits under %n minute(s) as too short; your supervisor "
                "sees this log in the review queue. Say why it was short, or go back and "
                "check out later.",
                "",
                threshold,
            ),
            wordWrap=True,
        )
        self.reason = QPlainTextEdit()
        self.reason.setPlaceholderText(self.tr("e.g. the buyer was out; left the samples at reception"))
        self.reason.setTabChangesFocus(True)
        self.reason.setFixedHeight(self.reason.fontMetrics().lineSpacing() * 3 + 14)
        self.reason.textChanged.connect(self._update)
        self.buttons = QDialogButtonBox()
        self.back_button = self.buttons.addButton(
            self.tr("Back to the log"), QDialogButtonBox.ButtonRole.RejectRole
        )
        self.confirm_button = self.buttons.addButton(
            self.tr("Check out anyway"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.confirm_button.setToolTip(
            self.tr("Check out now; the reason goes with the log to your supervisor")
        )
        self.buttons.accepted.connect(self._confirm)
        self.buttons.rejected.connect(self.reject)
        column(
            self,
            heading,
            explain,
            QLabel(self.tr("Reason")),
            self.reason,
            self.buttons,
            margins=(20, 16, 20, 14),
            spacing=10,
        )
        self.back_button.setDefault(True)
        self._update()
        self.reason.setFocus()

    def _update(self) -> None:
        self.confirm_button.setEnabled(bool(self.reason.toPlainText().strip()))

    def _confirm(self) -> None:
        text = self.reason.toPlainText().strip()
        if not text:
            return
        self.accept()
        self.confirmed.emit(text)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\n", "<br>")
