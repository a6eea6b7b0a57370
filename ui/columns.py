"""Column makers for the lists: each kind of value knows how it is shown and sized."""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum

from PySide6.QtCore import Qt

from ui.formatting import fmt_date, fmt_datetime, fmt_money, widest_samples
from ui.labels import label, labels_of
from ui.table_model import Column, Row


def text_column(key: str, title: str, field: str, width: int = 0, **kw) -> Column:
    return Column(key, title, lambda r: r[field] or "", width=width, **kw)


def enum_column(key: str, title: str, enum: type[Enum], field: str, **kw) -> Column:
    kw.setdefault("width", 6)
    return Column(key, title, lambda r: label(enum, r[field]), samples=lambda: labels_of(enum), **kw)


def datetime_column(key: str, title: str, value: Callable[[Row], object], **kw) -> Column:
    return Column(
        key,
        title,
        lambda r: fmt_datetime(value(r)),
        width=6,
        samples=lambda: widest_samples("datetime"),
        **kw,
    )


def date_column(key: str, title: str, field: str, **kw) -> Column:
    return Column(
        key, title, lambda r: fmt_date(r[field]), width=6, samples=lambda: widest_samples("date"), **kw
    )


def money_column(
    key: str, title: str, field: str, currency_field: str | None = None, blank_zero: bool = False, **kw
) -> Column:
    """``blank_zero``: where 0 means "none taken" (a visit's order), not an amount of nothing."""

    def show(r: Row) -> str:
        if blank_zero and not r[field]:
            return ""
        return fmt_money(r[field], r[currency_field] if currency_field else "CNY")

    return Column(
        key,
        title,
        show,
        width=6,
        align=Qt.AlignmentFlag.AlignRight,
        samples=lambda: widest_samples("money"),
        **kw,
    )
