"""A week of planned visits: one column per day, the visits of each day in time order."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QDate,
    QLocale,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from domain.enums import VisitPurpose
from local_db import queries
from ui.customer_file.fields import fmt_time, fmt_weekday
from ui.formatting import translate
from ui.labels import label
from ui.style import ACCENT, MUTED
from ui.tables import list_view

_Index = QModelIndex | QPersistentModelIndex


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def local_day_bounds(first: date, days: int) -> tuple[datetime, datetime]:
    start = datetime.combine(first, time()).astimezone().astimezone(timezone.utc)
    end = datetime.combine(first + timedelta(days=days), time()).astimezone().astimezone(timezone.utc)
    return start, end


class WeekModel(QAbstractTableModel):
    """The week as an agenda: for each day Monday…Sunday its planned visits in time order
    (columns day, time, customer), or one line saying the day is free."""

    COLUMNS = (
        QT_TRANSLATE_NOOP("WeekModel", "Day"),
        QT_TRANSLATE_NOOP("WeekModel", "Time"),
        QT_TRANSLATE_NOOP("WeekModel", "Customer"),
    )

    def __init__(self, db, rep_id: str | None = None, parent=None):
        super().__init__(parent)
        self.db, self.rep_id = db, rep_id
        self.first = week_start(date.today())
        self.days: list[list[Any]] = [[] for _ in range(7)]
        self.lines: list[tuple[date, Any, bool]] = []  # (day, visit or None, first line of the day)
        self.texts: list[tuple[str, str, str]] = []
        self.today = date.today()

    def set_week(self, first: date) -> None:
        self.first = week_start(first)
        self.reload()

    def reload(self) -> None:
        start, end = local_day_bounds(self.first, 7)
        with self.db.session() as s:
            rows = queries.planned_visits(s, start, end, self.rep_id)
        self.set_rows(rows)

    def set_rows(self, rows) -> None:
        """Show these planned visits (of this week, by time) without reading them again."""
        self.beginResetModel()
        self.days = [[] for _ in range(7)]
        for r in rows:
            offset = (r["planned_at"].astimezone().date() - self.first).days
            if 0 <= offset < 7:
                self.days[offset].append(r)
        self.lines = []
        for i, visits in enumerate(self.days):
            day = self.day(i)
            if not visits:
                self.lines.append((day, None, True))
            for n, v in enumerate(visits):
                self.lines.append((day, v, n == 0))
        # Texts are made once here, not on every paint (a busy week has hundreds of lines).
        self.today = date.today()
        free = translate("WeekModel", "free")
        self.texts = [
            (
                fmt_weekday(day) if first else "",
                fmt_time(v["planned_at"]) if v else "",
                v["customer_name"] if v else free,
            )
            for day, v, first in self.lines
        ]
        self.endResetModel()

    @property
    def total(self) -> int:
        return sum(len(d) for d in self.days)

    def day(self, offset: int) -> date:
        return self.first + timedelta(days=offset)

    def visit(self, index: _Index):
        if not index.isValid() or index.row() >= len(self.lines):
            return None
        return self.lines[index.row()][1]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.lines)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        day, v, _first = self.lines[index.row()]
        col = index.column()
        today = day == self.today
        if role == Qt.ItemDataRole.DisplayRole:
            return self.texts[index.row()][col]
        if role == Qt.ItemDataRole.ToolTipRole and v is not None:
            lines = [f"{fmt_time(v['planned_at'])} · {label(VisitPurpose, v['purpose'])}", v["customer_name"]]
            if v["customer_address"]:
                lines.append(v["customer_address"])
            return "\n".join(lines)
        if role == Qt.ItemDataRole.FontRole and col == 0 and today:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole:
            if col == 0 and today:
                return QBrush(QColor(ACCENT))
            if v is None or col == 0:
                return QBrush(QColor(MUTED))
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return translate("WeekModel", self.COLUMNS[section])
        return None


class WeekCalendar(QWidget):
    """The week's planned visits with week navigation; double-click opens the visit's customer."""

    visitActivated = Signal(str, str)  # visit id, customer id
    currentVisitChanged = Signal(object)  # the visit row or None

    def __init__(self, db, rep_id: str | None = None, parent: QWidget | None = None, *, load: bool = True):
        super().__init__(parent)
        self.model = WeekModel(db, rep_id, self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        bar = QHBoxLayout()
        self.title = QLabel(objectName="CardTitle")
        bar.addWidget(self.title, 1)
        self.prev = QPushButton("‹")
        self.prev.setToolTip(self.tr("Previous week"))
        self.today = QPushButton(self.tr("This week"))
        self.next = QPushButton("›")
        self.next.setToolTip(self.tr("Next week"))
        for b in (self.prev, self.next):
            b.setFixedWidth(32)
        for b in (self.prev, self.today, self.next):
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            bar.addWidget(b)
        self.prev.clicked.connect(lambda: self.shift(-7))
        self.next.clicked.connect(lambda: self.shift(7))
        self.today.clicked.connect(lambda: self.show_week(date.today()))
        layout.addLayout(bar)

        self.table = list_view(self.model, row_padding=10, alternating=False)
        self.table.setObjectName("WeekTable")
        header = self.table.horizontalHeader()
        header.setResizeContentsPrecision(40)  # size the columns on the first lines, not all of them
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(self._activated)
        self.table.selectionModel().currentChanged.connect(
            lambda cur, _prev: self.currentVisitChanged.emit(self.model.visit(cur))
        )
        layout.addWidget(self.table, 1)
        self.empty = QLabel(objectName="Muted", wordWrap=True)
        layout.addWidget(self.empty)
        if load:
            self.show_week(date.today())

    def shift(self, days: int) -> None:
        self.show_week(self.model.first + timedelta(days=days))

    def show_week(self, day: date) -> None:
        self.model.set_week(day)
        self._update_title()

    def reload(self) -> None:
        self.model.reload()
        self._update_title()

    def refresh_title(self) -> None:
        self._update_title()

    def current_visit(self):
        return self.model.visit(self.table.currentIndex())

    def _update_title(self) -> None:
        first = self.model.first
        last = first + timedelta(days=6)
        loc = QLocale()
        span = (
            f"{loc.toString(QDate(first.year, first.month, first.day), QLocale.FormatType.ShortFormat)} – "
            f"{loc.toString(QDate(last.year, last.month, last.day), QLocale.FormatType.ShortFormat)}"
        )
        self.title.setText(self.tr("Week of %1").replace("%1", span))
        total = self.model.total
        self.empty.setText(
            self.tr("No visits planned this week. Plan one from any customer (Ctrl+Shift+V).")
            if total == 0
            else ""
        )
        self.empty.setVisible(total == 0)

    def _activated(self, index: QModelIndex) -> None:
        v = self.model.visit(index)
        if v is not None:
            self.visitActivated.emit(v["id"], v["customer_id"])
