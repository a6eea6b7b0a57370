"""The visit-log review queue (稽查): the team's submitted logs, filtered, with their exceptions.

Keyboard first: the arrows move through the list, **A** approves, **Shift+A** approves
with a comment, **R** returns with a comment (required); several selected rows
(Shift/Ctrl+arrows, Ctrl+A) are decided together. The letters act only while the list or
the detail panel has the focus, so typing in a filter never approves anything.

Decisions are written through ``local_db.review`` (``LocalWriter``: the server's rules,
then the outbox) on the task runner, and reach the reps at the next sync.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from datetime import date
from itertools import combinations

import shiboken6
from PySide6.QtCore import QT_TRANSLATE_NOOP, QItemSelectionModel, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QColor, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from domain import enums as E
from domain.evidence import EvidenceCode, Flag
from local_db import review
from local_db.review import ReviewFilters, ReviewResult, ReviewThresholds
from ui import evidence as evidence_texts
from ui.banner import Banner
from ui.columns import datetime_column, enum_column, text_column
from ui.errors import review_refusal_text
from ui.formatting import fmt_datetime, fmt_decimal, fmt_money
from ui.i18n import fill
from ui.labels import label
from ui.operations import LocalOp
from ui.pages.common import PageFrame
from ui.review.dialogs import CommentDialog, show_result
from ui.review.texts import MARKER, exception_label, exception_reason, exceptions_summary
from ui.style import ACCENT, MUTED, WARNING
from ui.sync_hooks import capture, restore
from ui.table_model import Column, LazyTableModel, QuerySource
from ui.visits import rules as visit_rules
from ui.widgets import detail_panel, open_date_edit, push_button, text_pane

PRIMARY_BUTTON = (
    f"QPushButton {{ background: {ACCENT}; color: white; border: none; border-radius: 4px;"
    " padding: 6px 16px; font-weight: 600; }"
    "QPushButton:disabled { background: #cbd5e1; color: #f8fafc; }"
)
STATUS_CHOICES = (E.VisitStatus.SUBMITTED, E.VisitStatus.RETURNED, E.VisitStatus.APPROVED)


def esc(text: str) -> str:
    """Text for rich-text labels: markup characters escaped, quotes left readable."""
    return html.escape(text, quote=False)


def _minutes(row) -> int | None:
    if row["check_in_at"] is None or row["check_out_at"] is None:
        return None
    return max(0, int((row["check_out_at"] - row["check_in_at"]).total_seconds() // 60))


class ReviewPage(PageFrame):
    """The review queue with filters, a detail panel and approve/return actions."""

    reviewed = Signal(int)  # how many logs were approved or returned (they wait for the next sync)
    SEARCH_DEBOUNCE_MS = 200

    def __init__(self, db, runner, thresholds: ReviewThresholds | None = None, parent: QWidget | None = None):
        self.db = db
        self.runner = runner
        # The admin's thresholds (a synced organisation setting), re-read at every reload so a
        # change arriving with a sync applies at once; a caller may fix them instead.
        self._fixed_thresholds = thresholds
        self.thresholds = thresholds or self._held_thresholds()
        self.filters = ReviewFilters(thresholds=self.thresholds)
        self._busy = False
        self._restoring = False
        self._reselect_row = -1
        self._count_generation = 0  # the newest exception count asked for; older ones are dropped
        self._count_task = None
        self.comment_dialog: CommentDialog | None = None
        self.confirm_box: QMessageBox | None = None
        model = LazyTableModel(self._columns(), self._source(), review.DEFAULT_REVIEW_SORT)
        super().__init__("", model, parent)
        self.title.setText(self.tr("Visit review"))

        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setToolTip(self.tr("A approve · Shift+A approve with a comment · R return with a comment"))
        self._build_filters()
        self._build_actions()
        self._build_detail()

        self.message_banner = Banner("ok")
        self.message_banner.setVisible(False)
        self.message = self.message_banner.text  # what it says (the tests read it)
        layout = self.layout()
        layout.insertWidget(1, self.filter_bar)
        layout.insertWidget(2, self.message_banner)
        layout.removeWidget(self.stack)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.stack)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([700, 320])
        self.splitter.setChildrenCollapsible(False)
        layout.addWidget(self.splitter, 1)

        model.reloaded.connect(self._on_reloaded)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._show_selection())
        self.reload()

    # -- construction ------------------------------------------------------------------------

    def _held_thresholds(self) -> ReviewThresholds:
        with self.db.session() as s:
            return review.thresholds(s)

    def _columns(self) -> list[Column]:
        def flags_text(row) -> str:
            words = [exception_label(e) for e in review.row_exceptions(row, self.thresholds)]
            words += evidence_texts.labels(row["evidence"])
            return f"{MARKER} " + " · ".join(words) if words else ""

        def flags_tip(row) -> str:
            found = review.row_exceptions(row, self.thresholds)
            photos = evidence_texts.sentences(row["evidence"])
            if not found and not photos:
                return ""
            return "\n".join(
                [flags_text(row)] + [exception_reason(e, self.thresholds) for e in found] + photos
            )

        def flags_samples() -> list[str]:
            # Most flagged logs have one or two exceptions: the column fits any two, in any
            # language, and leaves the customer's name its room; more are in the tooltip.
            kinds = [review.VisitException(flag) for flag in review.VisitFlag]
            pairs = [exceptions_summary(list(c)) for c in combinations(kinds, min(2, len(kinds)))]
            photos = [evidence_texts.flag_label(Flag(code)) for code in EvidenceCode]
            # A reused photo is usually also an early one: that pair fits too.
            pairs += [f"{MARKER} " + " · ".join(c) for c in combinations(photos, 2)]
            return pairs + [f"{MARKER} {exception_label(k)} · {p}" for k in kinds for p in photos]

        def flags_color(row) -> QColor | None:
            return QColor(WARNING) if row["flags"] or row["evidence"] else None

        return [
            Column(
                "exceptions",
                QT_TRANSLATE_NOOP("Columns", "Exceptions"),
                flags_text,
                width=18,
                tooltip=flags_tip,
                samples=flags_samples,
                color=flags_color,
            ),
            datetime_column("when", QT_TRANSLATE_NOOP("Columns", "Date"), lambda r: r["when"]),
            text_column("rep", QT_TRANSLATE_NOOP("Columns", "Sales rep"), "rep_name", width=6),
            text_column("customer", QT_TRANSLATE_NOOP("Columns", "Customer"), "customer_name"),
            enum_column("outcome", QT_TRANSLATE_NOOP("Columns", "Outcome"), E.VisitOutcome, "outcome"),
        ]

    def _source(self) -> QuerySource:
        return QuerySource(self.db, review.count_review, review.list_review, filters=self.filters)

    def _build_filters(self) -> None:
        bar = QWidget(objectName="FilterBar")
        row = QHBoxLayout(bar)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(8)

        self.status_filter = QComboBox()
        for status in STATUS_CHOICES:
            text = {
                E.VisitStatus.SUBMITTED: self.tr("Waiting for review"),
                E.VisitStatus.RETURNED: self.tr("Returned to the rep"),
                E.VisitStatus.APPROVED: self.tr("Approved"),
            }[status]
            self.status_filter.addItem(text, status.value)
        self.status_filter.setToolTip(self.tr("Which logs to list"))

        self.rep_filter = QComboBox()
        self.rep_filter.setToolTip(self.tr("Only this rep's logs"))
        self.rep_filter.setMinimumContentsLength(6)
        self.rep_filter.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)

        self.date_from = open_date_edit(self.tr("From"))
        self.date_to = open_date_edit(self.tr("To"))
        self.date_from.setToolTip(self.tr("Visits on or after this day"))
        self.date_to.setToolTip(self.tr("Visits on or before this day"))

        self.customer_filter = QLineEdit()
        self.customer_filter.setPlaceholderText(self.tr("Customer name or code"))
        self.customer_filter.setClearButtonEnabled(True)
        self.customer_filter.setMinimumWidth(170)
        self.customer_filter.setToolTip(
            self.tr("Filter by customer (Ctrl+Shift+F); Enter or Down goes to the list")
        )

        self.outcome_filter = QComboBox()
        self.outcome_filter.addItem(self.tr("Any outcome"), None)
        for outcome in E.VisitOutcome:
            self.outcome_filter.addItem(label(E.VisitOutcome, outcome), outcome.value)
        self.outcome_filter.setToolTip(self.tr("Only logs with this outcome"))

        self.exceptions_only = QCheckBox(self.tr("Exceptions only"))
        self.exceptions_only.setToolTip(
            self.tr(
                "Only logs that stand out: short, without notes, far from the customer, logged late, "
                "or with a doubtful photo"
            )
        )
        self.clear_filters = push_button(
            self.tr("Clear"), self.tr("Show every log again"), self.reset_filters
        )

        for w in (
            self.status_filter,
            self.rep_filter,
            self.date_from,
            QLabel("–"),
            self.date_to,
            self.customer_filter,
            self.outcome_filter,
            self.exceptions_only,
        ):
            row.addWidget(w)
        row.addStretch(1)
        row.addWidget(self.clear_filters)
        self.filter_bar = bar

        self._debounce = QTimer(self, singleShot=True, interval=self.SEARCH_DEBOUNCE_MS)
        self._debounce.timeout.connect(self.apply_filters)
        self.customer_filter.textChanged.connect(lambda _t: self._debounce.start())
        self.customer_filter.returnPressed.connect(self._to_list)
        focus_search = QAction(self)
        focus_search.setShortcut(QKeySequence("Ctrl+Shift+F"))  # Ctrl+F is the window's customer search
        focus_search.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        focus_search.triggered.connect(self.customer_filter.setFocus)
        self.addAction(focus_search)
        down = QAction(self.customer_filter)
        down.setShortcut(QKeySequence(Qt.Key.Key_Down))
        down.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        down.triggered.connect(self._to_list)
        self.customer_filter.addAction(down)
        for combo in (self.status_filter, self.rep_filter, self.outcome_filter):
            combo.currentIndexChanged.connect(lambda _i: self.apply_filters())
        for edit in (self.date_from, self.date_to):
            edit.dateChanged.connect(lambda _d: self.apply_filters())
        self.exceptions_only.toggled.connect(lambda _on: self.apply_filters())

    def _build_actions(self) -> None:
        def action(text: str, keys: str, tip: str, slot: Callable[[], None]) -> QAction:
            act = QAction(text, self)
            act.setShortcut(QKeySequence(keys))
            act.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            act.setToolTip(f"{tip} ({keys})")
            act.triggered.connect(slot)
            return act

        self.approve_action = action(
            self.tr("Approve"),
            "A",
            self.tr("Approve the selected visit logs"),
            lambda: self.approve_selected(),
        )
        self.approve_comment_action = action(
            self.tr("Approve with comment…"),
            "Shift+A",
            self.tr("Approve with a comment for the rep"),
            lambda: self.approve_selected(ask_comment=True),
        )
        self.return_action = action(
            self.tr("Return…"),
            "R",
            self.tr("Return to the rep with a comment saying what to fix"),
            self.return_selected,
        )
        self.table.addActions([self.approve_action, self.approve_comment_action, self.return_action])
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)

    def _build_detail(self) -> None:
        self.detail = detail_panel([self.approve_action, self.approve_comment_action, self.return_action])
        self.detail_text, scroll = text_pane("DetailText")

        self.approve_button = push_button(
            self.tr("Approve"), self.approve_action.toolTip(), lambda: self.approve_selected()
        )
        self.return_button = push_button(
            self.tr("Return…"), self.return_action.toolTip(), self.return_selected
        )
        self.approve_button.setStyleSheet(PRIMARY_BUTTON)
        buttons = QHBoxLayout()
        buttons.addWidget(self.return_button)
        buttons.addStretch(1)
        buttons.addWidget(self.approve_button)
        self.keys_hint = QLabel(objectName="KeysHint", wordWrap=True)
        self.keys_hint.setText(
            self.tr(
                "Keys: ↑/↓ move · A approve · Shift+A approve with comment · "
                "R return · Shift/Ctrl+↑↓ select several"
            )
        )

        box = QVBoxLayout(self.detail)
        box.setContentsMargins(14, 12, 14, 12)
        box.setSpacing(8)
        box.addWidget(scroll, 1)
        box.addWidget(self.keys_hint)
        box.addLayout(buttons)

    # -- filters -----------------------------------------------------------------------------

    def _to_list(self) -> None:
        self.apply_filters()
        self.table.setFocus()
        if self.model.rowCount() and not self.table.selectionModel().hasSelection():
            self.select_row(0)

    def _date_value(self, edit: QDateEdit) -> date | None:
        if edit.date() == edit.minimumDate():
            return None
        d = edit.date()
        return date(d.year(), d.month(), d.day())

    def current_filters(self) -> ReviewFilters:
        status = self.status_filter.currentData()
        return ReviewFilters(
            statuses=(status,) if status else (E.VisitStatus.SUBMITTED.value,),
            rep_id=self.rep_filter.currentData(),
            date_from=self._date_value(self.date_from),
            date_to=self._date_value(self.date_to),
            customer=self.customer_filter.text().strip(),
            outcome=self.outcome_filter.currentData(),
            exceptions_only=self.exceptions_only.isChecked(),
            thresholds=self.thresholds,
        )

    def apply_filters(self) -> None:
        filters = self.current_filters()
        if filters != self.filters:
            self.filters = filters
            self.model.set_source(self._source())

    def reset_filters(self) -> None:
        widgets = (
            self.status_filter,
            self.rep_filter,
            self.outcome_filter,
            self.date_from,
            self.date_to,
            self.customer_filter,
            self.exceptions_only,
        )
        for w in widgets:
            w.blockSignals(True)
        self.status_filter.setCurrentIndex(0)
        self.rep_filter.setCurrentIndex(0)
        self.outcome_filter.setCurrentIndex(0)
        self.date_from.setDate(self.date_from.minimumDate())
        self.date_to.setDate(self.date_to.minimumDate())
        self.customer_filter.clear()
        self.exceptions_only.setChecked(False)
        for w in widgets:
            w.blockSignals(False)
        self.apply_filters()

    def _fill_reps(self) -> None:
        reps = review.own_team(self.db)
        current = self.rep_filter.currentData()
        self.rep_filter.blockSignals(True)
        self.rep_filter.clear()
        self.rep_filter.addItem(self.tr("All reps"), None)
        for person in reps:
            self.rep_filter.addItem(person.name, person.id)
        index = self.rep_filter.findData(current)
        self.rep_filter.setCurrentIndex(max(0, index))
        self.rep_filter.blockSignals(False)

    # -- reading -----------------------------------------------------------------------------

    def reload(self) -> None:
        """Re-read the queue (after a sync), keeping the selected logs and the scroll position.

        A sync runs in the background while the supervisor works through the list, so the
        place in it must survive: the same logs stay selected (found again by id); when
        they are gone (decided elsewhere), the row that took their place is selected.
        """
        self._fill_reps()
        if self._fixed_thresholds is None:
            self.thresholds = self._held_thresholds()
        self.filters = self.current_filters()
        state = capture(self.table)
        first = min((i.row() for i in self.table.selectionModel().selectedRows()), default=0)
        self._restoring = True
        try:
            self.model.set_source(self._source())
            restore(self.table, state)
        finally:
            self._restoring = False
        if self.model.rowCount() and not self.table.selectionModel().hasSelection():
            self.select_row(min(first, self.model.rowCount() - 1))
        self._show_selection()

    def _on_reloaded(self, total: int) -> None:
        waiting = self.filters.statuses == (E.VisitStatus.SUBMITTED.value,)
        if waiting:
            text = self.tr("%n visit log(s) waiting for your review", None, total)
        else:
            text = self.tr("%n visit log(s)", None, total)
        self._count_exceptions(text, total)
        filtered = self.filters != ReviewFilters(statuses=self.filters.statuses, thresholds=self.thresholds)
        if total == 0 and filtered:
            self.empty.set_text(
                self.tr("No visit log matches these filters"),
                self.tr("Change the filters or press Clear to see every log."),
            )
        elif total == 0 and waiting:
            self.empty.set_text(
                self.tr("Nothing to review"),
                self.tr("Visit logs your team submits appear here for approval after a sync."),
            )
        elif total == 0:
            self.empty.set_text(
                self.tr("No visit logs here"), self.tr("Logs appear here once they are reviewed.")
            )
        self.show_rows(total > 0)
        if self._restoring:
            pass  # reload() puts the selection back itself
        elif total and self._reselect_row >= 0:
            self.select_row(min(self._reselect_row, self.model.rowCount() - 1))
        elif total and not self.table.selectionModel().hasSelection():
            self.select_row(0)
        self._reselect_row = -1
        self._show_selection()

    @property
    def counting(self) -> bool:
        """Whether the subtitle still waits for the exception count."""
        return self._count_task is not None and not self._count_task.done

    def _count_exceptions(self, text: str, total: int) -> None:
        """The subtitle's "· n with exceptions", counted on the task runner.

        Counting is a query of its own over the whole filtered queue (about a second at
        20,000 logs), so the subtitle says it is counting until the figure comes back; a
        figure for filters that have changed meanwhile is dropped (the newest count wins).
        """
        self._count_generation += 1
        generation = self._count_generation

        def done(flagged: int) -> None:
            if generation != self._count_generation or not shiboken6.isValid(self):
                return
            suffix = " · " + self.tr("%n with exceptions", None, flagged) if flagged else ""
            self.subtitle.setText(text + suffix)

        if total == 0 or self.filters.exceptions_only:
            done(total)  # "Exceptions only": every log listed has one, the total is the count
            return
        self.subtitle.setText(text + " · " + self.tr("counting exceptions…"))
        db, filters = self.db, self.filters

        def job(_ctx) -> int:
            with db.session() as s:
                return review.count_review_exceptions(s, filters)

        def failed(_exc: BaseException) -> None:
            if generation == self._count_generation and shiboken6.isValid(self):
                self.subtitle.setText(text)  # the count is not known; the total still is

        self._count_task = self.runner.submit(job, name="review-exceptions", on_result=done, on_error=failed)

    def select_row(self, row: int) -> None:
        """Select exactly this row and make it current (whatever modifier keys are down)."""
        index = self.model.index(row, 0)
        flags = QItemSelectionModel.SelectionFlag
        self.table.selectionModel().setCurrentIndex(index, flags.ClearAndSelect | flags.Rows)
        self.table.scrollTo(index)

    def selected_rows(self) -> list:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [self.model.row(r) for r in rows if r < self.model.rowCount()]

    def selected_ids(self) -> list[str]:
        return [r["id"] for r in self.selected_rows()]

    def _show_selection(self) -> None:
        rows = self.selected_rows()
        actionable = (
            bool(rows) and not self._busy and all(r["status"] == E.VisitStatus.SUBMITTED.value for r in rows)
        )
        for act in (self.approve_action, self.approve_comment_action, self.return_action):
            act.setEnabled(actionable)
        self.approve_button.setEnabled(actionable)
        self.return_button.setEnabled(actionable)
        if len(rows) > 1:
            self.approve_button.setText(self.tr("Approve %n", None, len(rows)))
            self.return_button.setText(self.tr("Return %n…", None, len(rows)))
        else:
            self.approve_button.setText(self.tr("Approve"))
            self.return_button.setText(self.tr("Return…"))
        self.detail_text.setText(self._detail_html(rows))

    def _detail_html(self, rows: list) -> str:
        if not rows:
            return f'<p style="color:{MUTED}">' + esc(self.tr("Select a visit log to see it here.")) + "</p>"
        if len(rows) > 1:
            flagged = sum(1 for r in rows if r["flags"] or r["evidence"])
            heading = self.tr("%n visit logs selected", None, len(rows))
            parts = [f"<h3>{esc(heading)}</h3>"]
            if flagged:
                parts.append(
                    f'<p style="color:{WARNING}">⚠ '
                    + esc(self.tr("%n of them with exceptions", None, flagged))
                    + "</p>"
                )
            parts.append(
                "<p>" + esc(self.tr("A approves them all; R returns them all with one comment.")) + "</p>"
            )
            return "".join(parts)
        return self._one_html(rows[0])

    def _one_html(self, r) -> str:

        def line(title: str, value: str) -> str:
            return (
                (
                    f'<tr><td style="color:{MUTED}; padding-right:10px">{esc(title)}</td>'
                    f"<td>{esc(value)}</td></tr>"
                )
                if value
                else ""
            )

        minutes = _minutes(r)
        location = ""
        if r["latitude"] is not None and r["longitude"] is not None:
            parts = [label(E.LocationSource, r["location_source"]) or self.tr("Location")]
            if r["location_accuracy_m"] is not None:
                parts.append(fill(self.tr("±%1 m"), fmt_decimal(r["location_accuracy_m"], 0)))
            if r["customer_latitude"] is not None and r["customer_longitude"] is not None:
                km = review.haversine_km(
                    r["latitude"], r["longitude"], r["customer_latitude"], r["customer_longitude"]
                )
                parts.append(fill(self.tr("%1 km from the customer"), fmt_decimal(km, 1)))
            else:
                parts.append(self.tr("customer has no coordinates"))
            location = " · ".join(parts)
        else:
            location = self.tr("not recorded")
        out = [
            f"<h3 style='margin-bottom:2px'>{esc(r['customer_name'] or '')}</h3>",
            f'<p style="color:{MUTED}; margin-top:0">'
            + esc(
                " · ".join(
                    p for p in (r["customer_code"], r["rep_name"], label(E.VisitStatus, r["status"])) if p
                )
            )
            + "</p>",
        ]
        found = [exception_reason(e, self.thresholds) for e in review.row_exceptions(r, self.thresholds)]
        found += evidence_texts.sentences(r["evidence"])
        if found:
            out.append(
                f'<div style="color:{WARNING}; font-weight:600">'
                + "<br>".join("⚠ " + esc(reason) for reason in found)
                + "</div>"
            )
        else:
            clean = self.tr("No exceptions")
            out.append(f'<p style="color:#16a34a">✓ {esc(clean)}</p>')
        if (r["short_reason"] or "").strip():
            out.append(
                "<p>" + esc(self.tr("Rep's reason: %1").replace("%1", r["short_reason"].strip())) + "</p>"
            )
        rows = [
            line(self.tr("Contact met"), r["contact_name"] or ""),
            line(self.tr("Checked in"), fmt_datetime(r["check_in_at"])),
            line(self.tr("Checked out"), fmt_datetime(r["check_out_at"])),
            line(self.tr("Duration"), "" if minutes is None else self.tr("%n min", None, minutes)),
            line(self.tr("Reached server"), fmt_datetime(r["server_received_at"])),
            line(self.tr("Location"), location),
            line(self.tr("Purpose"), label(E.VisitPurpose, r["purpose"])),
            line(self.tr("Channel"), label(E.VisitChannel, r["channel"])),
            line(self.tr("Outcome"), label(E.VisitOutcome, r["outcome"])),
            line(self.tr("Order amount"), fmt_money(r["order_amount"]) if r["order_amount"] else ""),
            line(self.tr("Cash collected"), fmt_money(r["cash_collected"]) if r["cash_collected"] else ""),
            line(self.tr("Visit cost"), fmt_money(r["visit_cost"]) if r["visit_cost"] else ""),
            line(self.tr("Next visit"), str(r["next_visit_date"] or "")),
        ]
        out.append("<table cellspacing='0' cellpadding='2'>" + "".join(rows) + "</table>")
        out.append(self._steps_html(r["checklist"] or {}))
        for title, text in (
            (self.tr("Notes"), r["notes"]),
            (self.tr("Next step"), r["next_step"]),
            (self.tr("Competitors"), r["competitor_notes"]),
        ):
            if text and text.strip():
                out.append(f"<p><b>{esc(title)}</b><br>{esc(text.strip())}</p>")
        if r["review_comment"]:
            who = r["reviewer_name"] or ""
            title = self.tr("Review comment")
            out.append(
                f'<p style="color:{MUTED}"><b>{esc(title)}</b>'
                f"{esc(' · ' + who if who else '')}<br>{esc(r['review_comment'])}</p>"
            )
        return "".join(out)

    def _steps_html(self, checklist: dict) -> str:
        """The seven steps as the rep ticked them, and what step 3 found about the stock."""
        done = sum(1 for key, _source in visit_rules.CHECKLIST if checklist.get(key))
        lines = []
        for i, (key, _source) in enumerate(visit_rules.CHECKLIST, start=1):
            ticked = bool(checklist.get(key))
            mark, color = ("✓", "#16a34a") if ticked else ("✗", MUTED)
            lines.append(f'<span style="color:{color}">{mark} {i}. {esc(visit_rules.step_label(key))}</span>')
        if checklist.get(visit_rules.STOCK_LOW):
            stock = (
                f'<span style="color:{WARNING}">⚠ '
                + esc(self.tr("Stock below 1.5× the usual sales: restock"))
                + "</span>"
            )
        elif checklist.get("step3"):
            stock = esc(self.tr("Stock counted: enough on hand"))
        else:
            stock = f'<span style="color:{MUTED}">' + esc(self.tr("Stock not counted")) + "</span>"
        title = (
            self.tr("Seven steps: %1 of %2 done")
            .replace("%1", str(done))
            .replace("%2", str(len(visit_rules.CHECKLIST)))
        )
        return f"<p><b>{esc(title)}</b><br>" + "<br>".join(lines) + f"<br>{stock}</p>"

    # -- deciding ----------------------------------------------------------------------------

    def approve_selected(self, ask_comment: bool = False, confirm: bool = True) -> None:
        ids = self.selected_ids() if self.approve_action.isEnabled() else []
        if not ids:
            return
        if ask_comment:
            n = len(ids)
            self._ask_comment(
                self.tr("Approve %n visit log(s)", None, n),
                self.tr("The comment is shown to the rep with the approved log. It is optional."),
                self.tr("Approve"),
                required=False,
                then=lambda text: self._approve(ids, text),
            )
        elif len(ids) > 1 and confirm:
            box = QMessageBox(
                QMessageBox.Icon.Question,
                self.tr("Approve visit logs"),
                self.tr("Approve %n visit logs?", None, len(ids)),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
                self,
            )
            box.setDefaultButton(QMessageBox.StandardButton.Yes)
            box.button(QMessageBox.StandardButton.Yes).setText(self.tr("Approve"))
            box.accepted.connect(lambda: self._approve(ids, None))
            self.confirm_box = box
            box.open()
        else:
            self._approve(ids, None)

    def return_selected(self) -> None:
        ids = self.selected_ids() if self.return_action.isEnabled() else []
        if not ids:
            return
        n = len(ids)
        self._ask_comment(
            self.tr("Return %n visit log(s)", None, n),
            self.tr(
                "The log goes back to the rep, who corrects it and submits it again. Say what needs fixing."
            ),
            self.tr("Return"),
            required=True,
            placeholder=self.tr("e.g. Please add what the customer said about the new price list."),
            then=lambda text: self._return(ids, text),
        )

    def _ask_comment(
        self,
        title: str,
        prompt: str,
        confirm: str,
        *,
        required: bool,
        then: Callable[[str], None],
        placeholder: str = "",
    ) -> None:
        dialog = CommentDialog(
            title, prompt, confirm, required=required, placeholder=placeholder, parent=self
        )
        dialog.accepted.connect(lambda: then(dialog.text()))
        dialog.finished.connect(lambda _r: self.table.setFocus())
        self.comment_dialog = dialog
        dialog.open()

    def _approve(self, ids: list[str], comment: str | None) -> None:
        self._write(lambda s: review.approve_visits(s, ids, comment), approved=True)

    def _return(self, ids: list[str], comment: str) -> None:
        self._write(lambda s: review.return_visits(s, ids, comment), approved=False)

    def _write(self, job: Callable, approved: bool) -> None:
        self._busy = True
        self._show_selection()
        first = min((i.row() for i in self.table.selectionModel().selectedRows()), default=0)

        def done(result: ReviewResult) -> None:
            self._busy = False
            self._report(result, approved)
            self._reselect_row = first
            self.model.reload()
            self.table.setFocus()
            if result.done:
                self.reviewed.emit(len(result.done))

        def failed(exc: BaseException) -> None:
            self._busy = False
            self._show_message(review_refusal_text(getattr(exc, "code", ""), str(exc)), error=True)
            self._show_selection()

        LocalOp.in_session(self, self.db, job).changed(lambda result: bool(result.done)).success(
            done
        ).failure(failed).run_in_background(self.runner, name="review-visits")

    def _report(self, result: ReviewResult, approved: bool) -> None:
        parts = []
        if result.done:
            n = len(result.done)
            parts.append(
                self.tr("%n visit log(s) approved.", None, n)
                if approved
                else self.tr("%n visit log(s) returned to the rep.", None, n)
            )
            parts.append(self.tr("The reps see it after the next sync."))
        if result.failed:
            _id, code, message = result.failed[0]
            parts.append(
                self.tr("%n could not be changed:", None, len(result.failed))
                + " "
                + review_refusal_text(code, message)
            )
        self._show_message(" ".join(parts), error=bool(result.failed))

    def _show_message(self, text: str, error: bool = False) -> None:
        show_result(self.message_banner, text, error)
