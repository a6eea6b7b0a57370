"""Local writes through ``ui.operations.LocalOp`` and what the other pages make of them.

After a write the window tells every area what changed: the one in front re-reads at once,
the others when they are next shown, without a manual refresh. Writes of the laptop's own
state (drafts, saved filters) go the same way but leave the sync alone.
Real widgets offscreen over real replicas that a real sync filled from a real server.
"""

from __future__ import annotations

from local_db import queries
from tests.gui.test_review import submit_visit
from ui.customer_file.fields import DraftKeeper
from ui.main_window import CUSTOMERS, REVIEW, VISITS, MainWindow
from ui.operations import DRAFT, SAVED_FILTER
from ui.support.tasks import TaskRunner


def status_of(page, visit_id: str) -> str:
    model = page.model
    row = next(i for i in range(model.rowCount()) if model.row(i)["id"] == visit_id)
    col = next(i for i, c in enumerate(model.columns) if c.key == "status")
    return model.data(model.index(row, col))


def _supervisor_on_a_submitted_visit(qtbot, world):
    """rep_a submits a visit and syncs; sup_n's window opens on the visit list:
    ``(sup's laptop, window, visit id)``."""
    org, _store, laptop, runner = world
    rep = laptop("rep_a")
    vid = submit_visit(rep, sorted(org.customers["N1"])[0])
    rep.sync()
    sup = laptop("sup_n")
    window = MainWindow(sup.db, role="supervisor", display_name="Sup N", language="en", runner=runner)
    qtbot.addWidget(window)
    window.show()
    window.show_area(VISITS)
    return sup, window, vid


def test_an_approval_in_the_review_queue_shows_in_the_visit_list_when_it_is_shown(qtbot, world, english):
    sup, window, vid = _supervisor_on_a_submitted_visit(qtbot, world)
    visits = window.pages[VISITS]
    assert status_of(visits, vid) == "Submitted"

    window.show_area(REVIEW)
    review = window.pages[REVIEW]
    review.select_row(0)
    review.approve_selected()
    qtbot.waitUntil(lambda: review.model.total == 0, timeout=5000)
    assert sup.row("visit", vid)["status"] == "approved"
    assert status_of(visits, vid) == "Submitted"  # hidden: it re-reads when shown, not before

    window.show_area(VISITS)
    assert status_of(visits, vid) == "Approved"  # no refresh, no sync


def test_a_change_in_front_re_reads_the_area_in_front_at_once(qtbot, world, english):
    sup, window, vid = _supervisor_on_a_submitted_visit(qtbot, world)
    visits = window.pages[VISITS]
    review = window.pages[REVIEW]
    review.select_row(0)
    review.approve_selected()  # e.g. from a dialog or a shortcut while the visit list is in front
    qtbot.waitUntil(lambda: sup.row("visit", vid)["status"] == "approved", timeout=5000)
    qtbot.waitUntil(lambda: status_of(visits, vid) == "Approved", timeout=5000)


def test_drafts_and_saved_filters_are_written_through_local_op_and_leave_the_sync_alone(
    qtbot, world, english
):
    org, _store, laptop, _runner = world
    rep = laptop("rep_a")
    window = MainWindow(rep.db, role="rep", display_name="Rep A", language="en", runner=TaskRunner())
    qtbot.addWidget(window)
    window.show()
    window.show_area(CUSTOMERS)
    panel = window.customers_page.list
    told = []
    window.dataChanged.connect(told.append)

    panel.tier.setCurrentIndex(panel.tier.findData("vip"))
    with qtbot.assertNotEmitted(window.localChanged):  # nothing waits to be sent: no sync woken
        panel.save_filter("VIP")
    assert [c.kinds for c in told] == [frozenset({SAVED_FILTER})]
    assert panel.saved.currentText() == "VIP"
    with rep.db.session() as s:
        assert [name for _id, name, _f in queries.saved_filters(s)] == ["VIP"]

    customer_id = sorted(org.customers["N1"])[0]
    keeper = DraftKeeper(rep.db, "test:draft", "test", lambda: {"notes": "half typed"}, customer_id, window)
    with qtbot.assertNotEmitted(window.localChanged):
        keeper.flush()
        assert keeper.load() == {"notes": "half typed"}
        keeper.discard()
    assert keeper.load() is None
    assert [c.kinds for c in told[1:]] == [frozenset({DRAFT}), frozenset({DRAFT})]
