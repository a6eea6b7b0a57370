"""Organisation settings over HTTP: the complaint SLA, the visit-review thresholds, the
company profile on printed quotes, the client release (latest and minimum app version),
the laptops' app lock and offline lease, and the attachment policy (photo size, originals,
location, per-file limit).

For each area ``X`` in ``sla``, ``review``, ``company``, ``client-release``, ``time-zone``,
``security`` and ``attachments``:

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

from domain.attachments import DEFAULT_POLICY as DEFAULT_ATTACHMENT_POLICY
from domain.attachments import (
    MAX_FILE_MB,
    MAX_QUALITY,
    MAX_SIDE_PX,
    MIN_FILE_MB,
    MIN_QUALITY,
    MIN_SIDE_PX,
)
from domain.attachments import POLICY_SETTING_KEY as ATTACHMENT_SETTING_KEY
from domain.attachments import policy_from_json as attachment_policy_from_json
from domain.attachments import policy_to_json as attachment_policy_to_json
from domain.complaints import DEFAULT_SLA_POLICY
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


def _stamp(stored: org_settings.StoredSetting | None) -> dict:
    if stored is None:
        return {"is_default": True, "updated_at": None, "updated_by": None}
    return {"is_default": False, "updated_at": stored.updated_at, "updated_by": stored.updated_by}


def _setting(
    area: str,
    key: str,
    *,
    body: type[Strict],
    out: type[Strict],
    reader: Callable[[Any], Any],
    to_json: Callable[[Any], Any],
    default: Any,
    audited: str,
    docs: tuple[str, str, str],
    detail: Callable[[Any], str | None] = lambda body: None,
    after_change: Callable[[Any], None] | None = None,
) -> None:
    """Register ``GET``, ``PUT`` and ``DELETE /area`` (spelt with hyphens) for the setting under
    ``key``: anyone logged in sees it (``out``: its value and stamp), an admin replaces it with a
    validated ``body`` (audited ``set_<audited>``) or puts the default back (``reset_<audited>``).

    A body goes through the same ``reader`` as a stored value (``domain``'s rules), so what the
    API accepts is what every laptop can read; ``docs`` describe the three routes in that order.
    """

    def shown(session: Session):
        value, stored = org_settings.current(session, key, reader, default)
        return out(**to_json(value), **_stamp(stored))

    def show(
        _user: CurrentUser = Depends(current_user), session: Session = Depends(get_session, scope="function")
    ):
        return shown(session)

    def change(
        body,
        request: Request,
        admin: CurrentUser = Depends(_admin),
        session: Session = Depends(get_session, scope="function"),
    ):
        value = to_json(_checked(reader, body.model_dump(mode="json")))
        org_settings.save(session, key, value, admin.id)
        audit(session, admin.id, f"set_{audited}", detail(body))
        if after_change is not None:
            after_change(request.app.state.store)
        return shown(session)

    def forget(
        request: Request,
        admin: CurrentUser = Depends(_admin),
        session: Session = Depends(get_session, scope="function"),
    ):
        org_settings.reset(session, key, admin.id)
        audit(session, admin.id, f"reset_{audited}", None)
        if after_change is not None:
            after_change(request.app.state.store)
        return shown(session)

    change.__annotations__["body"] = body  # the request body is this setting's model
    path, name = "/" + area.replace("_", "-"), area
    for method, handler, prefix, description in zip(
        ("GET", "PUT", "DELETE"), (show, change, forget), ("get", "put", "reset"), docs, strict=True
    ):
        router.add_api_route(
            path,
            handler,
            methods=[method],
            response_model=out,
            name=f"{prefix}_{name}",
            description=description,
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


_setting(
    "sla",
    sla.SETTING_KEY,
    body=SlaSettings,
    out=SlaSettingsOut,
    reader=sla.policy_from_json,
    to_json=sla.policy_to_json,
    default=DEFAULT_SLA_POLICY,
    audited="complaint_sla",
    docs=(
        "The complaint SLA in force: hours per severity and the factor per customer tier.",
        "Replace the complaint SLA; applies to complaints received from now on, and on every "
        "laptop (offline too) from its next sync.",
        "Go back to the default SLA (critical 4 h / 24 h … low 72 h / 14 d, every factor 1).",
    ),
)


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


_setting(
    "review",
    REVIEW_SETTING_KEY,
    body=ReviewSettings,
    out=ReviewSettingsOut,
    reader=thresholds_from_json,
    to_json=thresholds_to_json,
    default=DEFAULT_THRESHOLDS,
    audited="review_thresholds",
    docs=(
        "The visit-review thresholds in force.",
        "Replace the visit-review thresholds; review queues follow them after their next sync.",
        "Back to the default thresholds (10 minutes, 1 km, 48 hours, in-person visits only).",
    ),
)


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


_setting(
    "company",
    COMPANY_SETTING_KEY,
    body=CompanySettings,
    out=CompanySettingsOut,
    reader=company_profile_from_json,
    to_json=company_profile_to_json,
    default=CompanyProfile(),
    audited="company_profile",
    docs=(
        "The company profile printed on quotes.",
        "Replace the company profile; quotes printed on laptops use it after their next sync.",
        "Forget the organisation's profile: laptops print their own (or the built-in) letterhead.",
    ),
)


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


_setting(
    "client_release",
    CLIENT_RELEASE_KEY,
    body=ClientReleaseSettings,
    out=ClientReleaseOut,
    reader=client_release_from_json,
    to_json=client_release_to_json,
    default=ClientRelease(),
    audited="client_release",
    docs=(
        "The latest and minimum app versions and the download address.",
        "Announce a new app version (and, with ``minimum``, require it).",
        "No announced version and no minimum.",
    ),
    after_change=forget_client_release,
)


# ================================================================= time zone


class TimeZoneSettings(Strict):
    """The organisation's time zone, an IANA name: business days (visits per day, KPIs, the
    demo data) follow it, and a laptop in another zone names its own zone beside times."""

    zone: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=64)] = Field(
        examples=["Asia/Shanghai"]
    )


class TimeZoneOut(TimeZoneSettings, _Stamp):
    pass


_setting(
    "time_zone",
    TIME_ZONE_KEY,
    body=TimeZoneSettings,
    out=TimeZoneOut,
    reader=time_zone_from_json,
    to_json=time_zone_to_json,
    default=DEFAULT_TIME_ZONE,
    audited="time_zone",
    docs=(
        "The organisation's time zone (Asia/Shanghai unless an admin set another).",
        "Set the organisation's time zone; laptops use it after their next sync.",
        "Back to Asia/Shanghai.",
    ),
    detail=lambda body: body.zone,
)


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


_setting(
    "security",
    SECURITY_SETTING_KEY,
    body=SecuritySettings,
    out=SecuritySettingsOut,
    reader=device_policy_from_json,
    to_json=device_policy_to_json,
    default=DevicePolicy(),
    audited="device_security",
    docs=(
        "The app lock and offline lease rules laptops follow.",
        "Replace the rules; each laptop follows them from its next sync.",
        "Back to the defaults (lock after 15 idle minutes, lease of 30 days).",
    ),
)


# ================================================================= attachments


class AttachmentSettings(Strict):
    """How laptops prepare photos before they are stored and uploaded, and the per-file limit."""

    max_side_px: int = Field(
        ge=MIN_SIDE_PX,
        le=MAX_SIDE_PX,
        description="photos are downscaled so their longest side is at most this",
    )
    jpeg_quality: int = Field(ge=MIN_QUALITY, le=MAX_QUALITY, description="JPEG quality of re-encoded photos")
    keep_originals: bool = Field(
        description="store and upload the original photo instead of the downscaled one (within the limit)"
    )
    keep_location: bool = Field(description="keep a photo's GPS position (in the record and the file)")
    max_file_mb: int = Field(
        ge=MIN_FILE_MB, le=MAX_FILE_MB, description="the largest file after processing, in MB (MiB)"
    )


class AttachmentSettingsOut(AttachmentSettings, _Stamp):
    pass


_setting(
    "attachments",
    ATTACHMENT_SETTING_KEY,
    body=AttachmentSettings,
    out=AttachmentSettingsOut,
    reader=attachment_policy_from_json,
    to_json=attachment_policy_to_json,
    default=DEFAULT_ATTACHMENT_POLICY,
    audited="attachment_policy",
    docs=(
        "How photos are prepared on laptops (longest side, JPEG quality, originals, location) "
        "and the per-file limit.",
        "Replace the attachment policy; each laptop prepares files by it from its next sync.",
        "Back to the defaults (2,048 px, quality 80, no originals, no location, 25 MB).",
    ),
)
