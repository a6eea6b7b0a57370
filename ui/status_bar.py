"""The status bar: who is logged in, whether the server answers, what is waiting to be sent,
when the last sync was, and the sync issues that need the user (docs/SYNC_CONTRACT.md, invariant 14).

It reads two counts from the window's local database (changes waiting in the outbox, sync
issues) when told to (``refresh_counts``: after local writes and after every sync), and
opens the sync-issues list when its issues button is clicked. Everything else it shows is
handed to it by the window.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QLabel, QProgressBar, QPushButton, QStatusBar, QWidget

from domain.enums import Role
from local_db.issues import waiting
from ui.formatting import fmt_datetime, fmt_int, fmt_relative
from ui.labels import label
from ui.style import MUTED, ONLINE, WARNING


def _dot(color: str) -> str:
    return f'<span style="color:{color}">●</span>'


class StatusBar(QStatusBar):
    REFRESH_MS = 30_000  # keeps "5 min ago" true without a sync
    LONG_SYNC_MS = 1_500  # an automatic sync shows its progress only when it takes this long
    FILE_REFRESH_MS = 250

    recordsChanged = Signal()  # the sync-issues dialog changed local records (rows were re-queued)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setSizeGripEnabled(False)
        self.user_label = QLabel(objectName="StatusUser")
        self.activity_label = QLabel(objectName="StatusActivity")
        self.progress = QProgressBar(objectName="StatusProgress")
        self.progress.setRange(0, 0)  # the total is not known until the last page
        self.progress.setMaximumWidth(140)
        self.progress.setMaximumHeight(14)
        self.progress.setTextVisible(False)
        self.error_label = QLabel(objectName="StatusError")
        self.issues_button = QPushButton(objectName="StatusIssues")
        self.issues_button.setFlat(True)
        self.issues_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.issues_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.issues_button.setStyleSheet(
            f"QPushButton#StatusIssues {{ color: {WARNING}; font-weight: 600; border: none; padding: 0 6px; "
            f"}}"
            f"QPushButton#StatusIssues:hover {{ text-decoration: underline; }}"
        )
        self.issues_button.clicked.connect(self.open_issues)
        self.pending_label = QLabel(objectName="StatusPending")
        self.online_label = QLabel(objectName="StatusOnline")
        self.last_sync_label = QLabel(objectName="StatusLastSync")
        self.addWidget(self.user_label)
        self.addWidget(self.progress)
        self.addWidget(self.activity_label)
        self.addWidget(self.error_label, 1)
        self.addPermanentWidget(self.issues_button)
        self.addPermanentWidget(self.pending_label)
        self.addPermanentWidget(self.online_label)
        self.addPermanentWidget(self.last_sync_label)

        self._db = None
        self._last_sync: datetime | None = None
        self._checked_at: datetime | None = None
        self._repair: dict | None = None  # {"at": datetime, "buckets": [...], "rows": int}
        self._online: bool | None = None
        self._error: str | None = None
        self._offline_reason = ""
        self._pending = 0
        self._files = 0
        self._issues = 0
        self.issues_dialog = None
        self._long = QTimer(self, singleShot=True, interval=self.LONG_SYNC_MS)
        self._long.timeout.connect(self._show_activity)
        # Upload progress arrives per chunk; the counts and the open sync centre are re-read
        # at most this often from it.
        self._file_refresh = QTimer(self, singleShot=True, interval=self.FILE_REFRESH_MS)
        self._file_refresh.timeout.connect(self.refresh_counts)
        self.set_busy(False)
        self.set_online(None)
        self.set_last_sync(None)
        self.set_pending(0)
        self.set_issue_count(0)
        self._timer = QTimer(self, interval=self.REFRESH_MS)
        self._timer.timeout.connect(self._show_last_sync)
        self._timer.start()

    # -- counts from the local database ------------------------------------------------------

    def attach(self, db) -> None:
        """Read the pending and issue counts from ``db`` (the window's read connection)."""
        self._db = db
        self.refresh_counts()

    def refresh_counts(self) -> None:
        if self._db is None:
            return
        counts = waiting(self._db)
        self.set_pending(counts.pending, counts.files)
        self.set_issue_count(counts.issues)
        if self.issues_dialog is not None and self.issues_dialog.isVisible():
            self.issues_dialog.reload()

    @property
    def pending(self) -> int:
        return self._pending

    @property
    def issue_count(self) -> int:
        return self._issues

    @property
    def pending_files(self) -> int:
        return self._files

    def set_pending(self, count: int, files: int = 0) -> None:
        """Changes waiting in the outbox and, counted apart, attachment files not yet uploaded."""
        self._pending, self._files = count, files
        if count and files:
            self.pending_label.setText(
                self.tr("%1, %2")
                .replace("%1", self.tr("%n change(s)", "", count))
                .replace("%2", self.tr("%n file(s) waiting", "", files))
            )
        elif files:
            self.pending_label.setText(self.tr("All changes sent, %n file(s) waiting", "", files))
        elif count:
            self.pending_label.setText(self.tr("Changes to send: %1").replace("%1", fmt_int(count)))
        else:
            self.pending_label.setText(self.tr("All changes sent"))
        self.pending_label.setStyleSheet("" if count or files else f"color: {MUTED}")
        tip = self.tr(
            "Changes made on this computer that the server has not received yet. "
            "They are sent with the next sync; Ctrl+Shift+I lists them."
        )
        if files:
            tip += "\n" + self.tr(
                "Attached photos and files are uploaded after their record; the sync centre "
                "shows each one's state."
            )
        self.pending_label.setToolTip(tip)

    def set_issue_count(self, count: int) -> None:
        self._issues = count
        self.issues_button.setText("⚠ " + self.tr("Sync issues: %1").replace("%1", fmt_int(count)))
        self.issues_button.setToolTip(
            self.tr("Changes the server did not accept as they were. Click to review them (Ctrl+Shift+I).")
        )
        self.issues_button.setVisible(count > 0)

    def open_issues(self):
        """Show the sync-issues list (one at a time); it reports changes to local records."""
        if self._db is None:
            return None
        from ui.sync_issues import SyncIssuesDialog  # the dialog pulls in the editors; load on use

        if self.issues_dialog is None:
            self.issues_dialog = SyncIssuesDialog(self._db, parent=self.window())
            self.issues_dialog.changed.connect(self._issues_changed)
            self.issues_dialog.finished.connect(self._issues_closed)
        self.issues_dialog.reload()
        self.issues_dialog.set_connection(self._online, self._error)
        self.issues_dialog.show()
        if QGuiApplication.platformName() != "offscreen":  # tests and screenshots have no window manager
            self.issues_dialog.raise_()
            self.issues_dialog.activateWindow()
        return self.issues_dialog

    def _issues_changed(self) -> None:
        self.refresh_counts()
        self.recordsChanged.emit()

    def _issues_closed(self, _result: int) -> None:
        dialog, self.issues_dialog = self.issues_dialog, None
        if dialog is not None:
            dialog.deleteLater()

    # -- what the window hands over ----------------------------------------------------------

    def set_user(self, display_name: str, role: str | None) -> None:
        role_text = label(Role, role) if role else ""
        self.user_label.setText(f"{display_name} · {role_text}" if role_text else display_name)

    def set_online(self, online: bool | None) -> None:
        self._online = online
        if online is None:
            text = _dot(MUTED) + " " + self.tr("Not connected yet")
        elif online:
            text = _dot(ONLINE) + " " + self.tr("Server reachable")
            self._offline_reason = ""
        else:
            # Being offline is a normal state for a field laptop, not an error: calm colours.
            text = _dot(MUTED) + " " + self.tr("Offline — working with local data")
        self.online_label.setText(text)
        self._show_online_tooltip()
        self._update_dialog()

    def _show_online_tooltip(self) -> None:
        if self._online is False:
            lines = [
                self.tr("Your changes are kept on this computer and sent when the server can be reached.")
            ]
            if self._offline_reason:
                lines.append(self._offline_reason)
            self.online_label.setToolTip("\n".join(lines))
        else:
            self.online_label.setToolTip("")

    def _update_dialog(self) -> None:
        if self.issues_dialog is not None:
            self.issues_dialog.set_connection(self._online, self._error)

    @property
    def online(self) -> bool | None:
        return self._online

    def set_last_sync(self, when: datetime | None) -> None:
        self._last_sync = when
        self._show_last_sync()

    def set_verification(self, checked_at: datetime | None, repair: dict | None) -> None:
        """When the local copy was last checked against the server, and the last repair."""
        self._checked_at, self._repair = checked_at, repair
        self._show_last_sync()

    def _show_last_sync(self) -> None:
        if self._last_sync is None:
            self.last_sync_label.setText(self.tr("Never synced"))
            lines = []
        else:
            self.last_sync_label.setText(
                self.tr("Last sync: %1").replace("%1", fmt_relative(self._last_sync))
            )
            lines = [self.tr("Last successful sync: %1").replace("%1", fmt_datetime(self._last_sync))]
        if self._checked_at is not None:
            lines.append(
                self.tr("Local copy last checked against the server: %1").replace(
                    "%1", fmt_datetime(self._checked_at)
                )
            )
        if self._repair is not None:
            # Support wants to know; the user only that nothing needs doing.
            lines.append(
                self.tr(
                    "On %1 part of the local copy was out of step with the server; "
                    "%n record(s) of that part were downloaded again.",
                    "",
                    int(self._repair.get("rows", 0)),
                ).replace("%1", fmt_datetime(self._repair["at"]))
            )
        self.last_sync_label.setToolTip("\n".join(lines))

    def set_busy(self, busy: bool, text: str = "", quiet: bool = False) -> None:
        """Show a running sync; a ``quiet`` (automatic) one only once it takes a while."""
        self._long.stop()
        self.activity_label.setText(text or self.tr("Syncing…"))
        if busy and quiet:
            self._long.start()
            return
        self.progress.setVisible(busy)
        self.activity_label.setVisible(busy)
        if busy:
            self.set_error(None)

    def _show_activity(self) -> None:
        self.progress.setVisible(True)
        self.activity_label.setVisible(True)

    def set_progress(self, rows: int) -> None:
        self.activity_label.setText(self.tr("Syncing… %1 rows received").replace("%1", fmt_int(rows)))

    def set_file_progress(self, progress) -> None:
        """An attachment file moved along (``sync.uploads.FileProgress``, from the sync's task)."""
        if progress.state == "uploading":
            self.activity_label.setText(
                self.tr("Uploading files… %1 %").replace("%1", str(min(99, progress.percent)))
            )
        if not self._file_refresh.isActive():
            self._file_refresh.start()  # the counts, and the sync centre if it is open

    def set_error(self, message: str | None) -> None:
        """A failed sync's message; while offline it only explains the offline state (no red)."""
        if message and self._online is False:
            self._offline_reason, message = message, None
            self._show_online_tooltip()
        self._error = message or None
        self.error_label.setText(message or "")
        self.error_label.setToolTip(message or "")
        self.error_label.setVisible(bool(message))
        self._update_dialog()
