"""The client's tables for the synced entities, generated from ``domain.schema``.

The laptop holds a partial replica (its user's scope), so references between synced rows
are not foreign-key constraints here: the server owns referential integrity, and a pull
page must be appliable whatever order the server chose inside it.
"""

from __future__ import annotations

from sqlalchemy import JSON, Boolean, Column, Integer, MetaData, String, Table, Text, false

from domain.schema import ENTITIES, Entity, Field, Kind
from local_db.sqltypes import ExactDecimal, ISODate, UTCDateTime

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "pk": "pk_%(table_name)s",
    }
)


def column_type(f: Field):
    match f.kind:
        case Kind.STR | Kind.ENUM:
            return String(f.max_length or 200)
        case Kind.TEXT:
            return Text()
        case Kind.INT:
            return Integer()
        case Kind.BOOL:
            return Boolean()
        case Kind.DECIMAL:
            return ExactDecimal(f.scale)
        case Kind.DATE:
            return ISODate()
        case Kind.DATETIME:
            return UTCDateTime()
        case Kind.REF:
            return String(36)
        case Kind.JSON:
            return JSON()
    raise AssertionError(f.kind)


def _table(e: Entity) -> Table:
    cols = [
        Column("id", String(36), primary_key=True),
        Column("version", Integer, nullable=False, server_default="0"),
        Column("deleted", Boolean, nullable=False, server_default=false()),
    ]
    for f in e.fields:
        # Uniqueness is the server's to enforce: locally a not-yet-pushed row may clash
        # until the server rejects it, and the user must not lose it meanwhile.
        cols.append(Column(f.name, column_type(f), nullable=not f.required, index=f.index or f.unique))
    return Table(e.table, metadata, *cols)


TABLES: dict[str, Table] = {e.name: _table(e) for e in ENTITIES}
