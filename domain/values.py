"""The canonical text form of field values: how they are sent and kept in the outbox.

Money and other decimals are strings (exact), dates ISO ``yyyy-mm-dd``, instants UTC in
one fixed format (which the client also stores, so text order is time order), references
UUID strings. ``decode_value`` is also where a value from outside (a client's push, a
form) is checked against its field's declaration.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Mapping
from datetime import date, datetime, timezone
from decimal import Decimal, InvalidOperation
from enum import Enum
from typing import Any

from domain.schema import ENTITIES, Entity, Kind

# Instants travel in one fixed format, which is also how the client stores them, so text
# comparison orders them correctly.
DATETIME_FORMAT = "%Y-%m-%dT%H:%M:%S.%fZ"


class WireError(ValueError):
    """A field value a client sent that does not fit the schema; the message names it."""

    def __init__(self, entity: str, field: str, message: str):
        super().__init__(f"{entity}.{field}: {message}")
        self.entity = entity
        self.field = field


def format_datetime(value: datetime) -> str:
    if value.tzinfo is None:
        raise ValueError("naive datetime")
    return value.astimezone(timezone.utc).strftime(DATETIME_FORMAT)


def parse_datetime(text: str) -> datetime:
    value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    if value.tzinfo is None:
        raise ValueError("a time must carry a time zone (e.g. 2026-03-01T08:00:00Z)")
    return value.astimezone(timezone.utc)


def new_id() -> str:
    """A time-ordered UUID (v7), so ids sort roughly by creation and index well."""
    if hasattr(uuid, "uuid7"):  # Python 3.14+
        return str(uuid.uuid7())
    import os
    import time

    ms = time.time_ns() // 1_000_000
    rand = int.from_bytes(os.urandom(10), "big")
    value = (ms & ((1 << 48) - 1)) << 80
    value |= 0x7 << 76
    value |= ((rand >> 62) & 0xFFF) << 64
    value |= 0b10 << 62
    value |= rand & ((1 << 62) - 1)
    return str(uuid.UUID(int=value))


def _encoder(kind: Kind) -> Callable[[Any], Any] | None:
    if kind is Kind.DECIMAL:
        return lambda v: None if v is None else str(v)
    if kind is Kind.DATE:
        return lambda v: None if v is None else v.isoformat()
    if kind is Kind.DATETIME:
        return lambda v: None if v is None else format_datetime(v)
    return None


_ENCODERS: dict[str, list[tuple[str, Callable[[Any], Any]]]] = {
    e.name: [(f.name, enc) for f in e.fields if (enc := _encoder(f.kind)) is not None] for e in ENTITIES
}


def encode_row(entity: Entity, row: Mapping[str, Any]) -> dict[str, Any]:
    """Python values of a row (id, version, deleted and the entity's fields) → wire dict."""
    out = {"id": row["id"], "version": row["version"], "deleted": bool(row["deleted"])}
    out.update({name: row[name] for name in entity.field_names})
    for name, enc in _ENCODERS[entity.name]:
        value = out[name]
        if value is not None:
            out[name] = enc(value)
    return out


def row_fields(entity: Entity) -> tuple[str, ...]:
    """Column order of a row sent as an array (system columns first)."""
    return ("id", "version", "deleted", *entity.field_names)


def row_encoders(entity: Entity) -> list[tuple[int, Callable[[Any], Any]]]:
    """(position in ``row_fields``, encoder) for the values that need converting."""
    names = row_fields(entity)
    return [(names.index(name), enc) for name, enc in _ENCODERS[entity.name]]


def encode_fields(entity: Entity, values: Mapping[str, Any]) -> dict[str, Any]:
    """Python values of some fields → their wire form."""
    kinds = {f.name: f.kind for f in entity.fields}
    out = {}
    for name, value in values.items():
        enc = _encoder(kinds[name])
        value = enum_value(value)
        out[name] = enc(value) if enc else value
    return out


def decode_value(entity: Entity, name: str, value: Any) -> Any:
    """Validate one wire value against the schema and return its Python value."""
    f = entity.field(name)
    if value is None:
        if f.required:
            raise WireError(entity.name, name, "is required")
        return None
    try:
        match f.kind:
            case Kind.STR | Kind.TEXT:
                if not isinstance(value, str):
                    raise ValueError("must be text")
                if f.max_length and len(value) > f.max_length:
                    raise ValueError(f"is longer than {f.max_length} characters")
                if f.required and not value.strip():
                    raise ValueError("is required")
                return value
            case Kind.ENUM:
                assert f.enum is not None
                try:
                    return f.enum(value).value
                except ValueError:
                    allowed = ", ".join(m.value for m in f.enum)
                    raise ValueError(f"must be one of: {allowed}") from None
            case Kind.INT:
                if isinstance(value, bool) or not isinstance(value, int):
                    raise ValueError("must be a whole number")
                return value
            case Kind.BOOL:
                if not isinstance(value, bool):
                    raise ValueError("must be true or false")
                return value
            case Kind.DECIMAL:
                if isinstance(value, bool) or not isinstance(value, (str, int)):
                    raise ValueError('must be a decimal number written as a string, e.g. "12.50"')
                d = Decimal(str(value))
                if not d.is_finite():
                    raise ValueError("must be a finite number")
                if -d.as_tuple().exponent > f.scale:  # type: ignore[operator]
                    raise ValueError(f"has more than {f.scale} decimal places")
                if abs(d) >= Decimal(10) ** (18 - f.scale):
                    raise ValueError("is too large")
                return d
            case Kind.DATE:
                if not isinstance(value, str):
                    raise ValueError("must be a date like 2026-03-01")
                return date.fromisoformat(value)
            case Kind.DATETIME:
                if not isinstance(value, str):
                    raise ValueError("must be a time like 2026-03-01T08:00:00Z")
                return parse_datetime(value)
            case Kind.REF:
                if not isinstance(value, str):
                    raise ValueError("must be an id")
                return str(uuid.UUID(value))
            case Kind.JSON:
                if len(json.dumps(value)) > 20_000:
                    raise ValueError("is too large")
                return value
    except InvalidOperation:
        raise WireError(entity.name, name, "must be a decimal number") from None
    except ValueError as exc:
        raise WireError(entity.name, name, str(exc)) from None
    raise AssertionError(f.kind)


def decode_fields(entity: Entity, values: Mapping[str, Any]) -> dict[str, Any]:
    """Validate a dict of wire field values (no system columns); unknown fields are refused."""
    known = entity.field_name_set
    out = {}
    for name, value in values.items():
        if name not in known:
            raise WireError(entity.name, name, "is not a field of this entity")
        out[name] = decode_value(entity, name, value)
    return out


def enum_value(value: Any) -> Any:
    return value.value if isinstance(value, Enum) else value
