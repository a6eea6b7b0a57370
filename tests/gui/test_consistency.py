"""The same behaviour on every screen (issue 16, items 8–12): one customer picker, pinyin
sorting and honest sort arrows, to-date KPIs, a discount breakdown that adds up, and the
finish of the language (Qt's own dialogs in Chinese, banners, region names).

Real widgets offscreen over real replicas that a real sync filled from a real server.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import requests
from PySide6.QtCore import QDateTime, Qt, QTimeZone
from PySide6.QtGui import QStandardItemModel, QTextDocument
from PySide6.QtWidgets import QAbstractButton, QFileDialog, QLabel, QTableView

from domain import schema as S
from local_db import org_settings as held
from local_db import search
from server.store.changes import allocate_seq, insert_rows, update_row
from sync.contract import new_id
from tests.sync.helpers import Laptop
from ui.complaints.form import ComplaintForm
from ui.customer_picker import CustomerPicker
from ui.formatting import zone_note
from ui.kpi import KpiPage
from ui.kpi.models import KPI_COLUMNS
from ui.main_window import CUSTOMERS, INBOX, TODAY, VISITS, MainWindow
from ui.quotes import QuotesPage
from ui.style import apply_style
from ui.support.tasks import TaskRunner

XINGYUN, XINGHE = "杭州星云科技有限公司", "杭州星河贸易有限公司"


def rename(lap: Laptop, names: dict[str, str]) -> None:
    with lap.write() as w:
        for cid, name in names.items():
            w.update("customer", cid, {"name": name})
    with lap.db.session() as s:
        search.catch_up(s)


# ------------------------------------------------------------------ 8. one customer picker


def pick_by_keyboard(qtbot, picker: CustomerPicker, xingyun: str, xinghe: str) -> None:
    picker.setFocus()
    qtbot.keyClicks(picker, "hzxzzz")  # nothing is called that
    qtbot.waitUntil(picker.results_visible, timeout=2000)
    assert picker.nothing_found() and picker.result_ids() == []
    assert "No customer matches “hzxzzz”" in picker.results.item(0).text()
    qtbot.keyClick(picker, Qt.Key.Key_Return)  # takes nothing, submits nothing
    assert picker.customer_id is None

    picker.clear()
    qtbot.keyClicks(picker, "hzx")  # the initials of 杭州星… (pinyin typed on an English keyboard)
    qtbot.waitUntil(lambda: set(picker.result_ids()) == {xingyun, xinghe}, timeout=2000)
    assert not picker.nothing_found()
    second = picker.result_ids()[1]
    qtbot.keyClick(picker, Qt.Key.Key_Down)
    qtbot.keyClick(picker, Qt.Key.Key_Return)  # Enter takes the highlighted one, not the first
    assert picker.customer_id == second

    picker.clear()
    qtbot.keyClicks(picker, "xingyun")  # full pinyin
    qtbot.waitUntil(lambda: picker.result_ids() == [xingyun], timeout=2000)


def test_quote_and_complaint_forms_share_the_picker_with_pinyin_no_match_line_and_enter(
    qtbot, org_server, laptops, runner, english
):
    org, _server = org_server
    rep = laptops("rep_a")
    xingyun, xinghe = sorted(org.customers["N1"])[:2]
    rename(rep, {xingyun: XINGYUN, xinghe: XINGHE})

    page = QuotesPage(rep.db, role="rep", runner=runner, language="en")
    qtbot.addWidget(page)
    page.show()
    editor = page.new_quote()
    qtbot.waitExposed(editor)
    assert isinstance(editor.customer, CustomerPicker)
    pick_by_keyboard(qtbot, editor.customer, xingyun, xinghe)
    qtbot.keyClick(editor.customer, Qt.Key.Key_Return)
    assert editor.draft.customer_id == xingyun

    form = ComplaintForm(rep.db)
    qtbot.addWidget(form)
    form.show()
    qtbot.waitExposed(form)
    assert isinstance(form.customer_search, CustomerPicker)
    pick_by_keyboard(qtbot, form.customer_search, xingyun, xinghe)
    qtbot.keyClick(form.customer_search, Qt.Key.Key_Return)
    assert form.customer_id == xingyun and form.isVisible() and form.complaint_id is None
    assert form.contact.count() >= 2  # the chosen customer's contacts


# ------------------------------------------------------------- 9. pinyin order, true arrows


def test_chinese_names_sort_by_pinyin_in_the_lists(qtbot, org_server, laptops, english):
    org, _server = org_server
    rep = laptops("rep_a")
    yan, he, liu, plain = sorted(org.customers["N1"])
    rename(
        rep, {yan: "严氏贸易有限公司", he: "何记餐饮有限公司", liu: "刘家商行", plain: "长沙星河物流有限公司"}
    )
    window = MainWindow(rep.db, role="rep", display_name="Rep A", language="en", runner=TaskRunner())
    qtbot.addWidget(window)
    window.show_area(CUSTOMERS)
    model = window.customers_page.model
    names = [model.row(i)["name"] for i in range(model.rowCount())]
    # chang (长沙 read in its phrase, not zhang) < he < liu < yan; by code point 严 何 刘 长
    assert names == ["长沙星河物流有限公司", "何记餐饮有限公司", "刘家商行", "严氏贸易有限公司"]
    model.sort(window.customers_page.model.sort_column(), Qt.SortOrder.DescendingOrder)
    assert [model.row(i)["name"] for i in range(model.rowCount())] == names[::-1]

    window.show_area(VISITS)  # the visits of these customers, by customer: same order
    visits = window.pages[VISITS].model
    column = [c.key for c in visits.columns].index("customer")
    visits.sort(column, Qt.SortOrder.AscendingOrder)
    by_customer = list(dict.fromkeys(visits.row(i)["customer_name"] for i in range(visits.rowCount())))
    assert by_customer == names


def arrow_rows(header, section: int) -> list[int]:
    """How many arrow pixels each row of the header section has, top to bottom."""
    image = header.grab().toImage()
    x0, width = header.sectionViewportPosition(section), header.sectionSize(section)
    background = image.pixelColor(x0 + 1, 1).lightness()
    rows = []
    for y in range(image.height()):
        n = sum(
            1 for x in range(x0 + 2, x0 + width - 2) if background - image.pixelColor(x, y).lightness() > 60
        )
        if n:
            rows.append(n)
    return rows


def test_sort_arrows_point_the_way_the_list_runs(qtbot, qapp, org_server, laptops, english):
    rep = laptops("rep_a")
    apply_style(qapp)  # what the app does at start
    try:
        window = MainWindow(rep.db, role="rep", display_name="Rep A", language="en", runner=TaskRunner())
        qtbot.addWidget(window)
        window.show_area(VISITS)
        header = window.pages[VISITS].table.horizontalHeader()
        when = [c.key for c in window.pages[VISITS].model.columns].index("when")
        assert (header.sortIndicatorSection(), header.sortIndicatorOrder()) == (
            when,
            Qt.SortOrder.DescendingOrder,
        )

        blank = QStandardItemModel(1, 1)  # no title: only the arrow is drawn in the section
        blank.setHorizontalHeaderLabels([""])
        view = QTableView(objectName="DataTable")
        view.setModel(blank)
        view.resize(200, 80)
        view.horizontalHeader().setSortIndicatorShown(True)
        qtbot.addWidget(view)
        view.show()
        qtbot.waitExposed(view)
        for order, points_down in (
            (Qt.SortOrder.DescendingOrder, True),
            (Qt.SortOrder.AscendingOrder, False),
        ):
            view.horizontalHeader().setSortIndicator(0, order)
            rows = arrow_rows(view.horizontalHeader(), 0)
            assert len(rows) >= 2, "an arrow is drawn"
            assert (rows[0] > rows[-1]) is points_down, (order, rows)  # ▼: wide at the top
    finally:
        qapp.setStyleSheet("")
        qapp.setStyle("Fusion")


# ----------------------------------------------------------------- 10. KPIs of a running month


def test_current_month_kpis_count_working_days_so_far_and_explain_rates_over_100(
    qtbot, org_server, sqlite_store, laptops, runner, english
):
    org, _server = org_server
    customer = sorted(org.customers["N1"])[0]
    with sqlite_store.session() as s:  # a sale in March, and cash collected for last year's sales
        seq = allocate_seq(s)
        insert_rows(
            s,
            S.QUOTE,
            [
                {
                    "id": new_id(),
                    "customer_id": customer,
                    "rep_id": org.users["rep_a"],
                    "number": "RA-2026-0777",
                    "status": "accepted",
                    "currency": "CNY",
                    "issue_date": date(2026, 3, 9),
                    "decided_at": datetime(2026, 3, 10, 3, tzinfo=UTC),
                    "subtotal": Decimal("1000.00"),
                    "tax_total": Decimal("0.00"),
                    "total": Decimal("1000.00"),
                }
            ],
            seq,
            None,
        )
        insert_rows(
            s,
            S.PAYMENT,
            [
                {
                    "id": new_id(),
                    "customer_id": customer,
                    "rep_id": org.users["rep_a"],
                    "amount": Decimal("2500.00"),
                    "paid_on": date(2026, 3, 5),
                    "method": "bank_transfer",
                }
            ],
            seq,
            None,
        )
    sup = laptops("sup_n")
    page = KpiPage(sup.db, runner, today=date(2026, 3, 4))  # a Wednesday: 3 working days of March so far
    qtbot.addWidget(page)
    with qtbot.waitSignal(page.computed, timeout=5000):
        page.reload()
    model = page.kpi_model
    assert "to date: 3 of 22 working days" in page.subtitle.text()
    # build_org: rep_a logged 8 visits on 2 and 3 March: 8 ÷ 3 days, not 8 ÷ 22 (0.36)
    assert model.text(0, "Visits / day") == "2.67"
    assert "÷ 3 working days so far" in model.data(model.index(0, 1), Qt.ItemDataRole.ToolTipRole)
    assert len(page.report.days) == 4  # the chart runs to today, not over 27 empty days

    page.today = date(2026, 3, 20)
    with qtbot.waitSignal(page.computed, timeout=5000):
        page.reload()
    cash = [c.title for c in KPI_COLUMNS].index("Cash collection")
    assert model.text(0, "Cash collection") == "250.0%"
    tip = model.data(model.index(0, cash), Qt.ItemDataRole.ToolTipRole)
    assert "¥2,500.00 collected ÷ ¥1,000.00 sales" in tip and "sales made before this period" in tip


# ------------------------------------------------------------ 11. a breakdown that adds up


def money(text: str) -> Decimal:
    return Decimal(text.replace("¥", "").replace(",", "").replace("−", "-").replace("+", ""))


def test_discount_approval_panel_shows_list_discount_net_tax_total_that_add_up(
    qtbot, org_server, laptops, runner, english
):
    org, _server = org_server
    rep = laptops("rep_a")
    customer = sorted(org.customers["N1"])[0]
    with rep.write() as w:  # 2 × 10.00 at −15 % (13 % tax) and 1 × 50.00 (6 % tax), 5 % off the whole quote
        qid = w.insert(
            "quote",
            {
                "customer_id": customer,
                "rep_id": w.actor.id,
                "number": "RA-2026-9101",
                "status": "draft",
                "currency": "CNY",
                "issue_date": date.today(),
                "header_discount_pct": Decimal("5"),
                "subtotal": Decimal("67.00"),
                "tax_total": Decimal("4.95"),
                "total": Decimal("68.60"),
            },
        )
        for no, qty, price, pct, tax, sub, line_tax in (
            (1, "2", "10.00", "15", "13", "17.00", "2.10"),
            (2, "1", "50.00", "0", "6", "50.00", "2.85"),
        ):
            w.insert(
                "quote_line",
                {
                    "customer_id": customer,
                    "quote_id": qid,
                    "line_no": no,
                    "product_id": org.product_id,
                    "quantity": Decimal(qty),
                    "unit_price": Decimal(price),
                    "discount_pct": Decimal(pct),
                    "tax_rate": Decimal(tax),
                    "line_subtotal": Decimal(sub),
                    "line_tax": Decimal(line_tax),
                },
            )
        w.update("quote", qid, {"status": "pending_approval"})
    rep.sync()
    sup = laptops("sup_n")
    window = MainWindow(sup.db, role="supervisor", display_name="Sup N", language="en", runner=runner)
    qtbot.addWidget(window)
    window.show_area(INBOX)
    inbox = window.pages[INBOX]
    assert inbox.select(qid)
    doc = QTextDocument()
    doc.setHtml(inbox.detail_text.text())
    text = doc.toPlainText()
    assert "2 × ¥10.00 = ¥20.00 − 15% (¥3.00) = ¥17.00 net" in text
    assert "1 × ¥50.00 = ¥50.00 net" in text
    lines = text.splitlines()  # a table: each cell on its own line, the amount after its label
    labels = (
        "List value",
        "Line discounts",
        "Header discount 5%",
        "Net (before tax)",
        "Tax",
        "Total (tax included)",
    )
    figures = {ln: money(lines[i + 1]) for i, ln in enumerate(lines[:-1]) if ln.strip() in labels}
    assert figures == {
        "List value": Decimal("70.00"),
        "Line discounts": Decimal("-3.00"),
        "Header discount 5%": Decimal("-3.35"),
        "Net (before tax)": Decimal("63.65"),
        "Tax": Decimal("4.95"),
        "Total (tax included)": Decimal("68.60"),
    }
    assert (
        figures["List value"] + figures["Line discounts"] + figures["Header discount 5%"]
        == figures["Net (before tax)"]
    )
    assert figures["Net (before tax)"] + figures["Tax"] == figures["Total (tax included)"]


# ---------------------------------------------------------------- 12. the finish of the language


def test_qt_file_dialog_is_chinese_in_chinese(qtbot, chinese):
    dialog = QFileDialog(None, "导出", "", "Excel (*.xlsx)")
    dialog.setOption(
        QFileDialog.Option.DontUseNativeDialog
    )  # Qt's own dialog, as on a desktop without a portal
    qtbot.addWidget(dialog)
    dialog.show()
    texts = (
        [w.text() for w in dialog.findChildren(QLabel)]
        + [w.text() for w in dialog.findChildren(QAbstractButton)]
        + [w.toolTip() for w in dialog.findChildren(QAbstractButton)]
    )
    english = [t for t in texts if re.search(r"[A-Za-z]{3,}", t.replace("&", ""))]
    assert english == []  # "&Look in:" and "Files of &type:" were English
    assert any("查找范围" in t for t in texts)


def test_returned_logs_banner_counts_the_others_in_its_own_words(
    qtbot, org_server, sqlite_store, laptops, english
):
    org, _server = org_server
    customer = sorted(org.customers["N1"])[0]
    with sqlite_store.session() as s:  # the supervisor returned three logs, the comment without a full stop
        seq = allocate_seq(s)
        insert_rows(
            s,
            S.VISIT,
            [
                {
                    "id": new_id(),
                    "customer_id": customer,
                    "rep_id": org.users["rep_a"],
                    "status": "returned",
                    "review_comment": "Too short",
                    "check_in_at": datetime(2026, 3, 10 + k, 2, tzinfo=UTC),
                    "check_out_at": datetime(2026, 3, 10 + k, 2, 5, tzinfo=UTC),
                }
                for k in range(3)
            ],
            seq,
            None,
        )
    rep = laptops("rep_a")
    window = MainWindow(rep.db, role="rep", display_name="Rep A", language="en", runner=TaskRunner())
    qtbot.addWidget(window)
    window.show_area(TODAY)
    text = window.pages[TODAY].returned_banner.text.text()
    assert "Too short" in text and "· 2 more returned logs" in text
    assert "And" not in text  # was "…: Too short And 2 more."


# ------------------------------------------------ 15. the customer file shows what is owed


def test_customer_file_shows_outstanding_and_overdue_receivables_against_the_credit_limit(
    qtbot, org_server, sqlite_store, laptops, english
):
    org, _server = org_server
    customer = sorted(org.customers["N1"])[0]
    today = date.today()
    with sqlite_store.session() as s:
        seq = allocate_seq(s)
        update_row(
            s, S.CUSTOMER, customer, {"credit_limit": Decimal("1000.00"), "payment_terms_days": 30}, seq, None
        )
        insert_rows(
            s,
            S.RECEIVABLE,
            [
                {
                    "id": new_id(),
                    "customer_id": customer,
                    "reference": ref,
                    "amount": Decimal(amount),
                    "paid_amount": Decimal(paid),
                    "issued_on": today - timedelta(days=days + 30),
                    "due_date": today - timedelta(days=days),
                    "status": status,
                }
                for ref, amount, paid, days, status in (
                    ("YS-1", "1000.00", "400.00", 45, "partial"),  # 600 overdue for 45 days
                    ("YS-2", "300.00", "0.00", 3, "open"),  # 300 overdue for 3 days
                    ("YS-3", "500.00", "0.00", -10, "open"),  # 500 due in 10 days
                    ("YS-4", "200.00", "200.00", 60, "paid"),
                    ("YS-5", "900.00", "0.00", 200, "written_off"),
                )
            ],
            seq,
            None,
        )
    rep = laptops("rep_a")
    window = MainWindow(rep.db, role="rep", display_name="Rep A", language="en", runner=TaskRunner())
    qtbot.addWidget(window)
    view = window.customers_page.file
    assert view.show_customer(customer)
    facts = view.balance.values
    assert facts["outstanding"].text() == "¥1,400.00"
    assert facts["overdue"].text() == "¥900.00 · 2 receivables, the oldest 45 days late"
    assert facts["available"].text() == "¥1,000.00 · over the limit by ¥400.00"

    other = sorted(org.customers["N1"])[1]  # nothing owed, no limit
    assert view.show_customer(other)
    assert (facts["outstanding"].text(), facts["overdue"].text(), facts["available"].text()) == (
        "Nothing owed",
        "None",
        "No limit set",
    )


# --------------------------------------------------------- 16. the organisation's time zone


def test_org_time_zone_is_a_setting_and_times_name_the_laptops_zone_when_it_differs(
    qtbot, org_server, laptops, english
):
    from tests.server.test_org_settings import _auth, _url

    _org, server = org_server
    admin = _auth(server, "admin")
    got = requests.get(_url(server, "time-zone"), headers=admin, timeout=10).json()
    assert (got["zone"], got["is_default"]) == ("Asia/Shanghai", True)
    bad = requests.put(_url(server, "time-zone"), json={"zone": "Mars/Olympus"}, headers=admin, timeout=10)
    assert bad.status_code == 422 and "IANA" in bad.text

    system = QTimeZone.systemTimeZone()
    instant = datetime(2026, 3, 2, 1, 30, tzinfo=UTC)  # build_org's first visits: 09:30 in Beijing
    moment = QDateTime.fromMSecsSinceEpoch(int(instant.timestamp() * 1000), system)
    shanghai = QTimeZone(b"Asia/Shanghai")
    other = (
        "Asia/Shanghai" if system.offsetFromUtc(moment) != shanghai.offsetFromUtc(moment) else "Europe/London"
    )
    r = requests.put(_url(server, "time-zone"), json={"zone": other}, headers=admin, timeout=10)
    assert r.status_code == 200 and r.json()["zone"] == other

    rep = laptops("rep_a")
    with rep.db.session() as s:
        assert held.time_zone(s) == other
    window = MainWindow(rep.db, role="rep", display_name="Rep A", language="en", runner=TaskRunner())
    qtbot.addWidget(window)
    window.show_area(VISITS)
    visits = window.pages[VISITS].model
    when = [c.key for c in visits.columns].index("when")
    texts = [visits.data(visits.index(i, when)) for i in range(visits.rowCount())]
    assert texts and all(t.endswith(zone_note(instant)) and zone_note(instant).strip() for t in texts)

    # the laptop in the organisation's zone: no zone named
    requests.put(
        _url(server, "time-zone"), json={"zone": system.id().data().decode()}, headers=admin, timeout=10
    ).raise_for_status()
    rep.sync()
    window.refresh()
    assert zone_note(instant) == ""
    assert not visits.data(visits.index(0, when)).endswith(" UTC")
