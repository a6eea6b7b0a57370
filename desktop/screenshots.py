"""`fieldsales demo --screenshots DIR`: PNGs of each main screen, then exit.

A batch script on top of the real app: it waits (in nested event loops, so the window
keeps working) for the demo's first sync, then shows each screen in each language and
grabs it. Languages are switched at run time by swapping translators and rebuilding the
window, so one pull serves both sets.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEventLoop, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from desktop.app import DesktopApp
from local_db import queries, search
from sync.transport import AuthRequired
from ui.admin.screens import capture as admin_screens
from ui.attachments.screens import capture as attachment_screens
from ui.complaints.screens import capture as complaint_screens
from ui.errors import describe_error
from ui.login_dialog import LoginDialog
from ui.main_window import CUSTOMERS
from ui.quotes.screens import quote_screens
from ui.support import settling as waiting
from ui.visits.screens import capture as rep_screens

WINDOW_SIZE = (1280, 800)


def settle(ms: int = 250) -> None:
    """Let timers (search debounce), layouts and paints run for a moment."""
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def wait_for_sync(app: DesktopApp, timeout_s: float) -> tuple[bool, str]:
    outcome: list[tuple[bool, str]] = []
    loop = QEventLoop()

    def done(ok: bool, message: str) -> None:
        outcome.append((ok, message))
        loop.quit()

    app.syncFinished.connect(done)
    QTimer.singleShot(int(timeout_s * 1000), loop.quit)
    started = time.monotonic()
    loop.exec()
    app.syncFinished.disconnect(done)
    if not outcome:
        return False, f"no sync result after {time.monotonic() - started:.0f} s"
    return outcome[0]


def settle_until(done, timeout_s: float = 10) -> None:
    """Let the event loop run until ``done()`` (background work on the task runner has come
    back), or ``timeout_s`` passed."""
    waiting.settle_until(settle, done, timeout_s)


def _grab(widget: QWidget, path: Path) -> Path:
    settle()
    if not widget.grab().save(str(path), "PNG"):
        raise OSError(f"could not write {path}")
    return path


def _name(stem: str, language: str, suffixed: bool) -> str:
    return f"{stem}.{language}.png" if suffixed else f"{stem}.png"


# Words common in Chinese company names; the first that narrows the list makes a telling shot.
_CANDIDATES = ("科技", "商贸", "百货", "餐饮", "物流", "医药", "机电", "家庭")


def demo_query(app: DesktopApp) -> str:
    with app.ui_db.session() as s:
        total = queries.count_customers(s)
        for word in _CANDIDATES:
            if 0 < queries.count_customers(s, word) < total:
                return word
        return queries.most_common_city(s) or ""


NO_MATCH = "zzzz-no-such-customer"  # a search that finds nothing: the empty state's shot


def search_shots(search, debounce_ms: int, shot: Callable[[str], None], stems: dict[str, str]) -> None:
    """For each query of ``stems``: typed into the ``search`` box, and the shot named by its
    stem taken once the page's search debounce has run."""
    for query, stem in stems.items():
        search.setText(query)
        settle(debounce_ms + 100)
        shot(stem)


def capture_language(app: DesktopApp, out: Path, language: str, suffixed: bool) -> list[Path]:
    app.translations.install(language)
    window = app.rebuild_window()
    window.resize(*WINDOW_SIZE)
    written: list[Path] = []

    def shot(widget: QWidget, stem: str) -> None:
        written.append(_grab(widget, out / _name(stem, language, suffixed)))

    profile = app.profile
    dialog = LoginDialog(profile.server_url if profile else "", profile.username if profile else "")
    dialog.show()
    shot(dialog, "01-login")
    dialog.password.setText("password")
    dialog.show_error(describe_error(AuthRequired(401, "invalid_credentials", "Wrong username or password.")))
    shot(dialog, "02-login-error")
    dialog.close()
    dialog.deleteLater()

    window.show_area(CUSTOMERS)
    page = window.customers_page
    page.search.clear()
    shot(window, "03-customers")
    search_shots(
        page.search,
        page.DEBOUNCE_MS,
        lambda stem: shot(window, stem),
        {demo_query(app): "04-customers-search", NO_MATCH: "05-customers-no-match"},
    )
    page.search.clear()
    settle(page.DEBOUNCE_MS + 100)

    for n, key in enumerate([k for k in window.area_keys() if k not in (CUSTOMERS, "today")], start=6):
        window.show_area(key)
        wait_until_computed(window.pages[key])
        shot(window, f"{n:02d}-{key}")
    visits_page = window.pages["visits"]
    window.show_area("visits")
    search_shots(
        visits_page.search,
        visits_page.SEARCH_DEBOUNCE_MS,
        lambda stem: shot(window, stem),
        {demo_query(app): "45-visits-search", NO_MATCH: "46-visits-no-match"},
    )
    visits_page.reset_filters()
    shortcuts = window.show_shortcuts()
    shot(shortcuts, "47-keyboard-shortcuts")
    shortcuts.close()
    from ui.visits.form import ShortVisitDialog

    short = ShortVisitDialog(1, 10, window)
    short.show()
    shot(short, "48-short-visit")
    short.close()
    short.deleteLater()
    rep_screens(window, shot, settle)  # Today, customer file, prospect form, visit form, returned log, plan
    supervisor_screens(window, shot)
    sync_issue_screens(app, window, shot)
    complaint_screens(window, shot, settle)  # form, the rep's list, the team view, one complaint, the report
    attachment_screens(window, shot, settle)  # a visit's and a complaint's photos, the viewer

    def save_image(image, stem: str) -> None:
        path = out / _name(stem, language, suffixed)
        if not image.save(str(path), "PNG"):
            raise OSError(f"could not write {path}")
        written.append(path)

    quote_screens(window, shot, save_image, language)  # editor, finder, catalogue, PDF first pages
    admin_screens(window, shot, settle)  # territory editor, import preview, users, classification
    return written


def wait_until_computed(page: QWidget, timeout_s: float = 20) -> None:
    """Pages that compute in the background (KPIs) are shot once their figures are in."""
    settle_until(lambda: getattr(page, "report", True) is not None, timeout_s)


@contextmanager
def sync_paused(app: DesktopApp) -> Iterator[None]:
    """No sync runs inside the block, which starts from an empty outbox: what earlier shots
    left queued is sent first (a sync now, or after the one under way), then the scheduler's
    timers are stopped (only writes that tell it, ``localChanged``, start them again; the
    block's own writes do not). What was written meanwhile syncs after the block."""
    controller = app.controller
    if controller is None:
        yield
        return
    controller.sync_now(quiet=True)
    settle_until(lambda: not controller.busy, timeout_s=120)
    controller.stop_timers()
    try:
        yield
    finally:
        controller.local_change()


def stage_pending_edits(db) -> Callable[[], None]:
    """Two edits waiting to be sent, for the sync centre's pending tab: a customer's phone and
    fax, and one of its contacts' mobile. Returns what writes the old values back (queued
    as well, so the demo's data ends as it was once both have synced)."""
    from sqlalchemy import select

    from local_db.tables import TABLES
    from local_db.writes import LocalWriter

    customers, contacts = TABLES["customer"], TABLES["contact"]
    with db.session() as s:
        found = s.execute(
            select(customers.c.id, customers.c.phone, customers.c.fax, contacts.c.id, contacts.c.mobile)
            .join(contacts, contacts.c.customer_id == customers.c.id)
            .where(~customers.c.deleted, ~contacts.c.deleted)
            .order_by(customers.c.name, contacts.c.name)
            .limit(1)
        ).first()
        if found is None:
            return lambda: None
        customer_id, phone, fax, contact_id, mobile = found
        w = LocalWriter.for_owner(s)
        # The values are on no shot (the tab lists records and fields) and go back below.
        w.update("customer", customer_id, {"phone": "021-6888 0101", "fax": "021-6888 0102"})
        w.update("contact", contact_id, {"mobile": "139 1688 0202"})
        search.catch_up(s, only=[customer_id])

    def restore() -> None:
        with db.session() as s:
            w = LocalWriter.for_owner(s)
            w.update("customer", customer_id, {"phone": phone, "fax": fax})
            w.update("contact", contact_id, {"mobile": mobile})
            search.catch_up(s, only=[customer_id])

    return restore


def supervisor_screens(window, shot) -> None:
    """The review queue with an exception and the return dialog, the inbox, each KPI chart."""
    from datetime import date

    from ui.main_window import INBOX, KPIS, REVIEW

    keys = window.area_keys()
    if REVIEW in keys:
        window.show_area(REVIEW)
        review = window.pages[REVIEW]
        model = review.model
        rows = [model.row(i) for i in range(model.rowCount())]
        # A log with a reused photo first (its flag names the visit the photo came from),
        # else any exception.
        reused = (i for i, r in enumerate(rows) for a in r["evidence"] for f in a.flags if f.original)
        flagged = next(reused, None)
        if flagged is None:
            flagged = next((i for i, r in enumerate(rows) if r["evidence"] or r["flags"]), 0)
        review.table.selectRow(flagged)
        settle_until(lambda: not review.counting)  # the subtitle's exception count
        shot(window, "21-review-exception")
        if model.rowCount() > 1:
            review.table.selectRow(0)
            review.return_selected()
            dialog = review.comment_dialog
            if dialog is not None:
                dialog.comment.setPlainText(
                    QCoreApplication.translate(
                        "Screenshots", "Please add what the buyer said about the new prices."
                    )
                )
                shot(dialog, "22-review-return-dialog")
                dialog.reject()
        review.exceptions_only.setChecked(True)
        settle_until(lambda: not review.counting)
        shot(window, "23-review-exceptions-only")
        review.reset_filters()
    if INBOX in keys:
        window.show_area(INBOX)
        inbox = window.pages[INBOX]
        complaint = next((i for i, it in enumerate(inbox.model.items) if it["kind"] == "complaint"), None)
        if complaint is not None:
            inbox.table.selectRow(complaint)
            shot(window, "24-inbox-complaint")
        inbox.table.selectRow(0)
    if KPIS in keys:
        window.show_area(KPIS)
        kpis = window.pages[KPIS]
        wait_until_computed(kpis)
        for i, stem in enumerate(("25-kpi-visits", "26-kpi-sales-target", "27-kpi-cash", "28-kpi-coverage")):
            kpis.tabs.setCurrentIndex(i)
            shot(window, stem)
        kpis.report = None
        kpis.kind.setCurrentIndex(1)  # the quarter: visits per week
        wait_until_computed(kpis)
        kpis.tabs.setCurrentIndex(0)
        shot(window, "29-kpi-quarter")
        kpis.report = None
        today = date.today()
        kpis.set_custom(date(today.year + 2, 1, 1), date(today.year + 2, 1, 31))  # nothing happened yet
        wait_until_computed(kpis)
        shot(window, "30-kpi-empty-period")
        kpis.report = None
        kpis.kind.setCurrentIndex(0)
        wait_until_computed(kpis)


def sync_issue_screens(app: DesktopApp, window, shot) -> None:
    """The status bar with sync issues, the issue list, the conflict and rejection dialogs,
    and the changes waiting to be sent.

    Two issues are staged in the local issue table for the shots (a conflict over a visit's
    order amount, a refused status change) and removed afterwards; two edits are staged in
    the outbox with the sync paused, so it cannot send them before the pending tab is shot,
    and written back after it.
    """
    with sync_paused(app):
        restore = stage_pending_edits(app.ui_db)
        try:
            _sync_issue_shots(app, window, shot)
        finally:
            restore()


def _sync_issue_shots(app: DesktopApp, window, shot) -> None:
    from datetime import datetime, timezone

    from sqlalchemy import delete, select

    from domain.values import new_id
    from local_db.models import SyncIssue
    from local_db.tables import TABLES

    v = TABLES["visit"]
    with app.ui_db.session() as s:
        row = next(
            (
                r
                for r in s.execute(select(v).where(v.c.order_amount.is_not(None)).limit(200)).mappings()
                if r["order_amount"]
            ),
            None,
        )
        if row is None:
            return
        server = {
            "id": row["id"],
            "customer_id": row["customer_id"],
            "status": row["status"],
            "order_amount": str(row["order_amount"]),
            "check_in_at": None,
            "notes": None,
        }
        conflict, rejected = new_id(), new_id()
        now = datetime.now(timezone.utc)

        def issue(mutation_id: str, **what) -> SyncIssue:  # of the visit, as the server has it now
            return SyncIssue(
                mutation_id=mutation_id,
                entity="visit",
                row_id=row["id"],
                server_values=server,
                created_at=now,
                **what,
            )

        s.add(
            issue(
                conflict,
                outcome="conflict",
                code="needs_decision",
                message="Someone else changed order_amount at the same time.",
                changes={"order_amount": "1280.00"},
                base={"order_amount": "980.00"},
                fields=["order_amount"],
            )
        )
        s.add(
            issue(
                rejected,
                outcome="rejected",
                code="invalid_visit_transition",
                message="A visit cannot go from approved to in_progress.",
                changes={"status": "in_progress", "notes": "客户要求下周再来"},
                base={"status": "submitted", "notes": None},
            )
        )
    try:
        window.status.refresh_counts()
        shot(window, "40-sync-issues-status")
        issues = window.status.open_issues()
        issues.resize(1100, 420)
        shot(issues, "41-sync-issues-list")
        issues.tabs.setCurrentWidget(issues.pending_stack)
        shot(issues, "44-sync-centre-pending")
        issues.tabs.setCurrentWidget(issues.stack)
        for mid, stem in ((conflict, "42-conflict-dialog"), (rejected, "43-rejected-change")):
            dialog = issues.open_issue(mid)
            if dialog is not None:
                shot(dialog, stem)
                dialog.reject()
        issues.reject()
    finally:
        with app.ui_db.session() as s:
            s.execute(delete(SyncIssue).where(SyncIssue.mutation_id.in_([conflict, rejected])))
        window.status.refresh_counts()


def run(app: DesktopApp, out: Path, languages: list[str], timeout_s: float = 900) -> int:
    """Wait for the first sync, write every screen in every language; the exit status."""
    QApplication.setQuitOnLastWindowClosed(False)  # windows are swapped while we work

    out.mkdir(parents=True, exist_ok=True)
    ok, message = wait_for_sync(app, timeout_s)
    if not ok:
        print(f"fieldsales demo: the demo sync failed: {message}", file=sys.stderr)
        return 1
    suffixed = len(languages) > 1
    written: list[Path] = []
    for language in languages:
        written += capture_language(app, out, language, suffixed)
    for path in written:
        print(path)
    QCoreApplication.processEvents()
    return 0
