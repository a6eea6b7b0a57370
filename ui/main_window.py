"""The main window: navigation on the left, the area's page on the right, status below.

The window reads the local database (through ``local_db.queries``) and shows sync status
it is given; it never talks to the server. Sync, login and language changes leave it as
signals (``syncRequested``, ``languageChosen``) for the application to act on.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from domain.enums import Role
from local_db import org_settings
from ui.admin import AdminPage
from ui.complaints import ComplaintsArea, new_complaint_action
from ui.formatting import set_org_time_zone
from ui.inbox import InboxPage
from ui.kpi import KpiPage
from ui.labels import label
from ui.operations import SAVED_FILTER
from ui.pages.common import RecordsPage
from ui.pages.customers import CustomersPage
from ui.pages.today import TodayPage
from ui.pages.visits import VisitsPage
from ui.quotes import QuotesPage, new_quote_action
from ui.review import ReviewPage
from ui.status_bar import StatusBar
from ui.support.tasks import TaskRunner
from ui.sync_hooks import keep_view
from ui.update_banner import UpdateBanner
from ui.visits.workspace import RepWorkspace

CUSTOMERS, VISITS, QUOTES, COMPLAINTS, REVIEW, ADMIN = (
    "customers",
    "visits",
    "quotes",
    "complaints",
    "review",
    "administration",
)
INBOX, KPIS = "inbox", "kpis"  # supervisors and admins
TODAY = "today"  # reps: the day's route and the customers due for a visit
LANGUAGES = (("zh_CN", "中文"), ("en", "English"))  # each in its own language, on purpose

# The kinds of data (entities of domain.schema) each area shows: after a local write that
# changed one of them the area re-reads (see MainWindow.dataChanged).
AREA_SHOWS: dict[str, frozenset[str]] = {
    TODAY: frozenset({"visit", "customer", "assignment"}),
    # The customer list shows the saved filters too, in its menu (CustomersPage.reload re-reads it).
    CUSTOMERS: frozenset(
        {"customer", "contact", "assignment", "visit", "quote", "complaint", "receivable", "payment"}
        | {SAVED_FILTER}
    ),
    VISITS: frozenset({"visit", "customer"}),
    QUOTES: frozenset({"quote", "quote_line", "customer"}),
    COMPLAINTS: frozenset({"complaint", "customer"}),
    REVIEW: frozenset({"visit", "customer"}),
    INBOX: frozenset({"quote", "quote_line", "complaint"}),
    KPIS: frozenset({"visit", "quote", "quote_line", "payment", "receivable", "sales_target"}),
}


def areas_for(role: str | None) -> list[str]:
    keys = ([TODAY] if role == Role.REP else []) + [CUSTOMERS, VISITS, QUOTES, COMPLAINTS]
    if role in (Role.SUPERVISOR, Role.ADMIN):
        keys += [REVIEW, INBOX, KPIS]
    if role == Role.ADMIN:
        keys.append(ADMIN)
    return keys


class MainWindow(QMainWindow):
    """The main window.

    ``localChanged`` says a local write committed: pages write through
    ``ui.operations.LocalOp``, which emits it (``ui.sync_hooks.notify_local_change`` finds
    the window from any widget or dialog inside it). The status bar re-counts the changes waiting to be
    sent, and the application's sync controller syncs a few seconds later (debounced).

    ``dataChanged`` follows every local write (local-only ones too) with what it changed
    (``ui.operations.Changes``): each area that shows one of those kinds (``AREA_SHOWS``)
    re-reads, the one in front at once and the others when they are next shown. The area
    that made the write is left to show its own result.
    """

    syncRequested = Signal()
    languageChosen = Signal(str)
    closing = Signal()
    localChanged = Signal()  # a local write committed; see the class docstring
    dataChanged = Signal(object)  # ui.operations.Changes of a local write; see the class docstring
    signOutRequested = Signal()  # File ▸ Sign out, confirmed: the application closes this profile

    def __init__(
        self,
        db,
        *,
        role: str | None,
        display_name: str,
        language: str,
        runner: TaskRunner,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.db = db
        self._read_org_time_zone()
        self.runner = runner  # the app's: background work of the pages (KPIs, bulk reviews, files)
        self.role = role
        self.language = language
        self.setWindowTitle(self.tr("Fieldsales"))
        self.resize(1280, 800)
        self.setMinimumSize(960, 600)

        self.pages: dict[str, QWidget] = {}
        self._stale: set[str] = set()  # areas to re-read when next shown (a write changed what they show)
        self.stack = QStackedWidget()
        self.nav = QListWidget(objectName="Navigation")
        self.nav.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        titles = {
            TODAY: self.tr("Today"),
            CUSTOMERS: self.tr("Customers"),
            VISITS: self.tr("Visits"),
            QUOTES: self.tr("Quotes"),
            COMPLAINTS: self.tr("Complaints"),
            REVIEW: self.tr("Review"),
            INBOX: self.tr("Inbox"),
            KPIS: self.tr("KPIs"),
            ADMIN: self.tr("Administration"),
        }
        for key in areas_for(role):
            page = self._make_page(key)
            self.pages[key] = page
            self.stack.addWidget(page)
            QListWidgetItem(titles[key], self.nav).setData(Qt.ItemDataRole.UserRole, key)
        self.nav.currentRowChanged.connect(self.stack.setCurrentIndex)
        self.stack.currentChanged.connect(self._area_shown)
        self.dataChanged.connect(self._data_changed)

        self.setCentralWidget(self._layout())
        self.status = StatusBar()
        self.setStatusBar(self.status)
        self.status.attach(db)  # pending-change and sync-issue counts from the local database
        self.localChanged.connect(self.status.refresh_counts)
        self.status.recordsChanged.connect(self.refresh)  # a sync issue was settled locally
        self.status.recordsChanged.connect(self.localChanged)
        self._build_menus(titles)
        self.workspace = RepWorkspace(self)  # check in/out, plan a visit, new customer; links the pages
        self.set_identity(display_name, role)
        self.nav.setCurrentRow(0)
        self.refresh()

    # -- construction ------------------------------------------------------------------------

    def _make_page(self, key: str) -> QWidget:
        show_rep = self.role in (Role.SUPERVISOR, Role.ADMIN)
        return {
            TODAY: lambda: TodayPage(self.db),
            CUSTOMERS: lambda: CustomersPage(self.db, runner=self.runner),
            VISITS: lambda: VisitsPage(self.db, show_rep=show_rep),
            QUOTES: lambda: QuotesPage(self.db, role=self.role, runner=self.runner, language=self.language),
            COMPLAINTS: lambda: ComplaintsArea(self.db, role=self.role, runner=self.runner),
            REVIEW: lambda: ReviewPage(self.db, runner=self.runner),
            INBOX: lambda: self._inbox_page(),
            KPIS: lambda: KpiPage(self.db, runner=self.runner),
            ADMIN: lambda: AdminPage(),  # online: gets its client through set_admin_client
        }[key]()

    def _inbox_page(self) -> InboxPage:
        page = InboxPage(self.db, runner=self.runner)
        page.openComplaint.connect(self.show_complaint)
        return page

    def show_complaint(self, complaint_id: str) -> bool:
        """Show the complaints list with ``complaint_id`` selected (False if it is not listed)."""
        self.show_area(COMPLAINTS)
        return self.pages[COMPLAINTS].show_complaint(complaint_id)

    def _layout(self) -> QWidget:
        panel = QWidget(objectName="NavPanel")
        panel.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        panel.setFixedWidth(220)
        side = QVBoxLayout(panel)
        side.setContentsMargins(0, 0, 0, 0)
        side.setSpacing(0)
        side.addWidget(QLabel(self.tr("Fieldsales"), objectName="NavTitle"))
        side.addWidget(QLabel(self.tr("Field sales workspace"), objectName="NavSubtitle"))
        side.addWidget(self.nav, 1)
        self.nav_user = QLabel(objectName="NavUser")
        self.nav_role = QLabel(objectName="NavRole")
        side.addWidget(self.nav_user)
        side.addWidget(self.nav_role)

        self.update_banner = UpdateBanner()
        right = QVBoxLayout()
        right.setContentsMargins(0, 0, 0, 0)
        right.setSpacing(0)
        right.addWidget(self.update_banner)
        right.addWidget(self.stack, 1)
        central = QWidget()
        row = QHBoxLayout(central)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        row.addWidget(panel)
        row.addLayout(right, 1)
        return central

    def _build_menus(self, titles: dict[str, str]) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu(self.tr("&File"))
        self.sync_action = QAction(self.tr("&Sync now"), self)
        self.sync_action.setShortcuts([QKeySequence(Qt.Key.Key_F5), QKeySequence("Ctrl+R")])
        self.sync_action.setToolTip(self.tr("Send and receive changes (F5)"))
        self.sync_action.triggered.connect(self.syncRequested)
        file_menu.addAction(self.sync_action)
        self.issues_action = QAction(self.tr("Sync &centre…"), self)
        self.issues_action.setShortcut(QKeySequence("Ctrl+Shift+I"))
        self.issues_action.setToolTip(
            self.tr("Changes waiting to be sent, and those the server did not accept (Ctrl+Shift+I)")
        )
        self.issues_action.triggered.connect(self.status.open_issues)
        file_menu.addAction(self.issues_action)
        self.new_complaint_action = new_complaint_action(self)  # Ctrl+Shift+C, ui.complaints
        file_menu.addAction(self.new_complaint_action)
        self.new_quote_action = new_quote_action(self)  # Ctrl+Shift+Q, ui.quotes
        file_menu.addAction(self.new_quote_action)
        file_menu.addSeparator()
        self.sign_out_action = QAction(self.tr("Sign &out / switch user…"), self)
        self.sign_out_action.setToolTip(self.tr("Log out of this computer; changes not yet sent stay here"))
        self.sign_out_action.triggered.connect(self.sign_out)
        file_menu.addAction(self.sign_out_action)
        quit_action = QAction(self.tr("&Quit"), self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)

        view_menu = bar.addMenu(self.tr("&View"))
        self.search_action = QAction(self.tr("Search &customers"), self)
        self.search_action.setShortcut(QKeySequence.StandardKey.Find)
        self.search_action.triggered.connect(self.focus_search)
        view_menu.addAction(self.search_action)
        view_menu.addSeparator()
        for i, key in enumerate(self.pages, start=1):
            action = QAction(titles[key], self)
            action.setShortcut(QKeySequence(f"Ctrl+{i}"))
            action.triggered.connect(lambda _checked=False, k=key: self.show_area(k))
            view_menu.addAction(action)

        lang_menu = bar.addMenu(self.tr("&Language"))
        group = QActionGroup(self)
        for code, name in LANGUAGES:
            action = QAction(name, self, checkable=True, checked=code == self.language)
            action.triggered.connect(lambda _checked=False, c=code: self._choose_language(c))
            group.addAction(action)
            lang_menu.addAction(action)
        lang_menu.addSeparator()
        note = QAction(self.tr("A new language is used after a restart"), self)
        note.setEnabled(False)
        lang_menu.addAction(note)

        help_menu = bar.addMenu(self.tr("&Help"))
        self.shortcuts_action = QAction(self.tr("&Keyboard shortcuts"), self)
        self.shortcuts_action.setShortcut(QKeySequence(Qt.Key.Key_F1))
        self.shortcuts_action.triggered.connect(self.show_shortcuts)
        help_menu.addAction(self.shortcuts_action)
        about = QAction(self.tr("&About Fieldsales"), self)
        about.setMenuRole(QAction.MenuRole.AboutRole)
        about.triggered.connect(self._about)
        help_menu.addAction(about)

    # -- what the application drives ---------------------------------------------------------

    @property
    def customers_page(self) -> CustomersPage:
        return self.pages[CUSTOMERS]  # type: ignore[return-value]

    def area_keys(self) -> list[str]:
        return list(self.pages)

    def current_area(self) -> str:
        return self.area_keys()[self.stack.currentIndex()]

    def show_area(self, key: str) -> None:
        self.nav.setCurrentRow(self.area_keys().index(key))

    def focus_search(self) -> None:
        self.show_area(CUSTOMERS)
        self.customers_page.focus_search()

    def _read_org_time_zone(self) -> None:
        # Times name the laptop's zone when it is not the organisation's (ui.formatting).
        with self.db.session() as s:
            set_org_time_zone(org_settings.time_zone(s))

    def refresh(self) -> None:
        """Re-read every list from the local database (after a sync changed it).

        Each page's ``table`` keeps its selection and scroll position (ui.sync_hooks.keep_view).
        """
        self._read_org_time_zone()
        for key in self.pages:
            self._reload_area(key)

    def _reload_area(self, key: str) -> None:
        self._stale.discard(key)
        page = self.pages[key]
        if isinstance(page, (CustomersPage, RecordsPage)):
            with keep_view(getattr(page, "table", None)):
                page.reload()
        elif isinstance(page, (ReviewPage, InboxPage, KpiPage, ComplaintsArea, TodayPage)):
            page.reload()  # they keep their own place

    def _data_changed(self, changes) -> None:
        """After a local write: the areas showing what it changed re-read (see the class docstring)."""
        front = self.stack.currentWidget()
        for key, page in self.pages.items():
            if not changes.touches(AREA_SHOWS.get(key, ())) or changes.made_by(page):
                continue
            if page is front:
                self._reload_area(key)
            else:
                self._stale.add(key)

    def _area_shown(self, index: int) -> None:
        keys = self.area_keys()
        if 0 <= index < len(keys) and keys[index] in self._stale:
            self._reload_area(keys[index])

    def set_identity(self, display_name: str, role: str | None) -> None:
        self.nav_user.setText(display_name)
        self.nav_role.setText(label(Role, role) if role else "")
        self.status.set_user(display_name, role)

    def set_sync_busy(self, busy: bool, text: str = "", quiet: bool = False) -> None:
        self.sync_action.setEnabled(not busy or quiet)  # during an automatic sync F5 queues another
        self.status.set_busy(busy, text, quiet)
        self.customers_page.set_syncing(busy)

    def set_sync_progress(self, rows: int) -> None:
        self.status.set_progress(rows)

    def set_online(self, online: bool | None) -> None:
        self.status.set_online(online)

    def set_last_sync(self, when: datetime | None) -> None:
        self.status.set_last_sync(when)

    def set_verification(self, checked_at: datetime | None, repair: dict | None) -> None:
        self.status.set_verification(checked_at, repair)

    def set_error(self, message: str | None) -> None:
        self.status.set_error(message)

    def set_admin_client(self, client) -> None:
        """The administration area's line to the server (``desktop.admin_client``)."""
        page = self.pages.get(ADMIN)
        if page is not None:
            page.set_client(client)

    # -- reactions ---------------------------------------------------------------------------

    def _choose_language(self, code: str) -> None:
        if code == self.language:
            return
        self.languageChosen.emit(code)
        box = QMessageBox(
            QMessageBox.Icon.Information,
            self.tr("Language"),
            self.tr("Fieldsales will use the new language the next time it starts."),
            QMessageBox.StandardButton.Ok,
            self,
        )
        box.open()  # not exec(): the window keeps running meanwhile

    def show_shortcuts(self):
        from ui.shortcuts_help import ShortcutsDialog  # read from the live actions each time

        self.shortcuts_dialog = ShortcutsDialog(self)
        self.shortcuts_dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.shortcuts_dialog.open()
        return self.shortcuts_dialog

    def sign_out(self) -> QMessageBox | None:
        """Sign out (to log in as someone else); with changes not yet sent, say so first.

        The changes stay in this user's local database and are sent when they log in again.
        """
        self.status.refresh_counts()
        pending = self.status.pending
        if not pending:
            self.signOutRequested.emit()
            return None
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            self.tr("Sign out"),
            self.tr("%n change(s) made on this computer not yet sent to the server.", "", pending)
            + "\n\n"
            + self.tr(
                "They stay on this computer and are sent the next time you log in here. Sign out anyway?"
            ),
            QMessageBox.StandardButton.Cancel,
            self,
        )
        self.sign_out_button = box.addButton(self.tr("Sign out"), QMessageBox.ButtonRole.AcceptRole)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.buttonClicked.connect(
            lambda button: button is self.sign_out_button and self.signOutRequested.emit()
        )
        self.sign_out_box = box
        box.open()
        return box

    def _about(self) -> None:
        QMessageBox.about(
            self,
            self.tr("About Fieldsales"),
            self.tr(
                "Fieldsales — the field sales workspace for reps and supervisors.\n"
                "Works offline; syncs with your company's server."
            ),
        )

    def closeEvent(self, event: QCloseEvent) -> None:
        self.closing.emit()
        super().closeEvent(event)
