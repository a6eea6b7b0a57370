"""Importing customers and their contacts from CSV and Excel files.

Three steps, each usable on its own (the API and ``fieldsales-server import-customers``
use the same functions):

1. :func:`read_table` parses the file: CSV (UTF-8, or GB18030 as saved by Chinese
   Excel; comma, semicolon, tab or bar separated, found by sniffing) or ``.xlsx``
   (openpyxl, first sheet unless one is named). The first non-empty row holds the column
   names. Rows are numbered as a spreadsheet shows them (the header is usually row 1), and
   every problem is reported with that number.
2. :func:`analyse` maps columns to fields (:func:`suggest_mapping` guesses from Chinese
   and English column names), cleans and validates every row with the rules the forms use
   (``domain.validation``, the schema's lengths), and looks for likely duplicates — same
   normalised name or phone (``domain.validation.likely_duplicates``) — among existing
   customers and earlier rows of the file. Each row gets a status: ``new`` (a new customer,
   with a primary contact when contact columns are filled), ``contact`` (a further contact:
   its customer code is an existing customer's, or an earlier row's), ``duplicate`` (looks
   like a customer that exists or an earlier row: imported only if the admin confirms it)
   or ``error`` (cannot be imported as it is). Nothing is written.
3. :func:`commit` stores exactly the rows the admin confirmed, in one transaction with
   one feed number: if any confirmed row cannot be imported, nothing is stored and the
   refusal lists every problem by row. New customers reach the laptops of whoever covers
   their territory at the next sync.

The server keeps nothing between the steps (any app process may serve the next one): the
client sends the file again with its confirmation; ``sha256`` lets it check it is still the
file it previewed.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import unicodedata
import zipfile
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from domain.classification import default_visit_grade
from domain.enums import CustomerType, DecisionRole, LifecycleStage, NodeKind, Role
from domain.schema import CONTACT, CUSTOMER
from domain.validation import (
    likely_duplicates,
    normalise_company_name,
    normalise_phone,
    validate_email,
    validate_phone,
)
from server.org import reps_covering
from server.scope import refresh_scope
from server.store.changes import allocate_seq, insert_rows, now
from server.store.tables import TABLES
from sync.contract import new_id

MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 20000


class ImportFileError(ValueError):
    """The file cannot be read as a table; the message says why and what to do."""


class ImportRefused(ValueError):
    """The confirmation cannot be stored as it is; ``problems`` lists each problem by row."""

    def __init__(self, message: str, problems: list[Issue]):
        super().__init__(message)
        self.problems = problems


# --------------------------------------------------------------------------- fields


@dataclass(frozen=True)
class Target:
    key: str
    label: str  # English; the desktop shows its own translation of the key
    max_length: int | None = None
    aliases: tuple[str, ...] = ()


def _len(entity, name: str) -> int | None:
    return entity.field(name).max_length


TARGETS: tuple[Target, ...] = (
    Target(
        "code",
        "Customer code",
        _len(CUSTOMER, "code"),
        ("客户编号", "客户编码", "客户代码", "编号", "编码", "code", "customer code", "customer no", "id"),
    ),
    Target(
        "name",
        "Customer name",
        _len(CUSTOMER, "name"),
        (
            "客户名称",
            "客户名",
            "公司名称",
            "单位名称",
            "企业名称",
            "名称",
            "客户",
            "name",
            "customer",
            "customer name",
            "company",
            "company name",
        ),
    ),
    Target("customer_type", "Customer type", None, ("客户类型", "类型", "type", "customer type")),
    Target("industry", "Industry", _len(CUSTOMER, "industry"), ("行业", "所属行业", "industry")),
    Target("address", "Address", _len(CUSTOMER, "address"), ("地址", "详细地址", "address")),
    Target("city", "City", _len(CUSTOMER, "city"), ("城市", "所在城市", "city")),
    Target(
        "phone",
        "Phone",
        _len(CUSTOMER, "phone"),
        ("电话", "联系电话", "公司电话", "座机", "phone", "telephone", "tel"),
    ),
    Target("fax", "Fax", _len(CUSTOMER, "fax"), ("传真", "fax")),
    Target(
        "email",
        "Email",
        _len(CUSTOMER, "email"),
        ("邮箱", "电子邮件", "电子邮箱", "公司邮箱", "email", "e-mail"),
    ),
    Target(
        "website", "Website", _len(CUSTOMER, "website"), ("网址", "网站", "主页", "website", "web", "url")
    ),
    Target("latitude", "Latitude", None, ("纬度", "latitude", "lat")),
    Target("longitude", "Longitude", None, ("经度", "longitude", "lng", "lon")),
    Target("territory", "Territory", None, ("片区", "区域", "销售区域", "网格", "territory", "area")),
    Target(
        "owner", "Sales rep", None, ("业务员", "负责人", "销售代表", "客户经理", "owner", "rep", "sales rep")
    ),
    Target("notes", "Notes", None, ("备注", "说明", "notes", "note", "remarks")),
    Target(
        "contact_name",
        "Contact name",
        _len(CONTACT, "name"),
        ("联系人", "联系人姓名", "姓名", "contact", "contact name"),
    ),
    Target(
        "contact_title",
        "Contact title",
        _len(CONTACT, "title"),
        ("联系人职务", "职务", "职位", "title", "position", "contact title"),
    ),
    Target("contact_phone", "Contact phone", _len(CONTACT, "phone"), ("联系人电话", "contact phone")),
    Target(
        "contact_mobile",
        "Contact mobile",
        _len(CONTACT, "mobile"),
        ("联系人手机", "手机", "手机号", "手机号码", "移动电话", "mobile", "cell", "contact mobile"),
    ),
    Target("contact_email", "Contact email", _len(CONTACT, "email"), ("联系人邮箱", "contact email")),
    Target(
        "contact_im",
        "WeChat / QQ",
        _len(CONTACT, "im_id"),
        ("微信", "微信号", "微信 / QQ", "qq", "wechat", "im"),
    ),
    Target("contact_role", "Decision role", None, ("决策角色", "角色", "decision role", "role")),
)
TARGET_KEYS = tuple(t.key for t in TARGETS)
BY_KEY = {t.key: t for t in TARGETS}
CONTACT_KEYS = tuple(k for k in TARGET_KEYS if k.startswith("contact_"))

CUSTOMER_TYPES = {
    CustomerType.ORGANISATION: (
        "organisation",
        "organization",
        "company",
        "企业",
        "公司",
        "单位",
        "机构",
        "org",
    ),
    CustomerType.HOUSEHOLD: ("household", "family", "家庭", "户"),
    CustomerType.INDIVIDUAL: ("individual", "person", "personal", "个人", "自然人"),
}
DECISION_ROLES = {
    DecisionRole.DECISION_MAKER: ("decision_maker", "decision maker", "最终决策者", "决策者"),
    DecisionRole.INFLUENCER: ("influencer", "影响者"),
    DecisionRole.IMPLEMENTER: ("implementer", "执行者"),
    DecisionRole.NEGOTIATOR: ("negotiator", "谈判者"),
    DecisionRole.USER: ("user", "使用者"),
}


def _fold(text: str) -> str:
    return re.sub(r"[\s_:：*（）()]+", " ", unicodedata.normalize("NFKC", text).casefold()).strip()


def suggest_mapping(headers: list[str]) -> dict[str, str | None]:
    """Column name → field key, guessed from common Chinese and English names (each field once)."""
    exact = {_fold(a): t.key for t in TARGETS for a in (t.aliases + (t.key, t.label))}
    out: dict[str, str | None] = {}
    used: set[str] = set()
    for h in headers:
        key = exact.get(_fold(h))
        if key and key not in used:
            out[h] = key
            used.add(key)
        else:
            out[h] = None
    return out


# --------------------------------------------------------------------------- reading


@dataclass
class Table:
    headers: list[str]
    rows: list[tuple[int, list[str | None]]]  # (row number as the spreadsheet shows it, cells)
    sheets: list[str] = field(default_factory=list)
    sheet: str | None = None
    sha256: str = ""


def _cell(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:  # phone numbers and codes typed as numbers
            return str(int(value))
        return repr(value)
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    text = str(value).replace("\u3000", " ").strip()
    return text or None


def _unique_headers(cells: list[str | None]) -> list[str]:
    seen: Counter[str] = Counter()
    out = []
    for i, c in enumerate(cells, start=1):
        name = c or f"Column {i}"
        seen[name] += 1
        out.append(name if seen[name] == 1 else f"{name} ({seen[name]})")
    return out


def _rows_to_table(records, sha: str, sheets: list[str], sheet: str | None) -> Table:
    header: list[str] | None = None
    rows: list[tuple[int, list[str | None]]] = []
    for number, raw in records:
        cells = [_cell(v) for v in raw]
        if header is None:
            if any(cells):
                while cells and cells[-1] is None:
                    cells.pop()
                header = _unique_headers(cells)
            continue
        if not any(cells):
            continue
        if len(rows) >= MAX_ROWS:
            raise ImportFileError(f"The file has more than {MAX_ROWS} rows; split it into smaller files.")
        cells = (cells + [None] * len(header))[: max(len(header), len(cells))]
        rows.append((number, cells))
    if header is None:
        raise ImportFileError("The file is empty: the first row must hold the column names.")
    return Table(header, rows, sheets, sheet, sha)


def _decode(content: bytes) -> str:
    # Excel's "Unicode Text" and some CRM exports write UTF-16 with a byte-order mark; without
    # one, UTF-16 cannot be told from other bytes, so only the marked form is recognised.
    if content[:2] in (b"\xff\xfe", b"\xfe\xff"):
        try:
            return content.decode("utf-16")
        except UnicodeDecodeError:
            raise ImportFileError(
                "The file says it is UTF-16 but is damaged; save it again as CSV UTF-8 or as Excel (.xlsx)."
            ) from None
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ImportFileError(
        "The file's text encoding is not UTF-8, UTF-16 or GBK; save it as CSV UTF-8 or as Excel (.xlsx)."
    )


def read_table(filename: str, content: bytes, sheet: str | None = None) -> Table:
    """Parse a CSV or .xlsx file into column names and numbered rows."""
    if not content:
        raise ImportFileError("The file is empty.")
    if len(content) > MAX_BYTES:
        raise ImportFileError(
            f"The file is larger than {MAX_BYTES // (1024 * 1024)} MB; split it into smaller files."
        )
    sha = hashlib.sha256(content).hexdigest()
    name = (filename or "").lower()
    if name.endswith(".xls") or content[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise ImportFileError("Old Excel files (.xls) cannot be read; save the file as .xlsx or CSV.")
    if name.endswith((".xlsx", ".xlsm")) or content[:2] == b"PK":
        return _read_xlsx(content, sha, sheet)
    text = _decode(content)
    sample = text[:20000]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel
    try:
        reader = csv.reader(io.StringIO(text, newline=""), dialect)
        records = [(i, rec) for i, rec in enumerate(reader, start=1)]
    except csv.Error as exc:
        raise ImportFileError(f"The CSV file cannot be read: {exc}.") from None
    return _rows_to_table(records, sha, [], None)


def _read_xlsx(content: bytes, sha: str, sheet: str | None) -> Table:
    from openpyxl import load_workbook

    try:
        wb = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise ImportFileError(
            f"The Excel file cannot be read ({type(exc).__name__}); "
            "open it in Excel and save it again as .xlsx."
        ) from None
    try:
        names = list(wb.sheetnames)
        if sheet is not None and sheet not in names:
            raise ImportFileError(f"The workbook has no sheet named {sheet!r}; it has {', '.join(names)}.")
        ws = wb[sheet] if sheet else wb[names[0]]
        first = ws.min_row or 1
        records = ((first + i, row) for i, row in enumerate(ws.iter_rows(values_only=True)))
        return _rows_to_table(records, sha, names, ws.title)
    finally:
        wb.close()


# --------------------------------------------------------------------------- analysing


@dataclass
class Issue:
    """One problem of one row: ``code`` for programs (the desktop words it), ``message`` for people."""

    row: int | None
    field: str | None
    code: str
    message: str

    def as_dict(self) -> dict:
        return {"row": self.row, "field": self.field, "code": self.code, "message": self.message}


@dataclass
class Duplicate:
    kind: str  # "existing" (a customer on the server) or "file" (an earlier row)
    reasons: tuple[str, ...]  # "name" and/or "phone"
    name: str
    code: str | None = None
    row: int | None = None

    def as_dict(self) -> dict:
        return {
            "kind": self.kind,
            "reasons": list(self.reasons),
            "name": self.name,
            "code": self.code,
            "row": self.row,
        }


@dataclass
class RowResult:
    row: int
    status: str  # new | contact | duplicate | error
    values: dict[str, Any]  # cleaned values by field key
    errors: list[Issue] = field(default_factory=list)
    duplicates: list[Duplicate] = field(default_factory=list)
    customer_ref: str | None = None  # contact rows: the existing customer's code or "row N"
    territory_id: str | None = None
    owner_id: str | None = None
    existing_customer_id: str | None = None
    parent_row: int | None = None

    @property
    def preselected(self) -> bool:
        return self.status in ("new", "contact")


@dataclass
class Analysis:
    table: Table
    mapping: dict[str, str | None]
    rows: list[RowResult]
    problems: list[Issue]  # about the mapping or the whole file

    def counts(self) -> dict[str, int]:
        c = Counter(r.status for r in self.rows)
        return {s: c.get(s, 0) for s in ("new", "contact", "duplicate", "error")} | {"rows": len(self.rows)}

    def by_row(self) -> dict[int, RowResult]:
        return {r.row: r for r in self.rows}


def check_mapping(headers: list[str], mapping: dict[str, str | None]) -> list[Issue]:
    problems = []
    unknown_cols = [h for h in mapping if h not in headers]
    if unknown_cols:
        problems.append(Issue(None, None, "unknown_column", f"The file has no column {unknown_cols[0]!r}."))
    bad = [k for k in mapping.values() if k and k not in BY_KEY]
    if bad:
        problems.append(
            Issue(
                None,
                bad[0],
                "unknown_field",
                f"{bad[0]!r} is not a field that can be imported; use one of {', '.join(TARGET_KEYS)}.",
            )
        )
    twice = [k for k, n in Counter(k for k in mapping.values() if k).items() if n > 1]
    if twice:
        problems.append(
            Issue(
                None,
                twice[0],
                "mapped_twice",
                f"Two columns are mapped to {BY_KEY[twice[0]].label}; map each field from one column.",
            )
        )
    mapped = {k for k in mapping.values() if k}
    if "name" not in mapped and "code" not in mapped:
        problems.append(
            Issue(
                None,
                "name",
                "name_not_mapped",
                "Map a column to Customer name (or to Customer code, to add contacts to existing customers).",
            )
        )
    return problems


class _Lookups:
    """What rows are checked against: the tree, the reps, the existing customers."""

    def __init__(self, session: Session):
        t, u, c = TABLES["territory"], TABLES["user"], TABLES["customer"]
        self.session = session
        self.nodes: dict[str, Any] = {}
        for r in session.execute(select(t.c.id, t.c.code, t.c.name, t.c.kind).where(~t.c.deleted)).mappings():
            self.nodes[r["code"].casefold()] = r
            self.nodes.setdefault(r["name"].casefold(), r)
        self.users: dict[str, Any] = {}
        for r in session.execute(
            select(u.c.id, u.c.username, u.c.display_name, u.c.role, u.c.active).where(~u.c.deleted)
        ).mappings():
            self.users[r["username"].casefold()] = r
            self.users.setdefault(r["display_name"].casefold(), r)
        self.codes: dict[str, Any] = {}
        self.by_name: dict[str, list[dict]] = defaultdict(list)
        self.by_phone: dict[str, list[dict]] = defaultdict(list)
        for r in session.execute(
            select(c.c.id, c.c.code, c.c.name, c.c.phone).where(~c.c.deleted)
        ).mappings():
            self.codes[r["code"].casefold()] = r
            self._index(dict(r))
        self._covering: dict[str, list[str]] = {}

    def _index(self, record: dict) -> None:
        key = normalise_company_name(record.get("name"))
        if key:
            self.by_name[key].append(record)
        phone = _phone_key(record.get("phone"))
        if phone:
            self.by_phone[phone].append(record)

    def candidates(self, name: str | None, phone: str | None) -> list[dict]:
        found = {}
        for r in self.by_name.get(normalise_company_name(name), []) + self.by_phone.get(
            _phone_key(phone) or "", []
        ):
            found[id(r)] = r
        return list(found.values())

    def rep_for(self, node_id: str) -> str | None:
        if node_id not in self._covering:
            self._covering[node_id] = reps_covering(self.session, node_id)
        reps = self._covering[node_id]
        return reps[0] if len(reps) == 1 else None


def _phone_key(value: str | None) -> str | None:
    n = normalise_phone(value)
    return None if n is None else n.split(";ext=", 1)[0]


def _choice(value: str, table: dict) -> Any | None:
    folded = _fold(value)
    for member, words in table.items():
        if folded in {_fold(w) for w in words} or folded == _fold(member.value):
            return member
    return None


def _chosen(row: int, key: str, value: str, table: dict, errors: list[Issue], refusal: str) -> str | None:
    """The stored value of the choice ``value`` names in ``table``; an unknown one is an
    ``invalid_choice`` issue of the row (saying ``refusal``) and leaves the field empty."""
    member = _choice(value, table)
    if member is None:
        errors.append(Issue(row, key, "invalid_choice", refusal))
        return None
    return member.value


def _coordinate(value: str, low: int, high: int, label: str, row: int, key: str, errors: list[Issue]):
    try:
        d = Decimal(value.replace(",", "."))
        if not d.is_finite():
            raise InvalidOperation
    except InvalidOperation:
        errors.append(Issue(row, key, "invalid_number", f"{label} “{value}” is not a number."))
        return None
    if not low <= d <= high:
        errors.append(
            Issue(row, key, "out_of_range", f"{label} must be between {low} and {high} (got {value}).")
        )
        return None
    return d.quantize(Decimal("0.000001"), rounding=ROUND_HALF_UP)


def analyse(
    session: Session,
    table: Table,
    mapping: dict[str, str | None] | None = None,
    default_territory: str | None = None,
) -> Analysis:
    """Validate and classify every row (see the module docstring); writes nothing."""
    mapping = dict(mapping) if mapping is not None else suggest_mapping(table.headers)
    for h in table.headers:
        mapping.setdefault(h, None)
    problems = check_mapping(table.headers, mapping)
    lk = _Lookups(session)
    default_node = None
    if default_territory:
        default_node = lk.nodes.get(default_territory.casefold())
        if default_node is None:
            problems.append(
                Issue(
                    None, "territory", "unknown_territory", f"No territory with code {default_territory!r}."
                )
            )
        elif default_node["kind"] == NodeKind.REGION.value:
            problems.append(
                Issue(
                    None,
                    "territory",
                    "region_not_allowed",
                    f"{default_territory} is a region; customers go into a territory or grid cell.",
                )
            )
            default_node = None
    if problems:
        return Analysis(table, mapping, [], problems)
    columns = {key: table.headers.index(h) for h, key in mapping.items() if key}
    file_codes: dict[str, int] = {}  # code → first row that creates it
    file_names: dict[str, list[tuple[int, str]]] = defaultdict(list)
    file_phones: dict[str, list[tuple[int, str]]] = defaultdict(list)
    results: list[RowResult] = []
    for number, cells in table.rows:
        values = {key: cells[i] if i < len(cells) else None for key, i in columns.items()}
        results.append(_analyse_row(number, values, lk, default_node, file_codes, file_names, file_phones))
    return Analysis(table, mapping, results, [])


def _analyse_row(
    row: int,
    values: dict[str, Any],
    lk: _Lookups,
    default_node,
    file_codes: dict[str, int],
    file_names,
    file_phones,
) -> RowResult:
    errors: list[Issue] = []
    out: dict[str, Any] = {}

    def text(key: str) -> str | None:
        v = values.get(key)
        if v is None:
            return None
        t = BY_KEY[key]
        if t.max_length and len(v) > t.max_length:
            errors.append(
                Issue(
                    row,
                    key,
                    "too_long",
                    f"{t.label} must be at most {t.max_length} characters (it has {len(v)}).",
                )
            )
        return v

    code = text("code")
    has_contact = any(values.get(k) for k in CONTACT_KEYS)
    # A further contact of an existing customer, or of an earlier row's customer.
    if code and (code.casefold() in lk.codes or code.casefold() in file_codes):
        existing = lk.codes.get(code.casefold())
        result = RowResult(row, "contact", out, errors)
        if not has_contact:
            if existing is not None:
                errors.append(
                    Issue(
                        row,
                        "code",
                        "code_exists",
                        f"A customer with code {code} already exists (“{existing['name']}”); "
                        "give the row another code, or contact columns to add a contact to it.",
                    )
                )
            else:
                errors.append(
                    Issue(
                        row,
                        "code",
                        "code_twice",
                        f"Code {code} is already used by row {file_codes[code.casefold()]} of this file.",
                    )
                )
        if existing is not None:
            result.existing_customer_id, result.customer_ref = existing["id"], existing["code"]
        else:
            result.parent_row = file_codes[code.casefold()]
            result.customer_ref = f"row {result.parent_row}"
        out["code"] = code
        _contact(row, values, out, errors, text)
        result.status = "error" if errors else "contact"
        return result

    result = RowResult(row, "new", out, errors)
    name = text("name")
    if not name:
        errors.append(Issue(row, "name", "required", "Customer name is required."))
    out["code"], out["name"] = code, name
    ctype = values.get("customer_type")
    if ctype:
        out["customer_type"] = _chosen(
            row,
            "customer_type",
            ctype,
            CUSTOMER_TYPES,
            errors,
            f"Customer type “{ctype}” is not organisation (企业), household (家庭) or individual (个人).",
        )
    else:
        out["customer_type"] = CustomerType.ORGANISATION.value
    for key in ("industry", "address", "city", "website", "notes"):
        out[key] = text(key)
    _phones_and_email(row, out, errors, text, (("phone", "Phone"), ("fax", "Fax")), "email", "")
    for key, low, high, label in (("latitude", -90, 90, "Latitude"), ("longitude", -180, 180, "Longitude")):
        v = values.get(key)
        out[key] = _coordinate(v, low, high, label, row, key, errors) if v else None

    node = default_node
    territory = values.get("territory")
    if territory:
        node = lk.nodes.get(territory.casefold())
        if node is None:
            errors.append(Issue(row, "territory", "unknown_territory", f"No territory “{territory}”."))
        elif node["kind"] == NodeKind.REGION.value:
            errors.append(
                Issue(
                    row,
                    "territory",
                    "region_not_allowed",
                    f"{territory} is a region; customers go into a territory or grid cell.",
                )
            )
            node = None
    elif node is None:
        errors.append(
            Issue(
                row,
                "territory",
                "no_territory",
                "The row has no territory: fill the Territory column or choose a territory for the import.",
            )
        )
    if node is not None:
        result.territory_id = node["id"]
        out["territory"] = node["code"]
    owner = values.get("owner")
    if owner:
        user = lk.users.get(owner.casefold())
        if user is None:
            errors.append(Issue(row, "owner", "unknown_user", f"No user “{owner}”."))
        elif user["role"] != Role.REP.value or not user["active"]:
            errors.append(Issue(row, "owner", "not_a_rep", f"{owner} is not an active sales rep."))
        else:
            result.owner_id = user["id"]
            out["owner"] = user["username"]
    elif node is not None:
        result.owner_id = lk.rep_for(node["id"])
    _contact(row, values, out, errors, text)

    # Likely duplicates: an existing customer, or an earlier row of this file.
    phone_key = _phone_key(out.get("phone"))
    if name or phone_key:
        candidates = lk.candidates(name, out.get("phone"))
        code_of = {r["id"]: r["code"] for r in candidates}
        for cand in likely_duplicates(name, out.get("phone"), candidates):
            result.duplicates.append(
                Duplicate("existing", cand.reasons, cand.name, code_of.get(cand.customer_id))
            )
        earlier: dict[int, tuple[set[str], str]] = {}
        for reason, hits in (
            ("name", file_names.get(normalise_company_name(name), []) if name else []),
            ("phone", file_phones.get(phone_key, []) if phone_key else []),
        ):
            for other, other_name in hits:
                earlier.setdefault(other, (set(), other_name))[0].add(reason)
        for other, (reasons, other_name) in sorted(earlier.items()):
            ordered = tuple(r for r in ("phone", "name") if r in reasons)
            result.duplicates.append(Duplicate("file", ordered, other_name, None, other))
    if not errors:
        if code:
            file_codes[code.casefold()] = row
        if name:
            key = normalise_company_name(name)
            if key:
                file_names[key].append((row, name))
        if phone_key:
            file_phones[phone_key].append((row, name or ""))
    result.status = "error" if errors else "duplicate" if result.duplicates else "new"
    return result


def _phones_and_email(
    row: int,
    out: dict[str, Any],
    errors: list[Issue],
    text,
    phones: tuple[tuple[str, str], ...],
    email_key: str,
    email_prefix: str,
) -> None:
    """Copy the phone numbers and the email address into ``out``, each checked: a malformed
    one is an issue of the row (its message starts with the column's label)."""
    for key, label in phones:
        v = text(key)
        problem = validate_phone(v)
        if problem:
            errors.append(Issue(row, key, "invalid_phone", f"{label}: {problem}"))
        out[key] = v
    email = text(email_key)
    problem = validate_email(email)
    if problem:
        errors.append(Issue(row, email_key, "invalid_email", f"{email_prefix}{problem}"))
    out[email_key] = email


def _contact(row: int, values: dict[str, Any], out: dict[str, Any], errors: list[Issue], text) -> None:
    if not any(values.get(k) for k in CONTACT_KEYS):
        return
    name = text("contact_name")
    if not name:
        errors.append(
            Issue(
                row,
                "contact_name",
                "contact_name_required",
                "Contact name is required when contact details are given.",
            )
        )
    out["contact_name"] = name
    out["contact_title"] = text("contact_title")
    out["contact_im"] = text("contact_im")
    phones = (("contact_phone", "Contact phone"), ("contact_mobile", "Contact mobile"))
    _phones_and_email(row, out, errors, text, phones, "contact_email", "Contact email: ")
    role = values.get("contact_role")
    if role:
        out["contact_role"] = _chosen(
            row,
            "contact_role",
            role,
            DECISION_ROLES,
            errors,
            f"Decision role “{role}” is not one of 最终决策者, 影响者, 执行者, 谈判者, 使用者.",
        )


# --------------------------------------------------------------------------- committing


@dataclass
class Report:
    seq: int | None
    customers: int
    contacts: int
    duplicates_confirmed: int
    skipped: list[int]  # rows not confirmed
    problems: list[Issue]  # rows not imported, and why (errors of unconfirmed rows)
    customer_codes: dict[int, str] = field(default_factory=dict)  # row → code of the new customer

    def as_dict(self) -> dict:
        return {
            "seq": self.seq,
            "customers": self.customers,
            "contacts": self.contacts,
            "duplicates_confirmed": self.duplicates_confirmed,
            "skipped": self.skipped,
            "problems": [p.as_dict() for p in self.problems],
            "customer_codes": {str(k): v for k, v in self.customer_codes.items()},
        }


def _next_codes(session: Session, count: int, taken: set[str]) -> list[str]:
    c = TABLES["customer"]
    top = 0
    for code in session.scalars(select(c.c.code).where(c.c.code.like("C%"))):
        if code[1:].isdigit():
            top = max(top, int(code[1:]))
    out = []
    while len(out) < count:
        top += 1
        code = f"C{top:06d}"
        if code.casefold() not in taken:
            out.append(code)
    return out


def commit(
    session: Session, analysis: Analysis, confirmed: set[int], by: str | None, *, dry_run: bool = False
) -> Report:
    """Store the confirmed rows, all or nothing; raise :class:`ImportRefused` listing every problem."""
    if analysis.problems:
        raise ImportRefused(
            "The column mapping needs fixing before anything can be imported.", analysis.problems
        )
    rows = analysis.by_row()
    problems: list[Issue] = []
    unknown = sorted(n for n in confirmed if n not in rows)
    if unknown:
        problems.extend(
            Issue(n, None, "no_such_row", f"Row {n} is not a data row of the file.") for n in unknown
        )
    chosen = [rows[n] for n in sorted(confirmed) if n in rows]
    for r in chosen:
        problems.extend(r.errors)
        if r.status == "contact" and r.parent_row is not None and r.parent_row not in confirmed:
            problems.append(
                Issue(
                    r.row,
                    "code",
                    "parent_not_imported",
                    f"Row {r.row} adds a contact to the customer of row {r.parent_row}, "
                    "which is not being imported.",
                )
            )
    if problems:
        raise ImportRefused(
            f"{len({p.row for p in problems})} of the confirmed rows cannot be imported; nothing was stored.",
            problems,
        )
    new_rows = [r for r in chosen if r.status in ("new", "duplicate")]
    contact_rows = [r for r in chosen if r.status == "contact"]
    skipped = sorted(n for n in rows if n not in confirmed)
    skipped_problems = [i for n in skipped for i in rows[n].errors]
    report = Report(
        None, len(new_rows), 0, sum(1 for r in new_rows if r.status == "duplicate"), skipped, skipped_problems
    )
    taken = {r.values["code"].casefold() for r in new_rows if r.values.get("code")}
    generated = iter(_next_codes(session, sum(1 for r in new_rows if not r.values.get("code")), taken))
    stamp = now()
    customers, contacts = [], []
    id_of_row: dict[int, str] = {}
    for r in new_rows:
        v = r.values
        cid = new_id()
        id_of_row[r.row] = cid
        code = v.get("code") or next(generated)
        report.customer_codes[r.row] = code
        customers.append(
            {
                "id": cid,
                "code": code,
                "name": v["name"],
                "customer_type": v["customer_type"],
                "industry": v.get("industry"),
                "address": v.get("address"),
                "city": v.get("city"),
                "phone": v.get("phone"),
                "fax": v.get("fax"),
                "email": v.get("email"),
                "website": v.get("website"),
                "latitude": v.get("latitude"),
                "longitude": v.get("longitude"),
                "territory_id": r.territory_id,
                "owner_id": r.owner_id,
                "notes": v.get("notes"),
                "lifecycle_stage": LifecycleStage.PROSPECT.value,
                "visit_grade": default_visit_grade(None).value,
                "key_account": False,
                "created_at": stamp,
            }
        )
        if v.get("contact_name"):
            contacts.append(_contact_row(cid, v, primary=True))
    for r in contact_rows:
        cid = r.existing_customer_id or id_of_row[r.parent_row]
        contacts.append(_contact_row(cid, r.values, primary=False))
    report.contacts = len(contacts)
    if dry_run or not (customers or contacts):
        return report
    seq = allocate_seq(session)
    insert_rows(session, CUSTOMER, customers, seq, by)
    insert_rows(session, CONTACT, contacts, seq, by)
    if customers:
        refresh_scope(session, seq)
    report.seq = seq
    return report


def _contact_row(customer_id: str, v: dict[str, Any], primary: bool) -> dict[str, Any]:
    return {
        "id": new_id(),
        "customer_id": customer_id,
        "name": v["contact_name"],
        "title": v.get("contact_title"),
        "phone": v.get("contact_phone"),
        "mobile": v.get("contact_mobile"),
        "email": v.get("contact_email"),
        "im_id": v.get("contact_im"),
        "is_primary": primary,
        "decision_role": v.get("contact_role"),
    }


def confirmable(analysis: Analysis, include_duplicates: bool = False) -> set[int]:
    """The rows an admin would confirm by default: new customers and contacts (and duplicates if asked)."""
    ok = {"new", "contact"} | ({"duplicate"} if include_duplicates else set())
    return {r.row for r in analysis.rows if r.status in ok}
