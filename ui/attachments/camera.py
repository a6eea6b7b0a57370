"""The laptop's camera, when it has one (Qt Multimedia, imported only when asked).

Qt Multimedia needs the system's audio and video libraries; on a machine without them the
import fails, which for the rep is the same as having no camera: the panel's camera
button is disabled and says so. The dialog shows the camera's picture and takes one
photo, written as a JPEG for the panel's one add path.
"""

from __future__ import annotations

import logging
import tempfile
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

log = logging.getLogger(__name__)

_checked: bool | None = None


def camera_available() -> bool:
    """Whether Qt Multimedia loads and sees at least one camera (asked once per run)."""
    global _checked
    if _checked is None:
        try:
            from PySide6.QtMultimedia import QMediaDevices

            _checked = bool(QMediaDevices.videoInputs())
        except (ImportError, OSError, RuntimeError) as exc:  # missing system libraries
            log.info("no camera: Qt Multimedia is not available (%s)", exc)
            _checked = False
    return _checked


class CameraDialog(QDialog):
    """The camera's live picture and a "Take photo" button; ``taken(path)`` with the JPEG."""

    taken = Signal(object)  # Path

    def __init__(self, directory: Path, parent: QWidget | None = None):
        super().__init__(parent)
        from PySide6.QtMultimedia import QCamera, QImageCapture, QMediaCaptureSession, QMediaDevices
        from PySide6.QtMultimediaWidgets import QVideoWidget

        self.setWindowTitle(self.tr("Take a photo"))
        self.resize(720, 560)
        self.directory = directory
        self.camera = QCamera(QMediaDevices.defaultVideoInput(), self)
        self.capture = QImageCapture(self)
        self.session = QMediaCaptureSession(self)
        self.session.setCamera(self.camera)
        self.session.setImageCapture(self.capture)
        video = QVideoWidget(self)
        self.session.setVideoOutput(video)
        self.error = QLabel(objectName="LoginError", wordWrap=True)
        self.error.setVisible(False)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.take_button = buttons.addButton(self.tr("Take photo"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.take_button.setToolTip(self.tr("Take the photo and attach it (Space)"))
        self.take_button.setShortcut("Space")
        buttons.accepted.connect(self._take)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(video, 1)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.capture.imageCaptured.connect(self._captured)
        self.capture.errorOccurred.connect(self._failed)
        # Enabled only once the camera delivers pictures: a button that does nothing while
        # the camera starts, or never starts, would look broken.
        self.take_button.setEnabled(False)
        self.capture.readyForCaptureChanged.connect(self.take_button.setEnabled)
        self.camera.errorOccurred.connect(lambda *_a: self._not_started())
        self.camera.start()
        # A camera that is gone (unplugged since the panel looked) or taken by another
        # program fails before errorOccurred is connected, or without emitting it at all.
        if self.camera.error() != QCamera.Error.NoError:
            self._not_started()

    def _take(self) -> None:
        if self.capture.isReadyForCapture():
            self.take_button.setEnabled(False)
            self.capture.capture()

    def _captured(self, _id, image) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        folder = Path(tempfile.mkdtemp(prefix="camera-", dir=self.directory))
        path = folder / f"photo-{datetime.now():%Y%m%d-%H%M%S}.jpg"
        if not image.save(str(path), "JPEG", 90):
            self._failed(0, 0, str(path))
            return
        self.camera.stop()
        self.taken.emit(path)
        self.accept()

    def _failed(self, _id, _error, message: str) -> None:
        self.take_button.setEnabled(self.capture.isReadyForCapture())
        self.error.setText(self.tr("The camera did not take the photo: %1").replace("%1", message))
        self.error.setVisible(True)

    def _not_started(self) -> None:
        self.take_button.setEnabled(False)
        self.error.setText(
            self.tr(
                "The camera could not be started (%1). Close any other program that uses it, "
                "check that it is connected, and try again; or add a photo from a file."
            ).replace("%1", self.camera.errorString())
        )
        self.error.setVisible(True)

    def done(self, result: int) -> None:
        self.camera.stop()
        super().done(result)
