"""Importing customers and contacts over HTTP (admins only); see ``server.importer``.

``POST /admin/import/preview`` parses the uploaded file (base64 in JSON), applies the
column mapping (or suggests one) and answers every row's status, problems and likely
duplicates — writing nothing. ``POST /admin/import/commit`` sends the same file with the
mapping and the row numbers the admin confirmed; those rows are stored in one
transaction, or — when any of them cannot be — none, with every problem listed by row.
"""

from __future__ import annotations

import base64
import binascii

from fastapi import APIRouter, Depends
from pydantic import Field
from sqlalchemy.orm import Session

from server import importer
from server.api.admin_routes import Admin, admin_user, commit, refusals
from server.api.deps import DbSession, check_versions
from server.api.errors import ApiError
from server.audit import audit
from sync.contract import Strict

router = APIRouter(
    prefix="/admin/import",
    tags=["admin: import"],
    dependencies=[Depends(check_versions), Depends(admin_user)],
)

MAX_B64 = (importer.MAX_BYTES * 4) // 3 + 8


class FileIn(Strict):
    filename: str = Field(min_length=1, max_length=255)
    content: str = Field(min_length=1, max_length=MAX_B64, description="the file's bytes, base64")
    sheet: str | None = Field(
        default=None, max_length=100, description="Excel: the sheet (default: the first)"
    )
    mapping: dict[str, str | None] | None = Field(
        default=None,
        max_length=200,
        description="column name → field key (null: ignore the column); omit for a suggestion",
    )
    territory: str | None = Field(
        default=None, max_length=40, description="code of the territory for rows without a Territory column"
    )


class CommitIn(FileIn):
    rows: list[int] = Field(max_length=importer.MAX_ROWS, description="the row numbers the admin confirmed")
    sha256: str | None = Field(default=None, max_length=64, description="the previewed file's hash, to check")


class FieldOut(Strict):
    key: str
    label: str


class IssueOut(Strict):
    row: int | None
    field: str | None
    code: str
    message: str


class DuplicateOut(Strict):
    kind: str
    reasons: list[str]
    name: str
    code: str | None
    row: int | None


class RowOut(Strict):
    row: int
    status: str
    preselected: bool
    cells: dict[str, str | None]
    errors: list[IssueOut]
    duplicates: list[DuplicateOut]
    customer: str | None = Field(description="contact rows: the customer code or 'row N' they belong to")


class PreviewOut(Strict):
    filename: str
    sha256: str
    sheets: list[str]
    sheet: str | None
    headers: list[str]
    mapping: dict[str, str | None]
    fields: list[FieldOut]
    problems: list[IssueOut]
    counts: dict[str, int]
    rows: list[RowOut]


class ReportOut(Strict):
    seq: int | None
    customers: int
    contacts: int
    duplicates_confirmed: int
    skipped: list[int]
    problems: list[IssueOut]
    customer_codes: dict[str, str]


def _table(body: FileIn) -> importer.Table:
    try:
        content = base64.b64decode(body.content, validate=True)
    except (binascii.Error, ValueError):
        raise ApiError(400, "invalid_file", "content: the file must be sent base64-encoded.") from None
    try:
        return importer.read_table(body.filename, content, body.sheet)
    except importer.ImportFileError as exc:
        raise ApiError(400, "invalid_file", str(exc)) from None


def _analysis(session: Session, body: FileIn) -> importer.Analysis:
    table = _table(body)
    return importer.analyse(session, table, body.mapping, body.territory)


def _issues(items) -> list[IssueOut]:
    return [IssueOut(**i.as_dict()) for i in items]


@router.get("/fields", response_model=list[FieldOut])
def fields() -> list[FieldOut]:
    """The fields a column can be mapped to."""
    return [FieldOut(key=t.key, label=t.label) for t in importer.TARGETS]


@router.post("/preview", response_model=PreviewOut)
def preview(body: FileIn, session: DbSession) -> PreviewOut:
    """Parse, map, validate and look for duplicates; nothing is stored."""
    a = _analysis(session, body)
    columns = {key: a.table.headers.index(h) for h, key in a.mapping.items() if key}
    cells_of = {n: cells for n, cells in a.table.rows}
    rows = []
    for r in a.rows:
        cells = cells_of[r.row]
        rows.append(
            RowOut(
                row=r.row,
                status=r.status,
                preselected=r.preselected,
                cells={k: cells[i] if i < len(cells) else None for k, i in columns.items()},
                errors=_issues(r.errors),
                duplicates=[DuplicateOut(**d.as_dict()) for d in r.duplicates],
                customer=r.customer_ref,
            )
        )
    return PreviewOut(
        filename=body.filename,
        sha256=a.table.sha256,
        sheets=a.table.sheets,
        sheet=a.table.sheet,
        headers=a.table.headers,
        mapping=a.mapping,
        fields=[FieldOut(key=t.key, label=t.label) for t in importer.TARGETS],
        problems=_issues(a.problems),
        counts=a.counts(),
        rows=rows,
    )


@router.post("/commit", response_model=ReportOut)
def commit_import(body: CommitIn, admin: Admin, session: DbSession) -> ReportOut:
    """Store exactly the confirmed rows, all or nothing; the report lists what was skipped and why."""
    a = _analysis(session, body)
    if body.sha256 and body.sha256 != a.table.sha256:
        raise ApiError(409, "file_changed", "The file is not the one that was previewed; preview it again.")
    if not body.rows:
        raise ApiError(400, "invalid_request", "rows: confirm at least one row to import.")
    try:
        with refusals():
            report = importer.commit(session, a, set(body.rows), admin.id)
            session.flush()
    except importer.ImportRefused as exc:
        raise ApiError(422, "import_refused", str(exc), details=[p.as_dict() for p in exc.problems]) from None
    audit(
        session,
        admin.id,
        "import_customers",
        f"{body.filename}: {report.customers} customers, {report.contacts} contacts",
    )
    out = ReportOut(**report.as_dict())
    commit(session)
    return out
