"""Column types that keep money exact and instants in UTC on SQLite as well as PostgreSQL.

SQLite has no decimal type (SQLAlchemy's Numeric would store a float) and no time-zone
aware timestamps, so both are stored as text there; PostgreSQL gets NUMERIC and
TIMESTAMPTZ. The server's tables use these types too: they are store-agnostic and the
one place that knows how a Decimal or a UTC instant is written to a database.
"""

from __future__ import annotations

from datetime import date, datetime, timezone
from decimal import Decimal

from sqlalchemy import Date, DateTime, Numeric, String
from sqlalchemy.types import TypeDecorator


class ExactDecimal(TypeDecorator):
    impl = String(40)
    cache_ok = True

    def __init__(self, scale: int = 2):
        super().__init__()
        self.scale = scale

    def __repr__(self) -> str:  # how migrations render it
        return f"ExactDecimal(scale={self.scale})"

    def load_dialect_impl(self, dialect):
        if dialect.name == "postgresql":
            return dialect.type_descriptor(Numeric(20, self.scale, asdecimal=True))
        return dialect.type_descriptor(String(40))

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        d = value if isinstance(value, Decimal) else Decimal(str(value))
        if dialect.name == "postgresql":
            return d
        return str(d)

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        return value if isinstance(value, Decimal) else Decimal(value)


class UTCDateTime(TypeDecorator):
    """An instant. Accepts aware datetimes only; always returns aware UTC datetimes."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def __repr__(self) -> str:
        return "UTCDateTime()"

    def load_dialect_impl(self, dialect):
        if dialect.name == "sqlite":
            # ISO text sorts chronologically when every value is UTC with the same format.
            return dialect.type_descriptor(String(32))
        return dialect.type_descriptor(DateTime(timezone=True))

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if isinstance(value, str):
            value = datetime.fromisoformat(value)
        if value.tzinfo is None:
            raise ValueError("naive datetime: times must carry a time zone")
        value = value.astimezone(timezone.utc)
        if dialect.name == "sqlite":
            return value.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        return value

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if isinstance(value, str):
            value = datetime.fromisoformat(value.replace("Z", "+00:00"))
        if value.tzinfo is None:
            value = value.replace(tzinfo=timezone.utc)
        return value.astimezone(timezone.utc)


class ISODate(TypeDecorator):
    impl = Date
    cache_ok = True

    def __repr__(self) -> str:
        return "ISODate()"

    def process_bind_param(self, value, dialect):
        if isinstance(value, str):
            return date.fromisoformat(value)
        return value
