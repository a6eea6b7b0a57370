"""Today (今日): where a rep starts the day.

Today's route — the planned visits of the day (and any missed in the last days) by
planned time, nearby stops next to each other — then the customers due or overdue for a
visit by their visit grade, nearest to the route first; beside them the week's plan.
A running visit and logs the supervisor returned are shown on top, with what to do next.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from domain import enums as E
from local_db import visits as visits_db
from ui.banner import Banner
from ui.customer_file.fields import fmt_long_date, fmt_time, fmt_weekday
from ui.customer_file.look import WORKSPACE_STYLE, Card
from ui.customer_file.words import visit_due_text
from ui.formatting import fmt_date, fmt_decimal, fmt_int
from ui.labels import label
from ui.style import MUTED, OFFLINE
from ui.tables import Col, RowsModel, list_view
from ui.visits import route
from ui.visits.week import WeekCalendar, local_day_bounds
from ui.widgets import push_button, stacked

_Index = QModelIndex | QPersistentModelIndex
MISSED_DAYS = 7  # planned visits not done in the last days stay on the route, marked missed
CLOCK_MS = 20_000  # how often the running visit's minutes are re-shown


def _columns(
    columns: Sequence[tuple[str, Callable[[dict], str], Qt.AlignmentFlag]],
    color: Callable[[dict, int], str | None],
) -> list[Col]:
    """(title, text, alignment) columns of a short list; ``color(row, column)`` a cell's
    colour; a row's ``tip`` its tooltip."""
    return [
        Col(
            i,
            title,
            text=text,
            align=align,
            colour=lambda r, i=i: color(r, i),
            tooltip=lambda r: r.get("tip"),
        )
        for i, (title, text, align) in enumerate(columns)
    ]


def _table(model: RowsModel, stretch: int) -> QTableView:
    view = list_view(model)
    header = view.horizontalHeader()
    header.setResizeContentsPrecision(40)
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return view


def _km(value: float | None) -> str:
    if value is None:
        return ""
    return f"{fmt_decimal(value, 1)} km"


class TodayPage(QWidget):
    customerActivated = Signal(str)  # open the customer file
    checkInRequested = Signal(str)  # customer id
    checkOutRequested = Signal()
    planRequested = Signal(object)  # customer id or None
    moveRequested = Signal(str)  # visit id
    cancelRequested = Signal(str)  # visit id
    visitActivated = Signal(str)  # open a visit's form (running or returned)

    DUE_LIMIT = 200

    def __init__(self, db, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.rep_id = db.get_state("user_id")
        self.setStyleSheet(WORKSPACE_STYLE)
        self.running = None
        self.clock = lambda: datetime.now().astimezone()  # "now" for the running visit's minutes
        # The running visit's minutes move on without a reload (a sync or a write).
        self.clock_timer = QTimer(self, interval=CLOCK_MS)
        self.clock_timer.timeout.connect(self._show_banners)
        self.clock_timer.start()
        self.returned: list[Any] = []
        self.today = date.today()

        root = QVBoxLayout(self)
        root.setContentsMargins(24, 20, 24, 12)
        root.setSpacing(12)
        head = QHBoxLayout()
        titles = QVBoxLayout()
        titles.setSpacing(2)
        self.title = QLabel(self.tr("Today"), objectName="PageTitle")
        self.subtitle = QLabel(objectName="PageSubtitle")
        titles.addWidget(self.title)
        titles.addWidget(self.subtitle)
        head.addLayout(titles, 1)
        self.plan_button = QPushButton(self.tr("Plan visit"))
        self.plan_button.setToolTip(
            self.tr("Plan a visit to the selected customer, or find one (Ctrl+Shift+V)")
        )
        self.plan_button.clicked.connect(lambda: self.planRequested.emit(self.current_customer()))
        self.checkin_button = push_button(
            self.tr("Check in"),
            self.tr("Check in at the selected customer now (F8)"),
            self._check_in,
            objectName="Primary",
        )
        head.addWidget(self.plan_button, 0, Qt.AlignmentFlag.AlignBottom)
        head.addWidget(self.checkin_button, 0, Qt.AlignmentFlag.AlignBottom)
        root.addLayout(head)

        self.running_banner = Banner("")
        self.running_open = QPushButton(self.tr("Open the log"))
        self.running_open.clicked.connect(
            lambda: self.running and self.visitActivated.emit(self.running["id"])
        )
        self.running_out = push_button(
            self.tr("Check out"),
            self.tr("Check out and submit the log (F9)"),
            self.checkOutRequested,
            objectName="Primary",
        )
        self.running_banner.row.addWidget(self.running_open)
        self.running_banner.row.addWidget(self.running_out)
        root.addWidget(self.running_banner)
        self.returned_banner = Banner("warn")
        self.returned_open = QPushButton(self.tr("Correct and resubmit"))
        self.returned_open.clicked.connect(
            lambda: self.returned and self.visitActivated.emit(self.returned[0]["id"])
        )
        self.returned_banner.row.addWidget(self.returned_open)
        root.addWidget(self.returned_banner)

        split = QSplitter(Qt.Orientation.Horizontal)
        split.setChildrenCollapsible(False)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.setSpacing(12)

        self.route_model = RowsModel(
            _columns(
                [
                    ("#", lambda r: str(r["n"]), Qt.AlignmentFlag.AlignRight),
                    (self.tr("Time"), lambda r: r["time"], Qt.AlignmentFlag.AlignLeft),
                    (self.tr("Customer"), lambda r: r["customer_name"], Qt.AlignmentFlag.AlignLeft),
                    (
                        self.tr("Purpose"),
                        lambda r: label(E.VisitPurpose, r["purpose"]),
                        Qt.AlignmentFlag.AlignLeft,
                    ),
                    (
                        self.tr("Grade"),
                        lambda r: label(E.VisitGrade, r["visit_grade"]),
                        Qt.AlignmentFlag.AlignHCenter,
                    ),
                    (self.tr("Distance"), lambda r: _km(r["leg"]), Qt.AlignmentFlag.AlignRight),
                ],
                color=lambda r, c: OFFLINE if r["missed"] and c == 1 else None,
            )
        )
        self.route = _table(self.route_model, 2)
        route_card = Card(self.tr("Today's route"))
        self.move_button = push_button(
            self.tr("Move…"),
            self.tr("Plan the selected visit for another time"),
            lambda: self._visit_action(self.moveRequested),
        )
        self.cancel_button = push_button(
            self.tr("Cancel…"),
            self.tr("The selected visit will not take place"),
            lambda: self._visit_action(self.cancelRequested),
        )
        route_card.head.addWidget(self.move_button)
        route_card.head.addWidget(self.cancel_button)
        self.route_empty = QLabel(objectName="Muted", alignment=Qt.AlignmentFlag.AlignCenter, wordWrap=True)
        self.route_stack = stacked(self.route, self.route_empty)
        route_card.add(self.route_stack, 1)
        left_layout.addWidget(route_card, 4)

        self.due_model = RowsModel(
            _columns(
                [
                    (self.tr("Customer"), lambda r: r["name"], Qt.AlignmentFlag.AlignLeft),
                    (
                        self.tr("Grade"),
                        lambda r: label(E.VisitGrade, r["visit_grade"]),
                        Qt.AlignmentFlag.AlignHCenter,
                    ),
                    (
                        self.tr("Last visit"),
                        lambda r: fmt_date(r["last_visit_at"]) if r["last_visit_at"] else self.tr("Never"),
                        Qt.AlignmentFlag.AlignLeft,
                    ),
                    (self.tr("Due"), lambda r: r["due_text"], Qt.AlignmentFlag.AlignLeft),
                    (self.tr("Distance"), lambda r: _km(r["leg"]), Qt.AlignmentFlag.AlignRight),
                ],
                color=lambda r, c: (
                    (OFFLINE if r["due_kind"] == "bad" else None)
                    if c == 3
                    else (MUTED if c == 2 and not r["last_visit_at"] else None)
                ),
            )
        )
        self.due = _table(self.due_model, 0)
        self.due_card = Card(self.tr("Due and overdue"))
        plan_due = QPushButton(self.tr("Plan visit"))
        plan_due.setToolTip(self.tr("Plan a visit to the selected customer (Ctrl+Shift+V)"))
        plan_due.clicked.connect(
            lambda: self.planRequested.emit(self._selected(self.due, self.due_model, "id"))
        )
        self.due_card.head.addWidget(plan_due)
        self.due_empty = QLabel(objectName="Muted", alignment=Qt.AlignmentFlag.AlignCenter, wordWrap=True)
        self.due_stack = stacked(self.due, self.due_empty)
        self.due_card.add(self.due_stack, 1)
        left_layout.addWidget(self.due_card, 5)
        split.addWidget(left)

        week_card = Card()
        self.week = WeekCalendar(db, self.rep_id, load=False)
        week_card.add(self.week, 1)
        split.addWidget(week_card)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setSizes([620, 420])
        root.addWidget(split, 1)

        for view, model, key in (
            (self.route, self.route_model, "customer_id"),
            (self.due, self.due_model, "id"),
        ):
            view.doubleClicked.connect(
                lambda i, m=model, k=key: self.customerActivated.emit(m.rows[i.row()][k])
            )
            for enter in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                QShortcut(
                    QKeySequence(enter),
                    view,
                    lambda v=view, m=model, k=key: self._open(v, m, k),
                    context=Qt.ShortcutContext.WidgetShortcut,
                )
            view.selectionModel().currentChanged.connect(lambda *_a, v=view: self._focus_moved(v))
        self.week.visitActivated.connect(lambda _vid, cid: self.customerActivated.emit(cid))
        self._last_focus: QTableView | None = None
        self.loaded = False  # the main window's first refresh loads it (start-up reads each list once)

    def showEvent(self, event) -> None:
        if not self.loaded:
            self.reload()
        super().showEvent(event)

    # -- data --------------------------------------------------------------------------------

    def reload(self) -> None:
        self.loaded = True
        self.rep_id = self.db.get_state("user_id")  # known only after the login (see ComplaintsArea.reload)
        self.today = date.today()
        start, end = local_day_bounds(self.today, 1)
        earlier = start - timedelta(days=MISSED_DAYS)
        week_start, week_end = local_day_bounds(self.week.model.first, 7)
        # One read for the route (with the missed days before) and the week shown beside it.
        view = visits_db.today_view(
            self.db, self.rep_id, min(earlier, week_start), max(end, week_end), self.today, self.DUE_LIMIT
        )
        spanned, opened, due, backlog = view.planned, view.opened, view.due, view.backlog
        due_count, overdue_count = view.due_count, view.overdue_count
        planned = [v for v in spanned if earlier <= v["planned_at"] < end]
        self.running = next((v for v in opened if v["status"] == E.VisitStatus.IN_PROGRESS.value), None)
        self.returned = [v for v in opened if v["status"] == E.VisitStatus.RETURNED.value]

        # The route: the day's plan by time, missed ones first; nearby stops next to each other.
        stops = route.route_order(list(planned), lambda v: v["planned_at"], route.point)
        legs = route.legs(stops, route.point)
        rows = []
        for n, (v, leg) in enumerate(zip(stops, legs, strict=True), start=1):
            missed = v["planned_at"] < start
            when = (
                fmt_time(v["planned_at"])
                if not missed
                else self.tr("Missed %1").replace("%1", fmt_weekday(v["planned_at"].astimezone().date()))
            )
            rows.append(
                {
                    **v,
                    "n": n,
                    "time": when,
                    "leg": leg,
                    "missed": missed,
                    "tip": "\n".join(p for p in (v["customer_address"], v["notes"]) if p),
                }
            )
        self.route_model.set_rows(rows)
        self.route_stack.setCurrentIndex(0 if rows else 1)
        self.route_empty.setText(
            self.tr(
                "Nothing planned for today.\nPlan visits from the customers due below, "
                "or from any customer file (Ctrl+Shift+V)."
            )
        )
        end_of_route = next((route.point(v) for v in reversed(stops) if route.point(v)), None)

        # Due customers: by grade, most overdue first; within that, nearest to where the route ends.
        due_rows = []
        for r in due:
            text, kind = visit_due_text(r["due_on"], r["last_visit_at"], None, self.today)
            due_rows.append(
                {
                    **r,
                    "due_text": text or self.tr("Due now"),
                    "due_kind": kind,
                    "leg": route.distance_km(end_of_route, route.point(r)),
                    "tip": r["address"],
                }
            )
        self.due_model.set_rows(due_rows)
        self.route.setColumnHidden(5, not any(r["leg"] is not None for r in rows))
        self.due.setColumnHidden(4, not any(r["leg"] is not None for r in due_rows))
        self.due_stack.setCurrentIndex(0 if due_rows else 1)
        if backlog:
            self.due_empty.setText(self.tr("Working out which customers are due…"))
        else:
            self.due_empty.setText(self.tr("No customer is due for a visit. Well done!"))
        title = self.tr("Due and overdue")
        if due_count:
            title += " · " + self.tr("%1 due, %2 overdue").replace("%1", fmt_int(due_count)).replace(
                "%2", fmt_int(overdue_count)
            )
            if due_count > len(due_rows):
                title += " · " + self.tr("showing the first %1").replace("%1", fmt_int(len(due_rows)))
        self.due_card.title.setText(title)

        todays = sum(1 for r in rows if not r["missed"])
        self.subtitle.setText(
            " · ".join(
                [
                    fmt_long_date(self.today),
                    self.tr("%1 planned today").replace("%1", fmt_int(todays)),
                    self.tr("%1 due for a visit").replace("%1", fmt_int(due_count)),
                ]
            )
        )
        self._show_banners()
        self.week.model.set_rows([v for v in spanned if week_start <= v["planned_at"] < week_end])
        self.week.refresh_title()
        self._update_buttons()

    def _show_banners(self) -> None:
        v = self.running
        if v is not None and v["check_in_at"] is None:  # in progress without a check-in time (allowed)
            self.running_banner.text.setText(
                self.tr(
                    "<b>Visit in progress at %1.</b> Fill in the log and check out when you leave."
                ).replace("%1", _esc(v["customer_name"]))
            )
        elif v is not None:
            minutes = max(0, int((self.clock() - v["check_in_at"]).total_seconds() // 60))
            self.running_banner.text.setText(
                self.tr(
                    "<b>Checked in at %1</b> since %2 (%3 min). Fill in the log and check out when you leave."
                )
                .replace("%1", _esc(v["customer_name"]))
                .replace("%2", fmt_time(v["check_in_at"]))
                .replace("%3", str(minutes))
            )
        self.running_banner.setVisible(v is not None)
        if self.returned:
            first = self.returned[0]
            more = len(self.returned) - 1
            text = (
                self.tr("<b>Your supervisor returned the log of %1</b> (%2): %3")
                .replace("%1", _esc(first["customer_name"]))
                .replace("%2", fmt_date(first["check_in_at"] or first["planned_at"]))
                .replace("%3", _esc(first["review_comment"] or ""))
            )
            if more:  # its own sentence: the comment before it may not end with a full stop
                text += " · " + self.tr("%n more returned log(s)", None, more)
            self.returned_banner.text.setText(text)
        self.returned_banner.setVisible(bool(self.returned))

    # -- selection and actions ---------------------------------------------------------------

    def _focus_moved(self, view: QTableView) -> None:
        self._last_focus = view
        self._update_buttons()

    def _update_buttons(self) -> None:
        visit = self._selected(self.route, self.route_model, "id")
        self.move_button.setEnabled(visit is not None)
        self.cancel_button.setEnabled(visit is not None)

    @staticmethod
    def _selected(view: QTableView, model: RowsModel, key: str):
        index = view.currentIndex()
        if not index.isValid() or index.row() >= len(model.rows):
            return None
        return model.rows[index.row()][key]

    def current_customer(self) -> str | None:
        """The customer selected in the route, the due list or the week (the last one used)."""
        views = [(self.route, self.route_model, "customer_id"), (self.due, self.due_model, "id")]
        if self._last_focus is self.due:
            views.reverse()
        for view, model, key in views:
            found = self._selected(view, model, key)
            if found:
                return found
        visit = self.week.current_visit()
        return visit["customer_id"] if visit else None

    def current_planned_visit(self) -> str | None:
        if self._last_focus is self.due:
            return None
        return self._selected(self.route, self.route_model, "id")

    def _open(self, view: QTableView, model: RowsModel, key: str) -> None:
        found = self._selected(view, model, key)
        if found:
            self.customerActivated.emit(found)

    def _check_in(self) -> None:
        customer = self.current_customer()
        if customer:
            self.checkInRequested.emit(customer)

    def _visit_action(self, signal) -> None:
        visit = self._selected(self.route, self.route_model, "id")
        if visit:
            signal.emit(visit)

    def select_first(self) -> None:
        """Put the selection on the first stop of the route (or the first due customer)."""
        for view, model in ((self.route, self.route_model), (self.due, self.due_model)):
            if model.rows:
                view.setFocus()
                view.selectRow(0)
                self._last_focus = view
                return


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
