"""Quotes on the laptop (local_db.quotes) over a real replica filled by a real sync.

The catalogue below is small and known, so every price and total is worked out by hand:

    Ordinary list (tier ordinary, CNY)        VIP list (tier vip, CNY)
    P-100 A4复印纸 70g  1+ 140.00 · 10+ 135.00 · 50+ 129.00     1+ 130.00 · 10+ 125.00
    D-100 激光打印机    1+ 1900.00 · 5+ 1850.00                 1+ 1800.00
    S-100 上门安装服务  1+ 300.00 (tax 6 %)
    P-200 彩色打印纸    not on the lists: list price 80.00
    F-100 西湖龙井茶    not on the lists: list price 680.00 (tax 9 %)

build_org's customers have no tier yet: they get the ordinary list.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from domain import schema as S
from domain.errors import DomainError
from domain.period import Period
from local_db import quotes as Q
from local_db.kpi_facts import sale_facts
from local_db.models import OutboxEntry, SyncState
from server.store.changes import allocate_seq, insert_rows, update_row
from sync.contract import new_id
from tests.factories import build_org
from tests.sync.helpers import Laptop, laptop_maker, server_row

D = Decimal
TODAY = date(2026, 3, 10)


def add_catalog(store) -> dict[str, str]:
    """The catalogue and two tier price lists above, written on the server; SKU → product id."""
    ids = {sku: new_id() for sku in ("P-100", "P-200", "D-100", "S-100", "F-100")}
    products = [
        ("P-100", "A4复印纸 70g", "箱", "Paper", "150.00", "13"),
        ("P-200", "彩色打印纸", "包", "Paper", "80.00", "13"),
        ("D-100", "激光打印机", "台", "Devices", "2000.00", "13"),
        ("S-100", "上门安装服务", "次", "Services", "300.00", "6"),
        ("F-100", "西湖龙井茶", "kg", "Food", "680.00", "9"),
    ]
    ordinary, vip = new_id(), new_id()
    with store.session() as s:
        seq = allocate_seq(s)
        insert_rows(
            s,
            S.PRODUCT,
            [
                {
                    "id": ids[sku],
                    "sku": sku,
                    "name": name,
                    "unit": unit,
                    "category": cat,
                    "list_price": D(price),
                    "tax_rate": D(tax),
                    "active": True,
                }
                for sku, name, unit, cat, price, tax in products
            ],
            seq,
            None,
        )
        insert_rows(
            s,
            S.PRICE_LIST,
            [
                {
                    "id": ordinary,
                    "name": "Ordinary list",
                    "tier": "ordinary",
                    "currency": "CNY",
                    "valid_from": date(2026, 1, 1),
                    "active": True,
                },
                {
                    "id": vip,
                    "name": "VIP list",
                    "tier": "vip",
                    "currency": "CNY",
                    "valid_from": date(2026, 1, 1),
                    "active": True,
                },
            ],
            seq,
            None,
        )
        items = [
            (ordinary, "P-100", "1", "140.00"),
            (ordinary, "P-100", "10", "135.00"),
            (ordinary, "P-100", "50", "129.00"),
            (ordinary, "D-100", "1", "1900.00"),
            (ordinary, "D-100", "5", "1850.00"),
            (ordinary, "S-100", "1", "300.00"),
            (vip, "P-100", "1", "130.00"),
            (vip, "P-100", "10", "125.00"),
            (vip, "D-100", "1", "1800.00"),
        ]
        insert_rows(
            s,
            S.PRICE_LIST_ITEM,
            [
                {
                    "id": new_id(),
                    "price_list_id": pl,
                    "product_id": ids[sku],
                    "min_quantity": D(q),
                    "unit_price": D(p),
                }
                for pl, sku, q, p in items
            ],
            seq,
            None,
        )
    return ids


def set_tier(store, customer_id: str, tier: str) -> None:
    with store.session() as s:
        update_row(s, S.CUSTOMER, customer_id, {"tier": tier}, allocate_seq(s), None)


def refusal(lap: Laptop, action, *args, **kw) -> str:
    """The code of the ``DomainError`` with which ``action(session, *args, **kw)`` refuses on ``lap``."""
    with lap.db.session() as s, pytest.raises(DomainError) as refused:
        action(s, *args, **kw)
    return refused.value.code


@pytest.fixture
def world(sqlite_store, live_server, tmp_path):
    o = build_org(sqlite_store)
    products = add_catalog(sqlite_store)
    srv = live_server(sqlite_store)
    laptop = laptop_maker(tmp_path, srv.url)

    return sqlite_store, o, products, laptop


def rep_a_and_customer(laptop, o) -> tuple[Laptop, str]:
    """rep_a's laptop and the first customer of cell N1, whom the quotes here are for."""
    return laptop("rep_a"), sorted(o.customers["N1"])[0]


def three_line_draft(s, customer_id: str, printer_discount: str | None = None) -> Q.QuoteDraft:
    """Paper, a printer (at ``printer_discount`` percent off) and a service line."""
    catalog = Q.load_catalog(s)
    draft = Q.new_draft(s, customer_id, today=TODAY)
    pl = Q.price_list_for_customer(s, customer_id, TODAY)
    by_sku = {p.sku: p for p in catalog.products}
    draft.lines = [
        Q.line_for_product(by_sku["P-100"], 60, pl),
        Q.line_for_product(by_sku["D-100"], 2, pl),
        Q.line_for_product(by_sku["S-100"], 1, pl),
    ]
    if printer_discount is not None:
        draft.lines[1].discount_pct = D(printer_discount)
    return draft


def outbox(lap: Laptop) -> list[tuple[str, str]]:
    with lap.db.session() as s:
        return [(e.entity, e.op) for e in s.scalars(select(OutboxEntry).order_by(OutboxEntry.client_seq))]


# --------------------------------------------------------------------------- catalogue and prices


def test_catalogue_search_by_sku_name_and_pinyin(world):
    _store, _o, _products, laptop = world
    rep = laptop("rep_a")
    with rep.db.session() as s:
        catalog = Q.load_catalog(s)
    assert catalog.categories() == ["Devices", "Food", "General", "Paper", "Services"]
    assert [p.sku for p in catalog.search("D-100")] == ["D-100"]
    assert [p.sku for p in catalog.search("p-")] == ["P-1", "P-100", "P-200"]  # SKU prefix; General < Paper
    assert [p.sku for p in catalog.search("打印")] == ["D-100", "P-200"]  # in the name; then by category
    assert [p.sku for p in catalog.search("dyj")] == [
        "D-100"
    ]  # pinyin initials of 激光打印机 (ji guang da yin ji)
    assert [p.sku for p in catalog.search("jiguang")] == ["D-100"]  # full pinyin
    assert [p.sku for p in catalog.search("fyz")] == ["P-100"]  # A4复印纸 → a4fyz
    assert [p.sku for p in catalog.search("longjing")] == ["F-100"]
    assert [p.sku for p in catalog.search("dy z")] == ["P-200"]  # every word must match: 彩色打印纸
    assert [p.sku for p in catalog.search("", category="Paper")] == ["P-100", "P-200"]
    assert catalog.search("nothing-like-this") == []


def test_tier_price_list_with_volume_breaks_and_list_price_fallback(world):
    store, o, products, laptop = world
    plain, major = sorted(o.customers["N1"])[:2]
    set_tier(store, major, "major")  # major customers share the VIP list
    rep = laptop("rep_a")
    with rep.db.session() as s:
        catalog = Q.load_catalog(s)
        paper, printer, colour = (catalog.get(products[k]) for k in ("P-100", "D-100", "P-200"))
        ordinary = Q.price_list_for_customer(s, plain, TODAY)
        vip = Q.price_list_for_customer(s, major, TODAY)
        before_valid = Q.price_list_for_customer(s, plain, date(2025, 12, 31))
    assert (ordinary.name, ordinary.currency) == ("Ordinary list", "CNY")
    assert vip.name == "VIP list"
    assert before_valid is None  # the lists start on 1 January 2026: list prices before that
    assert [Q.price_for(paper, q, ordinary) for q in (1, 9, D("9.999"), 10, 49, 50, 500)] == [
        D("140.00"),
        D("140.00"),
        D("140.00"),
        D("135.00"),
        D("135.00"),
        D("129.00"),
        D("129.00"),
    ]
    assert [Q.price_for(paper, q, vip) for q in (1, 10, 50)] == [D("130.00"), D("125.00"), D("125.00")]
    assert Q.price_for(printer, 5, ordinary) == D("1850.00")
    assert Q.price_for(colour, 3, ordinary) == D("80.00")  # not on the list: list price
    assert Q.price_for(paper, 3, None) == D("150.00")  # no list at all: list price


# --------------------------------------------------------------------------- drafts and totals


def test_saving_a_draft_stores_lines_and_totals_by_the_rounding_rule(world):
    store, o, _products, laptop = world
    rep, cid = rep_a_and_customer(laptop, o)
    with rep.db.session() as s:
        draft = three_line_draft(s, cid, printer_discount="15")
        draft.header_discount_pct = D("2.5")
        qid = Q.save_draft(s, draft)
    # By hand: 60 × 129.00 = 7740.00; 2 × 1900.00 × 0.85 = 3230.00; 1 × 300.00 = 300.00 → 11270.00.
    # Header 2.5 % = 281.75, shared 193.50 / 80.75 / 7.50; tax 13 % of 7546.50 = 981.045 → 981.05,
    # 13 % of 3149.25 = 409.4025 → 409.40, 6 % of 292.50 = 17.55 → 1408.00; total 11270 − 281.75 + 1408.00.
    row = rep.row("quote", qid)
    assert (row["subtotal"], row["tax_total"], row["total"]) == ("11270.00", "1408.00", "12396.25")
    assert row["status"] == "draft" and row["number"] == "RA-2026-0001" and row["currency"] == "CNY"
    assert row["valid_until"] == str(TODAY + timedelta(days=30))
    with rep.db.session() as s:
        lines = Q.stored_lines(s, qid)
    assert [
        (r["line_no"], str(r["unit_price"]), str(r["line_subtotal"]), str(r["line_tax"])) for r in lines
    ] == [
        (1, "129.00", "7740.00", "981.05"),
        (2, "1900.00", "3230.00", "409.40"),
        (3, "300.00", "300.00", "17.55"),
    ]
    assert outbox(rep) == [("quote", "insert")] + [("quote_line", "insert")] * 3
    report = rep.sync()
    assert report.rejected == 0 and report.applied == 4
    assert server_row(store, "quote", qid)["total"] == "12396.25"


def test_quantity_repicks_the_break_unless_the_price_was_typed(world):
    _store, o, products, laptop = world
    rep, cid = rep_a_and_customer(laptop, o)
    with rep.db.session() as s:
        draft = Q.new_draft(s, cid, today=TODAY)
        qid = Q.save_draft(s, draft)
        paper = Q.add_line(s, qid, products["P-100"], 5)
        printer = Q.add_line(s, qid, products["D-100"], 1, unit_price="1700.00")  # typed
    with rep.db.session() as s:
        Q.update_line(s, paper, quantity=60)
        Q.update_line(s, printer, quantity=6)
    assert rep.row("quote_line", paper)["unit_price"] == "129.00"  # the 50+ break
    assert rep.row("quote_line", printer)["unit_price"] == "1700.00"  # typed: kept
    with rep.db.session() as s:
        draft = Q.load_draft(s, qid)
        assert [line.price_typed for line in draft.lines] == [False, True]
        Q.update_line(s, printer, unit_price=None)  # back to the price list
    assert rep.row("quote_line", printer)["unit_price"] == "1850.00"  # the 5+ break
    with rep.db.session() as s:
        Q.remove_line(s, paper)
    assert rep.row("quote_line", paper) is None or rep.row("quote_line", paper)["deleted"]
    assert rep.row("quote", qid)["subtotal"] == "11100.00"  # 6 × 1850.00
    assert refusal(rep, Q.update_line, printer, quantity=0) == "quantity_not_positive"


def test_tax_exempt_line_and_full_discount(world):
    _store, o, products, laptop = world
    rep, cid = rep_a_and_customer(laptop, o)
    with rep.db.session() as s:
        qid = Q.save_draft(s, Q.new_draft(s, cid, today=TODAY))
        Q.add_line(s, qid, products["F-100"], "0.5", tax_rate=0)  # tax-exempt: 340.00, no tax
        Q.add_line(s, qid, products["P-200"], 3, discount_pct=100)  # given away: 0.00
        Q.add_line(s, qid, None, 2, unit_price="12.35", description="Delivery", tax_rate=6)  # free text
    row = rep.row("quote", qid)
    # 0.5 × 680 = 340.00 (tax 0); 3 × 80 × 0 = 0.00; 2 × 12.35 = 24.70, tax 6 % = 1.482 → 1.48
    assert (row["subtotal"], row["tax_total"], row["total"]) == ("364.70", "1.48", "366.18")


# --------------------------------------------------------------------------- numbering


def test_numbers_count_up_and_are_never_reused(world):
    store, o, _products, laptop = world
    rep, cid = rep_a_and_customer(laptop, o)
    numbers = []
    with rep.db.session() as s:
        for _ in range(3):
            draft = Q.new_draft(s, cid, today=TODAY)
            Q.save_draft(s, draft)
            numbers.append(draft.number)
    assert numbers == ["RA-2026-0001", "RA-2026-0002", "RA-2026-0003"]
    last = rep.ids("quote")
    with rep.write() as w:
        qid = next(q for q in last if rep.row("quote", q)["number"] == "RA-2026-0003")
        w.delete("quote", qid)  # a deleted draft …
    rep.sync()
    assert rep.row("quote", qid) is None  # … is gone from the laptop after the sync …
    with rep.db.session() as s:
        draft = Q.new_draft(s, cid, today=TODAY)
        Q.save_draft(s, draft)
        assert s.scalar(select(SyncState.value).where(SyncState.key == "quote_counter:RA:2026")) == "4"
    assert draft.number == "RA-2026-0004"  # … but its number is not handed out again
    # A number made elsewhere (another laptop of the same rep) that arrives with a sync counts too.
    with store.session() as s:
        insert_rows(
            s,
            S.QUOTE,
            [
                {
                    "id": new_id(),
                    "customer_id": cid,
                    "rep_id": o.users["rep_a"],
                    "number": "RA-2026-0042",
                    "status": "draft",
                    "currency": "CNY",
                    "issue_date": TODAY,
                }
            ],
            allocate_seq(s),
            None,
        )
    rep.sync()
    with rep.db.session() as s:
        assert Q.next_quote_number(s, "RA", 2026, take=False) == "RA-2026-0043"
        assert Q.next_quote_number(s, "RA", 2027, take=False) == "RA-2027-0001"  # per year
        assert Q.rep_code_of(s, o.users["rep_a"]) == "RA"
        assert Q.rep_code_of(s, o.users["sup_n"]) == "SUPN"  # no rep code: from the username


# --------------------------------------------------------------------------- lifecycle and approval


def test_send_is_refused_without_approval_when_the_discount_is_above_the_limit(world):
    store, o, _products, laptop = world
    rep, cid = rep_a_and_customer(laptop, o)
    with rep.db.session() as s:
        draft = three_line_draft(s, cid, printer_discount="15")
        qid = Q.save_draft(s, draft)
        assert Q.quote_needs_approval(s, Q.quote_row(s, qid))
    assert refusal(rep, Q.change_status, qid, "sent") == "approval_required"
    with rep.db.session() as s:
        Q.change_status(s, qid, "pending_approval")
    rep.sync()
    assert server_row(store, "quote", qid)["status"] == "pending_approval"


@pytest.mark.parametrize(
    "change,needs",
    [
        ({"discount": "10"}, False),  # exactly at the limit is allowed
        ({"discount": "10.5"}, True),
        ({"header": "6", "discount": "5"}, True),  # stacked: 1 − 0.95 × 0.94 = 10.7 %
        ({"price": "1600.00"}, True),  # typed 15.8 % below the price list (1900.00)
        ({"price": "1750.00"}, False),  # 7.9 % below: within the limit
    ],
)
def test_needs_approval_follows_the_effective_discount(world, change, needs):
    _store, o, _products, laptop = world
    rep, cid = rep_a_and_customer(laptop, o)
    with rep.db.session() as s:
        draft = three_line_draft(s, cid)
        draft.lines = draft.lines[1:2]  # the printer only
        draft.lines[0].discount_pct = D(change.get("discount", "0"))
        if "price" in change:
            draft.lines[0].unit_price, draft.lines[0].price_typed = D(change["price"]), True
        draft.header_discount_pct = D(change.get("header", "0"))
        qid = Q.save_draft(s, draft)
        assert Q.quote_needs_approval(s, Q.quote_row(s, qid)) is needs


def test_empty_quote_cannot_leave_draft(world):
    _store, o, _products, laptop = world
    rep = laptop("rep_a")
    with rep.db.session() as s:
        qid = Q.save_draft(s, Q.new_draft(s, sorted(o.customers["N1"])[0], today=TODAY))
    assert refusal(rep, Q.change_status, qid, "pending_approval") == "empty_quote"


def test_supervisor_approves_within_their_limit_only(world):
    store, o, _products, laptop = world
    rep, cid = rep_a_and_customer(laptop, o)
    with rep.db.session() as s:
        high = three_line_draft(s, cid, printer_discount="30")  # above the supervisor's 25 %
        high_id = Q.save_draft(s, high)
        Q.change_status(s, high_id, "pending_approval")
        ok = three_line_draft(s, cid, printer_discount="20")
        ok_id = Q.save_draft(s, ok)
        Q.change_status(s, ok_id, "pending_approval")
    rep.sync()
    sup = laptop("sup_n")
    assert refusal(sup, Q.change_status, high_id, "approved") == "above_approver_limit"
    assert refusal(sup, Q.change_status, ok_id, "draft", comment="  ") == "comment_required"
    with sup.db.session() as s:
        Q.change_status(s, ok_id, "approved", comment="OK for this key account")
        Q.change_status(s, high_id, "draft", comment="30 % is too much, 20 % at most")
    report = sup.sync()
    assert report.rejected == 0
    approved = server_row(store, "quote", ok_id)
    assert approved["status"] == "approved" and approved["approved_by"] == o.users["sup_n"]
    assert approved["approval_comment"] == "OK for this key account"
    assert server_row(store, "quote", high_id)["status"] == "draft"
    rep.sync()
    assert rep.row("quote", ok_id)["status"] == "approved"
    assert rep.row("quote", high_id)["approval_comment"] == "30 % is too much, 20 % at most"
    with rep.db.session() as s:
        Q.change_status(s, ok_id, "sent")
        Q.change_status(s, ok_id, "accepted")
    assert rep.sync().rejected == 0
    assert server_row(store, "quote", ok_id)["status"] == "accepted"
    # An accepted quote is a sale (成交) for the KPIs, dated by the decision.
    with rep.db.session() as s:
        today = Q.today_local()
        sales = sale_facts(s, Period(today - timedelta(days=1), today + timedelta(days=1)))
    assert [(f.customer_id, f.amount) for f in sales] == [(cid, D("12499.40"))]  # 11,080.00 + tax 1,419.40


def test_lines_are_fixed_outside_draft(world):
    _store, o, _products, laptop = world
    rep = laptop("rep_a")
    with rep.db.session() as s:
        draft = three_line_draft(s, sorted(o.customers["N1"])[0])
        qid = Q.save_draft(s, draft)
        Q.change_status(s, qid, "sent")
    assert refusal(rep, Q.add_line, qid, None, 1, unit_price="1", description="extra") == "quote_locked"


# --------------------------------------------------------------------------- copy and revision


def test_copy_reprices_for_the_other_customer_and_keeps_typed_prices(world):
    store, o, products, laptop = world
    plain, major = sorted(o.customers["N1"])[:2]
    set_tier(store, major, "major")
    rep = laptop("rep_a")
    with rep.db.session() as s:
        draft = three_line_draft(s, plain)
        draft.lines[2].unit_price, draft.lines[2].price_typed = D("250.00"), True
        draft.header_discount_pct = D("1")
        source = Q.save_draft(s, draft)
        copy = Q.copy_quote(s, source, major, today=TODAY)
        copied = Q.load_draft(s, copy)
    assert copied.customer_id == major and copied.number == "RA-2026-0002" and copied.revision_of_id is None
    assert [line.unit_price for line in copied.lines] == [D("125.00"), D("1800.00"), D("250.00")]
    assert copied.header_discount_pct == D("1")
    assert rep.sync().rejected == 0


def test_revision_of_a_sent_quote(world):
    store, o, _products, laptop = world
    rep = laptop("rep_a")
    with rep.db.session() as s:
        source = Q.save_draft(s, three_line_draft(s, sorted(o.customers["N1"])[0]))
        with pytest.raises(DomainError) as refused:
            Q.create_revision(s, source, today=TODAY)
        assert refused.value.code == "not_revisable"  # a draft is simply edited
        Q.change_status(s, source, "sent")
        revision = Q.create_revision(s, source, today=TODAY + timedelta(days=5))
        rev = Q.load_draft(s, revision)
    assert (rev.revision, rev.revision_of_id, rev.status, rev.number) == (2, source, "draft", "RA-2026-0002")
    assert rev.issue_date == TODAY + timedelta(days=5) and rev.valid_until == TODAY + timedelta(days=35)
    assert [line.quantity for line in rev.lines] == [D("60"), D("2"), D("1")]
    assert rep.sync().rejected == 0
    assert server_row(store, "quote", revision)["revision_of_id"] == source


def test_sent_quote_past_its_validity_lists_as_expired(world):
    _store, o, _products, laptop = world
    rep = laptop("rep_a")
    with rep.db.session() as s:
        draft = three_line_draft(s, sorted(o.customers["N1"])[0])
        draft.valid_until = TODAY + timedelta(days=3)
        qid = Q.save_draft(s, draft)
        Q.change_status(s, qid, "sent")
        later = TODAY + timedelta(days=4)
        expired = Q.list_quotes(s, filter=Q.QuoteFilter(statuses=("expired",), today=later))
        sent = Q.list_quotes(s, filter=Q.QuoteFilter(statuses=("sent",), today=later))
        assert [r["id"] for r in expired] == [qid] and sent == []
        assert Q.count_quotes(s, Q.QuoteFilter(statuses=("sent",), today=TODAY + timedelta(days=3))) == 1
        assert Q.document(s, qid, today=later).effective_status == "expired"
        assert Q.count_quotes(s, Q.QuoteFilter(text="RA-2026")) == 1
        assert s.scalar(select(func.count()).select_from(Q.quotes_t)) == 5  # build_org's four and this one
