"""The list queries behind the pages, on a real synced replica."""

from __future__ import annotations

from sqlalchemy import func, select

from local_db import complaints, queries, quotes
from local_db.queries import CustomerFilters, Sort


def test_search_matches_name_code_phone_and_is_literal(org_server, rep_a_db):
    org, _server = org_server
    with rep_a_db.session() as s:
        assert queries.count_customers(s) == len(org.customers["N1"])
        assert queries.count_customers(s, "客户") == 4
        assert queries.count_customers(s, "c00001") == 1  # case-insensitive for Latin letters
        assert queries.count_customers(s, "客户 C00003") == 1  # every word must match somewhere
        assert queries.count_customers(s, "N2 客户") == 0  # another rep's customers are not here
        assert queries.count_customers(s, "88000004") == 1
        assert queries.count_customers(s, "%") == 0  # wildcards are searched for, not obeyed
        assert queries.count_customers(s, "_") == 0
        assert queries.count_customers(s, "", CustomerFilters(tier="vip")) == 0


def test_pages_are_stable_and_sorted(rep_a_db):
    with rep_a_db.session() as s:
        first = queries.search_customers(s, sort=Sort("code", descending=True), offset=0, limit=3)
        rest = queries.search_customers(s, sort=Sort("code", descending=True), offset=3, limit=3)
        unknown = queries.search_customers(s, sort=Sort("no such key; drop table"), limit=10)
    assert [r["code"] for r in first + rest] == ["C00004", "C00003", "C00002", "C00001"]
    assert len(unknown) == 4  # an unknown sort key falls back to the default order


def test_record_lists(rep_a_db):
    with rep_a_db.session() as s:
        assert queries.count_visits(s) == 8 == len(queries.list_visits(s))
        assert queries.count_visits(s, statuses=["submitted"]) == 0
        assert quotes.count_quotes(s) == 4
        assert quotes.list_quotes(s, sort=Sort("total"))[0]["customer_name"].startswith("N1 ")
        assert complaints.count_complaints(s) == 0
        assert s.scalar(select(func.count()).select_from(queries.users).where(~queries.users.c.deleted)) == 6
