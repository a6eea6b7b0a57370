"""Files offered to the panel by a drop or the clipboard: local file URLs, or an image.

An image without a file (a screenshot copied to the clipboard, a picture dragged out of a
browser) is written to a temporary PNG first, so every way in ends as a list of paths for
the one add path. The PNG is written on the task runner (a large screenshot takes a while
to encode) and removed once added.
"""

from __future__ import annotations

import tempfile
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QMimeData
from PySide6.QtGui import QImage


def local_paths(mime: QMimeData | None) -> list[Path]:
    """The local files among the URLs (folders and remote URLs are not files to attach)."""
    if mime is None or not mime.hasUrls():
        return []
    paths = [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]
    return [p for p in paths if not p.is_dir()]


def image_of(mime: QMimeData | None) -> QImage | None:
    if mime is None or not mime.hasImage():
        return None
    image = mime.imageData()
    return image if isinstance(image, QImage) and not image.isNull() else None


def offers_files(mime: QMimeData | None) -> bool:
    return bool(local_paths(mime)) or image_of(mime) is not None


def save_image(image: QImage, directory: Path) -> Path:
    """``image`` as a PNG named after now (what the rep sees as the file name)."""
    directory.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix="pasted-", dir=directory))  # the name stays readable
    path = folder / f"image-{datetime.now():%Y%m%d-%H%M%S}.png"
    if not image.save(str(path), "PNG"):
        raise OSError(f"could not write {path}")
    return path
