"""The layouts every screen and dialog builds: a column of parts, a row of them, a title over its subtitle."""

from __future__ import annotations

from PySide6.QtWidgets import QBoxLayout, QHBoxLayout, QLabel, QLayout, QVBoxLayout, QWidget

# A widget or layout; an int is fixed space; (part, n) gives the part stretch n.
Part = QWidget | QLayout | int | tuple[QWidget | QLayout, int]


def _add(layout: QBoxLayout, parts) -> None:
    for part in parts:
        if part is None:
            layout.addStretch(1)
            continue
        if isinstance(part, int):
            layout.addSpacing(part)
            continue
        item, stretch = part if isinstance(part, tuple) else (part, 0)
        if isinstance(item, QLayout):
            layout.addLayout(item, stretch)
        else:
            layout.addWidget(item, stretch)


def column(
    parent: QWidget | None, *parts: Part, margins: tuple[int, int, int, int], spacing: int
) -> QVBoxLayout:
    """A vertical layout (set on ``parent`` when given) holding ``parts`` top to bottom."""
    layout = QVBoxLayout(parent) if parent is not None else QVBoxLayout()
    layout.setContentsMargins(*margins)
    layout.setSpacing(spacing)
    _add(layout, parts)
    return layout


def row(*parts: Part | None) -> QHBoxLayout:
    """A horizontal layout holding ``parts`` left to right; ``None`` stretches to take the width left."""
    layout = QHBoxLayout()
    _add(layout, parts)
    return layout


def heading(title: QLabel, subtitle: QLabel) -> QVBoxLayout:
    """A page's title with its subtitle close under it."""
    return column(None, title, subtitle, margins=(0, 0, 0, 0), spacing=2)
