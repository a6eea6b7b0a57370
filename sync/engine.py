"""The client's sync engine: login, token refresh, and the pull loop.

It runs wherever the caller puts it (the app's sync worker thread, or the headless
``fieldsales sync``) and uses its own ``LocalDb`` connection. Each pull page is applied
together with its cursor in one local transaction (docs/SYNC_CONTRACT.md, invariant 7).
"""

from __future__ import annotations

import hashlib
import json
import logging
import platform
import socket
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from datetime import datetime, timezone
from itertools import groupby
from typing import Any, NamedTuple

import orjson
from sqlalchemy import delete, select, update

from domain.errors import ReplicaOfAnotherUser
from domain.schema import ENTITIES, Kind, Scope
from local_db import bulk, file_uploads, unlock
from local_db.apply import apply_page, evict_customers, upsert_rows
from local_db.db import (
    CURSOR,
    DEFERRED_EVICTIONS,
    LocalDb,
    deferred_evictions,
    dump_deferred_evictions,
    get_states,
    parse_deferred_evictions,
    put_states,
    set_deferred_evictions,
    set_state,
)
from local_db.models import Base, OutboxEntry, SyncIssue, SyncState
from local_db.tables import TABLES
from local_db.writes import rebase_pending
from sync.contract import (
    DEFAULT_PULL_ROWS,
    MAX_SCOPE_CHECK,
    PUSH_BATCH,
    bucket_of,
    format_datetime,
    new_id,
)
from sync.credentials import CredentialStore, Tokens
from sync.transport import (
    AccountDeactivated,
    AuthRequired,
    PushUnconfirmed,
    ServerTrouble,
    Transport,
    Unreachable,
)
from sync.uploads import FileProgressFn, UploadQueue, UploadReport
from sync.version import APP_VERSION  # shown to admins under Administration → Devices

log = logging.getLogger(__name__)
# One token refresh at a time in this process: a refresh token works once, so a second
# thread refreshing with the same one would log the user out.
_refresh_lock = threading.Lock()

# Keys of the local sync_state table (CURSOR and DEFERRED_EVICTIONS live in local_db.db,
# because the write path reads them too).
CLIENT_ID = "client_id"
USER_ID = "user_id"
USERNAME = "username"
DISPLAY_NAME = "display_name"
ROLE = "role"
SERVER_URL = "server_url"
LAST_SYNC = "last_sync_at"
# What decides the scope beyond the customer list (role, team), as the server last said.
SCOPE_GENERATION = "scope_generation"
# Set (with the reason) when the scope changed in a way the feed does not carry; cleared
# once a verification has brought every bucket in line. Durable, so a sync cut short
# finishes the job next time.
RESCOPE = "rescope_pending"
LAST_VERIFY = "last_verify_at"
LAST_REPAIR = "last_repair"  # JSON: when, which buckets, how many rows (support and the status bar)
REPAIRING = "repairing"  # the bucket a repair transaction is writing (its first write takes the lock)


@dataclass
class SyncReport:
    pushed: int = 0
    applied: int = 0
    merged: int = 0
    conflicts: int = 0
    rejected: int = 0
    pulled: int = 0
    pages: int = 0
    evicted: int = 0
    verified: bool = False  # a verification ran in this sync
    rescoped: str | None = None  # why the whole scope was re-checked (role or team changed)
    repaired: list[str] = field(default_factory=list)  # buckets found out of step and re-downloaded
    repaired_rows: int = 0
    by_entity: dict[str, int] = field(default_factory=dict)
    issues: list[str] = field(default_factory=list)  # readable, one per conflict or rejection
    downloads: Any = None  # sync.file_cache.DownloadReport: thumbnails and files fetched after the rows
    files: UploadReport = field(default_factory=UploadReport)  # attachment files uploaded or failed

    @property
    def needs_attention(self) -> int:
        return self.conflicts + self.rejected

    def summary(self) -> str:
        parts = [
            f"pushed {self.pushed} changes ({self.applied} applied, {self.merged} merged, "
            f"{self.conflicts} conflicts, {self.rejected} rejected)",
            f"pulled {self.pulled} rows in {self.pages} pages",
        ]
        if self.files.uploaded or self.files.failed:
            parts.append(f"uploaded {len(self.files.uploaded)} files ({len(self.files.failed)} failed)")
        if self.evicted:
            parts.append(f"removed {self.evicted} customers no longer assigned to you")
        if self.rescoped:
            parts.append(f"scope changed ({self.rescoped})")
        if self.repaired:
            parts.append(f"repaired {', '.join(self.repaired)} ({self.repaired_rows} rows)")
        elif self.verified:
            parts.append("verified")
        return "; ".join(parts)


Progress = Callable[[int, bool], None]  # rows so far, more to come


class _PagesAhead:
    """The next pull page, asked for on a background thread while the current one is applied.

    A page's ``next_cursor`` is known as soon as it arrives, so the server can build the
    next page (and the link carry it) while the laptop writes this one. Nothing else
    changes: pages are applied one after the other on the caller's thread, each with its
    cursor in its own transaction (invariant 7); at most one page waits in memory. A
    failed request surfaces when its page is taken, after the page before it was
    committed, exactly where it would have failed without asking ahead; if the caller
    stops first, ``close`` waits for the request in flight and drops its answer.

    Requests go through ``engine.request``, not ``engine.call``: a deactivated account
    wipes the laptop's copy in ``take``, on the caller's thread between pages, never on
    the background thread while a page is being applied.
    """

    def __init__(self, engine: SyncEngine, client_id: str | None):
        self.engine = engine
        self.client_id = client_id
        self._pool: ThreadPoolExecutor | None = None
        self._waiting: tuple[str | None, Future] | None = None  # the cursor it was asked for, and its page

    def _fetch(self, cursor: str | None) -> dict:
        body = {"cursor": cursor, "max_rows": self.engine.max_rows, "client_id": self.client_id}
        return self.engine.request("POST", "/sync/pull", body)

    def ask(self, cursor: str | None) -> None:
        """Ask for the page after ``cursor``, which the next ``take`` is for."""
        if self._pool is None:
            self._pool = ThreadPoolExecutor(1, thread_name_prefix="fieldsales-pull-ahead")
        self._waiting = (cursor, self._pool.submit(self._fetch, cursor))

    def take(self, cursor: str | None) -> dict:
        """The page after ``cursor``: the one asked for ahead, or asked for now.

        A page asked ahead for another cursor is dropped (its request waited for, so one
        request at most is in flight): applying it would store the wrong rows with this
        cursor (invariant 7)."""
        waiting, self._waiting = self._waiting, None
        if waiting is not None and waiting[0] != cursor:
            stale = waiting[1]
            if not stale.cancel():
                wait([stale])  # its answer, or its error, goes unread
            waiting = None
        try:
            return self._fetch(cursor) if waiting is None else waiting[1].result()
        except AccountDeactivated:
            self.engine.wipe_local_copy()  # here, between pages, not while one is being applied
            raise

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)


@dataclass(frozen=True)
class _PullEnd:
    """What the last page's transaction of a pull saw."""

    waiting: bool  # evictions wait (for unpushed edits or files)
    rescope: str | None  # RESCOPE: the scope must be re-checked, and why


def _value(s, key: str) -> str | None:
    state = s.get(SyncState, key)
    return state.value if state else None


class _Queued(NamedTuple):
    """One outbox entry as the push sends it, read straight from the driver."""

    client_seq: int
    mutation_id: str
    entity: str
    row_id: str
    op: str
    changes: dict
    base: dict
    base_version: int
    schema_version: int
    known_cursor: str | None

    def wire(self) -> dict[str, Any]:
        body = self._asdict()
        if not self.known_cursor:  # absent, as from versions that did not record it
            del body["known_cursor"]
        return body


def _next_batch(s) -> tuple[str | None, str | None, list[_Queued], bool]:
    """The client id, the pull cursor, the next ``PUSH_BATCH`` outbox entries and whether
    any eviction waits, read through the driver (no ORM objects: the push reads every
    entry once and drops it)."""
    # get_states flushes the session's pending ORM writes (the cursor the last answer
    # moved) first: the driver would not see them, and the batch would go from the old cursor.
    state = get_states(s, CLIENT_ID, CURSOR, DEFERRED_EVICTIONS)
    rows = (
        s.connection()
        .exec_driver_sql(
            "SELECT client_seq, mutation_id, entity, row_id, op, changes, base, base_version, schema_version,"
            " known_cursor FROM outbox ORDER BY client_seq LIMIT ?",
            (PUSH_BATCH,),
        )
        .all()
    )
    entries = [
        _Queued(
            seq, mid, entity, row_id, op, orjson.loads(changes or "{}"), orjson.loads(base or "{}"), *rest
        )
        for seq, mid, entity, row_id, op, changes, base, *rest in rows
    ]
    waiting = parse_deferred_evictions(state.get(DEFERRED_EVICTIONS))
    return state.get(CLIENT_ID), state.get(CURSOR), entries, bool(waiting)


def _update_columns(s, entity_name: str, rows: list[dict[str, Any]]) -> None:
    """Write the columns each row (a slim push answer: ``id`` and what changed) names, one
    ``executemany`` per set of columns: the other columns, indexes and search triggers are
    not touched."""
    if not rows:
        return
    table = TABLES[entity_name]
    json_fields = _JSON_FIELDS[entity_name]
    by_columns: dict[tuple[str, ...], list[tuple]] = {}
    for row in rows:
        names = tuple(n for n in row if n != "id" and n in table.c)
        values = [
            orjson.dumps(row[n]).decode() if n in json_fields and row[n] is not None else row[n]
            for n in names
        ]
        by_columns.setdefault(names, []).append((*values, row["id"]))
    conn = s.connection()
    for names, params in by_columns.items():
        sets = ", ".join(f'"{n}" = ?' for n in names)
        conn.exec_driver_sql(f'UPDATE "{table.name}" SET {sets} WHERE id = ?', params)


_JSON_FIELDS = {e.name: {f.name for f in e.fields if f.kind is Kind.JSON} for e in ENTITIES}


def revoke_session(transport: Transport, tokens: Tokens) -> bool:
    """Ask the server to end this session (both tokens); False when it could not be told.

    Signing out works offline: the laptop forgets the tokens first, and a server that
    cannot be reached now lets the refresh token expire on its own."""
    try:
        transport.post("/auth/logout", {"refresh_token": tokens.refresh_token}, tokens.access_token)
        return True
    except Exception:  # noqa: BLE001 - any failure means "not told", never a failed sign-out
        log.info("could not tell the server about the sign-out")
        return False


class SyncEngine:
    def __init__(
        self,
        db: LocalDb,
        server_url: str,
        username: str,
        credentials: CredentialStore | None = None,
        transport: Transport | None = None,
    ):
        self.db = db
        self.server_url = server_url.rstrip("/")
        self.username = username
        self.credentials = credentials or CredentialStore()
        self.transport = transport or Transport(self.server_url)
        self.max_rows = DEFAULT_PULL_ROWS

    # -- auth ----------------------------------------------------------------------------

    def login(self, password: str) -> dict:
        # The client id exists before the first login, so the server can record this laptop.
        client_id = self.db.get_state(CLIENT_ID)
        if client_id is None:
            client_id = new_id()
            self.db.set_state(CLIENT_ID, client_id)
        data = self.transport.post(
            "/auth/login",
            {
                "username": self.username,
                "password": password,
                "device_name": socket.gethostname()[:120] or "desktop",
                "client_id": client_id,
                "os": platform.platform()[:200],
                "app_version": APP_VERSION,
            },
        )
        self._store_login(data)
        # The lock screen checks the password offline against this (and a login proven by
        # the server ends a lock-out after too many wrong tries).
        unlock.remember_password(self.db, password)
        return data["user"]

    def _store_login(self, data: dict) -> None:
        self.credentials.save(
            self.server_url, self.username, Tokens(data["access_token"], data["refresh_token"])
        )
        user = data["user"]
        with self.db.session() as s:
            known = s.get(SyncState, USER_ID)
            if known is not None and known.value not in (None, user["id"]):
                raise ReplicaOfAnotherUser("this local database belongs to another user")
            old_role = s.get(SyncState, ROLE)
            if old_role is not None and old_role.value not in (None, user["role"]):
                # The feed does not carry what a new role adds or takes away (the team's
                # records, a whole organisation): the next sync re-checks every bucket.
                set_state(s, RESCOPE, f"role {old_role.value} -> {user['role']}")
                log.info(
                    "role changed from %s to %s: the next sync re-checks the scope",
                    old_role.value,
                    user["role"],
                )
            for key, value in (
                (USER_ID, user["id"]),
                (USERNAME, user["username"]),
                (DISPLAY_NAME, user["display_name"]),
                (ROLE, user["role"]),
                (SERVER_URL, self.server_url),
            ):
                set_state(s, key, value)
        if self.db.get_state(CLIENT_ID) is None:
            self.db.set_state(CLIENT_ID, new_id())

    @property
    def has_session(self) -> bool:
        return self.credentials.load(self.server_url, self.username) is not None

    def _refresh(self, stale: Tokens, transport: Transport) -> Tokens:
        """Tokens to use after ``stale`` was refused: the ones another thread (the sync, an
        admin call) got meanwhile, else one refresh. A refused refresh forgets the session,
        so the user is asked to log in again."""
        with _refresh_lock:
            current = self.credentials.load(self.server_url, self.username)
            if current is None:
                raise AuthRequired(401, "not_authenticated", "Please log in.")
            if current.access_token != stale.access_token:
                return current
            try:
                data = transport.post("/auth/refresh", {"refresh_token": current.refresh_token})
            except AuthRequired:
                self.credentials.forget(self.server_url, self.username)
                raise
            self._store_login(data)
            return Tokens(data["access_token"], data["refresh_token"])

    def request(
        self,
        method: str,
        path: str,
        body: dict | None = None,
        *,
        transport: Transport | None = None,
        content: bytes | None = None,
        raw: bool = False,
    ) -> Any:
        """One request with the access token; after a 401 the token is refreshed once and the
        request tried again, without bothering the user. ``transport``: another thread's own
        HTTP session to the same server (the admin screens'); the engine's by default.
        ``raw``: the answer's bytes (a file), not its JSON."""
        transport = transport or self.transport
        tokens = self.credentials.load(self.server_url, self.username)
        if tokens is None:
            raise AuthRequired(401, "not_authenticated", "Please log in.")
        extra: dict[str, Any] = {} if content is None else {"content": content}
        if raw:
            extra["raw"] = True
        try:
            return transport.request(method, path, body, tokens.access_token, **extra)
        except AuthRequired:
            tokens = self._refresh(tokens, transport)
            return transport.request(method, path, body, tokens.access_token, **extra)

    def call(self, path: str, body: dict) -> dict:
        """A sync POST (:meth:`request`); a deactivated account wipes this laptop's copy."""
        try:
            return self.request("POST", path, body)
        except AccountDeactivated:
            self.wipe_local_copy()
            raise

    # -- push ----------------------------------------------------------------------------

    def push(self, report: SyncReport | None = None) -> SyncReport:
        """Send the outbox in order, in bounded batches; record what needs a person.

        Each batch's answer is stored, and the next batch read, in one local transaction:
        a sync of one batch is one read (the client id, the cursor and the outbox) and one
        write (the answer, which finds the outbox empty)."""
        report = report or SyncReport()
        with self.db.session() as s:
            client_id, cursor, entries, _evictions = _next_batch(s)
        while entries:
            batch = [e.wire() for e in entries]
            try:
                resp = self.call("/sync/push", {"client_id": client_id, "cursor": cursor, "mutations": batch})
            except Unreachable as exc:
                # No answer does not mean nothing arrived: say so, so nobody chases a lost edit.
                raise PushUnconfirmed(
                    f"{exc} The {len(batch)} change(s) being sent will be retried; "
                    "they may already have arrived.",
                    server_trouble=isinstance(exc, ServerTrouble),
                ) from exc.__cause__
            by_id = {e.mutation_id: e for e in entries}
            with self.db.session() as s:
                conn = s.connection()
                for i in range(0, len(entries), 500):
                    seqs = [e.client_seq for e in entries[i : i + 500]]
                    conn.exec_driver_sql(
                        f"DELETE FROM outbox WHERE client_seq IN ({','.join('?' * len(seqs))})", tuple(seqs)
                    )
                settled = [(by_id[r["mutation_id"]], r) for r in resp["results"] if r["mutation_id"] in by_id]
                self._store_rows(s, settled)
                for entry, result in settled:
                    self._settle(s, entry, result, report)
                # The push was all the next pull window held (the server recorded it as
                # pulled): the next pull is the one-read no-op. Only from the cursor sent.
                if resp.get("next_cursor") and cursor is not None and _value(s, CURSOR) == cursor:
                    set_state(s, CURSOR, resp["next_cursor"])
                report.pushed += len(batch)
                client_id, cursor, entries, _evictions = _next_batch(s)
        return report

    @staticmethod
    def _store_rows(s, settled: list[tuple[_Queued, dict]]) -> None:
        """The rows the server sent back replace the laptop's copies, in the results' order,
        one statement per run of alike rows (a batch is mostly one entity's).

        A result carries the whole row (``row``: conflicts, merges, refusals, and every
        result from a server that does not send the slim answer), or, for an applied
        mutation, only what the server stored differently from the laptop's copy
        (``changed``): a new row is what the laptop sent with that on top; an edited row
        gets those columns."""
        rebase: dict[str, set[str]] = {}
        for (entity, gone, whole), run in groupby(
            ((e, r.get("row"), r.get("changed")) for e, r in settled),
            key=lambda item: (
                item[0].entity,
                bool((item[1] or item[2] or {}).get("deleted")),
                item[1] is not None,
            ),
        ):
            run = [item for item in run if item[1] is not None or item[2] is not None]
            if not run:
                continue
            if gone:
                t = TABLES[entity]
                s.execute(delete(t).where(t.c.id.in_([(row or changed)["id"] for _e, row, changed in run])))
                continue
            if whole:
                upsert_rows(s, entity, [row for _e, row, _changed in run])
            else:
                new = [{**e.changes, **changed} for e, _row, changed in run if e.op == "insert"]
                upsert_rows(s, entity, new)
                _update_columns(s, entity, [changed for e, _row, changed in run if e.op != "insert"])
            rebase.setdefault(entity, set()).update((row or changed)["id"] for _e, row, changed in run)
        # rows with edits still queued after this batch get those edits re-applied
        later = set(s.scalars(select(OutboxEntry.row_id))) if rebase else set()
        for entity, ids in rebase.items():
            rebase_pending(s, entity, sorted(ids & later))

    def _settle(self, s, entry: _Queued, result: dict, report: SyncReport) -> None:
        """Count one mutation's outcome and keep what needs a person: the outbox entry is
        done, one way or another (its row is stored by ``_store_rows``)."""
        outcome = result["outcome"]
        row = result.get("row")
        if outcome == "applied":
            report.applied += 1
            return
        if outcome == "merged":
            report.merged += 1
            return
        if outcome == "conflict":
            report.conflicts += 1
        else:
            report.rejected += 1
        message = result.get("message") or outcome
        report.issues.append(f"{entry.entity} {entry.row_id[:8]}: {message}")
        s.merge(
            SyncIssue(
                mutation_id=entry.mutation_id,
                entity=entry.entity,
                row_id=entry.row_id,
                outcome=outcome,
                code=result.get("code"),
                message=message,
                changes=entry.changes,
                base=entry.base,
                server_values=row,
                fields=[c["field"] for c in result.get("clashes") or []] or None,
                created_at=datetime.now(timezone.utc),
            )
        )

    # -- pull ----------------------------------------------------------------------------

    def pull(self, progress: Progress | None = None, report: SyncReport | None = None) -> SyncReport:
        """Pull the feed to its end, each page applied with its cursor in one transaction."""
        report = report or SyncReport()
        self._pull(progress, report)
        return report

    def _pull(
        self, progress: Progress | None, report: SyncReport, start: dict[str, str | None] | None = None
    ) -> _PullEnd:
        """:meth:`pull`, from ``start`` (the cursor and client id, when the caller has just read
        them); returns what the last page's transaction saw."""
        if start is None:
            with self.db.session() as s:
                start = get_states(s, CURSOR, CLIENT_ID)
        ahead = _PagesAhead(self, start.get(CLIENT_ID))
        try:
            return self._pull_pages(ahead, start.get(CURSOR), progress, report)
        finally:
            ahead.close()

    def _pull_pages(
        self, ahead: _PagesAhead, cursor: str | None, progress: Progress | None, report: SyncReport
    ) -> _PullEnd:
        page = ahead.take(cursor)
        while True:
            if page["has_more"] and not page["evict"]:
                # The next page is asked for while this one is applied: it is applied only
                # after this one is committed with its cursor, as if asked for afterwards.
                # (A page with evictions may ask the server about files first, on this
                # thread: its next page waits.)
                ahead.ask(page["next_cursor"])
            held = self._held_by_files(page["evict"])
            with self.db.session() as s:
                # The state a page reads, in one statement (the rest of the page's state is
                # written in one more, at its end: the cursor with the rows, invariant 7).
                state = get_states(s, bulk.STATE, DEFERRED_EVICTIONS, SCOPE_GENERATION, RESCOPE)
                if cursor is None and page["has_more"]:
                    bulk.begin(s)  # a first sync of several pages: indexes built once, at its end
                first = cursor is None or state.get(bulk.STATE) is not None  # the rows are new
                stats = apply_page(
                    s, page["changes"], [c for c in page["evict"] if c not in held], first=first
                )
                if not page["has_more"] and state.get(bulk.STATE) is not None:
                    bulk.finish(s)
                writes: dict[str, str | None] = {}
                waiting = parse_deferred_evictions(state.get(DEFERRED_EVICTIONS))
                before = dict(waiting)
                for cid in (*stats.deferred, *held):  # what the laptop knew while it still covered them
                    waiting[cid] = cursor
                for cid in (*stats.evicted, *stats.arrived):  # gone now, or back in scope
                    waiting.pop(cid, None)
                if waiting != before:
                    writes[DEFERRED_EVICTIONS] = dump_deferred_evictions(waiting)
                rescope = state.get(RESCOPE)
                writes.update(
                    self._note_scope_generation(
                        state.get(SCOPE_GENERATION), page.get("scope_generation"), first=cursor is None
                    )
                )
                rescope = writes.get(RESCOPE, rescope)
                writes[CURSOR] = page["next_cursor"]
                if not page["has_more"]:  # with the last page, not in a transaction of its own
                    writes[LAST_SYNC] = format_datetime(datetime.now(timezone.utc))
                put_states(s, writes)
            end = _PullEnd(waiting=bool(waiting), rescope=rescope)
            cursor = page["next_cursor"]
            report.pages += 1
            report.pulled += stats.rows
            report.evicted += stats.evicted_customers
            for k, v in stats.upserted.items():
                report.by_entity[k] = report.by_entity.get(k, 0) + v
            if progress:
                progress(report.pulled, page["has_more"])
            if not page["has_more"]:
                return end
            page = ahead.take(cursor)

    @staticmethod
    def _note_scope_generation(known: str | None, generation: str | None, first: bool) -> dict[str, str]:
        """The state writes for the server's scope generation; a change means the role or
        team moved.

        Stored in the page's transaction, with the re-check it calls for, so a sync cut
        short after this page still re-checks next time. Servers that do not send one
        (older versions) leave things as they are.
        """
        if not generation or known == generation:
            return {}
        if known and not first:
            log.info("the server says this user's scope changed: the sync re-checks every bucket")
            return {RESCOPE: "scope generation changed", SCOPE_GENERATION: generation}
        return {SCOPE_GENERATION: generation}

    def sync(
        self,
        progress: Progress | None = None,
        verify: bool | Callable[[SyncReport], bool] = False,
        file_progress: FileProgressFn | None = None,
    ) -> SyncReport:
        """One full sync: push the outbox, pull the feed, finish deferred evictions, then
        verify (and repair) when asked or when the scope changed.

        ``verify`` may be a function of the report so far (e.g. "after evictions"). It
        runs after the push and the pull, so the outbox is as empty as it gets and the
        replica is as current as the feed can make it; repairs keep unpushed edits.
        Attachment files go up between the push (which gets their rows accepted) and the
        pull (which then brings back the server's ``uploaded_at``), before any eviction.
        """
        report = SyncReport()
        self.push(report)
        # What the rest of the sync starts from, in one read: whether files wait to go up,
        # whether evictions wait, and where the pull starts (neither the uploads nor the
        # evictions move the cursor).
        with self.db.session() as s:
            start = get_states(s, CURSOR, CLIENT_ID, DEFERRED_EVICTIONS)
            files_waiting = file_uploads.any_open(s)
        if files_waiting:
            self.upload_files(report, file_progress)
        # Customers that waited for the edits just pushed leave now, before the pull, so
        # no edit can be made to them after the laptop has been told they left.
        if parse_deferred_evictions(start.get(DEFERRED_EVICTIONS)):
            report.evicted += self._finish_evictions()
        pulled = self._pull(progress, report, start)
        # The pull's last page said what waits (only the sync engine defers evictions).
        if pulled.waiting:
            report.evicted += self._finish_evictions()
        report.rescoped = pulled.rescope
        wanted = verify(report) if callable(verify) else verify
        if wanted or report.rescoped:
            self.verify_and_repair(report, progress)
        report.downloads = self._attachment_files().after_sync(report)
        return report

    def _attachment_files(self):
        """Thumbnails, files on open, the cache budget (``sync.file_cache``)."""
        from sync.file_cache import AttachmentFiles  # it builds on this module

        return AttachmentFiles(self)

    def _held_by_files(self, customer_ids: list[str]) -> set[str]:
        """Customers leaving the scope whose files made here are not on the server yet: they
        stay until the upload is done, like customers with unpushed edits (invariant 9)."""
        return self._attachment_files().unsent_customers(customer_ids) if customer_ids else set()

    def upload_files(self, report: SyncReport, progress: FileProgressFn | None = None) -> UploadReport:
        """Upload the attachment files whose rows the server has accepted (``sync.uploads``).

        A file that fails is recorded and retried at a later sync; only a lost connection
        (or a session that needs a person) ends the sync here."""
        report.files = UploadQueue(self, progress=progress).run()
        return report.files

    def _finish_evictions(self) -> int:
        """Evict customers whose eviction waited for their unpushed edits to be settled.

        The feed said they left, but that may be old news: the server's current scope
        decides. Customers it covers again stay (and are no longer waiting); the rest are
        evicted once none of their edits is queued and the server has their files made here.
        """
        with self.db.session() as s:
            waiting = deferred_evictions(s)
            if not waiting:
                return 0
            busy = set(
                s.scalars(select(OutboxEntry.customer_id).where(OutboxEntry.customer_id.in_(list(waiting))))
            )
        ready = sorted(c for c in waiting if c not in busy)
        if not ready:
            return 0
        covered: set[str] = set()
        for i in range(0, len(ready), MAX_SCOPE_CHECK):
            covered.update(
                self.call("/sync/scope", {"customer_ids": ready[i : i + MAX_SCOPE_CHECK]})["covered"]
            )
        held = self._held_by_files([c for c in ready if c not in covered])
        with self.db.session() as s:
            # Write first, so SQLite holds the write lock: an edit the window commits now
            # cannot slip in between reading the outbox and evicting its customer.
            s.execute(
                update(SyncState).where(SyncState.key == DEFERRED_EVICTIONS).values(value=SyncState.value)
            )
            waiting = deferred_evictions(s)
            busy = set(
                s.scalars(select(OutboxEntry.customer_id).where(OutboxEntry.customer_id.in_(list(waiting))))
            )
            done = [c for c in ready if c in waiting and c not in busy and c not in covered and c not in held]
            for c in [*done, *covered]:
                waiting.pop(c, None)
            evict_customers(s, done)
            set_deferred_evictions(s, waiting)
        if covered:
            log.info(
                "%d customer(s) whose removal was postponed are assigned to this user again: kept",
                len(covered),
            )
        return len(done)

    # -- verification and repair (docs/SYNC_CONTRACT.md, invariant 10) -----------------------

    def local_buckets(self) -> dict[str, dict]:
        """Count and hash per bucket of what this replica holds (as ``bucket_digest`` would).

        This runs at every verification, over every row, so it stays close to the driver:
        each entity is read in id order by SQLite (entities in name order), which is the
        order ``bucket_digest`` sorts into, and each bucket's hash is fed as it goes.
        """
        hashers: dict[str, Any] = {}
        counts: dict[str, int] = {}
        with self.db.session() as s:
            conn = s.connection()
            for e in sorted(ENTITIES, key=lambda e: e.name):
                t = TABLES[e.name]
                # Rows the server has never acknowledged (version 0) are not in its count.
                if e.scope is Scope.CUSTOMER:
                    key = "id" if e.name == "customer" else "customer_id"
                    sql = (
                        f'SELECT id, version, substr("{key}", -1) FROM "{t.name}" '
                        "WHERE version > 0 ORDER BY id"
                    )
                else:
                    sql = f'SELECT id, version, NULL FROM "{t.name}" WHERE version > 0 ORDER BY id'
                lines: dict[str, list[str]] = {}
                name, fixed = e.name, bucket_of(e, {}) if e.scope is not Scope.CUSTOMER else None
                for row_id, version, digit in conn.exec_driver_sql(sql):
                    bucket = f"customers-{digit}" if digit is not None else fixed
                    lines.setdefault(bucket, []).append(f"{name}:{row_id}:{version}\n")
                for bucket, chunk in lines.items():
                    if bucket not in hashers:
                        hashers[bucket], counts[bucket] = hashlib.sha256(), 0
                    hashers[bucket].update("".join(chunk).encode())
                    counts[bucket] += len(chunk)
        return {b: {"count": counts[b], "hash": h.hexdigest()} for b, h in hashers.items()}

    def verify(self) -> list[str]:
        """The buckets where this replica differs from what the server says it should hold."""
        server = self.call("/sync/verify", {})["buckets"]
        local = self.local_buckets()
        return sorted(b for b in set(server) | set(local) if server.get(b) != local.get(b))

    def repair(self, bucket: str, progress: Progress | None = None) -> int:
        """Make one bucket identical to the server's, keeping unpushed local edits.

        Rows with queued edits are never dropped (even when the server no longer sends
        them: the edit is pushed first, and the next verification removes the row), and
        rows the server sends get those edits re-applied on top, as a pull does.
        """
        rows: dict[str, list[dict]] = {}
        got = 0
        body = {"bucket": bucket, "entity_index": 0, "after": "", "max_rows": self.max_rows}
        while True:
            page = self.call("/sync/snapshot", body)
            for name, items in page["rows"].items():
                rows.setdefault(name, []).extend(items)
                got += len(items)
            if progress:
                progress(got, not page["done"])
            if page["done"]:
                break
            body = {**body, "entity_index": page["entity_index"], "after": page["after"]}
        with self.db.session() as s:
            # Write first: SQLite then holds the write lock for the whole transaction, so an
            # edit the window commits meanwhile cannot slip between reading the outbox and
            # overwriting its row.
            set_state(s, REPAIRING, bucket)
            s.flush()
            pending = set(s.scalars(select(OutboxEntry.row_id)))
            for e in ENTITIES:
                t = TABLES[e.name]
                keep = {r["id"] for r in rows.get(e.name, [])}
                cols = [t.c.id] + (
                    [t.c.customer_id] if e.scope is Scope.CUSTOMER and e.name != "customer" else []
                )
                stale = [
                    r["id"]
                    for r in s.execute(select(*cols).where(t.c.version > 0)).mappings()
                    if bucket_of(e, r) == bucket and r["id"] not in keep and r["id"] not in pending
                ]
                for i in range(0, len(stale), 500):
                    s.execute(delete(t).where(t.c.id.in_(stale[i : i + 500])))
                upsert_rows(s, e.name, rows.get(e.name, []))
                rebase_pending(s, e.name, list(keep & pending))
            set_state(s, REPAIRING, None)
        return got

    def verify_and_repair(
        self, report: SyncReport | None = None, progress: Progress | None = None
    ) -> list[str]:
        """Check every bucket; re-download only those out of step. Returns the repaired ones.

        When nothing is wrong this is one small request and a local scan. A mismatch may
        just be a change that landed on the server after the pull: the engine pulls once
        more and checks again before re-downloading anything.
        """
        started = time.monotonic()
        expected = self.db.get_state(RESCOPE)  # after a scope change, differences are expected
        bad = self.verify()
        if bad:
            self.pull(None, report)
            bad = self.verify()
        rows = 0
        for bucket in bad:
            rows += self.repair(bucket, progress)
        with self.db.session() as s:
            now = format_datetime(datetime.now(timezone.utc))
            set_state(s, LAST_VERIFY, now)
            set_state(s, RESCOPE, None)
            if bad:
                set_state(s, LAST_REPAIR, json.dumps({"at": now, "buckets": bad, "rows": rows}))
        if bad:
            log.log(
                logging.INFO if expected else logging.WARNING,
                "verification%s: %d bucket(s) out of step with the server (%s); re-downloaded %d rows",
                f" after a scope change ({expected})" if expected else "",
                len(bad),
                ", ".join(bad),
                rows,
            )
        else:
            log.info(
                "verification: every bucket matches the server (%.0f ms)", (time.monotonic() - started) * 1000
            )
        if report is not None:
            report.verified = True
            report.repaired = bad
            report.repaired_rows = rows
        return bad

    # -- deactivation ----------------------------------------------------------------------

    def wipe_local_copy(self) -> None:
        """The account was deactivated or this laptop revoked: remove every local row, the
        stored session and the replica's key (the app then deletes the file itself)."""
        with self.db.session() as s:
            for t in reversed(Base.metadata.sorted_tables):  # every local table, synced or not
                if t.name != "alembic_version":
                    s.execute(delete(t))
        self.credentials.forget(self.server_url, self.username)
        self.credentials.replica_keys.forget(self.db.path)
        log.warning("account deactivated: local copy wiped")
