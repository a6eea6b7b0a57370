"""The supervisor's inbox: discount approvals and complaint escalations in one list.

* **Discount approvals** — quotes of the region waiting for approval (their discount is
  above the rep's limit). Opening one shows its lines; **A** approves (status approved,
  approved by me, now), **R** returns it to the rep as a draft with a comment. Both go
  through ``local_db.review`` (``LocalWriter``) and reach the rep at the next sync.
* **Complaint escalations** — open complaints escalated to a supervisor or an
  administrator, or past an SLA deadline (the clock is re-checked here, so a complaint
  that breaches while the laptop is offline still shows up). **Enter** opens it in the
  complaints list.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from datetime import datetime, timezone
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QAction, QBrush, QColor, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from domain import enums as E
from domain.errors import DomainError
from domain.pricing import QuoteLineInput, breakdown, can_approve, discount_limit
from local_db import review
from ui.banner import Banner
from ui.errors import review_refusal_text
from ui.formatting import fmt_date, fmt_datetime, fmt_decimal, fmt_money
from ui.i18n import fill
from ui.labels import label
from ui.operations import LocalOp
from ui.review.dialogs import CommentDialog, show_result
from ui.review.page import PRIMARY_BUTTON
from ui.style import MUTED, OFFLINE, WARNING
from ui.support.layouts import column
from ui.tables import ItemsModel, list_view
from ui.widgets import EmptyState, detail_panel, push_button, stacked, text_pane

QUOTE, COMPLAINT = "quote", "complaint"


def esc(text: str) -> str:
    """Text for rich-text labels: markup characters escaped, quotes left readable."""
    return html.escape(text, quote=False)


def fmt_pct(value) -> str:
    """A discount percent without a useless ".0": 15 → "15", 12.5 → "12.5"."""
    value = Decimal(value or 0)
    return fmt_decimal(value, 0 if value == value.to_integral_value() else 1)


def _bold(html: str, bold: bool) -> str:
    return f"<b>{html}</b>" if bold else html


class InboxModel(ItemsModel):
    """Items are dicts with ``kind`` (quote or complaint) and the row's fields."""

    def titles(self) -> list[str]:
        return [
            self.tr("Type"),
            self.tr("Customer"),
            self.tr("What"),
            self.tr("From"),
            self.tr("When"),
            self.tr("Status"),
        ]

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 6

    def _cells(self, it: dict[str, Any]) -> list[str]:
        if it["kind"] == QUOTE:
            what = fill(self.tr("%1 · %2% discount"), it["number"], fmt_pct(it["discount_pct"]))
            return [
                self.tr("Discount"),
                it["customer_name"] or "",
                what,
                it["rep_name"] or "",
                fmt_date(it["issue_date"]),
                label(E.QuoteStatus, it["status"]),
            ]
        what = " · ".join(
            p for p in (label(E.ComplaintCategory, it["category"]), label(E.Severity, it["severity"])) if p
        )
        state = self.tr("SLA breached") if it["breached_now"] else label(E.EscalationLevel, it["level"])
        return [
            self.tr("Complaint"),
            it["customer_name"] or "",
            what,
            it["owner_name"] or "",
            fmt_datetime(it["recorded_at"]),
            state,
        ]

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        it = self.items[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._cells(it)[index.column()]
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == 5:
            if it["kind"] == COMPLAINT and it["breached_now"]:
                return QBrush(QColor(OFFLINE))
            return QBrush(QColor(WARNING))
        if role == Qt.ItemDataRole.ToolTipRole and it["kind"] == COMPLAINT:
            return it["description"]
        return None

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.titles()[section]
        return None


class InboxPage(QWidget):
    openComplaint = Signal(str)  # complaint id: show it in the complaints list
    decided = Signal()  # a quote was approved or returned (it waits for the next sync)

    def __init__(self, db, runner, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.runner = runner
        self.comment_dialog: CommentDialog | None = None
        self._busy = False
        self._me: tuple[str | None, str | None] = (None, None)

        self.title = QLabel(self.tr("Inbox"), objectName="PageTitle")
        self.subtitle = QLabel(objectName="PageSubtitle")
        self.message_banner = Banner("ok")
        self.message_banner.setVisible(False)
        self.message = self.message_banner.text  # what it says (the tests read it)

        self.model = InboxModel(self)
        self.table = list_view(self.model)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)  # the customer takes what is left
        self.table.setToolTip(self.tr("Enter open · A approve a quote · R return a quote"))
        self.table.doubleClicked.connect(lambda _i: self.open_current())

        self.empty = EmptyState()
        self.empty.set_text(
            self.tr("Nothing waiting for you"),
            self.tr(
                "Quotes that need your discount approval and complaints escalated to you "
                "appear here after a sync."
            ),
        )
        self.list_stack = stacked(self.table, self.empty)

        self._build_actions()
        self._build_detail()

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.list_stack)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([700, 320])
        splitter.setChildrenCollapsible(False)

        heading = QVBoxLayout()
        heading.setSpacing(2)
        heading.addWidget(self.title)
        heading.addWidget(self.subtitle)
        column(self, heading, self.message_banner, (splitter, 1), margins=(24, 20, 24, 12), spacing=14)

        self.table.selectionModel().selectionChanged.connect(lambda *_: self._show_current())
        self.reload()

    # -- construction ------------------------------------------------------------------------

    def _build_actions(self) -> None:
        def action(text: str, keys: list[str], tip: str, slot: Callable[[], None]) -> QAction:
            act = QAction(text, self)
            act.setShortcuts([QKeySequence(k) for k in keys])
            act.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            act.setToolTip(f"{tip} ({keys[0]})")
            act.triggered.connect(slot)
            return act

        self.open_action = action(
            self.tr("Open"), ["Return", "Enter"], self.tr("Open the selected item"), self.open_current
        )
        self.approve_action = action(
            self.tr("Approve"), ["A"], self.tr("Approve the quote's discount"), self.approve_current
        )
        self.return_action = action(
            self.tr("Return…"),
            ["R"],
            self.tr("Return the quote to the rep with a comment"),
            self.return_current,
        )
        self.table.addActions([self.open_action, self.approve_action, self.return_action])
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)

    def _build_detail(self) -> None:
        self.detail = detail_panel([self.approve_action, self.return_action])
        self.detail_text, scroll = text_pane()
        self.approve_button = QPushButton(self.tr("Approve"))
        self.approve_button.setStyleSheet(PRIMARY_BUTTON)
        self.approve_button.setToolTip(self.approve_action.toolTip())
        self.approve_button.clicked.connect(self.approve_current)
        self.return_button = push_button(
            self.tr("Return…"), self.return_action.toolTip(), self.return_current
        )
        self.open_button = push_button(
            self.tr("Show in complaints"),
            self.tr("Open the complaint in the complaints list (Enter)"),
            self.open_current,
        )
        buttons = QHBoxLayout()
        buttons.addWidget(self.return_button)
        buttons.addStretch(1)
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.approve_button)
        box = QVBoxLayout(self.detail)
        box.setContentsMargins(14, 12, 14, 12)
        box.addWidget(scroll, 1)
        box.addLayout(buttons)

    # -- reading -----------------------------------------------------------------------------

    def reload(self, now: datetime | None = None) -> None:
        current = self.current()
        waiting = review.inbox(self.db, now)
        self._me = waiting.me
        quotes = [{**q, "kind": QUOTE} for q in waiting.quotes]
        complaints = [{**c, "kind": COMPLAINT} for c in waiting.complaints]
        self.model.set_items(quotes + complaints)
        self.subtitle.setText(
            self.tr("%n discount approval(s)", None, len(quotes))
            + " · "
            + self.tr("%n complaint escalation(s)", None, len(complaints))
        )
        self.list_stack.setCurrentWidget(self.table if self.model.items else self.empty)
        row = 0
        if current is not None:
            row = next((i for i, it in enumerate(self.model.items) if it["id"] == current["id"]), 0)
        if self.model.items:
            self._select_row(min(row, len(self.model.items) - 1))
        self._show_current()

    def current(self) -> dict[str, Any] | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if not rows or rows[0].row() >= len(self.model.items):
            return None
        return self.model.items[rows[0].row()]

    def select(self, item_id: str) -> bool:
        for i, it in enumerate(self.model.items):
            if it["id"] == item_id:
                self._select_row(i)
                return True
        return False

    def _select_row(self, row: int) -> None:
        index = self.model.index(row, 0)
        flags = QItemSelectionModel.SelectionFlag
        self.table.selectionModel().setCurrentIndex(index, flags.ClearAndSelect | flags.Rows)

    def _can_decide(self, item: dict[str, Any] | None) -> bool:
        user_id, role = self._me
        return (
            item is not None
            and item["kind"] == QUOTE
            and not self._busy
            and item["status"] == E.QuoteStatus.PENDING_APPROVAL.value
            and item["rep_id"] != user_id
            and role is not None
            and can_approve(role, item["discount_pct"])
        )

    def _show_current(self) -> None:
        item = self.current()
        is_quote = item is not None and item["kind"] == QUOTE
        decidable = self._can_decide(item)
        self.approve_action.setEnabled(decidable)
        self.return_action.setEnabled(decidable)
        self.approve_button.setEnabled(decidable)
        self.return_button.setEnabled(decidable)
        for w in (self.approve_button, self.return_button):
            w.setVisible(is_quote)
        self.open_button.setVisible(item is not None and not is_quote)
        self.open_action.setEnabled(item is not None)
        if item is None:
            self.detail_text.setText(
                f'<p style="color:{MUTED}">' + esc(self.tr("Select an item to see it here.")) + "</p>"
            )
        elif is_quote:
            self.detail_text.setText(self._quote_html(item))
        else:
            self.detail_text.setText(self._complaint_html(item))

    def _quote_html(self, q: dict[str, Any]) -> str:
        with self.db.session() as s:
            lines = review.quote_lines_of(s, q["id"])
        user_id, role = self._me
        heading = fill(self.tr("Quote %1"), q["number"])
        out = [
            f"<h3 style='margin-bottom:2px'>{esc(heading)}</h3>",
            f'<p style="color:{MUTED}; margin-top:0">'
            + esc(" · ".join(p for p in (q["customer_name"], q["rep_name"], fmt_date(q["issue_date"])) if p))
            + "</p>",
        ]
        limit_text = fill(
            self.tr("Largest discount %1% — above the rep's limit of %2%"),
            fmt_pct(q["discount_pct"]),
            fmt_pct(discount_limit(E.Role.REP)),
        )
        out.append(f'<p style="color:{WARNING}; font-weight:600">{esc(limit_text)}</p>')
        if q["rep_id"] == user_id:
            out.append(
                f'<p style="color:{OFFLINE}">'
                + esc(self.tr("This is your own quote: an administrator decides on it."))
                + "</p>"
            )
        elif role and not can_approve(role, q["discount_pct"]):
            out.append(
                f'<p style="color:{OFFLINE}">'
                + esc(
                    fill(
                        self.tr(
                            "The discount is above your approval limit of %1%: "
                            "an administrator decides on it."
                        ),
                        fmt_pct(discount_limit(role)),
                    )
                )
                + "</p>"
            )
        cur = q["currency"]
        try:  # recomputed from the lines by THE rounding rule, so every figure adds up
            parts = breakdown(
                [
                    QuoteLineInput(
                        quantity=ln["quantity"],
                        unit_price=ln["unit_price"],
                        discount_pct=ln["discount_pct"] or 0,
                        tax_rate=ln["tax_rate"] or 0,
                    )
                    for ln in lines
                ],
                q["header_discount_pct"] or 0,
            )
        except DomainError:
            parts = None
        for i, ln in enumerate(lines):  # one short block per line: it wraps in a narrow panel
            name = f"{ln['line_no']}. {ln['product_name'] or ln['description'] or ''}"
            color = (
                f" style='color:{WARNING}'"
                if Decimal(ln["discount_pct"] or 0) > discount_limit(E.Role.REP)
                else ""
            )
            if parts is None:
                detail = fill(
                    self.tr("%1 × %2"), fmt_decimal(ln["quantity"], 0), fmt_money(ln["unit_price"], cur)
                )
            elif ln["discount_pct"]:
                part = parts.lines[i]
                detail = fill(
                    self.tr("%1 × %2 = %3 − %4% (%5) = %6 net"),
                    fmt_decimal(ln["quantity"], 0),
                    fmt_money(ln["unit_price"], cur),
                    fmt_money(part.list_amount, cur),
                    fmt_pct(ln["discount_pct"]),
                    fmt_money(part.discount, cur),
                    fmt_money(part.net, cur),
                )
            else:
                detail = fill(
                    self.tr("%1 × %2 = %3 net"),
                    fmt_decimal(ln["quantity"], 0),
                    fmt_money(ln["unit_price"], cur),
                    fmt_money(parts.lines[i].net, cur),
                )
            out.append(f"<p style='margin:4px 0'>{esc(name)}<br><span{color}>{esc(detail)}</span></p>")
        if parts is not None:
            rows = [(self.tr("List value"), fmt_money(parts.list_amount, cur), False)]
            if parts.line_discount:
                rows.append((self.tr("Line discounts"), "−" + fmt_money(parts.line_discount, cur), False))
            if parts.header_discount:
                rows.append(
                    (
                        fill(self.tr("Header discount %1%"), fmt_pct(q["header_discount_pct"])),
                        "−" + fmt_money(parts.header_discount, cur),
                        False,
                    )
                )
            rows += [
                (self.tr("Net (before tax)"), fmt_money(parts.net, cur), True),
                (self.tr("Tax"), "+" + fmt_money(parts.tax, cur), False),
                (self.tr("Total (tax included)"), fmt_money(parts.total, cur), True),
            ]
            cells = "".join(
                f"<tr><td style='padding-right:16px'>{_bold(esc(t), bold)}</td>"
                f"<td align='right'>{_bold(esc(v), bold)}</td></tr>"
                for t, v, bold in rows
            )
            out.append(f"<table cellspacing='0' cellpadding='2' style='margin-top:6px'>{cells}</table>")
        if q["notes"]:
            notes = self.tr("Notes")
            out.append(f"<p><b>{esc(notes)}</b><br>{esc(q['notes'])}</p>")
        return "".join(out)

    def _complaint_html(self, c: dict[str, Any]) -> str:

        def line(title: str, value: str, color: str = "") -> str:
            style = f" style='color:{color}'" if color else ""
            return (
                (
                    f"<tr><td style='color:{MUTED}; padding-right:10px'>{esc(title)}</td>"
                    f"<td{style}>{esc(value)}</td></tr>"
                )
                if value
                else ""
            )

        now = datetime.now(timezone.utc)
        late_first = c["first_response_due"] and not c["first_responded_at"] and c["first_response_due"] < now
        late_final = c["resolution_due"] and not c["resolved_at"] and c["resolution_due"] < now
        out = [
            f"<h3 style='margin-bottom:2px'>{esc(c['customer_name'] or '')}</h3>",
            f'<p style="color:{MUTED}; margin-top:0">'
            + esc(
                " · ".join(
                    p
                    for p in (
                        label(E.ComplaintCategory, c["category"]),
                        label(E.Severity, c["severity"]),
                        label(E.ComplaintStatus, c["status"]),
                    )
                    if p
                )
            )
            + "</p>",
        ]
        if c["breached_now"]:
            out.append(
                f'<p style="color:{OFFLINE}; font-weight:600">⚠ '
                + esc(self.tr("SLA breached: the customer has waited too long."))
                + "</p>"
            )
        rows = [
            line(self.tr("Escalated to"), label(E.EscalationLevel, c["level"])),
            line(self.tr("Owner"), c["owner_name"] or ""),
            line(self.tr("Received"), fmt_datetime(c["recorded_at"])),
            line(self.tr("Channel"), label(E.ComplaintChannel, c["channel"])),
            line(self.tr("Respond by"), fmt_datetime(c["first_response_due"]), OFFLINE if late_first else ""),
            line(self.tr("Responded"), fmt_datetime(c["first_responded_at"])),
            line(self.tr("Resolve by"), fmt_datetime(c["resolution_due"]), OFFLINE if late_final else ""),
        ]
        out.append("<table cellspacing='0' cellpadding='2'>" + "".join(rows) + "</table>")
        description = self.tr("Description")
        out.append(f"<p><b>{esc(description)}</b><br>{esc(c['description'] or '')}</p>")
        return "".join(out)

    # -- acting ------------------------------------------------------------------------------

    def open_current(self) -> None:
        item = self.current()
        if item is None:
            return
        if item["kind"] == COMPLAINT:
            self.openComplaint.emit(item["id"])
        elif self._can_decide(item):
            self.approve_button.setFocus()

    def approve_current(self) -> None:
        item = self.current()
        if not self._can_decide(item):
            return
        self._write(
            lambda s: review.approve_quote(s, item["id"]),
            fill(self.tr("Quote %1 approved. The rep can send it after the next sync."), item["number"]),
        )

    def return_current(self) -> None:
        item = self.current()
        if not self._can_decide(item):
            return
        dialog = CommentDialog(
            fill(self.tr("Return quote %1"), item["number"]),
            self.tr(
                "The quote goes back to the rep as a draft. Say what to change, "
                "for example a smaller discount."
            ),
            self.tr("Return"),
            required=True,
            parent=self,
        )
        dialog.accepted.connect(
            lambda: self._write(
                lambda s: review.return_quote(s, item["id"], dialog.text()),
                fill(self.tr("Quote %1 returned to the rep."), item["number"]),
            )
        )
        dialog.finished.connect(lambda _r: self.table.setFocus())
        self.comment_dialog = dialog
        dialog.open()

    def _write(self, job: Callable, success: str) -> None:
        self._busy = True
        self._show_current()

        def done(_result=None) -> None:
            self._busy = False
            self._show_message(success, error=False)
            self.reload()
            self.table.setFocus()
            self.decided.emit()

        def failed(exc: BaseException) -> None:
            self._busy = False
            self._show_message(review_refusal_text(getattr(exc, "code", ""), str(exc)), error=True)
            self._show_current()

        LocalOp.in_session(self, self.db, job).success(done).failure(failed).run_in_background(
            self.runner, name="inbox-decision"
        )

    def _show_message(self, text: str, error: bool) -> None:
        show_result(self.message_banner, text, error)
