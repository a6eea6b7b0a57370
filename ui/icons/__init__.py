"""The application icon (drawn by ``ui.icons.make_icon``, committed as PNG and ICO)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QIcon

ICONS_DIR = Path(__file__).resolve().parent


def app_icon() -> QIcon:
    icon = QIcon()
    for name in ("fieldsales-64.png", "fieldsales.png"):
        icon.addFile(str(ICONS_DIR / name))
    return icon
