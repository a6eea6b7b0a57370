"""The app versions an organisation wants: the latest (and where to get it) and the minimum.

An admin sets them (Administration → Settings, ``PUT /settings/client-release`` or
``fieldsales-server client-release``); they are the ``org_setting`` row
``client_release`` (``domain.org_settings``), so every laptop holds them after a sync and
says "an update is available". The server also refuses to sync with an app below the
minimum (426 ``client_too_old``, with these values in ``details``): the app then says it
must be updated, and its local data and queued changes stay as they are until it is.

Versions compare as versions (``packaging.version``), not as text: 1.10 is newer than 1.9.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from enum import StrEnum

from packaging.version import InvalidVersion, Version

from domain.errors import InvalidValue


@dataclass(frozen=True)
class ClientRelease:
    """The app versions the organisation wants: the newest one (and where to get it), and
    the oldest one still allowed to sync. Versions are PEP 440 versions ("1.4", "1.4.2"),
    compared as versions: 1.10 is newer than 1.9."""

    latest: str | None = None
    minimum: str | None = None
    url: str = ""


class ReleaseStatus(StrEnum):
    CURRENT = "current"  # nothing to say
    AVAILABLE = "available"  # a newer version exists: say so, dismissably
    REQUIRED = "required"  # below the minimum: the server refuses to sync until updated


def parse_version(text: object, field: str) -> Version:
    try:
        return Version(str(text).strip())
    except InvalidVersion:
        raise InvalidValue(f"{text!r} is not a version number (like 1.4 or 1.4.2).", field=field) from None


def client_release_from_json(data: Mapping[str, object]) -> ClientRelease:
    """Read (and check) a stored release: versions that parse, minimum ≤ latest, a web address."""
    if not isinstance(data, Mapping):
        raise InvalidValue("The client release must be an object.")
    latest = str(data["latest"]).strip() if data.get("latest") else None
    minimum = str(data["minimum"]).strip() if data.get("minimum") else None
    url = str(data.get("url") or "").strip()
    if latest is not None:
        latest = str(parse_version(latest, "latest"))
    if minimum is not None:
        minimum = str(parse_version(minimum, "minimum"))
    if latest and minimum and Version(minimum) > Version(latest):
        raise InvalidValue(
            f"The minimum version {minimum} is newer than the latest {latest}.", field="minimum"
        )
    if url and not (url.startswith("https://") or url.startswith("http://")):
        raise InvalidValue("The download address must start with https:// (or http://).", field="url")
    if (latest or minimum) and not url:
        raise InvalidValue("Give the address where the update can be downloaded.", field="url")
    return ClientRelease(latest=latest, minimum=minimum, url=url)


def client_release_to_json(release: ClientRelease) -> dict[str, str | None]:
    return asdict(release)


def release_status(current: str, release: ClientRelease | None) -> ReleaseStatus:
    """What the app at version ``current`` should tell its user about ``release``."""
    if release is None:
        return ReleaseStatus.CURRENT
    try:
        mine = Version(current)
    except InvalidVersion:
        return ReleaseStatus.CURRENT  # a developer's build: nothing to compare
    if release.minimum and mine < Version(release.minimum):
        return ReleaseStatus.REQUIRED
    if release.latest and mine < Version(release.latest):
        return ReleaseStatus.AVAILABLE
    return ReleaseStatus.CURRENT
