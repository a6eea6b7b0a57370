"""Administration over HTTP: users, the territory tree, assignments, customer moves and
who has synced them (admins only).

Every call is one transaction: it either happens entirely or not at all, and it is
committed before the answer is sent (``commit``), so an answer of success means the
change is stored. Changes of coverage answer with a receipt (:class:`CoverageOut`): the
change's feed number and who gains or loses customers; ``GET /admin/sync-status`` then
says which of those users' laptops have not yet pulled it.
"""

from __future__ import annotations

from contextlib import contextmanager
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Query
from pydantic import Field
from sqlalchemy import func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from domain.enums import NodeKind, Role, ValueTier
from domain.errors import DomainError
from server import devices, org
from server.api.deps import DbSession, check_versions, current_user
from server.api.errors import ApiError
from server.audit import audit
from server.auth import CurrentUser
from server.store.tables import TABLES
from sync.contract import Strict


def admin_user(user: CurrentUser = Depends(current_user)) -> CurrentUser:
    if user.role != Role.ADMIN.value:
        raise ApiError(403, "admin_only", "Only an administrator can do this.")
    return user


#: A route's signed-in administrator.
Admin = Annotated[CurrentUser, Depends(admin_user)]

router = APIRouter(
    prefix="/admin", tags=["admin"], dependencies=[Depends(check_versions), Depends(admin_user)]
)


# --------------------------------------------------------------------------- shared helpers


@contextmanager
def refusals(not_found_status: int = 404):
    """Turn the refusals of the organisation and domain rules into readable 4xx answers."""
    try:
        yield
    except org.NotFound as exc:
        raise ApiError(
            not_found_status, "not_found" if not_found_status == 404 else "invalid_request", str(exc)
        ) from None
    except org.OrgError as exc:
        raise ApiError(400, "invalid_request", str(exc)) from None
    except DomainError as exc:
        raise ApiError(400, exc.code, exc.message) from None
    except IntegrityError:
        raise ApiError(
            409,
            "conflict",
            "The change clashes with data saved meanwhile (a code or name that must "
            "be unique is already used). Reload and try again.",
        ) from None


def commit(session: Session) -> None:
    """Commit now, so the answer is only sent once the change is stored."""
    with refusals():
        session.commit()


def commit_audited(session: Session, by: str, action: str, detail: str | None) -> None:
    """Record ``action`` by ``by`` in the audit log, then :func:`commit` it with the change."""
    audit(session, by, action, detail)
    commit(session)


class Username(Strict):
    username: str = Field(min_length=1, max_length=64)


class AffectedUser(Strict):
    username: str
    display_name: str
    added: int
    removed: int


class CoverageOut(Strict):
    """A change of coverage: reaches the affected laptops at their next sync."""

    seq: int = Field(description="feed number of the change; compare with GET /admin/sync-status")
    moved: int = 0
    users: list[AffectedUser] = []


def coverage_out(session: Session, receipt: org.Coverage) -> CoverageOut:
    names = org.usernames(session, receipt.changes)
    users = [
        AffectedUser(username=names[uid][0], display_name=names[uid][1], added=a, removed=r)
        for uid, (a, r) in receipt.changes.items()
        if uid in names
    ]
    users.sort(key=lambda u: u.username)
    return CoverageOut(seq=receipt.seq, moved=receipt.moved, users=users)


def committed_coverage(
    session: Session, admin: CurrentUser, receipt: org.Coverage, action: str, detail: str
) -> CoverageOut:
    """Audit a change of coverage, read who it affects, then commit: the answer of every such route."""
    audit(session, admin.id, action, detail)
    out = coverage_out(session, receipt)
    commit(session)
    return out


# --------------------------------------------------------------------------- legacy assignment calls


class AssignRequest(Strict):
    username: str = Field(min_length=1, max_length=64)
    territory: str = Field(min_length=1, max_length=40, description="territory or region code")


class AssignResponse(Strict):
    added: int
    removed: int


def _assignment(body: AssignRequest, admin: CurrentUser, session: Session, *, undo: bool) -> AssignResponse:
    change, action, arrow = (org.unassign, "unassign", "-x-") if undo else (org.assign, "assign", "->")
    with refusals(400):
        added, removed = change(session, body.username, body.territory, admin.id)
    commit_audited(session, admin.id, action, f"{body.territory} {arrow} {body.username}")
    return AssignResponse(added=added, removed=removed)


@router.post("/assign", response_model=AssignResponse)
def assign(body: AssignRequest, admin: Admin, session: DbSession) -> AssignResponse:
    """Give a rep a territory (or a supervisor a region); reaches their laptop at the next sync."""
    return _assignment(body, admin, session, undo=False)


@router.post("/unassign", response_model=AssignResponse)
def unassign(body: AssignRequest, admin: Admin, session: DbSession) -> AssignResponse:
    return _assignment(body, admin, session, undo=True)


# --------------------------------------------------------------------------- the territory tree


class Assignee(Strict):
    username: str
    display_name: str
    role: Role
    pending: bool = Field(description="their laptop has not yet pulled the last change of their coverage")


class NodeOut(Strict):
    id: str
    code: str
    name: str
    kind: NodeKind
    parent_id: str | None
    customers: int = Field(description="customers placed directly in this node")
    assignees: list[Assignee]


class TreeOut(Strict):
    seq: int
    nodes: list[NodeOut]


class NodeCreate(Strict):
    code: str = Field(min_length=1, max_length=40)
    name: str = Field(min_length=1, max_length=120)
    kind: NodeKind
    parent: str | None = Field(default=None, max_length=40, description="code of the parent node")


class NodeCreated(Strict):
    id: str
    seq: int


class NodeUpdate(Strict):
    code: str | None = Field(default=None, min_length=1, max_length=40)
    name: str | None = Field(default=None, min_length=1, max_length=120)
    parent: str | None = Field(
        default=None,
        max_length=40,
        description="move under this node (code or id); give null to move a region to the top",
    )


class Transfer(Strict):
    from_username: str = Field(min_length=1, max_length=64)
    to_username: str = Field(min_length=1, max_length=64)


@router.get("/territories", response_model=TreeOut)
def territories(session: DbSession) -> TreeOut:
    """The whole tree: regions, territories, grid cells, with customer counts and who is assigned."""
    t, c, a, u = TABLES["territory"], TABLES["customer"], TABLES["assignment"], TABLES["user"]
    counts = dict(
        session.execute(
            select(c.c.territory_id, func.count()).where(~c.c.deleted).group_by(c.c.territory_id)
        ).all()
    )
    pending = {s.user_id: s.pending for s in org.sync_status(session)}
    people: dict[str, list[Assignee]] = {}
    for tid, uid, name, display, role in session.execute(
        select(a.c.territory_id, u.c.id, u.c.username, u.c.display_name, u.c.role)
        .join(u, u.c.id == a.c.user_id)
        .where(~a.c.deleted, a.c.territory_id.is_not(None), ~u.c.deleted)
        .order_by(u.c.username)
    ):
        people.setdefault(tid, []).append(
            Assignee(username=name, display_name=display, role=role, pending=pending.get(uid, False))
        )
    nodes = [
        NodeOut(
            id=r.id,
            code=r.code,
            name=r.name,
            kind=r.kind,
            parent_id=r.parent_id,
            customers=counts.get(r.id, 0),
            assignees=people.get(r.id, []),
        )
        for r in session.execute(select(t).where(~t.c.deleted).order_by(t.c.code))
    ]
    return TreeOut(seq=org.current_seq(session), nodes=nodes)


@router.post("/territories", response_model=NodeCreated, status_code=201)
def create_node(body: NodeCreate, admin: Admin, session: DbSession) -> NodeCreated:
    """Create a region, a territory (under a region) or a grid cell (under a territory)."""
    with refusals(400):
        seq = org.allocate_seq(session)
        nid = org.add_node(session, body.code, body.name, body.kind, body.parent, admin.id, seq)
        session.flush()
    commit_audited(session, admin.id, "create_node", f"{body.kind.value} {body.code}")
    return NodeCreated(id=nid, seq=seq)


@router.delete("/territories/{node}", status_code=204)
def delete_node(node: str, admin: Admin, session: DbSession) -> None:
    """Remove an empty node (no nodes below, no customers, nobody assigned)."""
    with refusals():
        org.delete_node(session, node, admin.id)
    commit_audited(session, admin.id, "delete_node", node)


# --------------------------------------------------------------------------- customers


class CustomerOut(Strict):
    id: str
    code: str
    name: str
    city: str | None
    phone: str | None
    territory_code: str | None
    owner: str | None
    tier: ValueTier | None
    override_reason: str | None


class CustomerPage(Strict):
    total: int
    rows: list[CustomerOut]


class CustomerKeys(Strict):
    customers: list[str] = Field(min_length=1, max_length=20000, description="customer ids or codes")


class MoveCustomers(CustomerKeys):
    territory: str = Field(min_length=1, max_length=40, description="code of the territory or grid cell")


class AssignCustomers(CustomerKeys):
    username: str = Field(min_length=1, max_length=64)


@router.get("/customers", response_model=CustomerPage)
def customers(
    session: DbSession,
    territory: str | None = Query(
        default=None, max_length=40, description="code of a node; its sub-nodes are included"
    ),
    q: str | None = Query(default=None, max_length=100, description="part of the name, code or phone"),
    limit: int = Query(default=200, ge=1, le=5000),
    offset: int = Query(default=0, ge=0),
) -> CustomerPage:
    c, t, u = TABLES["customer"], TABLES["territory"], TABLES["user"]
    where = [~c.c.deleted]
    if territory:
        with refusals():
            node = org.find_territory(session, territory)
        below = org.territory_descendants(session).get(node["id"], {node["id"]})
        where.append(c.c.territory_id.in_(list(below)))
    if q:
        like = f"%{q.strip()}%"
        where.append(or_(c.c.name.like(like), c.c.code.like(like), c.c.phone.like(like)))
    total = session.scalar(select(func.count()).select_from(c).where(*where))
    rows = session.execute(
        select(
            c.c.id,
            c.c.code,
            c.c.name,
            c.c.city,
            c.c.phone,
            t.c.code.label("territory_code"),
            u.c.username.label("owner"),
            c.c.tier,
            c.c.override_reason,
        )
        .select_from(c.outerjoin(t, t.c.id == c.c.territory_id).outerjoin(u, u.c.id == c.c.owner_id))
        .where(*where)
        .order_by(c.c.code)
        .limit(limit)
        .offset(offset)
    ).mappings()
    return CustomerPage(total=total, rows=[CustomerOut(**r) for r in rows])


def _update_node(session: Session, body: NodeUpdate, node: str, by: str) -> org.Coverage:
    receipt = org.update_node(
        session,
        node,
        code=body.code,
        name=body.name,
        parent_code=body.parent,
        move="parent" in body.model_fields_set,
        by=by,
    )
    session.flush()
    return receipt


def _path_node(node: str) -> str:
    return node


def _no_node() -> None:
    return None


def _coverage_route(method, path, name, body, change, action, detail, description=None) -> None:
    """Register a route that changes who sees which customers: ``change(session, body, node,
    admin_id)`` makes the change (its refusals become 4xx) and gives the receipt, audited as
    ``action`` with ``detail(body, receipt, node)`` and answered once committed."""

    def handler(
        body,
        admin: Admin,
        session: DbSession,
        node: str | None = Depends(_path_node if "{node}" in path else _no_node),
    ) -> CoverageOut:
        with refusals():
            receipt = change(session, body, node, admin.id)
        return committed_coverage(session, admin, receipt, action, detail(body, receipt, node))

    handler.__annotations__["body"] = body  # each route's own request model
    router.add_api_route(
        path, handler, methods=[method], response_model=CoverageOut, name=name, description=description
    )


# method, path, route name, request model, the change, audit action and detail, description
for _route in (
    (
        "PATCH",
        "/territories/{node}",
        "update_node",
        NodeUpdate,
        _update_node,
        "update_node",
        lambda b, _r, node: f"{node}: {b.model_dump(exclude_unset=True)}",
        "Rename a node (name, code) or move it under another parent (give ``parent``).",
    ),
    (
        "POST",
        "/territories/{node}/assign",
        "assign_node",
        Username,
        lambda s, b, node, by: org.assign_node(s, b.username, node, by),
        "assign",
        lambda b, _r, node: f"{node} -> {b.username}",
        "Assign the node to a rep (territory, grid cell) or a supervisor (region).",
    ),
    (
        "POST",
        "/territories/{node}/unassign",
        "unassign_node",
        Username,
        lambda s, b, node, by: org.unassign_node(s, b.username, node, by),
        "unassign",
        lambda b, _r, node: f"{node} -x- {b.username}",
    ),
    (
        "POST",
        "/territories/{node}/transfer",
        "transfer_node",
        Transfer,
        lambda s, b, node, by: org.transfer_node(s, node, b.from_username, b.to_username, by),
        "transfer",
        lambda b, _r, node: f"{node}: {b.from_username} -> {b.to_username}",
        "Move the node from one rep to another in one change; its customers' ownership moves along.",
    ),
    (
        "POST",
        "/customers/move",
        "move_customers",
        MoveCustomers,
        lambda s, b, _node, by: org.move_customers(s, b.customers, b.territory, by),
        "move_customers",
        lambda b, r, _node: f"{r.moved} -> {b.territory}",
        "Move customers (with their history) to another territory or grid cell.",
    ),
    (
        "POST",
        "/customers/assign",
        "assign_customers",
        AssignCustomers,
        lambda s, b, _node, by: org.assign_customers(s, b.username, b.customers, by),
        "assign_customers",
        lambda b, r, _node: f"{r.moved} -> {b.username}",
        "Assign single customers to a rep, outside their territories (e.g. key accounts).",
    ),
    (
        "POST",
        "/customers/unassign",
        "unassign_customers",
        AssignCustomers,
        lambda s, b, _node, by: org.unassign_customers(s, b.username, b.customers, by),
        "unassign_customers",
        lambda b, r, _node: f"{r.moved} -x- {b.username}",
    ),
):
    _coverage_route(*_route)


# --------------------------------------------------------------------------- who has synced


class UserSyncOut(Strict):
    username: str
    display_name: str
    role: Role
    active: bool
    pulled_seq: int | None
    last_pull_at: datetime | None
    coverage_seq: int | None
    pending: bool


class SyncStatusOut(Strict):
    current_seq: int
    seq: int | None
    users: list[UserSyncOut]


@router.get("/sync-status", response_model=SyncStatusOut)
def sync_status(
    session: DbSession,
    seq: int | None = Query(
        default=None,
        ge=0,
        description="a change's feed number; without it each user's last change of coverage",
    ),
    users: str | None = Query(default=None, max_length=4000, description="usernames, comma-separated"),
) -> SyncStatusOut:
    """Which reps' and supervisors' laptops have not yet pulled a change (``pending``)."""
    ids = None
    if users:
        names = [n.strip() for n in users.split(",") if n.strip()]
        u = TABLES["user"]
        ids = list(session.scalars(select(u.c.id).where(u.c.username.in_(names))))
    states = org.sync_status(session, seq, ids)
    return SyncStatusOut(
        current_seq=org.current_seq(session),
        seq=seq,
        users=[UserSyncOut.model_validate(s, from_attributes=True) for s in states],
    )


# --------------------------------------------------------------------------- users


class CreateUserRequest(Strict):
    username: str = Field(min_length=2, max_length=64, pattern=r"^[A-Za-z0-9._-]+$")
    password: str = Field(min_length=8, max_length=256)
    role: Role
    display_name: str | None = Field(default=None, max_length=120)
    rep_code: str | None = Field(default=None, max_length=16)
    region: str | None = Field(default=None, max_length=40)
    supervisor: str | None = Field(default=None, max_length=64)
    phone: str | None = Field(default=None, max_length=40)
    email: str | None = Field(default=None, max_length=200)


class UpdateUserRequest(Strict):
    display_name: str | None = Field(default=None, min_length=1, max_length=120)
    role: Role | None = None
    rep_code: str | None = Field(default=None, max_length=16)
    region: str | None = Field(default=None, max_length=40, description="region code; null clears it")
    supervisor: str | None = Field(default=None, max_length=64, description="username; null clears it")
    phone: str | None = Field(default=None, max_length=40)
    email: str | None = Field(default=None, max_length=200)


class UserCreated(Strict):
    id: str
    username: str


class PasswordReset(Strict):
    password: str = Field(min_length=8, max_length=256)


class UserOut(Strict):
    id: str
    username: str
    display_name: str
    role: Role
    active: bool
    rep_code: str | None = None
    region: str | None = None
    supervisor: str | None = None
    phone: str | None = None
    email: str | None = None
    last_pull_at: datetime | None = None
    pending: bool = False


def _check_contact(phone: str | None, email: str | None) -> None:
    from domain.validation import validate_email, validate_phone

    problem = validate_phone(phone) or validate_email(email)
    if problem:
        raise ApiError(400, "invalid_request", problem)


@router.post("/users", response_model=UserCreated, status_code=201)
def create_user(body: CreateUserRequest, admin: Admin, session: DbSession) -> UserCreated:
    _check_contact(body.phone, body.email)
    with refusals(400):
        region_id = org.find_territory(session, body.region)["id"] if body.region else None
        supervisor_id = org.find_user(session, body.supervisor)["id"] if body.supervisor else None
        uid = org.create_user(
            session,
            body.username,
            body.password,
            body.role,
            display_name=body.display_name,
            rep_code=body.rep_code,
            region_id=region_id,
            supervisor_id=supervisor_id,
            phone=body.phone,
            email=body.email,
            by=admin.id,
        )
        session.flush()
    commit_audited(session, admin.id, "create_user", body.username)
    return UserCreated(id=uid, username=body.username)


@router.patch("/users/{username}", response_model=CoverageOut)
def update_user(username: str, body: UpdateUserRequest, admin: Admin, session: DbSession) -> CoverageOut:
    """Change a user's details or role (a role change signs them out everywhere)."""
    given = body.model_fields_set
    if "role" in given and body.role is None:
        raise ApiError(400, "invalid_request", "role: give one of rep, supervisor, admin.")
    if "display_name" in given and body.display_name is None:
        raise ApiError(400, "invalid_request", "display_name: cannot be empty.")
    if username == admin.username and "role" in given and body.role != Role.ADMIN:
        raise ApiError(400, "invalid_request", "You cannot take away your own administrator role.")
    _check_contact(body.phone, body.email)
    changes = {
        k: getattr(body, k) for k in ("display_name", "role", "rep_code", "phone", "email") if k in given
    }
    with refusals():
        if "region" in given:
            changes["region_id"] = org.find_territory(session, body.region)["id"] if body.region else None
        if "supervisor" in given:
            changes["supervisor_id"] = (
                org.find_user(session, body.supervisor)["id"] if body.supervisor else None
            )
        receipt = org.update_user(session, username, changes, admin.id)
        session.flush()
    return committed_coverage(session, admin, receipt, "update_user", f"{username}: {sorted(given)}")


@router.post("/users/{username}/deactivate", status_code=204)
def deactivate(username: str, admin: Admin, session: DbSession) -> None:
    """The user can no longer log in; their next sync wipes their laptop's copy."""
    if username == admin.username:
        raise ApiError(400, "invalid_request", "You cannot deactivate your own account.")
    with refusals(400):
        org.deactivate(session, username, admin.id)
    commit_audited(session, admin.id, "deactivate", username)


@router.post("/users/{username}/activate", status_code=204)
def activate(username: str, admin: Admin, session: DbSession) -> None:
    with refusals():
        org.activate(session, username, admin.id)
    commit_audited(session, admin.id, "activate", username)


@router.post("/users/{username}/password", status_code=204)
def reset_password(username: str, body: PasswordReset, admin: Admin, session: DbSession) -> None:
    """Set a new password; the user's sessions end (they log in again with it)."""
    with refusals(400):
        org.set_password(session, username, body.password)
    commit_audited(session, admin.id, "reset_password", username)


@router.get("/users", response_model=list[UserOut])
def list_users(session: DbSession) -> list[UserOut]:
    users, t = TABLES["user"], TABLES["territory"]
    sup = users.alias("sup")
    status = {s.user_id: s for s in org.sync_status(session)}
    rows = session.execute(
        select(
            users.c.id,
            users.c.username,
            users.c.display_name,
            users.c.role,
            users.c.active,
            users.c.rep_code,
            t.c.code.label("region"),
            sup.c.username.label("supervisor"),
            users.c.phone,
            users.c.email,
        )
        .select_from(
            users.outerjoin(t, t.c.id == users.c.region_id).outerjoin(sup, sup.c.id == users.c.supervisor_id)
        )
        .where(~users.c.deleted)
        .order_by(users.c.username)
    ).mappings()
    out = []
    for r in rows:
        s = status.get(r["id"])
        out.append(
            UserOut(**r, last_pull_at=s.last_pull_at if s else None, pending=s.pending if s else False)
        )
    return out


# ================================================================= devices


class DeviceOut(Strict):
    client_id: str
    username: str
    device_name: str
    os: str | None
    app_version: str | None
    first_seen_at: datetime
    last_sync_at: datetime = Field(description="last push, pull with data, login or token refresh")
    last_ip: str | None
    revoked_at: datetime | None
    wiped_at: datetime | None = Field(description="when the revoked laptop was told to wipe itself")
    status: str = Field(description="active | revoked (not yet heard from) | wiped")


@router.get("/devices", response_model=list[DeviceOut])
def list_devices(
    session: DbSession,
    user: str | None = Query(default=None, max_length=64, description="only this user's laptops"),
) -> list[DeviceOut]:
    """Every laptop that signed in, newest contact first per user."""
    return [DeviceOut(**d, status=devices.status(d)) for d in devices.listing(session, user)]


@router.post("/devices/{client_id}/revoke", response_model=DeviceOut)
def revoke_device(client_id: str, admin: Admin, session: DbSession) -> DeviceOut:
    """At its next contact the laptop sends its queued changes, then wipes its local copy and key."""
    device = devices.revoke(session, client_id, admin.id)
    if device is None:
        raise ApiError(404, "not_found", "There is no such device.")
    audit(session, admin.id, "revoke_device", client_id)
    session.flush()
    (row,) = [d for d in devices.listing(session) if d["client_id"] == client_id]
    out = DeviceOut(**row, status=devices.status(row))
    commit(session)
    return out
