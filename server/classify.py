"""Classification runs on the server: value tier, lifecycle stage, churn risk, visit grade
and credit rating of every customer, from their history, with the rules of
``domain.classification`` and ``domain.credit``.

When it runs
    On demand (``fieldsales-server classify``, ``POST /api/v1/admin/classification/run``)
    and on a schedule: ``fieldsales-server serve`` starts :class:`Scheduler`, which checks
    every 15 minutes whether the last run is older than the configured interval (default
    24 hours, ``schedule_hours`` in the configuration, or ``serve --classify-every HOURS``;
    0 turns it off) and runs then. Several server processes may run the scheduler: exactly
    one of them runs it (``server.jobs``: a PostgreSQL advisory lock and a run record);
    besides, a run re-checks the time of the last run once it holds the change-feed lock,
    so a manual run meanwhile is not repeated. The computation happens before the feed
    lock is taken (pushes are not held up by it); only the writes hold it.

One run is one transaction with one feed number; only customers whose values change are
written (through ``server.store.changes``), so laptops receive exactly those at their next
sync.

What the rules are fed (the day is the organisation's local day, ``timezone``, default
Asia/Shanghai):

* an *order* is an accepted quote (docs/DOMAIN.md: 成交), dated by the local day of its
  decision (``decided_at``, else its issue date);
* value tier metrics over the last ``tier_window_days`` (default 365): sales amount
  (order totals), order count, payment timeliness (share of the payments in the window
  made by their receivable's due date; a customer without payments in the window counts
  as 1 when nothing of theirs is overdue, else 0), arrears (unpaid balances past their due
  date, today) and profit contribution — **always 0 for now**: the data model holds no
  costs, so the metric carries no information (min–max scaling makes it 0 for all) until
  a rule for it exists;
* lifecycle stage and churn risk from all order days;
* credit rating: the payment record from every payment made against a receivable, late by
  the days between due date and payment, plus — so a customer who simply does not pay is
  not rated better than one who pays late — each balance still unpaid past its due date
  as a late payment made today. The other four items come from the customer's last
  *credit assessment* (scored by the rep after a site visit and approved by the supervisor,
  ``PUT /api/v1/classification/credit-assessments/{customer}``), else from the configured
  defaults (``credit_default_items``: 20/30, 14/20, 7/10, 7/10 — an unassessed customer
  reaches at most grade A). A customer with no orders and no receivables is not rated.
  The grade's credit policy then sets ``credit_limit`` (the policy's factor × the average
  monthly sales of the window) and ``payment_terms_days`` (``apply_credit_policy``);
* visit grade follows the final tier (VIP/major → A, ordinary → B, small → C).

Overrides. A supervisor (for customers they cover) or an admin may fix any of
:data:`OVERRIDABLE` with a reason. The reason goes to the customer's ``override_reason``
(synced to laptops); which fields are fixed, to what, and what the rules computed for them
are kept in the server's ``settings`` table under ``override:<customer id>``, so later runs
keep the fixed values, and clearing an override restores the computed values at once. A
tier override is handed to ``assign_value_tiers`` (the customer still takes its place in
the ranking, so others' tiers do not shift); a fixed tier also moves the visit grade
unless that is fixed too. Credit assessments live under ``credit:<customer id>``.
"""

from __future__ import annotations

import logging
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from sqlalchemy import and_, select
from sqlalchemy.orm import Session

from domain.classification import (
    DEFAULT_TIER_CUTS,
    DEFAULT_TIER_WEIGHTS,
    METRICS,
    CustomerMetrics,
    LifecycleConfig,
    TierOverride,
    assign_value_tiers,
    churn_risk,
    default_visit_grade,
    lifecycle_stage,
)
from domain.credit import (
    DEFAULT_MAXIMA,
    CreditItems,
    PaymentTimeliness,
    credit_limit,
    credit_policy,
    payment_record_score_dated,
    rate_credit,
)
from domain.enums import (
    CreditGrade,
    LifecycleStage,
    QuoteStatus,
    ReceivableStatus,
    Role,
    ValueTier,
    VisitGrade,
)
from domain.money import ZERO, round_half_up
from domain.schema import CUSTOMER
from server import jobs
from server.store.changes import allocate_seq, now, update_row
from server.store.tables import TABLES, Setting, UserScope

log = logging.getLogger(__name__)

CONFIG_KEY = "classification.config"
LAST_RUN_KEY = "classification.last_run"
OVERRIDE_PREFIX = "override:"
CREDIT_PREFIX = "credit:"

#: Fields a supervisor or admin may fix, with the type of their value.
OVERRIDABLE: dict[str, type] = {
    "tier": ValueTier,
    "visit_grade": VisitGrade,
    "lifecycle_stage": LifecycleStage,
    "credit_grade": CreditGrade,
    "credit_limit": Decimal,
    "payment_terms_days": int,
}
COMPUTED = (
    "tier",
    "visit_grade",
    "lifecycle_stage",
    "churn_risk",
    "credit_grade",
    "credit_score",
    "credit_limit",
    "payment_terms_days",
)
ASSESSED = ("contract_compliance", "cooperation", "business_conduct", "growth_potential")


class ClassifyError(ValueError):
    """A request the classification rules refuse, with a message for people."""


# --------------------------------------------------------------------------- configuration


class LifecycleSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")
    window_days: int = Field(default=90, ge=1, le=3650)
    inactive_days: int = Field(default=180, ge=1, le=3650)
    sharp_drop_ratio: Decimal = Field(default=Decimal("0.5"), ge=0, le=1)
    recency_weight: Decimal = Field(default=Decimal("0.6"), ge=0, le=1)
    frequency_weight: Decimal = Field(default=Decimal("0.4"), ge=0, le=1)

    @model_validator(mode="after")
    def _weights(self):
        if self.recency_weight + self.frequency_weight != 1:
            raise ValueError("recency_weight and frequency_weight must add up to 1")
        return self

    def domain(self) -> LifecycleConfig:
        return LifecycleConfig(**self.model_dump())


class ClassificationConfig(BaseModel):
    """The admin-configurable numbers of the classification rules (defaults: docs/DOMAIN.md,
    Classifications)."""

    model_config = ConfigDict(extra="forbid")
    tier_window_days: int = Field(default=365, ge=30, le=3650)
    tier_weights: dict[str, Decimal] = Field(default_factory=lambda: dict(DEFAULT_TIER_WEIGHTS))
    tier_cuts: dict[ValueTier, Decimal] = Field(
        default_factory=lambda: {t: share for t, share in DEFAULT_TIER_CUTS},
        description="cumulative share of ranked customers up to and including each tier, best first",
    )
    lifecycle: LifecycleSettings = Field(default_factory=LifecycleSettings)
    credit_default_items: dict[str, int] = Field(
        default_factory=lambda: {
            "contract_compliance": 20,
            "cooperation": 14,
            "business_conduct": 7,
            "growth_potential": 7,
        }
    )
    apply_credit_policy: bool = True
    at_risk_threshold: Decimal = Field(default=Decimal("0.5"), ge=0, le=1)
    timezone: str = "Asia/Shanghai"
    schedule_hours: int = Field(default=24, ge=0, le=24 * 31, description="0: no scheduled runs")

    @field_validator("tier_weights")
    @classmethod
    def _weights(cls, value: dict[str, Decimal]) -> dict[str, Decimal]:
        unknown = set(value) - set(METRICS)
        if unknown:
            raise ValueError(f"unknown metrics {', '.join(sorted(unknown))}; use {', '.join(METRICS)}")
        return value

    @field_validator("tier_cuts")
    @classmethod
    def _cuts(cls, value: dict[ValueTier, Decimal]) -> dict[ValueTier, Decimal]:
        if set(value) != set(ValueTier):
            raise ValueError("give a share for each tier: vip, major, ordinary, small")
        shares = [value[t] for t in ValueTier]
        if any(b < a for a, b in zip(shares, shares[1:], strict=False)) or shares[-1] != 1 or shares[0] < 0:
            raise ValueError("the cumulative shares must rise from VIP to small and end at 1")
        return value

    @field_validator("credit_default_items")
    @classmethod
    def _items(cls, value: dict[str, int]) -> dict[str, int]:
        if set(value) != set(ASSESSED):
            raise ValueError(f"give {', '.join(ASSESSED)}")
        for name, points in value.items():
            if not 0 <= points <= DEFAULT_MAXIMA[name]:
                raise ValueError(f"{name} must be between 0 and {DEFAULT_MAXIMA[name]}")
        return value

    @field_validator("timezone")
    @classmethod
    def _zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown time zone {value!r}") from None
        return value

    def cuts(self) -> list[tuple[ValueTier, Decimal]]:
        return [(t, self.tier_cuts[t]) for t in ValueTier]

    def today(self) -> date:
        return datetime.now(ZoneInfo(self.timezone)).date()

    def local_day(self, at: datetime) -> date:
        return at.astimezone(ZoneInfo(self.timezone)).date()


def _get(session: Session, key: str, lock: bool = False) -> dict | None:
    q = select(Setting).where(Setting.key == key)
    if lock:
        q = q.with_for_update()
    row = session.scalars(q).first()
    return None if row is None else row.value


def _put(session: Session, key: str, value: dict | None, by: str | None) -> None:
    row = session.get(Setting, key)
    if value is None:
        if row is not None:
            session.delete(row)
        return
    if row is None:
        session.add(Setting(key=key, value=value, updated_at=now(), updated_by=by))
    else:
        row.value, row.updated_at, row.updated_by = value, now(), by
    session.flush()


def _with_prefix(session: Session, prefix: str) -> dict[str, dict]:
    return {
        row.key[len(prefix) :]: row.value
        for row in session.scalars(select(Setting).where(Setting.key.startswith(prefix, autoescape=True)))
    }


def load_config(session: Session) -> ClassificationConfig:
    stored = _get(session, CONFIG_KEY)
    if not stored:
        return ClassificationConfig()
    try:
        return ClassificationConfig.model_validate(stored)
    except ValueError:
        log.warning("stored classification settings are invalid; using the defaults")
        return ClassificationConfig()


def save_config(session: Session, config: ClassificationConfig, by: str | None) -> None:
    _put(session, CONFIG_KEY, config.model_dump(mode="json"), by)


def last_run(session: Session) -> dict | None:
    return _get(session, LAST_RUN_KEY)


# --------------------------------------------------------------------------- the run


@dataclass
class RunSummary:
    seq: int
    as_of: date
    customers: int = 0
    changed: int = 0
    overridden: int = 0
    at_risk: int = 0
    tiers: dict[str, int] = field(default_factory=dict)
    stages: dict[str, int] = field(default_factory=dict)
    credit_grades: dict[str, int] = field(default_factory=dict)


@dataclass
class _History:
    orders: dict[str, list[tuple[date, Decimal]]] = field(default_factory=lambda: defaultdict(list))
    payments: dict[str, list[PaymentTimeliness]] = field(default_factory=lambda: defaultdict(list))
    overdue: dict[str, list[tuple[date, Decimal]]] = field(default_factory=lambda: defaultdict(list))
    has_receivables: set[str] = field(default_factory=set)


def _history(
    session: Session, cfg: ClassificationConfig, today: date, customer_ids: list[str] | None
) -> _History:
    h = _History()
    q_, r, p = TABLES["quote"], TABLES["receivable"], TABLES["payment"]

    def only(t, q):
        return q.where(t.c.customer_id.in_(customer_ids)) if customer_ids is not None else q

    for cid, decided_at, issued, total in session.execute(
        only(
            q_,
            select(q_.c.customer_id, q_.c.decided_at, q_.c.issue_date, q_.c.total).where(
                ~q_.c.deleted, q_.c.status == QuoteStatus.ACCEPTED.value
            ),
        )
    ):
        day = cfg.local_day(decided_at) if decided_at else issued
        if day <= today:
            h.orders[cid].append((day, total or ZERO))
    due_of: dict[str, date] = {}
    for rid, cid, amount, paid, due, status in session.execute(
        only(
            r,
            select(r.c.id, r.c.customer_id, r.c.amount, r.c.paid_amount, r.c.due_date, r.c.status).where(
                ~r.c.deleted
            ),
        )
    ):
        h.has_receivables.add(cid)
        due_of[rid] = due
        outstanding = (amount or ZERO) - (paid or ZERO)
        if (
            status in (ReceivableStatus.OPEN.value, ReceivableStatus.PARTIAL.value)
            and outstanding > 0
            and due < today
        ):
            h.overdue[cid].append((due, outstanding))
    for cid, rid, paid_on in session.execute(
        only(
            p,
            select(p.c.customer_id, p.c.receivable_id, p.c.paid_on).where(
                ~p.c.deleted, p.c.receivable_id.is_not(None)
            ),
        )
    ):
        due = due_of.get(rid)
        if due is not None and paid_on <= today:
            h.payments[cid].append(PaymentTimeliness(paid_on, (paid_on - due).days))
    return h


def _metrics(cid: str, h: _History, start: date, today: date) -> CustomerMetrics:
    orders = [(d, amount) for d, amount in h.orders.get(cid, ()) if start <= d <= today]
    payments = [pm for pm in h.payments.get(cid, ()) if start <= pm.paid_on <= today]
    overdue = h.overdue.get(cid, ())
    if payments:
        timeliness = Decimal(sum(1 for pm in payments if pm.days_late <= 0)) / len(payments)
    else:
        timeliness = ZERO if overdue else Decimal(1)
    return CustomerMetrics(
        customer_id=cid,
        sales_amount=sum((a for _, a in orders), ZERO),
        order_count=len(orders),
        payment_timeliness=timeliness,
        arrears=sum((a for _, a in overdue), ZERO),
        profit_contribution=ZERO,  # no cost data in the model yet (see the module docstring)
    )


def _credit(
    cid: str,
    h: _History,
    today: date,
    cfg: ClassificationConfig,
    assessment: dict | None,
    window_sales: Decimal,
):
    """(grade, score, limit, terms) for a customer with trading history, else Nones."""
    if not h.orders.get(cid) and cid not in h.has_receivables:
        return None
    payments = list(h.payments.get(cid, ()))
    payments += [PaymentTimeliness(today, (today - due).days) for due, _ in h.overdue.get(cid, ())]
    record = payment_record_score_dated(payments, today)
    items = {**cfg.credit_default_items, **{k: v for k, v in (assessment or {}).items() if k in ASSESSED}}
    rating = rate_credit(CreditItems(payment_record=record, **items))
    return rating, round_half_up(window_sales / 12, 2)


def _decimal(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, Decimal) or isinstance(b, Decimal):
        return _decimal(a) == _decimal(b)
    return a == b


def _wire(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if hasattr(value, "value"):
        return value.value
    return value


def compute(
    session: Session,
    cfg: ClassificationConfig,
    today: date,
    overrides: dict[str, dict],
    assessments: dict[str, dict],
) -> tuple[dict[str, dict[str, Any]], dict[str, dict[str, Any]], list[str]]:
    """Every live customer's new values (overrides applied), the computed values of the
    overridden ones, and the customer ids in rank order."""
    c = TABLES["customer"]
    ids = list(session.scalars(select(c.c.id).where(~c.c.deleted).order_by(c.c.id)))
    h = _history(session, cfg, today, None)
    start = today - timedelta(days=cfg.tier_window_days - 1)
    metrics = [_metrics(cid, h, start, today) for cid in ids]
    tier_overrides = {
        cid: TierOverride(ValueTier(o["fields"]["tier"]), o.get("reason") or "override")
        for cid, o in overrides.items()
        if "tier" in o.get("fields", {})
    }
    tiers = assign_value_tiers(metrics, weights=cfg.tier_weights, cuts=cfg.cuts(), overrides=tier_overrides)
    lc = cfg.lifecycle.domain()
    sales = {m.customer_id: m.sales_amount for m in metrics}
    result: dict[str, dict[str, Any]] = {}
    computed_of_overridden: dict[str, dict[str, Any]] = {}
    for cid in ids:
        days = [d for d, _ in h.orders.get(cid, ())]
        t = tiers[cid]
        computed: dict[str, Any] = {
            "tier": t.computed_tier.value,
            "lifecycle_stage": lifecycle_stage(days, today, lc).value,
            "churn_risk": churn_risk(days, today, lc),
            "credit_grade": None,
            "credit_score": None,
        }
        credit = _credit(cid, h, today, cfg, assessments.get(cid), sales[cid])
        if credit is not None:
            rating, base = credit
            computed["credit_grade"] = rating.grade.value
            computed["credit_score"] = rating.total
        fixed = overrides.get(cid, {}).get("fields", {})
        final = {**computed, **{k: v for k, v in fixed.items() if k in computed}}
        final["tier"] = t.tier.value
        computed["visit_grade"] = default_visit_grade(computed["tier"]).value
        final["visit_grade"] = fixed.get("visit_grade", default_visit_grade(final["tier"]).value)
        if cfg.apply_credit_policy and final["credit_grade"] is not None and credit is not None:
            policy = credit_policy(final["credit_grade"])
            computed["credit_limit"] = credit_limit(final["credit_grade"], credit[1])
            computed["payment_terms_days"] = policy.payment_terms_days
            final["credit_limit"] = (
                _decimal(fixed["credit_limit"]) if "credit_limit" in fixed else computed["credit_limit"]
            )
            final["payment_terms_days"] = fixed.get("payment_terms_days", computed["payment_terms_days"])
        else:
            for name in ("credit_limit", "payment_terms_days"):
                if name in fixed:
                    final[name] = _decimal(fixed[name]) if name == "credit_limit" else fixed[name]
        result[cid] = final
        if fixed:
            computed_of_overridden[cid] = computed
    ranked = list(tiers)
    return result, computed_of_overridden, ranked


def run(
    session: Session,
    *,
    as_of: date | None = None,
    by: str | None = None,
    only_if_older_than: timedelta | None = None,
) -> RunSummary | None:
    """Recompute every customer's classifications in this transaction (see module docstring).

    Everything is read and computed first; only the writing holds the feed lock, so laptops'
    pushes wait for the writes, not for the computation. Customers whose override or credit
    assessment changed meanwhile are left for the next run. With ``only_if_older_than`` (the
    scheduler) nothing happens — ``None`` — unless the last run is older than that; the check
    is repeated under the lock, so of several server processes only one runs.
    """

    def due() -> bool:
        return jobs.is_due(last_run(session), only_if_older_than)

    if only_if_older_than is not None and not due():
        return None
    cfg = load_config(session)
    today = as_of or cfg.today()
    overrides = _with_prefix(session, OVERRIDE_PREFIX)
    assessments = _with_prefix(session, CREDIT_PREFIX)
    values, computed, _ranked = compute(session, cfg, today, overrides, assessments)

    seq = allocate_seq(session)  # the feed lock, until commit
    if only_if_older_than is not None and not due():
        return None
    fresh_overrides = _with_prefix(session, OVERRIDE_PREFIX)
    fresh_assessments = _with_prefix(session, CREDIT_PREFIX)
    changed_meanwhile = {
        cid
        for old, new in ((overrides, fresh_overrides), (assessments, fresh_assessments))
        for cid in set(old) | set(new)
        if old.get(cid) != new.get(cid)
    }
    c = TABLES["customer"]
    summary = RunSummary(seq=seq, as_of=today, customers=len(values), overridden=len(computed))
    current = {
        r["id"]: r
        for r in session.execute(select(c.c.id, *(c.c[n] for n in COMPUTED)).where(~c.c.deleted)).mappings()
    }
    for cid, new in values.items():
        old = current.get(cid)
        if old is None or cid in changed_meanwhile:
            continue
        changes = {k: v for k, v in new.items() if not _same(old[k], v)}
        if changes:
            update_row(session, CUSTOMER, cid, changes, seq, by)
            summary.changed += 1
    for cid, comp in computed.items():
        if cid in changed_meanwhile:
            continue
        record = dict(overrides[cid])
        record["computed"] = {k: _wire(v) for k, v in comp.items()}
        _put(session, OVERRIDE_PREFIX + cid, record, by)
    threshold = cfg.at_risk_threshold
    summary.tiers = dict(Counter(v["tier"] for v in values.values()))
    summary.stages = dict(Counter(v["lifecycle_stage"] for v in values.values()))
    summary.credit_grades = dict(Counter(v["credit_grade"] for v in values.values() if v["credit_grade"]))
    summary.at_risk = sum(
        1 for v in values.values() if v["churn_risk"] is not None and v["churn_risk"] >= threshold
    )
    _put(
        session,
        LAST_RUN_KEY,
        {
            "at": now().isoformat(),
            "as_of": today.isoformat(),
            "by": by,
            "seq": seq,
            "customers": summary.customers,
            "changed": summary.changed,
        },
        by,
    )
    return summary


# --------------------------------------------------------------------------- overrides


def _customer(session: Session, key: str):
    c = TABLES["customer"]
    row = (
        session.execute(select(c).where((c.c.id == key) | (c.c.code == key), ~c.c.deleted)).mappings().first()
    )
    if row is None:
        raise LookupError(f"No customer with id or code {key!r}.")
    return row


def covers(session: Session, user_id: str, role: str, customer_id: str) -> bool:
    """Whether the user may override this customer: admins any, supervisors those they cover."""
    if role == Role.ADMIN.value:
        return True
    if role != Role.SUPERVISOR.value:
        return False
    us = UserScope.__table__
    return (
        session.execute(
            select(us.c.customer_id).where(
                us.c.user_id == user_id, us.c.customer_id == customer_id, us.c.active
            )
        ).first()
        is not None
    )


def _parse_fields(fields: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, value in fields.items():
        kind = OVERRIDABLE.get(name)
        if kind is None:
            raise ClassifyError(f"{name} cannot be overridden; choose from {', '.join(OVERRIDABLE)}.")
        try:
            if kind is Decimal:
                d = Decimal(str(value))
                if not d.is_finite() or d < 0 or d != round(d, 2) or d >= Decimal(10) ** 16:
                    raise ValueError
                out[name] = str(d)
            elif kind is int:
                if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 3650:
                    raise ValueError
                out[name] = value
            else:
                out[name] = kind(value).value
        except (ValueError, ArithmeticError):
            allowed = (
                ", ".join(m.value for m in kind)
                if kind not in (Decimal, int)
                else "an amount ≥ 0 with at most 2 decimals"
                if kind is Decimal
                else "whole days 0–3650"
            )
            raise ClassifyError(
                f"{value!r} is not a valid {name.replace('_', ' ')}: use {allowed}."
            ) from None
    return out


def set_override(
    session: Session,
    customer_key: str,
    fields: dict[str, Any],
    reason: str,
    by: str | None,
    seq: int | None = None,
) -> dict:
    """Fix some classifications of a customer; applied now and kept by later runs."""
    if not (reason or "").strip():
        raise ClassifyError("Give a reason for the override.")
    if not fields:
        raise ClassifyError("Choose at least one value to override.")
    parsed = _parse_fields(fields)
    cust = _customer(session, customer_key)
    key = OVERRIDE_PREFIX + cust["id"]
    record = _get(session, key) or {"fields": {}, "computed": {}}
    for name in parsed:  # remember what the rules said before the first override of a field
        if name not in record["fields"]:
            record["computed"][name] = _wire(cust[name])
    if "tier" in parsed and "visit_grade" not in record["fields"] and "visit_grade" not in parsed:
        record["computed"].setdefault("visit_grade", _wire(cust["visit_grade"]))
    record["fields"].update(parsed)
    record.update(reason=reason.strip(), by=by, at=now().isoformat())
    seq = seq if seq is not None else allocate_seq(session)
    values: dict[str, Any] = {k: (_decimal(v) if k == "credit_limit" else v) for k, v in parsed.items()}
    if "tier" in parsed and "visit_grade" not in record["fields"]:
        values["visit_grade"] = default_visit_grade(parsed["tier"]).value
    values["override_reason"] = record["reason"]
    values = {k: v for k, v in values.items() if not _same(cust[k], v)}
    if values:
        update_row(session, CUSTOMER, cust["id"], values, seq, by)
    _put(session, key, record, by)
    return record


def clear_override(
    session: Session, customer_key: str, fields: list[str] | None, by: str | None, seq: int | None = None
) -> dict | None:
    """Let the rules decide again (all fields, or the ones named); computed values come back now."""
    cust = _customer(session, customer_key)
    key = OVERRIDE_PREFIX + cust["id"]
    record = _get(session, key)
    if not record:
        raise ClassifyError("This customer has no overrides.")
    names = list(record["fields"]) if not fields else fields
    unknown = [n for n in names if n not in record["fields"]]
    if unknown:
        raise ClassifyError(f"{', '.join(unknown)} is not overridden for this customer.")
    computed = record.get("computed", {})
    values: dict[str, Any] = {}
    for name in names:
        record["fields"].pop(name)
        if name in computed:
            values[name] = _decimal(computed[name]) if name == "credit_limit" else computed[name]
    if "tier" in names and "visit_grade" not in record["fields"]:
        values["visit_grade"] = computed.get("visit_grade") or default_visit_grade(values.get("tier")).value
    if not record["fields"]:
        values["override_reason"] = None
        _put(session, key, None, by)
        record = None
    else:
        _put(session, key, record, by)
    seq = seq if seq is not None else allocate_seq(session)
    values = {k: v for k, v in values.items() if not _same(cust[k], v)}
    if values:
        update_row(session, CUSTOMER, cust["id"], values, seq, by)
    return record


def overrides(session: Session, customer_ids: list[str] | None = None) -> dict[str, dict]:
    found = _with_prefix(session, OVERRIDE_PREFIX)
    if customer_ids is not None:
        wanted = set(customer_ids)
        found = {k: v for k, v in found.items() if k in wanted}
    return found


# --------------------------------------------------------------------------- credit assessments


def set_assessment(
    session: Session, customer_key: str, items: dict[str, int], by: str | None, as_of: date | None = None
) -> dict:
    """Store the four assessed credit items and re-rate this customer now."""
    missing = [n for n in ASSESSED if n not in items]
    if missing:
        raise ClassifyError(f"Score every item: {', '.join(missing)} is missing.")
    CreditItems(payment_record=0, **{n: items[n] for n in ASSESSED}).validate()
    cust = _customer(session, customer_key)
    record = {**{n: items[n] for n in ASSESSED}, "by": by, "at": now().isoformat()}
    _put(session, CREDIT_PREFIX + cust["id"], record, by)
    rerate(session, cust["id"], by, as_of=as_of)
    return record


def assessment(session: Session, customer_id: str) -> dict | None:
    return _get(session, CREDIT_PREFIX + customer_id)


def rerate(
    session: Session, customer_id: str, by: str | None, *, as_of: date | None = None, seq: int | None = None
) -> dict[str, Any]:
    """Credit rating of one customer now (it depends on no other customer)."""
    cfg = load_config(session)
    today = as_of or cfg.today()
    h = _history(session, cfg, today, [customer_id])
    start = today - timedelta(days=cfg.tier_window_days - 1)
    sales = _metrics(customer_id, h, start, today).sales_amount
    cust = _customer(session, customer_id)
    fixed = (_get(session, OVERRIDE_PREFIX + customer_id) or {}).get("fields", {})
    credit = _credit(customer_id, h, today, cfg, assessment(session, customer_id), sales)
    values: dict[str, Any] = {}
    if credit is not None:
        rating, base = credit
        values["credit_score"] = rating.total
        grade = fixed.get("credit_grade", rating.grade.value)
        values["credit_grade"] = grade
        if cfg.apply_credit_policy:
            if "credit_limit" not in fixed:
                values["credit_limit"] = credit_limit(grade, base)
            if "payment_terms_days" not in fixed:
                values["payment_terms_days"] = credit_policy(grade).payment_terms_days
    values = {k: v for k, v in values.items() if not _same(cust[k], v)}
    if values:
        update_row(
            session, CUSTOMER, customer_id, values, seq if seq is not None else allocate_seq(session), by
        )
    return values


# --------------------------------------------------------------------------- the at-risk list


def at_risk(
    session: Session,
    user_id: str,
    role: str,
    *,
    limit: int = 50,
    min_risk: Decimal | None = None,
    territory_ids: set[str] | None = None,
) -> list[dict]:
    """Customers the caller covers, by churn risk (highest first), for priority visits."""
    c, u, q = TABLES["customer"], TABLES["user"], TABLES["quote"]
    cfg = load_config(session)
    threshold = cfg.at_risk_threshold if min_risk is None else min_risk
    query = (
        select(
            c.c.id,
            c.c.code,
            c.c.name,
            c.c.city,
            c.c.phone,
            c.c.churn_risk,
            c.c.lifecycle_stage,
            c.c.tier,
            c.c.visit_grade,
            u.c.username.label("owner"),
            u.c.display_name.label("owner_name"),
        )
        .select_from(c.outerjoin(u, u.c.id == c.c.owner_id))
        .where(~c.c.deleted, c.c.churn_risk.is_not(None), c.c.churn_risk >= threshold)
    )
    if role != Role.ADMIN.value:
        us = UserScope.__table__
        query = query.join(us, and_(us.c.customer_id == c.c.id, us.c.user_id == user_id, us.c.active))
    if territory_ids is not None:
        query = query.where(c.c.territory_id.in_(list(territory_ids)))
    rows = [
        dict(r)
        for r in session.execute(query.order_by(c.c.churn_risk.desc(), c.c.id).limit(limit)).mappings()
    ]
    if rows:
        last = dict(
            session.execute(
                select(q.c.customer_id, q.c.decided_at)
                .where(
                    q.c.customer_id.in_([r["id"] for r in rows]),
                    ~q.c.deleted,
                    q.c.decided_at.is_not(None),
                    q.c.status == QuoteStatus.ACCEPTED.value,
                )
                .order_by(q.c.decided_at)
            ).all()
        )
        for r in rows:
            at = last.get(r["id"])
            r["last_order"] = cfg.local_day(at) if at else None
    return rows


# --------------------------------------------------------------------------- the schedule


class Scheduler(jobs.JobLoop):
    """Runs classification when the last run is older than ``every`` (checked periodically).

    Of several server processes only one runs it (``server.jobs``: the advisory lock and
    the run record); the computation happens under that lock, so the others do not even
    compute.
    """

    def __init__(
        self,
        store,
        every: timedelta,
        check_every: timedelta = timedelta(minutes=15),
        first_check: timedelta = timedelta(seconds=60),
    ):
        super().__init__(store, "classification", every, self._work, check_every, first_check)

    def _work(self, session: Session) -> dict | None:
        summary = run(session, only_if_older_than=self.every)
        if summary is None:
            return None
        log.info("scheduled classification: %d customers, %d changed", summary.customers, summary.changed)
        return {"customers": summary.customers, "changed": summary.changed, "seq": summary.seq}
