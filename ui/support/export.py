"""Export any list to Excel (.xlsx) or CSV: rows + headers → file, in the background.

Generic on purpose — a list, a report or a dashboard hands over one or more
:class:`Sheet` (title, headers, one *kind* per column, rows of plain values) and calls
:func:`export_in_background` with the app's ``ui.support.tasks.TaskRunner``; the file is
written on a worker thread and the result (the path) or the error comes back on the UI
thread. :func:`write` picks the format from the file name.

Kinds decide how a value is written: ``int``; ``decimal``, ``money`` and ``hours`` (two
places); ``rate`` (a share 0–1, shown as a percentage); ``date``; ``datetime`` (an aware
instant, written in the laptop's local time); ``text`` (anything else, as ``str``). A
missing value (``None`` — e.g. a rate with nothing to divide by) is written as "—", as on
screen, never as 0. ``kinds`` may be left out: every column is then ``text`` except that
ints, Decimals, dates and datetimes keep their type.

CSV files are UTF-8 with a byte-order mark so Excel opens Chinese text correctly; several
sheets go one after another, each under its title. Text that a spreadsheet would run as
a formula (starting with ``=``, ``+``, ``-``, ``@``) is written as text in both formats.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

DASH = "—"
KINDS = ("text", "int", "decimal", "money", "hours", "rate", "date", "datetime")
FORMATS = ("xlsx", "csv")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_XLSX_FORMATS = {
    "int": "#,##0",
    "decimal": "#,##0.00",
    "money": "#,##0.00",
    "hours": "0.00",
    "rate": "0.00%",
    "date": "yyyy-mm-dd",
    "datetime": "yyyy-mm-dd hh:mm",
}


@dataclass
class Sheet:
    """One table: ``title`` (the Excel sheet's name), ``headers``, ``kinds`` and ``rows``.

    ``frozen_columns``: how many leading columns (e.g. a name) stay in view when an Excel
    sheet scrolls sideways; the header row always does.
    """

    title: str
    headers: list[str]
    kinds: list[str] | None = None
    rows: list[list[Any]] = field(default_factory=list)
    frozen_columns: int = 0

    def __post_init__(self) -> None:
        if self.kinds is None:
            self.kinds = ["auto"] * len(self.headers)
        if len(self.kinds) != len(self.headers) or any(k not in KINDS + ("auto",) for k in self.kinds):
            raise ValueError("one known kind per column is needed: " + ", ".join(KINDS))
        for i, row in enumerate(self.rows):
            if len(row) != len(self.headers):
                raise ValueError(f"row {i + 1} has {len(row)} values for {len(self.headers)} columns")


def _kind(value: Any, kind: str) -> str:
    if kind != "auto":
        return kind
    if isinstance(value, bool):
        return "text"
    if isinstance(value, int):
        return "int"
    if isinstance(value, Decimal):
        return "decimal"
    if isinstance(value, datetime):
        return "datetime"
    if isinstance(value, date):
        return "date"
    return "text"


def _q(value: Any, places: int) -> Decimal:
    return Decimal(str(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def _local(value: datetime) -> datetime:
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    return value.astimezone().replace(tzinfo=None)


def _safe_text(text: str) -> str:
    return "'" + text if text.startswith(_FORMULA_START) else text


def csv_text(value: Any, kind: str = "auto") -> str:
    """A value as it appears in a CSV cell."""
    if value is None:
        return DASH
    kind = _kind(value, kind)
    if kind in ("money", "decimal", "hours"):
        return f"{_q(value, 2):f}"
    if kind == "rate":
        return f"{_q(Decimal(str(value)) * 100, 2):f}%"
    if kind == "int":
        return str(int(value))
    if kind == "datetime" and isinstance(value, datetime):
        return _local(value).strftime("%Y-%m-%d %H:%M")
    if kind == "date" and isinstance(value, date):
        return value.isoformat()
    return _safe_text(str(value))


def write_csv(path: Path | str, sheets: Sheet | Sequence[Sheet]) -> Path:
    """Write one sheet (or several, one after another under their titles) as CSV."""
    path = Path(path)
    many = [sheets] if isinstance(sheets, Sheet) else list(sheets)
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        out = csv.writer(fh)
        for i, sheet in enumerate(many):
            if len(many) > 1:
                if i:
                    out.writerow([])
                out.writerow([_safe_text(sheet.title)])
            out.writerow([_safe_text(h) for h in sheet.headers])
            for row in sheet.rows:
                out.writerow([csv_text(v, k) for v, k in zip(row, sheet.kinds, strict=True)])
    return path


def _xlsx_value(value: Any, kind: str) -> Any:
    if value is None:
        return DASH
    if kind in ("money", "decimal", "hours"):
        return float(_q(value, 2))
    if kind == "rate":
        return float(_q(value, 6))
    if kind == "int":
        return int(value)
    if kind == "datetime" and isinstance(value, datetime):
        return _local(value)
    if kind == "date" and isinstance(value, date):
        return value
    return str(value)


def _sheet_title(title: str, used: set[str]) -> str:
    base = "".join("_" if ch in "[]:*?/\\" else ch for ch in title)[:31].strip() or "Sheet"
    name, n = base, 2
    while name.lower() in used:
        suffix = f" ({n})"
        name, n = base[: 31 - len(suffix)] + suffix, n + 1
    used.add(name.lower())
    return name


def write_xlsx(path: Path | str, sheets: Sheet | Sequence[Sheet]) -> Path:
    """Write the sheets to one Excel workbook: bold headers, number formats, frozen header."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    path = Path(path)
    many = [sheets] if isinstance(sheets, Sheet) else list(sheets)
    book = Workbook()
    book.remove(book.active)
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="F1F5F9")
    used: set[str] = set()
    for sheet in many or [Sheet("Sheet", [])]:
        ws = book.create_sheet(title=_sheet_title(sheet.title, used))
        ws.append([str(h) for h in sheet.headers])
        for cell in ws[1]:
            cell.font, cell.fill = bold, fill
            cell.alignment = Alignment(wrap_text=True, vertical="center")
            cell.data_type = "s"
        widths = [len(str(h)) for h in sheet.headers]
        for row in sheet.rows:
            kinds = [_kind(v, k) for v, k in zip(row, sheet.kinds, strict=True)]
            ws.append([_xlsx_value(v, k) for v, k in zip(row, kinds, strict=True)])
            for i, (cell, value, kind) in enumerate(zip(ws[ws.max_row], row, kinds, strict=True)):
                if value is None:
                    cell.alignment = Alignment(horizontal="center")
                elif kind in _XLSX_FORMATS:
                    cell.number_format = _XLSX_FORMATS[kind]
                else:
                    cell.data_type = "s"  # text is text, even if it starts with "="
                widths[i] = max(widths[i], len(csv_text(value, kind)))
        for i, width in enumerate(widths, start=1):
            # CJK characters are about twice as wide as Latin ones in Excel's default font
            ws.column_dimensions[get_column_letter(i)].width = min(60, max(10, width * 1.6 + 2))
        ws.freeze_panes = f"{get_column_letter(max(0, sheet.frozen_columns) + 1)}2"
    book.save(path)
    return path


def write(path: Path | str, sheets: Sheet | Sequence[Sheet]) -> Path:
    """Write ``.xlsx`` or ``.csv``, chosen by the file name."""
    suffix = Path(path).suffix.lower()
    if suffix == ".xlsx":
        return write_xlsx(path, sheets)
    if suffix == ".csv":
        return write_csv(path, sheets)
    raise ValueError(f"unknown export format {suffix or '(none)'}: use .xlsx or .csv")


def write_table(
    path: Path | str, headers: Sequence[str], rows: Iterable[Sequence[Any]], title: str = "Sheet"
) -> Path:
    """One list (headers and rows of values) as ``.xlsx`` or ``.csv``, chosen by the file name."""
    return write(path, Sheet(title, list(headers), rows=[list(r) for r in rows]))


def with_suffix(path: Path | str, fmt: str) -> Path:
    """``path`` ending in ``.fmt`` (a save dialog may return a name without it)."""
    path = Path(path)
    return path if path.suffix.lower() == "." + fmt else path.with_name(path.name + "." + fmt)


def export_in_background(
    runner,
    path: Path | str,
    sheets: Sheet | Sequence[Sheet] | Callable[[], Any],
    *,
    on_result: Callable[[Path], None] | None = None,
    on_error: Callable[[BaseException], None] | None = None,
    name: str = "export",
):
    """Write the file on the task runner; ``sheets`` may be a callable building them there
    (for big lists). Returns the ``ui.support.tasks.Task``."""

    def job(_ctx) -> Path:
        made = sheets() if callable(sheets) else sheets
        return write(path, made)

    return runner.submit(job, name=name, on_result=on_result, on_error=on_error)
