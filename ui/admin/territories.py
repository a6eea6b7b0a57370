"""The territory editor: the tree of regions (大区), territories (片区) and grid cells (网格),
who is assigned to each, their customers, and which laptops have not yet received a change.

Every change is one request; the server answers with the change's feed number and the
users whose coverage changed, and the editor then watches ``/admin/sync-status`` until
each of them has synced: "not yet synced" shows until their laptop has pulled the change.
Each button's action is also a method taking the values directly (``create_node``,
``transfer``, ``move_customers``…), which is what the dialogs call.
"""

from __future__ import annotations

from collections import defaultdict

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QTimer
from PySide6.QtGui import QAction, QBrush, QColor, QFont, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSplitter,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from domain.enums import NodeKind, Role, ValueTier
from ui.admin.base import AdminTab
from ui.admin.common import (
    MUTED_COLOUR,
    OK_COLOUR,
    WARN_COLOUR,
    admin_banner,
    parse_time,
    part,
    selected_rows,
    table_view,
)
from ui.admin.dialogs import ChoiceDialog, NodeDialog, TransferDialog
from ui.formatting import fmt_int, fmt_relative
from ui.labels import label
from ui.tables import Col, RowsModel

POLL_MS = 10_000
CUSTOMER_PAGE = 500
ID_ROLE = Qt.ItemDataRole.UserRole + 1


def _section(text: str) -> QLabel:
    title = QLabel(text)
    title.setStyleSheet("font-size: 13px; font-weight: 600; color: #334155; padding-top: 4px;")
    return title


class TerritoryEditor(AdminTab):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.nodes: dict[str, dict] = {}
        self.users: list[dict] = []
        self.status: dict[str, dict] = {}
        self.watching: dict | None = None  # {"seq", "users": [username]} of the last change
        self.current: str | None = None  # selected node id
        self._want: str | None = None  # node to select after the next reload
        self._pending_loads = 0
        self._items: dict[str, QStandardItem] = {}

        self.watch_banner = admin_banner()
        self.poll = QTimer(self, interval=POLL_MS)
        self.poll.timeout.connect(self.refresh_status)

        # -- left: the tree and the laptops ---------------------------------------------------
        self.tree_model = QStandardItemModel(0, 4, self)
        self.tree_model.setHorizontalHeaderLabels(
            [self.tr("Name"), self.tr("Code"), self.tr("Customers"), self.tr("Assigned to")]
        )
        self.tree = QTreeView(objectName="TerritoryTree")
        self.tree.setModel(self.tree_model)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = self.tree.header()
        header.setStretchLastSection(True)  # "Assigned to" takes what is left
        for col in (0, 1, 2):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
        self.tree.selectionModel().currentRowChanged.connect(self._current_changed)

        self.new_region_button = self.button(
            self.tr("New region…"), lambda: self.ask_new_node(NodeKind.REGION), "Ctrl+Alt+R"
        )
        self.new_territory_button = self.button(
            self.tr("New territory…"), lambda: self.ask_new_node(NodeKind.TERRITORY), "Ctrl+Alt+T"
        )
        self.new_grid_button = self.button(
            self.tr("New grid cell…"), lambda: self.ask_new_node(NodeKind.GRID), "Ctrl+Alt+G"
        )
        self.rename_button = self.button(self.tr("Rename…"), self.ask_rename, "F2")
        self.move_button = self.button(
            self.tr("Move…"),
            self.ask_move_node,
            "Ctrl+Alt+M",
            self.tr("Place the node under another region or territory"),
        )
        self.delete_button = self.button(
            self.tr("Delete"),
            self.ask_delete,
            "Ctrl+Alt+D",
            self.tr("Delete the node (only when it is empty)"),
        )
        self.reload_button = self.button(self.tr("Reload"), self.load, "Ctrl+Shift+R")

        self.status_model = RowsModel(
            [
                Col("name", self.tr("Rep / supervisor"), lambda r: r["display_name"]),
                Col("role", self.tr("Role"), lambda r: label(Role, r["role"]), width=8),
                Col(
                    "last",
                    self.tr("Last sync"),
                    lambda r: fmt_relative(parse_time(r.get("last_pull_at"))),
                    sort=lambda r: r.get("last_pull_at") or "",
                    width=12,
                ),
                Col("state", self.tr("Status"), self._status_text, width=14, colour=self._status_colour),
            ],
            parent=self,
        )
        self.status_view = table_view(self.status_model)
        self.status_view.setObjectName("SyncStatusTable")
        self.export_menu(self.status_view, self.status_model, "sync-status")
        tree_export = QAction(self.tr("Export the tree…"), self.tree)
        tree_export.triggered.connect(self.export_tree)
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.tree.addAction(tree_export)

        left = QWidget()
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 6, 0)
        row1 = QHBoxLayout()
        for b in (self.new_region_button, self.new_territory_button, self.new_grid_button):
            row1.addWidget(b)
        row1.addStretch(1)
        row2 = QHBoxLayout()
        for b in (self.rename_button, self.move_button, self.delete_button):
            row2.addWidget(b)
        row2.addStretch(1)
        row2.addWidget(self.reload_button)
        lv.addLayout(row1)
        lv.addLayout(row2)
        lv.addWidget(self.tree, 3)
        lv.addWidget(_section(self.tr("Laptops: who has received the latest changes")))
        lv.addWidget(self.status_view, 2)

        # -- right: the selected node -----------------------------------------------------------
        self.title = QLabel(objectName="NodeTitle")
        self.title.setStyleSheet("font-size: 18px; font-weight: 600;")
        self.subtitle = QLabel(objectName="PageSubtitle")
        self.assignee_model = RowsModel(
            [
                Col("name", self.tr("Assigned"), lambda r: f"{r['display_name']} ({r['username']})"),
                Col("role", self.tr("Role"), lambda r: label(Role, r["role"]), width=8),
                Col(
                    "state",
                    self.tr("Status"),
                    lambda r: self._status_text(self.status.get(r["username"], r)),
                    width=14,
                    colour=lambda r: self._status_colour(self.status.get(r["username"], r)),
                ),
            ],
            parent=self,
        )
        self.assignee_view = table_view(self.assignee_model)
        self.assignee_view.setMaximumHeight(self.assignee_view.verticalHeader().defaultSectionSize() * 3 + 34)
        self.assign_button = self.button(
            self.tr("Assign…"),
            self.ask_assign,
            "Ctrl+Alt+A",
            self.tr("Assign this node to a rep (or a region to a supervisor)"),
        )
        self.transfer_button = self.button(
            self.tr("Move to another rep…"),
            self.ask_transfer,
            "Ctrl+Alt+X",
            self.tr("Move the territory and its customers from one rep to another"),
        )
        self.unassign_button = self.button(self.tr("Unassign"), self.ask_unassign, "Ctrl+Alt+U")

        self.search = QLineEdit(objectName="SearchBox")
        self.search.setPlaceholderText(self.tr("Search customers by name, code or phone (Ctrl+Shift+F)"))
        self.search.setClearButtonEnabled(True)
        self.search_timer = QTimer(self, singleShot=True, interval=300)
        self.search_timer.timeout.connect(self.load_customers)
        self.search.textChanged.connect(lambda _t: self.search_timer.start())
        self.shortcut("Ctrl+Shift+F", self.search.setFocus)
        self.customer_count = QLabel(objectName="PageSubtitle")
        self.customer_model = RowsModel(
            [
                Col("code", self.tr("Code"), width=9),
                Col("name", self.tr("Customer"), tooltip=lambda r: r.get("name") or ""),
                Col(
                    "territory_code",
                    self.tr("Territory"),
                    lambda r: self._territory_name(r.get("territory_code")),
                    width=10,
                    tooltip=lambda r: " · ".join(
                        t
                        for t in (self._territory_name(r.get("territory_code")), r.get("territory_code"))
                        if t
                    ),
                ),
                Col("owner", self.tr("Owner"), lambda r: self._user_name(r.get("owner")), width=10),
                Col(
                    "tier",
                    self.tr("Tier"),
                    lambda r: label(ValueTier, r["tier"]) if r.get("tier") else "",
                    width=7,
                ),
            ],
            parent=self,
        )
        self.customer_view = table_view(self.customer_model, multi=True)
        self.customer_view.setObjectName("NodeCustomers")
        self.export_menu(self.customer_view, self.customer_model, "customers")
        self.move_customers_button = self.button(
            self.tr("Move to territory…"),
            self.ask_move_customers,
            "Ctrl+Alt+C",
            self.tr("Move the selected customers, with their history, to another territory"),
        )
        self.assign_customers_button = self.button(
            self.tr("Assign to rep…"),
            self.ask_assign_customers,
            "Ctrl+Alt+K",
            self.tr("Also give the selected customers to a rep (e.g. key accounts)"),
        )
        self.export_button = self.button(
            self.tr("Export…"),
            self.export_customers,
            "Ctrl+Shift+E",
            self.tr("Export the customer list to Excel or CSV"),
        )

        right = QWidget()
        rv = QVBoxLayout(right)
        rv.setContentsMargins(8, 0, 0, 0)
        rv.addWidget(self.title)
        rv.addWidget(self.subtitle)
        rv.addWidget(self.assignee_view)
        arow = QHBoxLayout()
        for b in (self.assign_button, self.transfer_button, self.unassign_button):
            arow.addWidget(b)
        arow.addStretch(1)
        rv.addLayout(arow)
        crow = QHBoxLayout()
        crow.addWidget(_section(self.tr("Customer list")))
        crow.addWidget(self.customer_count, 1)
        rv.addLayout(crow)
        rv.addWidget(self.search)
        rv.addWidget(self.customer_view, 1)
        brow = QHBoxLayout()
        for b in (self.move_customers_button, self.assign_customers_button):
            brow.addWidget(b)
        brow.addStretch(1)
        brow.addWidget(self.export_button)
        rv.addLayout(brow)

        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(right)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 1)
        split.setChildrenCollapsible(False)
        self.frame(self.watch_banner, split)
        self._update_buttons()

    # -- loading ----------------------------------------------------------------------------------

    def load(self) -> None:
        super().load()
        self._pending_loads = 3
        self.call("GET", "/admin/territories", done=self._got_tree)
        self.call("GET", "/admin/users", done=self._got_users)
        self.call("GET", "/admin/sync-status", done=self._got_status)

    def _loaded_part(self) -> None:
        self._pending_loads -= 1
        if self._pending_loads <= 0:
            self._rebuild()

    def _got_tree(self, tree: dict) -> None:
        self.nodes = {n["id"]: n for n in tree["nodes"]}
        self._loaded_part()

    def _got_users(self, users: list) -> None:
        self.users = users
        self._loaded_part()

    def _got_status(self, status: dict) -> None:
        self.status = {u["username"]: u for u in status["users"]}
        self.status_model.set_rows(
            sorted(status["users"], key=lambda u: (not u["pending"], u["role"], u["username"]))
        )
        self._loaded_part()

    def refresh_status(self) -> None:
        """Ask the server again who has synced (and about the watched change)."""
        if self.client is None:
            return
        self.call("GET", "/admin/sync-status", done=self._status_refreshed, failed=self._poll_failed)
        if self.watching:
            users = ",".join(part(u) for u in self.watching["users"])
            self.call(
                "GET",
                f"/admin/sync-status?seq={self.watching['seq']}&users={users}",
                done=self._watched,
                failed=self._poll_failed,
            )

    def _status_refreshed(self, status: dict) -> None:
        self.status = {u["username"]: u for u in status["users"]}
        self.status_model.set_rows(
            sorted(status["users"], key=lambda u: (not u["pending"], u["role"], u["username"]))
        )
        self.assignee_model.layoutChanged.emit()
        self._fill_assigned_column()

    def _poll_failed(self, exc: BaseException) -> None:
        from ui.errors import admin_error

        self.watch_banner.show_message(admin_error(exc), "error")

    # -- the tree ---------------------------------------------------------------------------------

    def _children(self) -> dict[str | None, list[dict]]:
        kids: dict[str | None, list[dict]] = defaultdict(list)
        for n in self.nodes.values():
            kids[n["parent_id"] if n["parent_id"] in self.nodes else None].append(n)
        for rows in kids.values():
            rows.sort(key=lambda n: n["code"])
        return kids

    def totals(self) -> dict[str, int]:
        """Customers of each node with everything below it."""
        kids = self._children()
        out: dict[str, int] = {}

        def walk(node: dict) -> int:
            out[node["id"]] = node["customers"] + sum(walk(k) for k in kids.get(node["id"], []))
            return out[node["id"]]

        for root in kids.get(None, []):
            walk(root)
        return out

    def _rebuild(self) -> None:
        keep = self._want or self.current
        self._want = None
        self.tree_model.removeRows(0, self.tree_model.rowCount())
        kids, totals = self._children(), self.totals()
        self._items = {}

        def add(parent: QStandardItem, node: dict) -> None:
            name = QStandardItem(node["name"])
            name.setData(node["id"], ID_ROLE)
            name.setToolTip(f"{label(NodeKind, node['kind'])} · {node['code']}")
            if node["kind"] == NodeKind.REGION.value:
                font = QFont()
                font.setWeight(QFont.Weight.DemiBold)
                name.setFont(font)
            code = QStandardItem(node["code"])
            count = QStandardItem(fmt_int(totals.get(node["id"], 0)))
            count.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            assigned = QStandardItem()
            parent.appendRow([name, code, count, assigned])
            self._items[node["id"]] = name
            for child in kids.get(node["id"], []):
                add(name, child)

        root = self.tree_model.invisibleRootItem()
        for node in kids.get(None, []):
            add(root, node)
        self._fill_assigned_column()
        self.tree.expandAll()
        for col, most in ((0, 210), (1, 130), (2, 90)):
            self.tree.resizeColumnToContents(col)
            self.tree.setColumnWidth(col, min(self.tree.columnWidth(col) + 8, most))
        target = keep if keep in self._items else next(iter(self._items), None)
        if target:
            self.select_node(target)
        else:
            self._show_node(None)

    def _fill_assigned_column(self) -> None:
        for node_id, item in self._items.items():
            node = self.nodes.get(node_id)
            if node is None:
                continue
            cell = (
                item.parent().child(item.row(), 3) if item.parent() else self.tree_model.item(item.row(), 3)
            )
            names, waiting = [], []
            for a in node["assignees"]:
                names.append(a["display_name"])
                state = self.status.get(a["username"], a)
                if state.get("pending"):
                    waiting.append(a["display_name"])
            text = ", ".join(names)
            inherited = None if names else self._covering(node)
            if inherited is not None:  # nobody here: whoever is assigned above covers its customers
                text = (
                    self.tr("%1 (from %2)")
                    .replace("%1", ", ".join(a["display_name"] for a in inherited["assignees"]))
                    .replace("%2", inherited["name"])
                )
            elif not names:
                text = self.tr("(nobody)")
            if waiting:
                text += " · " + self.tr("not yet synced")
            cell.setText(text)
            cell.setForeground(
                QBrush(QColor(WARN_COLOUR if waiting else MUTED_COLOUR if not names else "#0f172a"))
            )
            cell.setToolTip(
                self.tr("Not yet synced: %1").replace("%1", ", ".join(waiting)) if waiting else text
            )

    def _covering(self, node: dict) -> dict | None:
        """The nearest node above ``node`` with someone assigned (their customers' owners)."""
        seen = {node["id"]}
        parent = self.nodes.get(node["parent_id"])
        while parent is not None and parent["id"] not in seen:
            if parent["assignees"]:
                return parent
            seen.add(parent["id"])
            parent = self.nodes.get(parent["parent_id"])
        return None

    def select_node(self, key: str) -> bool:
        """Select a node by id or code."""
        node_id = (
            key if key in self.nodes else next((i for i, n in self.nodes.items() if n["code"] == key), None)
        )
        item = self._items.get(node_id)
        if item is None:
            return False
        index = item.index()
        self.tree.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        )
        self.tree.scrollTo(index)
        self._show_node(node_id)
        return True

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self._show_node(current.siblingAtColumn(0).data(ID_ROLE))

    def node(self) -> dict | None:
        return self.nodes.get(self.current) if self.current else None

    def _show_node(self, node_id: str | None) -> None:
        changed = node_id != self.current
        self.current = node_id
        node = self.node()
        if node is None:
            self.title.setText(self.tr("No territories yet"))
            self.subtitle.setText(self.tr("Create a region first, then its territories."))
            self.assignee_model.set_rows([])
            self.customer_model.set_rows([])
            self.customer_count.setText("")
        else:
            total = self.totals().get(node["id"], 0)
            self.title.setText(node["name"])
            parent = self.nodes.get(node["parent_id"])
            where = " · " + self.tr("in %1").replace("%1", parent["name"]) if parent else ""
            self.subtitle.setText(
                f"{label(NodeKind, node['kind'])} · {node['code']}{where} · "
                + self.tr("%n customer(s)", None, total)
            )
            self.assignee_model.set_rows(node["assignees"])
            if changed:
                self.search.blockSignals(True)
                self.search.clear()
                self.search.blockSignals(False)
            self.load_customers()
        self._update_buttons()

    def _update_buttons(self) -> None:
        node = self.node()
        kind = node["kind"] if node else None
        for b in (
            self.rename_button,
            self.move_button,
            self.delete_button,
            self.assign_button,
            self.unassign_button,
        ):
            b.setEnabled(node is not None)
        self.move_button.setEnabled(kind in (NodeKind.TERRITORY.value, NodeKind.GRID.value))
        self.transfer_button.setEnabled(
            bool(node) and any(a["role"] == Role.REP.value for a in node["assignees"])
        )
        self.unassign_button.setEnabled(bool(node) and bool(node["assignees"]))
        self.new_territory_button.setEnabled(
            any(n["kind"] == NodeKind.REGION.value for n in self.nodes.values())
        )
        self.new_grid_button.setEnabled(
            any(n["kind"] == NodeKind.TERRITORY.value for n in self.nodes.values())
        )

    # -- customers of the node ------------------------------------------------------------------------

    def load_customers(self) -> None:
        node = self.node()
        if node is None:
            return
        q = self.search.text().strip()
        path = f"/admin/customers?territory={part(node['code'])}&limit={CUSTOMER_PAGE}"
        if q:
            path += f"&q={part(q)}"
        code = node["code"]
        self.call("GET", path, done=lambda page: self._got_customers(code, page))

    def _got_customers(self, code: str, page: dict) -> None:
        node = self.node()
        if node is None or node["code"] != code:
            return  # the admin moved on meanwhile
        self.customer_model.set_rows(page["rows"])
        shown, total = len(page["rows"]), page["total"]
        self.customer_count.setText(
            self.tr("%n customer(s)", None, total)
            if shown == total
            else self.tr("the first %1 of %2").replace("%1", fmt_int(shown)).replace("%2", fmt_int(total))
        )

    def selected_customers(self) -> list[dict]:
        return [self.customer_model.row(i) for i in selected_rows(self.customer_view)]

    # -- people and sync state ----------------------------------------------------------------------------

    def _territory_name(self, code: str | None) -> str:
        node = next((n for n in self.nodes.values() if n["code"] == code), None) if code else None
        return node["name"] if node else (code or "")

    def _user_name(self, username: str | None) -> str:
        if not username:
            return ""
        u = next((u for u in self.users if u["username"] == username), None)
        return u["display_name"] if u else username

    def _status_text(self, row: dict) -> str:
        if row.get("pending"):
            return self.tr("Never synced") if not row.get("last_pull_at") else self.tr("Not yet synced")
        return self.tr("Up to date")

    def _status_colour(self, row: dict) -> str:
        return WARN_COLOUR if row.get("pending") else OK_COLOUR

    def _people(self, role: Role, exclude: set[str] = frozenset()) -> list[tuple[str, str]]:
        return [
            (f"{u['display_name']} ({u['username']})", u["username"])
            for u in self.users
            if u["role"] == role.value and u["active"] and u["username"] not in exclude
        ]

    def _nodes_of(self, *kinds: NodeKind, exclude: set[str] = frozenset()) -> list[tuple[str, str]]:
        wanted = {k.value for k in kinds}
        out = []
        for n in sorted(self.nodes.values(), key=lambda n: n["code"]):
            if n["kind"] in wanted and n["id"] not in exclude:
                parent = self.nodes.get(n["parent_id"])
                out.append(
                    (f"{n['name']} ({n['code']})" + (f" · {parent['name']}" if parent else ""), n["code"])
                )
        return out

    # -- changes --------------------------------------------------------------------------------------------

    def _ask(self, dialog: QDialog) -> bool:
        return dialog.exec() == QDialog.DialogCode.Accepted

    def _changed(self, receipt: dict | None, done_text: str, select: str | None = None) -> None:
        """After a change: say what it did, watch who still has to sync it, reload."""
        self._want = select
        users = (receipt or {}).get("users") or []
        if users:
            self.watching = {
                "seq": receipt["seq"],
                "users": [u["username"] for u in users],
                "names": {u["username"]: u["display_name"] for u in users},
            }
            self.banner.show_message(done_text, "ok")
            self._show_watch({u["username"]: True for u in users})
            self.poll.start()
        else:
            self.banner.show_message(
                done_text + " " + self.tr("No laptop needs to change what it holds."), "ok"
            )
        self.load()

    def _watched(self, status: dict) -> None:
        if not self.watching:
            return
        self._show_watch({u["username"]: u["pending"] for u in status["users"]})

    def _show_watch(self, pending: dict[str, bool]) -> None:
        names = self.watching["names"]
        waiting = [names.get(u, u) for u, p in sorted(pending.items()) if p]
        if waiting:
            self.watch_banner.show_message(
                self.tr(
                    "The change is saved on the server. Not yet synced: %1 — their laptops get it at their "
                    "next sync."
                ).replace("%1", ", ".join(waiting)),
                "warn",
            )
        else:
            self.watch_banner.show_message(
                self.tr("Every affected laptop has received the change (%1).").replace(
                    "%1", ", ".join(sorted(names.values()))
                ),
                "ok",
            )
            self.poll.stop()
            self.watching = None

    # nodes

    def ask_new_node(self, kind: NodeKind) -> None:
        kind = NodeKind(kind)
        parents = {
            NodeKind.REGION: [],
            NodeKind.TERRITORY: self._nodes_of(NodeKind.REGION),
            NodeKind.GRID: self._nodes_of(NodeKind.TERRITORY),
        }[kind]
        node, default = self.node(), None
        while node is not None and default is None:
            if (kind is NodeKind.TERRITORY and node["kind"] == NodeKind.REGION.value) or (
                kind is NodeKind.GRID and node["kind"] == NodeKind.TERRITORY.value
            ):
                default = node["code"]
            node = self.nodes.get(node["parent_id"])
        dialog = NodeDialog(kind, parents, parent_code=default, parent=self)
        if self._ask(dialog):
            body = dialog.body()
            self.create_node(kind, body["code"], body["name"], body.get("parent"))

    def create_node(self, kind: NodeKind, code: str, name: str, parent: str | None) -> None:
        self.call(
            "POST",
            "/admin/territories",
            {"code": code, "name": name, "kind": NodeKind(kind).value, "parent": parent},
            done=lambda r: self._changed(None, self.tr("Created %1.").replace("%1", name), r["id"]),
        )

    def ask_rename(self) -> None:
        node = self.node()
        if node is None:
            return
        dialog = NodeDialog(
            NodeKind(node["kind"]), code=node["code"], name=node["name"], rename=True, parent=self
        )
        if self._ask(dialog):
            body = dialog.body()
            self.rename_node(body["name"], body["code"])

    def rename_node(self, name: str, code: str) -> None:
        node = self.node()
        self.call(
            "PATCH",
            f"/admin/territories/{part(node['code'])}",
            {"name": name, "code": code},
            done=lambda r: self._changed(r, self.tr("Saved %1.").replace("%1", name)),
        )

    def ask_move_node(self) -> None:
        node = self.node()
        if node is None or node["kind"] == NodeKind.REGION.value:
            return
        kind = NodeKind.REGION if node["kind"] == NodeKind.TERRITORY.value else NodeKind.TERRITORY
        choices = self._nodes_of(kind, exclude={node["parent_id"]})
        dialog = ChoiceDialog(
            self.tr("Move %1").replace("%1", node["name"]),
            self.tr(
                "Everyone who covers the new place gets its customers at their next sync; "
                "those who covered only the old place lose them."
            ),
            self.tr("Under"),
            choices,
            parent=self,
        )
        if self._ask(dialog):
            self.move_node(dialog.value())

    def move_node(self, parent_code: str) -> None:
        node = self.node()
        self.call(
            "PATCH",
            f"/admin/territories/{part(node['code'])}",
            {"parent": parent_code},
            done=lambda r: self._changed(r, self.tr("Moved %1.").replace("%1", node["name"])),
        )

    def ask_delete(self) -> None:
        node = self.node()
        if node is None:
            return
        if self.confirm(
            self.tr("Delete %1").replace("%1", node["name"]),
            self.tr("Delete %1? Only an empty node can be deleted.").replace(
                "%1", f"{node['name']} ({node['code']})"
            ),
        ):
            self.delete_node()

    def delete_node(self) -> None:
        node = self.node()
        self._want = node["parent_id"]
        self.call(
            "DELETE",
            f"/admin/territories/{part(node['code'])}",
            done=lambda _r: self._changed(
                None, self.tr("Deleted %1.").replace("%1", node["name"]), node["parent_id"]
            ),
        )

    # assignments

    def ask_assign(self) -> None:
        node = self.node()
        if node is None:
            return
        taken = {a["username"] for a in node["assignees"]}
        role = Role.SUPERVISOR if node["kind"] == NodeKind.REGION.value else Role.REP
        hint = (
            self.tr("The supervisor's laptop gets the region's customers at the next sync.")
            if role is Role.SUPERVISOR
            else self.tr("The rep's laptop gets the customers, with their history, at the next sync.")
        )
        dialog = ChoiceDialog(
            self.tr("Assign %1").replace("%1", node["name"]),
            hint,
            label(Role, role),
            self._people(role, taken),
            parent=self,
        )
        if self._ask(dialog) and dialog.value():
            self.assign(dialog.value())

    def assign(self, username: str) -> None:
        self._assignment("assign", username, self.tr("Assigned %1 to %2."))

    def ask_transfer(self) -> None:
        node = self.node()
        if node is None:
            return
        holders = [
            (f"{a['display_name']} ({a['username']})", a["username"])
            for a in node["assignees"]
            if a["role"] == Role.REP.value
        ]
        dialog = TransferDialog(node["name"], holders, self._people(Role.REP, {h for _t, h in holders}), self)
        if self._ask(dialog):
            body = dialog.body()
            self.transfer(body["from_username"], body["to_username"])

    def transfer(self, from_username: str, to_username: str) -> None:
        node = self.node()
        self.call(
            "POST",
            f"/admin/territories/{part(node['code'])}/transfer",
            {"from_username": from_username, "to_username": to_username},
            done=lambda r: self._changed(
                r,
                self.tr("Moved %1 from %2 to %3.")
                .replace("%1", node["name"])
                .replace("%2", self._user_name(from_username))
                .replace("%3", self._user_name(to_username)),
            ),
        )

    def ask_unassign(self) -> None:
        node = self.node()
        if node is None or not node["assignees"]:
            return
        rows = selected_rows(self.assignee_view)
        person = self.assignee_model.row(rows[0]) if rows else node["assignees"][0]
        if self.confirm(
            self.tr("Unassign"),
            self.tr(
                "Take %1 away from %2? Customers nobody else gives them leave their laptop at the next sync."
            )
            .replace("%1", node["name"])
            .replace("%2", person["display_name"]),
        ):
            self.unassign(person["username"])

    def unassign(self, username: str) -> None:
        self._assignment("unassign", username, self.tr("Unassigned %1 from %2."))

    def _assignment(self, action: str, username: str, done: str) -> None:
        """Assign or unassign (``action``) the user and the selected node; ``done`` says so
        (%1 the node, %2 the user)."""
        node = self.node()
        self.call(
            "POST",
            f"/admin/territories/{part(node['code'])}/{action}",
            {"username": username},
            done=lambda r: self._changed(
                r, done.replace("%1", node["name"]).replace("%2", self._user_name(username))
            ),
        )

    # customers

    def ask_move_customers(self) -> None:
        chosen = self.selected_customers()
        if not chosen:
            self.banner.show_message(self.tr("Select the customers to move first."), "info")
            return
        node = self.node()
        dialog = ChoiceDialog(
            self.tr("Move %n customer(s)", None, len(chosen)),
            self.tr(
                "The customers move with their whole history; the rep of the new territory "
                "becomes their owner."
            ),
            self.tr("To"),
            self._nodes_of(NodeKind.TERRITORY, NodeKind.GRID, exclude={node["id"]}),
            parent=self,
        )
        if self._ask(dialog):
            self.move_customers([c["id"] for c in chosen], dialog.value())

    def move_customers(self, customer_ids: list[str], territory: str) -> None:
        self.call(
            "POST",
            "/admin/customers/move",
            {"customers": customer_ids, "territory": territory},
            done=lambda r: self._changed(r, self.tr("Moved %n customer(s).", None, r["moved"])),
        )

    def ask_assign_customers(self) -> None:
        chosen = self.selected_customers()
        if not chosen:
            self.banner.show_message(self.tr("Select the customers to assign first."), "info")
            return
        dialog = ChoiceDialog(
            self.tr("Assign %n customer(s) to a rep", None, len(chosen)),
            self.tr("The rep gets these customers in addition to their territories."),
            label(Role, Role.REP),
            self._people(Role.REP),
            parent=self,
        )
        if self._ask(dialog) and dialog.value():
            self.assign_customers([c["id"] for c in chosen], dialog.value())

    def assign_customers(self, customer_ids: list[str], username: str) -> None:
        self.call(
            "POST",
            "/admin/customers/assign",
            {"customers": customer_ids, "username": username},
            done=lambda r: self._changed(r, self.tr("Assigned %n customer(s).", None, r["moved"])),
        )

    def export_customers(self) -> None:
        node = self.node()
        if node is not None:
            self.export_model(self.customer_model, node["code"])

    def export_tree(self) -> None:
        """The whole tree as a list: kind, code, name, parent, customers, who is assigned."""
        totals = self.totals()
        model = RowsModel(
            [
                Col("kind", self.tr("Level"), lambda r: label(NodeKind, r["kind"])),
                Col("code", self.tr("Code")),
                Col("name", self.tr("Name")),
                Col(
                    "parent",
                    self.tr("Under"),
                    lambda r: self.nodes[r["parent_id"]]["code"] if r["parent_id"] in self.nodes else "",
                ),
                Col("customers", self.tr("Customers"), lambda r: str(totals.get(r["id"], 0))),
                Col(
                    "assigned",
                    self.tr("Assigned to"),
                    lambda r: ", ".join(f"{a['display_name']} ({a['username']})" for a in r["assignees"]),
                ),
            ]
        )
        model.rows = sorted(self.nodes.values(), key=lambda n: n["code"])
        self.export_model(model, "territories")
