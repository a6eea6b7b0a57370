"""The customer file (客户档案), the 360° view of one customer.

Header: name, code, classification chips, sync state and the actions (check in, plan a
visit, edit). Tabs: an overview (basic data, classification, visit status, primary
contact, recent history), the contacts with their role in the purchase and stance, the
business situation and needs, and the whole history — visits, quotes, complaints and
payments in one timeline, newest first.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from domain import enums as E
from local_db import customers as customers_db
from sync.file_cache import AttachmentFiles
from ui.attachments import AttachmentsPanel
from ui.customer_file.fields import fmt_time
from ui.customer_file.forms import ContactForm, CustomerForm
from ui.customer_file.look import WORKSPACE_STYLE, Card, chip
from ui.customer_file.words import business_fields, sync_text, visit_due_text
from ui.errors import describe_error
from ui.formatting import fmt_date, fmt_datetime, fmt_decimal, fmt_int, fmt_money, translate
from ui.labels import label
from ui.operations import LocalOp
from ui.style import MUTED, OFFLINE, ONLINE, WARNING
from ui.tables import KeyedItemsModel, list_view
from ui.widgets import EmptyState, label_grid, push_button, stacked

_Index = QModelIndex | QPersistentModelIndex


# -- models ------------------------------------------------------------------------------------


class TimelineModel(KeyedItemsModel):
    """One customer's visits, quotes, complaints and payments, newest first (a few hundred at most)."""

    CONTEXT = "Timeline"
    COLUMNS = (
        ("when", QT_TRANSLATE_NOOP("Timeline", "When")),
        ("kind", QT_TRANSLATE_NOOP("Timeline", "Type")),
        ("what", QT_TRANSLATE_NOOP("Timeline", "What")),
        ("status", QT_TRANSLATE_NOOP("Timeline", "Status")),
        ("amount", QT_TRANSLATE_NOOP("Timeline", "Amount")),
    )

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        item, key = self.cell(index)
        if role == Qt.ItemDataRole.DisplayRole:
            return describe(item)[key]
        if role == Qt.ItemDataRole.ToolTipRole:
            return describe(item)["tip"] or None
        if role == Qt.ItemDataRole.TextAlignmentRole and key == "amount":
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and key == "status":
            return QColor(describe(item)["color"]) if describe(item)["color"] else None
        if role == self.ID_ROLE:
            return item["id"]
        return None


def describe(item: dict[str, Any]) -> dict[str, str]:
    """The timeline line of a visit, quote, complaint or payment."""
    r, kind = item["row"], item["kind"]
    out = {
        "when": fmt_date(r["issue_date"])
        if kind == "quote"
        else fmt_date(r["paid_on"])
        if kind == "payment"
        else fmt_datetime(item["when"]),
        "kind": "",
        "what": "",
        "status": "",
        "amount": "",
        "tip": "",
        "color": "",
    }
    if kind == "visit":
        out["kind"] = translate("Timeline", "Visit")
        parts = [label(E.VisitPurpose, r["purpose"])]
        if r["outcome"]:
            parts.append(label(E.VisitOutcome, r["outcome"]))
        if r["rep_name"]:
            parts.append(r["rep_name"])
        out["what"] = " · ".join(p for p in parts if p)
        out["status"] = label(E.VisitStatus, r["status"])
        if r["order_amount"]:
            out["amount"] = fmt_money(r["order_amount"])
        tips = [t for t in (r["notes"], r["next_step"]) if t]
        if r["review_comment"]:
            tips.insert(0, translate("Timeline", "Supervisor: %1").replace("%1", r["review_comment"]))
        out["tip"] = "\n".join(tips)
        if r["status"] == E.VisitStatus.RETURNED.value:
            out["color"] = OFFLINE
        elif r["status"] in (E.VisitStatus.PLANNED.value, E.VisitStatus.IN_PROGRESS.value):
            out["color"] = "#2563eb"
    elif kind == "quote":
        out["kind"] = translate("Timeline", "Quote")
        out["what"] = r["number"]
        out["status"] = label(E.QuoteStatus, r["status"])
        out["amount"] = fmt_money(r["total"], r["currency"])
        out["tip"] = r["notes"] or ""
        if r["status"] == E.QuoteStatus.ACCEPTED.value:
            out["color"] = ONLINE
    elif kind == "complaint":
        out["kind"] = translate("Timeline", "Complaint")
        out["what"] = f"{label(E.ComplaintCategory, r['category'])} · {label(E.Severity, r['severity'])}"
        out["status"] = label(E.ComplaintStatus, r["status"])
        out["tip"] = r["description"] or ""
        if r["status"] not in (E.ComplaintStatus.CLOSED.value, E.ComplaintStatus.RESOLVED.value):
            out["color"] = WARNING
    elif kind == "payment":
        out["kind"] = translate("Timeline", "Payment")
        out["what"] = " · ".join(p for p in (label(E.PaymentMethod, r["method"]), r["reference"]) if p)
        out["amount"] = fmt_money(r["amount"])
    return out


class ContactsModel(KeyedItemsModel):
    CONTEXT = "ContactsTable"
    COLUMNS = (
        ("name", QT_TRANSLATE_NOOP("ContactsTable", "Name")),
        ("title", QT_TRANSLATE_NOOP("ContactsTable", "Title")),
        ("decision_role", QT_TRANSLATE_NOOP("ContactsTable", "Role")),
        ("stance", QT_TRANSLATE_NOOP("ContactsTable", "Stance")),
        ("mobile", QT_TRANSLATE_NOOP("ContactsTable", "Mobile")),
        ("phone", QT_TRANSLATE_NOOP("ContactsTable", "Phone")),
        ("email", QT_TRANSLATE_NOOP("ContactsTable", "Email")),
    )

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        r, key = self.cell(index)
        if role == Qt.ItemDataRole.DisplayRole:
            if key == "name":
                return r["name"] + (" ★" if r["is_primary"] else "")
            if key == "decision_role":
                return label(E.DecisionRole, r["decision_role"])
            if key == "stance":
                return label(E.Stance, r["stance"])
            return r[key] or ""
        if role == Qt.ItemDataRole.ToolTipRole and key == "name" and r["is_primary"]:
            return translate("ContactsTable", "Primary contact")
        if role == Qt.ItemDataRole.ForegroundRole and key == "stance":
            return QColor(
                {E.Stance.SUPPORTER.value: ONLINE, E.Stance.OPPONENT.value: OFFLINE}.get(r["stance"], MUTED)
            )
        if role == self.ID_ROLE:
            return r["id"]
        return None


class Facts(QWidget):
    """Label/value rows; empty values show a muted dash."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.grid = label_grid(self, 14, 5)
        self.values: dict[str, QLabel] = {}

    def row(self, key: str, text: str) -> None:
        n = self.grid.rowCount()
        name = QLabel(text, objectName="FactLabel")
        name.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        value = QLabel(objectName="FactValue", wordWrap=True)
        value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.grid.addWidget(name, n, 0)
        self.grid.addWidget(value, n, 1)
        self.values[key] = value

    def set(self, key: str, value: str | None) -> None:
        label_ = self.values[key]
        if value:
            label_.setText(value)
            label_.setStyleSheet("")
        else:
            label_.setText("—")
            label_.setStyleSheet(f"color: {MUTED};")


# -- the view ----------------------------------------------------------------------------------


ATTACHMENTS_TAB = 4


class CustomerFileView(QWidget):
    back = Signal()
    checkInRequested = Signal(str)
    planRequested = Signal(str)
    visitActivated = Signal(str)  # a visit of the timeline (a returned log opens its form)
    changed = Signal()  # something was saved here

    def __init__(self, db, parent: QWidget | None = None, *, runner):
        super().__init__(parent)
        self.db, self.runner = db, runner
        self.customer_id: str | None = None
        self.row = None
        if parent is None or not parent.styleSheet():
            self.setStyleSheet(WORKSPACE_STYLE)  # on its own (the Customers page already has it)
        self.setObjectName("CustomerFile")

        root = QVBoxLayout(self)
        root.setContentsMargins(24, 14, 24, 12)
        root.setSpacing(10)

        top = QHBoxLayout()
        self.back_button = QPushButton(self.tr("‹ Customers"))
        self.back_button.setToolTip(self.tr("Back to the list (Esc)"))
        self.back_button.setFlat(True)
        self.back_button.clicked.connect(self.back)
        top.addWidget(self.back_button)
        top.addStretch(1)
        self.sync_label = QLabel(objectName="Muted")
        top.addWidget(self.sync_label)
        root.addLayout(top)

        head = QHBoxLayout()
        names = QVBoxLayout()
        names.setSpacing(2)
        self.name = QLabel(objectName="FileName", wordWrap=True)
        self.name.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.sub = QLabel(objectName="FileSub", wordWrap=True)
        self.chips = QHBoxLayout()
        self.chips.setSpacing(6)
        names.addWidget(self.name)
        names.addWidget(self.sub)
        names.addSpacing(4)
        names.addLayout(self.chips)
        head.addLayout(names, 1)
        actions = QHBoxLayout()
        actions.setSpacing(8)
        self.edit_button = push_button(
            self.tr("Edit"), self.tr("Edit basic data and business situation (Ctrl+E)"), self.edit_customer
        )
        self.plan_button = push_button(
            self.tr("Plan visit"),
            self.tr("Plan a visit to this customer (Ctrl+Shift+V)"),
            lambda: self.planRequested.emit(self.customer_id),
        )
        self.checkin_button = push_button(
            self.tr("Check in"),
            self.tr("Start the visit here, now (F8)"),
            lambda: self.checkInRequested.emit(self.customer_id),
            objectName="Primary",
        )
        for b in (self.edit_button, self.plan_button, self.checkin_button):
            actions.addWidget(b, 0, Qt.AlignmentFlag.AlignTop)
        head.addLayout(actions)
        root.addLayout(head)

        self.tabs = QTabWidget()
        self.tabs.addTab(self._overview(), self.tr("Overview"))
        self.tabs.addTab(self._contacts(), self.tr("Contacts"))
        self.tabs.addTab(self._business(), self.tr("Business and needs"))
        self.tabs.addTab(self._history(), self.tr("History"))
        self.tabs.addTab(self._attachments(), self.tr("Photos and files"))
        root.addWidget(self.tabs, 1)
        # Only while the file is where the rep works: other areas may use the same keys.
        QShortcut(
            QKeySequence("Ctrl+E"),
            self,
            self.edit_customer,
            context=Qt.ShortcutContext.WidgetWithChildrenShortcut,
        )
        QShortcut(
            QKeySequence("Alt+Left"),
            self,
            self.back.emit,
            context=Qt.ShortcutContext.WidgetWithChildrenShortcut,
        )

    # -- tabs --------------------------------------------------------------------------------

    def _overview(self) -> QWidget:
        area = QScrollArea(widgetResizable=True)
        area.setFrameShape(QScrollArea.Shape.NoFrame)
        holder = QWidget()
        grid = QGridLayout(holder)
        grid.setContentsMargins(0, 8, 6, 8)
        grid.setHorizontalSpacing(14)
        grid.setVerticalSpacing(14)
        self.basic = Facts()
        for key, text in (
            ("phone", self.tr("Phone")),
            ("fax", self.tr("Fax")),
            ("email", self.tr("Email")),
            ("website", self.tr("Website")),
            ("address", self.tr("Address")),
            ("industry", self.tr("Industry")),
            ("territory", self.tr("Territory")),
            ("owner", self.tr("Owner")),
            ("created", self.tr("Customer since")),
        ):
            self.basic.row(key, text)
        basic = Card(self.tr("Basic data"))
        basic.add(self.basic)
        self.classes = Facts()
        for key, text in (
            ("tier", self.tr("Value tier")),
            ("lifecycle", self.tr("Lifecycle stage")),
            ("sales_stage", self.tr("Sales stage")),
            ("grade", self.tr("Visit grade")),
            ("credit", self.tr("Credit rating")),
            ("limit", self.tr("Credit limit · terms")),
            ("key", self.tr("Key account")),
            ("churn", self.tr("Churn risk")),
            ("override", self.tr("Set by hand")),
        ):
            self.classes.row(key, text)
        classes = Card(self.tr("Classification"))
        classes.add(self.classes)
        self.balance = Facts()  # what a rep checks before taking an order
        for key, text in (
            ("outstanding", self.tr("Outstanding")),
            ("overdue", self.tr("Overdue")),
            ("available", self.tr("Credit limit")),
        ):
            self.balance.row(key, text)
        balance = Card(self.tr("Receivables"))
        balance.add(self.balance)
        self.visit_facts = Facts()
        for key, text in (
            ("last", self.tr("Last visit")),
            ("next", self.tr("Next visit")),
        ):
            self.visit_facts.row(key, text)
        visits = Card(self.tr("Visits"))
        visits.add(self.visit_facts)
        self.primary = QLabel(objectName="FactValue", wordWrap=True)
        primary = Card(self.tr("Primary contact"))
        primary.add(self.primary)
        self.recent_model = TimelineModel(self)
        self.recent = list_view(self.recent_model)
        self.recent.setMinimumHeight(150)
        self.recent.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.recent.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.recent.doubleClicked.connect(self._timeline_activated)
        recent = Card(self.tr("Recent history"))
        recent.add(self.recent, 1)
        for card in (basic, classes, balance, visits, primary):
            card.outer.addStretch(1)  # facts stay at the top when a neighbour is taller
        left = QVBoxLayout()
        left.setSpacing(14)
        left.addWidget(basic)
        left.addWidget(classes)
        left.addStretch(1)
        right = QVBoxLayout()
        right.setSpacing(14)
        right.addWidget(balance)
        right.addWidget(visits)
        right.addWidget(primary)
        right.addWidget(recent, 1)
        grid.addLayout(left, 0, 0)
        grid.addLayout(right, 0, 1)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        area.setWidget(holder)
        return area

    def _contacts(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 8, 0, 0)
        bar = QHBoxLayout()
        self.add_contact_button = push_button(
            self.tr("Add contact"),
            self.tr("Add a contact to this customer (Ctrl+Shift+C)"),
            lambda: self.edit_contact(None),
        )
        self.edit_contact_button = QPushButton(self.tr("Edit"))
        self.edit_contact_button.clicked.connect(lambda: self.edit_contact(self.current_contact()))
        self.primary_button = push_button(
            self.tr("Make primary"),
            self.tr("Make the selected contact this customer's primary contact"),
            self.make_primary,
        )
        for b in (self.add_contact_button, self.edit_contact_button, self.primary_button):
            bar.addWidget(b)
        bar.addStretch(1)
        layout.addLayout(bar)
        self.contacts_model = ContactsModel(self)
        self.contacts_view = list_view(self.contacts_model)
        self.contacts_view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.contacts_view.horizontalHeader().setStretchLastSection(True)
        self.contacts_view.doubleClicked.connect(lambda _i: self.edit_contact(self.current_contact()))
        self.contacts_view.selectionModel().currentChanged.connect(lambda *_: self._show_contact())
        self.contacts_empty = EmptyState()
        self.contacts_empty.set_text(
            self.tr("No contacts yet"),
            self.tr("Add the people you deal with: who decides, who influences, who uses."),
        )
        self.contacts_stack = stacked(self.contacts_view, self.contacts_empty)
        layout.addWidget(self.contacts_stack, 1)
        self.contact_notes = QLabel(objectName="Muted", wordWrap=True)
        layout.addWidget(self.contact_notes)
        QShortcut(
            QKeySequence("Ctrl+Shift+C"),
            self,
            lambda: self.edit_contact(None),
            context=Qt.ShortcutContext.WidgetWithChildrenShortcut,
        )
        return page

    def _business(self) -> QWidget:
        area = QScrollArea(widgetResizable=True)
        area.setFrameShape(QScrollArea.Shape.NoFrame)
        holder = QWidget()
        layout = QVBoxLayout(holder)
        layout.setContentsMargins(0, 8, 6, 8)
        self.business = Facts()
        for key, text in business_fields():
            self.business.row(key, text)
        card = Card(self.tr("Business situation and needs"))
        edit = QPushButton(self.tr("Edit"))
        edit.clicked.connect(lambda: self.edit_customer(tab=1))
        card.head.addWidget(edit)
        card.add(self.business)
        layout.addWidget(card)
        layout.addStretch(1)
        area.setWidget(holder)
        return area

    def _history(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 8, 0, 0)
        self.timeline_model = TimelineModel(self)
        self.timeline = list_view(self.timeline_model)
        header = self.timeline.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.timeline.doubleClicked.connect(self._timeline_activated)
        self.history_empty = EmptyState()
        self.history_empty.set_text(
            self.tr("No history yet"),
            self.tr("Visits, quotes, complaints and payments appear here, newest first."),
        )
        self.history_stack = stacked(self.timeline, self.history_empty)
        layout.addWidget(self.history_stack, 1)
        return page

    def _attachments(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 8, 0, 0)
        # The customer's own files (a signed contract, the shop front); a visit's or a
        # complaint's photos stay on that record.
        self.attachments = AttachmentsPanel(self.db, runner=self.runner, titled=False, rows=None, parent=self)
        self.attachments.countChanged.connect(
            lambda _n: self.tabs.setTabText(ATTACHMENTS_TAB, self.attachments.count_text())
        )
        layout.addWidget(self.attachments, 1)
        # History arrives as thumbnails; a rep heading somewhere without a connection keeps
        # the full files of this customer's visits, complaints and quotes here instead.
        self.keep_offline = QCheckBox(
            self.tr("Keep all of this customer's photos and files on this computer")
        )
        self.keep_offline.setToolTip(
            self.tr(
                "Full files are fetched at the next sync and kept even when the file cache is full, "
                "so they open without a connection."
            )
        )
        self.keep_offline.toggled.connect(self._set_keep_offline)
        self.keep_offline_note = QLabel()
        self.keep_offline_note.setStyleSheet(f"color: {MUTED};")
        self.keep_offline_note.setWordWrap(True)
        layout.addWidget(self.keep_offline)
        layout.addWidget(self.keep_offline_note)
        return page

    def _set_keep_offline(self, on: bool) -> None:
        customer_id = self.customer_id

        def refused(exc: BaseException) -> None:
            self.keep_offline.blockSignals(True)
            self.keep_offline.setChecked(not on)
            self.keep_offline.blockSignals(False)
            self.keep_offline_note.setText(describe_error(exc))

        # A local mark, but the sync that fetches the files is what the user asked for: a
        # LocalOp wakes it.
        def kept(_result) -> None:
            self.keep_offline_note.setText(self.tr("Their files are fetched at the next sync.") if on else "")

        LocalOp(self, lambda: AttachmentFiles.local(self.db).set_available_offline(customer_id, on)).success(
            kept
        ).failure(refused).run()

    def _show_keep_offline(self) -> None:
        kept = AttachmentFiles.local(self.db).available_offline(self.customer_id)
        self.keep_offline.blockSignals(True)
        self.keep_offline.setChecked(kept)
        self.keep_offline.blockSignals(False)
        self.keep_offline_note.setText("")

    # -- data --------------------------------------------------------------------------------

    def show_customer(self, customer_id: str) -> bool:
        self.customer_id = customer_id
        if not self.reload():
            return False
        self.tabs.setCurrentIndex(0)
        return True

    def reload(self) -> bool:
        if self.customer_id is None:
            return False
        found = customers_db.customer_file(self.db, self.customer_id)
        if found is None:
            return False
        row, contacts, timeline, state = found.row, found.contacts, found.timeline, found.sync_state
        self.open_balance = found.open_balance
        self.row = row
        self._fill_header(row, state)
        self._fill_overview(row, contacts, timeline)
        self.contacts_model.set_items(contacts)
        self._fit_contact_columns()
        self.contacts_stack.setCurrentIndex(0 if contacts else 1)
        self.tabs.setTabText(1, self.tr("Contacts (%1)").replace("%1", str(len(contacts))))
        self._show_contact()
        for key in self.business.values:
            self.business.set(key, row[key])
        self.timeline_model.set_items(timeline)
        self.history_stack.setCurrentIndex(0 if timeline else 1)
        self.tabs.setTabText(3, self.tr("History (%1)").replace("%1", str(len(timeline))))
        if self.attachments.parent_id != self.customer_id:
            self.attachments.set_record("customer", self.customer_id)
        else:
            self.attachments.reload()  # a sync may have brought files
        self._show_keep_offline()
        return True

    def _fill_header(self, row, state: str) -> None:
        self.name.setText(row["name"])
        sub = [row["code"], label(E.CustomerType, row["customer_type"])]
        if row["industry"]:
            sub.append(row["industry"])
        if row["territory_name"]:
            sub.append(row["territory_name"])
        self.sub.setText(" · ".join(p for p in sub if p))
        while self.chips.count():
            item = self.chips.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        if row["tier"]:
            self.chips.addWidget(
                chip(label(E.ValueTier, row["tier"]), "accent" if row["tier"] in ("vip", "major") else "")
            )
        if row["lifecycle_stage"]:
            kind = "bad" if row["lifecycle_stage"] == E.LifecycleStage.TERMINATION.value else ""
            self.chips.addWidget(chip(label(E.LifecycleStage, row["lifecycle_stage"]), kind))
        if row["visit_grade"]:
            self.chips.addWidget(
                chip(self.tr("Visit grade %1").replace("%1", label(E.VisitGrade, row["visit_grade"])))
            )
        if row["credit_grade"]:
            kind = (
                "bad"
                if row["credit_grade"] in ("C", "D")
                else "good"
                if row["credit_grade"].startswith("AA")
                else ""
            )
            self.chips.addWidget(chip(self.tr("Credit %1").replace("%1", row["credit_grade"]), kind))
        if row["key_account"]:
            self.chips.addWidget(chip(self.tr("Key account"), "warn"))
        text, kind = visit_due_text(row["due_on"], row["last_visit_at"], row["planned_at"])
        if text:
            self.chips.addWidget(chip(text, kind))
        self.chips.addStretch(1)
        sync, color = sync_text(state)
        self.sync_label.setText(f'<span style="color:{color}">●</span> {sync}')

    def _fill_balance(self, row) -> None:
        ob, f = self.open_balance, self.balance
        f.set("outstanding", fmt_money(ob.outstanding) if ob.outstanding else self.tr("Nothing owed"))
        if ob.overdue:
            f.set(
                "overdue",
                self.tr("%1 · %n receivable(s), the oldest %2 days late", None, ob.overdue_items)
                .replace("%1", fmt_money(ob.overdue))
                .replace("%2", fmt_int(ob.oldest_overdue_days or 0)),
            )
            f.values["overdue"].setStyleSheet(f"color: {OFFLINE}; font-weight: 600;")
        else:
            f.set("overdue", self.tr("None"))
        available = ob.available(row["credit_limit"])
        if available is None:
            f.set("available", self.tr("No limit set"))
        elif available < 0:
            f.set(
                "available",
                self.tr("%1 · over the limit by %2")
                .replace("%1", fmt_money(row["credit_limit"]))
                .replace("%2", fmt_money(-available)),
            )
            f.values["available"].setStyleSheet(f"color: {OFFLINE}; font-weight: 600;")
        else:
            f.set(
                "available",
                self.tr("%1 · %2 available")
                .replace("%1", fmt_money(row["credit_limit"]))
                .replace("%2", fmt_money(available)),
            )

    def _fill_overview(self, row, contacts, timeline) -> None:
        b = self.basic
        b.set("phone", row["phone"])
        b.set("fax", row["fax"])
        b.set("email", row["email"])
        b.set("website", row["website"])
        address = row["address"] or ""
        if row["city"] and row["city"] not in address:
            address = f"{address} ({row['city']})" if address else row["city"]
        b.set("address", address)
        b.set("industry", row["industry"])
        b.set("territory", row["territory_name"])
        b.set("owner", row["owner_name"])
        b.set("created", fmt_date(row["created_at"]) if row["created_at"] else None)
        c = self.classes
        c.set("tier", label(E.ValueTier, row["tier"]))
        c.set("lifecycle", label(E.LifecycleStage, row["lifecycle_stage"]))
        c.set("sales_stage", label(E.SalesStage, row["sales_stage"]))
        c.set("grade", label(E.VisitGrade, row["visit_grade"]))
        credit = row["credit_grade"] or ""
        if row["credit_score"] is not None:
            credit = (
                self.tr("%1 (%2 points)").replace("%1", credit).replace("%2", fmt_int(row["credit_score"]))
            )
        c.set("credit", credit.strip())
        limit = []
        if row["credit_limit"] is not None:
            limit.append(fmt_money(row["credit_limit"]))
        if row["payment_terms_days"] is not None:
            limit.append(self.tr("%1 days").replace("%1", fmt_int(row["payment_terms_days"])))
        c.set("limit", " · ".join(limit))
        if row["key_account"]:
            c.set("key", self.tr("Yes, managed by %1").replace("%1", row["account_manager_name"] or "—"))
        else:
            c.set("key", self.tr("No"))
        churn = row["churn_risk"]
        c.set("churn", None if churn is None else f"{fmt_decimal(Decimal(churn) * 100, 0)} %")
        # These values are the server's (classification); an override's reason says why one
        # was fixed by hand (who, in Administration → Classification).
        c.set("override", row["override_reason"])
        self._fill_balance(row)
        v = self.visit_facts
        v.set("last", fmt_datetime(row["last_visit_at"]) if row["last_visit_at"] else self.tr("Never"))
        text, _kind = visit_due_text(row["due_on"], row["last_visit_at"], row["planned_at"])
        if row["planned_at"]:
            text = f"{text} {fmt_time(row['planned_at'])}"
        elif row["due_on"]:
            text = f"{fmt_date(row['due_on'])} · {text}"
        v.set("next", text or self.tr("Due now"))
        primary = next((p for p in contacts if p["is_primary"]), contacts[0] if contacts else None)
        if primary is None:
            self.primary.setText(self.tr("No contact yet."))
        else:
            lines = [
                f"<b>{_esc(primary['name'])}</b>"
                + (f" · {_esc(primary['title'])}" if primary["title"] else "")
            ]
            reach = " · ".join(p for p in (primary["mobile"], primary["phone"], primary["email"]) if p)
            if reach:
                lines.append(_esc(reach))
            roles = " · ".join(
                p
                for p in (label(E.DecisionRole, primary["decision_role"]), label(E.Stance, primary["stance"]))
                if p
            )
            if roles:
                lines.append(_esc(roles))
            self.primary.setText("<br>".join(lines))
        self.recent_model.set_items(timeline[:6])

    # -- contacts ----------------------------------------------------------------------------

    def _fit_contact_columns(self) -> None:
        # Sized to their contents, the columns ran together ("罗欣怡 ★ 副总经理 Decision-maker"):
        # each gets its contents plus a gap; the last (email) takes the rest of the width.
        view = self.contacts_view
        view.resizeColumnsToContents()
        gap = 2 * view.fontMetrics().averageCharWidth() + 12
        for c in range(self.contacts_model.columnCount() - 1):
            view.setColumnWidth(c, view.columnWidth(c) + gap)

    def current_contact(self) -> str | None:
        index = self.contacts_view.currentIndex()
        return self.contacts_model.data(index, ContactsModel.ID_ROLE) if index.isValid() else None

    def _show_contact(self) -> None:
        cid = self.current_contact()
        row = next((r for r in self.contacts_model.items if r["id"] == cid), None)
        self.edit_contact_button.setEnabled(row is not None)
        self.primary_button.setEnabled(row is not None and not row["is_primary"])
        if row is None:
            self.contact_notes.setText("")
            return
        parts = []
        if row["birthday"]:
            parts.append(self.tr("Birthday: %1").replace("%1", fmt_date(row["birthday"])))
        if row["im_id"]:
            parts.append(self.tr("WeChat / QQ: %1").replace("%1", row["im_id"]))
        if row["personal_notes"]:
            parts.append(self.tr("Personal notes: %1").replace("%1", row["personal_notes"]))
        self.contact_notes.setText("   ".join(parts))

    def edit_contact(self, contact_id: str | None) -> None:
        if self.customer_id is None:
            return
        dialog = ContactForm(self.db, self.customer_id, contact_id, parent=self)
        dialog.saved.connect(lambda _id: self._saved())
        dialog.open()

    def make_primary(self) -> None:
        contact_id = self.current_contact()
        if contact_id is None or self.customer_id is None:
            return
        LocalOp(self, lambda: customers_db.set_primary(self.db, self.customer_id, contact_id)).run()
        self._saved()

    def edit_customer(self, tab: int = 0) -> None:
        if self.customer_id is None:
            return
        dialog = CustomerForm(self.db, self.customer_id, parent=self)
        tabs = dialog.findChild(QTabWidget)
        if tabs is not None and tab:
            tabs.setCurrentIndex(tab)
        dialog.saved.connect(lambda _id: self._saved())
        dialog.open()

    def _saved(self) -> None:
        self.reload()
        self.changed.emit()

    def _timeline_activated(self, index: QModelIndex) -> None:
        model = index.model()
        item = model.items[index.row()] if isinstance(model, TimelineModel) else None
        if item and item["kind"] == "visit":
            self.visitActivated.emit(item["id"])


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
