"""Organisation settings the laptops use offline, and how their values are read.

An admin sets them on the server (``/settings/sla``, ``/settings/review``,
``/settings/company``); each is one row of the synced, server-written entity
``org_setting`` (``domain.schema.ORG_SETTING``): a key and a JSON value. Every laptop holds
them, so a rep working offline computes with what the admin configured, and falls back to
the defaults below when the admin never changed a setting (or reset it).

=================== ============================================ =========================
key                 value                                        used by
=================== ============================================ =========================
``complaint_sla``   :func:`domain.complaints.sla_policy_to_json` complaint due times
``visit_review``    :func:`domain.visit_review.thresholds_to_json` the review queue
``company_profile`` :func:`company_profile_to_json`              the quote letterhead
``client_release``  :func:`sync.release.client_release_to_json`  "an update is available"
``time_zone``       :func:`time_zone_to_json`                    business days, demo data,
                                                                 naming a user's own zone
``device_security`` :func:`device_policy_to_json`                app lock and offline lease
``attachment_policy`` :func:`domain.attachments.policy_to_json`  photo size, originals,
                                                                 location, file limit
=================== ============================================ =========================

The readers raise :class:`domain.errors.InvalidValue` for a value they cannot read; both
sides then use the defaults (and the server's endpoints refuse such a value before it is
stored).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, fields
from typing import Any, TypeVar

from domain.attachments import POLICY_SETTING_KEY as ATTACHMENT_SETTING_KEY
from domain.complaints import SLA_SETTING_KEY
from domain.errors import InvalidValue
from domain.visit_review import SETTING_KEY as REVIEW_SETTING_KEY

COMPANY_SETTING_KEY = "company_profile"
CLIENT_RELEASE_KEY = "client_release"
TIME_ZONE_KEY = "time_zone"
SECURITY_SETTING_KEY = "device_security"
#: Every key an ``org_setting`` row may have.
KEYS: tuple[str, ...] = (
    SLA_SETTING_KEY,
    REVIEW_SETTING_KEY,
    COMPANY_SETTING_KEY,
    CLIENT_RELEASE_KEY,
    TIME_ZONE_KEY,
    SECURITY_SETTING_KEY,
    ATTACHMENT_SETTING_KEY,
)

log = logging.getLogger(__name__)
T = TypeVar("T")
#: What a reader may raise on a value it cannot read: its own refusal, or a value so far from
#: the expected form (written by a newer version, say) that reading it trips over its shape.
UNREADABLE = (InvalidValue, KeyError, TypeError, ValueError, ArithmeticError, AttributeError)

#: The organisation's time zone unless the admin sets another (an IANA name).
DEFAULT_TIME_ZONE = "Asia/Shanghai"

MAX_LOCK_MINUTES = 24 * 60
MAX_LEASE_DAYS = 365


def read_value(key: str, raw: Any | None, reader: Callable[[Any], T], default: T) -> T:
    """``reader(raw)``, or ``default`` when no value is stored (``raw`` None) or this version
    cannot read it (logged): both sides must always have a setting to compute with."""
    if raw is None:
        return default
    try:
        return reader(raw)
    except UNREADABLE as exc:
        log.warning("organisation setting %s is unreadable here, using the defaults: %s", key, exc)
        return default


@dataclass(frozen=True)
class DevicePolicy:
    """How a laptop guards the company's data when nobody is at it (0 turns a rule off)."""

    lock_after_minutes: int = 15  # idle minutes before the lock screen
    lease_days: int = 30  # days without reaching the server before the local data locks


def device_policy_to_json(policy: DevicePolicy) -> dict[str, int]:
    """The stored (synced, and API) form: the idle lock and lease lengths as numbers."""
    return asdict(policy)


def device_policy_from_json(data: Mapping[str, object]) -> DevicePolicy:
    """Read a stored policy; a missing field keeps its default, a bad one is refused."""
    if not isinstance(data, Mapping):
        raise InvalidValue("The device security settings must be an object.")
    out = {}
    for name, limit in (("lock_after_minutes", MAX_LOCK_MINUTES), ("lease_days", MAX_LEASE_DAYS)):
        raw = data.get(name, getattr(DevicePolicy, name))
        if isinstance(raw, bool) or not isinstance(raw, int) or not 0 <= raw <= limit:
            raise InvalidValue(f"{name} must be a whole number from 0 to {limit}.", field=name)
        out[name] = raw
    return DevicePolicy(**out)


@dataclass(frozen=True)
class CompanyProfile:
    """The letterhead of printed quotes: names, address and bank in both languages."""

    name_zh: str = "杭州示范商贸有限公司"
    name_en: str = "Hangzhou Demo Trading Co., Ltd."
    address_zh: str = "浙江省杭州市西湖区文三路 100 号 8 楼"
    address_en: str = "8F, 100 Wensan Road, Xihu District, Hangzhou, Zhejiang, China"
    phone: str = "0571-8888 6666"
    email: str = "sales@demo-trading.cn"
    website: str = "www.demo-trading.cn"
    tax_id: str = "91330106MA2XXXXX0Q"
    bank_zh: str = "中国工商银行杭州文三路支行 1202 0211 0900 1234 567"
    bank_en: str = "ICBC Hangzhou Wensan Road Branch, 1202 0211 0900 1234 567"


#: Field names of :class:`CompanyProfile`, in letterhead order.
COMPANY_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(CompanyProfile))


def company_profile_to_json(profile: CompanyProfile) -> dict[str, str]:
    """The stored (synced, and API) form: every field as text."""
    return asdict(profile)


def company_profile_from_json(data: Mapping[str, object]) -> CompanyProfile:
    """Read a stored profile: unknown keys are ignored, missing ones are blank (an admin's
    profile replaces the defaults as a whole), and a profile needs a name."""
    if not isinstance(data, Mapping):
        raise InvalidValue("The company profile must be an object.")
    values = {name: "" if data.get(name) is None else str(data.get(name)).strip() for name in COMPANY_FIELDS}
    if not (values["name_zh"] or values["name_en"]):
        raise InvalidValue("The company profile needs the company's name.", field="name_zh")
    return CompanyProfile(**values)


# --------------------------------------------------------------------------- time zone


def time_zone_to_json(name: str) -> dict[str, str]:
    """The stored form of the organisation's time zone: ``{"zone": "Asia/Shanghai"}``."""
    return {"zone": check_time_zone(name)}


def time_zone_from_json(data: Mapping[str, object]) -> str:
    """The zone name of a stored value (refused when it is not a known IANA zone)."""
    if not isinstance(data, Mapping):
        raise InvalidValue("The time zone setting must be an object.")
    return check_time_zone(data.get("zone"))


def check_time_zone(name: object) -> str:
    """``name`` if it is an IANA time zone this computer knows (Asia/Shanghai, Europe/Berlin…)."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    text = str(name or "").strip()
    try:
        if not text or text.startswith(("/", ".")) or ".." in text:
            raise ValueError(text)
        ZoneInfo(text)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise InvalidValue(
            f"{text or 'An empty name'} is not a time zone; give an IANA name like Asia/Shanghai.",
            field="zone",
            code="unknown_time_zone",
        ) from None
    return text
