"""Attachment bytes over HTTP: a resumable, content-addressed upload and the download.

* ``HEAD``/``GET /blobs/{sha256}/upload`` — how far an upload got: the acknowledged
  offset (header ``Upload-Offset``; JSON from GET), the expected size and whether the
  blob is complete.
* ``PUT /blobs/{sha256}/chunks/{offset}`` — the next bytes (raw body, at most
  ``domain.attachments.CHUNK_BYTES``). A chunk that only repeats acknowledged bytes
  changes nothing; one that starts after them is refused with 409 and the offset to
  continue from. The chunk that reaches the size makes the server verify the hash; a
  wrong hash drops the partial bytes (422, start again). Once the blob is complete (this
  upload, or the same bytes earlier: de-duplication), every attachment row with the hash
  gets ``uploaded_at`` under one feed number, so other laptops learn it can be fetched;
  a row whose bytes were on another record first also gets ``duplicate_of`` then
  (``server/evidence.py``).
  A PUT at offset = size with an empty body confirms an already complete blob.
* ``GET /blobs/{sha256}`` — the bytes.
* ``GET /blobs/{sha256}/thumbnail`` — a JPEG of at most ``domain.thumbnails.THUMB_SIDE``
  pixels, made once and kept beside the blob. A document, or a picture Pillow cannot
  read, has none: 404 ``no_thumbnail`` (the screens show an icon), so the laptop never
  asks again.

Permission is the parent record's: the caller must see a live ``attachment`` row with the
hash (its customer is in their scope; admins see all). Otherwise 404 — whether bytes
with that hash exist elsewhere is not revealed — and nothing is written. One exception,
for the upload only: whoever created a live attachment row may deliver its bytes even
after its customer left their scope (the row was accepted while they covered it, and the
laptop keeps the customer until its files are up; docs/SYNC_CONTRACT.md, invariant 9).
Downloading stays with the scope.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi import Path as PathParam
from fastapi.responses import FileResponse, JSONResponse, Response, StreamingResponse
from sqlalchemy import select
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool
from starlette.requests import ClientDisconnect

from domain.attachments import CHUNK_BYTES
from domain.enums import Role
from domain.schema import ATTACHMENT
from domain.thumbnails import THUMB_MIME, can_have_thumbnail, make_thumbnail
from server import evidence
from server.api.deps import access_token, check_versions, current_user, get_session, get_store
from server.api.errors import ApiError
from server.auth import CurrentUser, authenticate
from server.blobs import BlobStore, ChunkWriter, HashMismatch, OffsetMismatch
from server.store.changes import allocate_seq, now, update_row
from server.store.db import Store
from server.store.tables import TABLES, UserScope
from sync.contract import Strict

log = logging.getLogger(__name__)
router = APIRouter(prefix="/blobs", tags=["attachments"], dependencies=[Depends(check_versions)])

_att = TABLES["attachment"]
Sha = Annotated[str, PathParam(pattern="^[0-9a-f]{64}$", description="SHA-256 of the bytes, lowercase hex")]
OFFSET_HEADER, LENGTH_HEADER = "Upload-Offset", "Upload-Length"
MAX_OFFSET = 2**40


class UploadState(Strict):
    sha256: str
    size: int  # bytes expected (the attachment's size_bytes)
    offset: int  # bytes acknowledged: the next chunk starts here
    complete: bool


async def _blobs(request: Request) -> BlobStore:
    # ``async``: a plain ``def`` dependency costs a hop to a worker thread per request.
    return request.app.state.blobs


def _visible(session: Session, user: CurrentUser, sha256: str, upload: bool = False):
    """A live attachment row with this hash the user may see, or (``upload``) made (else 404)."""
    q = select(_att.c.size_bytes, _att.c.mime_type, _att.c.file_name).where(
        _att.c.sha256 == sha256, ~_att.c.deleted
    )
    row = None
    if upload:  # the author delivers the bytes of a row accepted while they covered its customer
        row = session.execute(q.where(_att.c.created_by == user.id).limit(1)).first()
    if row is None and user.role != Role.ADMIN.value:
        us = UserScope.__table__
        q = q.join(us, (us.c.customer_id == _att.c.customer_id) & (us.c.user_id == user.id) & us.c.active)
    if row is None:
        row = session.execute(q.limit(1)).first()
    if row is None:
        raise ApiError(
            404,
            "not_found",
            "There is no attachment with this file that you can see. "
            "Sync first, so the server knows the attachment before its file.",
        )
    return row


def _state(blobs: BlobStore, sha256: str, size: int) -> UploadState:
    have = blobs.size(sha256)
    if have is not None:
        return UploadState(sha256=sha256, size=size, offset=have, complete=True)
    return UploadState(sha256=sha256, size=size, offset=blobs.received(sha256), complete=False)


def _mark_uploaded(session: Session, user: CurrentUser, sha256: str) -> None:
    # One read of the hash's rows: which to mark, and (the live ones) what evidence judges by.
    rows = session.execute(select(*evidence.JUDGED, _att.c.deleted).where(_att.c.sha256 == sha256)).all()
    ids = [r.id for r in rows if r.uploaded_at is None]
    if not ids:
        return  # a replay: already marked, no new feed entry
    seq, at = allocate_seq(session), now()
    live = [r for r in rows if not r.deleted]
    duplicates = evidence.duplicate_fields(session, sha256, ids, live)  # judged once: with uploaded_at
    for row_id in ids:
        update_row(
            session, ATTACHMENT, row_id, {"uploaded_at": at, **duplicates.get(row_id, {})}, seq, user.id
        )


def _headers(state: UploadState) -> dict[str, str]:
    return {OFFSET_HEADER: str(state.offset), LENGTH_HEADER: str(state.size)}


# The upload routes are ``async`` with one explicit hop to a worker thread for the database
# (the caller, the permission, the state): each further hop of sync dependencies costs more
# than the work on a busy machine, and a laptop makes one such request per file and chunk.


async def _upload_state(
    sha256: Sha,
    token: str = Depends(access_token),
    store: Store = Depends(get_store),
    blobs: BlobStore = Depends(_blobs),
) -> UploadState:
    """How far the upload of ``sha256`` got, for a caller who may deliver it (else 404)."""
    _user, size = await run_in_threadpool(_caller_and_size, store, token, sha256)
    return _state(blobs, sha256, size)


@router.head("/{sha256}/upload")
async def upload_head(state: UploadState = Depends(_upload_state)) -> Response:
    return Response(status_code=200, headers=_headers(state))


@router.get("/{sha256}/upload", response_model=UploadState)
async def upload_state(state: UploadState = Depends(_upload_state)) -> UploadState:
    return state


def _caller_and_size(store: Store, token: str, sha256: str) -> tuple[CurrentUser, int]:
    """Who the caller is and whether they may see this hash (its size, else 404), in a session
    of its own that ends before a chunk's body is read (a slow laptop must not hold a pooled
    connection meanwhile)."""
    with store.session() as session:
        user = authenticate(session, token)
        if user.device_revoked:
            from server.devices import revoked_error

            raise revoked_error()
        return user, _visible(session, user, sha256, upload=True).size_bytes


@router.put("/{sha256}/chunks/{offset}", response_model=UploadState)
async def put_chunk(
    request: Request,
    sha256: Sha,
    offset: Annotated[int, PathParam(ge=0, le=MAX_OFFSET)],
    token: str = Depends(access_token),
    store: Store = Depends(get_store),
    blobs: BlobStore = Depends(_blobs),
) -> Response:
    # The laptop's requests take the lean route (server/api/chunk_route.py) to the same work;
    # this one is for the docs and for what that route leaves to FastAPI.
    return await receive_chunk(request, store, blobs, token, sha256, offset)


async def receive_chunk(
    request: Request,
    store: Store,
    blobs: BlobStore,
    token: str,
    sha256: str,
    offset: int,
    gate: Callable[[Request], AbstractAsyncContextManager[None]] | None = None,
) -> Response:
    """The chunk PUT once its caller's token is in hand (see the module). ``gate``: the
    admission gate, taken around each database hop only (None: the caller holds it)."""
    hop = gate or (lambda _request: contextlib.nullcontext())
    declared = request.headers.get("content-length")
    if declared is not None and (not declared.isdigit() or int(declared) > CHUNK_BYTES):
        raise ApiError(413, "chunk_too_large", f"A chunk may carry at most {CHUNK_BYTES} bytes.")
    # Permission first (nothing is written for a caller who may not see the attachment),
    # then the body with no database connection held, then a short session again only
    # when the chunk completes the file.
    async with hop(request):
        user, size = await run_in_threadpool(_caller_and_size, store, token, sha256)
    try:
        # Each piece (h11's reads of at most 64 KiB) is written to the chunk's own file and
        # hashed as it arrives, still in the CPU cache, as a plain PUT would; a page-cache
        # write is short enough for the event loop, and the slow part, the fsync, is done
        # in the worker thread once the file is whole.
        chunk = blobs.begin_chunk(sha256, offset)
    except OSError:
        raise _store_unavailable(sha256) from None
    try:
        try:
            async for piece in request.stream():
                if chunk.length + len(piece) > CHUNK_BYTES:
                    raise ApiError(413, "chunk_too_large", f"A chunk may carry at most {CHUNK_BYTES} bytes.")
                if piece:
                    chunk.write(piece)
        except ClientDisconnect:
            # Half a chunk is not kept: the acknowledged offset stays at the last whole chunk.
            raise ApiError(
                400, "incomplete_chunk", "The connection closed before the chunk arrived."
            ) from None
        async with hop(request):
            state = await run_in_threadpool(_store_chunk, store, user, blobs, sha256, size, offset, chunk)
    except OSError:
        raise _store_unavailable(sha256) from None
    finally:
        with contextlib.suppress(OSError):  # another store's discard may fail too: still the 503
            chunk.discard()
    # The state built here is valid already: answered as it is, without the response
    # model's second validation and serialisation (``response_model`` stays for the docs).
    return JSONResponse(state.model_dump())


def _store_unavailable(sha256: str) -> ApiError:
    log.exception("the blob store could not write %s", sha256)
    return ApiError(
        503, "blob_store_unavailable", "The server cannot store files right now. Try again later."
    )


def _completed(store: Store, user: CurrentUser, sha256: str) -> None:
    """The blob is complete: mark its attachment rows (the permission checked again, in a new session)."""
    with store.session() as session:
        _visible(session, user, sha256, upload=True)
        _mark_uploaded(session, user, sha256)


def _store_chunk(
    store: Store,
    user: CurrentUser,
    blobs: BlobStore,
    sha256: str,
    size: int,
    offset: int,
    chunk: ChunkWriter,
) -> UploadState:
    state = _state(blobs, sha256, size)
    if state.complete:
        # Seen without the upload's lock: perhaps renamed into place but not yet durable
        # (``finish`` syncs the directory after the rename). ``finish`` on a complete blob
        # waits for that lock, so the rows are marked only once the file survives a crash.
        blobs.finish(sha256)
        _completed(store, user, sha256)
        return state
    if offset + chunk.length > size:
        raise ApiError(
            422,
            "beyond_size",
            f"The file has {size} bytes; this chunk would end at byte {offset + chunk.length}.",
            headers=_headers(state),
        )
    try:
        acknowledged = chunk.commit()
    except OffsetMismatch as e:
        raise ApiError(
            409,
            "upload_offset",
            f"The upload continues at byte {e.acknowledged}, not {offset}.",
            details=[{"offset": e.acknowledged}],
            headers={OFFSET_HEADER: str(e.acknowledged), LENGTH_HEADER: str(size)},
        ) from None
    if acknowledged < size:
        return UploadState(sha256=sha256, size=size, offset=acknowledged, complete=False)
    try:
        blobs.finish(sha256)
    except HashMismatch:
        raise ApiError(
            422,
            "hash_mismatch",
            "The bytes received do not have the announced SHA-256; "
            "they were discarded. Send the file again from the start.",
            headers={OFFSET_HEADER: "0", LENGTH_HEADER: str(size)},
        ) from None
    _completed(store, user, sha256)
    return UploadState(sha256=sha256, size=size, offset=size, complete=True)


def _readable(
    sha256: Sha,
    user: CurrentUser = Depends(current_user),
    session: Session = Depends(get_session, scope="function"),
):
    """The attachment row whose bytes the caller may read (else 404). Nothing more is read or
    written: the connection goes back before the bytes are sent or a picture is decoded."""
    row = _visible(session, user, sha256)
    session.commit()
    return row


@router.get("/{sha256}")
def download(sha256: Sha, row=Depends(_readable), blobs: BlobStore = Depends(_blobs)) -> Response:
    if blobs.size(sha256) is None:
        raise ApiError(
            404,
            "not_uploaded",
            "This file has not reached the server yet: the laptop it was attached on has not uploaded it.",
        )
    path = blobs.path_of(sha256)
    if path is not None:
        return FileResponse(path, media_type=row.mime_type)
    return StreamingResponse(blobs.open(sha256), media_type=row.mime_type)


THUMBNAIL = "thumbnail"  # the blob store's kind of derived file
_NO_THUMBNAIL = "This file has no thumbnail (it is a document, or not a picture that can be read)."


@router.get("/{sha256}/thumbnail", responses={200: {"content": {THUMB_MIME: {}}}})
def thumbnail(sha256: Sha, row=Depends(_readable), blobs: BlobStore = Depends(_blobs)) -> Response:
    if not can_have_thumbnail(row.mime_type):
        raise ApiError(404, "no_thumbnail", _NO_THUMBNAIL)
    try:
        data = blobs.derived(sha256, THUMBNAIL)
        if data is None:
            if blobs.size(sha256) is None:
                raise ApiError(404, "not_uploaded", "This file has not reached the server yet.")
            # Made once, on the first request, and kept: a second maker at the same moment
            # writes the same bytes.
            data = make_thumbnail(b"".join(blobs.open(sha256)))
            if data is None:
                raise ApiError(404, "no_thumbnail", _NO_THUMBNAIL)
            blobs.put_derived(sha256, THUMBNAIL, data)
    except OSError:
        log.exception("the blob store could not give the thumbnail of %s", sha256)
        raise ApiError(
            503, "blob_store_unavailable", "The server cannot read files right now. Try again later."
        ) from None
    # The content never changes for a hash; only permission does, so caches must ask.
    return Response(data, media_type=THUMB_MIME, headers={"Cache-Control": "private, no-cache"})
