"""Administration → Devices: every laptop that signed in, and revoking one.

A revoked laptop sends its queued changes at its next contact, then deletes its local copy
and key; the user's other laptops keep working (deactivating the user stops them all).
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from ui.admin.base import ListTab
from ui.admin.common import (
    ERROR_COLOUR,
    MUTED_COLOUR,
    OK_COLOUR,
    WARN_COLOUR,
    parse_time,
    part,
    table_view,
)
from ui.formatting import fmt_relative
from ui.tables import Col, RowsModel


class DevicesTab(ListTab):
    rows_path = "/admin/devices"

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        status_text = {
            "active": self.tr("Active"),
            "revoked": self.tr("Revoked, not yet wiped"),
            "wiped": self.tr("Wiped"),
        }
        status_colour = {"active": OK_COLOUR, "revoked": WARN_COLOUR, "wiped": MUTED_COLOUR}
        self.model = RowsModel(
            [
                Col("username", self.tr("User"), width=10),
                Col("device_name", self.tr("Device"), width=14),
                Col("os", self.tr("System"), width=16),
                Col("app_version", self.tr("App version"), width=7),
                Col(
                    "first_seen_at",
                    self.tr("First sync"),
                    lambda r: fmt_relative(parse_time(r["first_seen_at"])),
                    sort=lambda r: r["first_seen_at"],
                    width=10,
                ),
                Col(
                    "last_sync_at",
                    self.tr("Last sync"),
                    lambda r: fmt_relative(parse_time(r["last_sync_at"])),
                    sort=lambda r: r["last_sync_at"],
                    width=10,
                ),
                Col("last_ip", self.tr("Last address"), width=10),
                Col(
                    "status",
                    self.tr("Status"),
                    lambda r: status_text.get(r["status"], r["status"]),
                    width=12,
                    colour=lambda r: status_colour.get(r["status"], ERROR_COLOUR),
                ),
                Col("client_id", self.tr("Client id"), width=12),
            ],
            parent=self,
        )
        self.view = table_view(self.model)
        self.export_menu(self.view, self.model, "devices")
        self.count = QLabel(objectName="PageSubtitle")
        revoke = self.button(
            self.tr("Revoke…"),
            self.ask_revoke,
            "Ctrl+Alt+R",
            self.tr("The laptop sends its queued changes, then deletes its copy of the data"),
        )
        reload = self.button(self.tr("Reload"), self.load, "Ctrl+Shift+R")
        self.frame(self.toolbar([revoke], [self.count, reload]), self.view)

    def count_text(self, rows: list) -> str:
        return self.tr("%n device(s)", None, len(rows))

    def ask_revoke(self) -> None:
        device = self.selected()
        if device is None or device["status"] != "active":
            return
        name = f"{device['device_name']} ({device['username']})"
        if self.confirm(
            self.tr("Revoke %1").replace("%1", name),
            self.tr(
                "At its next sync %1 sends the changes it still has queued, then deletes its copy of the "
                "company's data and its key. The user's other computers keep working. Continue?"
            ).replace("%1", name),
        ):
            self.revoke(device["client_id"])

    def revoke(self, client_id: str) -> None:
        self.call(
            "POST",
            f"/admin/devices/{part(client_id)}/revoke",
            done=lambda _r: self.load(),
            success=self.tr("Revoked. The laptop wipes itself at its next sync."),
        )
