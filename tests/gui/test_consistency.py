"""The same behaviour on every screen (issue 16, items 8–12): one customer picker, pinyin
sorting and honest sort arrows, to-date KPIs, a discount breakdown that adds up, and the
finish of the language (Qt's own dialogs in Chinese, banners, region names).

Real widgets offscreen over real replicas that a real sync filled from a real server.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from local_db import search
from tests.sync.helpers import Laptop
from ui.complaints.form import ComplaintForm
from ui.customer_picker import CustomerPicker
from ui.quotes import QuotesPage
from ui.support.tasks import TaskRunner

XINGYUN, XINGHE = "杭州星云科技有限公司", "杭州星河贸易有限公司"


@pytest.fixture
def laptops(org_server, tmp_path, data_dir):
    _org, server = org_server
    made: dict[str, Laptop] = {}

    def laptop(user: str) -> Laptop:
        if user not in made:
            made[user] = Laptop(tmp_path / f"{user}.sqlite3", server.url, user).login()
            made[user].sync()
        return made[user]

    yield laptop
    for lap in made.values():
        lap.engine.transport.close()
        lap.db.close()


@pytest.fixture
def runner(qapp):
    tasks = TaskRunner()
    yield tasks
    tasks.shutdown()


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
        qtbot, org_server, laptops, runner, english):
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
