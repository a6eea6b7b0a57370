"""What every administration tab shares: the client to the server, a message banner, and
calls that report what went wrong in the admin's language.

Admin work is online: each action is one request (one transaction on the server), run on
the task runner by the client from ``desktop.admin_client``; the screen never waits for
it. When the server cannot be reached the banner says so, and nothing was changed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLayout, QMessageBox, QPushButton, QVBoxLayout, QWidget

from ui.admin.common import admin_banner, selected_rows
from ui.errors import admin_error
from ui.support import export
from ui.support.layouts import row


class AdminTab(QWidget):
    """A tab of the administration page; subclasses implement ``load``."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.client = None
        self.banner = admin_banner()
        self._loaded = False
        self.busy = 0

    # -- the client ------------------------------------------------------------------------

    def set_client(self, client) -> None:
        self.client = client
        self._loaded = False
        if self.isVisible():
            self.load()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not self._loaded and self.client is not None:
            self.load()

    def load(self) -> None:
        self._loaded = True

    def call(
        self,
        method: str,
        path: str,
        body: dict | None = None,
        *,
        done: Callable[[Any], None],
        failed: Callable[[BaseException], None] | None = None,
        file: str | None = None,
        success: str | None = None,
    ) -> bool:
        """Send one request; ``done(result)`` on the UI thread, the banner tells of failures."""
        if self.client is None:
            self.banner.show_message(
                self.tr(
                    "Not connected to the server yet. Administration works online; log in and try again."
                ),
                "warn",
            )
            return False
        self.busy += 1
        self._busy_changed()

        def ok(result: Any) -> None:
            self.busy -= 1
            self._busy_changed()
            if success:
                self.banner.show_message(success, "ok")
            done(result)

        def error(exc: BaseException) -> None:
            self.busy -= 1
            self._busy_changed()
            if failed is not None:
                failed(exc)
            else:
                self.banner.show_message(admin_error(exc), "error")

        if file is not None:
            self.client.upload(method, path, file, body or {}, on_result=ok, on_error=error)
        else:
            self.client.request(method, path, body, on_result=ok, on_error=error)
        return True

    def _busy_changed(self) -> None:
        self.setCursor(Qt.CursorShape.BusyCursor if self.busy else Qt.CursorShape.ArrowCursor)

    # -- the tab's frame ---------------------------------------------------------------------------

    def toolbar(self, actions: Iterable[QWidget], trailing: Iterable[QWidget] = ()) -> QHBoxLayout:
        """``actions`` on the left; ``trailing`` (a count, Export, Reload) on the right."""
        return row(*actions, None, *trailing)

    def frame(self, *parts: QWidget | QLayout, stretch: QWidget | QLayout | None = None) -> QVBoxLayout:
        """The banner on top, then ``parts``; ``stretch`` (the last part unless said) takes the
        height left."""
        grow = parts[-1] if stretch is None else stretch
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.addWidget(self.banner)
        for part in parts:
            if isinstance(part, QLayout):
                layout.addLayout(part, 1 if part is grow else 0)
            else:
                layout.addWidget(part, 1 if part is grow else 0)
        return layout

    def send_dialog(self, dialog, method: str, path: str, success: Callable[[dict], str]) -> None:
        """Show ``dialog``; when accepted, send its ``body()`` and reload, saying ``success(body)``."""
        if dialog.exec() == QDialog.DialogCode.Accepted:
            body = dialog.body()
            self.call(method, path, body, done=lambda _r: self.load(), success=success(body))

    def confirm(self, title: str, question: str) -> bool:
        """Ask ``question`` (Yes / No); whether the admin said yes."""
        return QMessageBox.question(self, title, question) == QMessageBox.StandardButton.Yes

    def selected_in(self, view, model) -> dict | None:
        """The row selected in ``view`` (the first, if several), or None."""
        rows = selected_rows(view)
        return model.row(rows[0]) if rows else None

    # -- keyboard-first buttons ----------------------------------------------------------------

    def button(
        self,
        text: str,
        slot: Callable[[], None],
        shortcut: str | None = None,
        tip: str | None = None,
        primary: bool = False,
    ) -> QPushButton:
        """A button whose action also has a shortcut (shown in its tooltip), active in this tab."""
        b = QPushButton(text)
        b.clicked.connect(slot)
        if primary:
            b.setDefault(False)
            b.setAutoDefault(False)
            b.setProperty("primary", True)
        tooltip = tip or text.replace("&", "").rstrip("…")
        if shortcut:
            action = QAction(self)
            action.setShortcut(QKeySequence(shortcut))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(lambda: b.isEnabled() and b.isVisible() and slot())
            self.addAction(action)
            native = QKeySequence(shortcut).toString(QKeySequence.SequenceFormat.NativeText)
            tooltip = f"{tooltip} ({native})"
        b.setToolTip(tooltip)
        return b

    def shortcut(self, keys: str, slot: Callable[[], None]) -> QAction:
        """A keyboard shortcut active in this tab."""
        action = QAction(self)
        action.setShortcut(QKeySequence(keys))
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def export_model(self, model, stem: str) -> None:
        """Ask where, then write the list as shown (Excel or CSV) in the background."""
        from ui.admin.common import ask_export_path

        if self.client is None or not model.rows:
            self.banner.show_message(self.tr("There is nothing to export yet."), "info")
            return
        path = ask_export_path(self, stem)
        if path:
            headers, rows = model.export_rows()  # a snapshot taken on the UI thread
            export.export_in_background(
                self.client.runner,
                path,
                export.Sheet(stem, headers, rows),
                name="export",
                on_result=lambda p: self.banner.show_message(
                    self.tr("Exported to %1.").replace("%1", str(p)), "ok"
                ),
                on_error=lambda e: self.banner.show_message(str(e), "error"),
            )

    def export_menu(self, view, model, stem: str) -> None:
        """Right-click on a list: export it (every admin list can be exported)."""
        action = QAction(self.tr("Export this list…"), view)
        action.triggered.connect(lambda: self.export_model(model, stem))
        view.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        view.addAction(action)


class ListTab(AdminTab):
    """A tab listing what ``GET rows_path`` returns: rows in ``self.model`` (a RowsModel shown in
    ``self.view``), how many in ``self.count``, as ``count_text(rows)`` says it."""

    rows_path: str

    def count_text(self, rows: list) -> str:
        raise NotImplementedError

    def load(self) -> None:
        super().load()
        self.call("GET", self.rows_path, done=self._got)

    def _got(self, rows: list) -> None:
        self.model.set_rows(rows)
        self.count.setText(self.count_text(rows))

    def selected(self) -> dict | None:
        return self.selected_in(self.view, self.model)
