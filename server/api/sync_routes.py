from __future__ import annotations

import gzip
from collections import Counter
from itertools import pairwise

import orjson
from fastapi import APIRouter, Depends, Header, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response
from sqlalchemy.orm import Session

from server import devices, feed, metrics
from server.api.deps import (
    access_token,
    check_client_version,
    check_versions,
    current_user,
    get_session,
    get_store,
)
from server.api.errors import ApiError
from server.auth import CurrentUser, authenticate
from server.push import ConcurrentPush, push_batch
from server.scope import covered_now
from server.scope_generation import scope_generation
from server.store.changes import now
from server.store.db import Store
from sync.contract import (
    CATALOG_BUCKET,
    CUSTOMER_BUCKETS,
    ORG_BUCKET,
    PUSH_ANSWER_CHANGED,
    PUSH_ANSWER_HEADER,
    USER_BUCKET,
    PullRequest,
    PullResponse,
    PushRequest,
    PushResponse,
    ScopeRequest,
    ScopeResponse,
    SnapshotRequest,
    SnapshotResponse,
    VerifyResponse,
    format_datetime,
)

router = APIRouter(
    prefix="/sync", tags=["sync"], dependencies=[Depends(check_versions), Depends(check_client_version)]
)
COMPRESS_FROM = 16_000  # bytes: below this a page is sent as it is (a no-op answer stays tiny)
BUCKETS = {ORG_BUCKET, CATALOG_BUCKET, USER_BUCKET, *CUSTOMER_BUCKETS}


def _json(model, exclude_unset: bool = False) -> Response:
    # Pages are large: serialise once with pydantic's fast encoder instead of re-validating.
    return Response(
        model.__pydantic_serializer__.to_json(model, exclude_unset=exclude_unset),
        media_type="application/json",
    )


@router.post("/pull", response_model=PullResponse, responses={400: {}, 401: {}})
async def pull(
    body: PullRequest,
    request: Request,
    token: str = Depends(access_token),
    store: Store = Depends(get_store),
    accept_encoding: str = Header(default=""),
) -> Response:
    """One page of changes in the caller's scope after ``cursor`` (omit it for a full sync)."""
    # Every laptop polls this, mostly to hear "nothing new": the session, the token check and
    # the page run in one worker-thread hop instead of one hop per dependency.
    ip = request.client.host if request.client else None
    # gzip of a first-sync page takes milliseconds: in the worker thread, not on the event loop
    return await run_in_threadpool(lambda: _compressed(_pull(store, token, body, ip), accept_encoding))


def _compressed(response: Response, accept_encoding: str) -> Response:
    """A large page gzipped (level 1) when the client accepts it, as every client does.

    Plain HTTP content negotiation: clients that do not ask get the page as it is, so
    the wire format of the protocol itself is unchanged. Level 1 makes a page of the
    first sync about 7 times smaller for ~4 ms of CPU per megabyte; on a slow link that
    is most of the sync's time, on loopback it costs a few percent."""
    body = response.body
    if len(body) < COMPRESS_FROM or "gzip" not in accept_encoding.lower():
        return response
    return Response(
        gzip.compress(body, compresslevel=1, mtime=0),
        media_type="application/json",
        headers={"Content-Encoding": "gzip", "Vary": "Accept-Encoding"},
    )


def _pull(store: Store, token: str, body: PullRequest, ip: str | None = None) -> Response:
    try:
        cursor = feed.Cursor.decode(body.cursor)
    except feed.CursorError as exc:
        raise ApiError(400, "invalid_cursor", str(exc)) from None
    fresh = False
    if cursor.hi is None and cursor.lo > 0:
        _user, fresh = feed.up_to_date(store.autocommit, token, cursor.lo)
    if fresh:
        metrics.PULL_PAGES.labels(kind="noop").inc()
        return _json(
            PullResponse(
                changes={},
                evict=[],
                next_cursor=feed.Cursor(lo=cursor.lo).encode(),
                has_more=False,
                server_time=format_datetime(now()),
            ),
            exclude_unset=True,
        )
    with store.session() as session:
        # The user is read again here, not taken from the up-to-date read: that read ran
        # outside this transaction, and a deactivation or a role or team change committed
        # in between would serve this page as the old user (invariant 8). One indexed query
        # (the token's hash), and only on the path that builds a page.
        user = authenticate(session, token)
        if not (
            user.device_revoked and devices.note_if_revoked(session, token)
        ):  # committed: the admin sees it
            devices.touch(session, str(body.client_id) if body.client_id else None, ip)
            return _pull_page(session, user, body, cursor)
    raise devices.revoked_error()


def _pull_page(session: Session, user: CurrentUser, body: PullRequest, cursor: feed.Cursor) -> Response:
    client_id = str(body.client_id) if body.client_id else None
    page = feed.FeedReader(session, user, client_id).page(cursor, body.max_rows)
    generation = None
    if not page.has_more:
        done = feed.Cursor.decode(page.next_cursor).lo
        feed.record_pulled(session, user.id, client_id, done)
        if done != cursor.lo:
            # A window closed (not a no-op: nothing committed since the last one means the
            # role and team cannot have changed either, so that answer stays tiny).
            generation = scope_generation(session, user)
    metrics.PULL_PAGES.labels(kind="page").inc()
    metrics.PULL_ROWS.inc(sum(len(rows["rows"]) for rows in page.changes.values()))
    body = {
        "changes": page.changes,
        "evict": page.evict,
        "next_cursor": page.next_cursor,
        "has_more": page.has_more,
        "server_time": format_datetime(now()),
    }
    if generation:  # absent, not null, on a no-op
        body["scope_generation"] = generation
    # The page is built by the feed in exactly the response's shape (PullResponse), so it
    # is serialised straight away: validating thousands of rows again cost more than the
    # encoding itself.
    return Response(orjson.dumps(body), media_type="application/json")


@router.post("/push", response_model=PushResponse, responses={401: {}, 409: {}, 422: {}})
async def push(
    body: PushRequest,
    request: Request,
    token: str = Depends(access_token),
    store: Store = Depends(get_store),
    push_answer: str = Header(default="", alias=PUSH_ANSWER_HEADER),
) -> Response:
    """Apply a batch of the client's outbox, in ``client_seq`` order, each mutation exactly once.

    A revoked laptop may still push: what it queued arrives before it wipes itself."""
    ids = [m.mutation_id for m in body.mutations]
    if len(set(ids)) != len(ids):
        raise ApiError(422, "duplicate_mutation", "The batch contains the same mutation id twice.")
    seqs = [m.client_seq for m in body.mutations]
    if any(b <= a for a, b in pairwise(seqs)):
        raise ApiError(422, "unordered_batch", "Mutations must be sent in increasing client_seq order.")
    ip = request.client.host if request.client else None
    # The session, the token check, the batch and the commit in one worker-thread hop, as
    # the pull does: under load each hop (one per plain-def dependency) waits for a thread.
    changed_only = push_answer.strip().lower() == PUSH_ANSWER_CHANGED
    return await run_in_threadpool(_push, store, token, body, ip, changed_only)


def _push(
    store: Store, token: str, body: PushRequest, ip: str | None, changed_only: bool = False
) -> Response:
    with store.session() as session:  # one transaction: committed before the answer leaves
        user = authenticate(session, token)  # a revoked laptop's token still authenticates
        try:
            outcome = push_batch(session, user, body, changed_only)
        except ConcurrentPush:
            metrics.PUSH_MUTATIONS.labels(outcome="busy").inc(len(body.mutations))
            raise ApiError(
                409,
                "push_in_progress",
                "These changes are being applied by another request; sync again in a moment.",
                headers={"Retry-After": "2"},
            ) from None
        for kind, n in Counter(r.outcome for r in outcome.results).items():
            metrics.PUSH_MUTATIONS.labels(outcome=kind).inc(n)
        devices.touch(session, str(body.client_id), ip)
    # The results were built as MutationResults: serialised once, not validated again.
    return _json(
        PushResponse(
            results=outcome.results, server_time=format_datetime(now()), next_cursor=outcome.next_cursor
        )
    )


@router.post("/scope", response_model=ScopeResponse)
def scope(
    body: ScopeRequest,
    user: CurrentUser = Depends(current_user),
    session: Session = Depends(get_session, scope="function"),
) -> ScopeResponse:
    """Which of the given customers the caller covers now: a postponed eviction is finished
    only for customers the server's current scope no longer includes."""
    return ScopeResponse(
        covered=covered_now(session, user.id, user.role, (str(c) for c in body.customer_ids))
    )


@router.post("/verify", response_model=VerifyResponse)
def verify(
    user: CurrentUser = Depends(current_user), session: Session = Depends(get_session, scope="function")
) -> VerifyResponse:
    """What the caller's replica should hold, per bucket (count and hash of id:version)."""
    buckets, seq = feed.verify(session, user)
    return VerifyResponse(buckets=buckets, cursor_seq=seq)


@router.post("/snapshot", response_model=SnapshotResponse, responses={400: {}})
def snapshot(
    body: SnapshotRequest,
    user: CurrentUser = Depends(current_user),
    session: Session = Depends(get_session, scope="function"),
) -> Response:
    """Every row of one bucket of the caller's scope, paged: repairs that bucket only."""
    if body.bucket not in BUCKETS:
        raise ApiError(400, "invalid_bucket", f"Unknown bucket {body.bucket!r}.")
    rows, index, after, done = feed.snapshot(
        session, user, body.bucket, body.entity_index, body.after, body.max_rows
    )
    return _json(SnapshotResponse(rows=rows, entity_index=index, after=after, done=done))
