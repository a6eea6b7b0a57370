"""The line above the pages that says a newer version of the app exists, or that this one
must be updated before it can sync again.

"Available" can be dismissed (for that version: a later one shows again); "required"
cannot — the server refuses to sync until the app is updated, and the banner says that
the work on this computer is kept and sent after the update.
"""

from __future__ import annotations

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QPushButton, QWidget

from sync.release import ClientRelease, ReleaseStatus, release_status
from sync.version import APP_VERSION
from ui.banner import Banner
from ui.widgets import push_button


class UpdateBanner(Banner):
    """The window's strip (``ui.banner.Banner``) with the download and dismiss buttons."""

    dismissed = Signal(str)  # the latest version the user no longer wants to hear about

    def __init__(self, parent: QWidget | None = None, current: str = APP_VERSION):
        super().__init__("info", parent, strip=True)
        self.current = current
        self.status = ReleaseStatus.CURRENT
        self.release: ClientRelease | None = None
        self.dismissed_version: str | None = None
        self.get = QPushButton(self.tr("Get the update"))
        self.get.clicked.connect(self.open_download)
        self.close_button = push_button(
            self.tr("Dismiss"), self.tr("Hide this until a newer version is announced"), self.dismiss
        )
        self.row.addWidget(self.get)
        self.row.addWidget(self.close_button)
        self.setVisible(False)

    def show_release(self, release: ClientRelease | None, *, required: bool = False) -> None:
        """Show what ``release`` means for this app; ``required`` when the server said so (426)."""
        self.release = release
        status = ReleaseStatus.REQUIRED if required else release_status(self.current, release)
        if status is ReleaseStatus.AVAILABLE and release and release.latest == self.dismissed_version:
            status = ReleaseStatus.CURRENT
        self.status = status
        if status is ReleaseStatus.CURRENT:
            self.setVisible(False)
            return
        latest = release.latest if release and release.latest else ""
        if status is ReleaseStatus.REQUIRED:
            self.set_kind("error")
            minimum = release.minimum if release and release.minimum else ""
            self.text.setText(
                self.tr(
                    "This version of Fieldsales (%1) must be updated before it can sync again (version %2 or "
                    "later "
                    "is required). Your work on this computer is kept and will be sent after the update."
                )
                .replace("%1", self.current)
                .replace("%2", minimum or latest or "?")
            )
        else:
            self.set_kind("info")
            self.text.setText(
                self.tr("Fieldsales %1 is available (you have %2).")
                .replace("%1", latest)
                .replace("%2", self.current)
            )
        self.get.setVisible(bool(release and release.url))
        self.close_button.setVisible(status is ReleaseStatus.AVAILABLE)
        self.setVisible(True)

    def dismiss(self) -> None:
        if self.release and self.release.latest:
            self.dismissed_version = self.release.latest
            self.dismissed.emit(self.release.latest)
        self.setVisible(False)

    def open_download(self) -> None:
        if self.release and self.release.url:
            QDesktopServices.openUrl(QUrl(self.release.url))
