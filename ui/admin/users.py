"""Users: create, change (role, names, supervisor, region), reset passwords, deactivate.

A deactivated user's next sync wipes their laptop's copy and signs them out; a role change
or a password reset ends their sessions everywhere.
"""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QLabel, QWidget

from domain.enums import NodeKind, Role
from ui.admin.base import ListTab
from ui.admin.common import MUTED_COLOUR, OK_COLOUR, WARN_COLOUR, parse_time, part, table_view
from ui.admin.dialogs import PasswordDialog, UserDialog
from ui.formatting import fmt_relative
from ui.labels import label
from ui.tables import Col, RowsModel


class UsersTab(ListTab):
    rows_path = "/admin/users"

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.regions: list[tuple[str, str]] = []
        self.region_names: dict[str, str] = {}  # code -> name: the list shows names, not codes
        self.covered: dict[
            str, set[str]
        ] = {}  # supervisor's username -> codes of the regions assigned to them
        self.model = RowsModel(
            [
                Col("display_name", self.tr("Name"), width=12),
                Col("username", self.tr("Username"), width=12),
                Col("role", self.tr("Role"), lambda r: label(Role, r["role"]), width=8),
                Col("rep_code", self.tr("Rep code"), width=7),
                Col(
                    "region",
                    self.tr("Region"),
                    lambda r: self._region_name(r.get("region")),
                    sort=lambda r: self._region_name(r.get("region")),
                    width=8,
                ),
                Col("supervisor", self.tr("Supervisor"), lambda r: self._name(r.get("supervisor")), width=10),
                Col("phone", self.tr("Phone"), width=13),
                Col(
                    "active",
                    self.tr("Account"),
                    lambda r: self.tr("Active") if r["active"] else self.tr("Deactivated"),
                    width=9,
                    colour=lambda r: OK_COLOUR if r["active"] else MUTED_COLOUR,
                ),
                Col(
                    "last",
                    self.tr("Last sync"),
                    lambda r: (
                        fmt_relative(parse_time(r.get("last_pull_at")))
                        if r["role"] != Role.ADMIN.value
                        else ""
                    ),
                    sort=lambda r: r.get("last_pull_at") or "",
                    width=12,
                    colour=lambda r: WARN_COLOUR if r.get("pending") else None,
                    tooltip=lambda r: (
                        self.tr("Has not yet received the latest change of their territories")
                        if r.get("pending")
                        else None
                    ),
                ),
            ],
            parent=self,
        )
        self.view = table_view(self.model)
        self.view.doubleClicked.connect(lambda _i: self.ask_edit())
        self.export_menu(self.view, self.model, "users")
        self.count = QLabel(objectName="PageSubtitle")
        actions = (
            self.button(self.tr("New user…"), self.ask_create, "Ctrl+Alt+N"),
            self.button(
                self.tr("Edit…"), self.ask_edit, "F2", self.tr("Change role, name, supervisor, region")
            ),
            self.button(self.tr("Reset password…"), self.ask_password, "Ctrl+Alt+P"),
            self.button(
                self.tr("Deactivate"),
                self.ask_deactivate,
                "Ctrl+Alt+D",
                self.tr("The user's next sync wipes their laptop's copy"),
            ),
            self.button(self.tr("Activate"), self.activate_selected, "Ctrl+Alt+A"),
        )
        trailing = (
            self.count,
            self.button(self.tr("Export…"), self.export, "Ctrl+Shift+E"),
            self.button(self.tr("Reload"), self.load, "Ctrl+Shift+R"),
        )
        self.frame(self.toolbar(actions, trailing), self.view)

    def load(self) -> None:
        super().load()
        self.call("GET", "/admin/territories", done=self._got_regions)

    def _got_regions(self, tree: dict) -> None:
        nodes = [n for n in tree["nodes"] if n["kind"] == NodeKind.REGION.value]
        self.regions = [(f"{n['name']} ({n['code']})", n["code"]) for n in nodes]
        self.region_names = {n["code"]: n["name"] for n in nodes}
        self.covered = {}
        for n in nodes:
            for a in n.get("assignees", []):
                if a["role"] == Role.SUPERVISOR.value:
                    self.covered.setdefault(a["username"], set()).add(n["code"])
        self.model.set_rows(self.model.rows)  # the users may have come first: show their regions' names

    def _region_name(self, code: str | None) -> str:
        return self.region_names.get(code or "", code or "")

    def count_text(self, rows: list) -> str:
        active = sum(1 for u in rows if u["active"])
        return self.tr("%n user(s)", None, len(rows)) + " · " + self.tr("%n active", None, active)

    def _name(self, username: str | None) -> str:
        u = next((u for u in self.model.rows if u["username"] == username), None)
        return u["display_name"] if u else (username or "")

    def _supervisors(self) -> list[tuple[str, str, set[str]]]:
        """Active supervisors with the regions they cover: their home region and those assigned to them."""
        return [
            (
                f"{u['display_name']} ({u['username']})",
                u["username"],
                self.covered.get(u["username"], set()) | ({u["region"]} if u.get("region") else set()),
            )
            for u in self.model.rows
            if u["role"] == Role.SUPERVISOR.value and u["active"]
        ]

    def ask_create(self) -> None:
        dialog = UserDialog(self.regions, self._supervisors(), parent=self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.create(dialog.body())

    def create(self, body: dict) -> None:
        self.call(
            "POST",
            "/admin/users",
            body,
            done=lambda _r: self.load(),
            success=self.tr("Created %1. They can log in now.").replace("%1", body["username"]),
        )

    def ask_edit(self) -> None:
        user = self.selected()
        if user is None:
            return
        dialog = UserDialog(self.regions, self._supervisors(), user, parent=self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            body = dialog.body()
            if body:
                self.update(user["username"], body)

    def update(self, username: str, body: dict) -> None:
        text = self.tr("Saved %1.").replace("%1", username)
        if "role" in body:
            text += " " + self.tr("They were signed out; the next login brings the new role.")
        self.call("PATCH", f"/admin/users/{part(username)}", body, done=lambda _r: self.load(), success=text)

    def ask_password(self) -> None:
        user = self.selected()
        if user is None:
            return
        dialog = PasswordDialog(user["username"], self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.call(
                "POST",
                f"/admin/users/{part(user['username'])}/password",
                {"password": dialog.password.text()},
                done=lambda _r: None,
                success=self.tr("New password set for %1.").replace("%1", user["username"]),
            )

    def ask_deactivate(self) -> None:
        user = self.selected()
        if user is None or not user["active"]:
            return
        if self.confirm(
            self.tr("Deactivate %1").replace("%1", user["display_name"]),
            self.tr(
                "%1 can no longer log in, and their laptop's copy of the company data "
                "is wiped at its next sync. Continue?"
            ).replace("%1", user["display_name"]),
        ):
            self.deactivate(user["username"])

    def deactivate(self, username: str) -> None:
        self.call(
            "POST",
            f"/admin/users/{part(username)}/deactivate",
            done=lambda _r: self.load(),
            success=self.tr("Deactivated %1.").replace("%1", username),
        )

    def activate_selected(self) -> None:
        user = self.selected()
        if user is not None and not user["active"]:
            self.call(
                "POST",
                f"/admin/users/{part(user['username'])}/activate",
                done=lambda _r: self.load(),
                success=self.tr("Activated %1.").replace("%1", user["username"]),
            )

    def export(self) -> None:
        self.export_model(self.model, "users")
