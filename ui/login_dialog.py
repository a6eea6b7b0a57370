"""The login dialog: server address, username, password, and the company's certificate
authority for a server whose TLS certificate the company issued itself.

It never talks to the server itself (the UI layer has no HTTP): it emits
``loginRequested`` and whoever owns the sync engine runs the login in the background,
then calls ``accept()`` or ``show_error()``.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QWidget,
)

from sync.transport import BadCaBundle, check_ca_bundle
from ui.support.layouts import column


class LoginDialog(QDialog):
    loginRequested = Signal(str, str, str)  # server URL, username, password

    def __init__(
        self,
        server_url: str = "",
        username: str = "",
        *,
        ca_bundle: str = "",
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
            wordWrap=True,
        )

        self.server = QLineEdit(server_url)
        self.server.setPlaceholderText("https://fieldsales.example.com")
        self.username = QLineEdit(username)
        self.username.setPlaceholderText(self.tr("e.g. zhangwei"))
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        # A session belongs to one profile: when it only needs renewing, who and where are fixed.
        self.server.setReadOnly(identity_locked)
        self.username.setReadOnly(identity_locked)
        # For every server of this computer (the transport's policy is app-wide), so it stays
        # editable when the identity is locked: a renewed company certificate needs it.
        self.ca_bundle = QLineEdit(ca_bundle)
        self.ca_bundle.setPlaceholderText(self.tr("Only if your IT gave you one (PEM file)"))
        self.ca_bundle.setToolTip(
            self.tr(
                "For a server whose certificate your company issued itself: the certificate of "
                "the company's certificate authority, a .pem or .crt file. Leave empty otherwise."
            )
        )
        self.ca_browse = QPushButton(self.tr("Choose…"))
        self.ca_browse.setAutoDefault(False)
        self.ca_browse.clicked.connect(self._choose_ca_bundle)
        ca_row = QHBoxLayout()
        ca_row.setContentsMargins(0, 0, 0, 0)
        ca_row.addWidget(self.ca_bundle, 1)
        ca_row.addWidget(self.ca_browse)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(self.tr("Server"), self.server)
        form.addRow(self.tr("Username"), self.username)
        form.addRow(self.tr("Password"), self.password)
        form.addRow(self.tr("Company CA"), ca_row)

        self.error = QLabel(objectName="LoginError", wordWrap=True)
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
        problem = self.ca_bundle_problem()
        if problem:
            self.show_error(problem)
            self.ca_bundle.setFocus()
            self.ca_bundle.selectAll()
            return
        self.set_busy(True)
        self.loginRequested.emit(server, username, password)

    def ca_bundle_path(self) -> str:
        """The chosen certificate authority file ("" for none: the system's authorities)."""
        return self.ca_bundle.text().strip()

    def ca_bundle_problem(self) -> str:
        """What is wrong with the chosen certificate authority file, in words ("" if nothing)."""
        path = self.ca_bundle_path()
        if not path:
            return ""
        try:
            check_ca_bundle(path)
        except BadCaBundle as exc:
            if exc.reason == "unreadable":
                return self.tr("The certificate file %1 cannot be read (no permission?).").replace("%1", path)
            if exc.reason == "not_pem":
                return self.tr(
                    "%1 is not a certificate in PEM format (a text file beginning with "
                    "-----BEGIN CERTIFICATE-----). Ask your IT for the company's CA certificate as PEM."
                ).replace("%1", path)
            return self.tr("The certificate file %1 does not exist.").replace("%1", path)
        return ""

    def _choose_ca_bundle(self) -> None:
        current = self.ca_bundle_path()
        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Company certificate authority"),
            str(Path(current).parent) if current else str(Path.home()),
            self.tr("Certificates (*.pem *.crt *.cer);;All files (*)"),
        )
        if path:
            self.ca_bundle.setText(path)
            problem = self.ca_bundle_problem()
            if problem:  # at once, with the file still in mind
                self.show_error(problem)
            else:
                self.error.setVisible(False)

    def set_busy(self, busy: bool) -> None:
        self.busy.setVisible(busy)
        self.login_button.setEnabled(not busy)
        self.login_button.setDefault(True)
        for field in (self.server, self.username, self.password, self.ca_bundle, self.ca_browse):
            field.setEnabled(not busy)
        if busy:
            self.error.setVisible(False)

    def show_error(self, message: str) -> None:
        self.set_busy(False)
        self.error.setText(message)
        self.error.setVisible(True)
        self.password.setFocus()
        self.password.selectAll()
