"""The administration area: territories, users, catalog, price lists, targets, import,
classification and the organisation settings, each a tab working online against the
server's API.

The page gets its client from ``desktop.admin_client`` (``set_client``); until then, or
when the server cannot be reached, it says so — it never shows stale data as current.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QTabWidget, QWidget

from sync.transport import Unreachable
from ui.admin.base import AdminTab
from ui.admin.catalog import PriceListsTab, ProductsTab, TargetsTab
from ui.admin.classification import ClassificationTab
from ui.admin.common import admin_banner
from ui.admin.devices import DevicesTab
from ui.admin.imports import ImportWizard
from ui.admin.settings import SettingsTab
from ui.admin.territories import TerritoryEditor
from ui.admin.users import UsersTab
from ui.support.layouts import column

TERRITORIES, USERS, PRODUCTS, PRICE_LISTS, TARGETS, IMPORT, CLASSIFICATION, SETTINGS, DEVICES = (
    "territories",
    "users",
    "products",
    "price_lists",
    "targets",
    "import",
    "classification",
    "settings",
    "devices",
)


class AdminPage(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.client = None
        title = QLabel(self.tr("Administration"), objectName="PageTitle")
        subtitle = QLabel(
            self.tr(
                "Changes are made on the server at once and reach the laptops at their next sync. "
                "Administration needs a connection to the server."
            ),
            objectName="PageSubtitle",
            wordWrap=True,
        )
        self.connection = admin_banner()
        self.tabs = QTabWidget(objectName="AdminTabs")
        self.tabs.setDocumentMode(True)
        self.territories = TerritoryEditor()
        self.users = UsersTab()
        self.products = ProductsTab()
        self.price_lists = PriceListsTab()
        self.targets = TargetsTab()
        self.importer = ImportWizard()
        self.classification = ClassificationTab()
        self.settings = SettingsTab()
        self.devices = DevicesTab()
        self.tab_keys: dict[str, AdminTab] = {
            TERRITORIES: self.territories,
            USERS: self.users,
            PRODUCTS: self.products,
            PRICE_LISTS: self.price_lists,
            TARGETS: self.targets,
            IMPORT: self.importer,
            CLASSIFICATION: self.classification,
            SETTINGS: self.settings,
            DEVICES: self.devices,
        }
        titles = {
            TERRITORIES: self.tr("Territories"),
            USERS: self.tr("Users"),
            PRODUCTS: self.tr("Products"),
            PRICE_LISTS: self.tr("Price lists"),
            TARGETS: self.tr("Targets"),
            IMPORT: self.tr("Import"),
            CLASSIFICATION: self.tr("Classification"),
            SETTINGS: self.tr("Settings"),
            DEVICES: self.tr("Devices"),
        }
        for key, tab in self.tab_keys.items():
            self.tabs.addTab(tab, titles[key])
        column(self, title, subtitle, self.connection, (self.tabs, 1), margins=(24, 20, 24, 12), spacing=8)
        self.connection.show_message(self.tr("Connecting to the server…"), "info")
        self.connection.close_button.hide()

    def set_client(self, client) -> None:
        if client is self.client:
            return
        self.client = client
        client.connectionChanged.connect(self._connection, Qt.ConnectionType.UniqueConnection)
        self.connection.hide()
        for tab in self.tab_keys.values():
            tab.set_client(client)

    def show_tab(self, key: str) -> AdminTab:
        tab = self.tab_keys[key]
        self.tabs.setCurrentWidget(tab)
        return tab

    def _connection(self, online: bool, exc) -> None:
        if online:
            self.connection.hide()
        elif isinstance(exc, Unreachable):
            self.connection.show_message(
                self.tr(
                    "The server cannot be reached. Administration works online only: "
                    "nothing was changed. Check the network and press Reload "
                    "(Ctrl+Shift+R)."
                ),
                "error",
            )
