"""Classification over HTTP (see ``server.classify`` for the rules and the schedule).

``/admin/classification/*`` (admins only): run now, read and change the settings, list
every override. ``/classification/*`` (signed-in users, each call checks the role): the
at-risk list for planning visits (reps see the customers they cover), and supervisors'
(and admins') overrides with a reason and credit assessments — a supervisor only for the
customers they cover.
"""

from __future__ import annotations

from contextlib import contextmanager
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from fastapi import APIRouter, Depends, Query
from pydantic import Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from domain.enums import LifecycleStage, Role, ValueTier, VisitGrade
from server import classify, org
from server.api.admin_routes import Admin, admin_user, commit, commit_audited, refusals
from server.api.deps import DbSession, check_versions, current_user
from server.api.errors import ApiError
from server.audit import audit
from server.auth import CurrentUser
from server.classify import ClassificationConfig
from server.store.tables import TABLES
from sync.contract import Strict

admin_router = APIRouter(
    prefix="/admin/classification",
    tags=["admin: classification"],
    dependencies=[Depends(check_versions), Depends(admin_user)],
)
router = APIRouter(prefix="/classification", tags=["classification"], dependencies=[Depends(check_versions)])


def supervisor_or_admin(user: CurrentUser = Depends(current_user)) -> CurrentUser:
    if user.role not in (Role.SUPERVISOR.value, Role.ADMIN.value):
        raise ApiError(403, "supervisor_only", "Only a supervisor or an administrator can do this.")
    return user


class RunRequest(Strict):
    as_of: date | None = Field(default=None, description="the day to classify as of (default: today)")


class RunOut(Strict):
    seq: int
    as_of: date
    customers: int
    changed: int
    overridden: int
    at_risk: int
    tiers: dict[str, int]
    stages: dict[str, int]
    credit_grades: dict[str, int]


class ConfigOut(Strict):
    config: ClassificationConfig
    last_run: dict[str, Any] | None


class OverrideIn(Strict):
    fields: dict[str, Any] = Field(
        min_length=1,
        max_length=6,
        description="tier, visit_grade, lifecycle_stage, credit_grade, credit_limit, payment_terms_days",
    )
    reason: str = Field(min_length=1, max_length=1000)


class OverrideOut(Strict):
    customer_id: str
    code: str
    name: str
    fields: dict[str, Any]
    computed: dict[str, Any]
    reason: str | None
    by: str | None
    at: datetime | None


class AssessmentIn(Strict):
    contract_compliance: int = Field(ge=0, le=30)
    cooperation: int = Field(ge=0, le=20)
    business_conduct: int = Field(ge=0, le=10)
    growth_potential: int = Field(ge=0, le=10)


class AssessmentOut(Strict):
    credit_grade: str | None
    credit_score: int | None


class AtRiskOut(Strict):
    id: str
    code: str
    name: str
    city: str | None
    phone: str | None
    churn_risk: Decimal
    lifecycle_stage: LifecycleStage | None
    tier: ValueTier | None
    visit_grade: VisitGrade | None
    owner: str | None
    owner_name: str | None
    last_order: date | None


def _summary(s: classify.RunSummary) -> RunOut:
    return RunOut.model_validate(s, from_attributes=True)


@contextmanager
def _lookups():
    """Turn classification refusals into readable answers."""
    try:
        yield
    except LookupError as exc:
        raise ApiError(404, "not_found", str(exc)) from None
    except classify.ClassifyError as exc:
        raise ApiError(400, "invalid_request", str(exc)) from None


def _allowed(session: Session, user: CurrentUser, customer: str) -> str:
    c = TABLES["customer"]
    cid = session.scalar(select(c.c.id).where((c.c.id == customer) | (c.c.code == customer), ~c.c.deleted))
    if cid is None:
        raise ApiError(404, "not_found", f"No customer with id or code {customer!r}.")
    if not classify.covers(session, user.id, user.role, cid):
        raise ApiError(403, "not_your_customer", "You can only change customers of your own region.")
    return cid


def _override_out(session: Session, records: dict[str, dict]) -> list[OverrideOut]:
    if not records:
        return []
    c = TABLES["customer"]
    info = {
        r.id: r for r in session.execute(select(c.c.id, c.c.code, c.c.name).where(c.c.id.in_(list(records))))
    }
    names = org.usernames(session, [r.get("by") for r in records.values() if r.get("by")])
    out = []
    for cid, r in records.items():
        if cid not in info:
            continue
        out.append(
            OverrideOut(
                customer_id=cid,
                code=info[cid].code,
                name=info[cid].name,
                fields=r.get("fields", {}),
                computed=r.get("computed", {}),
                reason=r.get("reason"),
                by=names.get(r.get("by"), (None,))[0],
                at=r.get("at"),
            )
        )
    out.sort(key=lambda o: o.code)
    return out


# --------------------------------------------------------------------------- admin


@admin_router.post("/run", response_model=RunOut)
def run_now(body: RunRequest, admin: Admin, session: DbSession) -> RunOut:
    """Recompute tiers, lifecycle, churn risk, visit grades and credit ratings now (one change)."""
    with refusals():
        summary = classify.run(session, as_of=body.as_of, by=admin.id)
    audit(session, admin.id, "classify", f"{summary.changed} of {summary.customers} changed")
    out = _summary(summary)
    commit(session)
    return out


@admin_router.get("/config", response_model=ConfigOut)
def get_config(session: DbSession) -> ConfigOut:
    return ConfigOut(config=classify.load_config(session), last_run=classify.last_run(session))


@admin_router.put("/config", response_model=ConfigOut)
def put_config(body: ClassificationConfig, admin: Admin, session: DbSession) -> ConfigOut:
    """Change the rules' numbers; they apply from the next run."""
    classify.save_config(session, body, admin.id)
    audit(session, admin.id, "classification_config", None)
    out = ConfigOut(config=body, last_run=classify.last_run(session))
    commit(session)
    return out


@admin_router.get("/overrides", response_model=list[OverrideOut])
def all_overrides(session: DbSession) -> list[OverrideOut]:
    return _override_out(session, classify.overrides(session))


# --------------------------------------------------------------------------- supervisors and reps


@router.get("/at-risk", response_model=list[AtRiskOut])
def at_risk(
    session: DbSession,
    limit: int = Query(default=50, ge=1, le=1000),
    min_risk: Decimal | None = Query(default=None, ge=0, le=1),
    territory: str | None = Query(default=None, max_length=40),
    user: CurrentUser = Depends(current_user),
) -> list[AtRiskOut]:
    """Customers the caller covers, most at risk of churning first, to plan priority visits."""
    nodes = None
    if territory:
        with refusals():
            node = org.find_territory(session, territory)
        nodes = org.territory_descendants(session).get(node["id"], {node["id"]})
    rows = classify.at_risk(session, user.id, user.role, limit=limit, min_risk=min_risk, territory_ids=nodes)
    return [AtRiskOut(**{k: r[k] for k in AtRiskOut.model_fields}) for r in rows]


@router.get("/overrides", response_model=list[OverrideOut])
def my_overrides(session: DbSession, user: CurrentUser = Depends(supervisor_or_admin)) -> list[OverrideOut]:
    records = classify.overrides(session)
    if user.role != Role.ADMIN.value:
        records = {cid: r for cid, r in records.items() if classify.covers(session, user.id, user.role, cid)}
    return _override_out(session, records)


@router.put("/overrides/{customer}", response_model=OverrideOut)
def set_override(
    customer: str, body: OverrideIn, session: DbSession, user: CurrentUser = Depends(supervisor_or_admin)
) -> OverrideOut:
    """Fix classifications of a customer with a reason; later runs keep them."""
    cid = _allowed(session, user, customer)
    with _lookups(), refusals():
        classify.set_override(session, cid, body.fields, body.reason, user.id)
    audit(session, user.id, "override", f"{cid}: {sorted(body.fields)}")
    out = _override_out(session, classify.overrides(session, [cid]))[0]
    commit(session)
    return out


@router.delete("/overrides/{customer}", status_code=204)
def clear_override(
    customer: str,
    session: DbSession,
    fields: str | None = Query(default=None, max_length=200, description="comma-separated; default all"),
    user: CurrentUser = Depends(supervisor_or_admin),
) -> None:
    """Let the rules decide again; the computed values come back at once."""
    cid = _allowed(session, user, customer)
    names = [f.strip() for f in fields.split(",") if f.strip()] if fields else None
    with _lookups(), refusals():
        classify.clear_override(session, cid, names, user.id)
    commit_audited(session, user.id, "clear_override", f"{cid}: {names or 'all'}")


@router.put("/credit-assessments/{customer}", response_model=AssessmentOut)
def set_assessment(
    customer: str, body: AssessmentIn, session: DbSession, user: CurrentUser = Depends(supervisor_or_admin)
) -> AssessmentOut:
    """Record the approved scores of the four assessed credit items; the customer is re-rated now."""
    cid = _allowed(session, user, customer)
    with _lookups(), refusals():
        classify.set_assessment(session, cid, body.model_dump(), user.id)
        session.flush()
    c = TABLES["customer"]
    row = session.execute(select(c.c.credit_grade, c.c.credit_score).where(c.c.id == cid)).one()
    commit_audited(session, user.id, "credit_assessment", cid)
    return AssessmentOut(credit_grade=row.credit_grade, credit_score=row.credit_score)
