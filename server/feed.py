"""The change feed a client pulls (docs/SYNC_CONTRACT.md, invariants 6–9 and 13).

A pull works through a *window* of feed numbers ``(lo, hi]``: ``hi`` is the committed
counter when the window opened, so every change up to it is visible and none with a
smaller number can still appear. Inside the window the server sends, in order: customers
that left the caller's scope (evictions), then each entity in dependency order, rows
paged by id. A row belongs to the window when it changed inside it, or when its customer
entered the caller's scope inside it (the customer's whole history is sent then). The
cursor records the window and the position in it, so a client can stop after any page
and resume. When the window is finished the next one starts at ``hi``.

The cursor is opaque to the client and carries no authority: the scope is always
recomputed from the authenticated user, so a forged cursor can at most re-send rows the
caller may see anyway.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from dataclasses import dataclass
from functools import cache
from itertools import groupby
from operator import itemgetter
from typing import Any

import orjson
from sqlalchemy import (
    BigInteger,
    Engine,
    Integer,
    String,
    and_,
    bindparam,
    cast,
    exists,
    func,
    literal,
    literal_column,
    or_,
    select,
    true,
    tuple_,
    type_coerce,
    union,
    union_all,
    update,
)
from sqlalchemy.dialects.postgresql import aggregate_order_by
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from domain.enums import Role
from domain.schema import BY_NAME, ENTITIES, Entity, Kind, Scope
from domain.values import row_encoders, row_fields
from server import auth
from server.auth import CurrentUser
from server.store.changes import committed_seq, now
from server.store.tables import TABLES, AuthToken, ChangeCounter, UserScope, UserSyncState
from sync.contract import MAX_PULL_BYTES, bucket_of, encode_row

CURSOR_VERSION = 1
_TEXT_KINDS = (Kind.DECIMAL, Kind.DATE, Kind.DATETIME)
EVICT_PHASE = -1  # position before the first entity


class CursorError(ValueError):
    pass


@dataclass(frozen=True)
class Cursor:
    lo: int = 0
    hi: int | None = None  # None: no window open
    phase: int = EVICT_PHASE  # index into ENTITIES, or EVICT_PHASE
    after: str = ""  # paging key of the last row sent in this phase

    def encode(self) -> str:
        raw = json.dumps(
            {"v": CURSOR_VERSION, "lo": self.lo, "hi": self.hi, "p": self.phase, "a": self.after},
            separators=(",", ":"),
        )
        return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")

    @classmethod
    def decode(cls, text: str | None) -> Cursor:
        if not text:
            return cls()
        try:
            raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
            data = json.loads(raw)
            if not isinstance(data, dict) or data.get("v") != CURSOR_VERSION:
                raise ValueError
            lo, hi, phase, after = data["lo"], data["hi"], data["p"], data["a"]
            if not (isinstance(lo, int) and lo >= 0 and not isinstance(lo, bool)):
                raise ValueError
            if hi is not None and not (isinstance(hi, int) and hi >= lo and not isinstance(hi, bool)):
                raise ValueError
            if not (isinstance(phase, int) and EVICT_PHASE <= phase < len(ENTITIES)):
                raise ValueError
            if not isinstance(after, str) or len(after) > 80:
                raise ValueError
        except (ValueError, KeyError, TypeError, binascii.Error, UnicodeDecodeError):
            raise CursorError(
                "The sync position sent by the client is not valid. Start a full sync (the app does this "
                "itself)."
            ) from None
        return cls(lo, hi, phase, after)


@dataclass
class Page:
    changes: dict[str, dict]  # entity -> {"fields": [...], "rows": [[...], ...]}
    evict: list[str]
    next_cursor: str
    has_more: bool


def team_ids(session: Session, user: CurrentUser) -> list[str]:
    users = TABLES["user"]
    ids = list(session.scalars(select(users.c.id).where(users.c.supervisor_id == user.id)))
    return [user.id, *ids]


def paging_key(e: Entity, t):
    """Rows are paged by id, and customer data by (customer, id) so a customer's rows come
    together and are read along the ``(customer_id, id)`` index."""
    if e.scope is Scope.CUSTOMER and e.name != "customer":
        return [t.c.customer_id, t.c.id]
    return [t.c.id]


def key_of(e: Entity, row: dict) -> str:
    if e.scope is Scope.CUSTOMER and e.name != "customer":
        return f"{row['customer_id']}|{row['id']}"
    return row["id"]


def _position(keys, text: str) -> list[str]:
    """The cursor's position within an entity (``after``), one part per paging key."""
    parts = text.split("|")
    if len(parts) != len(keys):
        raise CursorError("The sync position does not fit this kind of record. Start a full sync.")
    return parts


def _after(keys, text: str):
    if not text:
        return true()
    parts = _position(keys, text)
    if len(keys) == 1:
        return keys[0] > parts[0]
    return tuple_(*keys) > tuple_(*parts)


# Names in the answer of the window probe (``_probe_statement``) besides entity names.
ENTERED = "#entered"  # a customer entered the user's scope in the window
EVICTIONS = "#evictions"  # a customer left it


def _columns(e: Entity, t, raw_text: bool) -> list:
    """The row's columns in wire order. On SQLite, decimals and times are read as the
    text they are stored as, which is already their wire form: no converting back and
    forth for every value of a large first sync."""
    cols = [t.c.id, t.c.version, t.c.deleted]
    for f in e.fields:
        c = t.c[f.name]
        if raw_text and f.kind in _TEXT_KINDS:
            c = type_coerce(c, String).label(f.name)
        cols.append(c)
    return cols


_LO, _HI = bindparam("lo", type_=BigInteger), bindparam("hi", type_=BigInteger)
_UID = bindparam("uid", type_=String)


@cache
def _probe_statement(sees_all: bool):
    """One statement of index probes answering which parts of a window ``(:lo, :hi]`` may
    have something for user ``:uid``: an entity name per entity with a row written in it,
    ``ENTERED`` and ``EVICTIONS`` (not for an admin, who sees everything)."""
    probes = [
        select(literal(e.name, String).label("name")).where(
            exists().where(TABLES[e.name].c.seq > _LO, TABLES[e.name].c.seq <= _HI)
        )
        for e in ENTITIES
    ]
    if not sees_all:
        us = UserScope.__table__
        # ``user_id || ''``: found by added_seq / removed_seq, not by walking the user's scope
        probes.append(
            select(literal(ENTERED, String)).where(
                exists().where((us.c.user_id + "") == _UID, us.c.added_seq > _LO, us.c.added_seq <= _HI)
            )
        )
        probes.append(
            select(literal(EVICTIONS, String)).where(
                exists().where(
                    us.c.removed_seq > _LO, us.c.removed_seq <= _HI, (us.c.user_id + "") == _UID, ~us.c.active
                )
            )
        )
    return union_all(*probes)


@cache
def _window_statement(name: str, scoped: bool, own_client: bool, after: bool, raw_text: bool):
    """The page statement of one entity in a later window, built once per shape, with the
    window (``:lo``, ``:hi``), the user (``:uid``, ``:team``), the client (``:cid``), the
    position (``:a0``, ``:a1``) and the row limit (``:lim``) as parameters.

    ``scoped``: the user does not see everything and the entity is customer or user data."""
    e = BY_NAME[name]
    t = TABLES[name]
    cols = _columns(e, t, raw_text)
    keys = paging_key(e, t)
    marks = [bindparam(f"a{i}", type_=String) for i in range(len(keys))]
    if not after:
        position = true()
    elif len(keys) == 1:
        position = keys[0] > marks[0]
    else:
        position = tuple_(*keys) > tuple_(*marks)
    changed = and_(t.c.seq > _LO, t.c.seq <= _HI)
    if own_client:  # the client already has what it wrote itself (push response)
        cid = bindparam("cid", type_=String)
        changed = and_(changed, or_(t.c.origin_client.is_(None), t.c.origin_client != cid))
    if scoped and e.scope is Scope.CUSTOMER:
        us = UserScope.__table__
        # Rows changed in the window (found by seq) and the whole history of customers that
        # entered the scope in it (found by added_seq). The changed rows are found from the
        # window (the seq index) and then checked against the scope, never by walking the
        # scope: an EXISTS keeps SQLite from choosing the scope walk when its statistics
        # are thin (empty tables, one seq).
        covered = (
            select(us.c.customer_id)
            .where(us.c.customer_id == keys[0], us.c.user_id == _UID, us.c.active)
            .exists()
        )
        a = select(t.c.id).where(changed, position, covered)
        # Customers that entered the scope are found by added_seq; ``user_id || ''`` keeps
        # the planner off the (user, customer) key, which walks the whole scope.
        entered = and_(us.c.customer_id == keys[0], (us.c.user_id + "") == _UID, us.c.active)
        b = (
            select(t.c.id)
            .select_from(us.join(t, entered))
            .where(us.c.added_seq > _LO, us.c.added_seq <= _HI, t.c.seq <= _HI, ~t.c.deleted, position)
        )
        ids = union(a, b).subquery()  # ids only: rows may hold JSON, which cannot be compared
        q = select(*cols).select_from(ids.join(t, t.c.id == ids.c.id))
    elif scoped:
        q = select(*cols).where(changed, position, t.c[e.user_field].in_(bindparam("team", expanding=True)))
    else:
        q = select(*cols).where(changed, position)
    return q.order_by(*keys).limit(bindparam("lim", type_=Integer))


class FeedReader:
    """Reads pages of the feed for one authenticated user."""

    def __init__(self, session: Session, user: CurrentUser, client_id: str | None = None):
        self.session = session
        self.user = user
        self.client_id = client_id
        self.sees_all = user.role == Role.ADMIN.value
        self._team: list[str] | None = None
        self.raw_text = session.get_bind().dialect.name == "sqlite"
        self._window: tuple[tuple[int, int], set[str]] | None = None

    def team(self) -> list[str]:
        if self._team is None:
            self._team = (
                [self.user.id] if self.user.role == Role.REP.value else team_ids(self.session, self.user)
            )
        return self._team

    # -- the pieces of a window ----------------------------------------------------------

    def _in_window(self, lo: int, hi: int) -> set[str]:
        """What may have something to send in the window ``(lo, hi]``: the entities with a
        row written in it, every customer entity when a customer entered this user's scope
        in it (its whole history goes), and ``EVICTIONS`` when a customer left it. Asked in
        one statement of index probes, so a small window does not query each of the ~17
        entities (and the evictions) for nothing."""
        if self._window is None or self._window[0] != (lo, hi):
            rows = self.session.execute(
                _probe_statement(self.sees_all), {"lo": lo, "hi": hi, "uid": self.user.id}
            )
            names = {name for (name,) in rows}
            if ENTERED in names:
                names |= {e.name for e in ENTITIES if e.scope is Scope.CUSTOMER}
            self._window = ((lo, hi), names)
        return self._window[1]

    def _evictions(self, cur: Cursor, hi: int, limit: int) -> list[str]:
        if self.sees_all:
            return []
        if cur.lo and EVICTIONS not in self._in_window(cur.lo, hi):
            return []
        us = UserScope.__table__
        # Found by the window (removed_seq), then filtered by user: ``user_id || ''`` keeps
        # the planner off the (user, customer) key, which would walk the user's whole scope.
        q = (
            select(us.c.customer_id)
            .where(
                us.c.removed_seq > cur.lo,
                us.c.removed_seq <= hi,
                (us.c.user_id + "") == self.user.id,
                ~us.c.active,
                us.c.customer_id > cur.after,
            )
            .order_by(us.c.customer_id)
            .limit(limit)
        )
        return list(self.session.scalars(q))

    def _rows(self, e: Entity, cur: Cursor, hi: int, limit: int):
        """The next rows of one entity in the window, in paging-key order."""
        if cur.lo:
            return self._window_rows(e, cur, hi, limit)
        t = TABLES[e.name]
        cols = self._columns(e, t)
        keys = paging_key(e, t)
        after = _after(keys, cur.after)
        # A first sync takes (nearly) every row: it is read along the paging key, page by
        # page. ``seq + 0`` keeps the planner off the seq index, which would find every
        # remaining row and sort them all for each page.
        changed = (t.c.seq + 0) <= hi
        if self.client_id:  # the client already has what it wrote itself (push response)
            changed = and_(changed, or_(t.c.origin_client.is_(None), t.c.origin_client != self.client_id))
        # A tombstone matters only to a client that may hold the row: not on a first sync.
        live = ~t.c.deleted
        if e.scope is Scope.CUSTOMER and not self.sees_all:
            us = UserScope.__table__
            in_scope = and_(us.c.customer_id == keys[0], us.c.user_id == self.user.id, us.c.active)
            if self.session.execute(select(t.c.id).limit(1)).first() is None:
                return []  # nothing to walk the scope for (an entity nobody uses yet)
            # First sync: walk the user's customers in order, each one's rows by id; both
            # sides are read along an index, so a page costs its own size, not the scope's.
            # The order is named by the scope's column (equal to the row's by the join):
            # then SQLite sees that the walk already yields it, instead of sorting every
            # remaining row of the scope for each page.
            own_key = keys[0]
            keys = [us.c.customer_id, *keys[1:]]
            q = (
                select(*cols)
                .select_from(us.join(t, in_scope))
                .where(t.c.seq <= hi, live, _after(keys, cur.after))
            )
            if cur.after:
                # The customer the page starts at, on both sides of the join: implied by the
                # row comparison, but PostgreSQL takes only a plain bound as an index bound
                # and otherwise walks the scope and the table from their start for every
                # page, filtering away all the pages before (72 → 28 ms a page half-way).
                lead = cur.after.split("|")[0]
                q = q.where(us.c.customer_id >= lead, own_key >= lead)
        elif e.scope is Scope.USER and not self.sees_all:
            q = select(*cols).where(changed, live, after, t.c[e.user_field].in_(self.team()))
        else:
            q = select(*cols).where(changed, live, after)
        q = q.order_by(*keys).limit(limit)
        return _driver_rows(self.session, q)

    def _window_rows(self, e: Entity, cur: Cursor, hi: int, limit: int):
        """The next rows of one entity in a later window (``cur.lo > 0``), in paging-key
        order. The statement is built once per shape (``_window_statement``) with the
        window, user and position as parameters: building and hashing a fresh statement
        for each entity of each pull cost more than running it."""
        if e.name not in self._in_window(cur.lo, hi):
            return []
        scoped = not self.sees_all and e.scope in (Scope.CUSTOMER, Scope.USER)
        stmt = _window_statement(e.name, scoped, bool(self.client_id), bool(cur.after), self.raw_text)
        params: dict[str, Any] = {"lo": cur.lo, "hi": hi, "lim": limit, "uid": self.user.id}
        if self.client_id:
            params["cid"] = self.client_id
        if cur.after:
            parts = _position(paging_key(e, TABLES[e.name]), cur.after)
            params.update({f"a{i}": part for i, part in enumerate(parts)})
        if scoped and e.scope is Scope.USER:
            params["team"] = self.team()
        return _driver_rows(self.session, stmt, params)

    def _converters(self, e: Entity) -> list[tuple[int, Any]]:
        """(position, function) turning the driver's values of a row into wire values.

        PostgreSQL's driver gives Python values (decimals, times), encoded as everywhere
        else. SQLite gives the stored text, which is already the wire form, except for
        booleans (0/1) and JSON, which is stored as JSON text and goes out as it is."""
        if not self.raw_text:
            return row_encoders(e)
        names = row_fields(e)
        out: list[tuple[int, Any]] = [(names.index("deleted"), bool)]
        for f in e.fields:
            if f.kind is Kind.BOOL:
                out.append((names.index(f.name), bool))
            elif f.kind is Kind.JSON:
                out.append((names.index(f.name), orjson.Fragment))
        return out

    def _columns(self, e: Entity, t) -> list:
        return _columns(e, t, self.raw_text)

    # -- one page --------------------------------------------------------------------------

    def page(self, cursor: Cursor, max_rows: int) -> Page:
        top = committed_seq(self.session)
        cur = cursor
        if cur.hi is None or cur.hi > top:
            # Open a window (or repair a forged one: never look past what has committed).
            cur = Cursor(lo=min(cur.lo, top), hi=top, phase=EVICT_PHASE, after="")
        hi = cur.hi
        assert hi is not None
        changes: dict[str, dict] = {}
        evict: list[str] = []
        budget_rows, budget_bytes = max_rows, MAX_PULL_BYTES
        if cur.lo == hi:  # nothing committed since the last window: the cheap no-op answer
            return Page({}, [], Cursor(lo=hi).encode(), False)
        while budget_rows > 0 and budget_bytes > 0:
            limit = budget_rows
            if cur.phase == EVICT_PHASE:
                ids = self._evictions(cur, hi, limit)
                evict.extend(ids)
                budget_rows -= len(ids)
                budget_bytes -= 40 * len(ids)
                cur = (
                    Cursor(cur.lo, hi, 0, "")
                    if len(ids) < limit
                    else Cursor(cur.lo, hi, EVICT_PHASE, ids[-1])
                )
                continue
            e = ENTITIES[cur.phase]
            rows = self._rows(e, cur, hi, limit)
            taken = 0
            if rows:
                block = changes.setdefault(e.name, {"fields": list(row_fields(e)), "rows": []})
                out = block["rows"]
                encoders = self._converters(e)
                row_size = 0
                for r in rows:
                    values = list(r)
                    for i, enc in encoders:
                        if values[i] is not None:
                            values[i] = enc(values[i])
                    out.append(values)
                    if not row_size:  # rows of one entity are alike: size one, budget by count
                        row_size = len(orjson.dumps(values))
                    taken += 1
                    budget_rows -= 1
                    budget_bytes -= row_size
                    if budget_bytes <= 0:
                        break
                cur = Cursor(
                    cur.lo, hi, cur.phase, key_of(e, dict(zip(block["fields"], out[-1], strict=True)))
                )
            if len(rows) < limit and taken == len(rows):  # this entity is done for the window
                if cur.phase + 1 == len(ENTITIES):
                    return Page(changes, evict, Cursor(lo=hi).encode(), False)
                cur = Cursor(cur.lo, hi, cur.phase + 1, "")
        return Page(changes, evict, cur.encode(), True)


# -- verification (docs/SYNC_CONTRACT.md, invariant 10) ----------------------------------
#
# ``bucket_digest`` hashes the lines ``entity:id:version`` of a bucket after sorting the
# (entity, id, version) tuples: entities by name, then rows by id, compared as Python
# compares strings (code point order; ids are unique, so the version never decides).
# Verification reads every row in the caller's scope, so instead of building and sorting
# a tuple per row, each entity is read in that order from the database (entities in name
# order) and each bucket's hash is fed as it goes: the same bytes, the same digests.
#
# The database must order ids exactly as Python does. SQLite's default (BINARY) collation
# compares UTF-8 bytes, which is code point order. On PostgreSQL the column's collation
# follows the database's locale (en_US, ICU, ...), which may order mixed case or
# punctuation differently, so ids are ordered ``COLLATE "C"`` (bytes) there. (The
# canonical lowercase UUIDs the app writes sort alike under the usual locales too: same
# length, hyphens in the same places, 0-9 before a-f; "C" makes that a guarantee for any
# id, see tests/server/test_verify_digest.py.)

_NAME_ORDER: tuple[Entity, ...] = tuple(sorted(ENTITIES, key=lambda e: e.name))


def _customer_key(e: Entity, t):
    """The column naming a row's customer (customer data only)."""
    return t.c.id if e.name == "customer" else t.c.customer_id


def _in_scope(reader: FeedReader, e: Entity, q):
    """Restrict a select over an entity's table to the live rows in the reader's scope."""
    t = TABLES[e.name]
    q = q.where(~t.c.deleted)
    if e.scope is Scope.CUSTOMER and not reader.sees_all:
        us = UserScope.__table__
        q = q.join(
            us, and_(us.c.customer_id == _customer_key(e, t), us.c.user_id == reader.user.id, us.c.active)
        )
    elif e.scope is Scope.USER and not reader.sees_all:
        q = q.where(t.c[e.user_field].in_(reader.team()))
    return q


def _scope_query(reader: FeedReader, e: Entity):
    """All live rows of an entity in the reader's scope (no window)."""
    t = TABLES[e.name]
    cols = [t.c.id, t.c.version]
    if e.scope is Scope.CUSTOMER:
        cols.append(_customer_key(e, t).label("cust"))
    return _in_scope(reader, e, select(*cols).select_from(t))


def _last_char(col):
    """The last character of a text column, the same SQL on SQLite and PostgreSQL."""
    return func.substr(col, func.length(col))


def _driver_rows(session: Session, stmt, params: dict | None = None) -> list[tuple]:
    """The rows of a select as the driver's own tuples: no SQLAlchemy ``Row`` per row,
    which is most of the Python cost of reading a hundred thousand small rows.

    Executed through SQLAlchemy, so the statement's compiled form comes from its cache
    (compiling the ~20 statements of a window anew cost more than running them), and
    fetched from the driver's cursor underneath."""
    result = session.connection().execute(stmt, params)
    try:
        return result.cursor.fetchall()
    finally:
        result.close()


def _chunks_sorted_rows(session: Session, reader: FeedReader, e: Entity):
    """(bucket, count, lines) of one entity, from rows the database sorts by (bucket, id).

    SQLite before 3.44 has no ordered ``group_concat``, so the lines are joined here; the
    rows come as bare tuples of the three columns needed."""
    t = TABLES[e.name]
    name = e.name
    if e.scope is not Scope.CUSTOMER:
        rows = _driver_rows(
            session, _in_scope(reader, e, select(t.c.id, t.c.version).select_from(t)).order_by(t.c.id)
        )
        if rows:
            yield bucket_of(e, {}), len(rows), "".join([f"{name}:{i}:{v}\n" for i, v in rows])
        return
    digit = _last_char(_customer_key(e, t))
    rows = _driver_rows(
        session,
        _in_scope(reader, e, select(digit, t.c.id, t.c.version).select_from(t)).order_by(digit, t.c.id),
    )
    for d, group in groupby(rows, itemgetter(0)):
        lines = [f"{name}:{i}:{v}\n" for _d, i, v in group]
        yield f"customers-{d}", len(lines), "".join(lines)


def _chunks_aggregated(session: Session, reader: FeedReader, e: Entity):
    """(bucket, count, lines) of one entity, each bucket's lines joined in id order by
    PostgreSQL itself (one row per bucket crosses the wire)."""
    t = TABLES[e.name]
    line = (
        literal(f"{e.name}:", String)
        + t.c.id
        + literal(":", String)
        + cast(t.c.version, String)
        + literal("\n", String)
    )
    lines = func.string_agg(line, aggregate_order_by(literal_column("''"), t.c.id.collate("C")))
    if e.scope is not Scope.CUSTOMER:
        n, text = session.execute(_in_scope(reader, e, select(func.count(), lines).select_from(t))).one()
        if n:
            yield bucket_of(e, {}), n, text
        return
    digit = _last_char(_customer_key(e, t))
    q = _in_scope(reader, e, select(digit, func.count(), lines).select_from(t)).group_by(digit)
    for d, n, text in session.execute(q):
        yield f"customers-{d}", n, text


def verify(session: Session, user: CurrentUser) -> tuple[dict[str, dict], int]:
    """Per bucket, what the user's replica should hold: count and hash of id:version
    (exactly ``bucket_digest`` of the bucket's rows)."""
    reader = FeedReader(session, user)
    seq = committed_seq(session)
    chunks = _chunks_aggregated if session.get_bind().dialect.name == "postgresql" else _chunks_sorted_rows
    hashers: dict[str, Any] = {}
    counts: dict[str, int] = {}
    for e in _NAME_ORDER:
        for bucket, n, text in chunks(session, reader, e):
            if bucket not in hashers:
                hashers[bucket], counts[bucket] = hashlib.sha256(), 0
            hashers[bucket].update(text.encode())
            counts[bucket] += n
    return {b: {"count": counts[b], "hash": hashers[b].hexdigest()} for b in sorted(hashers)}, seq


def snapshot(session: Session, user: CurrentUser, bucket: str, entity_index: int, after: str, max_rows: int):
    """A page of every live row of one bucket, for repairing that bucket only."""
    reader = FeedReader(session, user)
    rows: dict[str, list[dict]] = {}
    budget = max_rows
    while entity_index < len(ENTITIES) and budget > 0:
        e = ENTITIES[entity_index]
        if bucket_of_entity(e) != bucket_kind(bucket):
            entity_index, after = entity_index + 1, ""
            continue
        t = TABLES[e.name]
        ids = _scope_query(reader, e).where(t.c.id > after).order_by(t.c.id).subquery()
        q = select(t.c.id, t.c.version, t.c.deleted, *(t.c[n] for n in e.field_names)).where(
            t.c.id.in_(select(ids.c.id))
        )
        if e.scope is Scope.CUSTOMER:
            key = t.c.id if e.name == "customer" else t.c.customer_id
            q = q.where(key.like(f"%{bucket[-1]}"))
        limit = budget
        found = session.execute(q.order_by(t.c.id).limit(limit)).mappings().all()
        if found:
            rows.setdefault(e.name, []).extend(encode_row(e, r) for r in found)
            budget -= len(found)
            after = found[-1]["id"]
        if len(found) < limit:
            entity_index, after = entity_index + 1, ""
    return rows, entity_index, after, entity_index >= len(ENTITIES)


def bucket_of_entity(e: Entity) -> str:
    return "customers" if e.scope is Scope.CUSTOMER else bucket_of(e, {})


def bucket_kind(bucket: str) -> str:
    return "customers" if bucket.startswith("customers-") else bucket


# How many of a user's latest window closings the server remembers. An honest laptop's
# edit is pushed by its next push, and between the two it closes at most a few windows (the
# rest of the sync it was made in, a verification's re-pull, the next sync's pull and
# re-pull); so an edit never claims a position older than the oldest of these, and a
# claim that does is judged as of that oldest one (docs/ARCHITECTURE.md, "Scope changes
# and pending edits").
GRACE_WINDOWS = 8


def record_pulled(session: Session, user_id: str, client_id: str | None, seq: int) -> None:
    """Remember how far the user's laptop has pulled (written only when it moved on, so a
    no-op sync stays a read), and the latest window closings (the push's grace floor)."""
    state = UserSyncState.__table__
    row = session.execute(_PULLED, {"uid": user_id}).first()
    if row is None:
        # Two first syncs of one user may race here: the loser's row is simply not needed.
        values = {
            "user_id": user_id,
            "pulled_seq": seq,
            "last_pull_at": now(),
            "client_id": client_id,
            "recent_pulls": [seq],
        }
        insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
        session.execute(
            insert(state).values(**values).on_conflict_do_nothing(index_elements=[state.c.user_id])
        )
    elif seq > row.pulled_seq:
        recent = [*(row.recent_pulls or []), seq][-GRACE_WINDOWS:]
        session.execute(
            _PULLED_MOVED, {"uid": user_id, "seq": seq, "at": now(), "cid": client_id, "recent": recent}
        )


# Every pull that closes a window runs these two: built once, with the values as parameters.
_state = UserSyncState.__table__
_PULLED = select(_state.c.pulled_seq, _state.c.recent_pulls).where(
    _state.c.user_id == bindparam("uid", type_=_state.c.user_id.type)
)
_PULLED_MOVED = (
    update(_state)
    .where(_state.c.user_id == bindparam("uid", type_=_state.c.user_id.type))
    .values(
        pulled_seq=bindparam("seq", type_=_state.c.pulled_seq.type),
        last_pull_at=bindparam("at", type_=_state.c.last_pull_at.type),
        client_id=bindparam("cid", type_=_state.c.client_id.type),
        recent_pulls=bindparam("recent", type_=_state.c.recent_pulls.type),
    )
)


def grace_floor(session: Session, user_id: str) -> int:
    """The oldest position a pushed edit of this user may still be judged at: the oldest of
    the last ``GRACE_WINDOWS`` window closings (0 while fewer are recorded)."""
    state = UserSyncState.__table__
    recent = session.execute(select(state.c.recent_pulls).where(state.c.user_id == user_id)).scalar()
    return recent[0] if recent and len(recent) >= GRACE_WINDOWS else 0


def up_to_date(autocommit: Engine, token: str, lo: int) -> tuple[CurrentUser, bool]:
    """The cheap answer to the most common request, "anything new after ``lo``?".

    One read without a transaction: the caller's token and user, the committed feed number
    and how far the caller's pull is recorded. Returns the user, and whether nothing has
    committed after ``lo`` and that pull is already recorded (else take the full path, as
    this user: the token is checked). A bad token raises exactly as on the full path.
    """
    with autocommit.connect() as conn:
        row = conn.execute(_up_to_date_statement(), auth.token_params(token)).mappings().first()
    user = auth.check_token(row, "access")
    # A revoked laptop takes the full path, which tells it to wipe itself.
    fresh = (
        row["committed_seq"] == lo
        and row["pulled_seq"] is not None
        and row["pulled_seq"] >= lo
        and row["device_revoked_at"] is None
    )
    return user, fresh


@cache
def _up_to_date_statement():
    """The token check with the committed feed number and the user's pull: built once."""
    counter, state = ChangeCounter.__table__, UserSyncState.__table__
    return auth.token_statement().add_columns(
        select(counter.c.last_seq).where(counter.c.id == 1).scalar_subquery().label("committed_seq"),
        select(state.c.pulled_seq)
        .where(state.c.user_id == AuthToken.__table__.c.user_id)
        .scalar_subquery()
        .label("pulled_seq"),
    )
