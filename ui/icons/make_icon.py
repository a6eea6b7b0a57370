"""Draw the application icon (a white map pin on the product's blue) into ui/icons/.

Run once after changing the design and commit the files: ``python -m ui.icons.make_icon``.
Geometry only (no fonts), so the result is the same on every machine.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QGuiApplication, QImage, QPainter, QPainterPath

HERE = Path(__file__).resolve().parent
ACCENT = "#2563eb"


def draw(size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    p = QPainter(image)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    s = size / 256
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QBrush(QColor(ACCENT)))
    p.drawRoundedRect(QRectF(8 * s, 8 * s, 240 * s, 240 * s), 52 * s, 52 * s)
    pin = QPainterPath()
    cx, cy, r = 128 * s, 104 * s, 58 * s
    pin.moveTo(cx, 214 * s)
    pin.cubicTo(cx - 30 * s, 170 * s, cx - r, 140 * s, cx - r, cy)
    pin.arcTo(QRectF(cx - r, cy - r, 2 * r, 2 * r), 180, -180)
    pin.cubicTo(cx + r, 140 * s, cx + 30 * s, 170 * s, cx, 214 * s)
    p.setBrush(QBrush(QColor("white")))
    p.drawPath(pin)
    p.setBrush(QBrush(QColor(ACCENT)))
    p.drawEllipse(QPointF(cx, cy), 24 * s, 24 * s)
    p.end()
    return image


def main() -> int:
    _app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    draw(256).save(str(HERE / "fieldsales.png"))
    draw(64).save(str(HERE / "fieldsales-64.png"))
    draw(256).save(str(HERE / "fieldsales.ico"))  # Windows (Qt's ico writer)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
