"""Organisation settings over HTTP: the complaint SLA, the visit-review thresholds, the
company profile on printed quotes, the client release (latest and minimum app version) and
the laptops' app lock and offline lease.

For each area ``X`` in ``sla``, ``review``, ``company``, ``client-release`` and ``security``:

* ``GET /settings/X`` — the value in force (any signed-in user), with ``is_default`` and
  who changed it when;
* ``PUT /settings/X`` — replace it (admins only; the whole value is validated first, so a
  refused request changes nothing);
* ``DELETE /settings/X`` — back to the defaults of ``domain`` (admins only).

Each value is an ``org_setting`` row (``server.org_settings``): a change is one
transaction through ``server.store.changes`` and reaches every laptop at its next sync,
where it applies offline (SLA due times of new complaints, the review queue, the quote
letterhead). On the server, the SLA applies to complaints that reach it from then on;
deadlines already stamped on complaints do not move.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from pydantic import Field, StringConstraints, field_validator, model_validator
from sqlalchemy.orm import Session

from domain.enums import Role, Severity, ValueTier
from domain.errors import InvalidValue
from domain.org_settings import (
    CLIENT_RELEASE_KEY,
    COMPANY_SETTING_KEY,
    DEFAULT_TIME_ZONE,
    MAX_LEASE_DAYS,
    MAX_LOCK_MINUTES,
    SECURITY_SETTING_KEY,
    TIME_ZONE_KEY,
    CompanyProfile,
    DevicePolicy,
    company_profile_from_json,
    company_profile_to_json,
    device_policy_from_json,
    device_policy_to_json,
    time_zone_from_json,
    time_zone_to_json,
)
from domain.visit_review import (
    DEFAULT_THRESHOLDS,
    MAX_DELAY_HOURS,
    MAX_DISTANCE_KM,
    MAX_MIN_MINUTES,
    ReviewThresholds,
    thresholds_from_json,
    thresholds_to_json,
)
from domain.visit_review import SETTING_KEY as REVIEW_SETTING_KEY
from server import org_settings, sla
from server.api.deps import check_versions, current_user, forget_client_release, get_session
from server.api.errors import ApiError
from server.audit import audit
from server.auth import CurrentUser
from sync.contract import Strict
from sync.release import ClientRelease, client_release_from_json, client_release_to_json

router = APIRouter(prefix="/settings", tags=["settings"], dependencies=[Depends(check_versions)])

MAX_HOURS = Decimal(24 * 366)  # a year and a day: anything longer is a typing mistake


def _admin(user: CurrentUser = Depends(current_user)) -> CurrentUser:
    if user.role != Role.ADMIN.value:
        raise ApiError(403, "admin_only", "Only an administrator can change the organisation's settings.")
    return user


class _Stamp(Strict):
    is_default: bool = Field(description="no admin value is stored: the defaults apply")
    updated_at: datetime | None = None
    updated_by: str | None = None


def _checked(read, data):
    """Run a domain reader over a validated body; its refusal becomes a readable 422."""
    try:
        return read(data)
    except InvalidValue as exc:
        raise ApiError(422, "invalid_request", exc.message) from None


def _stamp(session: Session, key: str) -> dict:
    stored = org_settings.load(session, key)
    if stored is None:
        return {"is_default": True, "updated_at": None, "updated_by": None}
    return {"is_default": False, "updated_at": stored.updated_at, "updated_by": stored.updated_by}


def _show_and_reset(
    path: str,
    out: Callable[[Session], Any],
    model: type,
    *,
    show: tuple[str, str],
    reset: tuple[str, str, str],
    key: str | None = None,
    reset_with: Callable[[Session, str], None] | None = None,
    after_reset: Callable[[Any], None] | None = None,
) -> None:
    """Register ``GET path`` (anyone logged in sees the setting) and ``DELETE path`` (an admin puts
    the default back, audited as ``reset[2]``); every setting has both, its ``PUT`` is its own.

    ``show`` and ``reset`` are each route's name and description; the default is forgotten with
    ``reset_with(session, admin_id)``, or by removing the stored ``key``.
    """

    def read(
        _user: CurrentUser = Depends(current_user), session: Session = Depends(get_session, scope="function")
    ):
        return out(session)

    def forget(
        request: Request,
        admin: CurrentUser = Depends(_admin),
        session: Session = Depends(get_session, scope="function"),
    ):
        if reset_with is not None:
            reset_with(session, admin.id)
        else:
            org_settings.reset(session, key, admin.id)
        audit(session, admin.id, reset[2], None)
        if after_reset is not None:
            after_reset(request.app.state.store)
        return out(session)

    router.add_api_route(path, read, methods=["GET"], response_model=model, name=show[0], description=show[1])
    router.add_api_route(
        path, forget, methods=["DELETE"], response_model=model, name=reset[0], description=reset[1]
    )


# ================================================================= complaint SLA


class SlaTargetModel(Strict):
    first_response_hours: Decimal = Field(
        gt=0,
        le=MAX_HOURS,
        max_digits=12,
        decimal_places=4,
        description="hours from recording to the first response",
    )
    resolution_hours: Decimal = Field(
        gt=0,
        le=MAX_HOURS,
        max_digits=12,
        decimal_places=4,
        description="hours from recording to the resolution",
    )

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


class SlaSettingsOut(SlaSettings, _Stamp):
    pass


def _sla_out(session: Session) -> SlaSettingsOut:
    data = sla.policy_to_json(sla.load_policy(session))
    return SlaSettingsOut(**data, **_stamp(session, sla.SETTING_KEY))


_show_and_reset(
    "/sla",
    _sla_out,
    SlaSettingsOut,
    show=("get_sla", "The complaint SLA in force: hours per severity and the factor per customer tier."),
    reset=(
        "reset_sla",
        "Go back to the default SLA (critical 4 h / 24 h … low 72 h / 14 d, every factor 1).",
        "reset_complaint_sla",
    ),
    reset_with=sla.reset_policy,
)


@router.put("/sla", response_model=SlaSettingsOut)
def put_sla(
    body: SlaSettings,
    admin: CurrentUser = Depends(_admin),
    session: Session = Depends(get_session, scope="function"),
) -> SlaSettingsOut:
    """Replace the complaint SLA; applies to complaints received from now on, and on every
    laptop (offline too) from its next sync."""
    policy = _checked(
        sla.policy_from_json,
        {
            "targets": {
                s.value: {
                    "first_response_hours": str(t.first_response_hours),
                    "resolution_hours": str(t.resolution_hours),
                }
                for s, t in body.targets.items()
            },
            "tier_factors": {t.value: str(f) for t, f in body.tier_factors.items()},
        },
    )
    sla.save_policy(session, policy, admin.id)
    audit(session, admin.id, "set_complaint_sla", None)
    return _sla_out(session)


# ================================================================= visit review


class ReviewSettings(Strict):
    """Where a submitted visit log becomes an exception in the supervisors' review queue."""

    min_minutes: int = Field(
        ge=0, le=MAX_MIN_MINUTES, description="a visit shorter than this many minutes is flagged (0: never)"
    )
    max_distance_km: Decimal = Field(
        gt=0,
        le=MAX_DISTANCE_KM,
        max_digits=8,
        decimal_places=3,
        description="check-in farther than this from the customer is flagged",
    )
    max_delay_hours: int = Field(
        ge=1,
        le=MAX_DELAY_HOURS,
        description="a log reaching the server later than this after the visit is flagged",
    )
    short_in_person_only: bool = Field(
        description="judge only in-person visits as too short (not phone or video)"
    )


class ReviewSettingsOut(ReviewSettings, _Stamp):
    pass


def _review_value(session: Session) -> ReviewThresholds:
    stored = org_settings.load(session, REVIEW_SETTING_KEY)
    if stored is None:
        return DEFAULT_THRESHOLDS
    try:
        return thresholds_from_json(stored.value)
    except (ValueError, TypeError, ArithmeticError):  # InvalidValue is a ValueError
        return DEFAULT_THRESHOLDS


def _review_out(session: Session) -> ReviewSettingsOut:
    return ReviewSettingsOut(
        **thresholds_to_json(_review_value(session)), **_stamp(session, REVIEW_SETTING_KEY)
    )


_show_and_reset(
    "/review",
    _review_out,
    ReviewSettingsOut,
    show=("get_review", "The visit-review thresholds in force."),
    reset=(
        "reset_review",
        "Back to the default thresholds (10 minutes, 1 km, 48 hours, in-person visits only).",
        "reset_review_thresholds",
    ),
    key=REVIEW_SETTING_KEY,
)


@router.put("/review", response_model=ReviewSettingsOut)
def put_review(
    body: ReviewSettings,
    admin: CurrentUser = Depends(_admin),
    session: Session = Depends(get_session, scope="function"),
) -> ReviewSettingsOut:
    """Replace the visit-review thresholds; review queues follow them after their next sync."""
    value = thresholds_to_json(
        _checked(
            thresholds_from_json,
            {
                "min_minutes": body.min_minutes,
                "max_distance_km": str(body.max_distance_km),
                "max_delay_hours": body.max_delay_hours,
                "short_in_person_only": body.short_in_person_only,
            },
        )
    )
    org_settings.save(session, REVIEW_SETTING_KEY, value, admin.id)
    audit(session, admin.id, "set_review_thresholds", None)
    return _review_out(session)


# ================================================================= company profile

Line = Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)]
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]


class CompanySettings(Strict):
    """The letterhead of printed quotes, in Chinese and English. Names are required; a blank
    line is left off the letterhead."""

    name_zh: Name
    name_en: Name
    address_zh: Line = ""
    address_en: Line = ""
    phone: Annotated[str, StringConstraints(strip_whitespace=True, max_length=40)] = ""
    email: Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)] = ""
    website: Line = ""
    tax_id: Annotated[str, StringConstraints(strip_whitespace=True, max_length=40)] = ""
    bank_zh: Line = ""
    bank_en: Line = ""

    @field_validator("email")
    @classmethod
    def _email(cls, value: str) -> str:
        if value:
            local, _, domain = value.partition("@")
            if (
                not local
                or "." not in domain
                or " " in value
                or domain.startswith(".")
                or domain.endswith(".")
            ):
                raise ValueError("is not an e-mail address (like sales@example.cn)")
        return value


class CompanySettingsOut(CompanySettings, _Stamp):
    pass


def _company_value(session: Session) -> CompanyProfile:
    stored = org_settings.load(session, COMPANY_SETTING_KEY)
    if stored is None:
        return CompanyProfile()
    try:
        return company_profile_from_json(stored.value)
    except (ValueError, TypeError):
        return CompanyProfile()


def _company_out(session: Session) -> CompanySettingsOut:
    return CompanySettingsOut(
        **company_profile_to_json(_company_value(session)), **_stamp(session, COMPANY_SETTING_KEY)
    )


_show_and_reset(
    "/company",
    _company_out,
    CompanySettingsOut,
    show=("get_company", "The company profile printed on quotes."),
    reset=(
        "reset_company",
        "Forget the organisation's profile: laptops print their own (or the built-in) letterhead.",
        "reset_company_profile",
    ),
    key=COMPANY_SETTING_KEY,
)


@router.put("/company", response_model=CompanySettingsOut)
def put_company(
    body: CompanySettings,
    admin: CurrentUser = Depends(_admin),
    session: Session = Depends(get_session, scope="function"),
) -> CompanySettingsOut:
    """Replace the company profile; quotes printed on laptops use it after their next sync."""
    value = company_profile_to_json(_checked(company_profile_from_json, body.model_dump()))
    org_settings.save(session, COMPANY_SETTING_KEY, value, admin.id)
    audit(session, admin.id, "set_company_profile", None)
    return _company_out(session)


# ================================================================= client release

VersionText = Annotated[str, StringConstraints(strip_whitespace=True, max_length=40)]


class ClientReleaseSettings(Strict):
    """The app versions the organisation wants. ``latest``: laptops below it say that an
    update is available (dismissable); ``minimum``: the server refuses to sync with apps
    below it until they are updated (their local data stays). Both are version numbers
    (1.4, 1.4.2), compared as versions."""

    latest: VersionText | None = None
    minimum: VersionText | None = None
    url: Annotated[str, StringConstraints(strip_whitespace=True, max_length=500)] = Field(
        default="", description="where to download the latest version"
    )


class ClientReleaseOut(ClientReleaseSettings, _Stamp):
    pass


def _release_value(session: Session) -> ClientRelease:
    stored = org_settings.load(session, CLIENT_RELEASE_KEY)
    if stored is None:
        return ClientRelease()
    try:
        return client_release_from_json(stored.value)
    except (InvalidValue, ValueError, TypeError):
        return ClientRelease()


def _release_out(session: Session) -> ClientReleaseOut:
    return ClientReleaseOut(
        **client_release_to_json(_release_value(session)), **_stamp(session, CLIENT_RELEASE_KEY)
    )


_show_and_reset(
    "/client-release",
    _release_out,
    ClientReleaseOut,
    show=("get_client_release", "The latest and minimum app versions and the download address."),
    reset=("reset_client_release", "No announced version and no minimum.", "reset_client_release"),
    key=CLIENT_RELEASE_KEY,
    after_reset=forget_client_release,
)


@router.put("/client-release", response_model=ClientReleaseOut)
def put_client_release(
    body: ClientReleaseSettings,
    request: Request,
    admin: CurrentUser = Depends(_admin),
    session: Session = Depends(get_session, scope="function"),
) -> ClientReleaseOut:
    """Announce a new app version (and, with ``minimum``, require it)."""
    value = client_release_to_json(_checked(client_release_from_json, body.model_dump()))
    org_settings.save(session, CLIENT_RELEASE_KEY, value, admin.id)
    audit(session, admin.id, "set_client_release", None)
    forget_client_release(request.app.state.store)
    return _release_out(session)


# ================================================================= time zone


class TimeZoneSettings(Strict):
    """The organisation's time zone, an IANA name: business days (visits per day, KPIs, the
    demo data) follow it, and a laptop in another zone names its own zone beside times."""

    zone: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=64)] = Field(
        examples=["Asia/Shanghai"]
    )


class TimeZoneOut(TimeZoneSettings, _Stamp):
    pass


def time_zone_value(session: Session) -> str:
    stored = org_settings.load(session, TIME_ZONE_KEY)
    if stored is None:
        return DEFAULT_TIME_ZONE
    try:
        return time_zone_from_json(stored.value)
    except (InvalidValue, ValueError, TypeError):
        return DEFAULT_TIME_ZONE


def _time_zone_out(session: Session) -> TimeZoneOut:
    return TimeZoneOut(zone=time_zone_value(session), **_stamp(session, TIME_ZONE_KEY))


_show_and_reset(
    "/time-zone",
    _time_zone_out,
    TimeZoneOut,
    show=("get_time_zone", "The organisation's time zone (Asia/Shanghai unless an admin set another)."),
    reset=("reset_time_zone", "Back to Asia/Shanghai.", "reset_time_zone"),
    key=TIME_ZONE_KEY,
)


@router.put("/time-zone", response_model=TimeZoneOut)
def put_time_zone(
    body: TimeZoneSettings,
    admin: CurrentUser = Depends(_admin),
    session: Session = Depends(get_session, scope="function"),
) -> TimeZoneOut:
    """Set the organisation's time zone; laptops use it after their next sync."""
    value = _checked(time_zone_to_json, body.zone)
    org_settings.save(session, TIME_ZONE_KEY, value, admin.id)
    audit(session, admin.id, "set_time_zone", body.zone)
    return _time_zone_out(session)


# ================================================================= device security


class SecuritySettings(Strict):
    """The laptops' app lock and offline lease (0 turns either off)."""

    lock_after_minutes: int = Field(
        ge=0,
        le=MAX_LOCK_MINUTES,
        description="idle minutes before the window hides its data behind the lock screen",
    )
    lease_days: int = Field(
        ge=0,
        le=MAX_LEASE_DAYS,
        description="days a laptop may go without reaching the server before its data locks",
    )


class SecuritySettingsOut(SecuritySettings, _Stamp):
    pass


def _security_out(session: Session) -> SecuritySettingsOut:
    stored = org_settings.load(session, SECURITY_SETTING_KEY)
    try:
        policy = device_policy_from_json(stored.value) if stored is not None else DevicePolicy()
    except InvalidValue:
        policy = DevicePolicy()
    return SecuritySettingsOut(**device_policy_to_json(policy), **_stamp(session, SECURITY_SETTING_KEY))


_show_and_reset(
    "/security",
    _security_out,
    SecuritySettingsOut,
    show=("get_security", "The app lock and offline lease rules laptops follow."),
    reset=(
        "reset_security",
        "Back to the defaults (lock after 15 idle minutes, lease of 30 days).",
        "reset_device_security",
    ),
    key=SECURITY_SETTING_KEY,
)


@router.put("/security", response_model=SecuritySettingsOut)
def put_security(
    body: SecuritySettings,
    admin: CurrentUser = Depends(_admin),
    session: Session = Depends(get_session, scope="function"),
) -> SecuritySettingsOut:
    """Replace the rules; each laptop follows them from its next sync."""
    value = device_policy_to_json(_checked(device_policy_from_json, body.model_dump()))
    org_settings.save(session, SECURITY_SETTING_KEY, value, admin.id)
    audit(session, admin.id, "set_device_security", None)
    return _security_out(session)
