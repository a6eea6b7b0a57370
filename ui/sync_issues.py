"""The sync-issues list and the dialog for a rejected change.

A sync issue is a change the server did not simply apply (docs/SYNC_CONTRACT.md, invariant 4): a
*conflict* needs the rep to choose between their value and the server's
(``ui.conflict_dialog``); a *rejection* shows what the rep wanted next to what the server
has now and offers to edit and send it again, or to discard it. Nothing is ever dropped
without the rep saying so: the issue keeps the rep's values until they decide.

The decisions themselves are ``local_db.issues`` functions; this module only shows and asks.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QDate, QDateTime, QLocale, Qt, QTime, Signal
from PySide6.QtGui import QColor, QIntValidator
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QWidget,
)

from domain.errors import DomainError
from domain.schema import BY_NAME, Kind
from domain.values import format_datetime, parse_datetime
from local_db import file_uploads as FU
from local_db import issues as I
from ui.columns import datetime_column, text_column
from ui.conflict_dialog import (
    ConflictDialog,
    add_heads,
    elide,
    empty_text,
    entity_label,
    field_label,
    format_value,
    name_issue,
)
from ui.errors import code_text, refusal_text, upload_reason_text
from ui.formatting import fmt_datetime, widest_samples
from ui.labels import label
from ui.operations import LocalOp
from ui.style import MUTED, OFFLINE, WARNING
from ui.support.layouts import column
from ui.sync_hooks import keep_view
from ui.table_model import Column, LazyTableModel, QuerySource
from ui.widgets import EmptyState, data_table, error_label, scrolling_grid, stacked

# lupdate only sees literal translate("Context", "text") calls, so no wrapper function.
translate = QCoreApplication.translate


def describe_issue(row: dict[str, Any]) -> str:
    """What happened, in the user's words (the server's English message is the fallback)."""
    code = row.get("code")
    if row.get("outcome") == I.CONFLICT:
        names = [field_label(row["entity"], f) for f in row.get("fields") or []]
        return translate(
            "SyncIssues", "Someone else changed %1 at the same time. Choose which value to keep."
        ).replace("%1", QLocale().createSeparatedList(names) if names else "?")
    return code_text(code) or row.get("message") or ""


def _kind_text(row: dict[str, Any]) -> str:
    if row["outcome"] == I.CONFLICT:
        return translate("SyncIssues", "Needs your decision")
    return translate("SyncIssues", "Not accepted")


def _op_text(row: dict[str, Any]) -> str:
    """What kind of change the issue came from (the outbox entry's shape, ``local_db.issues.issue_op``)."""
    if row["op"] == I.INSERT:
        return translate("SyncIssues", "New record")
    if row["op"] == I.DELETE:
        return translate("SyncIssues", "Deletion")
    return translate("SyncIssues", "Edit")


def _kind_color(row: dict[str, Any]) -> QColor:
    return QColor(WARNING if row["outcome"] == I.CONFLICT else OFFLINE)


def _record_text(row: dict[str, Any]) -> str:
    if row["label_value"] is None or not row["label_field"]:
        return ""
    return elide(format_value(row["entity"], row["label_field"], row["label_value"]), 40)


_TRANSITIONS = ("invalid_visit_transition", "invalid_quote_transition", "invalid_complaint_transition")


def _server_said(row: dict[str, Any]) -> str:
    """The particulars under the explanation, in the user's words: the server's English message
    names statuses by their wire values, so it is never repeated under a translated sentence."""
    code = row.get("code")
    if code in _TRANSITIONS and row.get("wanted_status") and row.get("server_status"):
        return (
            translate("SyncIssues", "On the server it is “%1” now, so it cannot become “%2”.")
            .replace("%1", format_value(row["entity"], "status", row["server_status"]))
            .replace("%2", format_value(row["entity"], "status", row["wanted_status"]))
        )
    return ""  # describe_issue already says it (the server's message only when the code has no sentence)


# Which record a change or an issue is about: the same columns in both lists.
_RECORD_COLUMNS = (
    Column(
        "entity", QT_TRANSLATE_NOOP("Columns", "Record type"), lambda r: entity_label(r["entity"]), width=8
    ),
    Column(
        "op",
        QT_TRANSLATE_NOOP("Columns", "Change"),
        _op_text,
        width=7,
        samples=lambda: [_op_text({"op": op}) for op in (I.INSERT, I.UPDATE, I.DELETE)],
    ),
    text_column(
        "customer",
        QT_TRANSLATE_NOOP("Columns", "Customer"),
        "customer_name",
        width=22,
        tooltip=lambda r: r["customer_name"] or "",
    ),
    Column(
        "record",
        QT_TRANSLATE_NOOP("Columns", "Record"),
        _record_text,
        width=14,
        tooltip=_record_text,
        samples=lambda: widest_samples("datetime"),
    ),
)

COLUMNS = (
    datetime_column("when", QT_TRANSLATE_NOOP("Columns", "When"), lambda r: r["created_at"]),
    *_RECORD_COLUMNS,
    Column(
        "what",
        QT_TRANSLATE_NOOP("Columns", "Issue"),
        _kind_text,
        width=9,
        color=_kind_color,
        samples=lambda: [
            translate("SyncIssues", "Needs your decision"),
            translate("SyncIssues", "Not accepted"),
        ],
    ),
    Column(
        "details",
        QT_TRANSLATE_NOOP("Columns", "What happened"),
        describe_issue,
        sortable=False,
        tooltip=lambda r: "\n".join(t for t in (describe_issue(r), _server_said(r)) if t),
    ),
)


def _fields_text(row: dict[str, Any]) -> str:
    return QLocale().createSeparatedList([field_label(row["entity"], f) for f in row["fields"]])


PENDING_COLUMNS = (
    datetime_column("when", QT_TRANSLATE_NOOP("Columns", "Waiting since"), lambda r: r["created_at"]),
    *_RECORD_COLUMNS,
    Column(
        "fields",
        QT_TRANSLATE_NOOP("Columns", "Fields changed"),
        _fields_text,
        sortable=False,
        tooltip=_fields_text,
    ),
)


# -- attachment files: their upload state (local_db.file_uploads) ---------------------------


def upload_state_text(row: dict[str, Any]) -> str:
    state = row["state"]
    if state == FU.UPLOADING:
        size = row["size_bytes"] or 0
        percent = 100 if size <= 0 else min(99, row["acknowledged"] * 100 // size)
        return translate("FileUploads", "Uploading %1 %").replace("%1", str(percent))
    if state == FU.UPLOADED:
        return translate("FileUploads", "Uploaded")
    if state == FU.FAILED:
        return translate("FileUploads", "Failed: %1").replace(
            "%1", upload_reason_text(row["code"], row["detail"])
        )
    return translate("FileUploads", "Waiting")


def _upload_color(row: dict[str, Any]) -> QColor | None:
    return {FU.FAILED: QColor(OFFLINE), FU.UPLOADED: QColor(MUTED)}.get(row["state"])


def _parent_text(row: dict[str, Any]) -> str:
    return entity_label(row["parent_type"]) if row["parent_type"] else ""


def _upload_tooltip(row: dict[str, Any]) -> str:
    lines = [upload_state_text(row)]
    if row["state"] == FU.FAILED:
        if row["next_try_at"] is not None:
            lines.append(
                translate(
                    "FileUploads", "Tried %n time(s); next try with the sync after %1.", "", row["attempts"]
                ).replace("%1", fmt_datetime(row["next_try_at"]))
            )
        if row["detail"]:
            lines.append(row["detail"])
    return "\n".join(lines)


FILE_COLUMNS = (
    text_column("file", QT_TRANSLATE_NOOP("Columns", "File"), "file_name", width=22, sortable=False),
    Column("parent", QT_TRANSLATE_NOOP("Columns", "Attached to"), _parent_text, width=9, sortable=False),
    text_column(
        "customer", QT_TRANSLATE_NOOP("Columns", "Customer"), "customer_name", width=22, sortable=False
    ),
    Column(
        "state",
        QT_TRANSLATE_NOOP("Columns", "Upload"),
        upload_state_text,
        sortable=False,
        color=_upload_color,
        tooltip=_upload_tooltip,
    ),
)


class SyncIssuesDialog(QDialog):
    """The sync centre: what is waiting to be sent, and the issues; Enter opens the issue selected.

    It says what is true: changes waiting on this computer are listed (what, which record,
    since when); being offline is a normal state, not an error; only a change the server
    refused, or a failure of the server itself, is shown as a problem.
    """

    changed = Signal()  # an issue was settled (local records may have changed)

    def __init__(self, db, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.child: QDialog | None = None
        self._online: bool | None = None
        self._error: str | None = None
        self.setWindowTitle(self.tr("Sync centre"))
        self.resize(1100, 500)

        self.heading = QLabel(self.tr("Sync centre"), objectName="PageTitle")
        self.state = QLabel(objectName="SyncState", wordWrap=True)
        self.subtitle = QLabel(objectName="PageSubtitle", wordWrap=True)
        self.model = LazyTableModel(COLUMNS, QuerySource(db, I.count_issues, I.list_issues), I.DEFAULT_SORT)
        self.table, self.empty, self.stack = self._listing(
            self.model, self.tr("No sync issues"), self.tr("The server has refused none of your changes.")
        )
        self.table.activated.connect(lambda index: self.open_row(index.row()))
        self.pending_model = LazyTableModel(
            PENDING_COLUMNS, QuerySource(db, I.count_pending, I.list_pending), I.PENDING_SORT
        )
        self.pending_table, self.pending_empty, self.pending_stack = self._listing(
            self.pending_model,
            self.tr("Nothing waiting to be sent"),
            self.tr("Changes you make on this computer are listed here until the server has them."),
        )
        self.files_model = LazyTableModel(
            FILE_COLUMNS, QuerySource(db, FU.count_files, FU.list_files), FU.FILES_SORT
        )
        self.files_table, self.files_empty, self.files_stack = self._listing(
            self.files_model,
            self.tr("No files to upload"),
            self.tr("Photos and files you attach are listed here until the server has them."),
        )

        self.tabs = QTabWidget(objectName="SyncTabs")
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.pending_stack, "")
        self.tabs.addTab(self.stack, "")
        self.tabs.addTab(self.files_stack, "")

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.open_button = self.buttons.addButton(self.tr("Open…"), QDialogButtonBox.ButtonRole.ActionRole)
        self.open_button.setToolTip(self.tr("Review the selected issue (Enter)"))
        self.open_button.setDefault(True)
        self.open_button.clicked.connect(self.open_selected)
        self.buttons.rejected.connect(self.reject)

        column(
            self,
            self.heading,
            self.state,
            (self.tabs, 1),
            self.subtitle,
            self.buttons,
            margins=(24, 20, 24, 16),
            spacing=10,
        )
        self.model.reloaded.connect(self._reloaded)
        self.pending_model.reloaded.connect(self._reloaded)
        self.files_model.reloaded.connect(self._reloaded)
        self.tabs.currentChanged.connect(lambda _i: self._reloaded())
        self._first = True
        self._files_open = 0
        self.reload()

    @staticmethod
    def _listing(
        model: LazyTableModel, title: str, detail: str
    ) -> tuple[QTableView, EmptyState, QStackedWidget]:
        """A list's table, what shows instead while it is empty, and the stack of the two."""
        table, empty = data_table(model), EmptyState()
        empty.set_text(title, detail)
        return table, empty, stacked(table, empty)

    def set_connection(self, online: bool | None, error: str | None) -> None:
        """What the status bar knows: whether the server answers, and the last real failure."""
        self._online, self._error = online, error
        self._show_state()

    def reload(self) -> None:
        with keep_view(self.table):
            self.model.reload()
        with keep_view(self.pending_table):
            self.pending_model.reload()
        self.reload_files()
        if self.model.rowCount() and not self.table.selectionModel().hasSelection():
            self.table.selectRow(0)
        if self._first:  # open on what needs the user, else on what is waiting
            self._first = False
            self.tabs.setCurrentWidget(self.stack if self.model.total else self.pending_stack)

    def reload_files(self) -> None:
        """Re-read the files' upload state (during a sync, as the upload moves along)."""
        with keep_view(self.files_table):
            self.files_model.reload()

    @property
    def pending_total(self) -> int:
        return self.pending_model.total

    @property
    def issue_total(self) -> int:
        return self.model.total

    def _reloaded(self, _total: int = 0) -> None:
        issues, pending = self.issue_total, self.pending_total
        with self.db.session() as s:
            self._files_open = FU.count_open_files(s)
        self.tabs.setTabText(0, self.tr("Waiting to be sent (%1)").replace("%1", str(pending)))
        self.tabs.setTabText(1, self.tr("Issues (%1)").replace("%1", str(issues)))
        self.tabs.setTabText(2, self.tr("Files (%1)").replace("%1", str(self._files_open)))
        self.stack.setCurrentWidget(self.table if issues else self.empty)
        self.pending_stack.setCurrentWidget(self.pending_table if pending else self.pending_empty)
        self.files_stack.setCurrentWidget(self.files_table if self.files_model.total else self.files_empty)
        on_issues = self.tabs.currentWidget() is self.stack
        on_files = self.tabs.currentWidget() is self.files_stack
        self.open_button.setVisible(on_issues)
        self.open_button.setEnabled(on_issues and issues > 0)
        if on_issues:
            self.subtitle.setText(
                self.tr(
                    "These changes were not applied as they were. Nothing is lost: your "
                    "values are kept here until you decide."
                )
            )
        elif on_files:
            self.subtitle.setText(
                self.tr(
                    "Files are uploaded with each sync once the server has their record; an "
                    "interrupted upload continues where it stopped. A file that failed is tried "
                    "again at a later sync, and stays on this computer until the server has it."
                )
            )
        else:
            self.subtitle.setText(
                self.tr(
                    "Changes are sent in this order with the next sync; they stay on this "
                    "computer until the server has them."
                )
            )
        self._show_state()

    def _show_state(self) -> None:
        issues, pending = self.issue_total, self.pending_total
        color = MUTED
        if self._online is False:
            text = self.tr("Offline: you are working with the data on this computer.")
            if pending:
                text += " " + self.tr(
                    "%n change(s) wait here and are sent when the server can be reached.", "", pending
                )
        elif self._error:
            text, color = self.tr("The last sync failed: %1").replace("%1", self._error), OFFLINE
        elif pending:
            text = self.tr("%n change(s) waiting to be sent with the next sync.", "", pending)
        elif self._online and not issues:
            text = self.tr("Everything is sent: the server has all your changes.")
        elif issues:
            text = self.tr("Nothing is waiting to be sent.")
        else:
            text = self.tr("Not connected to the server yet.")
        if issues:
            text += " " + self.tr("%n change(s) need your decision.", "", issues)
            color = WARNING if color == MUTED else color
        self.state.setText(text)
        self.state.setStyleSheet(f"color: {color}; font-weight: 600")

    def open_selected(self) -> QDialog | None:
        rows = self.table.selectionModel().selectedRows()
        return self.open_row(rows[0].row()) if rows else None

    def open_row(self, row: int) -> QDialog | None:
        if not 0 <= row < self.model.rowCount():
            return None
        return self.open_issue(self.model.row(row)["id"])

    def open_issue(self, mutation_id: str) -> QDialog | None:
        """Open the conflict or rejection dialog for one issue (window-modal, not blocking)."""
        with self.db.session() as s:
            issue = I.get_issue(s, mutation_id)
            outcome = issue.outcome if issue is not None else None
        if outcome is None:
            self.reload()
            return None
        if outcome == I.CONFLICT:
            dialog: QDialog = ConflictDialog(self.db, mutation_id, self)
            dialog.resolved.connect(lambda _queued: self._settled())
        else:
            dialog = RejectionDialog(self.db, mutation_id, self)
            dialog.settled.connect(self._settled)
        dialog.finished.connect(lambda _r, d=dialog: self._child_closed(d))
        self.child = dialog
        dialog.open()
        return dialog

    def _child_closed(self, dialog: QDialog) -> None:
        if self.child is dialog:
            self.child = None
        dialog.deleteLater()

    def _settled(self) -> None:
        self.reload()
        self.changed.emit()


# -- a rejected change ---------------------------------------------------------------------


class FieldEditor:
    """An editor for one field's value, in wire form both ways."""

    def __init__(self, entity: str, field: str, value: Any, names=None):
        self.entity, self.field, self.original = entity, field, value
        self.kind = BY_NAME[entity].field(field).kind
        f = BY_NAME[entity].field(field)
        self.widget: QWidget
        if self.kind is Kind.ENUM and f.enum is not None:
            box = QComboBox()
            box.addItem(empty_text(), None)
            for member in f.enum:
                box.addItem(label(f.enum, member), member.value)
            if value is not None and box.findData(value) < 0:
                box.addItem(str(value), value)
            box.setCurrentIndex(max(0, box.findData(value)))
            self.widget = box
        elif self.kind is Kind.BOOL:
            self.widget = QCheckBox()
            self.widget.setChecked(bool(value))
        elif self.kind is Kind.TEXT:
            edit = QPlainTextEdit(value or "")
            edit.setTabChangesFocus(True)
            edit.setFixedHeight(edit.fontMetrics().lineSpacing() * 3 + 14)
            self.widget = edit
        elif self.kind is Kind.DATE:
            edit = QDateEdit(calendarPopup=True)
            edit.setMinimumDate(QDate(1900, 1, 1))
            edit.setSpecialValueText(empty_text())
            edit.setDate(QDate.fromString(value, Qt.DateFormat.ISODate) if value else edit.minimumDate())
            self.widget = edit
        elif self.kind is Kind.DATETIME:
            edit = QDateTimeEdit(calendarPopup=True)
            edit.setMinimumDateTime(QDateTime(QDate(1900, 1, 1), QTime(0, 0)))
            edit.setSpecialValueText(empty_text())
            if value:
                when = parse_datetime(value)
                edit.setDateTime(QDateTime.fromSecsSinceEpoch(int(when.timestamp())))
            else:
                edit.setDateTime(edit.minimumDateTime())
            self._initial = edit.dateTime()  # whole seconds: unchanged means the original value
            self.widget = edit
        elif self.kind in (Kind.REF, Kind.JSON):
            self.widget = QLabel(format_value(entity, field, value, names))  # not typed by hand
        else:
            edit = QLineEdit("" if value is None else str(value))
            if self.kind is Kind.INT:
                edit.setValidator(QIntValidator())
            self.widget = edit

    def value(self) -> Any:
        w = self.widget
        if isinstance(w, QComboBox):
            return w.currentData()
        if isinstance(w, QCheckBox):
            return w.isChecked()
        if isinstance(w, QPlainTextEdit):
            return w.toPlainText() or None
        if isinstance(w, QDateTimeEdit) and not isinstance(w, QDateEdit):
            if w.dateTime() == self._initial:
                return self.original
            if w.dateTime() == w.minimumDateTime():
                return None
            return format_datetime(datetime.fromtimestamp(w.dateTime().toSecsSinceEpoch(), timezone.utc))
        if isinstance(w, QDateEdit):
            return None if w.date() == w.minimumDate() else w.date().toString(Qt.DateFormat.ISODate)
        if isinstance(w, QLineEdit):
            text = w.text().strip()
            if not text:
                return None
            if self.kind is Kind.INT:
                try:
                    return int(text)
                except ValueError:
                    return text  # the writer's check names the field
            return text
        return self.original

    def set_invalid(self, invalid: bool) -> None:
        self.widget.setStyleSheet(f"border: 1px solid {OFFLINE};" if invalid else "")


class RejectionDialog(QDialog):
    """A change the server refused: the rep's values, editable, next to the server's row."""

    settled = Signal()

    def __init__(self, db, mutation_id: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.mutation_id = mutation_id
        self.editors: dict[str, FieldEditor] = {}
        self.include: dict[str, QCheckBox] = {}
        self.confirm: QMessageBox | None = None
        self.setWindowTitle(self.tr("Change not accepted"))
        self.setMinimumWidth(720)

        self.heading = QLabel(objectName="PageTitle", wordWrap=True)
        self.what = QLabel(wordWrap=True)
        self.what.setStyleSheet("font-weight: 600")
        self.server_said = QLabel(wordWrap=True)
        self.server_said.setStyleSheet(f"color: {MUTED}")
        self.server_said.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.explain = QLabel(wordWrap=True)
        scroll, self.grid_host, self.grid = scrolling_grid(16, 8)
        self.error = error_label(OFFLINE)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.retry_button = self.buttons.addButton(
            self.tr("Edit and retry"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.retry_button.setToolTip(self.tr("Send your values again, as edited here"))
        self.retry_button.setDefault(True)
        self.discard_button = self.buttons.addButton(
            self.tr("Discard my change"), QDialogButtonBox.ButtonRole.DestructiveRole
        )
        self.discard_button.setToolTip(self.tr("Keep the server's version and drop your change"))
        self.buttons.accepted.connect(self.retry)
        self.discard_button.clicked.connect(self.ask_discard)
        self.buttons.rejected.connect(self.reject)

        column(
            self,
            self.heading,
            self.what,
            self.server_said,
            self.explain,
            (scroll, 1),
            self.error,
            self.buttons,
            margins=(24, 20, 24, 16),
            spacing=10,
        )
        self.load()

    def load(self) -> None:
        view = I.rejection_view(self.db, self.mutation_id)
        gone = self.tr("This issue was already settled.")
        if not name_issue(self.heading, view, gone, [self.retry_button, self.discard_button]):
            return
        self.op = view.op
        self.what.setText(describe_issue(view.summary))
        self.server_said.setText(_server_said(view.summary))
        self.server_said.setVisible(bool(self.server_said.text()))
        self._fill(view.names, view.entity, view.values, view.current)

    def _fill(self, names, entity: str, values: dict[str, Any], now: dict[str, Any] | None) -> None:
        currency = (now or {}).get("currency") or values.get("currency")
        if self.op == I.DELETE:
            self.explain.setText(
                self.tr(
                    'You deleted this record. "Edit and retry" sends the deletion again; '
                    '"Discard my change" keeps the record.'
                )
            )
            self.grid_host.setVisible(False)
            return
        if self.op == I.INSERT:
            self.explain.setText(
                self.tr(
                    "You created this record; the server has not accepted it. Correct the "
                    "values and send it again, or discard it."
                )
            )
            heads = (self.tr("Field"), self.tr("Your value"))
        else:
            self.explain.setText(
                self.tr(
                    "Your values are kept below, next to what the server has now. Edit them "
                    "and send them again (untick a field to leave it out), or discard your "
                    "change."
                )
            )
            heads = (self.tr("Field"), self.tr("On the server now"), self.tr("Your value"), self.tr("Send"))
        add_heads(self.grid, heads)
        fields = [f for f in BY_NAME[entity].field_names if f in values]
        for r, name in enumerate(fields, start=1):
            editor = FieldEditor(entity, name, values[name], names)
            self.editors[name] = editor
            self.grid.addWidget(QLabel(field_label(entity, name)), r, 0)
            if self.op == I.INSERT:
                self.grid.addWidget(editor.widget, r, 1)
                continue
            server = QLabel(
                format_value(entity, name, (now or {}).get(name), names, currency)
                if now is not None
                else self.tr("(not on this computer)")
            )
            server.setStyleSheet(f"color: {MUTED}")
            server.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.grid.addWidget(server, r, 1)
            self.grid.addWidget(editor.widget, r, 2)
            include = QCheckBox()
            include.setChecked(True)
            include.setToolTip(self.tr("Send this field"))
            include.toggled.connect(editor.widget.setEnabled)
            self.include[name] = include
            self.grid.addWidget(include, r, 3, Qt.AlignmentFlag.AlignHCenter)
        self.grid.setColumnStretch(2 if self.op == I.UPDATE else 1, 1)
        self.grid.setRowStretch(len(fields) + 1, 1)

    def values(self) -> dict[str, Any]:
        """The values "Edit and retry" sends (wire form)."""
        if self.op == I.DELETE:
            return {}
        return {
            n: e.value()
            for n, e in self.editors.items()
            if n not in self.include or self.include[n].isChecked()
        }

    def show_error(self, message: str, field: str | None = None) -> None:
        self.error.setText(message)
        self.error.setVisible(bool(message))
        for name, editor in self.editors.items():
            editor.set_invalid(name == field)

    def retry(self) -> None:
        values = self.values()
        if self.op == I.UPDATE and not values:
            self.show_error(self.tr("Tick at least one field to send, or discard your change."))
            return
        try:
            LocalOp.in_session(self, self.db, lambda s: I.retry_rejected(s, self.mutation_id, values)).run()
        except DomainError as exc:
            self.show_error(self.tr("Not sent: %1").replace("%1", refusal_text(exc)), exc.field)
            return
        self.settled.emit()
        self.accept()

    def ask_discard(self) -> QMessageBox:
        """Discarding drops the rep's values for good, so it is confirmed first."""
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            self.tr("Discard your change?"),
            self.tr(
                "The server's version stays and your values are removed from this computer. "
                "This cannot be undone."
            ),
            QMessageBox.StandardButton.Cancel,
            self,
        )
        self.confirm_discard_button = box.addButton(
            self.tr("Discard my change"), QMessageBox.ButtonRole.DestructiveRole
        )
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.buttonClicked.connect(lambda button: button is self.confirm_discard_button and self.discard())
        self.confirm = box
        box.open()
        return box

    def discard(self) -> None:
        try:
            LocalOp.in_session(self, self.db, lambda s: I.discard_issue(s, self.mutation_id)).run()
        except DomainError as exc:
            self.show_error(refusal_text(exc))
            return
        self.settled.emit()
        self.accept()
