"""Opening a document in the system's viewer, and the scratch space that takes.

The laptop's copy may be sealed (``LocalFiles``), so the system viewer gets a plaintext
copy in a temporary folder of this run. The folder is removed when the app quits (and,
should Qt not get to say so, when Python exits); a crash leaves it to the system's
temporary-file cleaning. The copy is written on the task runner (a 25 MB file takes a
moment to decrypt, or to fetch when it is not on this laptop yet).
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QUrl
from PySide6.QtGui import QDesktopServices

_scratch: Path | None = None


def scratch_dir() -> Path:
    """This run's temporary folder for plaintext copies and pasted images."""
    global _scratch
    if _scratch is None or not _scratch.exists():
        _scratch = Path(tempfile.mkdtemp(prefix="fieldsales-files-"))
        atexit.register(clean_up)
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(clean_up)
    return _scratch


def clean_up() -> None:
    global _scratch
    if _scratch is not None:
        shutil.rmtree(_scratch, ignore_errors=True)
        _scratch = None


def plain_copy(data: bytes, view) -> Path:
    """The attachment's plaintext ``data`` under its own file name (the viewer chooses by the
    extension)."""
    folder = Path(tempfile.mkdtemp(prefix="open-", dir=scratch_dir()))
    path = folder / (Path(view.file_name).name or view.sha256)
    path.write_bytes(data)
    return path


def open_in_system_viewer(path: Path) -> bool:
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
