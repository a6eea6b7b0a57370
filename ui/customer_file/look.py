"""The look of the rep workspace's own surfaces (cards, chips), on top of ui.style (banners: ui.banner).

Applied as a style sheet on each workspace page and dialog, so it cascades to their
children only; inputs keep the platform's native look.
"""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from ui.style import ACCENT, MUTED, OFFLINE, ONLINE, WARNING

WORKSPACE_STYLE = f"""
QLabel#SectionTitle {{ font-size: 13px; font-weight: 600; color: #334155; padding-top: 4px; }}
QFrame#Card {{ background: white; border: 1px solid #e2e8f0; border-radius: 8px; }}
QLabel#CardTitle {{ font-size: 13px; font-weight: 600; color: #334155; }}
QLabel#FactLabel {{ color: {MUTED}; }}
QLabel#FactValue {{ color: #0f172a; }}
QLabel#Muted {{ color: {MUTED}; }}
QLabel#FileName {{ font-size: 22px; font-weight: 600; }}
QLabel#FileSub {{ color: {MUTED}; font-size: 13px; }}
QLabel#Chip {{ border-radius: 9px; padding: 2px 9px; background: #f1f5f9; color: #334155;
    font-size: 12px; }}
QLabel#ChipAccent {{ border-radius: 9px; padding: 2px 9px; background: #dbeafe; color: #1d4ed8;
    font-size: 12px; }}
QLabel#ChipWarn {{ border-radius: 9px; padding: 2px 9px; background: #fef3c7; color: #92400e;
    font-size: 12px; }}
QLabel#ChipBad {{ border-radius: 9px; padding: 2px 9px; background: #fee2e2; color: #991b1b;
    font-size: 12px; }}
QLabel#ChipGood {{ border-radius: 9px; padding: 2px 9px; background: #dcfce7; color: #166534;
    font-size: 12px; }}
QLabel#DraftState {{ color: {MUTED}; }}
QPushButton#Primary {{ background: {ACCENT}; color: white; border: none; border-radius: 5px;
    padding: 6px 14px; font-weight: 600; }}
QPushButton#Primary:disabled {{ background: #93c5fd; }}
QPushButton#Primary:hover {{ background: #1d4ed8; }}
"""

SYNC_COLORS = {"synced": ONLINE, "pending": WARNING, "issue": OFFLINE}


def chip(text: str, kind: str = "") -> QLabel:
    """A small rounded label (tier, stage, status…); kind: "", "accent", "warn", "bad", "good"."""
    name = {"": "Chip", "accent": "ChipAccent", "warn": "ChipWarn", "bad": "ChipBad", "good": "ChipGood"}[
        kind
    ]
    label = QLabel(text, objectName=name)
    label.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
    return label


class Card(QFrame):
    """A white rounded block with a title, holding one part of a page."""

    def __init__(self, title: str = "", parent: QWidget | None = None):
        super().__init__(parent, objectName="Card")
        self.outer = QVBoxLayout(self)
        self.outer.setContentsMargins(16, 12, 16, 14)
        self.outer.setSpacing(8)
        self.head = QHBoxLayout()
        self.title = QLabel(title, objectName="CardTitle")
        self.head.addWidget(self.title)
        self.head.addStretch(1)
        self.outer.addLayout(self.head)
        self.title.setVisible(bool(title))

    def add(self, widget: QWidget, stretch: int = 0) -> QWidget:
        self.outer.addWidget(widget, stretch)
        return widget
