"""A realistic demo organisation (`fieldsales-server seed-demo`).

``seed_demo(store, customers=2000, seed=2026, as_of=None)`` fills an *empty* database with
three regions, nine territories (and a few grid cells), an admin, two supervisors and eight
reps (all with the password ``demo1234``, see :data:`DEMO_LOGINS`), a 60-product catalog
with three tier price lists, and ``customers`` customers with a year of consistent history
up to ``as_of``: contacts, visits, quotes with lines, receivables and payments, complaints,
and monthly sales targets; and a few dozen drawn photos on visits and complaints
(``server.demo_photos``), their bytes in the server's blob store.

Deterministic: the same ``(customers, seed, as_of)`` gives the same ids and values on any
machine and on SQLite or PostgreSQL. Every random choice comes from ``random.Random``
instances derived from ``seed``, and ids are UUIDv7 whose timestamp is the row's creation
time in the story and whose random bits come from those instances. (Only the bookkeeping
columns ``updated_at`` and the password hashes' salts differ between runs.)

Consistency (what ``server.integrity.check_consistency`` verifies, and more):

* every row of a customer is made by its owner (the rep of its territory); visits and
  quotes point only at that customer's contacts; quote lines carry their quote's customer;
* quote amounts follow the pricing rule (``server.integrity.quote_totals``), unit prices
  come from the customer's tier price list with volume breaks; quote statuses follow the
  workflow (``domain.quote_lifecycle``): only quotes whose discount exceeds the rep's limit
  go through approval, a ``sent`` quote is still valid, an ``expired`` one is not;
* each accepted quote is an order with a receivable (its total, issued on acceptance, due
  after the customer's payment terms) and the payments made so far (on time, late, partial
  or none); ``paid_amount`` and ``status`` follow from them;
* lifecycle stage and churn risk are computed from the accepted quotes with
  ``domain.classification``; credit score and grade with ``domain.credit`` from the
  payment record; visit grade from the tier; value tiers are cut 5/15/50/30 %;
* complaints follow the workflow and SLA defaults of ``domain.complaints``;
* all history lies in the year before ``as_of``, on working days in business hours
  (China time, stored in UTC); only planned visits lie ahead, in the next two weeks.

History per customer is scaled down for large organisations (by default by
``sqrt(2000 / customers)`` below 1, so 50,000 customers give about 0.4 million rows).
"""

from __future__ import annotations

import bisect
import math
import random
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo

from pypinyin import lazy_pinyin
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from domain import schema as S
from domain.classification import (
    DEFAULT_VISIT_INTERVALS,
    churn_risk,
    default_visit_grade,
    lifecycle_stage,
    tier_cut_counts,
)
from domain.complaints import ClockTimes, breaches, escalation_level_for, sla_due
from domain.credit import (
    CreditItems,
    PaymentTimeliness,
    credit_limit,
    payment_record_score_dated,
    rate_credit,
)
from domain.enums import (
    AttachmentParent,
    ComplaintCategory,
    ComplaintChannel,
    ComplaintStatus,
    CreditGrade,
    CustomerType,
    EscalationLevel,
    LifecycleStage,
    LocationSource,
    NodeKind,
    PaymentMethod,
    QuoteStatus,
    ReceivableStatus,
    Remedy,
    Role,
    SalesStage,
    Severity,
    ValueTier,
    VisitChannel,
    VisitOutcome,
    VisitPurpose,
    VisitStatus,
)
from domain.money import round_half_up
from domain.org_settings import DEFAULT_TIME_ZONE, TIME_ZONE_KEY, time_zone_to_json
from domain.pricing import PriceListItem, lookup_unit_price
from domain.quote_lifecycle import format_quote_number
from server import classify, jobs, org_settings
from server import demo_names as N
from server.audit import audit
from server.blobs import BlobStore, FileSystemBlobStore, default_blob_dir
from server.integrity import quote_totals
from server.org import OrgError, create_user
from server.scope import refresh_scope
from server.store.changes import allocate_seq, insert_rows, now, update_row
from server.store.db import Store
from server.store.tables import TABLES, Setting, UserScope

DEMO_PASSWORD = "demo1234"


class DemoLogin(NamedTuple):
    username: str
    password: str
    role: str
    display_name: str


#: Every demo account (the desktop demo and the README list these).
DEMO_LOGINS: tuple[DemoLogin, ...] = (
    DemoLogin(N.ADMIN[0], DEMO_PASSWORD, Role.ADMIN.value, N.ADMIN[1]),
    *(DemoLogin(u, DEMO_PASSWORD, Role.SUPERVISOR.value, name) for u, name, _home, _regions in N.SUPERVISORS),
    *(DemoLogin(u, DEMO_PASSWORD, Role.REP.value, name) for u, name, *_rest in N.REPS),
)

CHINA = timezone(timedelta(hours=8))
UTC = timezone.utc
CURRENCY = "CNY"
CHUNK = 2000  # customers built and written per batch

ZERO = Decimal("0.00")
CENT = Decimal("0.01")

T = ValueTier
# Quotes per customer and year, and background visits per customer and year, at scale 1.
QUOTE_RATE = {T.VIP: 30.0, T.MAJOR: 18.0, T.ORDINARY: 9.0, T.SMALL: 6.0}
VISIT_RATE = {"A": 14.0, "B": 5.0, "C": 2.0}
#: A rep's day holds at most this many visits (planned ones included); routine visits
#: leave room for the ones a quote or a complaint brings on the same day.
MAX_VISITS_A_DAY = 8
LINKED_VISITS_ROOM = 2
PLANNED_VISIT_P = {"A": 0.6, "B": 0.2, "C": 0.05}
QTY_FACTOR = {T.VIP: 3.0, T.MAJOR: 2.0, T.ORDINARY: 1.0, T.SMALL: 0.5}
LINES = {T.VIP: (2, 5), T.MAJOR: (2, 4), T.ORDINARY: (1, 3), T.SMALL: (1, 2)}
PRICE_LIST_OF_TIER = {T.VIP: 0, T.MAJOR: 0, T.ORDINARY: 1, T.SMALL: 2}
# Lifecycle patterns the history is drawn from (the stage itself is computed from the orders).
PATTERNS = ("prospect", "new", "growth", "stable", "declining", "lost")
PATTERN_WEIGHTS = {
    T.VIP: (0, 5, 30, 60, 5, 0),
    T.MAJOR: (0, 8, 25, 57, 7, 3),
    T.ORDINARY: (8, 10, 22, 48, 7, 5),
    T.SMALL: (20, 10, 12, 45, 6, 7),
}
# Payment behaviour: (good, slow, bad) shares per tier; payment terms (days) per behaviour.
PAYER_WEIGHTS = {T.VIP: (96, 4, 0), T.MAJOR: (84, 14, 2), T.ORDINARY: (75, 18, 7), T.SMALL: (65, 22, 13)}
TERMS = {
    "good": {T.VIP: 60, T.MAJOR: 45, T.ORDINARY: 30, T.SMALL: 15},
    "slow": {T.VIP: 45, T.MAJOR: 30, T.ORDINARY: 30, T.SMALL: 15},
    "bad": {T.VIP: 30, T.MAJOR: 15, T.ORDINARY: 15, T.SMALL: 0},
}
SEVERITY_WEIGHTS = ((Severity.LOW, 30), (Severity.MEDIUM, 40), (Severity.HIGH, 22), (Severity.CRITICAL, 8))


# --------------------------------------------------------------------------- small helpers


def _ms(at: datetime) -> int:
    return (at - datetime(1970, 1, 1, tzinfo=UTC)) // timedelta(milliseconds=1)


def make_id(rng: random.Random, at: datetime) -> str:
    """A UUIDv7: 48-bit ms timestamp of ``at``, version 7, variant 10, 74 bits from ``rng``."""
    rand = rng.getrandbits(74)
    value = (
        (_ms(at) & 0xFFFF_FFFF_FFFF) << 80
        | 0x7 << 76
        | (rand >> 62) << 64
        | 0b10 << 62
        | (rand & ((1 << 62) - 1))
    )
    h = f"{value:032x}"
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def _pick(rng: random.Random, weighted: tuple[tuple[Any, int | float], ...] | list) -> Any:
    total = sum(w for _, w in weighted)
    x = rng.random() * total
    for value, w in weighted:
        x -= w
        if x < 0:
            return value
    return weighted[-1][0]


def _poisson(rng: random.Random, lam: float) -> int:
    if lam <= 0:
        return 0
    if lam > 30:  # normal approximation, plenty for a demo
        return max(0, round(rng.gauss(lam, math.sqrt(lam))))
    limit, k, prod = math.exp(-lam), 0, rng.random()
    while prod > limit:
        k += 1
        prod *= rng.random()
    return k


#: The demo organisation's time zone (its ``time_zone`` setting): the story happens in it.
ZONE = ZoneInfo(DEFAULT_TIME_ZONE)


def _local_date(at: datetime) -> date:
    return at.astimezone(ZONE).date()


def _at_minute(d: date, minute: int) -> datetime:
    """``minute`` minutes after the organisation's local midnight of ``d``, as a UTC instant."""
    return (datetime(d.year, d.month, d.day, tzinfo=ZONE) + timedelta(minutes=minute)).astimezone(UTC)


def _business_time(rng: random.Random, d: date, start_h: float = 9.0, end_h: float = 17.5) -> datetime:
    return _at_minute(d, rng.randint(int(start_h * 60), int(end_h * 60)))


#: When people at the organisation answer, sync and review (weekdays, its local time, in minutes).
WORK_START, WORK_END = 8 * 60 + 30, 18 * 60 + 30


def _in_working_hours(
    rng: random.Random, at: datetime, not_before: datetime | None = None, not_after: datetime | None = None
) -> datetime:
    """``at`` if it falls in the working hours, else a moment near the end of the working day
    before it or the start of the one after, whichever is nearer (a reply drafted at 23:00
    goes out at the end of that day or the next morning; a visit is synced before the rep
    leaves or the next morning) — within [``not_before``, ``not_after``] when given (a
    response stays after the complaint and, if it was on time, on time)."""
    if not_before is not None and not_after is not None and not_after < not_before:
        not_after = not_before
    local = at.astimezone(ZONE)
    d, minute = local.date(), local.hour * 60 + local.minute
    workday = d.weekday() < 5
    if workday and WORK_START <= minute < WORK_END:
        return at
    back_day = d if workday and minute >= WORK_END else d - timedelta(days=1)
    while back_day.weekday() >= 5:
        back_day -= timedelta(days=1)
    ahead_day = d if workday and minute < WORK_START else d + timedelta(days=1)
    while ahead_day.weekday() >= 5:
        ahead_day += timedelta(days=1)
    back = _at_minute(back_day, WORK_END - rng.randint(5, 60))
    ahead = _at_minute(ahead_day, WORK_START + rng.randint(5, 60))
    if not_after is not None and ahead > not_after:
        chosen = back
    elif not_before is not None and back < not_before:
        chosen = ahead
    else:
        chosen = back if at - back <= ahead - at else ahead
    if not_before is not None:
        chosen = max(chosen, not_before)
    return min(chosen, not_after) if not_after is not None else chosen


def _workday(d: date, lo: date, hi: date) -> date:
    """``d`` moved off a weekend, within [lo, hi]: to a weekday of the same week that varies
    from week to week (always the Friday would pile the weekends' work onto Fridays), else
    to the Friday before or the Monday after."""
    wd = d.weekday()
    if wd < 5:
        return d
    spread = d - timedelta(days=wd) + timedelta(days=d.toordinal() % 5)
    if lo <= spread <= hi:
        return spread
    friday = d - timedelta(days=wd - 4)
    if friday >= lo:
        return friday
    monday = d + timedelta(days=7 - wd)
    return monday if monday <= hi else d


_MONDAY = date(2000, 1, 3)


def _weekdays_before(d: date) -> int:
    """How many weekdays (Mon–Fri) lie between a fixed Monday and ``d`` (excluded)."""
    weeks, rest = divmod((d - _MONDAY).days, 7)
    return weeks * 5 + min(rest, 5)


def _weekday_number(n: int) -> date:
    weeks, rest = divmod(n, 5)
    return _MONDAY + timedelta(days=weeks * 7 + rest)


def _day_between(rng: random.Random, lo: date, hi: date, skew: float = 1.0) -> date:
    """A weekday in [lo, hi], every weekday alike (``skew`` > 1 favours the early ones).

    Drawn among the weekdays themselves: moving a weekend draw to the Friday would give
    Fridays three times the visits of a Tuesday.
    """
    first, end = _weekdays_before(lo), _weekdays_before(hi + timedelta(days=1))
    if end <= first:  # a weekend and nothing else
        return _workday(lo, lo, hi)
    span = end - first
    return _weekday_number(first + min(span - 1, int(span * rng.random() ** skew)))


def _money(rng: random.Random, lo: float, hi: float) -> Decimal:
    return Decimal(rng.randint(int(lo * 100), int(hi * 100))) / 100


def _coord(value: float) -> Decimal:
    return Decimal(f"{value:.6f}")


def _round_thousand(value: Decimal) -> Decimal:
    return (value / 1000).quantize(Decimal(1), rounding=ROUND_HALF_UP) * 1000


class _Pinyin:
    def __init__(self) -> None:
        self._cache: dict[str, str] = {}

    def __call__(self, text: str) -> str:
        out = self._cache.get(text)
        if out is None:
            out = self._cache[text] = "".join(lazy_pinyin(text))
        return out


# --------------------------------------------------------------------------- the world


@dataclass
class _Rep:
    id: str
    username: str
    code: str
    supervisor_id: str


@dataclass
class _Product:
    id: str
    sku: str
    name: str
    unit: str
    category: int
    list_price: Decimal
    tax_rate: Decimal


@dataclass
class _PlannedQuote:
    id: str
    issue_at: datetime
    status: QuoteStatus
    over_limit: bool
    valid_until: date
    approved_at: datetime | None = None
    sent_at: datetime | None = None
    decided_at: datetime | None = None
    number: str = ""


@dataclass
class _Cust:
    idx: int
    place: int
    node: str  # territory or grid code
    ctype: CustomerType
    size: float
    seed_a: int
    seed_b: int
    tier: ValueTier = T.SMALL
    pattern: str = "stable"
    created_at: datetime | None = None
    quotes: list[_PlannedQuote] = field(default_factory=list)


class _Batch:
    """Rows of a chunk of customers per entity, written in dependency order."""

    ORDER = (S.CUSTOMER, S.CONTACT, S.VISIT, S.QUOTE, S.QUOTE_LINE, S.COMPLAINT, S.RECEIVABLE, S.PAYMENT)

    def __init__(self) -> None:
        self.rows: dict[str, list[dict[str, Any]]] = {e.name: [] for e in self.ORDER}

    def add(self, entity: S.Entity, row: dict[str, Any]) -> None:
        self.rows[entity.name].append(row)


_QUANTA: dict[str, list[tuple[str, Decimal]]] = {
    e.name: [(f.name, Decimal(1).scaleb(-f.scale)) for f in e.fields if f.kind is S.Kind.DECIMAL]
    for e in S.ENTITIES
}


class _Writer:
    def __init__(self, session: Session, seq: int, by: str | None):
        self.session, self.seq, self.by = session, seq, by
        self.counts: dict[str, int] = defaultdict(int)

    def write(self, entity: S.Entity, rows: list[dict[str, Any]]) -> None:
        """Insert ``rows`` with decimals at their column's scale (as PostgreSQL would store them)."""
        quanta = _QUANTA[entity.name]
        for row in rows:
            for name, q in quanta:
                v = row.get(name)
                if v is not None:
                    row[name] = v.quantize(q)
        for i in range(0, len(rows), 5000):
            insert_rows(self.session, entity, rows[i : i + 5000], self.seq, self.by)
        self.counts[entity.table] += len(rows)

    def flush(self, batch: _Batch) -> None:
        for e in batch.ORDER:
            self.write(e, batch.rows[e.name])
            batch.rows[e.name] = []


# --------------------------------------------------------------------------- entry point


def seed_demo(
    store: Store,
    customers: int = 2000,
    seed: int = 2026,
    as_of: date | None = None,
    *,
    history_scale: float | None = None,
    blobs: BlobStore | None = None,
) -> dict[str, int]:
    """Create the demo organisation in an empty database; returns row counts per table.

    ``as_of`` is "today" of the story (default: today's UTC date): history ends the day
    before, planned visits lie in the two weeks from it. ``history_scale`` multiplies the
    amount of history per customer (default: 1 up to 2,000 customers, then
    ``sqrt(2000 / customers)``). The demo photos' bytes go to ``blobs`` (default: the blob
    store the server uses for this database, ``server.blobs.default_blob_dir``).
    """
    if isinstance(customers, bool) or not isinstance(customers, int) or customers < 0:
        raise OrgError(f"The number of customers must be a whole number ≥ 0 (got {customers!r}).")
    if isinstance(as_of, datetime):
        as_of = as_of.date()
    as_of = as_of or datetime.now(UTC).date()
    scale = history_scale if history_scale is not None else min(1.0, math.sqrt(2000 / max(customers, 1)))
    with store.session() as session:
        users = TABLES["user"]
        if session.execute(select(func.count()).select_from(users)).scalar_one():
            raise OrgError("The database already has data; seed-demo needs an empty database.")
        seq = allocate_seq(session)
        seeder = _Seeder(session, seq, seed, as_of, scale)
        summary = seeder.run(customers)
        summary["attachments"] = _demo_photos(store, session, seq, seed, seeder.admin_id, blobs)
        summary["attachments"] += _demo_reused_photo(session, seq, seeder.admin_id)
        org_settings.save(session, TIME_ZONE_KEY, time_zone_to_json(DEFAULT_TIME_ZONE), seeder.admin_id)
        audit(session, seeder.admin_id, "seed_demo", f"customers={customers} seed={seed} as_of={as_of}")
    with store.session() as session:
        # The organisation as after its first scheduled classification run (the admin's
        # Classification tab shows it; the server's scheduler does not redo it for a day):
        # the rules, not the story, have the last word on tiers, stages and credit.
        for cid, record in seeder.assessments.items():
            session.add(
                Setting(key=classify.CREDIT_PREFIX + cid, value=record, updated_at=now(), updated_by=None)
            )
        session.flush()
        run = classify.run(session, as_of=as_of, by=seeder.admin_id)
        assert run is not None
        _key_accounts(session, as_of, seeder.admin_id, run.seq)
        jobs.record_run(
            session, "classification", {"customers": run.customers, "changed": run.changed, "seq": run.seq}
        )
    return summary


def _demo_photos(
    store: Store, session: Session, seq: int, seed: int, by: str, blobs: BlobStore | None
) -> int:
    """Photos on some visits and complaints (``server.demo_photos``), their bytes in the blob
    store the server will serve them from (``blobs``, else the store's default)."""
    from server.demo_photos import add_demo_photos

    store_of_blobs = blobs or FileSystemBlobStore(default_blob_dir(store.engine.url))
    return add_demo_photos(session, seq, store_of_blobs, seed, make_id, by)


def _demo_reused_photo(session: Session, seq: int, by: str) -> int:
    """One demo photo attached again to a later visit of the same rep, judged as the server
    judges it (``server.evidence``): the first supervisor's review queue shows a log with a
    reused photo — "same photo as the visit to …" and "taken before check-in" together."""
    from server import evidence

    users, visits, att = TABLES["user"], TABLES["visit"], TABLES["attachment"]
    sup = session.scalar(select(users.c.id).where(users.c.username == N.SUPERVISORS[0][0]))
    team = select(users.c.id).where(users.c.supervisor_id == sup)
    pictured = select(att.c.parent_id).where(att.c.parent_type == AttachmentParent.VISIT.value)
    waiting = session.execute(
        select(visits.c.id, visits.c.rep_id, visits.c.customer_id, visits.c.check_in_at)
        .where(
            visits.c.rep_id.in_(team),
            visits.c.status == VisitStatus.SUBMITTED.value,
            visits.c.check_in_at.is_not(None),
            visits.c.check_out_at.is_not(None),
            visits.c.id.not_in(pictured),
        )
        .order_by(visits.c.check_in_at.desc(), visits.c.id)
    ).all()
    for later in waiting:  # the latest log waiting for review that has an earlier photo to reuse
        original = (
            session.execute(
                select(att)
                .join(
                    visits,
                    (visits.c.id == att.c.parent_id) & (att.c.parent_type == AttachmentParent.VISIT.value),
                )
                .where(
                    visits.c.rep_id == later.rep_id,
                    visits.c.customer_id != later.customer_id,
                    visits.c.check_in_at < later.check_in_at,
                    att.c.captured_at >= visits.c.check_in_at,
                )
                .order_by(visits.c.check_in_at.desc(), att.c.id)
                .limit(1)
            )
            .mappings()
            .first()
        )
        if original is not None:
            break
    else:
        return 0  # no demo photos to reuse (a tiny demo)
    at = later.check_in_at + timedelta(minutes=6)
    row = {k: original[k] for k in S.ATTACHMENT.field_names if k in original}
    row.update(
        id=make_id(random.Random(later.id), at),
        customer_id=later.customer_id,
        parent_id=later.id,
        created_at=at,
        uploaded_at=at + timedelta(minutes=7),
        latitude=None,
        longitude=None,
        duplicate_of=original["id"],
        duplicate_context=evidence.describe(session, original["id"]).to_json(),
    )
    insert_rows(session, S.ATTACHMENT, [row], seq, by)
    return 1


def _key_accounts(session: Session, as_of: date, by: str, seq: int) -> None:
    """Key accounts after the classification run. A VIP the rules rate C or D (late
    payments) gets no credit by the policy; a real distributor does not put its biggest
    customers on cash in advance overnight: the sales director fixes a limit (a
    classification override, with its reason), about a month of the customer's purchases,
    until the payment record recovers."""
    c, q = TABLES["customer"], TABLES["quote"]
    # The key accounts are the VIPs the rules chose (their owner manages the account).
    for cid, tier, owner, key_account in session.execute(
        select(c.c.id, c.c.tier, c.c.owner_id, c.c.key_account).where(~c.c.deleted)
    ):
        vip = tier == ValueTier.VIP.value
        if bool(key_account) != vip:
            update_row(
                session,
                S.CUSTOMER,
                cid,
                {"key_account": vip, "account_manager_id": owner if vip else None},
                seq,
                by,
            )
    since = as_of - timedelta(days=365)
    vips = session.execute(
        select(c.c.id, c.c.credit_limit).where(~c.c.deleted, c.c.tier == ValueTier.VIP.value)
    )
    # compared here: SQLite keeps decimals as text
    for cid in [cid for cid, limit in vips if Decimal(str(limit or 0)) <= 0]:
        year = session.scalar(
            select(func.coalesce(func.sum(q.c.total), 0)).where(
                q.c.customer_id == cid,
                q.c.status == QuoteStatus.ACCEPTED.value,
                q.c.issue_date >= since,
                ~q.c.deleted,
            )
        )
        limit = max(Decimal(20_000), _round_thousand(Decimal(year) / 12))
        classify.set_override(
            session,
            cid,
            {"credit_limit": str(limit), "payment_terms_days": 30},
            "重点客户：信用额度经销售总监特批，付款记录改善前每季度复核",
            by,
            seq,
        )


class _Seeder:
    def __init__(self, session: Session, seq: int, seed: int, as_of: date, scale: float):
        self.session = session
        self.seq = seq
        self.rng = random.Random(seed)
        self.as_of = as_of
        self.scale = scale
        self.last_day = as_of - timedelta(days=1)
        self.day_load: defaultdict[tuple[str, date], int] = defaultdict(int)  # (rep id, day) -> visits
        self.window_start = as_of - timedelta(days=365)
        self.cutoff = _at_minute(as_of, 0)  # local midnight starting as_of: history lies before it
        self.org_day = as_of - timedelta(days=3 * 365 + 30)
        self.org_at = _at_minute(_workday(self.org_day, self.org_day, as_of), 9 * 60)
        self.pinyin = _Pinyin()
        self.writer: _Writer
        self.admin_id = ""
        self.assessments: dict[str, dict] = {}  # customer id -> the rep's credit assessment
        self._assignments = 0
        self.node_ids: dict[str, str] = {}
        self.rep_of_place: list[_Rep] = []
        self.supervisor_of_region: dict[str, str] = {}
        self.products: list[_Product] = []
        self.breaks: list[dict[str, list[PriceListItem]]] = []  # per price list: product id → items
        self.names_used: set[str] = set()
        self.sales: dict[tuple[str, str], Decimal] = defaultdict(lambda: ZERO)  # (rep id, YYYY-MM) → sales

    def id(self, rng: random.Random, at: datetime) -> str:
        return make_id(rng, at)

    # ----------------------------------------------------------------------- run

    def run(self, n_customers: int) -> dict[str, int]:
        self._org()
        self.writer = _Writer(self.session, self.seq, self.admin_id)
        self.writer.counts["assignments"] = self._assignments
        self._catalog()
        custs = self._skeletons(n_customers)
        for c in custs:
            self._plan(c)
        self._number_quotes(custs)
        for start in range(0, len(custs), CHUNK):
            batch = _Batch()
            for c in custs[start : start + CHUNK]:
                self._build(c, batch)
                c.quotes = []  # the plan is no longer needed
            self.writer.flush(batch)
        self._targets()
        refresh_scope(self.session, self.seq)
        us = UserScope.__table__
        scope_rows = self.session.execute(select(func.count()).select_from(us)).scalar_one()
        t = TABLES["territory"]
        kinds = dict(self.session.execute(select(t.c.kind, func.count()).group_by(t.c.kind)).all())
        counts = self.writer.counts
        return {
            "regions": kinds.get(NodeKind.REGION.value, 0),
            "territories": kinds.get(NodeKind.TERRITORY.value, 0),
            "grid_cells": kinds.get(NodeKind.GRID.value, 0),
            "users": len(DEMO_LOGINS),
            "assignments": counts["assignments"],
            "products": counts["products"],
            "price_lists": counts["price_lists"],
            "price_list_items": counts["price_list_items"],
            "customers": counts["customers"],
            "contacts": counts["contacts"],
            "visits": counts["visits"],
            "quotes": counts["quotes"],
            "quote_lines": counts["quote_lines"],
            "receivables": counts["receivables"],
            "payments": counts["payments"],
            "complaints": counts["complaints"],
            "sales_targets": counts["sales_targets"],
            "user_scope": scope_rows,
        }

    # ----------------------------------------------------------------------- organisation

    def _org(self) -> None:
        rng, s, seq = self.rng, self.session, self.seq
        nodes = []
        for code, name in N.REGIONS:
            nodes.append((code, name, NodeKind.REGION, None))
        for p in N.PLACES:
            nodes.append((p.code, p.name, NodeKind.TERRITORY, p.code.split("-")[0]))
        for g in N.GRIDS:
            nodes.append((g.code, g.name, NodeKind.GRID, g.parent))
        rows = []
        for code, name, kind, parent in nodes:
            self.node_ids[code] = self.id(rng, self.org_at)
            rows.append(
                {
                    "id": self.node_ids[code],
                    "code": code,
                    "name": name,
                    "kind": kind.value,
                    "parent_id": self.node_ids[parent] if parent else None,
                }
            )
        insert_rows(s, S.TERRITORY, rows, seq, None)

        def user(username: str, role: Role, display: str, by: str | None, **kw: Any) -> str:
            # org.create_user makes a random id; the demo's ids are deterministic, so the new
            # row (not yet referenced by anything) gets its seeded id right away.
            made = create_user(
                s,
                username,
                DEMO_PASSWORD,
                role,
                display_name=display,
                seq=seq,
                by=by,
                phone=self._mobile(rng),
                email=f"{username}@fieldsales-demo.cn",
                **kw,
            )
            wanted = self.id(rng, self.org_at)
            users = TABLES["user"]
            s.execute(users.update().where(users.c.id == made).values(id=wanted))
            return wanted

        self.admin_id = user(N.ADMIN[0], Role.ADMIN, N.ADMIN[1], None)
        sup_ids: dict[str, str] = {}
        assignments: list[tuple[str, str]] = []
        for username, display, home, regions in N.SUPERVISORS:
            sup_ids[username] = user(
                username, Role.SUPERVISOR, display, self.admin_id, region_id=self.node_ids[home]
            )
            for region in regions:
                self.supervisor_of_region[region] = sup_ids[username]
                assignments.append((sup_ids[username], region))
        rep_by_place: dict[str, _Rep] = {}
        for username, display, code, region, sup, places in N.REPS:
            rid = user(
                username,
                Role.REP,
                display,
                self.admin_id,
                rep_code=code,
                region_id=self.node_ids[region],
                supervisor_id=sup_ids[sup],
            )
            rep = _Rep(rid, username, code, sup_ids[sup])
            for place in places:
                rep_by_place[place] = rep
                assignments.append((rid, place))
        self.rep_of_place = [rep_by_place[p.code] for p in N.PLACES]
        insert_rows(
            s,
            S.ASSIGNMENT,
            [
                {
                    "id": self.id(rng, self.org_at),
                    "user_id": uid,
                    "territory_id": self.node_ids[code],
                    "customer_id": None,
                }
                for uid, code in assignments
            ],
            seq,
            self.admin_id,
        )
        self._assignments = len(assignments)

    def _catalog(self) -> None:
        rng = self.rng
        at = self.org_at + timedelta(days=7)
        products = []
        for ci, (_category, prefix, items) in enumerate(N.CATALOG):
            for k, (name, unit, price, tax) in enumerate(items):
                products.append(
                    _Product(
                        self.id(rng, at),
                        f"{prefix}-{ci + 1}{k + 1:03d}",
                        name,
                        unit,
                        ci,
                        Decimal(price),
                        Decimal(tax),
                    )
                )
        self.products = products
        self.writer.write(
            S.PRODUCT,
            [
                {
                    "id": p.id,
                    "sku": p.sku,
                    "name": p.name,
                    "unit": p.unit,
                    "category": N.CATALOG[p.category][0],
                    "list_price": p.list_price,
                    "tax_rate": p.tax_rate,
                    "description": f"{N.CATALOG[p.category][0]} · {p.name}",
                    "active": True,
                }
                for p in products
            ],
        )
        lists, items = [], []
        valid_from = date(self.window_start.year, 1, 1)
        for name, tier, factors in N.PRICE_LISTS:
            lid = self.id(rng, at)
            lists.append(
                {
                    "id": lid,
                    "name": name,
                    "tier": tier,
                    "currency": CURRENCY,
                    "valid_from": valid_from,
                    "valid_to": None,
                    "active": True,
                }
            )
            by_product: dict[str, list[PriceListItem]] = {}
            for p in products:
                breaks = []
                for min_qty, factor in zip((1, 10, 50), factors, strict=True):
                    price = round_half_up(p.list_price * Decimal(factor), 2)
                    items.append(
                        {
                            "id": self.id(rng, at),
                            "price_list_id": lid,
                            "product_id": p.id,
                            "min_quantity": Decimal(min_qty),
                            "unit_price": price,
                        }
                    )
                    breaks.append(PriceListItem(p.id, Decimal(min_qty), price))
                by_product[p.id] = breaks
            self.breaks.append(by_product)
        self.writer.write(S.PRICE_LIST, lists)
        self.writer.write(S.PRICE_LIST_ITEM, items)

    # ----------------------------------------------------------------------- customers: who

    def _skeletons(self, n: int) -> list[_Cust]:
        rng = self.rng
        cum = []
        total = 0.0
        for p in N.PLACES:
            total += p.weight
            cum.append(total)
        grids: dict[str, list[N.Grid]] = defaultdict(list)
        for g in N.GRIDS:
            grids[g.parent].append(g)
        custs = []
        for i in range(n):
            pi = min(bisect.bisect_right(cum, rng.random() * total), len(N.PLACES) - 1)
            node = N.PLACES[pi].code
            x = rng.random()
            for g in grids.get(node, ()):
                if x < g.share:
                    node = g.code
                    break
                x -= g.share
            r = rng.random()
            # A distributor sells to businesses: companies, and a few sole traders (个体工商户).
            ctype = CustomerType.ORGANISATION if r < 0.96 else CustomerType.INDIVIDUAL
            size = rng.lognormvariate(0, 1) * (1.0 if ctype is CustomerType.ORGANISATION else 0.15)
            custs.append(_Cust(i, pi, node, ctype, size, rng.getrandbits(64), rng.getrandbits(64)))
        ranked = sorted(custs, key=lambda c: (-c.size, c.idx))
        pos = 0
        for tier, count in tier_cut_counts(n):
            for c in ranked[pos : pos + count]:
                c.tier = tier
            pos += count
        for c in custs:
            c.pattern = _pick(rng, tuple(zip(PATTERNS, PATTERN_WEIGHTS[c.tier], strict=True)))
        return custs

    # ----------------------------------------------------------------------- customers: plan

    def _plan(self, c: _Cust) -> None:
        """When the customer was created and its quotes' timeline (numbers need all quotes first)."""
        rng = random.Random(c.seed_a)
        as_of = self.as_of
        if c.pattern == "new":
            created_day = as_of - timedelta(days=rng.randint(45, 100))
        elif c.pattern == "prospect":
            created_day = as_of - timedelta(days=rng.randint(10, 900))
        else:
            created_day = as_of - timedelta(days=rng.randint(380, 1100))
        created_day = _workday(created_day, created_day - timedelta(days=3), self.last_day)
        c.created_at = _business_time(rng, created_day)
        lo = max(self.window_start, created_day + timedelta(days=1))
        hi = self.last_day
        skew = {"growth": 0.5, "declining": 2.0}.get(c.pattern, 1.0)
        if c.pattern == "lost":
            hi = as_of - timedelta(days=rng.randint(190, 300))
        if hi < lo:
            return
        if c.pattern == "prospect":
            rate = 0.8 * self.scale
        else:
            rate = QUOTE_RATE[c.tier] * self.scale * ((hi - lo).days + 1) / 365
            if c.pattern == "new":
                rate = max(rate * 1.6, 1.2)
        n = _poisson(rng, rate)
        span = (hi - lo).days
        for k in range(n):
            # Stratified over the active span (orders come fairly regularly), shaped by the pattern.
            x = ((k + rng.random()) / n) ** skew
            day = _workday(lo + timedelta(days=min(span, int(x * (span + 1)))), lo, hi)
            q = self._quote_timeline(rng, _business_time(rng, day, 10.5, 17), c.pattern == "prospect")
            c.quotes.append(q)
        c.quotes.sort(key=lambda q: (q.issue_at, q.id))

    def _quote_timeline(self, rng: random.Random, issue_at: datetime, prospect: bool) -> _PlannedQuote:
        S_ = QuoteStatus
        qid = self.id(rng, issue_at)
        over_limit = rng.random() < 0.05
        valid_until = _local_date(issue_at) + timedelta(days=30)
        recent = valid_until >= self.as_of
        if over_limit:
            weights = (
                ((S_.PENDING_APPROVAL, 40), (S_.APPROVED, 15), (S_.SENT, 20), (S_.ACCEPTED, 25))
                if recent
                else ((S_.ACCEPTED, 60), (S_.REJECTED, 20), (S_.EXPIRED, 10), (S_.CANCELLED, 10))
            )
        elif prospect:
            weights = (
                ((S_.DRAFT, 20), (S_.SENT, 60), (S_.REJECTED, 10), (S_.CANCELLED, 10))
                if recent
                else ((S_.REJECTED, 50), (S_.EXPIRED, 35), (S_.CANCELLED, 15))
            )
        else:
            weights = (
                ((S_.DRAFT, 8), (S_.SENT, 30), (S_.ACCEPTED, 50), (S_.REJECTED, 7), (S_.CANCELLED, 5))
                if recent
                else ((S_.ACCEPTED, 64), (S_.REJECTED, 18), (S_.EXPIRED, 11), (S_.CANCELLED, 7))
            )
        status = _pick(rng, weights)
        if prospect and status is S_.ACCEPTED:
            status = S_.SENT if recent else S_.REJECTED
        q = _PlannedQuote(qid, issue_at, status, over_limit, valid_until)
        ready = issue_at  # when it could be sent
        if over_limit:
            approved_at = issue_at + timedelta(minutes=rng.randint(60, 30 * 60))
            if status in (S_.DRAFT, S_.PENDING_APPROVAL) or approved_at >= self.cutoff:
                q.status = S_.PENDING_APPROVAL
                return q
            q.approved_at = ready = approved_at
            if status is S_.APPROVED:
                return q
        elif status is S_.DRAFT:
            return q
        if status is S_.CANCELLED and rng.random() < 0.5:
            return q  # cancelled before it was sent
        sent_at = ready + timedelta(minutes=rng.randint(20, 48 * 60))
        if sent_at >= self.cutoff or _local_date(sent_at) > valid_until:
            q.status = S_.APPROVED if over_limit else S_.DRAFT
            return q
        q.sent_at = sent_at
        if status in (S_.ACCEPTED, S_.REJECTED):
            sent_day = _local_date(sent_at)
            day = min(sent_day + timedelta(days=rng.randint(1, 20)), valid_until)
            day = _workday(day, sent_day + timedelta(days=1), valid_until)
            if day >= self.as_of:
                status = S_.SENT
            else:
                q.decided_at = _business_time(rng, day, 10, 17.5)
        if status is S_.SENT and valid_until < self.as_of:
            status = S_.EXPIRED
        elif status is S_.EXPIRED and valid_until >= self.as_of:
            status = S_.SENT
        q.status = status
        return q

    def _number_quotes(self, custs: list[_Cust]) -> None:
        """Each rep numbers their quotes per year in the order they wrote them (R03-2026-0042).

        The story starts mid-year, so each rep's first year continues from about as many
        quotes as they would have written since 1 January.
        """
        by_rep: dict[str, list[_PlannedQuote]] = defaultdict(list)
        for c in custs:
            by_rep[self.rep_of_place[c.place].code].extend(c.quotes)
        before = (self.window_start - date(self.window_start.year, 1, 1)).days
        for code, quotes in by_rep.items():
            quotes.sort(key=lambda q: (q.issue_at, q.id))
            counters: dict[int, int] = defaultdict(int)
            counters[self.window_start.year] = len(quotes) * before // 365
            for q in quotes:
                year = _local_date(q.issue_at).year
                counters[year] += 1
                q.number = format_quote_number(code, year, counters[year])

    # ----------------------------------------------------------------------- customers: rows

    def _build(self, c: _Cust, batch: _Batch) -> None:
        rng = random.Random(c.seed_b)
        place = N.PLACES[c.place]
        rep = self.rep_of_place[c.place]
        region = place.code.split("-")[0]
        supervisor_id = self.supervisor_of_region[region]
        assert c.created_at is not None
        cid = self.id(rng, c.created_at)
        drawn = rng.sample(range(len(N.CATALOG)), 2)
        profile = _pick(rng, tuple(zip(("good", "slow", "bad"), PAYER_WEIGHTS[c.tier], strict=True)))
        prospect_like = not any(q.status is QuoteStatus.ACCEPTED for q in c.quotes)
        terms = 0 if prospect_like else TERMS[profile][c.tier]
        name, industry, trade, person = self._customer_name(rng, c, place, self._person(rng))
        # The two categories it buys most fit its trade; the rest of its orders stay in its trade too.
        fit = N.TRADE_CATEGORIES.get(industry or "", ())
        favourites = list(fit[:2]) if len(fit) >= 2 else list(drawn)
        trade_categories = fit or tuple(drawn)
        where = None
        if rng.random() < 0.7:
            where = (place.lat + rng.gauss(0, 0.012), place.lon + rng.gauss(0, 0.014))
        domain_name = None
        if c.ctype is CustomerType.ORGANISATION and rng.random() < 0.4:
            domain_name = (
                f"{self.pinyin(trade)}{rng.choice(('', 'tech', 'group', 'sh', 'trade'))}"
                f".{rng.choice(('com', 'cn', 'com.cn'))}"
            )

        contacts = self._contacts(rng, c, cid, person, domain_name, batch)
        primary = next(ct for ct in contacts if ct["is_primary"])
        deciders = [
            ct for ct in contacts if ct["decision_role"] in ("decision_maker", "negotiator")
        ] or contacts

        # Quotes, lines, receivables, payments.
        links: list[dict[str, Any]] = []  # visits tied to other history
        order_dates: list[date] = []
        late: list[PaymentTimeliness] = []
        overdue_unpaid = 0
        window_sales = ZERO
        product_names: list[str] = []
        for q in c.quotes:
            contact = rng.choice(deciders)
            total = self._quote_rows(
                rng,
                c,
                cid,
                rep,
                supervisor_id,
                q,
                contact["id"],
                favourites,
                trade_categories,
                product_names,
                batch,
            )
            if rng.random() < 0.35:  # requested during a visit (otherwise by phone or e-mail)
                links.append(
                    {
                        "at": q.issue_at - timedelta(minutes=rng.randint(30, 120)),
                        "purpose": VisitPurpose.SALES,
                        "outcome": VisitOutcome.QUOTE_REQUESTED,
                        "contact": contact["id"],
                    }
                )
            if q.status is not QuoteStatus.ACCEPTED:
                continue
            assert q.decided_at is not None
            day = _local_date(q.decided_at)
            order_dates.append(day)
            if day >= self.window_start:
                window_sales += total
            self.sales[(rep.id, f"{day:%Y-%m}")] += total
            if rng.random() < 0.3:  # the order was taken in a visit
                links.append(
                    {
                        "at": q.decided_at - timedelta(minutes=rng.randint(20, 60)),
                        "purpose": VisitPurpose.SALES,
                        "outcome": VisitOutcome.ORDER,
                        "order": total,
                        "contact": contact["id"],
                        "channel": VisitChannel.IN_PERSON,
                    }
                )
            overdue_unpaid += self._receivable(rng, cid, rep, q, total, terms, profile, late, links, batch)

        # Complaints (their visits are among the linked visits).
        complaints = self._complaint_plan(rng, c, order_dates, links, primary, contacts)
        self._visits(
            rng, c, cid, rep, supervisor_id, place, where, contacts, primary, links, order_dates, batch
        )
        for comp in complaints:
            self._complaint_row(rng, c, cid, rep, comp, product_names, batch)

        # Classification from the history.
        stage = lifecycle_stage(order_dates, self.as_of)
        risk = churn_risk(order_dates, self.as_of)
        grade: CreditGrade | None = None
        score: int | None = None
        limit = ZERO
        if stage is not LifecycleStage.PROSPECT:
            rating, items = self._credit(rng, c, profile, late, overdue_unpaid)
            # the rep's assessment, as the classification reads it (``credit:<customer>``)
            self.assessments[cid] = {
                "contract_compliance": items.contract_compliance,
                "cooperation": items.cooperation,
                "business_conduct": items.business_conduct,
                "growth_potential": items.growth_potential,
                "by": rep.id,
                "at": (self.cutoff - timedelta(days=rng.randint(20, 200))).isoformat(),
            }
            grade, score = rating.grade, rating.total
            limit = _round_thousand(credit_limit(grade, round_half_up(window_sales / 12, 2)))
        sales_stage = None
        if stage is LifecycleStage.PROSPECT:
            open_quote = any(
                q.status
                in (QuoteStatus.SENT, QuoteStatus.DRAFT, QuoteStatus.PENDING_APPROVAL, QuoteStatus.APPROVED)
                for q in c.quotes
            )
            sales_stage = (
                SalesStage.INTENT
                if open_quote
                else _pick(rng, ((SalesStage.NEW, 30), (SalesStage.TARGET, 30), (SalesStage.POTENTIAL, 40)))
            )
        row = {
            "id": cid,
            "code": f"C{c.idx + 1:06d}",
            "name": name,
            "customer_type": c.ctype.value,
            "industry": industry,
            "address": self._address(rng, c, place, trade),
            "city": place.city,
            "phone": self._landline(rng, place)
            if c.ctype is CustomerType.ORGANISATION and rng.random() < 0.85
            else self._mobile(rng),
            "fax": self._landline(rng, place)
            if c.ctype is CustomerType.ORGANISATION and rng.random() < 0.2
            else None,
            "email": (
                f"{rng.choice(('info', 'sales', 'service', 'purchase'))}@{domain_name}"
                if domain_name
                else f"{rng.randint(10000000, 999999999)}@qq.com"
                if rng.random() < 0.1
                else None
            ),
            "website": f"www.{domain_name}" if domain_name and rng.random() < 0.6 else None,
            "territory_id": self.node_ids[c.node],
            "owner_id": rep.id,
            "tier": c.tier.value,
            "lifecycle_stage": stage.value,
            "sales_stage": sales_stage.value if sales_stage else None,
            "visit_grade": default_visit_grade(c.tier).value,
            "credit_grade": grade.value if grade else None,
            "credit_score": score,
            "churn_risk": risk,
            "key_account": c.tier is T.VIP,
            "account_manager_id": rep.id if c.tier is T.VIP else None,
            "credit_limit": limit,
            "payment_terms_days": terms,
            "created_at": c.created_at,
        }
        if where:
            row["latitude"], row["longitude"] = _coord(where[0]), _coord(where[1])
        if c.ctype is CustomerType.ORGANISATION and (c.tier in (T.VIP, T.MAJOR) or rng.random() < 0.25):
            row.update(self._situation(rng, favourites, grade))
        batch.add(S.CUSTOMER, row)

    # ----------------------------------------------------------------------- names & numbers

    def _person(self, rng: random.Random) -> str:
        surnames = N.SURNAMES
        # Common surnames are much more common: weight ~ 1 / rank.
        k = min(len(surnames) - 1, int(len(surnames) ** rng.random()) - 1)
        return surnames[k] + rng.choice(N.GIVEN_NAMES)

    def _customer_name(
        self, rng: random.Random, c: _Cust, place: N.Place, person: str
    ) -> tuple[str, str | None, str, str]:
        """Name, industry, trade name (字号) and the person behind a household or individual."""
        trade = ""
        for attempt in range(12):
            if c.ctype is CustomerType.HOUSEHOLD:
                name, industry = f"{person}家庭", None
                if attempt:
                    person = self._person(rng)
                    name = f"{person}家庭"
            elif c.ctype is CustomerType.INDIVIDUAL:  # a sole trader's shop, named after its owner
                if attempt:
                    person = self._person(rng)
                name, industry = f"{person}{rng.choice(N.SMALL_SHOP_WORDS)}店", "商贸零售"
            else:
                trade = rng.choice(N.TRADE_FIRST) + rng.choice(N.TRADE_SECOND)
                if trade[0] == trade[1]:
                    continue
                industry, words = rng.choice(N.INDUSTRIES)
                if c.tier is T.SMALL and rng.random() < 0.4:
                    shop = rng.choice(N.SMALL_SHOP_WORDS)
                    name = f"{place.short}{trade}{shop}{rng.choice(('经营部', '商行'))}"
                    industry = "商贸零售"
                else:
                    suffix = (
                        "股份有限公司" if c.tier in (T.VIP, T.MAJOR) and rng.random() < 0.2 else "有限公司"
                    )
                    name = f"{place.short}{trade}{rng.choice(words)}{suffix}"
            if name not in self.names_used:
                break
        else:
            name = f"{name}（{place.district}{len(self.names_used)}）"
        self.names_used.add(name)
        return name, industry, trade or person, person

    def _mobile(self, rng: random.Random) -> str:
        return f"1{rng.choice('3456789')}{rng.randint(0, 999_999_999):09d}"

    def _landline(self, rng: random.Random, place: N.Place) -> str:
        rest = rng.randint(0, 10 ** (place.local_digits - 1) - 1)
        return f"{place.area_code}-{rng.randint(2, 8)}{rest:0{place.local_digits - 1}d}"

    def _address(self, rng: random.Random, c: _Cust, place: N.Place, trade: str) -> str:
        base = (
            f"{place.province}{place.city}{place.district}{rng.choice(place.streets)}{rng.randint(1, 399)}号"
        )
        if c.ctype is CustomerType.ORGANISATION:
            if rng.random() < 0.45:
                base += (
                    f"{trade[:2]}{rng.choice(N.BUILDINGS)}{rng.randint(2, 28)}楼{rng.randint(1, 20):02d}室"
                )
            return base
        return (
            base
            + f"{rng.randint(1, 30)}幢{rng.randint(1, 4)}单元{rng.randint(1, 26)}{rng.randint(1, 4):02d}室"
        )

    # ----------------------------------------------------------------------- contacts

    def _contacts(
        self, rng: random.Random, c: _Cust, cid: str, person: str, domain_name: str | None, batch: _Batch
    ) -> list[dict[str, Any]]:
        assert c.created_at is not None
        if c.ctype is CustomerType.ORGANISATION:
            n = _pick(rng, ((1, 25), (2, 35), (3, 25), (4, 15)))
        else:
            n = 1
        contacts = []
        used: set[str] = set()
        titles = tuple((t, w) for t, _role, w in N.CONTACT_TITLES)
        roles = {t: role for t, role, _w in N.CONTACT_TITLES}
        deciders = tuple((t, w) for t, role, w in N.CONTACT_TITLES if role == "decision_maker")
        for k in range(n):
            name = person if k == 0 and c.ctype is not CustomerType.ORGANISATION else self._person(rng)
            while name in used:
                name = self._person(rng)
            used.add(name)
            if c.ctype is CustomerType.ORGANISATION:
                title = _pick(rng, deciders if k == 0 else titles)
                role = roles[title]
            else:
                title, role = ("户主" if c.ctype is CustomerType.HOUSEHOLD else "店主"), "decision_maker"
            at = min(
                c.created_at + timedelta(days=rng.randint(0, 60) if k else 0),
                self.cutoff - timedelta(hours=1),
            )
            py = self.pinyin(name)
            row = {
                "id": self.id(rng, at),
                "customer_id": cid,
                "name": name,
                "title": title,
                "phone": None,
                "mobile": self._mobile(rng),
                "email": f"{py}@{domain_name}" if domain_name and rng.random() < 0.6 else None,
                "im_id": (
                    f"wx_{py}{rng.randint(10, 9999)}"
                    if rng.random() < 0.6
                    else str(rng.randint(10**7, 10**10))
                )
                if rng.random() < 0.5
                else None,
                "is_primary": k == 0,
                "decision_role": role,
                "stance": _pick(rng, (("supporter", 45), ("neutral", 45), ("opponent", 10))),
                "birthday": date(rng.randint(1965, 1998), rng.randint(1, 12), rng.randint(1, 28))
                if rng.random() < 0.25
                else None,
                "personal_notes": rng.choice(N.HOBBIES) if rng.random() < 0.2 else None,
            }
            contacts.append(row)
            batch.add(S.CONTACT, row)
        return contacts

    # ----------------------------------------------------------------------- quotes

    def _quote_rows(
        self,
        rng: random.Random,
        c: _Cust,
        cid: str,
        rep: _Rep,
        supervisor_id: str,
        q: _PlannedQuote,
        contact_id: str,
        favourites: list[int],
        trade_categories: tuple[int, ...],
        product_names: list[str],
        batch: _Batch,
    ) -> Decimal:
        lo, hi = LINES[c.tier]
        n = rng.randint(lo, hi)
        chosen: list[_Product] = []
        while len(chosen) < n:
            cat = rng.choice(favourites) if rng.random() < 0.7 else rng.choice(trade_categories)
            p = self.products[cat * 10 + rng.randrange(10)]
            if p not in chosen:
                chosen.append(p)
        breaks = self.breaks[PRICE_LIST_OF_TIER[c.tier]]
        over_line = rng.randrange(n) if q.over_limit else -1
        lines = []
        for k, p in enumerate(chosen):
            qty = self._quantity(rng, p.unit, c.tier)
            price = lookup_unit_price(p.id, qty, breaks[p.id], p.list_price)
            if k == over_line:
                discount = Decimal(rng.choice((12, 15, 18, 20)))
            elif rng.random() < 0.55:
                discount = Decimal(0)
            else:
                discount = Decimal(rng.choice((1, 2, 3, 5, 8)))
            lines.append(
                {
                    "quantity": qty,
                    "unit_price": price,
                    "discount_pct": discount,
                    "tax_rate": p.tax_rate,
                    "product": p,
                }
            )
        totals = quote_totals(lines)
        for k, (line, priced) in enumerate(zip(lines, totals.lines, strict=True)):
            p = line.pop("product")
            product_names.append(p.name)
            batch.add(
                S.QUOTE_LINE,
                {
                    "id": self.id(rng, q.issue_at),
                    "customer_id": cid,
                    "quote_id": q.id,
                    "line_no": k + 1,
                    "product_id": p.id,
                    "description": p.name,
                    **line,
                    "line_subtotal": priced.line_subtotal,
                    "line_tax": priced.line_tax,
                    "line_total": priced.line_total,
                },
            )
        batch.add(
            S.QUOTE,
            {
                "id": q.id,
                "customer_id": cid,
                "rep_id": rep.id,
                "contact_id": contact_id,
                "number": q.number,
                "status": q.status.value,
                "currency": CURRENCY,
                "issue_date": _local_date(q.issue_at),
                "valid_until": q.valid_until,
                "header_discount_pct": Decimal(0),
                "subtotal": totals.subtotal,
                "tax_total": totals.tax_total,
                "total": totals.total,
                "approval_comment": rng.choice(("同意，大客户战略价", "同意，注意回款", "批准"))
                if q.approved_at
                else None,
                "approved_by": supervisor_id if q.approved_at else None,
                "approved_at": q.approved_at,
                "revision_of_id": None,
                "revision": 1,
                "sent_at": q.sent_at,
                "decided_at": q.decided_at,
                "notes": rng.choice(N.QUOTE_NOTES) or None if rng.random() < 0.3 else None,
            },
        )
        return totals.total

    def _quantity(self, rng: random.Random, unit: str, tier: ValueTier) -> Decimal:
        base = {"台": (1, 6), "件": (2, 30), "套": (1, 12), "箱": (3, 60), "kg": (5, 150)}[unit]
        qty = max(1, round(rng.randint(*base) * QTY_FACTOR[tier] * rng.uniform(0.6, 1.4)))
        if unit == "kg" and rng.random() < 0.5:
            return Decimal(qty) + Decimal("0.5")
        return Decimal(qty)

    # ----------------------------------------------------------------------- money owed

    def _receivable(
        self,
        rng: random.Random,
        cid: str,
        rep: _Rep,
        q: _PlannedQuote,
        total: Decimal,
        terms: int,
        profile: str,
        late: list[PaymentTimeliness],
        links: list[dict[str, Any]],
        batch: _Batch,
    ) -> int:
        """The receivable of an accepted quote and its payments so far; returns 1 if long overdue."""
        assert q.decided_at is not None
        issued = _local_date(q.decided_at)
        due = issued + timedelta(days=terms)
        rid = self.id(rng, q.decided_at)
        r = rng.random()
        plan: list[tuple[date, Decimal]] = []
        span = max(terms, 0)

        def on_time() -> date:
            return issued + timedelta(days=rng.randint(0, span))

        def late_by(lo: int, hi: int) -> date:
            return due + timedelta(days=rng.randint(lo, hi))

        def partial(frac_lo: float, frac_hi: float, rest_p: float) -> None:
            first = round_half_up(total * Decimal(str(round(rng.uniform(frac_lo, frac_hi), 2))), 2)
            first = min(max(first, CENT), total - CENT) if total > CENT else total
            plan.append((due + timedelta(days=rng.randint(-min(5, span), 20)), first))
            if rng.random() < rest_p and total - first > 0:
                plan.append((due + timedelta(days=rng.randint(25, 70)), total - first))

        if profile == "good":
            plan.append((on_time() if r < 0.95 else late_by(1, 30), total))
        elif profile == "slow":
            if r < 0.72:
                plan.append((on_time(), total))
            elif r < 0.92:
                plan.append((late_by(10, 60), total))
            else:
                partial(0.4, 0.7, 0.5)
        else:
            if r < 0.35:
                plan.append((on_time(), total))
            elif r < 0.7:
                plan.append((late_by(30, 120), total))
            elif r < 0.85:
                partial(0.3, 0.6, 0.4)
        paid = ZERO
        for day, amount in plan:
            day = _workday(max(day, issued), issued, self.last_day)
            if day > self.last_day:
                continue
            paid += amount
            late.append(PaymentTimeliness(day, (day - due).days))
            method = _pick(
                rng,
                (
                    (PaymentMethod.BANK_TRANSFER, 65),
                    (PaymentMethod.ONLINE, 15),
                    (PaymentMethod.CASH, 12),
                    (PaymentMethod.CHEQUE, 8),
                ),
            )
            at = _business_time(rng, day, 9.5, 17)
            reference = {
                PaymentMethod.BANK_TRANSFER: f"YH{day:%Y%m%d}{rng.randint(0, 999999):06d}",
                PaymentMethod.ONLINE: f"ZF{day:%Y%m%d}{rng.randint(0, 99999999):08d}",
                PaymentMethod.CASH: f"SJ{day:%Y%m%d}{rng.randint(0, 999):03d}",
                PaymentMethod.CHEQUE: f"ZP{rng.randint(0, 99999999):08d}",
            }[method]
            batch.add(
                S.PAYMENT,
                {
                    "id": self.id(rng, at),
                    "customer_id": cid,
                    "receivable_id": rid,
                    "rep_id": rep.id,
                    "amount": amount,
                    "paid_on": day,
                    "method": method.value,
                    "reference": reference,
                },
            )
            if method is PaymentMethod.CASH:
                links.append(
                    {
                        "at": at - timedelta(minutes=rng.randint(10, 30)),
                        "purpose": VisitPurpose.COLLECTION,
                        "outcome": VisitOutcome.FOLLOW_UP,
                        "cash": amount,
                        "channel": VisitChannel.IN_PERSON,
                    }
                )
        status = (
            ReceivableStatus.PAID
            if paid == total
            else ReceivableStatus.PARTIAL
            if paid > 0
            else ReceivableStatus.OPEN
        )
        batch.add(
            S.RECEIVABLE,
            {
                "id": rid,
                "customer_id": cid,
                "quote_id": q.id,
                "reference": f"YS-{q.number}",
                "amount": total,
                "issued_on": issued,
                "due_date": due,
                "paid_amount": paid,
                "status": status.value,
            },
        )
        return 1 if paid < total and (self.as_of - due).days > 30 else 0

    def _credit(
        self,
        rng: random.Random,
        c: _Cust,
        profile: str,
        payments: list[PaymentTimeliness],
        overdue_unpaid: int,
    ):
        record = payment_record_score_dated(payments, self.as_of)
        lo, hi = {"good": (26, 30), "slow": (20, 28), "bad": (12, 24)}[profile]
        compliance = max(0, rng.randint(lo, hi) - 4 * overdue_unpaid)
        lo, hi = {"good": (15, 20), "slow": (12, 18), "bad": (8, 15)}[profile]
        cooperation = rng.randint(lo, hi)
        conduct = rng.randint(6, 10)
        lo, hi = {"growth": (7, 10), "new": (5, 9), "stable": (5, 8)}.get(c.pattern, (2, 6))
        items = CreditItems(record, compliance, cooperation, conduct, rng.randint(lo, hi))
        return rate_credit(items), items

    def _situation(
        self, rng: random.Random, favourites: list[int], grade: CreditGrade | None
    ) -> dict[str, str]:
        a, b = (N.CATALOG[i][0] for i in favourites)
        if grade in (CreditGrade.AAA, CreditGrade.AA, CreditGrade.A):
            credit = rng.choice(N.CREDIT_STATUS_GOOD)
        elif grade is CreditGrade.D:
            credit = rng.choice(N.CREDIT_STATUS_POOR)
        elif grade is None:
            credit = "尚无交易记录，暂未评级"
        else:
            credit = rng.choice(N.CREDIT_STATUS_FAIR)
        return {
            "product_mix": rng.choice(N.PRODUCT_MIX).format(a=a, b=b),
            "sales_situation": rng.choice(N.SALES_SITUATION),
            "financial_status": rng.choice(N.FINANCIAL_STATUS),
            "credit_status": credit,
            "main_competitors": "、".join(rng.sample(N.COMPETITORS, 2)),
            "strategic_plans": rng.choice(N.STRATEGIC_PLANS),
            "key_needs": rng.choice(N.KEY_NEEDS),
            "surface_needs": rng.choice(N.SURFACE_NEEDS),
            "future_needs": rng.choice(N.FUTURE_NEEDS),
        }

    # ----------------------------------------------------------------------- complaints

    def _complaint_plan(
        self,
        rng: random.Random,
        c: _Cust,
        order_dates: list[date],
        links: list[dict[str, Any]],
        primary: dict[str, Any],
        contacts: list[dict[str, Any]],
    ) -> list[dict[str, Any]]:
        if rng.random() >= 0.15:
            return []
        assert c.created_at is not None
        n = 2 if rng.random() < 0.25 else 1
        lo = max(self.window_start, _local_date(c.created_at) + timedelta(days=1))
        if order_dates:
            lo = max(lo, min(order_dates))
        if lo > self.last_day:
            return []
        out = []
        for _ in range(n):
            day = _day_between(rng, lo, self.last_day)
            recorded_at = _business_time(rng, day, 10, 17)
            channel = _pick(
                rng,
                (
                    (ComplaintChannel.VISIT, 30),
                    (ComplaintChannel.PHONE, 30),
                    (ComplaintChannel.HOTLINE, 15),
                    (ComplaintChannel.EMAIL, 12),
                    (ComplaintChannel.WEB, 13),
                ),
            )
            category = _pick(
                rng,
                (
                    (ComplaintCategory.PRODUCT_QUALITY, 35),
                    (ComplaintCategory.DELIVERY, 25),
                    (ComplaintCategory.SERVICE, 20),
                    (ComplaintCategory.BILLING, 12),
                    (ComplaintCategory.OTHER, 8),
                ),
            )
            if not order_dates and category in (
                ComplaintCategory.PRODUCT_QUALITY,
                ComplaintCategory.DELIVERY,
                ComplaintCategory.BILLING,
            ):
                category = ComplaintCategory.SERVICE
            comp = {
                "recorded_at": recorded_at,
                "channel": channel,
                "category": category,
                "contact": primary if rng.random() < 0.7 else rng.choice(contacts),
                "severity": _pick(rng, SEVERITY_WEIGHTS),
                "visit_id": None,
            }
            if channel is ComplaintChannel.VISIT:
                # Recorded during a visit: the visit encloses the recording time.
                link = {
                    "at": recorded_at - timedelta(minutes=rng.randint(10, 40)),
                    "purpose": VisitPurpose.ROUTINE,
                    "outcome": VisitOutcome.FOLLOW_UP,
                    "channel": VisitChannel.IN_PERSON,
                    "contact": comp["contact"]["id"],
                    "complaint": comp,
                    "min_minutes": 45,
                }
                links.append(link)
            self._complaint_timeline(rng, comp)
            if comp.get("first_responded_at") and rng.random() < 0.35:
                at = comp["first_responded_at"] + timedelta(hours=rng.randint(1, 48))
                day = _local_date(at)
                if day.weekday() < 5 and day <= self.last_day:
                    links.append(
                        {
                            "at": _business_time(rng, day, 9, 16),
                            "purpose": VisitPurpose.COMPLAINT,
                            "outcome": VisitOutcome.FOLLOW_UP,
                            "channel": VisitChannel.IN_PERSON,
                            "contact": comp["contact"]["id"],
                            "step4": True,
                        }
                    )
            out.append(comp)
        return out

    def _step_at(
        self, rng: random.Random, planned: datetime, earliest: datetime, on_time_by: datetime | None
    ) -> datetime | None:
        """When a complaint step planned for ``planned`` was taken: in working hours after
        ``earliest`` (and by ``on_time_by`` for one on time), or None when it is after the cutoff."""
        if planned >= self.cutoff:
            return None
        latest = self.cutoff if on_time_by is None else min(self.cutoff, on_time_by)
        return _in_working_hours(rng, planned, earliest, latest)

    def _complaint_timeline(self, rng: random.Random, comp: dict[str, Any]) -> None:
        C = ComplaintStatus
        recorded_at: datetime = comp["recorded_at"]
        due = sla_due(recorded_at, comp["severity"])
        comp["first_response_due"], comp["resolution_due"] = due.first_response_due, due.resolution_due
        first_span = due.first_response_due - recorded_at
        resolve_span = due.resolution_due - recorded_at
        age = (self.cutoff - recorded_at).days
        if age > 90:  # long settled; the rare one still open is escalated by its SLA clock
            weights = ((C.CLOSED, 88), (C.FOLLOW_UP, 6), (C.RESOLVED, 5), (C.IN_PROGRESS, 1))
        elif age > 30:
            weights = ((C.CLOSED, 80), (C.FOLLOW_UP, 8), (C.RESOLVED, 7), (C.IN_PROGRESS, 5))
        elif age > 7:
            weights = (
                (C.CLOSED, 35),
                (C.FOLLOW_UP, 20),
                (C.RESOLVED, 20),
                (C.IN_PROGRESS, 15),
                (C.ACKNOWLEDGED, 10),
            )
        else:
            weights = ((C.NEW, 30), (C.ACKNOWLEDGED, 30), (C.IN_PROGRESS, 25), (C.RESOLVED, 15))
        target = _pick(rng, weights)
        order = (C.NEW, C.ACKNOWLEDGED, C.IN_PROGRESS, C.RESOLVED, C.FOLLOW_UP, C.CLOSED)
        reached = C.NEW
        responded = resolved = closed = None
        if order.index(target) >= 1:
            factor = rng.uniform(0.1, 0.9) if rng.random() < 0.92 else rng.uniform(1.1, 3.0)
            responded = self._step_at(
                rng,
                recorded_at + first_span * factor,
                recorded_at + timedelta(minutes=5),
                due.first_response_due if factor < 1 else None,
            )
            if responded is not None:
                reached = C.IN_PROGRESS if order.index(target) >= 2 else C.ACKNOWLEDGED
        if responded and order.index(target) >= 3:
            factor = rng.uniform(0.2, 0.9) if rng.random() < 0.92 else rng.uniform(1.05, 2.0)
            resolved = self._step_at(
                rng,
                max(responded + timedelta(minutes=30), recorded_at + resolve_span * factor),
                responded + timedelta(minutes=30),
                due.resolution_due if factor < 1 else None,
            )
            if resolved is not None:
                reached = C.RESOLVED
        if resolved and order.index(target) >= 4:
            follow = resolved + timedelta(hours=rng.randint(20, 96))
            if follow < self.cutoff:
                reached = C.FOLLOW_UP
                comp["satisfaction"] = _pick(rng, ((5, 35), (4, 35), (3, 18), (2, 8), (1, 4)))
                if target is C.CLOSED:
                    closed = follow + timedelta(hours=rng.randint(1, 72))
                    if closed < self.cutoff:
                        closed = _in_working_hours(rng, closed, follow, self.cutoff)
                        reached = C.CLOSED
                    else:
                        closed = None
        comp.update(status=reached, first_responded_at=responded, resolved_at=resolved, closed_at=closed)
        if reached is C.IN_PROGRESS and age > 30 and rng.random() < 0.3:
            comp["reopen_reason"] = rng.choice(("客户反馈问题再次出现", "客户对处理结果不满意，要求重新处理"))

    def _complaint_row(
        self,
        rng: random.Random,
        c: _Cust,
        cid: str,
        rep: _Rep,
        comp: dict[str, Any],
        product_names: list[str],
        batch: _Batch,
    ) -> None:
        C = ComplaintStatus
        texts, causes, resolutions = N.COMPLAINT_TEXTS[comp["category"].value]
        product = rng.choice(product_names) if product_names else rng.choice(self.products).name
        status: ComplaintStatus = comp["status"]
        done = status in (C.RESOLVED, C.FOLLOW_UP, C.CLOSED)
        remedy = None
        compensation = None
        if done:
            remedy = {
                ComplaintCategory.PRODUCT_QUALITY: (Remedy.REPLACE, Remedy.REPAIR, Remedy.REFUND),
                ComplaintCategory.DELIVERY: (Remedy.APOLOGY, Remedy.COMPENSATION, Remedy.REPLACE),
                ComplaintCategory.BILLING: (Remedy.REFUND, Remedy.APOLOGY),
                ComplaintCategory.SERVICE: (Remedy.APOLOGY, Remedy.COMPENSATION),
                ComplaintCategory.OTHER: (Remedy.APOLOGY,),
            }[comp["category"]]
            remedy = rng.choice(remedy)
            if remedy in (Remedy.COMPENSATION, Remedy.REFUND):
                compensation = _money(rng, 50, 2000)

        clock = ClockTimes.of(comp)
        first_late, final_late = breaches(self.cutoff, clock)
        level = escalation_level_for(self.cutoff, clock)
        escalated_at = None
        if level is EscalationLevel.SUPERVISOR:
            escalated_at = comp["first_response_due"] if first_late else comp["resolution_due"]
        elif level is EscalationLevel.ADMIN:
            escalated_at = max(comp["first_response_due"], comp["resolution_due"])
        expectation = perceived = None
        if comp.get("satisfaction") and rng.random() < 0.5:
            expectation = rng.randint(3, 5)
            perceived = max(1, min(5, expectation + (comp["satisfaction"] - 4)))
        batch.add(
            S.COMPLAINT,
            {
                "id": self.id(rng, comp["recorded_at"]),
                "customer_id": cid,
                "contact_id": comp["contact"]["id"],
                "visit_id": comp["visit_id"],
                "owner_id": rep.id,
                "recorded_by": rep.id,
                "recorded_at": comp["recorded_at"],
                "channel": comp["channel"].value,
                "category": comp["category"].value,
                "severity": comp["severity"].value,
                "description": rng.choice(texts).format(p=product),
                "status": status.value,
                "root_cause": rng.choice(causes) if done else None,
                "resolution": rng.choice(resolutions) if done else None,
                "remedy": remedy.value if remedy else None,
                "compensation_amount": compensation,
                "first_response_due": comp["first_response_due"],
                "resolution_due": comp["resolution_due"],
                "first_responded_at": comp["first_responded_at"],
                "resolved_at": comp["resolved_at"],
                "closed_at": comp["closed_at"],
                "satisfaction": comp.get("satisfaction") if status in (C.FOLLOW_UP, C.CLOSED) else None,
                "expectation_score": expectation,
                "perceived_score": perceived,
                "reopen_reason": comp.get("reopen_reason"),
                "escalation_level": level.value,
                "escalated_at": escalated_at,
                "sla_breached": first_late or final_late,
            },
        )

    # ----------------------------------------------------------------------- visits

    def _visits(
        self,
        rng: random.Random,
        c: _Cust,
        cid: str,
        rep: _Rep,
        supervisor_id: str,
        place: N.Place,
        where: tuple[float, float] | None,
        contacts: list[dict[str, Any]],
        primary: dict[str, Any],
        links: list[dict[str, Any]],
        order_dates: list[date],
        batch: _Batch,
    ) -> None:
        assert c.created_at is not None
        grade = default_visit_grade(c.tier).value
        lo = max(self.window_start, _local_date(c.created_at) + timedelta(days=1))
        hi = self.last_day
        if c.pattern == "lost" and order_dates:
            hi = min(hi, order_dates[-1] + timedelta(days=rng.randint(20, 90)))
        events = list(links)
        if lo <= hi:
            rate = VISIT_RATE[grade] * self.scale * ((hi - lo).days + 1) / 365
            if c.pattern == "prospect":
                rate *= 0.6
            for _ in range(max(0, _poisson(rng, rate) - len(links))):
                day = _day_between(rng, lo, hi)
                for _retry in range(6):  # a rep makes at most MAX_VISITS_A_DAY visits a day
                    if self.day_load[rep.id, day] < MAX_VISITS_A_DAY - LINKED_VISITS_ROOM:
                        break
                    day = _day_between(rng, lo, hi)
                else:
                    continue
                self.day_load[rep.id, day] += 1
                purpose = _pick(
                    rng,
                    (
                        (VisitPurpose.ROUTINE, 45),
                        (VisitPurpose.SALES, 18),
                        (VisitPurpose.DELIVERY, 12),
                        (VisitPurpose.RELATIONSHIP, 13),
                        (VisitPurpose.INSPECTION, 12),
                    ),
                )
                events.append({"at": _business_time(rng, day, 9, 17), "purpose": purpose, "background": True})
        for ev in events:
            if not ev.get("background"):
                self.day_load[rep.id, _local_date(ev["at"])] += 1
            self._visit_row(rng, cid, rep, supervisor_id, place, where, contacts, primary, grade, ev, batch)
        # Planned visits in the next two weeks (none for a customer the company is losing:
        # nobody plans a call on a customer who stopped ordering long ago).
        if (
            rng.random() < PLANNED_VISIT_P[grade] * self.scale
            and lifecycle_stage(order_dates, self.as_of) is not LifecycleStage.TERMINATION
        ):
            day = _day_between(rng, self.as_of, self.as_of + timedelta(days=13))
            for _retry in range(6):
                if self.day_load[rep.id, day] < MAX_VISITS_A_DAY:
                    break
                day = _day_between(rng, self.as_of, self.as_of + timedelta(days=13))
            self.day_load[rep.id, day] += 1
            planned_at = _at_minute(day, rng.choice(range(9 * 60, 17 * 60, 30)))
            created = self.cutoff - timedelta(hours=rng.randint(4, 6 * 24))
            created = _in_working_hours(rng, created, not_after=self.cutoff - timedelta(hours=1))
            batch.add(
                S.VISIT,
                {
                    "id": self.id(rng, created),
                    "customer_id": cid,
                    "rep_id": rep.id,
                    "contact_id": primary["id"],
                    "status": VisitStatus.PLANNED.value,
                    "planned_at": planned_at,
                    "server_received_at": created,
                    "purpose": _pick(
                        rng,
                        (
                            (VisitPurpose.ROUTINE, 50),
                            (VisitPurpose.SALES, 30),
                            (VisitPurpose.RELATIONSHIP, 20),
                        ),
                    ).value,
                    "channel": VisitChannel.IN_PERSON.value,
                    "notes": rng.choice(N.NEXT_STEPS) if rng.random() < 0.4 else None,
                },
            )

    def _visit_row(
        self,
        rng: random.Random,
        cid: str,
        rep: _Rep,
        supervisor_id: str,
        place: N.Place,
        where: tuple[float, float] | None,
        contacts: list[dict[str, Any]],
        primary: dict[str, Any],
        grade: str,
        ev: dict[str, Any],
        batch: _Batch,
    ) -> None:
        check_in: datetime = ev["at"]
        purpose: VisitPurpose = ev["purpose"]
        background = ev.get("background", False)
        channel = ev.get("channel") or (
            VisitChannel.IN_PERSON
            if purpose is VisitPurpose.DELIVERY
            else _pick(rng, ((VisitChannel.IN_PERSON, 80), (VisitChannel.PHONE, 15), (VisitChannel.VIDEO, 5)))
        )
        in_person = channel is VisitChannel.IN_PERSON
        minutes = (
            rng.randint(20, 90)
            if in_person
            else rng.randint(5, 20)
            if channel is VisitChannel.PHONE
            else rng.randint(15, 45)
        )
        minutes = max(minutes, ev.get("min_minutes", 0))
        check_out = check_in + timedelta(minutes=minutes)
        planned_at = None
        created = check_in
        if rng.random() < 0.8:
            planned_at = check_in.replace(minute=0 if check_in.minute < 30 else 30) - timedelta(
                minutes=rng.choice((0, 0, 30))
            )
            created = _in_working_hours(
                rng, planned_at - timedelta(days=rng.randint(1, 5)), not_after=planned_at
            )
        vid = self.id(rng, created)
        if "complaint" in ev:  # the complaint was recorded during this visit
            ev["complaint"]["visit_id"] = vid
        status = VisitStatus.APPROVED
        received = min(check_out + timedelta(minutes=rng.randint(2, 30 * 60)), self.cutoff)
        received = _in_working_hours(rng, received, check_out + timedelta(minutes=2), self.cutoff)
        reviewed_at = _in_working_hours(
            rng, received + timedelta(hours=rng.randint(2, 48)), received + timedelta(minutes=30)
        )
        if background and rng.random() < 0.03:
            status = VisitStatus.CANCELLED
        elif reviewed_at >= self.cutoff or (self.cutoff - check_out).days < 7 and rng.random() < 0.6:
            status = VisitStatus.SUBMITTED
        elif rng.random() < 0.04:
            status = VisitStatus.RETURNED
        row: dict[str, Any] = {
            "id": vid,
            "customer_id": cid,
            "rep_id": rep.id,
            "status": status.value,
            "planned_at": planned_at,
            "purpose": purpose.value,
            "channel": channel.value,
        }
        if status is VisitStatus.CANCELLED:
            row["planned_at"] = planned_at or check_in
            row["notes"] = rng.choice(N.CANCEL_NOTES)
            row["server_received_at"] = created
            batch.add(S.VISIT, row)
            return
        contact = ev.get("contact") or (rng.choice(contacts)["id"] if in_person else primary["id"])
        row.update(
            {
                "contact_id": contact if rng.random() < 0.95 or not background else None,
                "check_in_at": check_in,
                "check_out_at": check_out,
                "server_received_at": received,
                "outcome": (
                    ev.get("outcome")
                    or _pick(
                        rng,
                        (
                            (VisitOutcome.FOLLOW_UP, 80),
                            (VisitOutcome.NO_INTEREST, 8),
                            (VisitOutcome.QUOTE_REQUESTED, 12),
                        ),
                    )
                ).value,
                "order_amount": ev.get("order", ZERO),
                "cash_collected": ev.get("cash", ZERO),
                "visit_cost": _money(rng, 15, 180) if in_person else ZERO,
            }
        )
        if background and row["outcome"] == VisitOutcome.QUOTE_REQUESTED.value:
            row["outcome"] = VisitOutcome.FOLLOW_UP.value  # a requested quote would exist
        probabilities = (0.9, 0.85, 0.8, 0.3, 0.6, 0.7, 0.9) if in_person else (0, 0, 0, 0.2, 0.1, 0.5, 0.8)
        checklist = {f"step{i + 1}": rng.random() < pr for i, pr in enumerate(probabilities)}
        if "complaint" in ev or ev.get("step4"):
            checklist["step4"] = True
        row["checklist"] = checklist
        if in_person:
            source = _pick(rng, ((LocationSource.GPS, 80), (LocationSource.NETWORK, 15), (None, 5)))
            if source is not None:
                jitter, accuracy = (
                    (0.0003, rng.uniform(4, 35))
                    if source is LocationSource.GPS
                    else (0.006, rng.uniform(120, 1500))
                )
                lat, lon = where or (place.lat + rng.gauss(0, 0.012), place.lon + rng.gauss(0, 0.014))
                row.update(
                    latitude=_coord(lat + rng.gauss(0, jitter)),
                    longitude=_coord(lon + rng.gauss(0, jitter)),
                    location_source=source.value,
                    location_accuracy_m=Decimal(f"{accuracy:.1f}"),
                )
            if rng.random() < 0.7:
                row["next_visit_date"] = _local_date(check_in) + timedelta(
                    days=DEFAULT_VISIT_INTERVALS[grade]
                )
        if rng.random() < 0.15:
            row["competitor_notes"] = rng.choice(N.COMPETITOR_NOTES)
        if rng.random() < 0.5:
            row["notes"] = rng.choice(N.VISIT_NOTES)
        if rng.random() < 0.5:
            row["next_step"] = rng.choice(N.NEXT_STEPS)
        if status in (VisitStatus.APPROVED, VisitStatus.RETURNED):
            row["reviewed_by"] = supervisor_id
            row["reviewed_at"] = reviewed_at
            row["review_comment"] = (
                rng.choice(N.REVIEW_RETURN_COMMENTS)
                if status is VisitStatus.RETURNED
                else rng.choice(N.REVIEW_APPROVE_COMMENTS) or None
            )
        batch.add(S.VISIT, row)

    # ----------------------------------------------------------------------- targets

    def _targets(self) -> None:
        rng = self.rng
        months: list[tuple[int, int]] = []
        y, m = self.as_of.year, self.as_of.month
        for k in range(-11, 4):
            mm = m - 1 + k
            months.append((y + mm // 12, mm % 12 + 1))
        rows = []
        for rep in sorted({r.id: r for r in self.rep_of_place}.values(), key=lambda r: r.code):
            year_sales = sum((v for (rid, _m), v in self.sales.items() if rid == rep.id), ZERO)
            monthly = year_sales / 12
            for yy, mm in months:
                seasonal = 1.15 if mm in (11, 12) else 0.85 if mm in (1, 2) else 1.0
                target = _round_thousand(monthly * Decimal(str(round(rng.uniform(1.0, 1.25) * seasonal, 3))))
                created = min(
                    _at_minute(date(yy, mm, 1) - timedelta(days=5), 10 * 60), self.cutoff - timedelta(days=1)
                )
                rows.append(
                    {
                        "id": self.id(rng, created),
                        "user_id": rep.id,
                        "month": f"{yy:04d}-{mm:02d}",
                        "amount": max(target, Decimal(10000)),
                    }
                )
        self.writer.write(S.SALES_TARGET, rows)
