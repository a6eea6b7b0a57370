"""Randomised: moves away, moves back and edits at random points of syncs (issue 15).

Each run lets an admin move customers out of and back into rep_a's territory, and the rep
edit customers still on the laptop, at random moments of a sync: before it, between its
push and its pull, between pull pages, around the scope check of postponed evictions and
during a verification.
After each run (and a quiet sync to settle) it checks:

* the laptop holds exactly the server's current scope for rep_a;
* no edit is refused (none as out of scope: every edit was made while the laptop still
  covered the customer, since it is made on the laptop's own copy);
* nothing is lost or applied twice: every edit has exactly one stored outcome, the
  server holds the last notes typed for each customer, each new visit once, and each
  customer's version rose by exactly its edits plus its moves.

``FIELDSALES_SCOPE_RUNS`` raises the number of runs (default 12 per store).
"""

from __future__ import annotations

import os
import random
from collections import Counter

import pytest
from sqlalchemy import func, select

from local_db.models import OutboxEntry, SyncIssue
from server import org
from server.runner import ServerThread
from server.store.db import Store
from server.store.tables import TABLES as SERVER
from server.store.tables import AppliedMutation, UserScope
from tests.conftest import migrated_store
from tests.factories import build_org
from tests.sync.helpers import Laptop
from tests.sync.hooks import HookTransport

RUNS = int(os.environ.get("FIELDSALES_SCOPE_RUNS", "12"))


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def world(request, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("scope_random")
    with migrated_store(request, tmp) as store:
        o = build_org(store, per_territory=3)
        srv = ServerThread(store).start()
        rep = Laptop(tmp / "rep_a.sqlite3", srv.url, "rep_a").login()
        rep.engine.transport = HookTransport(srv.url)
        rep.sync()
        yield store, o, rep
        srv.stop()


class Run:
    """One run's random actions and what they should leave behind."""

    def __init__(self, store: Store, o, rep: Laptop, rng: random.Random, run: int):
        self.store, self.rep, self.rng, self.run = store, rep, rng, run
        self.pool = sorted(o.customers["N1"]) + sorted(o.customers["N2"])[:1]
        self.made: list[str] = []  # mutation ids of every edit typed
        self.notes: dict[str, str] = {}  # customer -> the last notes typed
        self.visits: list[str] = []
        self.edits: Counter[str] = Counter()  # customer -> edits made to its row
        self.moves: Counter[str] = Counter()
        self.budget = rng.randint(2, 6)  # actions during syncs

    def territory_of(self, cid: str) -> str:
        t, terr = SERVER["customer"], SERVER["territory"]
        with self.store.session() as s:
            return s.scalar(select(terr.c.code).join(t, t.c.territory_id == terr.c.id).where(t.c.id == cid))

    def move(self) -> None:
        cid = self.rng.choice(self.pool)
        to = "N2" if self.territory_of(cid) == "N1" else "N1"
        with self.store.session() as s:
            org.move_customers(s, [cid], to)
        self.moves[cid] += 1

    def edit(self) -> None:
        held = sorted(self.rep.ids("customer"))
        if not held:
            return
        cid = self.rng.choice(held)
        tag = f"run {self.run} edit {len(self.made)}"
        with self.rep.write() as w:
            if self.rng.random() < 0.6:
                w.update("customer", cid, {"notes": tag})
                self.notes[cid] = tag
                self.edits[cid] += 1
            else:
                self.visits.append(
                    w.insert(
                        "visit",
                        {"customer_id": cid, "rep_id": w.actor.id, "status": "submitted", "notes": tag},
                    )
                )
        with self.rep.db.session() as s:
            self.made.append(
                s.scalar(select(OutboxEntry.mutation_id).order_by(OutboxEntry.client_seq.desc()))
            )

    def act(self) -> None:
        (self.move if self.rng.random() < 0.45 else self.edit)()

    def hook(self, path: str, body: dict) -> None:
        if self.budget > 0 and self.rng.random() < 0.35:
            self.budget -= 1
            self.act()


def _versions(store: Store, ids) -> dict[str, int]:
    t = SERVER["customer"]
    with store.session() as s:
        return dict(s.execute(select(t.c.id, t.c.version).where(t.c.id.in_(list(ids)))).all())


def test_moves_and_edits_during_syncs_keep_the_contract(world):
    store, o, rep = world
    rep.engine.max_rows = 3  # several pages per sync, so edits land between them
    for run in range(RUNS):
        rng = random.Random(run)
        r = Run(store, o, rep, rng, run)
        before = _versions(store, r.pool)
        for _ in range(rng.randint(0, 3)):  # offline, before the sync
            r.act()
        rep.engine.transport.before[:] = [r.hook]
        for _ in range(rng.randint(1, 3)):
            rep.engine.sync(verify=rng.random() < 0.3)  # as the app does after evictions, now and then
        rep.engine.transport.before.clear()
        rep.sync()  # quiet syncs settle what the last noisy one left waiting
        rep.sync()

        user_id = rep.db.get_state("user_id")
        with store.session() as s:
            scope = set(
                s.scalars(select(UserScope.customer_id).where(UserScope.user_id == user_id, UserScope.active))
            )
            outcomes = [
                (m.mutation_id, m.outcome["outcome"], m.outcome.get("code"))
                for m in s.scalars(select(AppliedMutation).where(AppliedMutation.mutation_id.in_(r.made)))
            ]
            t, v = SERVER["customer"], SERVER["visit"]
            notes = dict(s.execute(select(t.c.id, t.c.notes).where(t.c.id.in_(list(r.notes)))).all())
            visits = s.scalar(
                select(func.count()).select_from(v).where(v.c.id.in_(r.visits), v.c.version == 1)
            )
        assert rep.ids("customer") == scope, f"run {run}: laptop and server scope differ"
        with rep.db.session() as s:
            kept = [(i.code, i.message) for i in s.scalars(select(SyncIssue))]
            assert not s.scalars(select(OutboxEntry)).all(), f"run {run}: edits still queued"
        assert not kept, f"run {run}: refused {kept}"
        assert sorted(m for m, _, _ in outcomes) == sorted(r.made), f"run {run}: edits lost"
        assert {o_ for _, o_, _ in outcomes} <= {"applied", "merged"}, f"run {run}: {outcomes}"
        assert notes == r.notes, f"run {run}: notes lost"
        assert visits == len(r.visits), f"run {run}: visits lost or applied twice"
        after = _versions(store, r.pool)
        for cid in r.pool:
            assert after[cid] - before[cid] == r.edits[cid] + r.moves[cid], (
                f"run {run}: {cid} changed {after[cid] - before[cid]} times, expected "
                f"{r.edits[cid] + r.moves[cid]}"
            )
