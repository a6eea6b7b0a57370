"""Quotes as a rep and a supervisor use them: the real editor widgets over real replicas,
synced with a real server.

The acceptance story: a rep builds a three-line quote offline with the keyboard, cannot
send it because a 15 % line discount is above their 10 % limit, submits it for approval;
the supervisor (a second laptop) sees it in "Waiting for my approval" after a sync and
approves it; after the rep's next sync the approval is on the rep's laptop and the quote
can be sent. Prices come from the small catalogue of tests.local_db.test_quotes:

    60 × A4复印纸 (50+ break)  129.00 → 7,740.00   tax 13 %  1,006.20
     2 × 激光打印机 −15 %     1,900.00 → 3,230.00   tax 13 %    419.90
     1 × 上门安装服务           300.00 →   300.00   tax  6 %     18.00
                                  subtotal 11,270.00 · tax 1,444.10 · total 12,714.10
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QTextDocument
from PySide6.QtPdf import QPdfDocument

from local_db import quotes as Q
from tests.factories import build_org
from tests.local_db.test_quotes import TODAY, add_catalog, three_line_draft
from tests.sync.helpers import Laptop, laptop_pool, server_row
from ui.main_window import CUSTOMERS, QUOTES, MainWindow
from ui.quotes import QuoteEditor, QuotesPage
from ui.quotes.document import DocumentLanguage, build_html, render_pdf
from ui.quotes.lines_model import AMOUNT, DISCOUNT, QUANTITY, UNIT_PRICE
from ui.support.tasks import TaskRunner


@pytest.fixture
def world(sqlite_store, live_server, tmp_path, data_dir):
    o = build_org(sqlite_store)
    products = add_catalog(sqlite_store)
    srv = live_server(sqlite_store)
    with laptop_pool(tmp_path, srv.url) as laptop:
        yield sqlite_store, o, products, laptop


def open_page(qtbot, lap: Laptop, role: str, runner) -> QuotesPage:
    page = QuotesPage(lap.db, role=role, runner=runner, language="en")
    qtbot.addWidget(page)
    page.resize(1100, 600)
    page.show()
    return page


def type_into_cell(qtbot, editor, row: int, column: int, text: str) -> None:
    """Open the cell's editor with the keyboard, type, Enter — as a rep does."""
    index = editor.model.index(row, column)
    editor.table.setCurrentIndex(index)
    editor.table.setFocus()
    qtbot.keyClick(editor.table, Qt.Key.Key_F2)
    cell = editor.focusWidget()
    cell.selectAll()
    qtbot.keyClicks(cell, text)
    qtbot.keyClick(cell, Qt.Key.Key_Return)


def add_by_keyboard(qtbot, editor, search: str, quantity: str) -> None:
    """Type to find, Enter to add, type the quantity, Enter: back in the product field."""
    assert editor.focusWidget() is editor.finder
    qtbot.keyClicks(editor.finder, search)
    qtbot.keyClick(editor.finder, Qt.Key.Key_Return)
    cell = editor.focusWidget()
    assert cell is not editor.finder, "Enter adds the line and moves to its quantity"
    cell.selectAll()
    qtbot.keyClicks(cell, quantity)
    qtbot.keyClick(cell, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: editor.focusWidget() is editor.finder, timeout=2000)


def test_offline_quote_is_approved_by_the_supervisor_through_the_server(
    qtbot, world, runner, english, tmp_path
):
    store, o, _products, laptop = world
    rep = laptop("rep_a")
    customer = sorted(o.customers["N1"])[0]
    customer_code = rep.row("customer", customer)["code"]
    page = open_page(qtbot, rep, "rep", runner)
    assert page.model.rowCount() == 4  # build_org's quotes of rep_a's customers

    # -- the rep, offline: customer, three lines, a discount, all from the keyboard
    editor = page.new_quote()
    qtbot.waitExposed(editor)
    assert editor.focusWidget() is editor.customer
    qtbot.keyClicks(editor.customer, customer_code)
    qtbot.keyClick(editor.customer, Qt.Key.Key_Return)
    assert editor.draft.customer_id == customer
    assert editor.price_list_label.text() == "Ordinary list · CNY"
    add_by_keyboard(qtbot, editor, "fyz", "60")  # pinyin initials of A4复印纸
    add_by_keyboard(qtbot, editor, "D-100", "2")  # SKU
    add_by_keyboard(qtbot, editor, "anzhuang", "1")  # full pinyin of 上门安装服务
    model = editor.model
    assert [model.data(model.index(r, UNIT_PRICE)) for r in range(3)] == ["129.00", "1,900.00", "300.00"]
    assert editor.total_value.text() == "¥13,358.20"
    assert editor.send_action.isEnabled()  # no discount yet: it could go straight out

    # Totals follow the typing: "1" is a 1 % discount for a moment, "15" the final one.
    type_into_cell(qtbot, editor, 1, DISCOUNT, "15")
    assert model.data(model.index(1, AMOUNT)) == "3,230.00"
    assert (editor.subtotal_value.text(), editor.tax_value.text(), editor.total_value.text()) == (
        "¥11,270.00",
        "¥1,444.10",
        "¥12,714.10",
    )
    assert editor.words.text() == "twelve thousand seven hundred fourteen and 10/100"
    assert (
        "rounded half up" in editor.rounding_rule
        and editor.total_value.parentWidget().toolTip() == editor.rounding_rule
    )
    # Above the rep's 10 % limit: the laptop refuses to send, and says what to do.
    assert not editor.send_action.isEnabled()
    assert "above the 10% limit" in editor.banner.text()
    assert editor.send() is False
    assert (
        editor.problem.text() == "The discount is above your limit: submit the quote for approval before "
        "sending it."
    )
    assert editor.submit_action.shortcut().toString() == "Ctrl+Shift+A"
    assert editor.submit()
    quote_id = editor.quote_id
    assert editor.draft.status == "pending_approval" and editor.title.text() == "RA-2026-0001"
    assert editor.chip.text() == "Pending approval"

    # Printed while pending: the PDF carries the mark (made in the background).
    pdf = tmp_path / "pending.pdf"
    editor.doc_language.setCurrentIndex(editor.doc_language.findData("en"))
    editor.make_pdf(path=pdf)
    qtbot.waitUntil(lambda: editor.last_pdf == pdf, timeout=20000)
    text = pdf_text(pdf)
    assert "PENDING APPROVAL" in text and "RA-2026-0001" in text and "12,714.10" in text

    # -- sync: the server has the quote, with totals that match its lines
    assert rep.sync().rejected == 0
    on_server = server_row(store, "quote", quote_id)
    assert (on_server["status"], on_server["total"]) == ("pending_approval", "12714.10")

    # -- the supervisor's laptop: the approvals list, the approval view, approve
    sup = laptop("sup_n")
    sup.sync()
    sup_page = open_page(qtbot, sup, "supervisor", runner)
    assert sup_page.current_filter() == "to_approve"
    assert [sup_page.model.row(i)["id"] for i in range(sup_page.model.rowCount())] == [quote_id]
    assert sup_page.subtitle.text() == "Waiting for your approval: 1"
    sup_page.table.setCurrentIndex(sup_page.model.index(0, 0))
    sup_page.table.activated.emit(sup_page.model.index(0, 0))  # Enter or a double click
    decision = sup_page.editors[quote_id]
    qtbot.waitExposed(decision)
    assert decision.approval.isVisible() and decision.approve_action.isEnabled()
    assert not decision.model.flags(decision.model.index(0, QUANTITY)) & Qt.ItemFlag.ItemIsEditable
    assert "effective discount 15%" in decision.approval_title.text()
    qtbot.keyClicks(decision.approval_comment, "OK: key account, pays on time")
    qtbot.mouseClick(decision.approve_button, Qt.MouseButton.LeftButton)
    assert decision.draft.status == "approved"
    assert sup_page.model.rowCount() == 0  # nothing left to approve
    assert sup.sync().rejected == 0
    on_server = server_row(store, "quote", quote_id)
    assert (on_server["status"], on_server["approved_by"]) == ("approved", o.users["sup_n"])

    # -- the rep's next sync brings the decision; now the quote can be sent
    rep.sync()
    page.reload()
    row = next(i for i in range(page.model.rowCount()) if page.model.row(i)["id"] == quote_id)
    status_col = [c.key for c in page.model.columns].index("status")
    assert page.model.data(page.model.index(row, status_col)) == "Approved"
    assert editor.draft.status == "approved"  # the open editor followed the sync
    assert "Approved by sup_n" in editor.banner.text() and "OK: key account" in editor.banner.text()
    assert editor.send_action.isEnabled()
    assert editor.send()
    assert rep.sync().rejected == 0
    assert server_row(store, "quote", quote_id)["status"] == "sent"


def pdf_text(path) -> str:
    doc = QPdfDocument()
    doc.load(str(path))
    try:
        return "\n".join(doc.getAllText(i).text() for i in range(doc.pageCount()))
    finally:
        doc.close()


def test_returned_quote_shows_the_comment_and_can_be_changed_again(qtbot, world, runner, english):
    _store, o, products, laptop = world
    rep = laptop("rep_a")
    with rep.db.session() as s:
        draft = Q.new_draft(s, sorted(o.customers["N1"])[1])
        qid = Q.save_draft(s, draft)
        Q.add_line(s, qid, products["D-100"], 1, discount_pct=20)
        Q.change_status(s, qid, "pending_approval")
    rep.sync()
    sup = laptop("sup_n")
    sup.sync()
    sup_page = open_page(qtbot, sup, "supervisor", runner)
    decision = sup_page.open_quote(qid)
    assert decision.return_to_rep() is False  # a comment is required
    assert decision.problem.text() == "Say why the quote is returned: a comment is required."
    decision.approval_comment.setPlainText("12 % at most for this customer")
    assert decision.return_to_rep()
    sup.sync()
    rep.sync()
    page = open_page(qtbot, rep, "rep", runner)
    editor = page.open_quote(qid)
    assert editor.draft.status == "draft"
    assert "Returned by your supervisor: “12 % at most for this customer”" in editor.banner.text()
    type_into_cell(qtbot, editor, 0, DISCOUNT, "12")
    assert editor.needs_approval()  # 12 % is still above the rep's 10 %
    assert editor.submit()
    assert rep.sync().rejected == 0


def test_typed_price_survives_a_new_quantity_and_a_zero_quantity_is_refused(qtbot, world, runner, english):
    _store, o, _products, laptop = world
    rep = laptop("rep_a")
    page = open_page(qtbot, rep, "rep", runner)
    editor = page.new_quote(sorted(o.customers["N1"])[0])
    add_by_keyboard(qtbot, editor, "A4", "5")
    model = editor.model
    assert model.data(model.index(0, UNIT_PRICE)) == "140.00"
    type_into_cell(qtbot, editor, 0, QUANTITY, "10")
    assert model.data(model.index(0, UNIT_PRICE)) == "135.00"  # the 10+ break
    type_into_cell(qtbot, editor, 0, UNIT_PRICE, "138")
    type_into_cell(qtbot, editor, 0, QUANTITY, "50")
    assert model.data(model.index(0, UNIT_PRICE)) == "138.00"  # typed: kept
    assert "Typed by you" in model.data(model.index(0, UNIT_PRICE), Qt.ItemDataRole.ToolTipRole)
    type_into_cell(qtbot, editor, 0, QUANTITY, "0")
    assert model.line(0).quantity == Decimal(50)
    assert editor.problem.text() == "The quantity must be greater than 0; remove the line instead."
    editor.reset_price_action.trigger()
    assert model.data(model.index(0, UNIT_PRICE)) == "129.00"  # the 50+ break again
    assert editor.save()
    assert editor.draft.number == "RA-2026-0001"
    assert not editor.dirty


def test_catalogue_browser_picks_by_pinyin_with_the_customers_prices(qtbot, world, runner, english):
    _store, o, products, laptop = world
    rep = laptop("rep_a")
    page = open_page(qtbot, rep, "rep", runner)
    editor = page.new_quote(sorted(o.customers["N1"])[0])
    editor.catalog_action.trigger()
    dialog = editor.catalog_dialog
    qtbot.waitExposed(dialog)
    assert dialog.price_list.currentText().startswith("Ordinary list")
    qtbot.keyClicks(dialog.search, "dyj")
    qtbot.waitUntil(lambda: [p.sku for p in dialog.model.products] == ["D-100"], timeout=2000)
    assert dialog.model.breaks_text(dialog.model.products[0]) == "1+ → ¥1,900.00   5+ → ¥1,850.00"
    qtbot.keyClick(dialog.search, Qt.Key.Key_Return)
    assert [line.sku for line in editor.draft.lines] == ["D-100"]
    dialog.close()


def test_copy_and_revision_open_new_drafts(qtbot, world, runner, english):
    _store, o, products, laptop = world
    rep = laptop("rep_a")
    with rep.db.session() as s:
        qid = Q.save_draft(s, Q.new_draft(s, sorted(o.customers["N1"])[0]))
        Q.add_line(s, qid, products["P-100"], 10)
        Q.change_status(s, qid, "sent")
    page = open_page(qtbot, rep, "rep", runner)
    editor = page.open_quote(qid)
    assert not editor.model.flags(editor.model.index(0, QUANTITY)) & Qt.ItemFlag.ItemIsEditable
    assert "Its lines and prices are fixed" in editor.banner.text()
    revision = editor.revise()
    rev_editor = page.editors[revision]
    assert rev_editor.draft.revision == 2 and rev_editor.title.text() == "RA-2026-0002"
    assert "revision 2 of RA-2026-0001" in rev_editor.subtitle.text()
    copy = rev_editor.copy()
    assert page.editors[copy].draft.revision_of_id is None
    assert page.editors[copy].title.text() == "RA-2026-0003"
    assert rep.sync().rejected == 0


@pytest.mark.parametrize(
    "language,words,figures",
    [
        (
            "en",
            [
                "QUOTATION",
                "Total (incl. tax)",
                "Say Chinese yuan twelve thousand nine hundred twenty-eight and 80/100 only",
                "This quotation is valid until 9 April 2026.",
            ],
            ["¥12,928.80", "1,900.00", "10%", "RA-2026-0001", "Page 1 of 1"],
        ),
        (
            "zh_CN",
            ["报价单", "合计（含税）", "人民币壹万贰仟玖佰贰拾捌元捌角", "本报价有效期至 2026年4月9日。"],
            ["¥12,928.80", "1,900.00", "10%", "RA-2026-0001"],
        ),
    ],
)
def test_pdf_in_both_languages(qtbot, world, language, words, figures, tmp_path):
    _store, o, _products, laptop = world
    rep = laptop("rep_a")
    with rep.db.session() as s:
        draft = three_line_draft(s, sorted(o.customers["N1"])[0])
        draft.lines[1].discount_pct = Decimal(10)  # at the rep's limit: no approval needed
        qid = Q.save_draft(s, draft)  # 7,740.00 + 3,420.00 + 300.00 = 11,460.00; tax 1,468.80
        Q.change_status(s, qid, "sent")
        doc = Q.document(s, qid, today=TODAY)
    path = render_pdf(doc, tmp_path / f"quote.{language}.pdf", language)
    text = " ".join(pdf_text(path).split())
    for fragment in figures:  # the text layer: figures and Latin text exactly as printed
        assert fragment in text, (fragment, text)
    # The words as laid out. (Qt's PDF text layer names a few Noto CJK ideographs by their
    # look-alike radicals — 人 as ⼈ — so Chinese words are checked in the laid-out text.)
    laid_out = QTextDocument()
    laid_out.setHtml(build_html(doc, DocumentLanguage(language)))
    plain = " ".join(laid_out.toPlainText().split())
    for fragment in words:
        assert fragment in plain, (fragment, plain)
    assert "PENDING" not in text and "待审批" not in plain  # a sent quote carries no mark
    assert DocumentLanguage(language).word("title") == words[0]


def test_main_window_new_quote_for_the_selected_customer(qtbot, world, english):
    _store, o, _products, laptop = world
    rep = laptop("rep_a")
    window = MainWindow(rep.db, role="rep", display_name="Rep A", language="en", runner=TaskRunner())
    qtbot.addWidget(window)
    window.show()
    quotes = window.pages[QUOTES]
    assert isinstance(quotes, QuotesPage) and quotes.model.rowCount() == 4
    # One action per key sequence: an ambiguous shortcut would fire nothing.
    keys = [k.toString() for a in window.findChildren(QAction) for k in a.shortcuts() if not k.isEmpty()]
    assert keys.count(window.new_quote_action.shortcut().toString()) == 1
    assert window.new_quote_action.shortcut().toString() == "Ctrl+Shift+Q"
    window.show_area(CUSTOMERS)
    customers = window.customers_page
    customers.table.setCurrentIndex(customers.model.index(2, 0))
    chosen = customers.model.row(2)["id"]
    window.new_quote_action.trigger()
    editor = next(w for w in quotes.findChildren(QuoteEditor) if w.isVisible())
    assert editor.draft.customer_id == chosen
    assert editor.focusWidget() is editor.finder  # the customer is known: straight to the products
    assert editor.close()  # nothing typed yet: closes without asking
