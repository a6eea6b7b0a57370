"""Organisation settings over HTTP: the complaint SLA defaults.

``GET /settings/sla`` — the policy in force (any signed-in user: laptops may show it);
``PUT /settings/sla`` — replace it (admins only); ``DELETE /settings/sla`` — back to the
defaults of ``domain.complaints`` (admins only). The policy is stored in the ``settings``
table (``server.sla``) and applies to complaints that reach the server from then on;
deadlines already stamped on complaints do not move.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Annotated

from fastapi import APIRouter, Depends
from pydantic import Field, model_validator
from sqlalchemy.orm import Session

from domain.enums import Role, Severity, ValueTier
from server import sla
from server.api.deps import check_versions, current_user, get_store
from server.api.errors import ApiError
from server.audit import audit
from server.auth import CurrentUser
from server.store.db import Store
from server.store.tables import Setting
from sync.contract import Strict

router = APIRouter(prefix="/settings", tags=["settings"], dependencies=[Depends(check_versions)])

MAX_HOURS = Decimal(24 * 366)  # a year and a day: anything longer is a typing mistake


def _admin(user: CurrentUser = Depends(current_user)) -> CurrentUser:
    if user.role != Role.ADMIN.value:
        raise ApiError(403, "admin_only", "Only an administrator can change the complaint SLA.")
    return user


class SlaTargetModel(Strict):
    first_response_hours: Decimal = Field(gt=0, le=MAX_HOURS, max_digits=12, decimal_places=4,
                                          description="hours from recording to the first response")
    resolution_hours: Decimal = Field(gt=0, le=MAX_HOURS, max_digits=12, decimal_places=4,
                                      description="hours from recording to the resolution")

    @model_validator(mode="after")
    def _ordered(self) -> SlaTargetModel:
        if self.resolution_hours < self.first_response_hours:
            raise ValueError("the resolution cannot be due before the first response")
        return self


#: Multiplies both durations for a customer tier (0.5 halves them); 1 = no adjustment.
Factor = Annotated[Decimal, Field(ge=Decimal("0.01"), le=10, max_digits=8, decimal_places=4)]


class SlaSettings(Strict):
    """Durations for every severity, and optionally a factor per customer tier (default 1)."""

    targets: dict[Severity, SlaTargetModel]
    tier_factors: dict[ValueTier, Factor] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _complete(self) -> SlaSettings:
        missing = [s.value for s in Severity if s not in self.targets]
        if missing:
            raise ValueError("durations are required for every severity; missing: " + ", ".join(missing))
        return self


class SlaSettingsOut(SlaSettings):
    is_default: bool
    updated_at: datetime | None = None
    updated_by: str | None = None


def _out(session: Session) -> SlaSettingsOut:
    row = session.get(Setting, sla.SETTING_KEY)
    data = sla.policy_to_json(sla.load_policy(session))
    return SlaSettingsOut(**data, is_default=row is None, updated_at=row.updated_at if row else None,
                          updated_by=row.updated_by if row else None)


@router.get("/sla", response_model=SlaSettingsOut)
def get_sla(_user: CurrentUser = Depends(current_user), store: Store = Depends(get_store)) -> SlaSettingsOut:
    """The complaint SLA in force: hours per severity and the factor per customer tier."""
    with store.session() as session:
        return _out(session)


@router.put("/sla", response_model=SlaSettingsOut)
def put_sla(body: SlaSettings, admin: CurrentUser = Depends(_admin),
            store: Store = Depends(get_store)) -> SlaSettingsOut:
    """Replace the complaint SLA; applies to complaints received from now on."""
    # Committed before the answer is sent (a yield dependency would commit after it).
    with store.session() as session:
        return _put(session, body, admin)


def _put(session: Session, body: SlaSettings, admin: CurrentUser) -> SlaSettingsOut:
    policy = sla.policy_from_json({
        "targets": {s.value: {"first_response_hours": str(t.first_response_hours),
                              "resolution_hours": str(t.resolution_hours)} for s, t in body.targets.items()},
        "tier_factors": {t.value: str(f) for t, f in body.tier_factors.items()},
    })
    sla.save_policy(session, policy, admin.id)
    audit(session, admin.id, "set_complaint_sla", None)
    return _out(session)


@router.delete("/sla", response_model=SlaSettingsOut)
def reset_sla(admin: CurrentUser = Depends(_admin), store: Store = Depends(get_store)) -> SlaSettingsOut:
    """Go back to the default SLA (critical 4 h / 24 h … low 72 h / 14 d, every factor 1)."""
    with store.session() as session:
        sla.reset_policy(session)
        audit(session, admin.id, "reset_complaint_sla", None)
        return _out(session)
