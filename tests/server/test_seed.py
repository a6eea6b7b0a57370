"""The demo organisation (`server.seed`) and the consistency checker (`server.integrity`).

Seeds real SQLite files (and a real PostgreSQL database) with a small organisation and
checks the counts, the story's invariants, determinism, and that the checker catches
corruption.
"""

from __future__ import annotations

import re
import uuid
from collections import Counter, defaultdict
from collections.abc import Iterator
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from domain.classification import default_visit_grade
from domain.complaints import sla_due
from domain.enums import LifecycleStage, NodeKind, QuoteStatus, Role
from server.auth import AuthError, find_login, verify_login
from server.integrity import check_consistency, quote_totals
from server.org import OrgError
from server.seed import DEMO_LOGINS, DEMO_PASSWORD, make_id, seed_demo
from server.store.db import Store
from server.store.migrate import upgrade
from server.store.tables import TABLES, UserScope

AS_OF = date(2026, 3, 15)
CUSTOMERS = 120
CHINA = timezone(timedelta(hours=8))


def fresh_store(url: str) -> Store:
    store = Store.from_url(url)
    upgrade(store.engine)
    return store


@pytest.fixture(scope="module")
def seeded(tmp_path_factory) -> Iterator[tuple[Store, dict[str, int]]]:
    """One small demo organisation shared by the read-only tests of this module."""
    path = tmp_path_factory.mktemp("seed") / "s.sqlite3"
    store = fresh_store(f"sqlite:///{path}")
    summary = seed_demo(store, customers=CUSTOMERS, seed=2026, as_of=AS_OF)
    yield store, summary
    store.engine.dispose()


def count(session: Session, name: str, *where) -> int:
    t = TABLES[name]
    return session.execute(select(func.count()).select_from(t).where(*where)).scalar_one()


# --------------------------------------------------------------------------- the checker's rule


def test_quote_totals_rule_on_stored_percents():
    # 3 × 3.35 × (1 − 5 %) = 9.5475 → 9.55; 9.55 × 13 % = 1.2415 → 1.24; half-up at the cent.
    totals = quote_totals(
        [
            {
                "quantity": Decimal("3"),
                "unit_price": Decimal("3.35"),
                "discount_pct": Decimal("5"),
                "tax_rate": Decimal("13"),
            },
            {
                "quantity": Decimal("1"),
                "unit_price": Decimal("0.50"),
                "discount_pct": Decimal("0"),
                "tax_rate": Decimal("9"),
            },  # 0.045 → 0.05 (half up, not half even)
        ]
    )
    assert [(p.line_subtotal, p.line_tax, p.line_total) for p in totals.lines] == [
        (Decimal("9.55"), Decimal("1.24"), Decimal("10.79")),
        (Decimal("0.50"), Decimal("0.05"), Decimal("0.55")),
    ]
    assert (totals.subtotal, totals.tax_total, totals.total) == (
        Decimal("10.05"),
        Decimal("1.29"),
        Decimal("11.34"),
    )


def test_ids_are_uuid7_with_the_creation_time():
    import random

    at = datetime(2026, 3, 2, 1, 30, tzinfo=timezone.utc)
    value = uuid.UUID(make_id(random.Random(1), at))
    assert value.version == 7 and value.variant == uuid.RFC_4122
    assert value.int >> 80 == int(at.timestamp() * 1000)
    assert make_id(random.Random(1), at) == str(value)


# --------------------------------------------------------------------------- the seeded org


def test_seeded_org_is_consistent(seeded):
    store, _summary = seeded
    with store.session() as s:
        assert check_consistency(s) == []


def test_counts_and_summary(seeded):
    store, summary = seeded
    t, users = TABLES["territory"], TABLES["user"]
    with store.session() as s:
        assert count(s, "territory", t.c.kind == NodeKind.REGION.value) == 3
        assert count(s, "territory", t.c.kind == NodeKind.TERRITORY.value) == 9
        roles = Counter(s.scalars(select(users.c.role)))
        assert roles == {Role.ADMIN.value: 1, Role.SUPERVISOR.value: 2, Role.REP.value: 8}
        assert count(s, "product") == 60
        assert count(s, "price_list") == 3
        assert count(s, "price_list_item") == 3 * 60 * 3  # every product, breaks at 1, 10 and 50
        assert count(s, "customer") == CUSTOMERS
        for name, table in (
            ("contact", "contacts"),
            ("visit", "visits"),
            ("quote", "quotes"),
            ("quote_line", "quote_lines"),
            ("receivable", "receivables"),
            ("payment", "payments"),
            ("complaint", "complaints"),
            ("sales_target", "sales_targets"),
            ("assignment", "assignments"),
        ):
            assert summary[table] == count(s, name), table
        assert summary["user_scope"] == s.execute(select(func.count()).select_from(UserScope)).scalar_one()
    assert summary["regions"] == 3 and summary["territories"] == 9 and summary["users"] == 11
    assert summary["customers"] == CUSTOMERS and summary["products"] == 60 and summary["price_lists"] == 3
    assert summary["visits"] > CUSTOMERS and summary["quotes"] > CUSTOMERS and summary["complaints"] > 0


def test_organisation_shape(seeded):
    store, _ = seeded
    t, users, a = TABLES["territory"], TABLES["user"], TABLES["assignment"]
    with store.session() as s:
        codes = {row.id: row for row in s.execute(select(t))}
        by_user = {u.username: u for u in s.execute(select(users))}
        assigned = defaultdict(set)
        for uid, tid in s.execute(select(a.c.user_id, a.c.territory_id)):
            assigned[uid].add(codes[tid].code)
    assert {c.code for c in codes.values() if c.kind == "region"} == {"EAST", "SOUTH", "NORTH"}
    assert assigned[by_user["sup1"].id] == {"EAST", "NORTH"}
    assert assigned[by_user["sup2"].id] == {"SOUTH"}
    rep_territories = [assigned[by_user[f"rep{i}"].id] for i in range(1, 9)]
    assert sorted(len(x) for x in rep_territories) == [1] * 7 + [2]
    assert set().union(*rep_territories) == {c.code for c in codes.values() if c.kind == "territory"}
    for i in range(1, 9):
        rep = by_user[f"rep{i}"]
        assert rep.rep_code == f"R{i:02d}"
        assert rep.supervisor_id in (by_user["sup1"].id, by_user["sup2"].id)
        assert codes[rep.region_id].kind == "region"
        assert re.fullmatch(r"[\u4e00-\u9fff]{2,3}", rep.display_name)
    assert {login.username for login in DEMO_LOGINS} == set(by_user)
    assert all(login.password == DEMO_PASSWORD == "demo1234" for login in DEMO_LOGINS)


def test_demo_logins_work(seeded):
    store, _ = seeded
    with store.engine.connect() as conn:
        trans = conn.begin()
        try:
            s = Session(bind=conn)
            for login in (DEMO_LOGINS[0], DEMO_LOGINS[-1]):
                user = verify_login(find_login(s, login.username), login.password)
                assert not isinstance(user, AuthError), user
                assert user.role == login.role
        finally:
            trans.rollback()


def test_story_invariants(seeded):
    store, _ = seeded
    c, ct, q, v, r, cp = (
        TABLES[n] for n in ("customer", "contact", "quote", "visit", "receivable", "complaint")
    )
    with store.session() as s:
        customers = list(s.execute(select(c)))
        tiers = Counter(row.tier for row in customers)
        assert tiers == {"vip": 6, "major": 18, "ordinary": 60, "small": 36}
        accepted = defaultdict(int)
        for (cid,) in s.execute(select(q.c.customer_id).where(q.c.status == QuoteStatus.ACCEPTED.value)):
            accepted[cid] += 1
        primaries = Counter(
            cid for (cid,) in s.execute(select(ct.c.customer_id).where(ct.c.is_primary.is_(True)))
        )
        with_contacts = set(s.scalars(select(ct.c.customer_id)))
        for row in customers:
            assert row.visit_grade == default_visit_grade(row.tier).value
            assert (row.lifecycle_stage == LifecycleStage.PROSPECT.value) == (accepted[row.id] == 0)
            assert row.key_account == (row.tier == "vip")
            assert (row.account_manager_id is not None) == (row.tier == "vip")
            assert re.fullmatch(r"C\d{6}", row.code)
            assert isinstance(row.credit_limit, Decimal)
            if row.id in with_contacts:
                assert primaries[row.id] == 1
        assert sum(1 for row in customers if row.latitude is not None) > CUSTOMERS // 2
        # Quote numbers: rep code, year, counter; accepted quotes have exactly one receivable of their total.
        numbers = list(s.scalars(select(q.c.number)))
        assert all(re.fullmatch(r"R0[1-8]-20\d\d-\d{4,}", n) for n in numbers)
        receivables = {row.quote_id: row for row in s.execute(select(r))}
        for quote in s.execute(select(q).where(q.c.status == QuoteStatus.ACCEPTED.value)):
            rec = receivables[quote.id]
            assert (
                rec.amount == quote.total and rec.issued_on == (quote.decided_at + timedelta(hours=8)).date()
            )
        assert len(receivables) == sum(accepted.values())
        # History lies in the year before as_of, on working days in business hours; plans lie ahead.
        start = datetime(AS_OF.year, AS_OF.month, AS_OF.day, tzinfo=CHINA)
        for row in s.execute(select(v)):
            if row.status == "planned":
                assert start <= row.planned_at < start + timedelta(days=14)
                assert row.check_in_at is None
                continue
            if row.check_in_at is None:
                continue
            local = row.check_in_at.astimezone(CHINA)
            assert start - timedelta(days=366) <= local < start
            assert local.weekday() < 5 and 8 <= local.hour < 19
            assert row.check_out_at >= row.check_in_at
            assert set(row.checklist) == {f"step{i}" for i in range(1, 8)}
        statuses = Counter(s.scalars(select(v.c.status)))
        assert (
            statuses["approved"] > statuses["submitted"] + statuses["returned"] > 0
            and statuses["planned"] > 0
        )
        for row in s.execute(select(cp)):
            due = sla_due(row.recorded_at, row.severity)
            assert (row.first_response_due, row.resolution_due) == (
                due.first_response_due,
                due.resolution_due,
            )
            assert row.owner_id == row.recorded_by
            if row.status == "closed":
                assert 1 <= row.satisfaction <= 5 and row.root_cause and row.resolution


def test_seeding_twice_is_refused(seeded):
    store, _ = seeded
    with pytest.raises(OrgError, match="already has data"):
        seed_demo(store, customers=5, seed=1, as_of=AS_OF)
    with store.session() as s:
        assert count(s, "customer") == CUSTOMERS


# --------------------------------------------------------------------------- determinism

COMPARED = (
    "territory",
    "user",
    "assignment",
    "product",
    "price_list_item",
    "customer",
    "contact",
    "visit",
    "quote",
    "quote_line",
    "complaint",
    "receivable",
    "payment",
    "sales_target",
)
NOT_COMPARED = {"updated_at", "password_hash"}  # wall-clock stamp and salted hash


def snapshot(store: Store) -> dict[str, list[tuple]]:
    out = {}
    with store.session() as s:
        for name in COMPARED:
            t = TABLES[name]
            cols = [col for col in t.c if col.name not in NOT_COMPARED]
            out[name] = [tuple(row) for row in s.execute(select(*cols).order_by(t.c.id))]
        us = UserScope.__table__
        out["user_scope"] = [
            tuple(row) for row in s.execute(select(us).order_by(us.c.user_id, us.c.customer_id))
        ]
    return out


def test_same_seed_same_data_other_seed_other_data(seeded, tmp_path):
    store, _ = seeded
    again = fresh_store(f"sqlite:///{tmp_path}/again.sqlite3")
    other = fresh_store(f"sqlite:///{tmp_path}/other.sqlite3")
    try:
        seed_demo(again, customers=CUSTOMERS, seed=2026, as_of=AS_OF)
        seed_demo(other, customers=CUSTOMERS, seed=7, as_of=AS_OF)
        first, second, third = snapshot(store), snapshot(again), snapshot(other)
        for name in first:
            assert first[name] == second[name], f"{name} differs between two runs with the same seed"
        for name in ("customer", "contact", "visit", "quote", "quote_line", "payment"):
            assert first[name] != third[name], f"{name} is the same with another seed"
    finally:
        again.engine.dispose()
        other.engine.dispose()


# --------------------------------------------------------------------------- the checker catches corruption

CORRUPTIONS = {
    "quote total": (
        "UPDATE quotes SET total = '1.00' WHERE id = (SELECT min(id) FROM quotes)",
        r"quote R\d\d-\d{4}-\d{4,}: total is 1\.00 but its lines give",
    ),
    "line total": (
        "UPDATE quote_lines SET line_tax = '0.00' WHERE id = (SELECT min(id) FROM quote_lines)",
        r"line \d+: line_tax is 0\.00 but should be",
    ),
    "paid amount": (
        "UPDATE receivables SET paid_amount = '0.01' WHERE id = (SELECT min(id) FROM receivables)",
        r"paid_amount is 0\.01 but its payments add up to",
    ),
    "second primary contact": (
        "UPDATE contacts SET is_primary = 1",
        r"customer C\d{6} has \d primary contacts",
    ),
    "line of another customer": (
        "UPDATE quote_lines SET customer_id = (SELECT max(id) FROM customers) "
        "WHERE id = (SELECT min(ql.id) FROM quote_lines ql JOIN customers c ON c.id = ql.customer_id "
        "WHERE c.id <> (SELECT max(id) FROM customers))",
        r"quote_line .*: quote_id points to quote .* of another customer",
    ),
    "check-out before check-in": (
        "UPDATE visits SET check_out_at = '2000-01-01T00:00:00.000000Z' "
        "WHERE id = (SELECT min(id) FROM visits WHERE check_in_at IS NOT NULL)",
        r"visit .*: checked out at 2000-01-01 00:00Z, before its check-in",
    ),
    "scope": (
        "DELETE FROM user_scope WHERE customer_id = (SELECT min(id) FROM customers)",
        r"user_scope of rep\d lacks 1 customers they cover",
    ),
}


@pytest.mark.parametrize("kind", sorted(CORRUPTIONS))
def test_corruption_is_reported(seeded, kind):
    store, _ = seeded
    statement, expected = CORRUPTIONS[kind]
    with store.engine.connect() as conn:
        trans = conn.begin()
        try:
            conn.execute(text(statement))
            problems = check_consistency(Session(bind=conn))
        finally:
            trans.rollback()  # the shared database stays intact
    assert any(re.search(expected, p) for p in problems), problems


# --------------------------------------------------------------------------- PostgreSQL


@pytest.mark.postgres
def test_seed_on_postgres(pg_url):
    store = fresh_store(pg_url)
    try:
        summary = seed_demo(store, customers=CUSTOMERS, seed=2026)  # as_of defaults to today (UTC)
        today = datetime.now(timezone.utc).date()
        v = TABLES["visit"]
        with store.session() as s:
            assert check_consistency(s) == []
            assert count(s, "customer") == CUSTOMERS == summary["customers"]
            last = s.execute(select(func.max(v.c.check_in_at))).scalar_one()
            assert last.astimezone(CHINA).date() < today  # history ends the day before as_of
        with pytest.raises(OrgError):
            seed_demo(store, customers=5, seed=1)
    finally:
        store.engine.dispose()


def test_the_demo_looks_like_a_real_distributors_year(seeded):
    """Issue 16.16: the organisation's zone is stored and the story happens in it; a rep's
    day holds at most 8 visits, spread evenly over the weekdays; customers are businesses
    buying what fits their trade; nothing from long ago is still open unless escalated."""
    from domain.org_settings import TIME_ZONE_KEY
    from server import org_settings
    from server.demo_names import CATALOG, TRADE_CATEGORIES

    store, _ = seeded
    c, v, q, ql, p, cp = (
        TABLES[n] for n in ("customer", "visit", "quote", "quote_line", "product", "complaint")
    )
    with store.session() as s:
        assert org_settings.load(s, TIME_ZONE_KEY).value == {"zone": "Asia/Shanghai"}
        per_day: Counter = Counter()
        weekdays: Counter = Counter()
        for rep, at in s.execute(
            select(v.c.rep_id, func.coalesce(v.c.check_in_at, v.c.planned_at)).where(
                v.c.status != "cancelled"
            )
        ):
            day = at.astimezone(CHINA).date()
            per_day[rep, day] += 1
            weekdays[day.weekday()] += 1
        assert max(per_day.values()) <= 8
        assert set(weekdays) <= {0, 1, 2, 3, 4}
        assert max(weekdays.values()) < 1.3 * min(weekdays.values()), weekdays  # no Friday pile-up

        types = Counter(s.scalars(select(c.c.customer_type)))
        assert "household" not in types and types["organisation"] > 0.9 * sum(types.values())

        categories = {name: i for i, (name, _prefix, _items) in enumerate(CATALOG)}
        fits = total = 0
        for industry, category in s.execute(
            select(c.c.industry, p.c.category).select_from(
                ql.join(q, q.c.id == ql.c.quote_id)
                .join(c, c.c.id == q.c.customer_id)
                .join(p, p.c.id == ql.c.product_id)
            )
        ):
            if industry in TRADE_CATEGORIES:
                total += 1
                fits += categories[category] in TRADE_CATEGORIES[industry]
        assert total and fits == total

        long_ago = datetime(AS_OF.year, AS_OF.month, AS_OF.day, tzinfo=CHINA) - timedelta(days=90)
        for status, level in s.execute(
            select(cp.c.status, cp.c.escalation_level).where(cp.c.recorded_at < long_ago)
        ):
            if status in ("new", "acknowledged", "in_progress"):
                assert level in ("supervisor", "admin")


def test_demo_photos_hang_on_visits_and_complaints_with_their_bytes_in_the_blob_store(seeded):
    import hashlib
    import io

    from PIL import Image

    from server.blobs import FileSystemBlobStore, default_blob_dir

    store, summary = seeded
    blobs = FileSystemBlobStore(default_blob_dir(store.engine.url))
    a, v, c = TABLES["attachment"], TABLES["visit"], TABLES["complaint"]
    with store.session() as s:
        rows = [dict(r) for r in s.execute(select(a)).mappings()]
        visits = {
            r["id"]: r
            for r in s.execute(select(v).where(v.c.id.in_([r["parent_id"] for r in rows]))).mappings()
        }
        complaints = {
            r["id"]: r
            for r in s.execute(select(c).where(c.c.id.in_([r["parent_id"] for r in rows]))).mappings()
        }
    assert summary["attachments"] == len(rows)
    assert 0 < len(rows) <= 60  # a handful per rep: the seed stays fast
    assert {r["parent_type"] for r in rows} == {"visit", "complaint"}
    early = 0
    for r in rows:
        path = blobs.path_of(r["sha256"])
        assert path is not None, "every photo's bytes are in the store the server serves"
        data = path.read_bytes()
        assert hashlib.sha256(data).hexdigest() == r["sha256"] and len(data) == r["size_bytes"]
        assert Image.open(io.BytesIO(data)).format == "JPEG" and r["mime_type"] == "image/jpeg"
        assert r["uploaded_at"] is not None and r["version"] == 1 and not r["deleted"]
        parent = (visits if r["parent_type"] == "visit" else complaints)[r["parent_id"]]
        assert parent["customer_id"] == r["customer_id"]
        assert r["created_by"] == (parent["rep_id"] if r["parent_type"] == "visit" else parent["owner_id"])
        if r["parent_type"] == "visit":
            early += r["captured_at"] < parent["check_in_at"]
            assert r["captured_at"] <= parent["check_out_at"]
    # One photo taken before check-in, and one reused on a later visit (so taken before that
    # check-in too), for the supervisor's evidence checks.
    assert early == 2
    reused = [r for r in rows if r["duplicate_of"]]
    assert len(reused) == 1 and len({r["sha256"] for r in rows}) == len(rows) - 1  # no other by accident


def test_the_demo_reused_photo_is_judged_as_the_server_judges_it(seeded):
    from domain.evidence import Original
    from server import evidence

    store, _summary = seeded
    a, v, u = TABLES["attachment"], TABLES["visit"], TABLES["user"]
    with store.session() as s:
        copy = s.execute(select(a).where(a.c.duplicate_of.is_not(None))).mappings().one()
        first = s.execute(select(a).where(a.c.id == copy["duplicate_of"])).mappings().one()
        visit = s.execute(select(v).where(v.c.id == copy["parent_id"])).mappings().one()
        sup = s.scalar(select(u.c.supervisor_id).where(u.c.id == visit["rep_id"]))
        assert s.scalar(select(u.c.username).where(u.c.id == sup)) == "sup1"  # the screenshots' supervisor
        # What the blob API would have written when the bytes were confirmed.
        assert evidence.duplicate_fields(s, copy["sha256"], [copy["id"]]) == {
            copy["id"]: {"duplicate_of": first["id"], "duplicate_context": copy["duplicate_context"]}
        }
    assert first["sha256"] == copy["sha256"] and first["duplicate_of"] is None
    assert visit["status"] == "submitted" and copy["captured_at"] < visit["check_in_at"]
    assert Original.from_json(first["id"], copy["duplicate_context"]).parent_id == first["parent_id"]


def test_people_answer_sync_and_review_in_working_hours(seeded):
    """Complaint responses, resolutions and closings, the laptops' uploads of visits and the
    supervisors' reviews happen on weekdays between 8:30 and 18:30 in the organisation's zone
    (not at night in Beijing), and a response that was on time stays on time."""
    store, _ = seeded
    cp, v = TABLES["complaint"], TABLES["visit"]
    stamps: list[tuple[str, datetime]] = []
    with store.session() as s:
        for row in s.execute(select(cp)).mappings():
            for name in ("first_responded_at", "resolved_at", "closed_at"):
                if row[name] is not None:
                    stamps.append((name, row[name]))
            if row["first_responded_at"] is not None:
                assert row["first_responded_at"] > row["recorded_at"]
        for row in s.execute(select(v.c.server_received_at, v.c.reviewed_at, v.c.check_out_at)).mappings():
            stamps += [(n, row[n]) for n in ("server_received_at", "reviewed_at") if row[n] is not None]
            if row["check_out_at"] is not None:
                assert row["server_received_at"] >= row["check_out_at"]
    assert len(stamps) > 500
    outside = []
    for name, at in stamps:
        local = at.replace(tzinfo=at.tzinfo or timezone.utc).astimezone(CHINA)
        minute = local.hour * 60 + local.minute
        if local.weekday() >= 5 or not 8 * 60 + 30 <= minute <= 18 * 60 + 30:
            outside.append((name, local))
    assert outside == []


def test_after_seeding_the_classification_has_run_and_its_results_stand(seeded):
    """The demo is as after its first classification run: the run is recorded (the admin's
    Classification tab shows it, the scheduler does not redo it), running it again changes
    nothing, every VIP has credit, and no customer being lost has a visit planned."""
    from server import classify, jobs

    store, _ = seeded
    c, v = TABLES["customer"], TABLES["visit"]
    with store.session() as s:
        last = classify.last_run(s)
        assert last is not None and last["customers"] == CUSTOMERS
        assert jobs.last_run(s, "classification")["runs"] == 1
        vips = list(s.execute(select(c.c.credit_limit, c.c.override_reason).where(c.c.tier == "vip")))
        assert vips and all(Decimal(str(limit)) > 0 for limit, _reason in vips)
        planned_for_lost = s.execute(
            select(func.count())
            .select_from(v.join(c, c.c.id == v.c.customer_id))
            .where(v.c.status == "planned", c.c.lifecycle_stage == LifecycleStage.TERMINATION.value)
        ).scalar_one()
        assert planned_for_lost == 0
        assert count(s, "customer", c.c.lifecycle_stage == LifecycleStage.TERMINATION.value) > 0
        again = classify.run(s, as_of=AS_OF)
        assert again is not None and again.changed == 0
        s.rollback()
