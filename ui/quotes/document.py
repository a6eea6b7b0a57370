"""The printable quote: a PDF made on the laptop with Qt's own PDF output.

The document is laid out as rich text (``QTextDocument``, paginated to A4) and painted
page by page onto a ``QPdfWriter``; the painter adds what rich text cannot do — the
footer with page numbers and, for a quote that is not (yet) a valid offer, a large
diagonal mark on every page ("PENDING APPROVAL", "DRAFT", "CANCELLED", "EXPIRED").

The document's language is chosen per document, independent of the screen's: its words
(context ``QuoteDocument``) are looked up in that language's catalogue with a translator
of its own, and dates and numbers follow that language's conventions. Totals are in
figures and in words: 人民币大写 in Chinese (for CNY), cheque-style English words in
English. Rendering uses no widgets, so it runs in the task runner off the UI thread.
"""

from __future__ import annotations

import html
import json
from datetime import date
from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QDate, QLocale, QMarginsF, QRectF, QSizeF, Qt, QTranslator
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontDatabase,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QTextDocument,
)

from domain.enums import QuoteStatus
from domain.money_words import chinese_capital_amount, english_amount_words
from local_db.quotes import QuoteDocument
from ui.formatting import group_thousands
from ui.i18n import TRANSLATIONS_DIR, qm_path

CONTEXT = "QuoteDocument"
PENDING_FILE = TRANSLATIONS_DIR / "pending" / "quotes.json"
# Latin first, then a family with Chinese glyphs as the fallback for each character. (Qt writes
# no usable text layer for the digits of Noto Sans CJK's OpenType outlines, so figures copied
# from the PDF would be lost; a Latin family for Latin text and figures avoids that.)
LATIN_FAMILIES = ("Segoe UI", "Arial", "Helvetica Neue", "Helvetica", "DejaVu Sans", "Liberation Sans")
CJK_FAMILIES = (
    "Microsoft YaHei",
    "PingFang SC",
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "WenQuanYi Micro Hei",
    "Noto Sans SC",
    "SimHei",
)
ACCENT = "#1d4ed8"
INK = "#0f172a"
GREY = "#64748b"
RULE = "#cbd5e1"
SHADE = "#f1f5f9"

# Every word of the document, marked for lupdate; translated per document language below.
T = {
    "title": QT_TRANSLATE_NOOP("QuoteDocument", "QUOTATION"),
    "number": QT_TRANSLATE_NOOP("QuoteDocument", "Quotation no."),
    "date": QT_TRANSLATE_NOOP("QuoteDocument", "Quotation date"),
    "valid": QT_TRANSLATE_NOOP("QuoteDocument", "Valid until"),
    "revision": QT_TRANSLATE_NOOP("QuoteDocument", "Revision"),
    "replaces": QT_TRANSLATE_NOOP("QuoteDocument", "%1 (replaces %2)"),
    "currency": QT_TRANSLATE_NOOP("QuoteDocument", "Currency"),
    "to": QT_TRANSLATE_NOOP("QuoteDocument", "Customer"),
    "address": QT_TRANSLATE_NOOP("QuoteDocument", "Address"),
    "contact": QT_TRANSLATE_NOOP("QuoteDocument", "Contact"),
    "phone": QT_TRANSLATE_NOOP("QuoteDocument", "Phone"),
    "mobile": QT_TRANSLATE_NOOP("QuoteDocument", "Mobile"),
    "email": QT_TRANSLATE_NOOP("QuoteDocument", "Email"),
    "rep": QT_TRANSLATE_NOOP("QuoteDocument", "Sales representative"),
    "tax_id": QT_TRANSLATE_NOOP("QuoteDocument", "Tax ID"),
    "bank": QT_TRANSLATE_NOOP("QuoteDocument", "Bank account"),
    "no": QT_TRANSLATE_NOOP("QuoteDocument", "No."),
    "sku": QT_TRANSLATE_NOOP("QuoteDocument", "Item no."),
    "item": QT_TRANSLATE_NOOP("QuoteDocument", "Description"),
    "unit": QT_TRANSLATE_NOOP("QuoteDocument", "Unit"),
    "qty": QT_TRANSLATE_NOOP("QuoteDocument", "Qty"),
    "price": QT_TRANSLATE_NOOP("QuoteDocument", "Unit price"),
    "disc": QT_TRANSLATE_NOOP("QuoteDocument", "Disc."),
    "tax_rate": QT_TRANSLATE_NOOP("QuoteDocument", "Tax rate"),
    "amount": QT_TRANSLATE_NOOP("QuoteDocument", "Amount"),
    "subtotal": QT_TRANSLATE_NOOP("QuoteDocument", "Subtotal (excl. tax)"),
    "header_discount": QT_TRANSLATE_NOOP("QuoteDocument", "Discount %1%"),
    "tax": QT_TRANSLATE_NOOP("QuoteDocument", "Tax"),
    "total": QT_TRANSLATE_NOOP("QuoteDocument", "Total (incl. tax)"),
    "words": QT_TRANSLATE_NOOP("QuoteDocument", "Total in words"),
    "say": QT_TRANSLATE_NOOP("QuoteDocument", "Say %1 %2 only"),
    "terms": QT_TRANSLATE_NOOP("QuoteDocument", "Terms"),
    "term_valid": QT_TRANSLATE_NOOP("QuoteDocument", "This quotation is valid until %1."),
    "term_open": QT_TRANSLATE_NOOP("QuoteDocument", "This quotation has no fixed validity date."),
    "term_tax": QT_TRANSLATE_NOOP(
        "QuoteDocument", "Unit prices and amounts exclude tax; tax is added per line at the rate shown."
    ),
    "term_rounding": QT_TRANSLATE_NOOP(
        "QuoteDocument",
        "Amounts are rounded half up to the cent per line; the total is the sum of the lines.",
    ),
    "notes": QT_TRANSLATE_NOOP("QuoteDocument", "Notes"),
    "your_contact": QT_TRANSLATE_NOOP("QuoteDocument", "Your contact: %1"),
    "customer_sign": QT_TRANSLATE_NOOP("QuoteDocument", "Accepted by the customer (signature and seal)"),
    "company_sign": QT_TRANSLATE_NOOP("QuoteDocument", "For %1 (seal)"),
    "sign_date": QT_TRANSLATE_NOOP("QuoteDocument", "Date:"),
    "page": QT_TRANSLATE_NOOP("QuoteDocument", "Page %1 of %2"),
    "mark_pending": QT_TRANSLATE_NOOP("QuoteDocument", "PENDING APPROVAL"),
    "mark_draft": QT_TRANSLATE_NOOP("QuoteDocument", "DRAFT"),
    "mark_cancelled": QT_TRANSLATE_NOOP("QuoteDocument", "CANCELLED"),
    "mark_expired": QT_TRANSLATE_NOOP("QuoteDocument", "EXPIRED"),
    "banner_pending": QT_TRANSLATE_NOOP(
        "QuoteDocument",
        "Pending approval: the discount in this quotation still needs a supervisor's "
        "approval. It is not yet a binding offer.",
    ),
    "banner_draft": QT_TRANSLATE_NOOP("QuoteDocument", "Draft: this quotation is not yet a binding offer."),
    "banner_cancelled": QT_TRANSLATE_NOOP(
        "QuoteDocument", "This quotation was cancelled and is no longer valid."
    ),
    "banner_expired": QT_TRANSLATE_NOOP("QuoteDocument", "This quotation has expired."),
}

MARKS = {
    QuoteStatus.PENDING_APPROVAL: ("mark_pending", "banner_pending"),
    QuoteStatus.DRAFT: ("mark_draft", "banner_draft"),
    QuoteStatus.CANCELLED: ("mark_cancelled", "banner_cancelled"),
    QuoteStatus.EXPIRED: ("mark_expired", "banner_expired"),
}


class DocumentLanguage:
    """The document's words and formats in one language, whatever the screen shows.

    Words come from the language's compiled catalogue; strings not yet merged into it are
    taken from ``ui/translations/pending/quotes.json`` (the lead merges that file into the
    catalogue), and English is the source text itself.
    """

    def __init__(self, language: str):
        self.language = "zh_CN" if language.lower().startswith("zh") else "en"
        self.locale = (
            QLocale(QLocale.Language.Chinese, QLocale.Country.China)
            if self.chinese
            else QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom)
        )
        self._translator: QTranslator | None = None
        self._pending: dict[str, str] = {}
        if self.chinese:
            translator = QTranslator()
            if translator.load(str(qm_path(self.language))):
                self._translator = translator
            try:
                self._pending = json.loads(PENDING_FILE.read_text(encoding="utf-8")).get(CONTEXT, {})
            except (OSError, ValueError):
                self._pending = {}

    @property
    def chinese(self) -> bool:
        return self.language == "zh_CN"

    def word(self, key: str) -> str:
        source = T[key]
        if not self.chinese:
            return source
        found = self._translator.translate(CONTEXT, source) if self._translator else ""
        return found or self._pending.get(source) or source

    # -- formats ----------------------------------------------------------------------------

    def date(self, value: date | None) -> str:
        if value is None:
            return ""
        qdate = QDate(value.year, value.month, value.day)
        return self.locale.toString(qdate, "yyyy年M月d日" if self.chinese else "d MMMM yyyy")

    def number(self, value: Decimal | None, places: int = 2) -> str:
        if value is None:
            return ""
        q = Decimal(value).quantize(Decimal(1).scaleb(-places))
        sign = "-" if q < 0 else ""
        whole, _, frac = f"{abs(q):f}".partition(".")
        return sign + group_thousands(whole, ",") + (("." + frac) if places else "")

    def quantity(self, value: Decimal) -> str:
        text = self.number(value, 3)
        return text.rstrip("0").rstrip(".") if "." in text else text

    def percent(self, value: Decimal | None) -> str:
        if not value:
            return "0%"
        text = f"{Decimal(value).quantize(Decimal('0.0001')):f}".rstrip("0").rstrip(".")
        return f"{text}%"

    def money(self, value: Decimal | None, currency: str) -> str:
        symbol = {"CNY": "¥", "USD": "$", "EUR": "€", "HKD": "HK$", "GBP": "£"}.get(currency, currency + " ")
        text = self.number(value)
        return f"-{symbol}{text[1:]}" if text.startswith("-") else f"{symbol}{text}"

    def words(self, amount: Decimal, currency: str) -> str | None:
        if self.chinese:
            return f"人民币{chinese_capital_amount(amount)}" if currency == "CNY" else None
        name = {"CNY": "Chinese yuan", "USD": "US dollars", "EUR": "euros", "HKD": "Hong Kong dollars"}.get(
            currency, currency
        )
        return self.word("say").replace("%1", name).replace("%2", english_amount_words(amount))


def document_font_families() -> list[str]:
    """A Latin family, then one with Chinese glyphs (names and addresses may be Chinese in any language)."""
    available = set(QFontDatabase.families())
    chosen = [next((f for f in group if f in available), None) for group in (LATIN_FAMILIES, CJK_FAMILIES)]
    return [f for f in chosen if f] or [QFont().defaultFamily()]


def document_font(point_size: float, *, bold: bool = False) -> QFont:
    font = QFont()
    font.setFamilies(document_font_families())
    font.setPointSizeF(point_size)
    font.setBold(bold)
    return font


def document_mark(doc: QuoteDocument) -> QuoteStatus | None:
    """The status the document must be marked with, if it is not (yet) a valid offer."""
    status = QuoteStatus(doc.effective_status)
    return status if status in MARKS else None


# =========================================================================== the HTML


def _e(text: object) -> str:
    return html.escape(str(text or ""))


def _bar(color: str, margin_top: int) -> str:
    """A thin full-width rule (an empty one-row table: rich text has no styled <hr>)."""
    return (
        f'<table width="100%" cellspacing="0" cellpadding="0" style="margin-top:{margin_top}px">'
        f'<tr><td style="background-color:{color}; font-size:1pt" height="2"></td></tr></table>'
    )


#: Rich-text lengths are CSS pixels (1/96 inch); Qt scales them to the output's resolution.
CSS_PX_PER_MM = 96 / 25.4


def build_html(doc: QuoteDocument, lang: DocumentLanguage) -> str:
    """The document body as Qt rich text."""

    def px(mm: float) -> int:
        return max(1, round(mm * CSS_PX_PER_MM))

    w, cur = lang.word, doc.currency
    company = doc.company
    name = company.name_zh if lang.chinese else company.name_en
    address = company.address_zh if lang.chinese else company.address_en
    bank = company.bank_zh if lang.chinese else company.bank_en
    customer, contact, rep = doc.customer, doc.contact or {}, doc.rep or {}
    parts: list[str] = []
    add = parts.append

    # -- letterhead -------------------------------------------------------------------------
    add(
        f'<table width="100%" cellspacing="0" cellpadding="0"><tr>'
        f'<td width="62%" valign="top">'
        f'<div style="font-size:15pt; font-weight:700; color:{INK}">{_e(name)}</div>'
        f'<div style="font-size:7.5pt; color:{GREY}">{_e(address)}<br/>'
        f"{_e(w('phone'))} {_e(company.phone)} &nbsp;·&nbsp; {_e(w('email'))} {_e(company.email)}"
        f" &nbsp;·&nbsp; {_e(company.website)}<br/>{_e(w('tax_id'))} {_e(company.tax_id)}</div></td>"
        f'<td width="38%" valign="top" align="right">'
        f'<div style="font-size:22pt; font-weight:700; color:{ACCENT}">{_e(w("title"))}</div>'
        f'<div style="font-size:10.5pt; font-weight:600; color:{INK}">{_e(doc.number)}</div></td>'
        f"</tr></table>"
    )
    add(_bar(ACCENT, px(2.5)))

    mark = document_mark(doc)
    if mark is not None:
        add(
            f'<table width="100%" cellspacing="0" cellpadding="{px(2)}" style="margin-top:{px(3)}px">'
            f'<tr><td style="background-color:#fef2f2; color:#b91c1c; font-size:9pt; font-weight:600;'
            f' border: 1px solid #fca5a5">{_e(w(MARKS[mark][1]))}</td></tr></table>'
        )

    # -- customer and quotation details -----------------------------------------------------
    def row(label: str, value: str) -> str:
        return (
            f'<tr><td valign="top" style="color:{GREY}; font-size:8pt" width="34%">{_e(label)}</td>'
            f'<td valign="top" style="font-size:8.5pt; color:{INK}">{value}</td></tr>'
        )

    who: list[str] = []
    if customer.get("address"):
        who.append(row(w("address"), _e(customer["address"])))
    if contact.get("name"):
        title = f" · {_e(contact['title'])}" if contact.get("title") else ""
        who.append(row(w("contact"), _e(contact["name"]) + title))
    phones = " / ".join(p for p in (contact.get("mobile"), contact.get("phone")) if p) or customer.get(
        "phone"
    )
    if phones:
        who.append(row(w("phone"), _e(phones)))
    if contact.get("email") or customer.get("email"):
        who.append(row(w("email"), _e(contact.get("email") or customer.get("email"))))
    revision = str(doc.revision)
    if doc.revision_of_number:
        revision = w("replaces").replace("%1", revision).replace("%2", doc.revision_of_number)
    what = [
        row(w("number"), f"<b>{_e(doc.number)}</b>"),
        row(w("date"), _e(lang.date(doc.issue_date))),
        row(w("valid"), _e(lang.date(doc.valid_until)) or "—"),
    ]
    if doc.revision > 1:
        what.append(row(w("revision"), _e(revision)))
    what.append(row(w("currency"), _e(cur)))
    rep_bits = [_e(rep.get("display_name"))] + [_e(v) for v in (rep.get("phone"), rep.get("email")) if v]
    what.append(row(w("rep"), "<br/>".join(rep_bits)))
    add(
        f'<table width="100%" cellspacing="0" cellpadding="0" style="margin-top:{px(5)}px"><tr>'
        f'<td width="55%" valign="top">'
        f'<div style="font-size:8pt; color:{GREY}; font-weight:600">{_e(w("to"))}</div>'
        f'<div style="font-size:12pt; font-weight:700; color:{INK}">{_e(customer.get("name"))}</div>'
        f'<table cellspacing="0" cellpadding="{px(0.6)}" width="100%">{"".join(who)}</table></td>'
        f'<td width="5%"></td>'
        f'<td width="40%" valign="top">'
        f'<table cellspacing="0" cellpadding="{px(0.6)}" width="100%">{"".join(what)}</table></td>'
        f"</tr></table>"
    )

    # -- lines ------------------------------------------------------------------------------
    heads = [
        ("no", "center", 5),
        ("sku", "left", 11),
        ("item", "left", 29),
        ("unit", "center", 6),
        ("qty", "right", 8),
        ("price", "right", 11),
        ("disc", "right", 7),
        ("tax_rate", "right", 9),
        ("amount", "right", 14),
    ]
    cells = "".join(
        f'<th width="{pct}%" align="{a}" style="background-color:{ACCENT}; color:white; font-size:8pt;'
        f' font-weight:600">{_e(w(k))}</th>'
        for k, a, pct in heads
    )
    rows = []
    for i, line in enumerate(doc.lines):
        shade = f' style="background-color:{SHADE}"' if i % 2 else ""
        values = [
            ("center", str(line.no)),
            ("left", _e(line.sku)),
            ("left", _e(line.description)),
            ("center", _e(line.unit)),
            ("right", lang.quantity(line.quantity)),
            ("right", lang.number(line.unit_price)),
            ("right", lang.percent(line.discount_pct) if line.discount_pct else "—"),
            ("right", lang.percent(line.tax_rate)),
            ("right", lang.number(line.amount)),
        ]
        rows.append(
            f"<tr{shade}>"
            + "".join(
                f'<td align="{a}" valign="middle" style="font-size:8.5pt; color:{INK}">{v}</td>'
                for a, v in values
            )
            + "</tr>"
        )
    add(
        f'<table width="100%" cellspacing="0" cellpadding="{px(1.4)}" style="margin-top:{px(6)}px;'
        f' border-collapse:collapse"><thead><tr>{cells}</tr></thead><tbody>{"".join(rows)}</tbody></table>'
    )
    add(_bar(RULE, 0))

    # -- totals -----------------------------------------------------------------------------
    totals = doc.totals

    def total_row(label: str, value: str, strong: bool = False) -> str:
        size = "11pt" if strong else "9pt"
        weight = "700" if strong else "400"
        color = ACCENT if strong else INK
        top = f"; border-top: 1px solid {INK}" if strong else ""
        return (
            f'<tr><td align="right" valign="middle" style="font-size:{size}; font-weight:{weight};'
            f' color:{color}{top}">{_e(label)}</td><td align="right" valign="middle" style="font-size:{size};'
            f" font-weight:{weight};"
            f' color:{color}{top}">{value}</td></tr>'
        )

    lines = [total_row(w("subtotal"), lang.money(totals.subtotal, cur))]
    if doc.header_discount_pct:
        label = w("header_discount").replace("%1%", lang.percent(doc.header_discount_pct))
        lines.append(total_row(label, lang.money(-totals.header_discount_amount, cur)))
    lines.append(total_row(w("tax"), lang.money(totals.tax_total, cur)))
    lines.append(total_row(w("total"), lang.money(totals.total, cur), strong=True))
    words = lang.words(totals.total, cur)
    words_html = ""
    if words:
        words_html = (
            f'<div style="font-size:8pt; color:{GREY}">{_e(w("words"))}</div>'
            f'<div style="font-size:10pt; font-weight:600; color:{INK}">{_e(words)}</div>'
        )
    add(
        f'<table width="100%" cellspacing="0" cellpadding="0" style="margin-top:{px(3)}px"><tr>'
        f'<td width="55%" valign="bottom">{words_html}</td><td width="5%"></td>'
        f'<td width="40%"><table width="100%" cellspacing="0" '
        f'cellpadding="{px(1)}">{"".join(lines)}</table></td>'
        f"</tr></table>"
    )

    # -- terms, notes, contact --------------------------------------------------------------
    terms = [
        w("term_valid").replace("%1", lang.date(doc.valid_until)) if doc.valid_until else w("term_open"),
        w("term_tax"),
        w("term_rounding"),
    ]
    items = "".join(f"<li>{_e(t)}</li>" for t in terms)
    add(
        f'<div style="margin-top:{px(7)}px; font-size:9pt; font-weight:700; '
        f'color:{INK}">{_e(w("terms"))}</div>'
        f'<ol style="font-size:8.5pt; color:{INK}; margin-top:{px(1)}px">{items}</ol>'
    )
    if doc.notes:
        add(
            f'<div style="margin-top:{px(3)}px; font-size:9pt; font-weight:700; '
            f'color:{INK}">{_e(w("notes"))}</div>'
            f'<div style="font-size:8.5pt; color:{INK}">{_e(doc.notes).replace(chr(10), "<br/>")}</div>'
        )
    if bank:
        add(
            f'<div style="margin-top:{px(3)}px; font-size:8pt; color:{GREY}">{_e(w("bank"))}: '
            f"{_e(bank)}</div>"
        )
    contact_line = " · ".join(
        _e(v) for v in (rep.get("display_name"), rep.get("phone"), rep.get("email")) if v
    )
    if contact_line:
        add(
            f'<div style="margin-top:{px(2)}px; font-size:8.5pt; color:{INK}">'
            f"{_e(w('your_contact')).replace('%1', contact_line)}</div>"
        )

    # -- signatures -------------------------------------------------------------------------
    sign = (
        f'<td width="47%" valign="top" style="border-top: 1px solid {INK}; font-size:8pt; color:{GREY}">'
        "{label}<br/><br/>{date}</td>"
    )
    add(
        f'<table width="100%" cellspacing="0" cellpadding="{px(1.2)}" style="margin-top:{px(16)}px"><tr>'
        + sign.format(label=_e(w("customer_sign")), date=_e(w("sign_date")))
        + '<td width="6%"></td>'
        + sign.format(label=_e(w("company_sign")).replace("%1", _e(name)), date=_e(w("sign_date")))
        + "</tr></table>"
    )
    return "".join(parts)


# =========================================================================== painting


def render_pdf(doc: QuoteDocument, path: Path | str, language: str) -> Path:
    """Write the quote as an A4 PDF in ``language`` (``zh_CN`` or ``en``); returns the path.

    Safe to call on a worker thread (no widgets are involved).
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    lang = DocumentLanguage(language)
    writer = QPdfWriter(str(path))
    writer.setResolution(300)
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Portrait,
            QMarginsF(16, 14, 16, 12),
            QPageLayout.Unit.Millimeter,
        )
    )
    writer.setTitle(f"{lang.word('title')} {doc.number}")
    writer.setCreator("Fieldsales")
    dpi = writer.resolution()
    px_per_mm = dpi / 25.4
    area = writer.pageLayout().paintRectPixels(dpi)
    width, height = float(area.width()), float(area.height())
    footer_h = 9 * px_per_mm
    body_h = height - footer_h

    text = QTextDocument()
    text.documentLayout().setPaintDevice(writer)
    text.setDefaultFont(document_font(9))
    text.setDocumentMargin(0)
    text.setPageSize(QSizeF(width, body_h))
    text.setHtml(build_html(doc, lang))
    pages = max(1, text.pageCount())

    mark = document_mark(doc)
    painter = QPainter()
    if not painter.begin(writer):
        raise OSError(f"cannot write {path}")
    try:
        for page in range(pages):
            if page:
                writer.newPage()
            painter.save()
            painter.translate(0, -page * body_h)
            text.drawContents(painter, QRectF(0, page * body_h, width, body_h))
            painter.restore()
            _footer(painter, lang, doc, page + 1, pages, width, height, footer_h, px_per_mm)
            if mark is not None:
                _watermark(painter, lang.word(MARKS[mark][0]), width, height)
    finally:
        painter.end()
    return path


def _footer(
    painter: QPainter,
    lang: DocumentLanguage,
    doc: QuoteDocument,
    page: int,
    pages: int,
    width: float,
    height: float,
    footer_h: float,
    px_per_mm: float,
) -> None:
    painter.save()
    painter.setPen(QColor(RULE))
    top = height - footer_h + 3 * px_per_mm
    painter.drawLine(0, int(top), int(width), int(top))
    painter.setFont(document_font(7))
    painter.setPen(QColor(GREY))
    box = QRectF(0, top + 1 * px_per_mm, width, footer_h - 4 * px_per_mm)
    company = doc.company.name_zh if lang.chinese else doc.company.name_en
    painter.drawText(
        box, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), f"{doc.number} · {company}"
    )
    numbering = lang.word("page").replace("%1", str(page)).replace("%2", str(pages))
    painter.drawText(box, int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter), numbering)
    painter.restore()


def _watermark(painter: QPainter, word: str, width: float, height: float) -> None:
    painter.save()
    font = document_font(9, bold=True)
    font.setPixelSize(int(width / max(5, len(word) * (0.78 if word.isascii() else 1.45))))
    painter.setFont(font)
    color = QColor("#dc2626")
    color.setAlphaF(0.16)
    painter.setPen(color)
    painter.translate(width / 2, height / 2)
    painter.rotate(-32)
    box = QRectF(-width, -height / 4, 2 * width, height / 2)
    painter.drawText(box, int(Qt.AlignmentFlag.AlignCenter), word)
    painter.restore()
