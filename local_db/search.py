"""Instant customer search over the local replica: SQLite FTS5, Chinese substrings, pinyin.

What a rep types is matched as a *substring* of a customer's name, code, address, city,
phone numbers (digits only, so ``0571-8888`` and ``05718888`` both work) and its contacts'
names and phone numbers; Chinese names are also found by their pinyin, in full or by
initials (``hzxy`` finds 杭州星云科技有限公司, so does ``xingyun``). Every word typed must
match (``杭州 张伟`` narrows).

How
    One FTS5 document per customer (table ``customer_fts``, rowid = ``customer_index.doc_id``).
    Its columns hold *character bigrams*: each word of the text becomes its overlapping
    two-character pieces plus its last character (``星云科技`` → ``星云 云科 科技 技``),
    separated by spaces so FTS5's ``unicode61`` tokenizer takes each piece as one token.
    A query word of two characters is then one token lookup; a longer word is the phrase of
    its bigrams (``杭州星`` → ``"杭州 州星"``), which matches exactly where the word occurs,
    because the bigrams of a substring sit at consecutive positions and the last-character
    token stops a phrase from running across two words; a single character is a prefix
    query (``"杭"*``). The benchmark (``bench/bench_search.py``) compares this with the
    trigram tokenizer, which cannot answer two-character queries from its index at all.

    Pinyin comes from ``pypinyin`` (phrase-aware, so 重庆 is chongqing), segmented once per
    name and cached per word. Short Latin queries (one or two letters) would match almost
    every full pinyin, so they only match the *start* of the pinyin (``^`` in FTS5); from
    three letters on, pinyin is matched anywhere.

Keeping it in step
    The SQLite triggers of migration 0002 queue a customer (``search_queue``) whenever its
    row, one of its contacts or one of its visits is written — by ``LocalWriter``, by a
    pulled page, by a repair. ``catch_up`` rebuilds the documents and the visit-planning
    facts (last visit, next due date, next planned visit) of queued customers. Writers in
    the UI call it for their customer in the same transaction; the window works off the
    rest (the initial sync's 50,000 customers) in small slices. Until a customer is
    processed, searches look at it directly with ``LIKE`` (see ``queries``), so nothing is
    missed meanwhile — only its pinyin is not searchable yet.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timezone
from typing import Any

from sqlalchemy import Integer, String, bindparam, column, exists, literal_column, or_, select, table
from sqlalchemy.orm import Session

from domain.classification import DEFAULT_VISIT_INTERVALS, default_visit_grade, next_visit_due
from domain.enums import VisitGrade, VisitStatus
from local_db import bulk
from local_db.db import LocalDb
from local_db.models import CustomerIndex, SearchQueue

FTS = "customer_fts"
#: The FTS5 table and the shadow tables SQLite makes for it; migrations create them by hand.
FTS_TABLES = frozenset({FTS} | {f"{FTS}_{s}" for s in ("data", "idx", "content", "docsize", "config")})

customer_fts = table(FTS, column("rowid", Integer), column("text"), column("initials"), column("full"))

_WORD = re.compile(r"[^\W_]+")
_NOT_DIGIT = re.compile(r"\D+")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_BATCH = 500

#: Statuses of a visit that took place (the rep was there): they count as the last visit.
VISITED = (
    VisitStatus.IN_PROGRESS.value,
    VisitStatus.SUBMITTED.value,
    VisitStatus.APPROVED.value,
    VisitStatus.RETURNED.value,
)


def include_name(name: str | None, type_: str, _parents: Mapping[str, Any]) -> bool:
    """Alembic name filter: leave the hand-made FTS5 tables out of autogenerate comparisons."""
    return not (type_ == "table" and name in FTS_TABLES)


# -- text → words → bigrams ----------------------------------------------------------------


def normalise(value: str | None) -> str:
    """Full-width forms folded (NFKC), case folded: what is indexed and what is searched."""
    return unicodedata.normalize("NFKC", value or "").casefold()


def words(value: str | None) -> list[str]:
    """The runs of letters and digits of ``value`` (a Chinese name without spaces is one)."""
    return _WORD.findall(normalise(value))


def digits(value: str | None) -> str:
    """A phone number as searched: its digits only."""
    return _NOT_DIGIT.sub("", normalise(value))


def bigram_text(parts: Iterable[str | None]) -> str:
    """The bigram document of some texts (see the module docstring)."""
    out: list[str] = []
    for w in _WORD.findall(normalise(" ".join(p for p in parts if p))):
        if len(w) > 1:
            out += map(str.__add__, w, w[1:])
        out.append(w[-1])
    return " ".join(out)


# -- pinyin ------------------------------------------------------------------------------------

_segments: dict[str, tuple[str, str]] = {}
_CACHE_LIMIT = 200_000


def _segment_pinyin(segment: str) -> tuple[str, str]:
    """(full, initials) of one word of a name, as pypinyin reads it in context; cached."""
    found = _segments.get(segment)
    if found is None:
        if _CJK.search(segment):
            from pypinyin import lazy_pinyin  # imported on first use: start-up stays fast

            full, initials = [], []
            for syllable in lazy_pinyin(segment):
                for w in _WORD.findall(syllable):
                    full.append(w)
                    initials.append(w[0] if w.isascii() and w.isalpha() else w)
            found = ("".join(full), "".join(initials))
        else:
            kept = "".join(_WORD.findall(segment))
            found = (kept, kept)
        if len(_segments) > _CACHE_LIMIT:
            _segments.clear()
        _segments[segment] = found
    return found


def name_pinyin(name: str | None) -> tuple[str, str]:
    """(full pinyin, initials) of a name, lower case without tones or separators.

    Letters and digits in the name are kept as they are in both (``3M中国`` → ``3mzhongguo``,
    ``3mzg``). A name without Chinese characters has no pinyin: ("", "").
    """
    text = normalise(name)
    if not _CJK.search(text):
        return "", ""
    from pypinyin.seg.mmseg import seg

    parts = [_segment_pinyin(segment) for segment in seg.cut(text)]
    return "".join(p[0] for p in parts), "".join(p[1] for p in parts)


_sort_segments: dict[str, str] = {}


def sort_key(name: str | None) -> str:
    """The key Chinese names sort on: their pinyin with tone numbers, as a dictionary orders.

    ``长沙`` → ``chang2 sha1``, ``重庆`` → ``chong2 qing4`` (pypinyin reads a character in
    its phrase, which ICU's zh collation cannot: it files 长沙 under *zhang*). Latin words
    and digits stay as they are, case folded, so 3M and Acme sort among the pinyin by their
    letters. The name itself follows after a separator that sorts before every letter: two
    names with the same reading (同音字) still have a stable order. See docs/BENCHMARKS.md
    for why this key is stored rather than a collation evaluated per query.
    """
    text = normalise(name)
    if not _CJK.search(text):
        return text
    from pypinyin import Style, lazy_pinyin
    from pypinyin.seg.mmseg import seg

    parts = []
    for segment in seg.cut(text):
        found = _sort_segments.get(segment)
        if found is None:
            found = " ".join(
                w
                for syllable in lazy_pinyin(segment, style=Style.TONE3, neutral_tone_with_five=True)
                for w in _WORD.findall(syllable)
            )
            if len(_sort_segments) > _CACHE_LIMIT:
                _sort_segments.clear()
            _sort_segments[segment] = found
        parts.append(found)
    return " ".join(p for p in parts if p) + "\x01" + text


# -- queries -------------------------------------------------------------------------------


def _phrase(word: str) -> str:
    if len(word) == 1:
        return f'"{word}"*'
    return '"' + " ".join(word[i : i + 2] for i in range(len(word) - 1)) + '"'


def match_expression(query: str | None) -> str | None:
    """The FTS5 MATCH expression for what the user typed.

    ``None`` when nothing was typed (every customer matches), ``""`` when the text holds
    no letter or digit (``%``, ``-``: nothing can match). Words are combined with AND.
    """
    if not (query or "").strip():
        return None
    parts = []
    for word in words(query):
        phrase = _phrase(word)
        if len(word) <= 2 and word.isascii() and word.isalpha():
            # One or two letters: anywhere in the text, but only the start of the pinyin.
            parts.append(f"({{text}} : {phrase} OR {{initials}} : ^{phrase} OR {{full}} : ^{phrase})")
        else:
            parts.append(phrase)
    return " AND ".join(parts)


def fts_match(expression: str):
    """``customer_fts MATCH <expression>``, with an anonymous bind (several may share a statement)."""
    return literal_column(FTS).op("MATCH")(bindparam(None, expression, type_=String()))


def matching_customer_ids(expression: str):
    """A ``select`` of the ids of the customers whose document matches ``expression``."""
    return (
        select(CustomerIndex.customer_id)
        .join(customer_fts, customer_fts.c.rowid == CustomerIndex.doc_id)
        .where(fts_match(expression))
    )


def count_matches(session: Session, expression: str) -> int:
    """How many customers match, straight from the full-text index.

    Exact when nothing waits in the backlog: documents exist exactly for the customers on
    this laptop that are not deleted.
    """
    return int(
        session.connection()
        .exec_driver_sql(f"SELECT count(*) FROM {FTS} WHERE {FTS} MATCH ?", (expression,))
        .scalar()
        or 0
    )


def backlog(session: Session) -> int:
    """How many customers wait for their index entry: queued, or never indexed."""
    conn = session.connection()
    queued = conn.exec_driver_sql("SELECT count(*) FROM search_queue").scalar() or 0
    # Every customer row (tombstones too) has an index entry once processed.
    missing = (
        conn.exec_driver_sql(
            "SELECT (SELECT count(*) FROM customers) - (SELECT count(*) FROM customer_index)"
        ).scalar()
        or 0
    )
    return int(queued) + max(0, int(missing))


def stale_condition(customer_id):
    """SQL condition: this customer's document is missing or out of date."""
    entry = CustomerIndex.__table__.alias("own_entry")  # not the query's own join of the index
    return or_(
        customer_id.in_(select(SearchQueue.customer_id)), ~exists().where(entry.c.customer_id == customer_id)
    )


# -- keeping the index in step ----------------------------------------------------------------


@dataclass(frozen=True)
class Document:
    text: str
    initials: str
    full: str


def build_document(
    customer: Mapping[str, Any] | Sequence[Any], contacts: Iterable[Sequence[Any]] = ()
) -> Document:
    """The document of a customer (name, code, address, city, phone, fax) and its contacts
    (name, phone, mobile)."""
    if isinstance(customer, Mapping):
        name, code, address, city, phone, fax = (
            customer.get(k) for k in ("name", "code", "address", "city", "phone", "fax")
        )
    else:
        name, code, address, city, phone, fax = customer
    parts = [name, code, address, city, digits(phone), digits(fax)]
    for person, phone_, mobile in contacts:
        parts += [person, digits(phone_), digits(mobile)]
    full, initials = name_pinyin(name)
    return Document(bigram_text(parts), bigram_text([initials]), bigram_text([full]))


def _local_date(at: datetime) -> date:
    return at.astimezone().date()  # the laptop's time zone: "visited on Monday" is local


def visit_grade(grade: str | None, tier: str | None) -> str:
    """The customer's visit grade, else the one its tier implies (docs/DOMAIN.md, visit grade), else B."""
    try:
        return (VisitGrade(grade) if grade else default_visit_grade(tier)).value
    except ValueError:  # a grade or tier this version does not know: the ordinary default
        return VisitGrade.B.value


def due_date(last_visit_at: datetime | None, grade: str | None, tier: str | None) -> date | None:
    """Next visit due (``None``: never visited, due now) from the grade, or the tier's default."""
    if last_visit_at is None:
        return None
    return next_visit_due(
        _local_date(last_visit_at), VisitGrade(visit_grade(grade, tier)), DEFAULT_VISIT_INTERVALS
    )


def _instant(text_value: str | None) -> datetime | None:
    if text_value is None:
        return None
    value = datetime.fromisoformat(text_value.replace("Z", "+00:00"))
    return value if value.tzinfo else value.replace(tzinfo=timezone.utc)


def catch_up(session: Session, limit: int | None = None, only: Collection[str] | None = None) -> int:
    """Rebuild the index entries of queued and never-indexed customers; how many were done.

    ``limit`` bounds the work (a backlog is worked off in slices); ``only`` restricts it to
    some customers (a form that just saved one). Runs in the caller's transaction.
    """
    if bulk.active(session):
        return 0  # a first sync is loading: the documents are built once it is done
    conn = session.connection()
    todo: list[str] = []
    if only is not None:
        ids = list(dict.fromkeys(only))
        for i in range(0, len(ids), _BATCH):
            chunk = ids[i : i + _BATCH]
            marks = ",".join("?" * len(chunk))
            todo += (
                conn.exec_driver_sql(
                    f"SELECT id FROM customers WHERE id IN ({marks}) "
                    "AND (id IN (SELECT customer_id FROM search_queue) "
                    "OR id NOT IN (SELECT customer_id FROM customer_index))",
                    tuple(chunk),
                )
                .scalars()
                .all()
            )
    else:
        cap = -1 if limit is None else int(limit)
        todo = conn.exec_driver_sql("SELECT customer_id FROM search_queue LIMIT ?", (cap,)).scalars().all()
        room = -1 if limit is None else max(0, cap - len(todo))
        if room:
            todo += (
                conn.exec_driver_sql(
                    "SELECT id FROM customers "
                    "WHERE id NOT IN (SELECT customer_id FROM customer_index) LIMIT ?",
                    (room,),
                )
                .scalars()
                .all()
            )
        todo = list(dict.fromkeys(todo))
    for i in range(0, len(todo), _BATCH):
        chunk = todo[i : i + _BATCH]
        _rebuild(conn, chunk)
        marks = ",".join("?" * len(chunk))
        conn.exec_driver_sql(f"DELETE FROM search_queue WHERE customer_id IN ({marks})", tuple(chunk))
    return len(todo)


_VISITED_SQL = ",".join(f"'{s}'" for s in VISITED)


def _rebuild(conn, ids: list[str]) -> None:
    raw = conn.exec_driver_sql
    marks = ",".join("?" * len(ids))
    args = tuple(ids)
    customers = {
        r[0]: r
        for r in raw(
            f"SELECT id, name, code, address, city, phone, fax, deleted, tier, visit_grade FROM customers "
            f"WHERE id IN ({marks})",
            args,
        )
    }
    people: dict[str, list] = defaultdict(list)
    for cid, *person in raw(
        f"SELECT customer_id, name, phone, mobile FROM contacts "
        f"WHERE customer_id IN ({marks}) AND NOT deleted",
        args,
    ):
        people[cid].append(person)
    last_visit = dict(
        raw(
            f"SELECT customer_id, max(check_in_at) FROM visits WHERE customer_id IN ({marks}) "
            f"AND NOT deleted AND check_in_at IS NOT NULL AND status IN ({_VISITED_SQL}) "
            f"GROUP BY customer_id",
            args,
        ).all()
    )
    next_plan = dict(
        raw(
            f"SELECT customer_id, min(planned_at) FROM visits WHERE customer_id IN ({marks}) "
            f"AND NOT deleted AND status = 'planned' GROUP BY customer_id",
            args,
        ).all()
    )
    existing = dict(
        raw(f"SELECT customer_id, doc_id FROM customer_index WHERE customer_id IN ({marks})", args).all()
    )
    old_docs: dict[int, tuple] = {}
    if existing:
        doc_ids = tuple(existing.values())
        old_docs = {
            r[0]: tuple(r[1:])
            for r in raw(
                f"SELECT rowid, text, initials, full FROM {FTS} WHERE rowid IN "
                f"({','.join('?' * len(doc_ids))})",
                doc_ids,
            )
        }

    facts: list[tuple] = []
    docs: dict[str, Document | None] = {}
    for cid in ids:
        row = customers.get(cid)
        if row is None:  # gone meanwhile (its delete trigger dropped the entry)
            continue
        last = _instant(last_visit.get(cid))
        grade = visit_grade(row[9], row[8])
        due = due_date(last, grade, row[8])
        facts.append(
            (
                row[1],
                sort_key(row[1]),
                grade,
                not row[7],
                _text_instant(last),
                due.isoformat() if due else None,
                next_plan.get(cid),
                cid,
            )
        )
        docs[cid] = None if row[7] else build_document(row[1:7], people.get(cid, ()))
    fresh_ids = [f[-1] for f in facts if f[-1] not in existing]
    if fresh_ids:
        raw("INSERT INTO customer_index (customer_id, active) VALUES (?, 1)", [(cid,) for cid in fresh_ids])
        fm = ",".join("?" * len(fresh_ids))
        existing.update(
            raw(
                f"SELECT customer_id, doc_id FROM customer_index WHERE customer_id IN ({fm})",
                tuple(fresh_ids),
            ).all()
        )
    if facts:
        raw(
            "UPDATE customer_index SET name = ?, sort_key = ?, grade = ?, active = ?, last_visit_at = ?, "
            "due_on = ?, planned_at = ? WHERE customer_id = ?",
            facts,
        )
    changed, added, removed = [], [], []
    for cid, doc in docs.items():
        doc_id = existing[cid]
        before = old_docs.get(doc_id)
        if doc is None:
            if before is not None:
                removed.append((doc_id,))
            continue
        values = (doc.text, doc.initials, doc.full)
        if before is None:
            added.append((doc_id, *values))
        elif before != values:
            changed.append((*values, doc_id))
    if removed:
        raw(f"DELETE FROM {FTS} WHERE rowid = ?", removed)
    if changed:
        raw(f"UPDATE {FTS} SET text = ?, initials = ?, full = ? WHERE rowid = ?", changed)
    if added:
        raw(f"INSERT INTO {FTS} (rowid, text, initials, full) VALUES (?, ?, ?, ?)", added)


def _text_instant(value: datetime | None) -> str | None:
    return None if value is None else value.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def work_off_backlog(path, key, slice_size: int, progress: Callable[[int], None]) -> int:
    """Index the backlog on a connection of its own (for a worker thread), one transaction
    per slice so that the screens' writes get in between; ``progress(done)`` after each
    full slice. How many customers were indexed."""
    own = LocalDb(path, key=key, migrate=False, must_exist=True)
    done = 0
    try:
        while True:
            with own.session() as s:
                n = catch_up(s, limit=slice_size)
            done += n
            if n < slice_size:
                return done
            progress(done)
    finally:
        own.close()
