"""Client-only tables: sync bookkeeping and local state that never leaves the laptop."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Boolean, Index, Integer, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from local_db.sqltypes import ISODate, UTCDateTime
from local_db.tables import TABLES, metadata


class Base(DeclarativeBase):
    metadata = metadata


class SyncState(Base):
    """Key/value facts about this replica: cursor, client id, who it belongs to, last sync."""

    __tablename__ = "sync_state"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str | None] = mapped_column(Text)


class OutboxEntry(Base):
    """An immutable local change waiting to be pushed (docs/SYNC_CONTRACT.md, invariant 2).

    ``client_seq`` is an AUTOINCREMENT key, so entries are pushed in the order they were
    written and a number is never handed out twice, even after the outbox empties (the
    sequence rises for the life of the replica); ``mutation_id`` is the idempotency key the
    server records. ``known_cursor`` is the pull cursor the laptop held when the edit was
    made: the server judges "did this laptop still cover the customer" on it.
    """

    __tablename__ = "outbox"
    __table_args__ = {"sqlite_autoincrement": True}
    client_seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    mutation_id: Mapped[str] = mapped_column(String(36), unique=True)
    entity: Mapped[str] = mapped_column(String(40))
    row_id: Mapped[str] = mapped_column(String(36), index=True)
    op: Mapped[str] = mapped_column(String(10))  # insert | update | delete
    changes: Mapped[dict] = mapped_column(JSON)  # field -> new value (wire form)
    base: Mapped[dict] = mapped_column(JSON)  # field -> value before the change (wire form)
    base_version: Mapped[int] = mapped_column(Integer)
    schema_version: Mapped[int] = mapped_column(Integer)
    customer_id: Mapped[str | None] = mapped_column(String(36), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    known_cursor: Mapped[str | None] = mapped_column(Text)


class SyncIssue(Base):
    """A pushed change the server did not simply apply: rejected or in conflict.

    The user's data is kept here in full, so nothing is lost while a person decides.
    """

    __tablename__ = "sync_issues"
    mutation_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    entity: Mapped[str] = mapped_column(String(40))
    row_id: Mapped[str] = mapped_column(String(36), index=True)
    outcome: Mapped[str] = mapped_column(String(16))  # rejected | conflict
    code: Mapped[str | None] = mapped_column(String(64))
    message: Mapped[str] = mapped_column(Text)
    changes: Mapped[dict] = mapped_column(JSON)
    base: Mapped[dict] = mapped_column(JSON)
    server_values: Mapped[dict | None] = mapped_column(JSON)
    fields: Mapped[list | None] = mapped_column(JSON)  # the clashing fields of a conflict
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class FileUpload(Base):
    """The upload of one attachment file (by hash) from this laptop: local only, never synced.

    A row appears when an attachment is created here (a trigger of migration 0010 on the
    ``attachments`` insert the writer makes), whatever screen or API made it, and the upload
    queue (``sync.uploads.UploadQueue``) moves it along: ``waiting`` → ``uploading``
    (``acknowledged`` of ``size_bytes``, what the server confirmed) → ``uploaded``; or
    ``failed`` with a reason ``code`` (the server's error code, or a local one such as
    ``file_damaged``), the ``detail`` for support, the ``attempts`` so far and when the
    next sync may try again (``next_try_at``, backing off). The server's acknowledged offset
    stays the truth when resuming: ``acknowledged`` is what the sync centre shows.
    """

    __tablename__ = "file_uploads"
    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size_bytes: Mapped[int] = mapped_column(Integer)
    state: Mapped[str] = mapped_column(String(16), server_default="waiting", index=True)
    acknowledged: Mapped[int] = mapped_column(Integer, server_default="0")
    attempts: Mapped[int] = mapped_column(Integer, server_default="0")
    code: Mapped[str | None] = mapped_column(String(64))
    detail: Mapped[str | None] = mapped_column(Text)
    next_try_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


# -- the rep's workspace: search index, planning facts, drafts, saved filters -----------------
#
# Derived from the synced rows, never sent anywhere. ``customer_index`` holds one row per
# local customer (its full-text document id and the visit facts the plans need); the
# SQLite triggers of migration 0002 put every customer whose row, contacts or visits
# changed into ``search_queue``, and ``local_db.search.catch_up`` rebuilds those entries.
# The full-text table itself (``customer_fts``, FTS5) is created by that migration.


class CustomerIndex(Base):
    """Search document id and visit-planning facts of one customer."""

    __tablename__ = "customer_index"
    __table_args__ = {"sqlite_autoincrement": True}  # a document id is never reused
    doc_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    customer_id: Mapped[str] = mapped_column(String(36), unique=True)
    name: Mapped[str | None] = mapped_column(String(200))  # copy of the name
    sort_key: Mapped[str | None] = mapped_column(
        String(800), index=True
    )  # search.sort_key(name): pinyin order
    grade: Mapped[str | None] = mapped_column(String(32))  # visit grade (the tier's default when unset)
    active: Mapped[bool] = mapped_column(Boolean, default=True)  # False for a deleted customer
    last_visit_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # latest check-in
    due_on: Mapped[date | None] = mapped_column(ISODate, index=True)  # None: never visited, due now
    planned_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # earliest open planned visit


class SearchQueue(Base):
    """Customers whose index entry must be rebuilt (filled by triggers)."""

    __tablename__ = "search_queue"
    __table_args__ = {"sqlite_with_rowid": False}
    customer_id: Mapped[str] = mapped_column(String(36), primary_key=True)


class Draft(Base):
    """What the rep typed in a form and has not saved yet; survives a crash or a closed lid."""

    __tablename__ = "drafts"
    key: Mapped[str] = mapped_column(String(80), primary_key=True)  # e.g. "visit:<id>", "customer:new"
    kind: Mapped[str] = mapped_column(String(20))
    customer_id: Mapped[str | None] = mapped_column(String(36), index=True)
    data: Mapped[dict] = mapped_column(JSON)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class SavedFilter(Base):
    """A named combination of customer-list filters the rep keeps."""

    __tablename__ = "saved_filters"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    filters: Mapped[dict] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


# Today's due list: customers with no plan, by grade and due date (never visited first).
_ci = CustomerIndex.__table__
_unplanned = (_ci.c.active == True) & _ci.c.planned_at.is_(None)  # noqa: E712 - SQL, not Python
Index("ix_customer_index_due", _ci.c.grade, _ci.c.due_on, sqlite_where=_unplanned)  # the list, in order
Index("ix_customer_index_due_day", _ci.c.due_on, sqlite_where=_unplanned)  # how many are due

# Open visits are few among many logged ones: partial indexes find today's plan and the
# rep's running and returned logs without reading the whole visit history.
_visits = TABLES["visit"]
Index("ix_visits_planned_at_open", _visits.c.planned_at, sqlite_where=_visits.c.status == "planned")
Index(
    "ix_visits_status_open", _visits.c.status, sqlite_where=_visits.c.status.in_(["in_progress", "returned"])
)


# -- attachment files held on this laptop (sync/file_cache.py) ---------------------------------
#
# The bytes live in ``LocalFiles`` (``<replica stem>-files``); these tables say what the
# laptop knows about them. Local only, never sent anywhere.


class CachedFile(Base):
    """One attachment file (by hash) as this laptop holds it: its thumbnail, whether the full
    file is here, and when it was last opened (the cache budget evicts the least recent)."""

    __tablename__ = "cached_files"
    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size_bytes: Mapped[int] = mapped_column(Integer, server_default="0")
    thumb_state: Mapped[str | None] = mapped_column(String(8))  # None: not tried; "have"; "none"
    thumb_sha256: Mapped[str | None] = mapped_column(String(64))  # the thumbnail's own hash in LocalFiles
    has_full: Mapped[bool] = mapped_column(Boolean, server_default="0")
    fetched_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # None: made here, not downloaded
    last_access: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)


class OfflineCustomer(Base):
    """A customer the rep marked "available offline": every sync fetches their full files."""

    __tablename__ = "offline_customers"
    customer_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    since: Mapped[datetime] = mapped_column(UTCDateTime)


class FileSweep(Base):
    """Hashes whose attachment row was removed or deleted (filled by a trigger of migration
    0009): after the sync the file cache drops the files no live row uses any more."""

    __tablename__ = "file_sweep"
    __table_args__ = {"sqlite_with_rowid": False}
    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
