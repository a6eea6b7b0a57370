"""``fieldsales-server check-blobs``: does the blob store agree with the attachment metadata?

Metadata without blobs:

* ``missing`` — a live attachment the server marked uploaded whose blob is not in the
  store (lost from the disk, or a store restored from an older backup);
* ``wrong_size`` — a blob whose size is not the attachment's ``size_bytes``; with
  ``verify_hashes`` also ``bad_hash``, a blob whose bytes no longer have their SHA-256
  (this reads every blob);
* ``not_uploaded`` — a live attachment created more than ``days`` ago whose bytes never
  arrived (the laptop it was attached on has not synced since, or lost the file).

Blobs without metadata:

* ``orphans`` — complete blobs no live attachment refers to (every row with the hash was
  removed);
* ``stale_partials`` — unfinished uploads untouched for more than ``days``, or whose
  attachment is gone;
* ``stale_chunks`` — a chunk's own file beside a partial (``BlobStore.chunk_files``)
  untouched for more than ``days``: what a server killed mid-body leaves. Only the age
  counts: a body arriving now has its chunk file written to as it streams.

``delete_orphans`` removes the orphans, the stale partials and the stale chunk files
(never anything a live attachment refers to, and never a row). Attachments that are complete in the store but
not yet marked uploaded (the server stopped between the two steps) are listed as
``unmarked``: not an inconsistency, the laptop's next sync confirms them.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta, timezone

from sqlalchemy import select

from server.blobs import BlobStore
from server.store.db import Store
from server.store.tables import TABLES

_att = TABLES["attachment"]


@dataclass
class BlobReport:
    attachments: int = 0  # live attachment rows looked at
    blobs: int = 0  # complete blobs in the store
    partials: int = 0
    missing: list[dict] = field(default_factory=list)
    wrong_size: list[dict] = field(default_factory=list)
    bad_hash: list[dict] = field(default_factory=list)
    not_uploaded: list[dict] = field(default_factory=list)
    unmarked: list[dict] = field(default_factory=list)
    orphans: list[dict] = field(default_factory=list)
    stale_partials: list[dict] = field(default_factory=list)
    stale_chunks: list[dict] = field(default_factory=list)
    deleted: list[dict] = field(default_factory=list)  # what delete_orphans removed

    PROBLEMS = (
        "missing",
        "wrong_size",
        "bad_hash",
        "not_uploaded",
        "orphans",
        "stale_partials",
        "stale_chunks",
    )

    @property
    def consistent(self) -> bool:
        def key(x: dict, partial: bool) -> tuple:
            return ("chunk", x["file"]) if "file" in x else (x["sha256"], partial)

        removed = {key(d, d["partial"]) for d in self.deleted}
        left = [
            x
            for name in self.PROBLEMS
            for x in getattr(self, name)
            if key(x, name == "stale_partials") not in removed
        ]
        return not left

    def as_json(self) -> dict:
        return {"consistent": self.consistent, **asdict(self)}


def _row(r, **extra) -> dict:
    return {
        "attachment_id": r.id,
        "sha256": r.sha256,
        "customer_id": r.customer_id,
        "file_name": r.file_name,
        **extra,
    }


def _sha_of(blobs: BlobStore, sha256: str) -> str:
    digest = hashlib.sha256()
    for piece in blobs.open(sha256):
        digest.update(piece)
    return digest.hexdigest()


def check_blobs(
    store: Store,
    blobs: BlobStore,
    *,
    days: float = 7,
    verify_hashes: bool = False,
    delete_orphans: bool = False,
    now: datetime | None = None,
) -> BlobReport:
    now = now or datetime.now(timezone.utc)
    old = now - timedelta(days=days)
    report = BlobReport()
    stored = {}
    partials = {}
    for entry in blobs.inventory():
        (partials if entry.partial else stored)[entry.sha256] = entry
    report.blobs, report.partials = len(stored), len(partials)

    with store.session() as s:
        rows = s.execute(
            select(
                _att.c.id,
                _att.c.sha256,
                _att.c.customer_id,
                _att.c.file_name,
                _att.c.size_bytes,
                _att.c.created_at,
                _att.c.uploaded_at,
            ).where(~_att.c.deleted)
        ).all()
    report.attachments = len(rows)
    referenced = {r.sha256 for r in rows}
    hashed: dict[str, str] = {}
    for r in sorted(rows, key=lambda r: (r.sha256, r.id)):
        blob = stored.get(r.sha256)
        if r.uploaded_at is not None:
            if blob is None:
                report.missing.append(_row(r, uploaded_at=r.uploaded_at.isoformat()))
                continue
        elif blob is None:
            if r.created_at < old:
                report.not_uploaded.append(
                    _row(
                        r,
                        created_at=r.created_at.isoformat(),
                        received=partials[r.sha256].size if r.sha256 in partials else 0,
                    )
                )
            continue
        else:
            report.unmarked.append(_row(r))
        if blob.size != r.size_bytes:
            report.wrong_size.append(_row(r, expected=r.size_bytes, stored=blob.size))
        elif verify_hashes:
            if r.sha256 not in hashed:
                hashed[r.sha256] = _sha_of(blobs, r.sha256)
            if hashed[r.sha256] != r.sha256:
                report.bad_hash.append(_row(r, actual=hashed[r.sha256]))

    for sha, entry in sorted(stored.items()):
        if sha not in referenced:
            report.orphans.append({"sha256": sha, "size": entry.size, "modified": entry.modified.isoformat()})
    for sha, entry in sorted(partials.items()):
        if sha not in referenced or entry.modified < old:
            report.stale_partials.append(
                {
                    "sha256": sha,
                    "size": entry.size,
                    "modified": entry.modified.isoformat(),
                    "referenced": sha in referenced,
                }
            )

    for chunk in blobs.chunk_files():
        if chunk.modified < old:
            report.stale_chunks.append(
                {
                    "file": chunk.name,
                    "sha256": chunk.sha256,
                    "size": chunk.size,
                    "modified": chunk.modified.isoformat(),
                }
            )

    if delete_orphans:
        for item in report.orphans:
            blobs.remove(item["sha256"], partial=False)
            report.deleted.append({"sha256": item["sha256"], "partial": False, "size": item["size"]})
        for item in report.stale_partials:
            blobs.remove(item["sha256"], partial=True)
            report.deleted.append({"sha256": item["sha256"], "partial": True, "size": item["size"]})
        for item in report.stale_chunks:
            blobs.remove_chunk_file(item["file"])
            report.deleted.append(
                {"file": item["file"], "sha256": item["sha256"], "partial": True, "size": item["size"]}
            )
    return report


def text_report(report: BlobReport, days: float) -> str:
    lines = [
        f"Checked {report.attachments} attachments against {report.blobs} blobs "
        f"and {report.partials} unfinished uploads."
    ]
    sections = (
        ("missing", "Marked uploaded, but the blob is missing"),
        ("wrong_size", "Blob of the wrong size"),
        ("bad_hash", "Blob whose bytes do not match its SHA-256"),
        ("not_uploaded", f"Never uploaded, attached more than {days:g} days ago"),
        ("orphans", "Blob that no attachment refers to"),
        ("stale_partials", f"Unfinished upload untouched for {days:g} days or without its attachment"),
        ("stale_chunks", f"Chunk of an interrupted upload untouched for {days:g} days"),
        ("unmarked", "Complete, not yet marked uploaded (the laptop's next sync confirms it)"),
    )
    for name, title in sections:
        items = getattr(report, name)
        if not items:
            continue
        lines.append(f"{title}: {len(items)}")
        for item in items[:50]:
            who = (
                f"attachment {item['attachment_id']} ({item['file_name']}) "
                if "attachment_id" in item
                else ""
            )
            lines.append(f"  {who}{item.get('file', item['sha256'])}")
        if len(items) > 50:
            lines.append(f"  … and {len(items) - 50} more (--json lists all)")
    if report.deleted:
        freed = sum(d["size"] for d in report.deleted)
        lines.append(
            f"Deleted {len(report.deleted)} blobs and unfinished uploads without metadata ({freed} bytes)."
        )
    lines.append("Consistent." if report.consistent else "Inconsistent.")
    return "\n".join(lines)
