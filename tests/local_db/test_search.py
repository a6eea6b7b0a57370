"""The local customer search: FTS5 bigrams, pinyin, phones, contacts; kept in step by triggers.

Real SQLite files migrated by Alembic; rows arrive the way a pull applies them
(``local_db.apply.upsert_rows``) or the way the laptop writes them (``LocalWriter``).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

import pytest
from sqlalchemy import text

from local_db import queries, search
from local_db.apply import evict_customers, upsert_rows
from local_db.db import LocalDb, set_state
from local_db.queries import CustomerFilters, Sort
from local_db.writes import LocalWriter
from sync.contract import new_id
from tests.local_db.old_schema import upgrade_to

TERRITORY, REP = new_id(), new_id()
NOW = datetime.now(timezone.utc)


def _iso(at: datetime) -> str:
    return at.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def customer(name: str, code: str, **kw) -> dict:
    return {
        "id": kw.pop("id", new_id()),
        "version": 1,
        "deleted": False,
        "code": code,
        "name": name,
        "customer_type": "organisation",
        "territory_id": TERRITORY,
        "owner_id": REP,
        "created_at": "2025-01-06T01:00:00.000000Z",
        **kw,
    }


def contact(customer_id: str, name: str, **kw) -> dict:
    return {"id": new_id(), "version": 1, "deleted": False, "customer_id": customer_id, "name": name, **kw}


def visit(customer_id: str, **kw) -> dict:
    return {"id": new_id(), "version": 1, "deleted": False, "customer_id": customer_id, "rep_id": REP, **kw}


@pytest.fixture
def db(tmp_path):
    db = LocalDb(tmp_path / "replica.sqlite3")
    with db.session() as s:
        upsert_rows(
            s,
            "territory",
            [
                {
                    "id": TERRITORY,
                    "version": 1,
                    "deleted": False,
                    "code": "HZ",
                    "name": "杭州西湖片区",
                    "kind": "territory",
                    "parent_id": None,
                }
            ],
        )
        upsert_rows(
            s,
            "user",
            [
                {
                    "id": REP,
                    "version": 1,
                    "deleted": False,
                    "username": "rep",
                    "display_name": "王磊",
                    "role": "rep",
                    "rep_code": "R01",
                    "active": True,
                }
            ],
        )
        upsert_rows(
            s,
            "assignment",
            [
                {
                    "id": new_id(),
                    "version": 1,
                    "deleted": False,
                    "user_id": REP,
                    "territory_id": TERRITORY,
                    "customer_id": None,
                }
            ],
        )
        for key, value in (("user_id", REP), ("role", "rep")):
            set_state(s, key, value)
    yield db
    db.close()


@pytest.fixture
def people(db):
    """Six customers as a pull brings them, indexed."""
    rows = {
        "xingyun": customer(
            "杭州星云科技有限公司",
            "C00001",
            phone="0571-88886666",
            city="杭州市",
            address="杭州市西湖区文三路88号",
            tier="vip",
            visit_grade="A",
        ),
        "huaxin": customer(
            "宁波华信贸易有限公司",
            "C00002",
            phone="0574-87654321",
            city="宁波市",
            address="宁波市海曙区中山西路12号",
            tier="ordinary",
            visit_grade="B",
        ),
        "chongqing": customer(
            "重庆长安汽车配件有限公司",
            "C00003",
            phone="023-61234567",
            city="重庆市",
            tier="major",
            visit_grade="A",
            key_account=True,
        ),
        "acme": customer(
            "Acme Trading Co., Ltd.",
            "C00004",
            phone="+44 20 7946 0958",
            city="London",
            tier="small",
            visit_grade="C",
        ),
        "hangzhou2": customer(
            "杭州西湖茶叶有限公司",
            "C00005",
            phone="13812345678",
            city="杭州市",
            tier="small",
            visit_grade="C",
        ),
        "nebula": customer("Nebula Logistics Ltd.", "C00006", phone="021-55556666", city="上海市"),
    }
    with db.session() as s:
        upsert_rows(s, "customer", list(rows.values()))
        upsert_rows(
            s,
            "contact",
            [
                contact(rows["xingyun"]["id"], "张伟", mobile="139 1111 2222", is_primary=True),
                contact(rows["huaxin"]["id"], "李娜", phone="0574-87650000"),
                contact(rows["acme"]["id"], "John Smith", mobile="13700001111"),
            ],
        )
        assert search.backlog(s) == 6
        assert search.catch_up(s) == 6
        assert search.backlog(s) == 0
    return {k: v["id"] for k, v in rows.items()}


def found(db, text_: str, **kw) -> set[str]:
    with db.session() as s:
        rows = queries.search_customers(s, text_, limit=1000, **kw)
        count = queries.count_customers(s, text_, **kw)
    assert count == len(rows)
    return {r["id"] for r in rows}


def test_two_chinese_characters_find_substrings(db, people):
    assert found(db, "杭州") == {people["xingyun"], people["hangzhou2"]}
    assert found(db, "星云") == {people["xingyun"]}
    assert found(db, "西湖") == {people["xingyun"], people["hangzhou2"]}  # address and name
    assert found(db, "限公") == {
        people["xingyun"],
        people["huaxin"],
        people["chongqing"],
        people["hangzhou2"],
    }
    assert found(db, "星") == {people["xingyun"]}  # one character too
    assert found(db, "云科技") == {people["xingyun"]}
    assert found(db, "星科") == set()  # not a substring


def test_pinyin_full_and_initials(db, people):
    assert found(db, "hzxy") == {people["xingyun"]}
    assert found(db, "HZXY") == {people["xingyun"]}
    assert found(db, "xingyun") == {people["xingyun"]}
    assert found(db, "hangzhou") == {people["xingyun"], people["hangzhou2"]}
    assert found(db, "nbhx") == {people["huaxin"]}
    assert found(db, "chongqing") == {people["chongqing"]}  # 重庆 read as a phrase, not zhongqing
    assert found(db, "cqca") == {people["chongqing"]}
    # Short Latin queries only match the start of the pinyin (else "an" would match nearly all).
    assert found(db, "hz") == {people["xingyun"], people["hangzhou2"]}
    assert people["huaxin"] not in found(db, "an")


def test_english_words_prefixes_and_case(db, people):
    assert found(db, "acm") == {people["acme"]}
    assert found(db, "nebu") == {people["nebula"]}
    assert found(db, "logis") == {people["nebula"]}
    assert found(db, "TRADING") == {people["acme"]}
    assert found(db, "acme ltd") == {people["acme"]}
    assert found(db, "smith") == {people["acme"]}  # a contact's name


def test_codes_phones_contacts_and_words_together(db, people):
    assert found(db, "C00002") == {people["huaxin"]}
    assert found(db, "c00002") == {people["huaxin"]}
    assert found(db, "88886666") == {people["xingyun"]}
    assert found(db, "0571-8888") == {people["xingyun"]}
    assert found(db, "05718888") == {people["xingyun"]}
    assert found(db, "1391111") == {people["xingyun"]}  # a contact's mobile, typed without spaces
    assert found(db, "张伟") == {people["xingyun"]}
    assert found(db, "李娜 宁波") == {people["huaxin"]}  # every word must match, anywhere in the customer
    assert found(db, "李娜 杭州") == set()


def test_nothing_searchable_finds_nothing_and_blank_finds_all(db, people):
    assert found(db, "%") == set()
    assert found(db, "-_-") == set()
    assert found(db, '"') == set()
    assert len(found(db, "   ")) == 6


def test_sorted_pages_of_search_results(db, people):
    with db.session() as s:
        asc = [r["name"] for r in queries.search_customers(s, "有限", sort=Sort("name"))]
        desc = [r["name"] for r in queries.search_customers(s, "有限", sort=Sort("name", descending=True))]
        by_code = [r["code"] for r in queries.search_customers(s, "有限", sort=Sort("code", descending=True))]
        page = [r["name"] for r in queries.search_customers(s, "有限", sort=Sort("name"), offset=1, limit=2)]
    assert asc == sorted(asc, key=search.sort_key) and desc == asc[::-1] and len(asc) == 4  # by pinyin
    assert by_code == ["C00005", "C00003", "C00002", "C00001"]
    assert page == asc[1:3]


def test_a_pulled_change_is_found_at_once_and_pinyin_after_the_catch_up(db, people):
    renamed = customer("温州远航电器有限公司", "C00001", id=people["xingyun"], phone="0577-12345678")
    with db.session() as s:
        upsert_rows(s, "customer", [renamed])  # the pull's INSERT … ON CONFLICT DO UPDATE
        assert search.backlog(s) == 1
    # Before the index catches up: the new name is found, the old one no longer.
    assert found(db, "远航") == {people["xingyun"]}
    assert found(db, "星云") == set()
    assert found(db, "wzyh") == set()  # pinyin waits for the catch-up
    with db.session() as s:
        assert search.catch_up(s) == 1
    assert found(db, "wzyh") == {people["xingyun"]}
    assert found(db, "hzxy") == set()


def test_new_customers_contacts_and_evictions_keep_the_index_in_step(db, people):
    fresh = customer("苏州金桥机械有限公司", "C00007")
    with db.session() as s:
        upsert_rows(s, "customer", [fresh])
        upsert_rows(s, "contact", [contact(people["huaxin"], "赵敏", mobile="13600000000")])
        upsert_rows(
            s,
            "customer",
            [customer("杭州星云科技有限公司", "C00001", id=people["xingyun"], phone="0571-88886666")],
        )  # unchanged: queued, rebuilt the same
    assert found(db, "金桥") == {fresh["id"]}
    assert found(db, "赵敏") == {people["huaxin"]}
    with db.session() as s:
        search.catch_up(s)
        evict_customers(s, [people["xingyun"]])
        assert s.execute(text("SELECT count(*) FROM customer_index")).scalar() == 6
        assert s.execute(text("SELECT count(*) FROM customer_fts")).scalar() == 6
    assert found(db, "szjq") == {fresh["id"]}
    assert found(db, "星云") == set()
    assert found(db, "hzxy") == set()


def test_the_laptops_own_writes_go_through_the_same_triggers(db, people):
    with db.session() as s:
        w = LocalWriter.for_owner(s)
        w.update("customer", people["huaxin"], {"name": "宁波华信国际贸易有限公司"})
        w.insert("contact", {"customer_id": people["acme"], "name": "王芳", "mobile": "13500001111"})
        search.catch_up(s, only=[people["huaxin"]])
        assert search.backlog(s) == 1  # acme is still queued: only huaxin was asked for
    assert found(db, "nbhxgj") == {people["huaxin"]}
    assert found(db, "王芳") == {people["acme"]}  # found meanwhile from its current rows
    with db.session() as s:
        w = LocalWriter.for_owner(s)
        w.delete("customer", people["nebula"])  # a tombstone: gone from searches
        search.catch_up(s)
    assert found(db, "nebula") == set()
    assert len(found(db, "")) == 5


def test_repeated_pulls_of_the_same_rows_never_fail_on_the_queue(db, people):
    rows = [customer(f"重复{i}", f"D{i}") for i in range(3)]
    for _ in range(3):  # the queue's primary key must not turn the pull's upsert into an error
        with db.session() as s:
            upsert_rows(s, "customer", rows)
            upsert_rows(s, "visit", [visit(rows[0]["id"], status="planned", planned_at=_iso(NOW))])
    with db.session() as s:
        assert search.catch_up(s) == 3


def test_visit_facts_due_dates_and_plans(db, people):
    today = date.today()
    long_ago = datetime.now(timezone.utc) - timedelta(days=20)
    recently = datetime.now(timezone.utc) - timedelta(days=2)
    with db.session() as s:
        upsert_rows(
            s,
            "visit",
            [
                visit(
                    people["xingyun"], status="approved", check_in_at=_iso(long_ago)
                ),  # grade A: due after 7 days
                visit(
                    people["huaxin"], status="submitted", check_in_at=_iso(recently)
                ),  # grade B: not due yet
                visit(people["huaxin"], status="cancelled", check_in_at=_iso(NOW)),  # does not count
                visit(people["acme"], status="planned", planned_at=_iso(NOW + timedelta(days=1))),
            ],
        )
        search.catch_up(s)
        detail = queries.customer_detail(s, people["xingyun"])
        assert detail["last_visit_at"].date() == long_ago.date()
        assert detail["due_on"] == (long_ago.astimezone().date() + timedelta(days=7))
        assert queries.customer_detail(s, people["huaxin"])[
            "due_on"
        ] == recently.astimezone().date() + timedelta(14)
        assert queries.customer_detail(s, people["acme"])["planned_at"] is not None
        due = {r["id"] for r in queries.due_customers(s, today)}
        assert people["xingyun"] in due and people["huaxin"] not in due
        assert people["acme"] not in due  # a visit is planned already
        assert people["hangzhou2"] in due  # never visited: due now
        assert queries.count_due_customers(s, today)[1] >= 1
    assert people["xingyun"] in found(db, "", filters=CustomerFilters(visit_due=queries.OVERDUE))
    assert people["huaxin"] not in found(db, "", filters=CustomerFilters(visit_due=queries.DUE))


def test_filters_sync_state_and_saved_filters(db, people):
    assert found(db, "", filters=CustomerFilters(tier="vip")) == {people["xingyun"]}
    assert found(db, "有限", filters=CustomerFilters(visit_grade="A")) == {
        people["xingyun"],
        people["chongqing"],
    }
    assert found(db, "", filters=CustomerFilters(key_account=True)) == {people["chongqing"]}
    assert found(db, "", filters=CustomerFilters(territory_id=TERRITORY)) == set(people.values())
    with db.session() as s:
        LocalWriter.for_owner(s).update("customer", people["acme"], {"phone": "020 7946 0000"})
    assert found(db, "", filters=CustomerFilters(sync_state=queries.PENDING)) == {people["acme"]}
    with db.session() as s:
        states = {r["id"]: r["sync_state"] for r in queries.search_customers(s, "")}
        by_state = [r["id"] for r in queries.search_customers(s, "", sort=Sort("sync_state"))]
    assert states[people["acme"]] == queries.PENDING and states[people["huaxin"]] == queries.SYNCED
    assert by_state[0] == people["acme"]
    with db.session() as s:
        fid = queries.save_filter(s, "VIP A", CustomerFilters(tier="vip", visit_grade="A"))
        queries.save_filter(s, "VIP A", CustomerFilters(tier="vip", visit_grade="A", visit_due="due"))
    with db.session() as s:
        saved = queries.saved_filters(s)
        assert [(i, n) for i, n, _f in saved] == [(fid, "VIP A")]
        assert saved[0][2] == CustomerFilters(tier="vip", visit_grade="A", visit_due="due")
        queries.delete_filter(s, fid)
        assert queries.saved_filters(s) == []


def test_drafts_survive_reopening_the_database(tmp_path, db):
    with db.session() as s:
        queries.save_draft(
            s, "visit:x", "visit", {"outcome": "order", "order_amount": "12a"}, customer_id="c"
        )
    db.close()
    again = LocalDb(tmp_path / "replica.sqlite3")
    with again.session() as s:
        assert queries.load_draft(s, "visit:x") == {"outcome": "order", "order_amount": "12a"}
        queries.delete_draft(s, "visit:x")
        assert queries.load_draft(s, "visit:x") is None
    again.close()


def test_duplicate_candidates_for_the_warning(db, people):
    from domain.validation import likely_duplicates

    with db.session() as s:
        by_name = queries.duplicate_candidates(s, "杭州星云科技公司", None)
        by_phone = queries.duplicate_candidates(s, "别的名字", "0571 8888 6666")
        mine = queries.duplicate_candidates(s, "杭州星云科技有限公司", None, exclude_id=people["xingyun"])
    assert [d.customer_id for d in likely_duplicates("杭州星云科技公司", None, by_name)] == [
        people["xingyun"]
    ]
    assert [d.reasons for d in likely_duplicates("别的名字", "0571 8888 6666", by_phone)] == [("phone",)]
    assert mine == []


def test_an_existing_replica_is_indexed_after_the_upgrade(tmp_path):
    path = tmp_path / "old.sqlite3"
    old = LocalDb(path, migrate=False)
    with old.engine.begin() as conn:
        upgrade_to(conn, "0001")
        conn.execute(
            text(
                "INSERT INTO customers (id, version, deleted, code, name, customer_type, territory_id) "
                "VALUES ('c1', 1, 0, 'C1', '杭州星云科技有限公司', 'organisation', 't')"
            )
        )
    old.close()
    db = LocalDb(path)  # upgrades to the head
    with db.session() as s:
        assert search.backlog(s) == 1
        assert queries.count_customers(s, "星云") == 1  # found before the catch-up, from its row
        search.catch_up(s)
        assert queries.count_customers(s, "hzxy") == 1
    db.close()


def test_money_and_dates_in_visit_facts_keep_their_types(db, people):
    with db.session() as s:
        upsert_rows(
            s,
            "visit",
            [
                visit(
                    people["acme"],
                    status="approved",
                    check_in_at=_iso(NOW),
                    order_amount=str(Decimal("10.50")),
                )
            ],
        )
        search.catch_up(s)
        row = queries.customer_detail(s, people["acme"])
    assert isinstance(row["due_on"], date) and row["last_visit_at"].tzinfo is not None


def test_the_customer_lists_overdue_filter_counts_what_today_counts(db, people):
    """A customer with a visit planned is not overdue on Today, so not in the list's filter either."""
    today = date.today()
    long_ago = datetime.now(timezone.utc) - timedelta(days=40)
    with db.session() as s:
        upsert_rows(
            s,
            "visit",
            [
                visit(people["xingyun"], status="approved", check_in_at=_iso(long_ago)),
                visit(people["huaxin"], status="approved", check_in_at=_iso(long_ago)),
                visit(people["huaxin"], status="planned", planned_at=_iso(NOW + timedelta(days=3))),
            ],
        )
        search.catch_up(s)
        due, overdue = queries.count_due_customers(s, today)
        today_due = {r["id"] for r in queries.due_customers(s, today)}
    listed_overdue = found(db, "", filters=CustomerFilters(visit_due=queries.OVERDUE))
    listed_due = found(db, "", filters=CustomerFilters(visit_due=queries.DUE))
    assert people["xingyun"] in listed_overdue
    assert people["huaxin"] not in listed_overdue and people["huaxin"] not in listed_due  # planned
    assert len(listed_overdue) == overdue
    assert listed_due == today_due and len(listed_due) == due
