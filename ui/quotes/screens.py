"""The quote screens of ``fieldsales demo --screenshots``: editor, finder, catalogue, PDFs.

Nothing is saved: the editor shows an unsaved draft (closed without saving), and the PDFs
are rendered from quotes already on the demo laptop, so a screenshot run leaves the demo
data as it found it. A PDF's first page is rasterised with Qt's own PDF module.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import QSize
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtPdf import QPdfDocument

from local_db import quotes as Q
from ui.quotes.document import render_pdf
from ui.quotes.lines_model import DISCOUNT
from ui.quotes.page import TO_APPROVE, QuotesPage

PDF_WIDTH = 1000  # pixels of the first-page image (A4: 1000 × 1414)


def pdf_first_page(path: Path | str, width: int = PDF_WIDTH) -> QImage:
    """The PDF's first page as an image on white paper."""
    doc = QPdfDocument()
    doc.load(str(path))
    try:
        size = doc.pagePointSize(0)
        height = round(width * size.height() / size.width())
        page = doc.render(0, QSize(width, height))
    finally:
        doc.close()
    paper = QImage(page.size(), QImage.Format.Format_RGB32)
    paper.fill(QColor("white"))
    painter = QPainter(paper)
    painter.drawImage(0, 0, page)
    painter.end()
    return paper


def quote_screens(window, shot: Callable, save_image: Callable[[QImage, str], None], language: str) -> None:
    page = getattr(window, "pages", {}).get("quotes")
    if not isinstance(page, QuotesPage):
        return
    window.show_area("quotes")
    if page.approver:
        page.set_filter(TO_APPROVE)
        pending = page.model.row(0)["id"] if page.model.rowCount() else None
        if pending is not None:  # the approval view: a team member's quote above their limit
            decision = page.open_quote(pending)
            decision.resize(1280, 800)
            decision.approval_comment.setPlainText(approval_text(language))
            shot(decision, "60-quote-approval")
            decision.close()
    customer = Q.showcase_customer(page.db)
    if customer is not None:
        editor = page.new_quote(customer)
        editor.resize(1280, 800)
        by_sku = {p.sku: p for p in editor.catalog.products}
        wanted = [("HC-2001", 60), ("BG-1002", 2), ("BG-1004", 1), ("FW-6001", 2)]
        for sku, quantity in wanted:
            if sku in by_sku:
                editor.model.add_product(by_sku[sku].id, Decimal(quantity))
        if len(editor.draft.lines) > 1:
            editor.model.setData(editor.model.index(1, DISCOUNT), "12")  # above the rep's limit
        editor.header_discount.setText("2")
        editor._header_discount_edited("2")
        editor.notes.setPlainText(notes_text(language))
        editor.table.clearSelection()
        editor.finder.setFocus()
        shot(editor, "61-quote-editor")
        editor.finder.setText("dyj")
        editor.finder.refresh()
        shot(editor, "62-quote-finder")
        editor.finder.clear()
        editor.finder.hide_results()
        editor.browse_catalog()
        dialog = getattr(editor, "catalog_dialog", None)
        if dialog is not None:
            dialog.resize(1100, 640)
            shot(dialog, "63-quote-catalogue")
            dialog.close()
        editor.dirty = False  # a picture, not a quote: nothing is saved
        editor.close()
    folder = Path(tempfile.mkdtemp(prefix="fieldsales-shots-"))
    for stem, statuses in (
        ("64-quote-pdf", ("sent", "accepted", "approved")),
        ("65-quote-pdf-pending", ("pending_approval",)),
    ):
        quote_id = Q.showcase_quote(page.db, *statuses)
        if quote_id is None:
            continue
        with page.db.session() as s:
            doc = Q.document(s, quote_id)
        path = render_pdf(doc, folder / f"{stem}.pdf", language)
        save_image(pdf_first_page(path), stem)
        if stem == "64-quote-pdf":
            editor = page.open_quote(quote_id)
            editor.resize(1280, 800)
            shot(editor, "66-quote-readonly")
            editor.close()
    page.set_filter("all")
    window.raise_()
    window.activateWindow()


def notes_text(language: str) -> str:
    """Demo notes, as a rep would type them (data, not interface text)."""
    if language.startswith("zh"):
        return "含送货上门及安装调试；付款方式：货到 30 天内电汇。"
    return "Delivery and installation included; payment by bank transfer within 30 days of delivery."


def approval_text(language: str) -> str:
    """A supervisor's demo comment (data, not interface text)."""
    if language.startswith("zh"):
        return "同意，大客户战略价；注意回款。"
    return "Approved: strategic price for a key account; watch the payment terms."
