"""The product catalog, price lists (per customer tier, with volume breaks) and the reps'
monthly sales targets, over HTTP (admins only).

Every change goes through ``server.store.changes`` with one feed number per request, so
it reaches every laptop (catalog) or the rep and their supervisor (targets) at the next
sync. Products and price lists are never deleted — old quotes point at them — they are
made inactive; a price list's items (its volume breaks) are replaced as a whole.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal

from fastapi import APIRouter, Depends, Query
from pydantic import Field, model_validator
from sqlalchemy import select
from sqlalchemy.orm import Session

from domain.enums import Role, ValueTier
from domain.schema import PRICE_LIST, PRICE_LIST_ITEM, PRODUCT, SALES_TARGET, Entity
from server import org
from server.api.admin_routes import Admin, admin_user, commit, commit_audited, refusals
from server.api.deps import DbSession, check_versions
from server.api.errors import ApiError
from server.audit import audit
from server.auth import CurrentUser
from server.store.changes import allocate_seq, insert_rows, update_row
from server.store.tables import TABLES
from sync.contract import Strict, new_id

router = APIRouter(
    prefix="/admin",
    tags=["admin: catalog and targets"],
    dependencies=[Depends(check_versions), Depends(admin_user)],
)

# --------------------------------------------------------------------------- products


class ProductFields(Strict):
    sku: str | None = Field(default=None, min_length=1, max_length=40)
    name: str | None = Field(default=None, min_length=1, max_length=200)
    unit: str | None = Field(default=None, min_length=1, max_length=20)
    category: str | None = Field(default=None, min_length=1, max_length=80)
    list_price: Decimal | None = Field(default=None, ge=0, max_digits=16, decimal_places=2)
    tax_rate: Decimal | None = Field(
        default=None, ge=0, le=100, max_digits=8, decimal_places=4, description="percent: 13 means 13 %"
    )
    description: str | None = Field(default=None, max_length=2000)
    active: bool | None = None


class ProductIn(ProductFields):
    sku: str = Field(min_length=1, max_length=40)
    name: str = Field(min_length=1, max_length=200)
    unit: str = Field(min_length=1, max_length=20)
    category: str = Field(min_length=1, max_length=80)
    list_price: Decimal = Field(ge=0, max_digits=16, decimal_places=2)
    tax_rate: Decimal = Field(ge=0, le=100, max_digits=8, decimal_places=4)
    active: bool = True


class ProductOut(Strict):
    id: str
    sku: str
    name: str
    unit: str
    category: str
    list_price: Decimal
    tax_rate: Decimal
    description: str | None
    active: bool


class Created(Strict):
    id: str
    seq: int


class Saved(Strict):
    seq: int
    changed: int = 0


def _blank(value: str | None, label: str) -> None:
    if value is not None and not value.strip():
        raise ApiError(400, "invalid_request", f"{label}: cannot be blank.")


def _not_emptied(values: dict, names: tuple[str, ...]) -> None:
    """A PATCH may leave a field out, never set one of ``names`` to null."""
    for name in names:
        if name in values and values[name] is None:
            raise ApiError(400, "invalid_request", f"{name}: cannot be empty.")


def _save_changes(
    session: Session, admin: CurrentUser, entity: Entity, row, values: dict, action: str, label: str
) -> Saved:
    """Write the fields of ``values`` that differ from ``row`` as one change (audited), and commit."""
    values = {k: v for k, v in values.items() if row[k] != v}
    seq = allocate_seq(session)
    if values:
        with refusals():
            update_row(session, entity, row["id"], values, seq, admin.id)
            session.flush()
        audit(session, admin.id, action, f"{label}: {sorted(values)}")
    commit(session)
    return Saved(seq=seq, changed=len(values))


def _product(session: Session, key: str):
    p = TABLES["product"]
    row = (
        session.execute(select(p).where((p.c.id == key) | (p.c.sku == key), ~p.c.deleted)).mappings().first()
    )
    if row is None:
        raise ApiError(404, "not_found", f"No product with id or SKU {key!r}.")
    return row


def _sku_free(session: Session, sku: str, exclude: str | None = None) -> None:
    p = TABLES["product"]
    q = select(p.c.id).where(p.c.sku == sku)
    if exclude:
        q = q.where(p.c.id != exclude)
    if session.execute(q).first():
        raise ApiError(409, "conflict", f"The SKU {sku!r} is already used by another product.")


def _create(session: Session, admin: CurrentUser, entity, values: dict, action: str, detail: str, then=None):
    """Insert one new row of ``entity`` under one feed number (``then(id, seq)`` adds what
    belongs to it in the same change), audit it and commit: the answer of every create."""
    seq = allocate_seq(session)
    row_id = new_id()
    with refusals():
        insert_rows(session, entity, [{"id": row_id, **values}], seq, admin.id)
        if then is not None:
            then(row_id, seq)
        session.flush()
    commit_audited(session, admin.id, action, detail)
    return Created(id=row_id, seq=seq)


@router.get("/catalog/products", response_model=list[ProductOut])
def products(session: DbSession, include_inactive: bool = True) -> list[ProductOut]:
    p = TABLES["product"]
    q = select(p).where(~p.c.deleted).order_by(p.c.category, p.c.sku)
    if not include_inactive:
        q = q.where(p.c.active.is_not(False))
    return [
        ProductOut(
            active=r["active"] is not False, **{k: r[k] for k in ProductOut.model_fields if k != "active"}
        )
        for r in session.execute(q).mappings()
    ]


@router.post("/catalog/products", response_model=Created, status_code=201)
def create_product(body: ProductIn, admin: Admin, session: DbSession) -> Created:
    for name in ("sku", "name", "unit", "category"):
        _blank(getattr(body, name), name)
    _sku_free(session, body.sku)
    return _create(session, admin, PRODUCT, body.model_dump(), "create_product", body.sku)


@router.patch("/catalog/products/{product}", response_model=Saved)
def update_product(product: str, body: ProductFields, admin: Admin, session: DbSession) -> Saved:
    row = _product(session, product)
    values = body.model_dump(exclude_unset=True)
    names = ("sku", "name", "unit", "category", "list_price", "tax_rate", "active")
    _not_emptied(values, names)
    for name in names:
        if isinstance(values.get(name), str):
            _blank(values[name], name)
    if "sku" in values:
        _sku_free(session, values["sku"], row["id"])
    return _save_changes(session, admin, PRODUCT, row, values, "update_product", row["sku"])


# --------------------------------------------------------------------------- price lists


class ItemIn(Strict):
    product: str = Field(min_length=1, max_length=40, description="product id or SKU")
    min_quantity: Decimal = Field(gt=0, max_digits=15, decimal_places=3)
    unit_price: Decimal = Field(ge=0, max_digits=16, decimal_places=2)


class ItemOut(Strict):
    id: str
    product_id: str
    sku: str
    product_name: str
    min_quantity: Decimal
    unit_price: Decimal


class PriceListFields(Strict):
    name: str | None = Field(default=None, min_length=1, max_length=120)
    tier: ValueTier | None = Field(default=None, description="the customer tier the list is for; null: any")
    currency: str | None = Field(default=None, pattern=r"^[A-Z]{3}$")
    valid_from: date | None = None
    valid_to: date | None = None
    active: bool | None = None

    @model_validator(mode="after")
    def _dates(self):
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise ValueError("valid_to must not be before valid_from")
        return self


class PriceListIn(PriceListFields):
    name: str = Field(min_length=1, max_length=120)
    currency: str = Field(default="CNY", pattern=r"^[A-Z]{3}$")
    active: bool = True
    items: list[ItemIn] = Field(default=[], max_length=20000)


class PriceListOut(Strict):
    id: str
    name: str
    tier: ValueTier | None
    currency: str
    valid_from: date | None
    valid_to: date | None
    active: bool
    items: list[ItemOut]


class ItemsIn(Strict):
    items: list[ItemIn] = Field(max_length=20000)


def _price_list(session: Session, key: str):
    pl = TABLES["price_list"]
    row = session.execute(select(pl).where(pl.c.id == key, ~pl.c.deleted)).mappings().first()
    if row is None:
        raise ApiError(404, "not_found", f"No price list with id {key!r}.")
    return row


def _resolve_items(session: Session, items: list[ItemIn]) -> list[dict]:
    """Items with product ids, checked: known products, no break twice, prices falling with quantity."""
    p = TABLES["product"]
    keys = {i.product for i in items}
    found: dict[str, str] = {}
    for pid, sku in session.execute(
        select(p.c.id, p.c.sku).where((p.c.id.in_(list(keys))) | (p.c.sku.in_(list(keys))), ~p.c.deleted)
    ):
        found[pid] = pid
        found[sku] = pid
    missing = sorted(keys - set(found))
    if missing:
        raise ApiError(400, "invalid_request", f"No product with id or SKU {', '.join(missing[:5])}.")
    by_product: dict[str, list[tuple[Decimal, Decimal, str]]] = defaultdict(list)
    out = []
    for item in items:
        pid = found[item.product]
        by_product[pid].append((item.min_quantity, item.unit_price, item.product))
        out.append({"product_id": pid, "min_quantity": item.min_quantity, "unit_price": item.unit_price})
    for breaks in by_product.values():
        breaks.sort()
        for (q1, p1, name), (q2, p2, _) in zip(breaks, breaks[1:], strict=False):
            if q1 == q2:
                raise ApiError(400, "invalid_request", f"{name}: the volume break from {q1} is given twice.")
            if p2 > p1:
                raise ApiError(
                    400,
                    "invalid_request",
                    f"{name}: the unit price from {q2} ({p2}) must not be higher than from {q1} ({p1}).",
                )
    return out


def _replace_items(session: Session, list_id: str, items: list[dict], seq: int, by: str) -> int:
    """Make the list's items exactly ``items``; unchanged breaks keep their rows. Returns rows written."""
    pli = TABLES["price_list_item"]
    current = {
        (r["product_id"], r["min_quantity"]): r
        for r in session.execute(select(pli).where(pli.c.price_list_id == list_id, ~pli.c.deleted)).mappings()
    }
    wanted = {(i["product_id"], i["min_quantity"]): i for i in items}
    written = 0
    for key, row in current.items():
        if key not in wanted:
            update_row(session, PRICE_LIST_ITEM, row["id"], {}, seq, by, deleted=True)
            written += 1
        elif row["unit_price"] != wanted[key]["unit_price"]:
            update_row(
                session, PRICE_LIST_ITEM, row["id"], {"unit_price": wanted[key]["unit_price"]}, seq, by
            )
            written += 1
    new = [{"id": new_id(), "price_list_id": list_id, **i} for k, i in wanted.items() if k not in current]
    insert_rows(session, PRICE_LIST_ITEM, new, seq, by)
    return written + len(new)


@router.get("/catalog/price-lists", response_model=list[PriceListOut])
def price_lists(session: DbSession) -> list[PriceListOut]:
    pl, pli, p = TABLES["price_list"], TABLES["price_list_item"], TABLES["product"]
    items: dict[str, list[ItemOut]] = defaultdict(list)
    for r in session.execute(
        select(
            pli.c.id,
            pli.c.price_list_id,
            pli.c.product_id,
            p.c.sku,
            p.c.name.label("product_name"),
            pli.c.min_quantity,
            pli.c.unit_price,
        )
        .join(p, p.c.id == pli.c.product_id)
        .where(~pli.c.deleted)
        .order_by(p.c.sku, pli.c.min_quantity)
    ).mappings():
        items[r["price_list_id"]].append(ItemOut(**{k: r[k] for k in ItemOut.model_fields}))
    return [
        PriceListOut(
            **{k: r[k] for k in PriceListOut.model_fields if k not in ("active", "items")},
            active=r["active"] is not False,
            items=items.get(r["id"], []),
        )
        for r in session.execute(select(pl).where(~pl.c.deleted).order_by(pl.c.name)).mappings()
    ]


@router.post("/catalog/price-lists", response_model=Created, status_code=201)
def create_price_list(body: PriceListIn, admin: Admin, session: DbSession) -> Created:
    _blank(body.name, "name")
    items = _resolve_items(session, body.items)
    return _create(
        session,
        admin,
        PRICE_LIST,
        body.model_dump(exclude={"items"}),
        "create_price_list",
        body.name,
        then=lambda lid, seq: _replace_items(session, lid, items, seq, admin.id),
    )


@router.patch("/catalog/price-lists/{price_list}", response_model=Saved)
def update_price_list(price_list: str, body: PriceListFields, admin: Admin, session: DbSession) -> Saved:
    row = _price_list(session, price_list)
    values = body.model_dump(exclude_unset=True)
    _not_emptied(values, ("name", "currency", "active"))
    _blank(values.get("name"), "name")
    start, end = values.get("valid_from", row["valid_from"]), values.get("valid_to", row["valid_to"])
    if start and end and end < start:
        raise ApiError(400, "invalid_request", "valid_to must not be before valid_from.")
    values = {k: (v.value if isinstance(v, ValueTier) else v) for k, v in values.items()}
    return _save_changes(session, admin, PRICE_LIST, row, values, "update_price_list", row["name"])


@router.put("/catalog/price-lists/{price_list}/items", response_model=Saved)
def replace_items(price_list: str, body: ItemsIn, admin: Admin, session: DbSession) -> Saved:
    """Replace the list's volume breaks with ``items`` (one change; unchanged breaks are kept)."""
    row = _price_list(session, price_list)
    items = _resolve_items(session, body.items)
    seq = allocate_seq(session)
    with refusals():
        written = _replace_items(session, row["id"], items, seq, admin.id)
        session.flush()
    commit_audited(session, admin.id, "replace_price_list_items", f"{row['name']}: {len(items)} items")
    return Saved(seq=seq, changed=written)


# --------------------------------------------------------------------------- targets


MONTH = r"^\d{4}-(0[1-9]|1[0-2])$"


class TargetIn(Strict):
    username: str = Field(min_length=1, max_length=64)
    month: str = Field(pattern=MONTH, description="YYYY-MM")
    amount: Decimal | None = Field(
        ge=0, max_digits=16, decimal_places=2, description="null removes the target"
    )


class TargetsIn(Strict):
    targets: list[TargetIn] = Field(min_length=1, max_length=5000)


class TargetOut(Strict):
    id: str
    username: str
    display_name: str
    month: str
    amount: Decimal


@router.get("/targets", response_model=list[TargetOut])
def targets(
    session: DbSession,
    year: int | None = Query(default=None, ge=2000, le=2100),
    username: str | None = Query(default=None, max_length=64),
) -> list[TargetOut]:
    st, u = TABLES["sales_target"], TABLES["user"]
    q = (
        select(st.c.id, u.c.username, u.c.display_name, st.c.month, st.c.amount)
        .join(u, u.c.id == st.c.user_id)
        .where(~st.c.deleted)
        .order_by(u.c.username, st.c.month)
    )
    if year:
        q = q.where(st.c.month.like(f"{year:04d}-%"))
    if username:
        q = q.where(u.c.username == username)
    return [TargetOut(**r) for r in session.execute(q).mappings()]


@router.put("/targets", response_model=Saved)
def set_targets(body: TargetsIn, admin: Admin, session: DbSession) -> Saved:
    """Set (or, with a null amount, remove) monthly targets; all of them or none."""
    st = TABLES["sales_target"]
    seen: set[tuple[str, str]] = set()
    resolved = []
    for i, t in enumerate(body.targets, start=1):
        if (t.username, t.month) in seen:
            raise ApiError(400, "invalid_request", f"targets[{i}]: {t.username} {t.month} is given twice.")
        seen.add((t.username, t.month))
        with refusals(400):
            user = org.find_user(session, t.username)
        if user["role"] != Role.REP.value:
            raise ApiError(
                400,
                "invalid_request",
                f"targets[{i}]: {t.username} is not a sales rep; targets are set per rep.",
            )
        resolved.append((user["id"], t))
    seq = allocate_seq(session)
    changed = 0
    for uid, t in resolved:
        row = session.execute(
            select(st.c.id, st.c.amount).where(st.c.user_id == uid, st.c.month == t.month, ~st.c.deleted)
        ).first()
        if row is None and t.amount is not None:
            insert_rows(
                session,
                SALES_TARGET,
                [{"id": new_id(), "user_id": uid, "month": t.month, "amount": t.amount}],
                seq,
                admin.id,
            )
            changed += 1
        elif row is not None and t.amount is None:
            update_row(session, SALES_TARGET, row.id, {}, seq, admin.id, deleted=True)
            changed += 1
        elif row is not None and row.amount != t.amount:
            update_row(session, SALES_TARGET, row.id, {"amount": t.amount}, seq, admin.id)
            changed += 1
    commit_audited(session, admin.id, "set_targets", f"{changed} changed")
    return Saved(seq=seq, changed=changed)
