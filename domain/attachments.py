"""Attachments (photos and files on visits, complaints, quotes and customers): the rules
both sides share. The bytes are addressed by their SHA-256; see docs/ARCHITECTURE.md,
"Attachments"."""

from __future__ import annotations

from domain.enums import AttachmentParent

PARENTS = frozenset(p.value for p in AttachmentParent)

#: The largest file the server accepts (after the laptop's processing). An organisation
#: setting may lower it later; this is the ceiling the upload API enforces.
MAX_BYTES = 25 * 1024 * 1024

#: The largest chunk one upload request may carry: big enough that loopback throughput is
#: not bound by per-request cost, small enough that an interrupted request loses little.
CHUNK_BYTES = 1024 * 1024


def is_sha256(value: str) -> bool:
    return len(value) == 64 and all(c in "0123456789abcdef" for c in value)
