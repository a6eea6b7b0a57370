"""The application's look: a few targeted style sheet rules on top of the platform style.

Rules address widgets by object name, so the native look of inputs, menus and dialogs is
kept and only the product's own surfaces (navigation, page headers, empty states, status
chips) are styled.
"""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QProxyStyle, QStyle, QStyleOptionHeader

ACCENT = "#2563eb"
NAV_BG = "#1e293b"
MUTED = "#64748b"
ONLINE = "#16a34a"
OFFLINE = "#dc2626"
WARNING = "#d97706"

# ui.banner.Banner, by level: background, border, text.
BANNER_COLOURS = {
    "info": ("#eff6ff", "#bfdbfe", "#1e40af"),
    "ok": ("#f0fdf4", "#bbf7d0", "#166534"),
    "warn": ("#fffbeb", "#fde68a", "#92400e"),
    "error": ("#fef2f2", "#fecaca", "#991b1b"),
}
BANNER_RULES = "\n".join(
    f'QFrame#MessageBanner[level="{level}"] {{ background: {bg}; border: 1px solid {border}; border-radius: '
    f"6px; }}\n"
    f'QFrame#MessageBanner[level="{level}"] QLabel#BannerText {{ color: {fg}; }}'
    for level, (bg, border, fg) in BANNER_COLOURS.items()
) + (
    # The strip above the pages spans the window: square, with a line below it only, and a
    # stronger shade, as it speaks for the whole app (an update to get).
    '\nQFrame#MessageBanner[strip="true"] { border-radius: 0; border-top: none; border-left: none;'
    " border-right: none; }"
    '\nQFrame#MessageBanner[strip="true"][level="info"] { background: #dbeafe; border-bottom-color: #93c5fd; '
    "}"
    '\nQFrame#MessageBanner[strip="true"][level="error"] { background: #fee2e2; border-bottom-color: '
    "#fca5a5; }"
)

STYLE_SHEET = f"""
QWidget#NavPanel {{ background: {NAV_BG}; }}
QLabel#NavTitle {{ color: white; font-size: 17px; font-weight: 600; padding: 18px 18px 2px 18px; }}
QLabel#NavSubtitle {{ color: #94a3b8; font-size: 12px; padding: 0 18px 14px 18px; }}
QListWidget#Navigation {{ background: transparent; border: none; color: #cbd5e1; font-size: 14px;
    outline: 0; }}
QListWidget#Navigation::item {{ padding: 9px 18px; margin: 1px 8px; border-radius: 6px; }}
QListWidget#Navigation::item:hover {{ background: #334155; color: white; }}
QListWidget#Navigation::item:selected {{ background: {ACCENT}; color: white; }}
QLabel#NavUser {{ color: white; font-size: 13px; font-weight: 600; padding: 0 18px; }}
QLabel#NavRole {{ color: #94a3b8; font-size: 12px; padding: 0 18px 16px 18px; }}

QLabel#PageTitle {{ font-size: 22px; font-weight: 600; }}
QLabel#PageSubtitle {{ color: {MUTED}; font-size: 13px; }}
QLineEdit#SearchBox {{ padding: 6px 10px; font-size: 14px; border: 1px solid #cbd5e1; border-radius: 6px; }}
QLineEdit#SearchBox:focus {{ border: 1px solid {ACCENT}; }}

{BANNER_RULES}

QLabel#EmptyTitle {{ font-size: 17px; font-weight: 600; color: #334155; }}
QLabel#EmptyDetail {{ font-size: 13px; color: {MUTED}; }}

QTableView#DataTable {{ border: 1px solid #e2e8f0; border-radius: 4px; gridline-color: #eef2f6;
    selection-background-color: #dbeafe; selection-color: #0f172a; alternate-background-color: #f8fafc; }}
QTableView#DataTable QHeaderView::section {{ background: #f1f5f9; color: #334155; border: none;
    border-bottom: 1px solid #e2e8f0; padding: 6px 8px; font-weight: 600; }}

QLabel#LoginTitle {{ font-size: 20px; font-weight: 600; }}
QLabel#LoginHint {{ color: {MUTED}; }}
QLabel#LoginError {{ color: {OFFLINE}; }}

QStatusBar QLabel {{ padding: 0 6px; }}
QLabel#StatusError {{ color: {OFFLINE}; }}
"""


class AppStyle(QProxyStyle):
    """The platform style, with sort arrows that point the way the list runs.

    Qt hands the style "sort down" for an ascending column (an old Windows convention), so
    Fusion draws ▲ over a list sorted newest first. People read ▲ as "A to Z, oldest
    first"; here ▲ means ascending and ▼ descending, as in spreadsheets and file managers.
    """

    def drawPrimitive(self, element, option, painter, widget=None) -> None:  # noqa: N802 - Qt's name
        if element == QStyle.PrimitiveElement.PE_IndicatorHeaderArrow and isinstance(
            option, QStyleOptionHeader
        ):
            flipped = QStyleOptionHeader(option)
            up, down = QStyleOptionHeader.SortIndicator.SortUp, QStyleOptionHeader.SortIndicator.SortDown
            flipped.sortIndicator = {up: down, down: up}.get(option.sortIndicator, option.sortIndicator)
            option = flipped
        super().drawPrimitive(element, option, painter, widget)


def apply_style(app: QApplication) -> None:
    """The application's style and style sheet (the app and the tests use this)."""
    if not isinstance(app.style(), AppStyle):
        app.setStyle(AppStyle())
    app.setStyleSheet(STYLE_SHEET)
