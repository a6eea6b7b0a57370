"""Dates, times, numbers and money for people, in the chosen language's conventions.

Instants are stored in UTC and shown in the laptop's local time zone; when that is not the
organisation's zone (``set_org_time_zone``: a rep travelling, a laptop set to UTC), times
name the zone they are in ("09:30 CET"), so 01:30 is not read as Beijing time. Money stays a
``Decimal`` all the way to the screen: it is grouped by hand with the locale's separators
because QLocale only formats floats.
"""

from __future__ import annotations

from datetime import date, datetime, timezone
from decimal import ROUND_HALF_UP, Decimal

from PySide6.QtCore import QCoreApplication, QDate, QDateTime, QLocale, QTimeZone

CURRENCY_SYMBOLS = {"CNY": "¥", "USD": "$", "EUR": "€", "HKD": "HK$", "JPY": "¥", "GBP": "£"}


# lupdate only sees literal translate("Context", "text") calls, so no wrapper function.
translate = QCoreApplication.translate


def to_local_qdatetime(value: datetime) -> QDateTime:
    if value.tzinfo is None:  # stored values are always UTC; be lenient with stray naive ones
        value = value.replace(tzinfo=timezone.utc)
    ms = int(value.timestamp() * 1000)
    return QDateTime.fromMSecsSinceEpoch(ms, QTimeZone.systemTimeZone())


_org_zone: QTimeZone | None = None  # the organisation's zone; None: the laptop's is taken as it


def set_org_time_zone(name: str | None) -> None:
    """The organisation's time zone (IANA name) from its synced setting; None forgets it."""
    global _org_zone
    zone = QTimeZone(name.encode()) if name else None
    _org_zone = zone if zone is not None and zone.isValid() else None


def zone_note(value: datetime) -> str:
    """ " CET" when the laptop's zone is not the organisation's at that instant, else ""."""
    if _org_zone is None:
        return ""
    local = to_local_qdatetime(value)
    system = QTimeZone.systemTimeZone()
    if system.offsetFromUtc(local) == _org_zone.offsetFromUtc(local):
        return ""
    name = system.abbreviation(local)
    if not name or name[0] in "+-":  # zones without a letter abbreviation: say the offset
        seconds = system.offsetFromUtc(local)
        name = "UTC" + (
            f"{'+' if seconds >= 0 else '-'}{abs(seconds) // 3600:02d}:{abs(seconds) % 3600 // 60:02d}"
            if seconds
            else ""
        )
    return " " + name


def fmt_datetime(value: datetime | None) -> str:
    if value is None:
        return ""
    return QLocale().toString(to_local_qdatetime(value), QLocale.FormatType.ShortFormat) + zone_note(value)


def fmt_date(value: date | datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        qdate = to_local_qdatetime(value).date()
    else:
        qdate = QDate(value.year, value.month, value.day)
    return QLocale().toString(qdate, QLocale.FormatType.ShortFormat)


def fmt_int(value: int | None) -> str:
    return "" if value is None else QLocale().toString(int(value))


def fmt_decimal(value: Decimal | None, places: int = 2) -> str:
    if value is None:
        return ""
    loc = QLocale()
    q = Decimal(value).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    sign = "-" if q < 0 else ""
    whole, _, frac = f"{abs(q):f}".partition(".")
    text = group_thousands(whole, loc.groupSeparator())
    if places:
        text += loc.decimalPoint() + frac
    return sign + text


def group_thousands(digits: str, separator: str) -> str:
    """``"1234567"`` → ``"1,234,567"`` with ``separator`` between groups of three."""
    groups = []
    while len(digits) > 3:
        groups.insert(0, digits[-3:])
        digits = digits[:-3]
    groups.insert(0, digits)
    return separator.join(groups)


def fmt_money(value: Decimal | None, currency: str | None = "CNY") -> str:
    if value is None:
        return ""
    symbol = CURRENCY_SYMBOLS.get(currency or "CNY", f"{currency} ")
    text = fmt_decimal(value, 2)
    if text.startswith("-"):
        return f"-{symbol}{text[1:]}"
    return f"{symbol}{text}"


def fmt_size(size_bytes: int | None) -> str:
    """A file's size the way the locale writes it ("1.2 MB", "850 KB")."""
    if size_bytes is None:
        return ""
    return QLocale().formattedDataSize(int(size_bytes), 1, QLocale.DataSizeFormat.DataSizeTraditionalFormat)


def fmt_relative(value: datetime | None, now: datetime | None = None) -> str:
    """ "just now", "5 min ago", "3 h ago", then the date and time."""
    if value is None:
        return translate("Formatting", "never")
    now = now or datetime.now(timezone.utc)
    seconds = (now - value).total_seconds()
    if seconds < 60:
        return translate("Formatting", "just now")
    minutes = int(seconds // 60)
    if minutes < 60:
        return translate("Formatting", "%n min ago", None, minutes)
    hours = minutes // 60
    if hours < 24:
        return translate("Formatting", "%n h ago", None, hours)
    return fmt_datetime(value)


def widest_samples(kind: str) -> list[str]:
    """Texts at least as wide as any value of ``kind`` in the current locale, for column sizing."""
    sample = datetime(2026, 12, 28, 22, 58, 58, tzinfo=timezone.utc)
    if kind == "datetime":
        return [fmt_datetime(sample)]
    if kind == "date":
        return [fmt_date(sample.date())]
    if kind == "money":
        return [fmt_money(Decimal("9999999.99"))]
    raise ValueError(kind)
