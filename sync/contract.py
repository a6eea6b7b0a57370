"""The sync contract: versions, the wire form of a row, and the message shapes.

Server and client both import this module, so a message has one definition. Row payloads
are plain dicts keyed by the field names of ``domain.schema``; ``encode_row`` and
``decode_row`` convert between Python values and their wire form, and ``decode_row`` is
also the server's validation of what a client sends.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from domain.schema import Entity
from domain.values import (  # noqa: F401  (the codec is part of the contract)
    DATETIME_FORMAT,
    WireError,
    decode_fields,
    decode_value,
    encode_fields,
    encode_row,
    enum_value,
    format_datetime,
    new_id,
    parse_datetime,
    row_fields,
)

PROTOCOL_VERSION = 1
SCHEMA_VERSION = 1
# The server also accepts the previous version, so clients can update at their own pace.
MIN_PROTOCOL_VERSION = 1
MIN_SCHEMA_VERSION = 1

PROTOCOL_HEADER = "X-Fieldsales-Protocol"
SCHEMA_HEADER = "X-Fieldsales-Schema"
# Sent by a client that stores a push's slim answer (``MutationResult.changed``); servers
# that do not know it send whole rows, which such a client stores as before.
PUSH_ANSWER_HEADER = "X-Fieldsales-Push-Answer"
PUSH_ANSWER_CHANGED = "changed"
API_PREFIX = "/api/v1"

MAX_PULL_ROWS = 5000
DEFAULT_PULL_ROWS = 5000
MAX_PULL_BYTES = 4_000_000

# ---- messages --------------------------------------------------------------------------


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ErrorBody(Strict):
    code: str
    message: str
    details: list[dict[str, Any]] | None = None


class ErrorResponse(Strict):
    error: ErrorBody


class LoginRequest(Strict):
    username: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=256)
    device_name: str | None = Field(default=None, max_length=120)
    # The laptop: its replica's client id, and what it runs (Administration → Devices).
    client_id: uuid.UUID | None = None
    os: str | None = Field(default=None, max_length=200)
    app_version: str | None = Field(default=None, max_length=40)


class RefreshRequest(Strict):
    refresh_token: str = Field(min_length=10, max_length=200)


class LogoutRequest(Strict):
    # Optional: a client of before 2026-12 sends {} and ends only its access token.
    refresh_token: str | None = Field(default=None, min_length=10, max_length=200)


class UserInfo(Strict):
    id: str
    username: str
    display_name: str
    role: str
    rep_code: str | None = None
    region_id: str | None = None


class TokenResponse(Strict):
    access_token: str
    refresh_token: str
    token_type: Literal["bearer"] = "bearer"
    expires_in: int
    user: UserInfo


class PullRequest(Strict):
    cursor: str | None = Field(default=None, max_length=1000)
    client_id: uuid.UUID | None = None  # rows this client wrote last are not sent back
    max_rows: int = Field(default=DEFAULT_PULL_ROWS, ge=1, le=MAX_PULL_ROWS)


class EntityRows(Strict):
    """Rows of one entity, as arrays in the order of ``fields`` (names sent once a page)."""

    fields: list[str]
    rows: list[list[Any]]


class PullResponse(Strict):
    """One page of the change feed for the caller's scope.

    Apply ``evict`` first (customers that left the scope, with everything hanging off
    them), then ``changes`` entity by entity in the order given, then store
    ``next_cursor``, all in one local transaction. A row whose ``deleted`` is true is a
    tombstone.
    """

    changes: dict[str, EntityRows]
    evict: list[str]
    next_cursor: str
    has_more: bool
    server_time: str
    # On the last page of a window: a fingerprint of what decides the caller's scope
    # besides its customers (role, team). When it changes the client verifies its whole
    # replica. Optional, so older clients ignore it and older servers leave it out.
    scope_generation: str | None = None


MAX_PUSH_MUTATIONS = 500
MAX_SCOPE_CHECK = 500
PUSH_BATCH = 200  # what the client sends per request

Outcome = Literal["applied", "merged", "conflict", "rejected"]


class Mutation(Strict):
    """One outbox entry (docs/SYNC_CONTRACT.md, invariant 2), in wire form."""

    mutation_id: uuid.UUID
    client_seq: int = Field(ge=1)
    entity: str = Field(min_length=1, max_length=40)
    row_id: uuid.UUID
    op: Literal["insert", "update", "delete"]
    changes: dict[str, Any] = Field(default_factory=dict, max_length=100)
    base: dict[str, Any] = Field(default_factory=dict, max_length=100)
    base_version: int = Field(ge=0)
    schema_version: int = Field(ge=1)
    # The pull cursor the laptop held when the edit was made: the server judges "did the
    # laptop still cover this customer" on it (docs/ARCHITECTURE.md, "Scope changes and
    # pending edits"). Absent from older clients: the push's own cursor stands in.
    known_cursor: str | None = Field(default=None, max_length=1000)


class PushRequest(Strict):
    client_id: uuid.UUID
    # The client's pull position, for mutations that do not carry their own
    # ``known_cursor`` (queued by an older version).
    cursor: str | None = Field(default=None, max_length=1000)
    mutations: list[Mutation] = Field(min_length=1, max_length=MAX_PUSH_MUTATIONS)


class FieldClash(Strict):
    field: str
    base: Any = None
    server: Any = None
    mine: Any = None


class MutationResult(Strict):
    mutation_id: str
    outcome: Outcome
    code: str | None = None
    message: str | None = None
    version: int | None = None
    row: dict[str, Any] | None = None  # the row as the server now has it
    # Instead of ``row``, for a laptop that asked (``PUSH_ANSWER_HEADER``) and an applied
    # mutation: id, version, deleted and the fields whose stored value differs from the
    # laptop's copy (its base with its changes on top): server-filled fields, normalised values.
    changed: dict[str, Any] | None = None
    clashes: list[FieldClash] | None = None  # conflict: fields a person must decide
    kept_server: list[str] | None = None  # merged: fields where the server's value stayed


class PushResponse(Strict):
    results: list[MutationResult]
    server_time: str
    # Set when the push was all the laptop's next pull window would hold (its cursor was
    # closed just below the push's feed number, and the push wrote only customer data
    # without moving coverage): the laptop's new pull cursor, already recorded as pulled.
    # Optional: older clients ignore it, older servers leave it out (then the laptop pulls).
    next_cursor: str | None = None


class ScopeRequest(Strict):
    """Which of these customers does the caller cover now? (A postponed eviction asks.)"""

    customer_ids: list[uuid.UUID] = Field(min_length=1, max_length=MAX_SCOPE_CHECK)


class ScopeResponse(Strict):
    covered: list[str]  # the ids asked about that are in the caller's scope now


class VerifyResponse(Strict):
    """Per scope bucket: how many rows the client should hold and a hash of id:version."""

    buckets: dict[str, dict[str, Any]]
    cursor_seq: int


class SnapshotRequest(Strict):
    bucket: str = Field(min_length=1, max_length=40)
    entity_index: int = Field(default=0, ge=0, le=50)
    after: str = Field(default="", max_length=36)
    max_rows: int = Field(default=DEFAULT_PULL_ROWS, ge=1, le=MAX_PULL_ROWS)


class SnapshotResponse(Strict):
    rows: dict[str, list[dict[str, Any]]]
    entity_index: int
    after: str
    done: bool


def mutation_digest(m: Mutation) -> str:
    """A fingerprint of a mutation's content, to spot one id reused for different content."""
    import hashlib

    payload = m.model_dump(mode="json")
    if payload.get("known_cursor") is None:  # so outcomes stored before the field keep their digest
        payload.pop("known_cursor", None)
    return hashlib.sha256(json.dumps(payload, sort_keys=True, separators=(",", ":")).encode()).hexdigest()


ORG_BUCKET, CATALOG_BUCKET, USER_BUCKET = "org", "catalog", "user"
CUSTOMER_BUCKETS = tuple(f"customers-{c}" for c in "0123456789abcdef")


def bucket_of(entity: Entity, row: Mapping[str, Any]) -> str:
    """The verification bucket of a row: its scope, and for customer data a 16th of it.

    Customer data is split by the last hex digit of the customer id (the random end of a
    UUIDv7), so a mismatch re-downloads a sixteenth of the customers, not all of them.
    """
    from domain.schema import Scope

    if entity.scope is Scope.CUSTOMER:
        cid = row["id"] if entity.name == "customer" else row["customer_id"]
        return f"customers-{cid[-1]}"
    return {Scope.ORG: ORG_BUCKET, Scope.CATALOG: CATALOG_BUCKET}.get(entity.scope, USER_BUCKET)


def bucket_digest(items: list[tuple[str, str, int]]) -> dict[str, Any]:
    """Count and SHA-256 of sorted ``entity:id:version`` lines."""
    import hashlib

    h = hashlib.sha256()
    for entity, row_id, version in sorted(items):
        h.update(f"{entity}:{row_id}:{version}\n".encode())
    return {"count": len(items), "hash": h.hexdigest()}


def iter_rows(changes: Mapping[str, Any], entity: str):
    """The rows of one entity in a pull page, as dicts (for readers that want names)."""
    block = changes.get(entity)
    if not block:
        return
    for values in block["rows"]:
        yield dict(zip(block["fields"], values, strict=True))
