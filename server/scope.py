"""Who covers which customers (docs/SYNC_CONTRACT.md, invariants 8 and 9).

Reps cover the customers of their assigned territories (with any grid cells below them)
and single customers assigned to them; supervisors cover the customers of their assigned
regions; admins see everything and need no list. The list is materialised in
``user_scope`` so a pull is one indexed join, and so that a change of coverage is itself
a point in the change feed: customers that came in are sent with their history, customers
that left are evicted.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from sqlalchemy import and_, select, update
from sqlalchemy.orm import Session

from domain.enums import Role
from server.store.tables import TABLES, UserScope

_T = TABLES


def territory_descendants(session: Session) -> dict[str, set[str]]:
    """Each territory node → itself and every node below it."""
    t = _T["territory"]
    children: dict[str | None, list[str]] = defaultdict(list)
    for node_id, parent_id in session.execute(select(t.c.id, t.c.parent_id).where(~t.c.deleted)):
        children[parent_id].append(node_id)
    out: dict[str, set[str]] = {}

    def walk(node: str) -> set[str]:
        if node in out:
            return out[node]
        found = {node}
        for child in children.get(node, ()):
            found |= walk(child)
        out[node] = found
        return found

    for kids in list(children.values()):
        for k in kids:
            walk(k)
    return out


def desired_scope(session: Session, user_ids: Iterable[str] | None = None) -> dict[str, set[str]]:
    """user id → the customer ids they should hold now (reps and supervisors only)."""
    users = _T["user"]
    q = select(users.c.id).where(users.c.role.in_([Role.REP.value, Role.SUPERVISOR.value]), ~users.c.deleted)
    if user_ids is not None:
        q = q.where(users.c.id.in_(list(user_ids)))
    wanted = {uid: set() for uid in session.scalars(q)}
    if not wanted:
        return {}
    a = _T["assignment"]
    below = territory_descendants(session)
    nodes_of: dict[str, set[str]] = defaultdict(set)
    for user_id, territory_id, customer_id in session.execute(
        select(a.c.user_id, a.c.territory_id, a.c.customer_id).where(
            ~a.c.deleted, a.c.user_id.in_(list(wanted))
        )
    ):
        if territory_id:
            nodes_of[user_id] |= below.get(territory_id, {territory_id})
        if customer_id:
            wanted[user_id].add(customer_id)
    if nodes_of:
        c = _T["customer"]
        by_node: dict[str, list[str]] = defaultdict(list)
        all_nodes = set().union(*nodes_of.values())
        for cid, tid in session.execute(
            select(c.c.id, c.c.territory_id).where(~c.c.deleted, c.c.territory_id.in_(list(all_nodes)))
        ):
            by_node[tid].append(cid)
        for user_id, nodes in nodes_of.items():
            for node in nodes:
                wanted[user_id].update(by_node.get(node, ()))
    return wanted


def refresh_scope(
    session: Session, seq: int, user_ids: Iterable[str] | None = None
) -> dict[str, tuple[int, int]]:
    """Bring ``user_scope`` in line with assignments; returns user → (added, removed) counts.

    Must run in the same transaction as the change that moved coverage, with that
    transaction's feed number, so the client sees the move exactly once.
    """
    user_ids = None if user_ids is None else list(user_ids)
    wanted = desired_scope(session, user_ids)
    us = UserScope.__table__
    q = select(us.c.user_id, us.c.customer_id, us.c.active)
    if user_ids is not None:
        q = q.where(us.c.user_id.in_(user_ids))
    current: dict[str, dict[str, bool]] = defaultdict(dict)
    for uid, cid, active in session.execute(q):
        current[uid][cid] = active
    summary: dict[str, tuple[int, int]] = {}
    inserts, reactivate, remove = [], [], []
    for uid in set(wanted) | set(current):
        want = wanted.get(uid, set())
        have = current.get(uid, {})
        added = [cid for cid in want if not have.get(cid, False)]
        removed = [cid for cid, active in have.items() if active and cid not in want]
        for cid in added:
            (reactivate if cid in have else inserts).append((uid, cid))
        remove.extend((uid, cid) for cid in removed)
        if added or removed:
            summary[uid] = (len(added), len(removed))
    if inserts:
        session.execute(
            us.insert(),
            [
                {"user_id": u, "customer_id": c, "active": True, "added_seq": seq, "removed_seq": None}
                for u, c in inserts
            ],
        )
    for rows, values in (
        (reactivate, {"active": True, "added_seq": seq, "removed_seq": None}),
        (remove, {"active": False, "removed_seq": seq}),
    ):
        by_user: dict[str, list[str]] = defaultdict(list)
        for u, c in rows:
            by_user[u].append(c)
        for u, cids in by_user.items():
            for i in range(0, len(cids), 500):
                session.execute(
                    update(us)
                    .where(and_(us.c.user_id == u, us.c.customer_id.in_(cids[i : i + 500])))
                    .values(**values)
                )
    return summary


def covered_now(session: Session, user_id: str, role: str, customer_ids: Iterable[str]) -> list[str]:
    """The customers among ``customer_ids`` that the user covers now (admins: every live one).

    A laptop asks before it finishes an eviction it had postponed: the customer may have
    come back since the feed said it left.
    """
    ids = sorted(set(customer_ids))
    if not ids:
        return []
    if role == Role.ADMIN.value:
        c = _T["customer"]
        return sorted(session.scalars(select(c.c.id).where(c.c.id.in_(ids), ~c.c.deleted)))
    us = UserScope.__table__
    return sorted(
        session.scalars(
            select(us.c.customer_id).where(us.c.user_id == user_id, us.c.active, us.c.customer_id.in_(ids))
        )
    )
