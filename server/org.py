"""Organisation changes made by administrators (and the CLI): users, the territory tree,
assignments and customer moves.

Each function runs inside the caller's transaction and writes through
``server.store.changes`` with the transaction's feed number, so the change reaches
clients through the feed like any other write. Functions that change who covers which
customers call ``refresh_scope`` with that same number and return a :class:`Coverage`
receipt: the feed number of the change and, per affected user, how many customers they
gain and lose at their next sync. ``sync_status`` compares such a number with how far each
laptop has pulled (``UserSyncState``), which is how an administrator sees who has not yet
received a change.

Pass ``seq`` to make several changes one feed number (one transaction, one change);
without it each function takes its own.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from domain.enums import NodeKind, Role
from domain.schema import ASSIGNMENT, CUSTOMER, TERRITORY, USER
from server.auth import hash_password, revoke_all
from server.scope import refresh_scope, territory_descendants
from server.store.changes import allocate_seq, committed_seq, insert_rows, update_row
from server.store.tables import TABLES, UserScope, UserSyncState
from sync.contract import new_id

CODE_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$")
MIN_PASSWORD = 8

# Which kind of node may sit under which (region → territory → grid cell).
PARENT_KIND = {NodeKind.REGION: None, NodeKind.TERRITORY: NodeKind.REGION, NodeKind.GRID: NodeKind.TERRITORY}


class OrgError(ValueError):
    """A request that cannot be carried out, with a message for the administrator."""


class NotFound(OrgError):
    """The named user, node or customer does not exist."""


@dataclass
class Coverage:
    """What a change of coverage did: its feed number and each affected user's gains and losses."""

    seq: int
    changes: dict[str, tuple[int, int]] = field(default_factory=dict)  # user id → (added, removed)
    moved: int = 0  # customers moved or re-owned, when the change moves customers

    def of(self, user_id: str) -> tuple[int, int]:
        return self.changes.get(user_id, (0, 0))


def _seq(session: Session, seq: int | None) -> int:
    return seq if seq is not None else allocate_seq(session)


# --------------------------------------------------------------------------- look-ups


def find_user(session: Session, username: str):
    users = TABLES["user"]
    row = (
        session.execute(select(users).where(users.c.username == username, ~users.c.deleted))
        .mappings()
        .first()
    )
    if row is None:
        raise NotFound(f"No user named {username!r}.")
    return row


def find_territory(session: Session, code: str):
    """A territory-tree node by code (or by id)."""
    t = TABLES["territory"]
    row = (
        session.execute(select(t).where((t.c.code == code) | (t.c.id == code), ~t.c.deleted))
        .mappings()
        .first()
    )
    if row is None:
        raise NotFound(f"No territory or region with code {code!r}.")
    return row


def find_customers(session: Session, keys: Iterable[str]) -> list:
    """Customers by id or code, in the order given; unknown ones are an error naming them."""
    keys = list(dict.fromkeys(keys))
    c = TABLES["customer"]
    found: dict[str, object] = {}
    for i in range(0, len(keys), 500):
        chunk = keys[i : i + 500]
        for row in session.execute(
            select(c.c.id, c.c.code, c.c.name, c.c.territory_id, c.c.owner_id).where(
                (c.c.id.in_(chunk)) | (c.c.code.in_(chunk)), ~c.c.deleted
            )
        ).mappings():
            found[row["id"]] = row
            found[row["code"]] = row
    missing = [k for k in keys if k not in found]
    if missing:
        shown = ", ".join(missing[:5]) + (f" and {len(missing) - 5} more" if len(missing) > 5 else "")
        raise NotFound(f"No customer with id or code {shown}.")
    out, seen = [], set()
    for k in keys:
        row = found[k]
        if row["id"] not in seen:
            seen.add(row["id"])
            out.append(row)
    return out


def usernames(session: Session, user_ids: Iterable[str]) -> dict[str, tuple[str, str]]:
    """user id → (username, display name)."""
    ids = list(set(user_ids))
    if not ids:
        return {}
    users = TABLES["user"]
    return {
        uid: (name, display)
        for uid, name, display in session.execute(
            select(users.c.id, users.c.username, users.c.display_name).where(users.c.id.in_(ids))
        )
    }


# --------------------------------------------------------------------------- users


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise OrgError(f"The password must have at least {MIN_PASSWORD} characters.")


def create_user(
    session: Session,
    username: str,
    password: str,
    role: Role,
    *,
    display_name: str | None = None,
    rep_code: str | None = None,
    region_id: str | None = None,
    supervisor_id: str | None = None,
    phone: str | None = None,
    email: str | None = None,
    by: str | None = None,
    seq: int | None = None,
) -> str:
    users = TABLES["user"]
    if session.execute(select(users.c.id).where(users.c.username == username)).first():
        raise OrgError(f"A user named {username!r} already exists.")
    _check_password(password)
    seq = _seq(session, seq)
    uid = new_id()
    insert_rows(
        session,
        USER,
        [
            {
                "id": uid,
                "username": username,
                "display_name": display_name or username,
                "role": Role(role).value,
                "rep_code": rep_code,
                "region_id": region_id,
                "supervisor_id": supervisor_id,
                "phone": phone,
                "email": email,
                "active": True,
            }
        ],
        seq,
        by,
    )
    session.execute(users.update().where(users.c.id == uid).values(password_hash=hash_password(password)))
    return uid


USER_FIELDS = ("display_name", "role", "rep_code", "region_id", "supervisor_id", "phone", "email")


def update_user(
    session: Session, username: str, changes: dict, by: str | None = None, seq: int | None = None
) -> Coverage:
    """Change a user's details or role. A role change signs the user out everywhere (their
    next login brings the new role) and re-computes what they cover."""
    user = find_user(session, username)
    unknown = set(changes) - set(USER_FIELDS)
    if unknown:
        raise OrgError(f"Unknown user fields: {', '.join(sorted(unknown))}.")
    values = {k: v for k, v in changes.items() if user[k] != v}
    if "role" in values:
        values["role"] = Role(values["role"]).value
    if "display_name" in values and not (values["display_name"] or "").strip():
        raise OrgError("The display name cannot be empty.")
    if values.get("supervisor_id") == user["id"]:
        raise OrgError("A user cannot be their own supervisor.")
    seq = _seq(session, seq)
    receipt = Coverage(seq)
    if not values:
        return receipt
    update_row(session, USER, user["id"], values, seq, by)
    if "role" in values:
        revoke_all(session, user["id"])
        receipt.changes = refresh_scope(session, seq, [user["id"]])
    return receipt


def deactivate(session: Session, username: str, by: str | None = None) -> None:
    """The user can no longer log in; their next sync wipes their laptop's copy."""
    user = find_user(session, username)
    seq = allocate_seq(session)
    update_row(session, USER, user["id"], {"active": False}, seq, by)
    revoke_all(session, user["id"])


def activate(session: Session, username: str, by: str | None = None) -> None:
    user = find_user(session, username)
    if user["active"]:
        return
    seq = allocate_seq(session)
    update_row(session, USER, user["id"], {"active": True}, seq, by)
    users = TABLES["user"]
    session.execute(users.update().where(users.c.id == user["id"]).values(failed_logins=0, locked_until=None))


def set_password(session: Session, username: str, password: str) -> None:
    _check_password(password)
    user = find_user(session, username)
    users = TABLES["user"]
    session.execute(
        users.update().where(users.c.id == user["id"]).values(password_hash=hash_password(password))
    )
    revoke_all(session, user["id"])


# --------------------------------------------------------------------------- the territory tree


def _check_code(session: Session, code: str, exclude_id: str | None = None) -> None:
    if not CODE_PATTERN.match(code or ""):
        raise OrgError(
            f"{code!r} is not a valid code: use 1–40 letters, digits, dots, dashes or underscores, "
            "starting with a letter or digit."
        )
    t = TABLES["territory"]
    q = select(t.c.id).where(t.c.code == code)  # tombstones keep their code (the column is unique)
    if exclude_id:
        q = q.where(t.c.id != exclude_id)
    if session.execute(q).first():
        raise OrgError(f"The code {code!r} is already used by another node of the territory tree.")


def _check_parent(session: Session, kind: NodeKind, parent_id: str | None):
    wanted = PARENT_KIND[kind]
    if wanted is None:
        if parent_id is not None:
            raise OrgError("A region is the top of the tree; it cannot be placed under another node.")
        return None
    if parent_id is None:
        raise OrgError(f"A {kind.value.replace('grid', 'grid cell')} must be placed under a {wanted.value}.")
    t = TABLES["territory"]
    parent = session.execute(select(t).where(t.c.id == parent_id, ~t.c.deleted)).mappings().first()
    if parent is None:
        raise NotFound("The chosen parent node does not exist.")
    if parent["kind"] != wanted.value:
        raise OrgError(
            f"A {kind.value.replace('grid', 'grid cell')} must be placed under a {wanted.value}, "
            f"not under a {parent['kind'].replace('grid', 'grid cell')}."
        )
    return parent


def create_territory(
    session: Session,
    code: str,
    name: str,
    kind: NodeKind,
    parent_id: str | None,
    seq: int,
    by: str | None = None,
) -> str:
    """Insert a node as given (no checks: the seeder and tests build known trees)."""
    tid = new_id()
    insert_rows(
        session,
        TERRITORY,
        [{"id": tid, "code": code, "name": name, "kind": NodeKind(kind).value, "parent_id": parent_id}],
        seq,
        by,
    )
    return tid


def add_node(
    session: Session,
    code: str,
    name: str,
    kind: NodeKind,
    parent_code: str | None,
    by: str | None = None,
    seq: int | None = None,
) -> str:
    """Create a region, territory or grid cell, checked against the tree's rules."""
    kind = NodeKind(kind)
    if not (name or "").strip():
        raise OrgError("Give the node a name.")
    _check_code(session, code)
    parent = find_territory(session, parent_code) if parent_code else None
    _check_parent(session, kind, parent["id"] if parent else None)
    return create_territory(
        session, code, name.strip(), kind, parent["id"] if parent else None, _seq(session, seq), by
    )


def update_node(
    session: Session,
    node_key: str,
    *,
    code: str | None = None,
    name: str | None = None,
    parent_code: str | None = None,
    move: bool = False,
    by: str | None = None,
    seq: int | None = None,
) -> Coverage:
    """Rename a node (name and/or code) or move it under another parent (``move=True``).

    Moving a territory to another region moves its customers into that region's
    supervisors' coverage: the scope is recomputed in the same transaction.
    """
    node = find_territory(session, node_key)
    values: dict = {}
    if name is not None:
        if not name.strip():
            raise OrgError("The name cannot be empty.")
        if name.strip() != node["name"]:
            values["name"] = name.strip()
    if code is not None and code != node["code"]:
        _check_code(session, code, exclude_id=node["id"])
        values["code"] = code
    if move:
        parent = find_territory(session, parent_code) if parent_code else None
        parent_id = parent["id"] if parent else None
        _check_parent(session, NodeKind(node["kind"]), parent_id)
        if parent_id != node["parent_id"]:
            values["parent_id"] = parent_id
    seq = _seq(session, seq)
    receipt = Coverage(seq)
    if values:
        update_row(session, TERRITORY, node["id"], values, seq, by)
        if "parent_id" in values:
            receipt.changes = refresh_scope(session, seq)
    return receipt


def delete_node(session: Session, node_key: str, by: str | None = None, seq: int | None = None) -> None:
    """Remove an empty node: no nodes below it, no customers, nobody assigned, nobody's home region."""
    node = find_territory(session, node_key)
    t, c, a, u = TABLES["territory"], TABLES["customer"], TABLES["assignment"], TABLES["user"]
    label = f"{node['name']} ({node['code']})"
    if session.scalar(select(func.count()).select_from(t).where(t.c.parent_id == node["id"], ~t.c.deleted)):
        raise OrgError(f"{label} still has nodes below it; move or delete them first.")
    n = session.scalar(
        select(func.count()).select_from(c).where(c.c.territory_id == node["id"], ~c.c.deleted)
    )
    if n:
        raise OrgError(f"{label} still has {n} customers; move them to another territory first.")
    if session.scalar(
        select(func.count()).select_from(a).where(a.c.territory_id == node["id"], ~a.c.deleted)
    ):
        raise OrgError(f"{label} is still assigned to someone; unassign it first.")
    if session.scalar(select(func.count()).select_from(u).where(u.c.region_id == node["id"], ~u.c.deleted)):
        raise OrgError(f"{label} is the home region of some users; change their region first.")
    update_row(session, TERRITORY, node["id"], {}, _seq(session, seq), by, deleted=True)


# --------------------------------------------------------------------------- assignments


def _assignable(user, node) -> None:
    if user["role"] == Role.ADMIN.value:
        raise OrgError("Administrators see every customer; they are not assigned territories.")
    if not user["active"]:
        raise OrgError(f"{user['username']} is deactivated; activate the account before assigning work.")
    if user["role"] == Role.REP.value and node["kind"] == NodeKind.REGION.value:
        raise OrgError(
            "Reps are assigned territories (or grid cells), not whole regions; a region goes to a supervisor."
        )


def assign(
    session: Session, username: str, territory_code: str, by: str | None = None, seq: int | None = None
) -> tuple[int, int]:
    """Give a user a territory (rep) or region (supervisor); returns (customers added, removed)."""
    receipt = assign_node(session, username, territory_code, by, seq)
    user = find_user(session, username)
    return receipt.of(user["id"])


def assign_node(
    session: Session, username: str, territory_code: str, by: str | None = None, seq: int | None = None
) -> Coverage:
    user = find_user(session, username)
    node = find_territory(session, territory_code)
    _assignable(user, node)
    a = TABLES["assignment"]
    exists = session.execute(
        select(a.c.id).where(a.c.user_id == user["id"], a.c.territory_id == node["id"], ~a.c.deleted)
    ).first()
    seq = _seq(session, seq)
    if exists:
        return Coverage(seq)
    insert_rows(
        session,
        ASSIGNMENT,
        [{"id": new_id(), "user_id": user["id"], "territory_id": node["id"], "customer_id": None}],
        seq,
        by,
    )
    receipt = Coverage(seq, refresh_scope(session, seq, [user["id"]]))
    if user["role"] == Role.REP.value:
        receipt.moved = _adopt_unowned(session, node["id"], user["id"], seq, by)
    return receipt


def unassign(
    session: Session, username: str, territory_code: str, by: str | None = None, seq: int | None = None
) -> tuple[int, int]:
    receipt = unassign_node(session, username, territory_code, by, seq)
    return receipt.of(find_user(session, username)["id"])


def _assignment_ids(session: Session, user, node) -> list[str]:
    """The live assignments of ``user`` to ``node``; refused when there are none."""
    a = TABLES["assignment"]
    ids = list(
        session.scalars(
            select(a.c.id).where(a.c.user_id == user["id"], a.c.territory_id == node["id"], ~a.c.deleted)
        )
    )
    if not ids:
        raise OrgError(f"{user['username']} is not assigned to {node['code']}.")
    return ids


def unassign_node(
    session: Session, username: str, territory_code: str, by: str | None = None, seq: int | None = None
) -> Coverage:
    user = find_user(session, username)
    node = find_territory(session, territory_code)
    ids = _assignment_ids(session, user, node)
    seq = _seq(session, seq)
    for aid in ids:
        update_row(session, ASSIGNMENT, aid, {}, seq, by, deleted=True)
    return Coverage(seq, refresh_scope(session, seq, [user["id"]]))


def transfer_node(
    session: Session,
    territory_code: str,
    from_username: str,
    to_username: str,
    by: str | None = None,
    seq: int | None = None,
) -> Coverage:
    """Move a territory from one rep (or supervisor) to another in one change.

    The customers of the node that the old user owned become the new user's (when both
    are reps), so the new rep is their owner from the next sync on; their history stays
    as it was (visits and quotes keep naming the rep who made them).
    """
    if from_username == to_username:
        raise OrgError("Choose a different user to move the territory to.")
    old, new = find_user(session, from_username), find_user(session, to_username)
    node = find_territory(session, territory_code)
    _assignable(new, node)
    seq = _seq(session, seq)
    a = TABLES["assignment"]
    ids = _assignment_ids(session, old, node)
    for aid in ids:
        update_row(session, ASSIGNMENT, aid, {}, seq, by, deleted=True)
    if not session.execute(
        select(a.c.id).where(a.c.user_id == new["id"], a.c.territory_id == node["id"], ~a.c.deleted)
    ).first():
        insert_rows(
            session,
            ASSIGNMENT,
            [{"id": new_id(), "user_id": new["id"], "territory_id": node["id"], "customer_id": None}],
            seq,
            by,
        )
    receipt = Coverage(seq, refresh_scope(session, seq, [old["id"], new["id"]]))
    if new["role"] == Role.REP.value:
        c = TABLES["customer"]
        nodes = territory_descendants(session).get(node["id"], {node["id"]})
        owned = list(
            session.scalars(
                select(c.c.id).where(
                    c.c.territory_id.in_(list(nodes)),
                    ~c.c.deleted,
                    (c.c.owner_id == old["id"]) | c.c.owner_id.is_(None),
                )
            )
        )
        for cid in owned:
            update_row(session, CUSTOMER, cid, {"owner_id": new["id"]}, seq, by)
        receipt.moved = len(owned)
    return receipt


def _adopt_unowned(session: Session, node_id: str, rep_id: str, seq: int, by: str | None) -> int:
    """Customers of the node without an owner get the newly assigned rep."""
    c = TABLES["customer"]
    nodes = territory_descendants(session).get(node_id, {node_id})
    ids = list(
        session.scalars(
            select(c.c.id).where(c.c.territory_id.in_(list(nodes)), ~c.c.deleted, c.c.owner_id.is_(None))
        )
    )
    for cid in ids:
        update_row(session, CUSTOMER, cid, {"owner_id": rep_id}, seq, by)
    return len(ids)


def assign_customers(
    session: Session,
    username: str,
    customer_keys: Iterable[str],
    by: str | None = None,
    seq: int | None = None,
) -> Coverage:
    """Give a user single customers (outside their territories), e.g. a key account."""
    user = find_user(session, username)
    if user["role"] == Role.ADMIN.value:
        raise OrgError("Administrators see every customer; they are not assigned customers.")
    if not user["active"]:
        raise OrgError(f"{username} is deactivated; activate the account before assigning work.")
    customers = find_customers(session, customer_keys)
    a = TABLES["assignment"]
    have = set(
        session.scalars(
            select(a.c.customer_id).where(
                a.c.user_id == user["id"], ~a.c.deleted, a.c.customer_id.is_not(None)
            )
        )
    )
    seq = _seq(session, seq)
    rows = [
        {"id": new_id(), "user_id": user["id"], "territory_id": None, "customer_id": c["id"]}
        for c in customers
        if c["id"] not in have
    ]
    insert_rows(session, ASSIGNMENT, rows, seq, by)
    return Coverage(seq, refresh_scope(session, seq, [user["id"]]), moved=len(rows))


def unassign_customers(
    session: Session,
    username: str,
    customer_keys: Iterable[str],
    by: str | None = None,
    seq: int | None = None,
) -> Coverage:
    user = find_user(session, username)
    customers = find_customers(session, customer_keys)
    a = TABLES["assignment"]
    ids = list(
        session.scalars(
            select(a.c.id).where(
                a.c.user_id == user["id"], ~a.c.deleted, a.c.customer_id.in_([c["id"] for c in customers])
            )
        )
    )
    if not ids:
        raise OrgError(
            f"None of these customers is assigned to {username} on its own "
            "(customers covered through a territory move with the territory)."
        )
    seq = _seq(session, seq)
    for aid in ids:
        update_row(session, ASSIGNMENT, aid, {}, seq, by, deleted=True)
    return Coverage(seq, refresh_scope(session, seq, [user["id"]]), moved=len(ids))


def reps_covering(session: Session, node_id: str) -> list[str]:
    """Active reps assigned to the node or to a node above it."""
    t, a, u = TABLES["territory"], TABLES["assignment"], TABLES["user"]
    parents = dict(session.execute(select(t.c.id, t.c.parent_id).where(~t.c.deleted)).all())
    chain, node = [], node_id
    while node is not None and node not in chain:
        chain.append(node)
        node = parents.get(node)
    return list(
        session.scalars(
            select(a.c.user_id)
            .join(u, u.c.id == a.c.user_id)
            .where(
                a.c.territory_id.in_(chain),
                ~a.c.deleted,
                u.c.role == Role.REP.value,
                u.c.active,
                ~u.c.deleted,
            )
            .distinct()
        )
    )


def move_customers(
    session: Session,
    customer_keys: Iterable[str],
    territory_code: str,
    by: str | None = None,
    seq: int | None = None,
) -> Coverage:
    """Move customers to another territory or grid cell, with all their history.

    When exactly one rep covers the destination, that rep becomes the owner; otherwise
    the owner stays as it was. Everyone whose coverage changes gets the customers added or
    evicted at their next sync.
    """
    node = find_territory(session, territory_code)
    if node["kind"] == NodeKind.REGION.value:
        raise OrgError("Customers belong to a territory or grid cell, not directly to a region.")
    customers = [c for c in find_customers(session, customer_keys) if c["territory_id"] != node["id"]]
    seq = _seq(session, seq)
    receipt = Coverage(seq)
    if not customers:
        return receipt
    reps = reps_covering(session, node["id"])
    owner = reps[0] if len(reps) == 1 else None
    for c in customers:
        values = {"territory_id": node["id"]}
        if owner and c["owner_id"] != owner:
            values["owner_id"] = owner
        update_row(session, CUSTOMER, c["id"], values, seq, by)
    receipt.changes = refresh_scope(session, seq)
    receipt.moved = len(customers)
    return receipt


# --------------------------------------------------------------------------- who has synced what


@dataclass(frozen=True)
class SyncState:
    user_id: str
    username: str
    display_name: str
    role: str
    active: bool
    pulled_seq: int | None  # how far their laptop has pulled; None: never
    last_pull_at: datetime | None
    coverage_seq: int | None  # the last change of what they cover
    pending: bool  # a change (coverage_seq, or the asked-for seq) has not reached their laptop


def coverage_seqs(session: Session) -> dict[str, int]:
    """user id → the feed number of the last change of their coverage (assignments or customers)."""
    us, a = UserScope.__table__, TABLES["assignment"]
    out: dict[str, int] = defaultdict(int)
    for uid, added, removed in session.execute(
        select(us.c.user_id, func.max(us.c.added_seq), func.max(us.c.removed_seq)).group_by(us.c.user_id)
    ):
        out[uid] = max(added or 0, removed or 0)
    for uid, seq in session.execute(select(a.c.user_id, func.max(a.c.seq)).group_by(a.c.user_id)):
        out[uid] = max(out[uid], seq or 0)
    return dict(out)


def sync_status(
    session: Session, seq: int | None = None, user_ids: Iterable[str] | None = None
) -> list[SyncState]:
    """Reps' and supervisors' sync positions against the last change of their coverage, or
    against the change ``seq`` when given."""
    users, st = TABLES["user"], UserSyncState.__table__
    q = (
        select(
            users.c.id,
            users.c.username,
            users.c.display_name,
            users.c.role,
            users.c.active,
            st.c.pulled_seq,
            st.c.last_pull_at,
        )
        .select_from(users.outerjoin(st, st.c.user_id == users.c.id))
        .where(~users.c.deleted, users.c.role.in_([Role.REP.value, Role.SUPERVISOR.value]))
        .order_by(users.c.username)
    )
    if user_ids is not None:
        q = q.where(users.c.id.in_(list(user_ids)))
    covered = coverage_seqs(session)
    out = []
    for row in session.execute(q).mappings():
        mark = seq if seq is not None else covered.get(row["id"])
        pulled = row["pulled_seq"]
        pending = bool(mark) and (pulled is None or pulled < mark)
        out.append(
            SyncState(
                row["id"],
                row["username"],
                row["display_name"],
                row["role"],
                row["active"],
                pulled,
                row["last_pull_at"],
                covered.get(row["id"]),
                pending,
            )
        )
    return out


def current_seq(session: Session) -> int:
    return committed_seq(session)
