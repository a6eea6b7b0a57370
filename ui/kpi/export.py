"""A tiny CSV and Excel writer for the KPI dashboard.

(No shared exporter existed when this was written; when ``ui/export.py`` or
``desktop/export.py`` lands, this module should give way to it.)

A :class:`Sheet` is a title, headers, rows of plain values and one *kind* per column,
which decides how a value is written: ``money`` and ``decimal`` as numbers with two
places, ``rate`` as a percentage, ``int`` as a whole number, ``date`` as a date, anything
else as text. A missing value (a rate with nothing to divide by) is written as "—", as
on screen, never as 0.

CSV files are UTF-8 with a byte-order mark so Excel opens Chinese text correctly.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

DASH = "—"
KINDS = ("text", "int", "decimal", "money", "rate", "date")


@dataclass
class Sheet:
    title: str
    headers: list[str]
    kinds: list[str]
    rows: list[list[object]] = field(default_factory=list)

    def __post_init__(self) -> None:
        if len(self.headers) != len(self.kinds) or any(k not in KINDS for k in self.kinds):
            raise ValueError("one known kind per column is needed")


def _q(value: object, places: int) -> Decimal:
    return Decimal(str(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def csv_text(value: object, kind: str) -> str:
    if value is None:
        return DASH
    if kind in ("money", "decimal"):
        return f"{_q(value, 2):f}"
    if kind == "rate":
        return f"{_q(Decimal(str(value)) * 100, 2):f}%"
    if kind == "date" and isinstance(value, date):
        return value.isoformat()
    return str(value)


def write_csv(path: Path | str, sheet: Sheet) -> Path:
    path = Path(path)
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(sheet.headers)
        for row in sheet.rows:
            out.writerow([csv_text(v, k) for v, k in zip(row, sheet.kinds, strict=True)])
    return path


_FORMATS = {"int": "#,##0", "decimal": "#,##0.00", "money": "#,##0.00", "rate": "0.00%", "date": "yyyy-mm-dd"}


def write_xlsx(path: Path | str, sheets: Sequence[Sheet]) -> Path:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    path = Path(path)
    book = Workbook()
    book.remove(book.active)
    bold = Font(bold=True)
    head_fill = PatternFill("solid", fgColor="F1F5F9")
    for sheet in sheets:
        ws = book.create_sheet(title=sheet.title[:31] or "Sheet")
        ws.append(sheet.headers)
        for cell in ws[1]:
            cell.font = bold
            cell.fill = head_fill
            cell.alignment = Alignment(wrap_text=True, vertical="center")
        for row in sheet.rows:
            values = []
            for value, kind in zip(row, sheet.kinds, strict=True):
                if value is None:
                    values.append(DASH)
                elif kind in ("money", "decimal", "rate"):
                    values.append(float(_q(value, 6 if kind == "rate" else 2)))
                else:
                    values.append(value)
            ws.append(values)
            for cell, value, kind in zip(ws[ws.max_row], row, sheet.kinds, strict=True):
                if value is None:
                    cell.alignment = Alignment(horizontal="center")
                elif kind in _FORMATS:
                    cell.number_format = _FORMATS[kind]
        for i, header in enumerate(sheet.headers, start=1):
            longest = max([len(str(header))] + [len(csv_text(r[i - 1], sheet.kinds[i - 1])) for r in sheet.rows])
            ws.column_dimensions[get_column_letter(i)].width = min(40, max(10, longest * 1.3 + 2))
        ws.freeze_panes = "B2"
    book.save(path)
    return path
