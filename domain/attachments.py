"""Attachments (photos and files on visits, complaints, quotes and customers): the rules
both sides share. The bytes are addressed by their SHA-256; see docs/ARCHITECTURE.md,
"Attachments"."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from domain.enums import AttachmentParent
from domain.errors import InvalidValue

PARENTS = frozenset(p.value for p in AttachmentParent)

#: The largest file the server accepts (after the laptop's processing). The organisation's
#: policy (:class:`AttachmentPolicy`) may lower it; this is the ceiling the upload API enforces.
MAX_BYTES = 25 * 1024 * 1024

#: The largest chunk one upload request may carry (and what the laptop sends): big enough
#: that throughput is not bound by the cost of each request (at 1 MiB, requests were most
#: of the upload's time on a busy machine: bench/bench_attachments.py), small enough that
#: an interrupted request loses little and a server holds little per upload in memory.
CHUNK_BYTES = 4 * 1024 * 1024


def is_sha256(value: str) -> bool:
    return len(value) == 64 and all(c in "0123456789abcdef" for c in value)


# --------------------------------------------------------------------------- the organisation's policy

#: The ``org_setting`` key of :class:`AttachmentPolicy` (domain.org_settings).
POLICY_SETTING_KEY = "attachment_policy"
MIN_SIDE_PX, MAX_SIDE_PX = 256, 8192
MIN_QUALITY, MAX_QUALITY = 30, 95
MIN_FILE_MB, MAX_FILE_MB = 1, MAX_BYTES // (1024 * 1024)


@dataclass(frozen=True)
class AttachmentPolicy:
    """How a laptop prepares a photo before it is stored and uploaded (the admin's setting).

    ``max_side_px``/``jpeg_quality``: the budget a photo is downscaled and re-encoded to.
    ``keep_originals``: store the original bytes instead (still within the size limit).
    ``keep_location``: keep the GPS position (in the row and in the file); off, it is dropped.
    ``max_file_bytes``: the per-file limit after processing, never above :data:`MAX_BYTES`.
    """

    max_side_px: int = 2048
    jpeg_quality: int = 80
    keep_originals: bool = False
    keep_location: bool = False
    max_file_bytes: int = 25 * 1024 * 1024

    @property
    def limit_bytes(self) -> int:
        return min(self.max_file_bytes, MAX_BYTES)


DEFAULT_POLICY = AttachmentPolicy()


def policy_to_json(policy: AttachmentPolicy) -> dict[str, object]:
    """The stored (synced, and API) form; the limit in whole megabytes (MiB), as the admin sets it."""
    return {
        "max_side_px": policy.max_side_px,
        "jpeg_quality": policy.jpeg_quality,
        "keep_originals": policy.keep_originals,
        "keep_location": policy.keep_location,
        "max_file_mb": policy.max_file_bytes // (1024 * 1024),
    }


def policy_from_json(data: Mapping[str, object]) -> AttachmentPolicy:
    """Read a stored policy: a missing field keeps its default, a bad one is refused (InvalidValue)."""
    if not isinstance(data, Mapping):
        raise InvalidValue("The attachment settings must be an object.")
    default = policy_to_json(DEFAULT_POLICY)
    numbers = {}
    for name, low, high, what in (
        ("max_side_px", MIN_SIDE_PX, MAX_SIDE_PX, "The longest side of a photo"),
        ("jpeg_quality", MIN_QUALITY, MAX_QUALITY, "The JPEG quality"),
        ("max_file_mb", MIN_FILE_MB, MAX_FILE_MB, "The file size limit (MB)"),
    ):
        raw = data.get(name, default[name])
        if isinstance(raw, bool) or not isinstance(raw, int) or not low <= raw <= high:
            raise InvalidValue(f"{what} must be a whole number from {low} to {high}.", field=name)
        numbers[name] = raw
    flags = {}
    for name in ("keep_originals", "keep_location"):
        raw = data.get(name, default[name])
        if not isinstance(raw, bool):
            raise InvalidValue(f"{name} must be true or false.", field=name)
        flags[name] = raw
    return AttachmentPolicy(
        max_side_px=numbers["max_side_px"],
        jpeg_quality=numbers["jpeg_quality"],
        max_file_bytes=numbers["max_file_mb"] * 1024 * 1024,
        **flags,
    )


# --------------------------------------------------------------------------- what may be attached

#: Photos: processed on the laptop (EXIF orientation, downscaling, re-encoding).
PHOTO_TYPES: Mapping[str, str] = {"jpeg": "image/jpeg", "png": "image/png", "heic": "image/heic"}
#: Documents: stored as they are. Extension → MIME type.
DOCUMENT_TYPES: Mapping[str, str] = {
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ".doc": "application/msword",
    ".xls": "application/vnd.ms-excel",
    ".ppt": "application/vnd.ms-powerpoint",
    ".txt": "text/plain",
    ".csv": "text/csv",
}


def is_photo_type(mime_type: str | None) -> bool:
    return bool(mime_type) and str(mime_type).startswith("image/")
