"""The login dialog: server address, username, password.

It never talks to the server itself (the UI layer has no HTTP): it emits
``loginRequested`` and whoever owns the sync engine runs the login in the background,
then calls ``accept()`` or ``show_error()``.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QWidget,
)

from ui.support.layouts import column


class LoginDialog(QDialog):
    loginRequested = Signal(str, str, str)  # server URL, username, password

    def __init__(
        self,
        server_url: str = "",
        username: str = "",
        *,
        identity_locked: bool = False,
        message: str = "",
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Log in to Fieldsales"))
        self.setMinimumWidth(460)

        title = QLabel(self.tr("Welcome to Fieldsales"), objectName="LoginTitle")
        hint = QLabel(
            message
            or self.tr(
                "Log in once on this computer. After that you can work offline; "
                "your data syncs whenever the server can be reached."
            ),
            objectName="LoginHint",
        )
        hint.setWordWrap(True)

        self.server = QLineEdit(server_url)
        self.server.setPlaceholderText("https://fieldsales.example.com")
        self.username = QLineEdit(username)
        self.username.setPlaceholderText(self.tr("e.g. zhangwei"))
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        # A session belongs to one profile: when it only needs renewing, who and where are fixed.
        self.server.setReadOnly(identity_locked)
        self.username.setReadOnly(identity_locked)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(self.tr("Server"), self.server)
        form.addRow(self.tr("Username"), self.username)
        form.addRow(self.tr("Password"), self.password)

        self.error = QLabel(objectName="LoginError")
        self.error.setWordWrap(True)
        self.error.setVisible(False)
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setTextVisible(False)
        self.busy.setMaximumHeight(6)
        self.busy.setVisible(False)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.login_button = self.buttons.addButton(self.tr("Log in"), QDialogButtonBox.ButtonRole.AcceptRole)
        # Enter always means "log in" (or "try again"), never "cancel": Cancel is no
        # candidate for the default button, whatever has the focus while Login is disabled.
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setAutoDefault(False)
        self.buttons.accepted.connect(self._submit)
        self.buttons.rejected.connect(self.reject)

        column(
            self,
            title,
            hint,
            4,
            form,
            self.error,
            self.busy,
            self.buttons,
            margins=(28, 24, 28, 20),
            spacing=12,
        )
        # Only now: a button becomes the dialog's default only once it is inside the dialog.
        self.login_button.setDefault(True)

        first_empty = next(
            (w for w in (self.server, self.username, self.password) if not w.text()), self.password
        )
        first_empty.setFocus(Qt.FocusReason.OtherFocusReason)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            # QDialog would click whichever button is default at the moment; here Enter
            # submits, and does nothing while a login is being checked.
            if self.login_button.isEnabled():
                self.login_button.click()
            event.accept()
            return
        super().keyPressEvent(event)

    def _submit(self) -> None:
        server = self.server.text().strip().rstrip("/")
        username = self.username.text().strip()
        password = self.password.text()
        if not server or not username or not password:
            self.show_error(self.tr("Please fill in the server, your username and your password."))
            return
        if not server.startswith(("http://", "https://")):
            self.show_error(self.tr("The server address starts with http:// or https://."))
            self.server.setFocus()
            return
        self.set_busy(True)
        self.loginRequested.emit(server, username, password)

    def set_busy(self, busy: bool) -> None:
        self.busy.setVisible(busy)
        self.login_button.setEnabled(not busy)
        self.login_button.setDefault(True)
        for field in (self.server, self.username, self.password):
            field.setEnabled(not busy)
        if busy:
            self.error.setVisible(False)

    def show_error(self, message: str) -> None:
        self.set_busy(False)
        self.error.setText(message)
        self.error.setVisible(True)
        self.password.setFocus()
        self.password.selectAll()
