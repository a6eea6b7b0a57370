"""Small building blocks shared by the pages."""

from __future__ import annotations

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import (
    QDateEdit,
    QFrame,
    QGridLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ui.table_model import LazyTableModel
from ui.tables import list_view


class EmptyState(QWidget):
    """What a list shows instead of an empty grid: what is going on and what to do."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.title = QLabel(objectName="EmptyTitle", alignment=Qt.AlignmentFlag.AlignCenter)
        self.detail = QLabel(objectName="EmptyDetail", alignment=Qt.AlignmentFlag.AlignCenter)
        self.title.setWordWrap(True)
        self.detail.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addStretch(2)
        layout.addWidget(self.title)
        layout.addSpacing(6)
        layout.addWidget(self.detail)
        layout.addStretch(3)

    def set_text(self, title: str, detail: str = "") -> None:
        self.title.setText(title)
        self.detail.setText(detail)
        self.detail.setVisible(bool(detail))


def forwarded(part: str, name: str) -> property:
    """A read-only attribute that is ``self.<part>.<name>``: a page that is a frame around
    one of its parts offers the part's widgets (table, model, …) as its own."""
    return property(lambda self: getattr(getattr(self, part), name), doc=f"``self.{part}.{name}``")


def detail_panel(actions) -> QFrame:
    """The panel beside a decision list showing the selected item; ``actions`` (approve,
    return, …) work there by their keys too, as in the list."""
    panel = QFrame(objectName="DetailPanel")
    panel.setFrameShape(QFrame.Shape.StyledPanel)
    panel.setMinimumWidth(300)
    panel.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    panel.addActions(list(actions))
    return panel


def push_button(text: str, tip: str, clicked, *, objectName: str = "") -> QPushButton:  # noqa: N803
    """A button with its tooltip (what it does, and its shortcut) and what a click does."""
    button = QPushButton(text, objectName=objectName)
    button.setToolTip(tip)
    button.clicked.connect(clicked)
    return button


def stacked(*pages: QWidget) -> QStackedWidget:
    """The pages on top of each other, the first one shown: e.g. a list and the
    :class:`EmptyState` shown in its place while it has no rows."""
    stack = QStackedWidget()
    for page in pages:
        stack.addWidget(page)
    return stack


def data_table(model: LazyTableModel, parent: QWidget | None = None) -> QTableView:
    """A read-only, row-selecting, SQL-sorted table view with the model's column widths."""
    view = list_view(model, parent=parent)
    header = view.horizontalHeader()
    cells = view.fontMetrics()
    bold = QFont(view.font())
    bold.setWeight(QFont.Weight.DemiBold)  # the header's weight in the style sheet
    heads = QFontMetrics(bold)
    for i, col in enumerate(model.columns):
        if col.width:
            header.setSectionResizeMode(i, QHeaderView.ResizeMode.Interactive)
            title = model.headerData(i, Qt.Orientation.Horizontal)
            width = max(
                col.width * cells.averageCharWidth(),
                heads.horizontalAdvance(title) + 30,  # padding and the sort arrow
                max((cells.horizontalAdvance(t) for t in col.samples()), default=0) if col.samples else 0,
            )
            view.setColumnWidth(i, width + 20)
        else:
            header.setSectionResizeMode(i, QHeaderView.ResizeMode.Stretch)
    sort_col = model.sort_column()
    if sort_col >= 0:
        order = Qt.SortOrder.DescendingOrder if model.current_sort.descending else Qt.SortOrder.AscendingOrder
        header.setSortIndicator(sort_col, order)
    view.setSortingEnabled(True)
    return view


def label_grid(parent: QWidget, h_spacing: int, v_spacing: int) -> QGridLayout:
    """``parent``'s grid of rows: a label in column 0, its value (which takes the width left) in column 1."""
    grid = QGridLayout(parent)
    grid.setContentsMargins(0, 0, 0, 0)
    grid.setHorizontalSpacing(h_spacing)
    grid.setVerticalSpacing(v_spacing)
    grid.setColumnStretch(1, 1)
    return grid


def scrolling_grid(h_spacing: int, v_spacing: int) -> tuple[QScrollArea, QWidget, QGridLayout]:
    """A frameless scroll area around a grid (the field-by-field rows of the sync dialogs)."""
    host = QWidget()
    grid = QGridLayout(host)
    grid.setHorizontalSpacing(h_spacing)
    grid.setVerticalSpacing(v_spacing)
    scroll = QScrollArea()
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QScrollArea.Shape.NoFrame)
    scroll.setWidget(host)
    return scroll, host, grid


def error_label(color: str) -> QLabel:
    """A hidden, wrapping label for a dialog's error message."""
    label = QLabel(objectName="DialogError", wordWrap=True)
    label.setStyleSheet(f"color: {color}")
    label.setVisible(False)
    return label


def text_pane(object_name: str = "") -> tuple[QLabel, QScrollArea]:
    """The selected item's details as selectable rich text, scrolling down (never sideways):
    the label to fill and the scroll area to lay out."""
    text = QLabel(objectName=object_name, wordWrap=True)
    text.setTextFormat(Qt.TextFormat.RichText)
    text.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
    text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    scroll = QScrollArea()
    scroll.setWidgetResizable(True)
    scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    scroll.setFrameShape(QScrollArea.Shape.NoFrame)
    scroll.setWidget(text)
    return text, scroll


def open_date_edit(prefix: str) -> QDateEdit:
    """A date filter that can be left open: at its minimum date it shows ``prefix`` ("From",
    "To") and means no limit."""
    edit = QDateEdit()
    edit.setCalendarPopup(True)
    edit.setMinimumDate(QDate(2000, 1, 1))
    edit.setSpecialValueText(prefix)
    edit.setDate(edit.minimumDate())
    edit.setDisplayFormat("yyyy-MM-dd")
    return edit
