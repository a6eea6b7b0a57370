"""Read queries behind the desktop lists: one page at a time, sorted and filtered in SQL.

The UI never loads a whole table: a list asks for ``count`` once and then pages of rows
(``offset``/``limit``) as the user scrolls. Sort keys are whitelisted names, never column
names taken from the caller, and every ordering ends with the row id so pages are stable.

Customer search (``search_customers``/``count_customers``) goes through the FTS5 index of
``local_db.search``: Chinese substrings of any length, pinyin, words and prefixes.
The rep's workspace reads its customer file, visit plans, drafts and saved filters here too.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, astuple, dataclass, fields
from datetime import date, datetime, time, timezone
from enum import Enum
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Float,
    Select,
    and_,
    case,
    cast,
    delete,
    exists,
    false,
    func,
    or_,
    select,
    text,
)
from sqlalchemy.engine import RowMapping
from sqlalchemy.orm import Session

from domain import enums as E
from domain.schema import BY_NAME, Scope
from local_db import evidence, search
from local_db.models import CustomerIndex, Draft, OutboxEntry, SavedFilter, SearchQueue, SyncIssue
from local_db.tables import TABLES

customers = TABLES["customer"]
users = TABLES["user"]
territories = TABLES["territory"]
visits = TABLES["visit"]
quotes = TABLES["quote"]
complaints = TABLES["complaint"]
contacts = TABLES["contact"]


@dataclass(frozen=True)
class Sort:
    key: str
    descending: bool = False


@dataclass(frozen=True)
class CustomerFilters:
    tier: str | None = None
    lifecycle_stage: str | None = None
    visit_grade: str | None = None
    territory_id: str | None = None
    owner_id: str | None = None
    key_account: bool | None = None
    visit_due: str | None = None  # "due" (due or overdue) or "overdue", by the visit grade
    sync_state: str | None = None  # "pending" (changes not sent yet), "issue" or "synced"

    @property
    def active(self) -> bool:
        return any(v is not None for v in astuple(self))

    def as_dict(self) -> dict[str, Any]:
        return {k: v for k, v in asdict(self).items() if v is not None}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any] | None) -> CustomerFilters:
        """Filters saved by this or an older version (unknown keys are ignored)."""
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in (data or {}).items() if k in known})


def _enum_rank(column, enum: type[Enum]) -> ColumnElement:
    """Sort an enum column in its business order (VIP before small), not alphabetically."""
    return case({m.value: i for i, m in enumerate(enum)}, value=column, else_=len(enum))


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _order(
    sort: Sort | None, keys: dict[str, ColumnElement], default: Sort, *tiebreaks, nulls_last: bool = False
) -> list:
    """A list's ORDER BY: the column ``sort`` names among ``keys`` (else ``default``'s), then
    ``tiebreaks``; ``nulls_last`` puts the rows without a value at the end either way."""
    sort = sort if isinstance(sort, Sort) and sort.key in keys else default
    col = keys[sort.key]
    first = col.desc() if sort.descending else col.asc()
    return [first.nulls_last() if nulls_last else first, *tiebreaks]


def _page(stmt: Select, offset: int, limit: int) -> Select:
    return stmt.offset(max(0, offset)).limit(max(0, limit))


# -- customers -----------------------------------------------------------------------------
#
# The list is paged in two steps: the ids of one page are found first (filtering and sorting
# touch as few columns as possible), then only those rows get their display columns — the
# sync state and visit facts cost a lookup each, which 200 rows can afford and 50,000 not.

owner = users.alias("owner")
territory = territories.alias("territory")
manager = users.alias("manager")
cindex = CustomerIndex.__table__
#: What the search index knows of a customer's visits: next due day, last visit, next planned one.
_VISIT_FACTS = (cindex.c.due_on, cindex.c.last_visit_at, cindex.c.planned_at)

SYNCED, PENDING, ISSUE = "synced", "pending", "issue"
SYNC_STATES = (SYNCED, PENDING, ISSUE)
DUE, OVERDUE = "due", "overdue"


def _customer_pending():
    return exists().where(OutboxEntry.customer_id == customers.c.id)


def _sync_state(issue_ids: Sequence[str]) -> ColumnElement:
    return case((customers.c.id.in_(list(issue_ids)), ISSUE), (_customer_pending(), PENDING), else_=SYNCED)


def _sync_rank(issue_ids: Sequence[str]) -> ColumnElement:
    return case((customers.c.id.in_(list(issue_ids)), 0), (_customer_pending(), 1), else_=2)


def customer_sort(customer_id, name) -> ColumnElement:
    """A customer's name as lists sort it: the pinyin key of ``local_db.search.sort_key``
    (its name until the index has caught up with it)."""
    entry = cindex.alias("sort_entry")
    key = select(entry.c.sort_key).where(entry.c.customer_id == customer_id).scalar_subquery()
    return func.coalesce(key, name)


CUSTOMER_SORT_KEYS: dict[str, ColumnElement | None] = {
    "code": customers.c.code,
    "name": func.coalesce(cindex.c.sort_key, customers.c.name),
    "city": customers.c.city,
    "phone": customers.c.phone,
    "tier": _enum_rank(customers.c.tier, E.ValueTier),
    "lifecycle_stage": _enum_rank(customers.c.lifecycle_stage, E.LifecycleStage),
    "visit_grade": customers.c.visit_grade,
    "owner": owner.c.display_name,
    "territory": territory.c.name,
    "due_on": cindex.c.due_on,  # never visited (no date) first: due now
    "last_visit": cindex.c.last_visit_at,
    "sync_state": None,  # needs the sync issues: built per query
}
DEFAULT_CUSTOMER_SORT = Sort("name")


def customers_with_issues(session: Session) -> list[str]:
    """Customers with a sync issue on their own row or on a record of theirs."""
    found: set[str] = set()
    unknown: dict[str, list[str]] = {}
    for entity, row_id, changes, server in session.execute(
        select(SyncIssue.entity, SyncIssue.row_id, SyncIssue.changes, SyncIssue.server_values)
    ):
        declared = BY_NAME.get(entity)
        if declared is None or declared.scope is not Scope.CUSTOMER:
            continue
        if entity == "customer":
            found.add(row_id)
            continue
        cid = (changes or {}).get("customer_id") or (server or {}).get("customer_id")
        if cid:
            found.add(cid)
        else:
            unknown.setdefault(entity, []).append(row_id)
    for entity, ids in unknown.items():
        t = TABLES[entity]
        found.update(session.scalars(select(t.c.customer_id).where(t.c.id.in_(ids))))
    return sorted(found)


def _digits_of(col) -> ColumnElement:
    for sep in ("-", " ", "+", "(", ")", "."):
        col = func.replace(col, sep, "")
    return col


def _like_word(word: str) -> ColumnElement:
    """One typed word against the raw columns of a customer not indexed yet."""
    pattern = _like(word)
    conds = [
        c.like(pattern, escape="\\")
        for c in (customers.c.name, customers.c.code, customers.c.address, customers.c.city)
    ]
    person = [contacts.c.name.like(pattern, escape="\\")]
    if word.isdigit():
        conds += [
            _digits_of(customers.c.phone).like(pattern, escape="\\"),
            _digits_of(customers.c.fax).like(pattern, escape="\\"),
        ]
        person += [
            _digits_of(contacts.c.phone).like(pattern, escape="\\"),
            _digits_of(contacts.c.mobile).like(pattern, escape="\\"),
        ]
    conds.append(
        exists().where(contacts.c.customer_id == customers.c.id, contacts.c.deleted == false(), or_(*person))
    )
    return or_(*conds)


def _text_condition(session: Session, text: str, backlog: bool | None = None) -> ColumnElement | None:
    """What the user typed, as a condition on ``customers`` (see local_db.search).

    ``backlog``: whether the search index lags behind, when the caller already asked."""
    expression = search.match_expression(text)
    if expression is None:
        return None
    if not expression:
        return false()
    indexed = customers.c.id.in_(search.matching_customer_ids(expression))
    if not (search.backlog(session) if backlog is None else backlog):
        return indexed
    # Some customers changed since their document was built, or have none yet (right after
    # the first sync): they are matched on their current columns instead.
    queued = select(SearchQueue.customer_id)
    return or_(
        and_(indexed, customers.c.id.not_in(queued)),
        and_(search.stale_condition(customers.c.id), *(_like_word(w) for w in search.words(text))),
    )


def _customer_where(
    session: Session,
    text: str,
    filters: CustomerFilters | None,
    today: date,
    issue_ids: Sequence[str],
    backlog: bool | None = None,
) -> list[ColumnElement]:
    where: list[ColumnElement] = [customers.c.deleted == false()]
    matched = _text_condition(session, text, backlog)
    if matched is not None:
        where.append(matched)
    f = filters or CustomerFilters()
    for name in ("tier", "lifecycle_stage", "visit_grade", "territory_id", "owner_id"):
        value = getattr(f, name)
        if value is not None:
            where.append(customers.c[name] == value)
    if f.key_account is not None:
        where.append(
            customers.c.key_account.is_(True)
            if f.key_account
            else or_(customers.c.key_account.is_(False), customers.c.key_account.is_(None))
        )
    if f.visit_due in (DUE, OVERDUE):  # the same customers as Today counts (a planned visit settles it)
        where.extend(_due_where(today, overdue=f.visit_due == OVERDUE))
    if f.sync_state == PENDING:
        where.append(
            customers.c.id.in_(select(OutboxEntry.customer_id).where(OutboxEntry.customer_id.is_not(None)))
        )
    elif f.sync_state == ISSUE:
        where.append(customers.c.id.in_(list(issue_ids)))
    elif f.sync_state == SYNCED:
        where.append(~_customer_pending())
        where.append(customers.c.id.not_in(list(issue_ids)))
    return where


def _customer_from(joins: set[str]):
    source = customers
    if "every_indexed" in joins:  # no backlog: each customer has its entry, and the index can lead
        source = source.join(cindex, cindex.c.customer_id == customers.c.id)
    elif "index" in joins:
        source = source.outerjoin(cindex, cindex.c.customer_id == customers.c.id)
    if "owner" in joins:
        source = source.outerjoin(owner, owner.c.id == customers.c.owner_id)
    if "territory" in joins:
        source = source.outerjoin(territory, territory.c.id == customers.c.territory_id)
    return source


def _filter_joins(filters: CustomerFilters | None) -> set[str]:
    return {"index"} if filters is not None and filters.visit_due else set()


def search_customers(
    session: Session,
    text: str = "",
    filters: CustomerFilters | None = None,
    sort: Sort | None = None,
    offset: int = 0,
    limit: int = 200,
    today: date | None = None,
) -> list[RowMapping]:
    today = today or date.today()
    issue_ids = customers_with_issues(session)
    sort = sort if sort and sort.key in CUSTOMER_SORT_KEYS else DEFAULT_CUSTOMER_SORT
    key = CUSTOMER_SORT_KEYS[sort.key]
    if key is None:
        key = _sync_rank(issue_ids)
    order = [key.desc() if sort.descending else key.asc(), customers.c.id]
    expression = search.match_expression(text)
    caught_up = not search.backlog(session)
    if expression and sort.key == "name" and not (filters and filters.active) and caught_up:
        # The common case while typing: straight from the full-text index, sorted on the
        # index's copy of the name, without reading thousands of wide customer rows.
        name_key = cindex.c.sort_key.desc() if sort.descending else cindex.c.sort_key.asc()
        ids = (
            select(cindex.c.customer_id.label("id"))
            .join(search.customer_fts, search.customer_fts.c.rowid == cindex.c.doc_id)
            .where(search.fts_match(expression))
            .order_by(name_key, cindex.c.customer_id)
        )
    else:
        joins = _filter_joins(filters) | {
            "owner": {"owner"},
            "territory": {"territory"},
            "due_on": {"index"},
            "last_visit": {"index"},
            "name": {"index"},
        }.get(sort.key, set())
        order_ids = order
        if sort.key == "name" and caught_up:
            # Every customer has its pinyin key: sort on the indexed column itself (a
            # COALESCE with the name would sort all 50,000 rows for each page).
            joins |= {"every_indexed"}
            order_ids = [
                cindex.c.sort_key.desc() if sort.descending else cindex.c.sort_key.asc(),
                customers.c.id,
            ]
        ids = (
            select(customers.c.id)
            .select_from(_customer_from(joins))
            .where(and_(*_customer_where(session, text, filters, today, issue_ids, not caught_up)))
            .order_by(*order_ids)
        )
    page = _page(ids, offset, limit).subquery("page")
    stmt = (
        select(
            customers.c.id,
            customers.c.code,
            customers.c.name,
            customers.c.city,
            customers.c.phone,
            customers.c.address,
            customers.c.tier,
            customers.c.lifecycle_stage,
            customers.c.visit_grade,
            customers.c.key_account,
            customers.c.territory_id,
            customers.c.owner_id,
            owner.c.display_name.label("owner_name"),
            territory.c.name.label("territory_name"),
            *_VISIT_FACTS,
            cindex.c.doc_id.is_not(None).label("indexed"),  # false until the index caught up
            _sync_state(issue_ids).label("sync_state"),
        )
        .select_from(
            page.join(customers, customers.c.id == page.c.id)
            .outerjoin(owner, owner.c.id == customers.c.owner_id)
            .outerjoin(territory, territory.c.id == customers.c.territory_id)
            .outerjoin(cindex, cindex.c.customer_id == customers.c.id)
        )
        .order_by(*order)
    )
    return list(session.execute(stmt).mappings())


def count_customers(
    session: Session, text: str = "", filters: CustomerFilters | None = None, today: date | None = None
) -> int:
    today = today or date.today()
    expression = search.match_expression(text)
    backlog = search.backlog(session) if expression else None  # asked once, used twice
    if expression and not (filters and filters.active) and not backlog:
        return search.count_matches(session, expression)
    issue_ids = customers_with_issues(session) if filters is not None and filters.sync_state else []
    stmt = (
        select(func.count())
        .select_from(_customer_from(_filter_joins(filters)))
        .where(and_(*_customer_where(session, text, filters, today, issue_ids, backlog)))
    )
    return int(session.scalar(stmt) or 0)


def most_common_city(session: Session) -> str | None:
    """A city with many customers: a realistic search for demos and screenshots."""
    stmt = (
        select(customers.c.city)
        .where(customers.c.deleted == false(), customers.c.city.is_not(None))
        .group_by(customers.c.city)
        .order_by(func.count().desc(), customers.c.city)
        .limit(1)
    )
    return session.scalar(stmt)


def customer_territories(session: Session) -> list[RowMapping]:
    """The territories of the customers on this laptop (for the list's filter), by name."""
    ids = select(customers.c.territory_id).where(customers.c.deleted == false()).distinct().scalar_subquery()
    stmt = (
        select(territories.c.id, territories.c.code, territories.c.name)
        .where(territories.c.id.in_(ids))
        .order_by(territories.c.name, territories.c.code)
    )
    return list(session.execute(stmt).mappings())


def duplicate_candidates(
    session: Session, name: str | None, phone: str | None, exclude_id: str | None = None, limit: int = 50
) -> list[RowMapping]:
    """Customers that may be the one being entered: same name words or same phone digits.

    A cheap superset found through the search index; ``domain.validation.likely_duplicates``
    decides among them.
    """
    from domain.validation import normalise_company_name, normalise_phone

    probes = []
    key = normalise_company_name(name)
    if len(key) >= 2:
        probes.append(key)
    number = (normalise_phone(phone) or "").split(";ext=", 1)[0].lstrip("+")
    if number.startswith("86"):
        number = number[2:]
    if len(number) >= 7:
        probes.append(number[-8:])
    if not probes:
        return []
    where = [
        customers.c.deleted == false(),
        or_(*(c for c in (_text_condition(session, p) for p in probes) if c is not None)),
    ]
    if exclude_id:
        where.append(customers.c.id != exclude_id)
    stmt = (
        select(customers.c.id, customers.c.code, customers.c.name, customers.c.phone, customers.c.city)
        .where(*where)
        .order_by(customers.c.name)
        .limit(limit)
    )
    return list(session.execute(stmt).mappings())


# -- visits, quotes, complaints, users -------------------------------------------------------

customer_name = customers.c.name.label("customer_name")
rep = users.alias("rep")
visit_when = func.coalesce(visits.c.check_in_at, visits.c.planned_at)

VISIT_SORT_KEYS: dict[str, ColumnElement] = {
    "when": visit_when,
    "customer": customer_sort(visits.c.customer_id, customers.c.name),
    "rep": rep.c.display_name,
    "status": _enum_rank(visits.c.status, E.VisitStatus),
    "purpose": _enum_rank(visits.c.purpose, E.VisitPurpose),
    "outcome": _enum_rank(visits.c.outcome, E.VisitOutcome),
    # Money is stored as exact decimal text; sort it numerically.
    "order_amount": cast(visits.c.order_amount, Float),
}
DEFAULT_VISIT_SORT = Sort("when", descending=True)


@dataclass(frozen=True)
class VisitFilter:
    """What the Visits page narrows to; every part optional, all combined with AND.

    ``text`` is the customer list's search (name, pinyin, initials, code, phone, through the
    full-text index); ``start``/``end`` are UTC instants (``start <= when < end``, the local
    day bounds the page computes), compared with the visit's check-in, else its planned time.
    """

    text: str = ""
    start: datetime | None = None
    end: datetime | None = None
    purpose: str | None = None
    statuses: tuple[str, ...] = ()

    @property
    def active(self) -> bool:
        return bool(self.text.strip() or self.start or self.end or self.purpose or self.statuses)


def _visit_where(statuses: Sequence[str] | None, filters: VisitFilter | None = None) -> list[ColumnElement]:
    where: list[ColumnElement] = [visits.c.deleted == false()]
    if statuses:
        where.append(visits.c.status.in_(list(statuses)))
    f = filters or VisitFilter()
    if f.statuses:
        where.append(visits.c.status.in_(list(f.statuses)))
    if f.purpose:
        where.append(visits.c.purpose == f.purpose)
    if f.start is not None:
        where.append(visit_when >= f.start)
    if f.end is not None:
        where.append(visit_when < f.end)
    expression = search.match_expression(f.text)
    if expression is not None:
        where.append(
            visits.c.customer_id.in_(search.matching_customer_ids(expression)) if expression else false()
        )
    return where


def list_visits(
    session: Session,
    sort: Sort | None = None,
    offset: int = 0,
    limit: int = 200,
    statuses: Sequence[str] | None = None,
    filters: VisitFilter | None = None,
) -> list[dict[str, Any]]:
    """A page of the visit log; ``evidence``: each visit's flagged attachments
    (``local_db.evidence.visit_flags``)."""
    stmt = (
        select(
            visits.c.id,
            visits.c.customer_id,
            visit_when.label("when"),
            visits.c.planned_at,
            visits.c.check_in_at,
            visits.c.check_out_at,
            visits.c.status,
            visits.c.purpose,
            visits.c.channel,
            visits.c.outcome,
            visits.c.order_amount,
            customer_name,
            rep.c.display_name.label("rep_name"),
        )
        .select_from(
            visits.outerjoin(customers, customers.c.id == visits.c.customer_id).outerjoin(
                rep, rep.c.id == visits.c.rep_id
            )
        )
        .where(and_(*_visit_where(statuses, filters)))
        .order_by(*_order(sort, VISIT_SORT_KEYS, DEFAULT_VISIT_SORT, visits.c.id))
    )
    rows = [dict(r) for r in session.execute(_page(stmt, offset, limit)).mappings()]
    flagged = evidence.visit_flags(session, [r["id"] for r in rows])  # the page's doubtful photos
    for r in rows:
        r["evidence"] = flagged.get(r["id"], ())
    return rows


def count_visits(
    session: Session, statuses: Sequence[str] | None = None, filters: VisitFilter | None = None
) -> int:
    stmt = select(func.count()).select_from(visits).where(and_(*_visit_where(statuses, filters)))
    return int(session.scalar(stmt) or 0)


# -- the customer file (360°) ------------------------------------------------------------------

payments = TABLES["payment"]


def customer_balance(session: Session, customer_id: str, today: date | None = None):
    """What the customer owes (``domain.credit.OpenBalance``): open and overdue receivables."""
    from domain.credit import OpenItem, open_balance
    from domain.enums import ReceivableStatus

    r = TABLES["receivable"]
    rows = session.execute(
        select(r.c.amount, r.c.paid_amount, r.c.due_date, r.c.status).where(
            r.c.customer_id == customer_id, r.c.deleted == false()
        )
    )
    return open_balance(
        (
            OpenItem(
                row.amount or 0,
                row.paid_amount or 0,
                row.due_date,
                row.status == ReceivableStatus.WRITTEN_OFF.value,
            )
            for row in rows
        ),
        today or date.today(),
    )


def customer_detail(session: Session, customer_id: str) -> RowMapping | None:
    """Every field of a customer, with the names it refers to and its visit facts."""
    stmt = (
        select(
            customers,
            territory.c.name.label("territory_name"),
            owner.c.display_name.label("owner_name"),
            manager.c.display_name.label("account_manager_name"),
            *_VISIT_FACTS,
        )
        .select_from(
            customers.outerjoin(territory, territory.c.id == customers.c.territory_id)
            .outerjoin(owner, owner.c.id == customers.c.owner_id)
            .outerjoin(manager, manager.c.id == customers.c.account_manager_id)
            .outerjoin(cindex, cindex.c.customer_id == customers.c.id)
        )
        .where(customers.c.id == customer_id, customers.c.deleted == false())
    )
    return session.execute(stmt).mappings().first()


def customer_sync_state(session: Session, customer_id: str) -> str:
    if customer_id in customers_with_issues(session):
        return ISSUE
    pending = session.scalar(
        select(OutboxEntry.client_seq).where(OutboxEntry.customer_id == customer_id).limit(1)
    )
    return PENDING if pending is not None else SYNCED


def customer_contacts(session: Session, customer_id: str) -> list[RowMapping]:
    """The customer's contacts, the primary one first."""
    stmt = (
        select(contacts)
        .where(contacts.c.customer_id == customer_id, contacts.c.deleted == false())
        .order_by(case((contacts.c.is_primary.is_(True), 0), else_=1), contacts.c.name, contacts.c.id)
    )
    return list(session.execute(stmt).mappings())


def contact_row(session: Session, contact_id: str) -> RowMapping | None:
    return (
        session.execute(select(contacts).where(contacts.c.id == contact_id, contacts.c.deleted == false()))
        .mappings()
        .first()
    )


def _day_end(day: date) -> datetime:
    """A date-only event (a payment, a quote's issue date) sorts at the end of its local day."""
    return datetime.combine(day, time(23, 59, 59)).astimezone().astimezone(timezone.utc)


def customer_timeline(session: Session, customer_id: str, limit: int = 300) -> list[dict[str, Any]]:
    """Visits, quotes, complaints and payments of one customer in one list, newest first.

    Each item: ``kind`` (visit, quote, complaint, payment), ``id``, ``when`` (an aware UTC
    instant; date-only events at the end of their local day), ``date_only`` and the row.
    A customer has hundreds of such records at most, so they are merged here.
    """
    items: list[dict[str, Any]] = []
    for r in session.execute(
        select(visits, rep.c.display_name.label("rep_name"))
        .select_from(visits.outerjoin(rep, rep.c.id == visits.c.rep_id))
        .where(visits.c.customer_id == customer_id, visits.c.deleted == false())
    ).mappings():
        when = r["check_in_at"] or r["planned_at"]
        if when is not None:
            items.append({"kind": "visit", "id": r["id"], "when": when, "date_only": False, "row": r})
    for r in session.execute(
        select(quotes).where(quotes.c.customer_id == customer_id, quotes.c.deleted == false())
    ).mappings():
        items.append(
            {"kind": "quote", "id": r["id"], "when": _day_end(r["issue_date"]), "date_only": True, "row": r}
        )
    for r in session.execute(
        select(complaints).where(complaints.c.customer_id == customer_id, complaints.c.deleted == false())
    ).mappings():
        items.append(
            {"kind": "complaint", "id": r["id"], "when": r["recorded_at"], "date_only": False, "row": r}
        )
    for r in session.execute(
        select(payments).where(payments.c.customer_id == customer_id, payments.c.deleted == false())
    ).mappings():
        items.append(
            {"kind": "payment", "id": r["id"], "when": _day_end(r["paid_on"]), "date_only": True, "row": r}
        )
    items.sort(key=lambda i: (i["when"], i["id"]), reverse=True)
    return items[:limit]


# -- visit planning -------------------------------------------------------------------------

_PLANNED = E.VisitStatus.PLANNED.value
_OPEN = (E.VisitStatus.IN_PROGRESS.value, E.VisitStatus.RETURNED.value)  # ix_visits_status_open

#: What a visit row shows of its customer.
_VISIT_CUSTOMER = (
    customers.c.name.label("customer_name"),
    customers.c.code.label("customer_code"),
    customers.c.address.label("customer_address"),
    customers.c.visit_grade,
)
_visit_columns = (
    visits.c.id,
    visits.c.customer_id,
    visits.c.rep_id,
    visits.c.contact_id,
    visits.c.status,
    visits.c.planned_at,
    visits.c.check_in_at,
    visits.c.check_out_at,
    visits.c.purpose,
    visits.c.channel,
    visits.c.notes,
    visits.c.review_comment,
    visits.c.reviewed_at,
    *_VISIT_CUSTOMER,
    customers.c.tier,
    customers.c.latitude,
    customers.c.longitude,
)
#: Visits with their customer (every visit has one).
_visits_and_customers = visits.join(customers, customers.c.id == visits.c.customer_id)


def _visit_list(session: Session, where, *order) -> list[RowMapping]:
    """The visits matching ``where`` (with :data:`_visit_columns`), in ``order``."""
    stmt = select(*_visit_columns).select_from(_visits_and_customers).where(*where).order_by(*order)
    return list(session.execute(stmt).mappings())


def planned_visits(
    session: Session, start: datetime, end: datetime, rep_id: str | None = None
) -> list[RowMapping]:
    """Planned visits with ``start <= planned_at < end``, earliest first."""
    where = [
        visits.c.status == _PLANNED,
        visits.c.planned_at >= start,
        visits.c.planned_at < end,
        visits.c.deleted == false(),
    ]
    if rep_id:
        where.append(visits.c.rep_id == rep_id)
    return _visit_list(session, where, visits.c.planned_at, visits.c.id)


def open_visits(session: Session, rep_id: str | None = None) -> list[RowMapping]:
    """Visits in progress (checked in) and logs a supervisor returned, newest first."""
    where = [visits.c.status.in_(_OPEN), visits.c.deleted == false()]
    if rep_id:
        where.append(visits.c.rep_id == rep_id)
    return _visit_list(
        session, where, func.coalesce(visits.c.reviewed_at, visits.c.check_in_at).desc(), visits.c.id
    )


def customer_open_visits(session: Session, customer_id: str) -> list[RowMapping]:
    """A customer's planned and running visits (for "check in here"), earliest plan first."""
    where = (
        visits.c.customer_id == customer_id,
        visits.c.deleted == false(),
        visits.c.status.in_((_PLANNED, E.VisitStatus.IN_PROGRESS.value)),
    )
    return _visit_list(session, where, visits.c.planned_at, visits.c.id)


def _due_where(today: date, overdue: bool = False) -> list[ColumnElement]:
    """Due (or only overdue) for a visit by the grade, with no visit planned yet: the one
    definition behind Today's list and counts and the customer list's filter.

    Never visited counts as due, not as overdue."""
    # The terms of the partial index ix_customer_index_due, written the same way, so SQLite
    # walks that index (grade, due date) and stops at the page's end.
    unplanned = text("customer_index.active = 1 AND customer_index.planned_at IS NULL")
    if overdue:
        return [unplanned, cindex.c.due_on < today]
    return [unplanned, or_(cindex.c.due_on.is_(None), cindex.c.due_on <= today)]


def due_customers(session: Session, today: date, limit: int = 100) -> list[RowMapping]:
    """Customers due or overdue for a visit by their grade with no visit planned yet.

    Grade A first; within a grade, never-visited customers first, then the longest overdue.
    """
    page = (
        select(cindex.c.customer_id, cindex.c.grade, cindex.c.due_on, cindex.c.name)
        .where(*_due_where(today))
        .order_by(cindex.c.grade, cindex.c.due_on, cindex.c.sort_key, cindex.c.customer_id)
        .limit(limit)
        .subquery("due")
    )
    stmt = (
        select(
            customers.c.id,
            customers.c.code,
            customers.c.name,
            customers.c.address,
            page.c.grade.label("visit_grade"),
            customers.c.tier,
            customers.c.latitude,
            customers.c.longitude,
            page.c.due_on,
            cindex.c.last_visit_at,
        )
        .select_from(
            page.join(customers, customers.c.id == page.c.customer_id).join(
                cindex, cindex.c.customer_id == page.c.customer_id
            )
        )
        .order_by(page.c.grade, page.c.due_on, page.c.name, page.c.customer_id)
    )
    return list(session.execute(stmt).mappings())


def count_due_customers(session: Session, today: date) -> tuple[int, int]:
    """(due or overdue, of which overdue) among customers with no visit planned."""
    stmt = (
        select(func.count(), func.count(case((cindex.c.due_on < today, 1))))
        .select_from(cindex)
        .where(*_due_where(today))
    )
    due, overdue = session.execute(stmt).one()
    return int(due or 0), int(overdue or 0)


def visit_row(session: Session, visit_id: str) -> RowMapping | None:
    stmt = (
        select(visits, *_VISIT_CUSTOMER)
        .select_from(_visits_and_customers)
        .where(visits.c.id == visit_id, visits.c.deleted == false())
    )
    return session.execute(stmt).mappings().first()


def rep_territories(session: Session, user_id: str) -> list[RowMapping]:
    """The territories (and grid cells) a user is assigned, directly or through a region."""
    assignments = TABLES["assignment"]
    rows = list(
        session.execute(
            select(
                territories.c.id,
                territories.c.code,
                territories.c.name,
                territories.c.kind,
                territories.c.parent_id,
            ).where(territories.c.deleted == false())
        ).mappings()
    )
    children: dict[str | None, list] = {}
    for r in rows:
        children.setdefault(r["parent_id"], []).append(r)
    todo = list(
        session.scalars(
            select(assignments.c.territory_id).where(
                assignments.c.user_id == user_id,
                assignments.c.territory_id.is_not(None),
                assignments.c.deleted == false(),
            )
        )
    )
    by_id = {r["id"]: r for r in rows}
    found: dict[str, RowMapping] = {}
    while todo:
        node = todo.pop()
        if node in found or node not in by_id:
            continue
        found[node] = by_id[node]
        todo.extend(r["id"] for r in children.get(node, ()))
    usable = [r for r in found.values() if r["kind"] != E.NodeKind.REGION.value]
    return sorted(usable, key=lambda r: (r["kind"] != E.NodeKind.TERRITORY.value, r["name"], r["code"]))


def user_name(session: Session, user_id: str | None) -> str | None:
    if not user_id:
        return None
    return session.scalar(select(users.c.display_name).where(users.c.id == user_id))


def user_names(session: Session, user_ids: Iterable[str | None]) -> dict[str, str]:
    """The display names of these users (in one query); an unknown user is left out."""
    wanted = {u for u in user_ids if u}
    if not wanted:
        return {}
    return dict(session.execute(select(users.c.id, users.c.display_name).where(users.c.id.in_(wanted))).all())


# -- local state: drafts and saved filters ---------------------------------------------------


def load_draft(session: Session, key: str) -> dict[str, Any] | None:
    draft = session.get(Draft, key)
    return None if draft is None else dict(draft.data or {})


def save_draft(
    session: Session, key: str, kind: str, data: dict[str, Any], customer_id: str | None = None
) -> None:
    draft = session.get(Draft, key)
    now = datetime.now(timezone.utc)
    if draft is None:
        session.add(Draft(key=key, kind=kind, customer_id=customer_id, data=data, updated_at=now))
    else:
        draft.data, draft.customer_id, draft.updated_at = data, customer_id, now
    session.flush()


def delete_draft(session: Session, key: str) -> None:
    session.execute(delete(Draft).where(Draft.key == key))


def saved_filters(session: Session) -> list[tuple[int, str, CustomerFilters]]:
    rows = session.execute(
        select(SavedFilter.id, SavedFilter.name, SavedFilter.filters).order_by(SavedFilter.name)
    )
    return [(i, name, CustomerFilters.from_dict(data)) for i, name, data in rows]


def save_filter(session: Session, name: str, filters: CustomerFilters) -> int:
    """Store ``filters`` under ``name`` (replacing a filter of that name); returns its id."""
    name = name.strip()
    if not name:
        raise ValueError("a saved filter needs a name")
    row = session.scalar(select(SavedFilter).where(SavedFilter.name == name))
    if row is None:
        row = SavedFilter(name=name, filters=filters.as_dict(), created_at=datetime.now(timezone.utc))
        session.add(row)
    else:
        row.filters = filters.as_dict()
    session.flush()
    return row.id


def delete_filter(session: Session, filter_id: int) -> None:
    session.execute(delete(SavedFilter).where(SavedFilter.id == filter_id))
