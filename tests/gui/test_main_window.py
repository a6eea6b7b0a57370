"""The main window over a real, synced local database."""

from __future__ import annotations

from PySide6.QtCore import Qt

from domain.enums import Role
from ui.admin import AdminPage
from ui.main_window import (
    ADMIN,
    COMPLAINTS,
    CUSTOMERS,
    INBOX,
    KPIS,
    QUOTES,
    REVIEW,
    TODAY,
    VISITS,
    MainWindow,
    areas_for,
)
from ui.support.tasks import TaskRunner


def open_window(qtbot, db, role="rep") -> MainWindow:
    window = MainWindow(db, role=role, display_name="Rep A", language="en", runner=TaskRunner())
    qtbot.addWidget(window)
    window.show()
    return window


def shown_ids(model) -> set[str]:
    return {model.row(i)["id"] for i in range(model.rowCount())}


def test_window_lists_exactly_the_reps_customers(qtbot, org_server, rep_a_db, english):
    org, _server = org_server
    window = open_window(qtbot, rep_a_db)
    model = window.customers_page.model
    assert model.rowCount() == len(org.customers["N1"]) == model.total
    assert shown_ids(model) == org.customers_of("N1")
    assert window.customers_page.stack.currentWidget() is window.customers_page.table
    assert "4 customers" in window.customers_page.subtitle.text()


def test_typing_in_the_search_box_narrows_the_list(qtbot, org_server, rep_a_db, english):
    org, _server = org_server
    window = open_window(qtbot, rep_a_db)
    page = window.customers_page
    reloads = []
    page.model.reloaded.connect(reloads.append)

    qtbot.keyClicks(page.search, "C00002")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=3000)
    assert page.model.row(0)["code"] == "C00002"
    assert len(reloads) <= 2, "the search must be debounced, not run on every keystroke"
    assert "1 customer matches" in page.subtitle.text()

    page.search.clear()
    qtbot.waitUntil(lambda: page.model.rowCount() == 4, timeout=3000)

    qtbot.keyClicks(page.search, "0571-88000003")  # a phone number
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=3000)


def test_no_match_shows_an_empty_state_naming_the_search(qtbot, rep_a_db, english):
    window = open_window(qtbot, rep_a_db)
    page = window.customers_page
    qtbot.keyClicks(page.search, "nobody%")
    qtbot.waitUntil(lambda: page.stack.currentWidget() is page.empty, timeout=3000)
    assert "nobody%" in page.empty.title.text()


def test_empty_database_says_customers_come_with_the_first_sync(qtbot, tmp_path, english):
    from local_db.db import LocalDb

    db = LocalDb(tmp_path / "empty.sqlite3")
    try:
        window = open_window(qtbot, db)
        page = window.customers_page
        assert page.stack.currentWidget() is page.empty
        assert "first sync" in page.empty.detail.text()
        for key in (VISITS, QUOTES, COMPLAINTS):
            other = window.pages[key]
            assert other.stack.currentWidget() is other.empty
    finally:
        db.close()


def test_sorting_is_done_by_the_query(qtbot, rep_a_db, english):
    window = open_window(qtbot, rep_a_db)
    view = window.customers_page.table
    model = window.customers_page.model
    code_column = [c.key for c in model.columns].index("code")
    view.sortByColumn(code_column, Qt.SortOrder.DescendingOrder)
    assert [model.row(i)["code"] for i in range(model.rowCount())] == ["C00004", "C00003", "C00002", "C00001"]


def test_other_areas_list_the_local_rows(qtbot, rep_a_db, english):
    window = open_window(qtbot, rep_a_db)
    visits, quotes = window.pages[VISITS].model, window.pages[QUOTES].model
    assert visits.rowCount() == 8  # 4 customers × 2 visits
    assert quotes.rowCount() == 4
    row = {visits.columns[c].title: visits.data(visits.index(0, c)) for c in range(visits.columnCount())}
    assert row["Customer"].startswith("N1 ")
    assert row["Status"] == "Approved"
    total_col = [c.key for c in quotes.columns].index("total")
    assert quotes.data(quotes.index(0, total_col)) == "¥22.60"


def test_navigation_depends_on_the_role(qtbot, rep_a_db, english):
    assert areas_for(Role.REP) == [
        TODAY,
        CUSTOMERS,
        VISITS,
        QUOTES,
        COMPLAINTS,
    ]  # a rep's day starts at Today
    assert REVIEW in areas_for(Role.SUPERVISOR) and ADMIN not in areas_for(Role.SUPERVISOR)
    window = open_window(qtbot, rep_a_db, role="admin")
    assert window.area_keys() == [CUSTOMERS, VISITS, QUOTES, COMPLAINTS, REVIEW, INBOX, KPIS, ADMIN]
    window.show_area(ADMIN)
    assert window.stack.currentWidget() is window.pages[ADMIN]
    assert isinstance(window.pages[ADMIN], AdminPage)


def test_ctrl_f_focuses_the_search_box(qtbot, rep_a_db, english):
    window = open_window(qtbot, rep_a_db)
    window.show_area(VISITS)
    window.search_action.trigger()
    assert window.current_area() == CUSTOMERS
    assert window.search_action.shortcut().toString() == "Ctrl+F"
    assert {s.toString() for s in window.sync_action.shortcuts()} == {"F5", "Ctrl+R"}


def test_chinese_window_shows_chinese_labels(qtbot, rep_a_db, chinese):
    window = open_window(qtbot, rep_a_db)
    assert window.windowTitle() == "外勤销售"
    assert window.nav.item(window.area_keys().index(CUSTOMERS)).text() == "客户"
    model = window.customers_page.model
    headers = [model.headerData(i, Qt.Orientation.Horizontal) for i in range(model.columnCount())]
    assert "生命周期" in headers and "价值等级" in headers


def test_help_lists_the_keyboard_shortcuts_the_window_really_has(qtbot, rep_a_db, english):
    """Issue 16.13: generated from the registered actions, so it cannot drift."""
    from PySide6.QtGui import QAction, QKeySequence

    window = open_window(qtbot, rep_a_db, role="supervisor")
    help_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Help")
    assert (
        window.shortcuts_action in help_menu.actions()
        and window.shortcuts_action.shortcut().toString() == "F1"
    )
    window.shortcuts_action.trigger()
    dialog = window.shortcuts_dialog
    assert dialog.isVisible()
    rows = dialog.rows()
    assert ("File", "Sync now", "F5, Ctrl+R") in rows
    assert ("File", "Sync centre", "Ctrl+Shift+I") in rows
    assert ("Help", "Keyboard shortcuts", "F1") in rows
    assert ("View", "Customers", "Ctrl+1") in rows
    review = {(what, keys) for where, what, keys in rows if where == "Review"}
    assert {("Approve", "A"), ("Return", "R")} <= review, "the review queue's own keys, under its area"
    with_keys = {a for a in window.findChildren(QAction) if a.shortcuts()}
    assert {keys for *_, keys in rows} >= {
        ", ".join(s.toString(QKeySequence.SequenceFormat.NativeText) for s in a.shortcuts())
        for a in with_keys
        if a.text()
    }
    dialog.close()

    extra = QAction("Export the day", window)  # an action added later shows without touching the help
    extra.setShortcut(QKeySequence("Ctrl+Alt+E"))
    window.pages[CUSTOMERS].addAction(extra)
    extra.setParent(window.pages[CUSTOMERS])
    assert ("Customers", "Export the day", "Ctrl+Alt+E") in window.show_shortcuts().rows()
