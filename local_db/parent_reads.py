"""The write rules' two questions about a record's parent (``domain.write_rules.Access``),
read the same way from either side's tables: the laptop's replica (``local_db.writes``)
and the server's store (``server.push``) differ in what rows they hold, not in how a
parent is found."""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import Table, select
from sqlalchemy.orm import Session


class ParentReads:
    """Mixin of an ``Access``: its ``session`` and the side's ``tables`` (entity -> table)."""

    session: Session
    tables: Mapping[str, Table]

    def parent_customer(self, entity: str, row_id: str) -> str | None:
        t = self.tables[entity]
        col = t.c.id if entity == "customer" else t.c.customer_id
        return self.session.scalar(select(col).where(t.c.id == row_id, ~t.c.deleted))

    def parent_status(self, entity: str, row_id: str) -> str | None:
        t = self.tables[entity]
        return self.session.scalar(select(t.c.status).where(t.c.id == row_id, ~t.c.deleted))
