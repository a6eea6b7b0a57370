"""The organisation settings this laptop holds (synced ``org_setting`` rows), read with the
rules of ``domain`` and falling back to their defaults.

The rows arrive with the sync like any other organisation data; an admin changes them on
the server only (the entity is server-written). A setting the admin never set, or reset,
has no live row here, and a value this version cannot read (written by a newer server,
say) is treated the same way: the defaults of ``domain`` apply, so the laptop always has
a policy to compute with offline.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import false, select
from sqlalchemy.orm import Session

from domain.attachments import DEFAULT_POLICY as DEFAULT_ATTACHMENT_POLICY
from domain.attachments import POLICY_SETTING_KEY as ATTACHMENT_SETTING_KEY
from domain.attachments import AttachmentPolicy
from domain.attachments import policy_from_json as attachment_policy_from_json
from domain.complaints import DEFAULT_SLA_POLICY, SLA_SETTING_KEY, SlaPolicy, sla_policy_from_json
from domain.org_settings import (
    CLIENT_RELEASE_KEY,
    COMPANY_SETTING_KEY,
    DEFAULT_TIME_ZONE,
    SECURITY_SETTING_KEY,
    TIME_ZONE_KEY,
    CompanyProfile,
    DevicePolicy,
    company_profile_from_json,
    device_policy_from_json,
    read_value,
    time_zone_from_json,
)
from domain.visit_review import DEFAULT_THRESHOLDS, ReviewThresholds, thresholds_from_json
from domain.visit_review import SETTING_KEY as REVIEW_SETTING_KEY
from local_db.tables import TABLES
from sync.release import ClientRelease, client_release_from_json

_t = TABLES["org_setting"]


def value(session: Session, key: str) -> Any | None:
    """The synced value under ``key`` (parsed JSON), or None when there is none."""
    return session.scalar(select(_t.c.value).where(_t.c.key == key, _t.c.deleted == false()).limit(1))


def _read(session: Session, key: str, reader, default):
    return read_value(key, value(session, key), reader, default)


def sla_policy(session: Session) -> SlaPolicy:
    """The complaint SLA policy: the admin's, else ``domain.complaints``' defaults."""
    return _read(session, SLA_SETTING_KEY, sla_policy_from_json, DEFAULT_SLA_POLICY)


def review_thresholds(session: Session) -> ReviewThresholds:
    """Where visit-log exceptions start: the admin's, else ``domain.visit_review``'s defaults."""
    return _read(session, REVIEW_SETTING_KEY, thresholds_from_json, DEFAULT_THRESHOLDS)


def company_profile(session: Session) -> CompanyProfile | None:
    """The admin's company profile, or None when the organisation has not set one."""
    return _read(session, COMPANY_SETTING_KEY, company_profile_from_json, None)


def client_release(session: Session) -> ClientRelease | None:
    """The app versions the organisation wants (latest, minimum, download address), or None."""
    return _read(session, CLIENT_RELEASE_KEY, client_release_from_json, None)


def time_zone(session: Session) -> str:
    """The organisation's time zone (an IANA name): the admin's, else Asia/Shanghai."""
    return _read(session, TIME_ZONE_KEY, time_zone_from_json, DEFAULT_TIME_ZONE)


def device_policy(session: Session) -> DevicePolicy:
    """The app lock and offline lease rules: the admin's, else ``domain.org_settings``' defaults."""
    return _read(session, SECURITY_SETTING_KEY, device_policy_from_json, DevicePolicy())


def attachment_policy(session: Session) -> AttachmentPolicy:
    """How photos are prepared before they are attached: the admin's, else the defaults of
    ``domain.attachments``."""
    return _read(session, ATTACHMENT_SETTING_KEY, attachment_policy_from_json, DEFAULT_ATTACHMENT_POLICY)
