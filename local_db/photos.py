"""What happens to a file before it is attached: checked, and for a photo, prepared to the
organisation's budget (``domain.attachments.AttachmentPolicy``). No Qt: callers run it on
the task runner, it takes a fraction of a second per photo.

A photo (JPEG, PNG, HEIC when this Pillow can open it; recognised by its content, not its
name) is turned upright by its EXIF orientation, downscaled so its longest side is at most
``max_side_px`` and re-encoded as JPEG at ``jpeg_quality``. A PNG stays a PNG when that is
the smaller file (screenshots: text stays sharp and lossless compresses them better),
otherwise it becomes a JPEG too. The re-encoded file keeps no EXIF but the capture time,
the GPS position only when the organisation keeps locations, and the colour profile.

With ``keep_originals`` the original bytes are stored instead; when locations are not
kept, a JPEG's GPS tags (EXIF and XMP) are removed without re-encoding, and any other photo
carrying a position is stored processed after all (a position never leaves the laptop
against the policy).

Large JPEGs are decoded at a reduced scale (``Image.draft``: libjpeg decodes 1/2, 1/4 or 1/8
of the pixels directly), which is most of the speed: the longest side then ends between
``DRAFT_SLACK`` × and 1 × the budget, never above it.

Capture time: EXIF ``DateTimeOriginal`` (else ``DateTimeDigitized``) with its
``OffsetTime…`` when the camera wrote one. Without an offset the time is read in the
laptop's time zone: the phone that took the photo and the rep's laptop both keep the rep's
local time, wherever the organisation is. Stored as UTC.

Documents (PDF, Word, Excel, PowerPoint, text and CSV; by their extension *and* a content
check) are stored as they are. Anything else is refused: every refusal is an
``AttachmentRefused`` with a code (``domain/errors.py``) that ``ui.errors`` turns into a sentence.
"""

from __future__ import annotations

import io
import math
import os
import stat
import warnings
import zipfile
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone, tzinfo
from decimal import Decimal, InvalidOperation
from pathlib import Path

from PIL import Image, UnidentifiedImageError

from domain.attachments import DOCUMENT_TYPES, MAX_BYTES, PHOTO_TYPES, AttachmentPolicy
from domain.errors import AttachmentRefused
from domain.thumbnails import flatten, upright

#: A photo to be downscaled may be larger than the limit (it is the result that counts), but
#: nothing above this is read at all: no camera photo is this large, and decoding it would
#: cost the laptop's memory.
MAX_INPUT_BYTES = 4 * MAX_BYTES
#: How far below the budget a reduced-scale JPEG decode may land (see the module's doc).
DRAFT_SLACK = 0.9
#: Decode large JPEGs at reduced scale; off only to measure what it saves (bench/bench_attachments.py).
USE_DRAFT = True
#: A photo with more pixels than this is refused unless it is a JPEG (decoded at reduced
#: scale): decoding it whole would take gigabytes. Pillow refuses any image above about
#: 179 MP on its own (``Image.DecompressionBombError``), JPEG included.
MAX_PIXELS = 100_000_000
#: Resampling after the draft decode: a box reduction to within this factor, then the filter.
REDUCING_GAP = 2.0
MAX_NAME = 255

_EXIF_IFD, _GPS_IFD, _ORIENTATION = 0x8769, 0x8825, 0x0112
_CAPTURE_TAGS = ((0x9003, 0x9011), (0x9004, 0x9012))  # (DateTimeOriginal, OffsetTimeOriginal), Digitized
# MPO: a JPEG with more pictures after the first (phones' depth maps, stereo cameras),
# decoded like any JPEG; only its first picture is kept.
_JPEG_FORMATS = ("JPEG", "MPO")
_JPEG_MAGIC, _PNG_MAGIC = b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .doc .xls .ppt
_HEIF_BRANDS = {b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1"}
_XMP_PREFIX = b"http://ns.adobe.com/xap/1.0/\x00"
_SIX = Decimal("0.000001")


@dataclass(frozen=True)
class Prepared:
    """The bytes to store and what was learned from the file."""

    data: bytes
    file_name: str
    mime_type: str
    is_photo: bool
    captured_at: datetime | None = None  # UTC
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    width: int | None = None  # of the stored photo
    height: int | None = None
    original_bytes: int = 0


def heic_supported() -> bool:
    """Whether this Pillow opens HEIC photos (only with a HEIF plugin such as pillow-heif)."""
    Image.init()
    return ".heic" in Image.registered_extensions()


def _refuse(code: str, message: str, name: str, **details) -> AttachmentRefused:
    return AttachmentRefused(message, code=code, field="path", file_name=name, **details)


def prepare_file(path: str | os.PathLike, policy: AttachmentPolicy, *, tz: tzinfo | None = None) -> Prepared:
    """Check the file at ``path`` and prepare what is stored (see the module's doc).

    ``tz``: where a capture time without an offset is read (default: the laptop's zone).
    Raises ``AttachmentRefused``; nothing is written anywhere.
    """
    path = Path(path)
    name = path.name
    limit = policy.limit_bytes
    try:
        info = path.stat()
    except OSError:
        raise _refuse(
            "file_unreadable", f"{name} cannot be opened: it does not exist (any more).", name
        ) from None
    if not stat.S_ISREG(info.st_mode):
        raise _refuse("file_unreadable", f"{name} is not a file (a folder?).", name)
    size = info.st_size
    if size == 0:
        raise _refuse("file_empty", f"{name} is empty (0 bytes).", name)
    if size > MAX_INPUT_BYTES:  # refused before anything is read
        raise _refuse("file_too_large", f"{name} is too large ({size} bytes).", name, size=size, limit=limit)
    try:
        with open(path, "rb") as f:
            head = f.read(64 * 1024)
            kind = _sniff(head)
            if kind == "heic" and not heic_supported():
                raise _heic_refused(name)
            document = None if kind else _document_type(path, head)
            if kind is None and document is None:
                raise _refuse(
                    "file_not_supported",
                    f"{name} is neither a photo (JPEG, PNG) nor a document (PDF, Office, text).",
                    name,
                )
            stored_as_is = document is not None or policy.keep_originals
            if stored_as_is and size > limit:
                raise _refuse(
                    "file_too_large", f"{name} is too large ({size} bytes).", name, size=size, limit=limit
                )
            data = head + f.read()
    except PermissionError:
        raise _refuse("file_unreadable", f"{name} cannot be read: no permission.", name) from None
    except OSError as exc:
        raise _refuse("file_unreadable", f"{name} cannot be read: {exc.strerror or exc}.", name) from None
    if document is not None:
        return Prepared(data, _fit_name(name), document, False, original_bytes=len(data))
    prepared = _prepare_photo(data, kind, name, policy, tz)
    if len(prepared.data) > limit:
        raise _refuse(
            "file_too_large",
            f"{name} is too large ({len(prepared.data)} bytes).",
            name,
            size=len(prepared.data),
            limit=limit,
        )
    return prepared


# --------------------------------------------------------------------------- what the file is


def _sniff(head: bytes) -> str | None:
    """The photo type the content says, whatever the name says."""
    if head.startswith(_JPEG_MAGIC):
        return "jpeg"
    if head.startswith(_PNG_MAGIC):
        return "png"
    if head[4:8] == b"ftyp" and head[8:12] in _HEIF_BRANDS:
        return "heic"
    return None


def _document_type(path: Path, head: bytes) -> str | None:
    """The MIME type of a document whose content matches its extension, else None."""
    suffix = path.suffix.lower()
    mime = DOCUMENT_TYPES.get(suffix)
    if mime is None:
        return None
    if suffix == ".pdf":
        ok = head.startswith(b"%PDF-")
    elif suffix in (".docx", ".xlsx", ".pptx"):
        ok = head.startswith(b"PK\x03\x04") and _is_office_zip(path)
    elif suffix in (".doc", ".xls", ".ppt"):
        ok = head.startswith(_OLE_MAGIC)
    else:  # text: no NUL bytes, and text in UTF-8 or GB18030 (what Chinese Excel exports)
        ok = b"\x00" not in head and _is_text(head)
    return mime if ok else None


def _is_office_zip(path: Path) -> bool:
    try:
        with zipfile.ZipFile(path) as z:
            return "[Content_Types].xml" in z.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False


def _is_text(head: bytes) -> bool:
    for encoding in ("utf-8", "gb18030"):
        try:
            head.decode(encoding)
            return True
        except UnicodeDecodeError as exc:
            if exc.start >= len(head) - 4:  # a character cut by the end of the sample
                return True
    return False


def _fit_name(name: str, suffix: str | None = None) -> str:
    stem, old = os.path.splitext(name)
    if suffix is not None and old.lower() not in _SAME_SUFFIX.get(suffix, (suffix,)):
        old = suffix
    stem = stem.strip() or "photo"
    return stem[: MAX_NAME - len(old)] + old


_SAME_SUFFIX = {".jpg": (".jpg", ".jpeg", ".jpe"), ".png": (".png",)}


# --------------------------------------------------------------------------- photos


def _open(data: bytes, kind: str, name: str) -> Image.Image:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            return Image.open(io.BytesIO(data))
    except Image.DecompressionBombError:
        raise _too_many_pixels(name, None) from None
    except UnidentifiedImageError:
        if kind == "heic":
            raise _heic_refused(name) from None
        raise _refuse("file_damaged", f"{name} looks like a photo but cannot be read.", name) from None
    except (OSError, SyntaxError, ValueError) as exc:
        raise _refuse("file_damaged", f"{name} is damaged: {exc}.", name) from None


def _heic_refused(name: str) -> AttachmentRefused:
    return _refuse(
        "file_not_supported", f"{name} is a HEIC photo, which this computer cannot read.", name, kind="heic"
    )


def _too_many_pixels(name: str, pixels: int | None) -> AttachmentRefused:
    return _refuse(
        "file_too_large",
        f"{name} has too many pixels ({pixels or 'over 179 million'}).",
        name,
        pixels=pixels,
        max_pixels=MAX_PIXELS,
    )


def _prepare_photo(
    data: bytes, kind: str, name: str, policy: AttachmentPolicy, tz: tzinfo | None
) -> Prepared:
    img = _open(data, kind, name)
    try:
        exif = img.getexif()
    except Exception:  # noqa: BLE001 - broken metadata: the picture may still be fine
        exif = Image.Exif()
    captured_at = _captured_at(exif, tz)
    gps = _gps_ifd(exif)
    latitude = longitude = None
    if policy.keep_location and gps:
        latitude, longitude = _position(gps)
    fmt = img.format or kind.upper()
    if fmt not in _JPEG_FORMATS and img.width * img.height > MAX_PIXELS:
        raise _too_many_pixels(name, img.width * img.height)
    orientation = exif.get(_ORIENTATION)
    raw_exif = img.info.get("exif")  # as in the file: the transposition below rewrites both
    try:
        width, height = img.size
        if USE_DRAFT and fmt in _JPEG_FORMATS and max(width, height) > policy.max_side_px:
            scale = policy.max_side_px / max(width, height) * DRAFT_SLACK
            img.draft("RGB", (math.ceil(width * scale), math.ceil(height * scale)))
        img.load()  # a truncated or corrupt file fails here
        img = upright(img, orientation)
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        raise _refuse("file_damaged", f"{name} is damaged: {exc}.", name) from None

    if policy.keep_originals:
        original = _original_bytes(data, fmt, raw_exif, gps, policy)
        if original is not None:
            w, h = (height, width) if orientation in (5, 6, 7, 8) else (width, height)
            return Prepared(
                original,
                _fit_name(name, ".jpg" if kind == "jpeg" else "." + kind),
                _mime(kind),
                True,
                captured_at,
                latitude,
                longitude,
                w,
                h,
                len(data),
            )

    if max(img.size) > policy.max_side_px:
        factor = policy.max_side_px / max(img.size)
        size = (max(1, round(img.width * factor)), max(1, round(img.height * factor)))
        img = img.resize(size, Image.Resampling.LANCZOS, reducing_gap=REDUCING_GAP)
    out_exif = _kept_exif(exif, gps if policy.keep_location else None)
    icc = img.info.get("icc_profile")
    encoded, fmt = _encode_jpeg(img, policy.jpeg_quality, out_exif, icc), "jpeg"
    if kind == "png":
        as_png = _encode_png(img, out_exif, icc)
        if len(as_png) <= len(encoded):
            encoded, fmt = as_png, "png"
    return Prepared(
        encoded,
        _fit_name(name, ".jpg" if fmt == "jpeg" else ".png"),
        PHOTO_TYPES[fmt],
        True,
        captured_at,
        latitude,
        longitude,
        img.width,
        img.height,
        len(data),
    )


def _mime(kind: str) -> str:
    return PHOTO_TYPES[kind]


def _encode_jpeg(img: Image.Image, quality: int, exif: Image.Exif, icc: bytes | None) -> bytes:
    if img.mode not in ("RGB", "L"):
        if img.mode == "CMYK":
            icc = None  # a CMYK profile does not describe the converted pixels
        img = flatten(img)  # transparent areas of a screenshot on white
    out = io.BytesIO()
    extra = {"icc_profile": icc} if icc else {}
    img.save(out, "JPEG", quality=quality, exif=exif, **extra)
    return out.getvalue()


def _encode_png(img: Image.Image, exif: Image.Exif, icc: bytes | None) -> bytes:
    if img.mode not in ("1", "L", "LA", "P", "RGB", "RGBA"):
        img = img.convert("RGBA" if "A" in img.mode else "RGB")
    out = io.BytesIO()
    extra = {"icc_profile": icc} if icc else {}
    img.save(out, "PNG", exif=exif, **extra)
    return out.getvalue()


def _kept_exif(exif: Image.Exif, gps: dict | None) -> Image.Exif:
    """What the stored photo keeps: the capture time, and the position when allowed."""
    out = Image.Exif()
    sub = _exif_ifd(exif)
    for when_tag, offset_tag in _CAPTURE_TAGS:
        if _exif_time(sub.get(when_tag)) is not None:  # the tag the capture time was read from
            out.get_ifd(_EXIF_IFD)[when_tag] = sub[when_tag]
            if sub.get(offset_tag):
                out.get_ifd(_EXIF_IFD)[offset_tag] = sub[offset_tag]
            break
    if gps:
        out.get_ifd(_GPS_IFD).update(gps)
    try:
        out.tobytes()  # damaged source tags (a wrong type) fail only when written
    except Exception:  # noqa: BLE001 - metadata we cannot write is left out, the photo is kept
        return _kept_exif(exif, None) if gps else Image.Exif()
    return out


def _exif_ifd(exif: Image.Exif) -> dict:
    try:
        return dict(exif.get_ifd(_EXIF_IFD))
    except Exception:  # noqa: BLE001 - an unreadable sub-directory is no capture time
        return {}


def _gps_ifd(exif: Image.Exif) -> dict:
    try:
        return dict(exif.get_ifd(_GPS_IFD))
    except Exception:  # noqa: BLE001
        return {}


def _text(value) -> str:
    if isinstance(value, bytes):
        value = value.decode("ascii", "replace")
    return str(value or "").replace("\x00", "").strip()


def _exif_time(value) -> datetime | None:
    try:
        return datetime.strptime(_text(value)[:19], "%Y:%m:%d %H:%M:%S")
    except ValueError:
        return None


def _captured_at(exif: Image.Exif, tz: tzinfo | None) -> datetime | None:
    sub = _exif_ifd(exif)
    for when_tag, offset_tag in _CAPTURE_TAGS:
        naive = _exif_time(sub.get(when_tag))
        if naive is None:
            continue  # absent, blank ("    :  :  ") or zeros: try the next tag
        offset = _offset(_text(sub.get(offset_tag)))
        try:
            if offset is not None:
                local = naive.replace(tzinfo=offset)
            elif tz is not None:
                local = naive.replace(tzinfo=tz)
            else:
                local = naive.astimezone()  # the laptop's zone, with its DST rules for that date
            return local.astimezone(timezone.utc)
        except (ValueError, OverflowError, OSError):
            continue  # a clock never set (year 1, 9999): in UTC it leaves the calendar
    return None


def _offset(text: str) -> timezone | None:
    if len(text) < 6 or text[0] not in "+-" or text[3] != ":":
        return None
    try:
        hours, minutes = int(text[1:3]), int(text[4:6])
    except ValueError:
        return None
    if hours > 14 or minutes > 59:
        return None
    delta = timedelta(hours=hours, minutes=minutes)
    return timezone(-delta if text[0] == "-" else delta)


def _position(gps: dict) -> tuple[Decimal | None, Decimal | None]:
    lat, lon = _degrees(gps.get(2), gps.get(1), 90), _degrees(gps.get(4), gps.get(3), 180)
    if lat is None or lon is None or (lat == 0 and lon == 0):  # 0,0: a receiver without a fix
        return None, None
    return lat, lon


def _degrees(dms, ref, bound: int) -> Decimal | None:
    try:
        parts = [Decimal(p.numerator) / Decimal(p.denominator) for p in dms]
        while len(parts) < 3:
            parts.append(Decimal(0))
        value = parts[0] + parts[1] / 60 + parts[2] / 3600
    except (TypeError, AttributeError, ZeroDivisionError, InvalidOperation, ArithmeticError):
        return None
    if _text(ref).upper() in ("S", "W"):
        value = -value
    if not value.is_finite() or abs(value) > bound:
        return None
    return value.quantize(_SIX)


def _original_bytes(
    data: bytes, fmt: str, raw_exif: bytes | None, gps: dict, policy: AttachmentPolicy
) -> bytes | None:
    """The original as stored under ``keep_originals``; None when it must be processed after all."""
    if policy.keep_location or not gps:
        return data
    if fmt == "JPEG" and raw_exif:  # not an MPO: its other pictures carry their own EXIF
        return _jpeg_without_location(data, raw_exif)
    return None


def _jpeg_without_location(data: bytes, raw_exif: bytes) -> bytes | None:
    """The same JPEG without its GPS tags or XMP packet (the image data is not touched)."""
    stripped = Image.Exif()
    try:
        stripped.load(raw_exif)
        del stripped[_GPS_IFD]
    except Exception:  # noqa: BLE001 - metadata we cannot rewrite: process the photo instead
        return None
    payload = stripped.tobytes()
    if len(payload) > 65533:
        return None
    out = bytearray(data[:2])
    pos = 2
    while pos + 4 <= len(data) and data[pos] == 0xFF:
        marker = data[pos + 1]
        if marker == 0xDA:  # start of scan: the image data follows, copied as it is
            break
        length = int.from_bytes(data[pos + 2 : pos + 4], "big")
        segment = data[pos : pos + 2 + length]
        body = segment[4:]
        if marker == 0xE1 and body.startswith(b"Exif\x00\x00"):
            out += b"\xff\xe1" + (len(payload) + 2).to_bytes(2, "big") + payload
        elif marker == 0xE1 and body.startswith(_XMP_PREFIX):
            pass  # XMP repeats the position (exif:GPSLatitude); dropped with it
        else:
            out += segment
        pos += 2 + length
    else:
        return None  # not a well-formed JPEG header: process it instead
    out += data[pos:]
    return bytes(out)
