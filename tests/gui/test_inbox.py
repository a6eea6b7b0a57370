"""The supervisor inbox decides on a discount with the quote's *effective* discount.

The effective discount (``local_db.quotes.effective_discount``, ``domain.pricing.max_discount_pct``)
stacks line and header discounts and counts prices typed below the price list: a 20 % line
discount under a 10 % header discount is 28 % off, above a supervisor's 25 % limit, although
neither discount alone is.
"""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt

from local_db import quotes as quotes_db
from tests.sync.helpers import Laptop, insert_two_widgets_quote, server_row
from ui.inbox import InboxPage

D = Decimal


def pending_quote(
    rep: Laptop,
    org,
    customer_id: str,
    number: str,
    *,
    line_pct: str,
    header_pct: str,
    unit_price: str = "10.00",
) -> str:
    """A quote of two units of the Widget (list price 10.00) waiting for approval."""
    with rep.write() as w:
        qid = insert_two_widgets_quote(
            w,
            org.product_id,
            customer_id,
            number,
            discount_pct=line_pct,
            unit_price=unit_price,
            header_discount_pct=D(header_pct),
        )
    with rep.db.session() as s:
        quotes_db.recompute_totals(s, qid)  # the stored amounts follow the rounding rule
    with rep.write() as w:
        w.update("quote", qid, {"status": "pending_approval"})
    return qid


def open_inbox(qtbot, lap: Laptop, runner) -> InboxPage:
    page = InboxPage(lap.db, runner=runner)
    qtbot.addWidget(page)
    page.resize(1100, 700)
    page.show()
    page.activateWindow()  # shortcuts only fire in the active window, as for a user at the keyboard
    qtbot.waitUntil(page.isActiveWindow, timeout=3000)
    return page


def test_stacked_discounts_above_the_supervisor_limit_are_not_approved(qtbot, world, english):
    org, store, laptop, runner = world
    rep = laptop("rep_a")
    c1, c2, c3 = sorted(org.customers["N1"])[:3]
    stacked = pending_quote(rep, org, c1, "RA-2026-9101", line_pct="20", header_pct="10")  # 28 % off
    typed = pending_quote(
        rep, org, c2, "RA-2026-9102", line_pct="0", header_pct="10", unit_price="7.00"
    )  # 37 %
    within = pending_quote(rep, org, c3, "RA-2026-9103", line_pct="10", header_pct="10")  # 19 % off
    rep.sync()
    sup = laptop("sup_n")
    with sup.db.session() as s:
        assert quotes_db.effective_discount(s, quotes_db.quote_row(s, stacked)) == D("28")

    inbox = open_inbox(qtbot, sup, runner)
    by_id = {it["id"]: row for row, it in enumerate(inbox.model.items)}
    assert set(by_id) == {stacked, typed, within}
    assert "28% discount" in inbox.model.data(inbox.model.index(by_id[stacked], 2))
    assert "37% discount" in inbox.model.data(inbox.model.index(by_id[typed], 2))
    assert "19% discount" in inbox.model.data(inbox.model.index(by_id[within], 2))

    for refused in (stacked, typed):
        assert inbox.select(refused)
        assert not inbox.approve_button.isEnabled() and not inbox.approve_action.isEnabled()
        assert "above your approval limit of 25%" in inbox.detail_text.text()
        inbox.table.setFocus()
        qtbot.keyClick(inbox.table, Qt.Key.Key_A)  # does nothing: an administrator decides
        assert refused in {it["id"] for it in inbox.model.items}
        assert sup.row("quote", refused)["status"] == "pending_approval"

    assert inbox.select(within)
    assert inbox.approve_button.isEnabled()
    inbox.table.setFocus()
    qtbot.keyClick(inbox.table, Qt.Key.Key_A)
    qtbot.waitUntil(lambda: within not in {it["id"] for it in inbox.model.items}, timeout=5000)
    assert "approved" in inbox.message.text(), inbox.message.text()

    sup.sync()
    assert server_row(store, "quote", within)["status"] == "approved"
    assert server_row(store, "quote", stacked)["status"] == "pending_approval"
    assert server_row(store, "quote", typed)["status"] == "pending_approval"
