"""Thumbnails of attachment photos: one size and format for the server and the laptop.

The server makes a photo's thumbnail once and keeps it beside the blob
(``GET /blobs/{sha256}/thumbnail``); the laptop makes the same from a full file it already
holds (its own photo before the upload), so the screens never need to know which one
they got. Bytes in, bytes out: no files, no network. See docs/ARCHITECTURE.md, "Attachments".
"""

from __future__ import annotations

import io
import logging
import warnings

log = logging.getLogger(__name__)

#: Longest side in pixels: big enough for a record's strip of thumbnails on a high-DPI
#: screen, small enough (about 15-30 KB) that a whole customer's history loads in seconds.
THUMB_SIDE = 320
THUMB_QUALITY = 75
THUMB_MIME = "image/jpeg"
#: Larger pictures are refused rather than decoded: a crafted file must not take the
#: server's memory (a 12 MP camera photo has 12 million pixels, processed ones fewer).
MAX_PIXELS = 120_000_000


def can_have_thumbnail(mime_type: str | None) -> bool:
    """Photos get a thumbnail; documents (PDF, Office files) get an icon in the screens."""
    return bool(mime_type) and mime_type.lower().startswith("image/")


def make_thumbnail(data: bytes) -> bytes | None:
    """A JPEG whose longest side is at most ``THUMB_SIDE``, upright (EXIF orientation
    applied); None when Pillow cannot read the bytes as a picture (or it is too large)."""
    from PIL import Image

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as img:
                if img.width * img.height > MAX_PIXELS:
                    return None
                # JPEG can decode at 1/2, 1/4, 1/8 scale directly: far less work for a big photo.
                img.draft("RGB", (THUMB_SIDE * 2, THUMB_SIDE * 2))
                img = upright(img, img.getexif().get(EXIF_ORIENTATION))
                img.thumbnail((THUMB_SIDE, THUMB_SIDE), Image.Resampling.LANCZOS)
                if img.mode != "RGB":
                    img = flatten(img)
                out = io.BytesIO()
                img.save(out, "JPEG", quality=THUMB_QUALITY, optimize=True)
                return out.getvalue()
    except Exception as exc:  # noqa: BLE001 - Pillow raises many kinds for a bad file; none is ours to crash on
        log.info("no thumbnail: the file cannot be read as a picture (%s)", type(exc).__name__)
        return None


EXIF_ORIENTATION = 0x0112


def upright(img, orientation):
    """The picture turned by its EXIF orientation (the laptop's processing and the
    thumbnails alike). Not ``ImageOps.exif_transpose``: that also re-serialises the whole
    EXIF, which raises on damaged metadata (a tag of the wrong type) although the pixels
    are fine."""
    from PIL import Image

    method = {
        2: Image.Transpose.FLIP_LEFT_RIGHT,
        3: Image.Transpose.ROTATE_180,
        4: Image.Transpose.FLIP_TOP_BOTTOM,
        5: Image.Transpose.TRANSPOSE,
        6: Image.Transpose.ROTATE_270,
        7: Image.Transpose.TRANSVERSE,
        8: Image.Transpose.ROTATE_90,
    }.get(orientation if isinstance(orientation, int) else None)
    if method is None:
        return img
    turned = img.transpose(method)
    turned.info = {k: v for k, v in img.info.items() if k != "exif"}
    return turned


def flatten(img):
    """RGB, on white where the picture is transparent (PNG, GIF): JPEG has no alpha."""
    from PIL import Image

    if img.mode in ("RGBA", "LA", "PA") or (img.mode == "P" and "transparency" in img.info):
        rgba = img.convert("RGBA")
        back = Image.new("RGB", rgba.size, (255, 255, 255))
        back.paste(rgba, mask=rgba.getchannel("A"))
        return back
    return img.convert("RGB")
