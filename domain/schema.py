"""Every synced entity, defined once.

This is the single source of the data model: the client's SQLite tables (``local_db``),
the server's tables (``server``) and the sync messages (``sync``) are all generated from
these declarations, so a field is never hand-copied between the three. It is plain data
(no SQL, no HTTP), which is why it may live in ``domain``.

Each field also declares how a concurrent edit of it is merged (docs/SYNC_CONTRACT.md, invariant 5)
and whether a rep may write it, so the merge and permission rules are read from here
instead of being scattered through the code.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum, StrEnum
from functools import cached_property

from domain import enums as E


class Kind(StrEnum):
    STR = "str"  # short text, bounded by max_length
    TEXT = "text"  # free text
    INT = "int"
    BOOL = "bool"
    DECIMAL = "decimal"  # exact decimal, money or rates; sent as a string
    DATE = "date"  # calendar date, ISO yyyy-mm-dd
    DATETIME = "datetime"  # instant, stored and sent in UTC
    REF = "ref"  # id of another entity's row (UUID string)
    ENUM = "enum"
    JSON = "json"  # small structured value (e.g. the visit checklist)


class Merge(StrEnum):
    """What happens when two sides changed the same field of the same row."""

    SERVER = "server"  # server-authoritative: the server's value stays
    LAST_WRITE = "last_write"  # last write in server arrival order wins (never client clocks)
    PERSON = "person"  # a person decides: the clash becomes a conflict


class Scope(StrEnum):
    """Who receives an entity's rows (docs/SYNC_CONTRACT.md, invariant 8)."""

    ORG = "org"  # the organisation's skeleton: everyone
    CATALOG = "catalog"  # products and prices: everyone
    CUSTOMER = "customer"  # a customer and everything hanging off it: whoever covers it
    USER = "user"  # belongs to a user: that user, their supervisor, admins


@dataclass(frozen=True)
class Field:
    name: str
    kind: Kind
    required: bool = False
    max_length: int | None = None
    enum: type[Enum] | None = None
    ref: str | None = None  # entity name for Kind.REF
    merge: Merge = Merge.LAST_WRITE
    rep_writable: bool = True  # False: only supervisors/admins (or server logic) set it
    # Set only by the server's own logic (classification and its overrides), never by a
    # pushed mutation, whatever the role: a pushed value would be overwritten by the next
    # run without a trace. See ``domain.write_rules`` and docs/ARCHITECTURE.md.
    server_written: bool = False
    scale: int = 2  # decimal places for Kind.DECIMAL
    index: bool = False
    unique: bool = False


@dataclass(frozen=True)
class Entity:
    name: str  # wire name, singular
    table: str
    scope: Scope
    fields: tuple[Field, ...]
    # For Scope.CUSTOMER entities other than the customer itself, rows carry customer_id so
    # scope filtering and eviction never need a join through intermediate parents.
    parent: str | None = None
    user_field: str | None = None  # for Scope.USER: the owning user's field
    label_field: str = "name"
    # Written only by the server's own endpoints (which validate the whole value), never
    # by a pushed mutation, whatever the role: see ``domain.write_rules``.
    server_written: bool = False

    def field(self, name: str) -> Field:
        try:
            return self._by_name[name]
        except KeyError:
            raise KeyError(f"{self.name} has no field {name!r}") from None

    @cached_property
    def _by_name(self) -> dict[str, Field]:
        # every pushed value is decoded by name: a lookup, not a walk through the fields
        return {f.name: f for f in self.fields}

    @cached_property
    def field_names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)

    @cached_property
    def field_name_set(self) -> frozenset[str]:
        return frozenset(self.field_names)


# Columns every synced row carries, on both sides, in addition to its own fields.
ID = "id"  # client-generated UUID (v7), never remapped by the server
VERSION = "version"  # server version of the row, incremented by every server write
DELETED = "deleted"  # tombstone
SYSTEM_COLUMNS = (ID, VERSION, DELETED)


def _f(name: str, kind: Kind, **kw) -> Field:
    return Field(name, kind, **kw)


def _s(name: str, n: int = 200, **kw) -> Field:
    return Field(name, Kind.STR, max_length=n, **kw)


def _t(name: str, **kw) -> Field:
    return Field(name, Kind.TEXT, **kw)


def _e(name: str, enum: type[Enum], **kw) -> Field:
    return Field(name, Kind.ENUM, enum=enum, max_length=32, **kw)


def _r(name: str, ref: str, **kw) -> Field:
    return Field(name, Kind.REF, ref=ref, index=True, **kw)


def _money(name: str, **kw) -> Field:
    kw.setdefault("merge", Merge.PERSON)
    return Field(name, Kind.DECIMAL, scale=2, **kw)


def _pct(name: str, **kw) -> Field:
    kw.setdefault("merge", Merge.PERSON)
    return Field(name, Kind.DECIMAL, scale=4, **kw)


_CUSTOMER_ID = _r("customer_id", "customer", required=True, merge=Merge.SERVER, rep_writable=False)

TERRITORY = Entity(
    "territory",
    "territories",
    Scope.ORG,
    (
        _s("code", 40, required=True, unique=True, merge=Merge.SERVER, rep_writable=False),
        _s("name", 120, required=True, merge=Merge.SERVER, rep_writable=False),
        _e("kind", E.NodeKind, required=True, merge=Merge.SERVER, rep_writable=False),
        _r("parent_id", "territory", merge=Merge.SERVER, rep_writable=False),
    ),
)

USER = Entity(
    "user",
    "users",
    Scope.ORG,
    (
        _s("username", 64, required=True, unique=True, merge=Merge.SERVER, rep_writable=False),
        _s("display_name", 120, required=True, merge=Merge.SERVER, rep_writable=False),
        _e("role", E.Role, required=True, merge=Merge.SERVER, rep_writable=False),
        _s("rep_code", 16, merge=Merge.SERVER, rep_writable=False),
        _r("region_id", "territory", merge=Merge.SERVER, rep_writable=False),
        _r("supervisor_id", "user", merge=Merge.SERVER, rep_writable=False),
        _s("phone", 40, merge=Merge.SERVER, rep_writable=False),
        _s("email", 200, merge=Merge.SERVER, rep_writable=False),
        _f("active", Kind.BOOL, merge=Merge.SERVER, rep_writable=False),
    ),
    label_field="display_name",
)

ASSIGNMENT = Entity(
    "assignment",
    "assignments",
    Scope.USER,
    (
        # Exactly one of territory_id / customer_id is set: a territory (or, for a supervisor,
        # a region) or a single customer assigned to a user.
        _r("user_id", "user", required=True, merge=Merge.SERVER, rep_writable=False),
        _r("territory_id", "territory", merge=Merge.SERVER, rep_writable=False),
        _r("customer_id", "customer", merge=Merge.SERVER, rep_writable=False),
    ),
    user_field="user_id",
    label_field="user_id",
)

CUSTOMER = Entity(
    "customer",
    "customers",
    Scope.CUSTOMER,
    (
        _s("code", 40, required=True, unique=True, merge=Merge.SERVER),
        _s("name", 200, required=True, index=True),
        _e("customer_type", E.CustomerType, required=True),
        _s("industry", 80),
        _s("address", 300),
        _s("city", 80),
        _s("phone", 40),
        _s("fax", 40),
        _s("email", 200),
        _s("website", 200),
        _f("latitude", Kind.DECIMAL, scale=6),
        _f("longitude", Kind.DECIMAL, scale=6),
        _r("territory_id", "territory", required=True, merge=Merge.SERVER, rep_writable=False),
        _r("owner_id", "user", merge=Merge.SERVER, rep_writable=False),
        # Classifications and the credit policy: computed by the server's classification
        # (server/classify.py); a supervisor or admin fixes one with an override and a
        # reason (/classification/overrides), which every later run keeps. Never pushed.
        _e("tier", E.ValueTier, merge=Merge.SERVER, rep_writable=False, server_written=True),
        _e("lifecycle_stage", E.LifecycleStage, merge=Merge.SERVER, rep_writable=False, server_written=True),
        _e("sales_stage", E.SalesStage),
        _e("visit_grade", E.VisitGrade, merge=Merge.SERVER, rep_writable=False, server_written=True),
        _e("credit_grade", E.CreditGrade, merge=Merge.SERVER, rep_writable=False, server_written=True),
        _f("credit_score", Kind.INT, merge=Merge.SERVER, rep_writable=False, server_written=True),
        _f("churn_risk", Kind.DECIMAL, scale=4, merge=Merge.SERVER, rep_writable=False, server_written=True),
        _t("override_reason", merge=Merge.SERVER, rep_writable=False, server_written=True),
        _f("key_account", Kind.BOOL, merge=Merge.SERVER, rep_writable=False),
        _r("account_manager_id", "user", merge=Merge.SERVER, rep_writable=False),
        # The grade's credit policy sets these (docs/DOMAIN.md, Credit rating).
        _money("credit_limit", merge=Merge.SERVER, rep_writable=False, server_written=True),
        _f("payment_terms_days", Kind.INT, merge=Merge.SERVER, rep_writable=False, server_written=True),
        # Business situation (经营动向)
        _t("product_mix"),
        _t("sales_situation"),
        _t("financial_status", merge=Merge.PERSON),
        _t("credit_status", merge=Merge.PERSON),
        _t("main_competitors"),
        _t("strategic_plans"),
        _t("key_needs"),
        _t("surface_needs"),
        _t("future_needs"),
        _t("notes"),
        _f("created_at", Kind.DATETIME, merge=Merge.SERVER),
    ),
)

CONTACT = Entity(
    "contact",
    "contacts",
    Scope.CUSTOMER,
    (
        _CUSTOMER_ID,
        _s("name", 120, required=True),
        _s("title", 120),
        _s("phone", 40),
        _s("mobile", 40),
        _s("email", 200),
        _s("im_id", 80),
        _f("is_primary", Kind.BOOL),
        _e("decision_role", E.DecisionRole),
        _e("stance", E.Stance),
        _f("birthday", Kind.DATE),
        _t("personal_notes"),  # sensitive: the owner's chain only
    ),
    parent="customer",
)

PRODUCT = Entity(
    "product",
    "products",
    Scope.CATALOG,
    (
        _s("sku", 40, required=True, unique=True, merge=Merge.SERVER, rep_writable=False),
        _s("name", 200, required=True, merge=Merge.SERVER, rep_writable=False),
        _s("unit", 20, required=True, merge=Merge.SERVER, rep_writable=False),
        _s("category", 80, required=True, merge=Merge.SERVER, rep_writable=False),
        _money("list_price", required=True, rep_writable=False),
        _pct("tax_rate", required=True, rep_writable=False),
        _t("description", merge=Merge.SERVER, rep_writable=False),
        _f("active", Kind.BOOL, merge=Merge.SERVER, rep_writable=False),
    ),
)

PRICE_LIST = Entity(
    "price_list",
    "price_lists",
    Scope.CATALOG,
    (
        _s("name", 120, required=True, merge=Merge.SERVER, rep_writable=False),
        _e("tier", E.ValueTier, merge=Merge.SERVER, rep_writable=False),
        _s("currency", 3, required=True, merge=Merge.SERVER, rep_writable=False),
        _f("valid_from", Kind.DATE, merge=Merge.SERVER, rep_writable=False),
        _f("valid_to", Kind.DATE, merge=Merge.SERVER, rep_writable=False),
        _f("active", Kind.BOOL, merge=Merge.SERVER, rep_writable=False),
    ),
)

PRICE_LIST_ITEM = Entity(
    "price_list_item",
    "price_list_items",
    Scope.CATALOG,
    (
        _r("price_list_id", "price_list", required=True, merge=Merge.SERVER, rep_writable=False),
        _r("product_id", "product", required=True, merge=Merge.SERVER, rep_writable=False),
        _f("min_quantity", Kind.DECIMAL, scale=3, required=True, merge=Merge.SERVER, rep_writable=False),
        _money("unit_price", required=True, rep_writable=False),
    ),
    label_field="product_id",
)

VISIT = Entity(
    "visit",
    "visits",
    Scope.CUSTOMER,
    (
        _CUSTOMER_ID,
        _r("rep_id", "user", required=True, merge=Merge.SERVER, rep_writable=False),
        _r("contact_id", "contact"),
        _e("status", E.VisitStatus, required=True, merge=Merge.PERSON),
        _f("planned_at", Kind.DATETIME),
        _f("check_in_at", Kind.DATETIME),
        _f("check_out_at", Kind.DATETIME),
        _f("server_received_at", Kind.DATETIME, merge=Merge.SERVER, rep_writable=False),
        _f("latitude", Kind.DECIMAL, scale=6),
        _f("longitude", Kind.DECIMAL, scale=6),
        _e("location_source", E.LocationSource),
        _f("location_accuracy_m", Kind.DECIMAL, scale=1),
        _e("purpose", E.VisitPurpose),
        _e("channel", E.VisitChannel),
        _f("checklist", Kind.JSON),
        _e("outcome", E.VisitOutcome),
        _money("order_amount"),
        _money("cash_collected"),
        _money("visit_cost"),
        _t("competitor_notes"),
        _t("notes"),
        _t("next_step"),
        _f("next_visit_date", Kind.DATE),
        # Why a visit shorter than the organisation's "too short" threshold was checked out
        # anyway (the rep confirms at check-out; the supervisor reads it when reviewing).
        _t("short_reason"),
        _t("review_comment", merge=Merge.PERSON, rep_writable=False),
        _r("reviewed_by", "user", merge=Merge.SERVER, rep_writable=False),
        _f("reviewed_at", Kind.DATETIME, merge=Merge.SERVER, rep_writable=False),
    ),
    parent="customer",
    label_field="planned_at",
)

QUOTE = Entity(
    "quote",
    "quotes",
    Scope.CUSTOMER,
    (
        _CUSTOMER_ID,
        _r("rep_id", "user", required=True, merge=Merge.SERVER, rep_writable=False),
        _r("contact_id", "contact"),
        _s("number", 40, required=True, unique=True, merge=Merge.SERVER),
        _e("status", E.QuoteStatus, required=True, merge=Merge.PERSON),
        _s("currency", 3, required=True),
        _f("issue_date", Kind.DATE, required=True),
        _f("valid_until", Kind.DATE),
        _pct("header_discount_pct"),
        _money("subtotal"),
        _money("tax_total"),
        _money("total"),
        _t("approval_comment", merge=Merge.PERSON, rep_writable=False),
        _r("approved_by", "user", merge=Merge.SERVER, rep_writable=False),
        _f("approved_at", Kind.DATETIME, merge=Merge.SERVER, rep_writable=False),
        _r("revision_of_id", "quote"),
        _f("revision", Kind.INT),
        _f("sent_at", Kind.DATETIME),
        _f("decided_at", Kind.DATETIME),
        _t("notes"),
    ),
    parent="customer",
    label_field="number",
)

QUOTE_LINE = Entity(
    "quote_line",
    "quote_lines",
    Scope.CUSTOMER,
    (
        _CUSTOMER_ID,
        _r("quote_id", "quote", required=True, merge=Merge.SERVER),
        _f("line_no", Kind.INT, required=True),
        _r("product_id", "product"),
        _t("description"),
        _f("quantity", Kind.DECIMAL, scale=3, required=True, merge=Merge.PERSON),
        _money("unit_price", required=True),
        _pct("discount_pct"),
        _pct("tax_rate", required=True),
        _money("line_subtotal"),
        _money("line_tax"),
        _money("line_total"),
    ),
    parent="customer",
    label_field="description",
)

COMPLAINT = Entity(
    "complaint",
    "complaints",
    Scope.CUSTOMER,
    (
        _CUSTOMER_ID,
        _r("contact_id", "contact"),
        _r("visit_id", "visit"),
        _r("owner_id", "user", required=True, merge=Merge.SERVER),
        _r("recorded_by", "user", required=True, merge=Merge.SERVER, rep_writable=False),
        _f("recorded_at", Kind.DATETIME, required=True, merge=Merge.SERVER),
        _e("channel", E.ComplaintChannel, required=True),
        _e("category", E.ComplaintCategory, required=True),
        _e("severity", E.Severity, required=True, merge=Merge.PERSON),
        _t("description", required=True),
        _e("status", E.ComplaintStatus, required=True, merge=Merge.PERSON),
        _t("root_cause"),
        _t("resolution"),
        _e("remedy", E.Remedy),
        _money("compensation_amount"),
        _f("first_response_due", Kind.DATETIME, merge=Merge.SERVER),
        _f("resolution_due", Kind.DATETIME, merge=Merge.SERVER),
        _f("first_responded_at", Kind.DATETIME),
        _f("resolved_at", Kind.DATETIME),
        _f("closed_at", Kind.DATETIME),
        _f("satisfaction", Kind.INT),
        _f("expectation_score", Kind.INT),
        _f("perceived_score", Kind.INT),
        _t("reopen_reason"),
        _e("escalation_level", E.EscalationLevel, merge=Merge.SERVER, rep_writable=False),
        _f("escalated_at", Kind.DATETIME, merge=Merge.SERVER, rep_writable=False),
        _f("sla_breached", Kind.BOOL, merge=Merge.SERVER, rep_writable=False),
    ),
    parent="customer",
    label_field="description",
)

RECEIVABLE = Entity(
    "receivable",
    "receivables",
    Scope.CUSTOMER,
    (
        _CUSTOMER_ID,
        _r("quote_id", "quote", merge=Merge.SERVER, rep_writable=False),
        _s("reference", 60, merge=Merge.SERVER, rep_writable=False),
        _money("amount", required=True, rep_writable=False),
        _f("issued_on", Kind.DATE, required=True, merge=Merge.SERVER, rep_writable=False),
        _f("due_date", Kind.DATE, required=True, merge=Merge.SERVER, rep_writable=False),
        _money("paid_amount", rep_writable=False),
        _e("status", E.ReceivableStatus, required=True, merge=Merge.SERVER, rep_writable=False),
    ),
    parent="customer",
    label_field="reference",
)

PAYMENT = Entity(
    "payment",
    "payments",
    Scope.CUSTOMER,
    (
        _CUSTOMER_ID,
        _r("receivable_id", "receivable"),
        _r("rep_id", "user", merge=Merge.SERVER, rep_writable=False),
        _money("amount", required=True),
        _f("paid_on", Kind.DATE, required=True, merge=Merge.PERSON),
        _e("method", E.PaymentMethod, required=True),
        _s("reference", 60),
    ),
    parent="customer",
    label_field="reference",
)

SALES_TARGET = Entity(
    "sales_target",
    "sales_targets",
    Scope.USER,
    (
        _r("user_id", "user", required=True, merge=Merge.SERVER, rep_writable=False),
        _s("month", 7, required=True, merge=Merge.SERVER, rep_writable=False),  # YYYY-MM
        _money("amount", required=True, rep_writable=False),
    ),
    user_field="user_id",
    label_field="month",
)

ORG_SETTING = Entity(
    # Organisation-wide settings the laptops need offline (complaint SLA policy, visit-review
    # thresholds, the company profile on printed quotes): one row per key, the value JSON
    # as read and validated by the owning rule module (``domain.org_settings``). An admin
    # changes them through ``/settings/*`` on the server; a reset to the defaults deletes
    # the row (a tombstone), and laptops fall back to the defaults in ``domain``.
    "org_setting",
    "org_settings",
    Scope.ORG,
    (
        _s("key", 64, required=True, unique=True, merge=Merge.SERVER, rep_writable=False),
        _f("value", Kind.JSON, required=True, merge=Merge.SERVER, rep_writable=False),
    ),
    label_field="key",
    server_written=True,
)

ATTACHMENT = Entity(
    # A photo or file on a visit, complaint, quote or customer: the metadata syncs like any
    # row, in the scope of the parent's customer; the bytes travel separately, addressed by
    # ``sha256`` (server/blobs.py, docs/ARCHITECTURE.md "Attachments"). What describes the
    # file is fixed when it is attached (domain.write_rules); only the caption changes.
    "attachment",
    "attachments",
    Scope.CUSTOMER,
    (
        _CUSTOMER_ID,
        _e("parent_type", E.AttachmentParent, required=True, merge=Merge.SERVER, rep_writable=False),
        # Not a REF: the parent is one of several tables (checked by domain.write_rules).
        _s("parent_id", 36, required=True, index=True, merge=Merge.SERVER, rep_writable=False),
        _s("sha256", 64, required=True, index=True, merge=Merge.SERVER, rep_writable=False),
        _f("size_bytes", Kind.INT, required=True, merge=Merge.SERVER, rep_writable=False),
        _s("mime_type", 100, required=True, merge=Merge.SERVER, rep_writable=False),
        _s("file_name", 255, required=True, merge=Merge.SERVER, rep_writable=False),
        _t("caption"),
        _r("created_by", "user", required=True, merge=Merge.SERVER, rep_writable=False),
        _f("created_at", Kind.DATETIME, required=True, merge=Merge.SERVER, rep_writable=False),
        _f("captured_at", Kind.DATETIME, merge=Merge.SERVER, rep_writable=False),  # photos: EXIF time
        _f("latitude", Kind.DECIMAL, scale=6, merge=Merge.SERVER, rep_writable=False),
        _f("longitude", Kind.DECIMAL, scale=6, merge=Merge.SERVER, rep_writable=False),
        # Set by the server when the bytes with this hash are complete on it (never pushed):
        # until then other laptops show the file as "not yet uploaded".
        _f("uploaded_at", Kind.DATETIME, merge=Merge.SERVER, rep_writable=False, server_written=True),
        # Evidence (domain/evidence.py): set by the server together with ``uploaded_at``, once,
        # when the same bytes were attached to another record first. ``duplicate_of`` is that
        # attachment's id; ``duplicate_context`` describes its record (kind, id, customer and
        # its name, date), because the reader may not see it: the server sees every territory.
        _s("duplicate_of", 36, merge=Merge.SERVER, rep_writable=False, server_written=True),
        _f("duplicate_context", Kind.JSON, merge=Merge.SERVER, rep_writable=False, server_written=True),
    ),
    parent="customer",
    label_field="file_name",
)

# Dependency order: a row's references point only to entities earlier in this tuple (or to
# itself), so applying a pull page in this order never breaks a foreign key. New entities
# go at the end: a pull cursor names its position by index into this tuple, so appending
# keeps cursors issued before an upgrade valid.
ENTITIES: tuple[Entity, ...] = (
    TERRITORY,
    USER,
    PRODUCT,
    PRICE_LIST,
    PRICE_LIST_ITEM,
    CUSTOMER,
    ASSIGNMENT,
    CONTACT,
    VISIT,
    QUOTE,
    QUOTE_LINE,
    COMPLAINT,
    RECEIVABLE,
    PAYMENT,
    SALES_TARGET,
    ORG_SETTING,
    ATTACHMENT,
)

BY_NAME: dict[str, Entity] = {e.name: e for e in ENTITIES}


def entity(name: str) -> Entity:
    try:
        return BY_NAME[name]
    except KeyError:
        raise KeyError(f"unknown entity {name!r}") from None
