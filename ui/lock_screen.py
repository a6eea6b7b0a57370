"""The lock screen: an opaque cover over the main window while the app is locked.

It shows no customer data, only why the app is locked and the way out: the password
(checked offline by whoever owns the lock), signing in online after too many wrong tries,
or a sync when the offline lease ran out. It emits what the user asked for; the lock
(``desktop.app_lock``) decides.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

IDLE, LOCKOUT, LEASE = "idle", "lockout", "lease"


class LockScreen(QWidget):
    unlockRequested = Signal(str)  # the password typed
    signInRequested = Signal()
    syncRequested = Signal()

    def __init__(self, parent: QWidget):
        super().__init__(parent)
        self.setObjectName("LockScreen")
        self.setAutoFillBackground(True)  # opaque: nothing of the window shows through
        self.title = QLabel(objectName="LockTitle")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message = QLabel(wordWrap=True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(self.tr("Password"))
        self.password.setMaximumWidth(320)
        self.password.returnPressed.connect(self._unlock)
        self.unlock_button = QPushButton(self.tr("Unlock"))
        self.unlock_button.setDefault(True)
        self.unlock_button.clicked.connect(self._unlock)
        self.error = QLabel(objectName="LockError", wordWrap=True)
        self.error.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.sign_in_button = QPushButton(self.tr("Sign in online…"))
        self.sign_in_button.clicked.connect(self.signInRequested)
        self.sync_button = QPushButton(self.tr("Sync now"))
        self.sync_button.clicked.connect(self.syncRequested)

        layout = QVBoxLayout(self)
        layout.addStretch(2)
        for w in (
            self.title,
            self.message,
            self.password,
            self.unlock_button,
            self.error,
            self.sign_in_button,
            self.sync_button,
        ):
            layout.addWidget(w, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(3)
        self.message.setMaximumWidth(560)
        self.error.setMaximumWidth(560)
        parent.installEventFilter(self)
        self.hide()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's naming
        if watched is self.parent() and event.type() == QEvent.Type.Resize:
            self.setGeometry(self.parent().rect())
        return False

    def show_reason(self, reason: str, detail: str = "") -> None:
        self.reason = reason
        self.password.clear()
        self.error.clear()
        by_password = reason == IDLE
        self.password.setVisible(by_password)
        self.unlock_button.setVisible(by_password)
        self.sign_in_button.setVisible(reason == LOCKOUT)
        self.sync_button.setVisible(reason == LEASE)
        if reason == IDLE:
            self.title.setText(self.tr("Fieldsales is locked"))
            self.message.setText(
                self.tr("Enter your password to continue. Sync keeps running in the background.")
            )
        elif reason == LOCKOUT:
            self.title.setText(self.tr("Local data locked"))
            self.message.setText(
                self.tr(
                    "The password was wrong too many times. Sign in online to unlock "
                    "the data on this computer; your unsent changes are kept."
                )
            )
        else:
            self.title.setText(self.tr("Sync needed"))
            self.message.setText(detail)
        self.setGeometry(self.parent().rect())
        self.show()
        self.raise_()
        if by_password:
            self.password.setFocus()

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.password.clear()
        self.password.setFocus()

    def _unlock(self) -> None:
        if self.password.isVisible():
            self.unlockRequested.emit(self.password.text())
