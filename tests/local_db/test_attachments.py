"""Attaching photos and files on the laptop: real image files made with Pillow, a real
SQLite replica, the real write path (rows, outbox) and the real ``LocalFiles``.

Photos: EXIF orientation applied, downscaled and re-encoded to the policy, capture time
read, GPS only when the organisation keeps locations, originals kept when it says so.
Bad input (the issue's list): each file gets its own refusal code and sentence, and
nothing is left behind (no row, no outbox entry, no file).
"""

from __future__ import annotations

import io
import os
import random
import zipfile
from datetime import datetime, timezone
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from PIL import Image
from PIL.TiffImagePlugin import IFDRational
from sqlalchemy import func, select

from domain.attachments import (
    DEFAULT_POLICY,
    MAX_BYTES,
    POLICY_SETTING_KEY,
    AttachmentPolicy,
    policy_to_json,
)
from domain.errors import AttachmentRefused, DomainError, NotPermitted
from local_db import attachments as ax
from local_db import org_settings
from local_db.apply import apply_page, upsert_rows
from local_db.db import LocalDb
from local_db.models import OutboxEntry
from local_db.photos import DRAFT_SLACK, prepare_file
from local_db.replica import open_replica
from local_db.sealed import SealedFileDamaged
from sync.contract import new_id
from sync.uploads import LocalFiles
from tests.replica_rows import seed_visit_in_progress

TERRITORY, REP, OTHER = new_id(), new_id(), new_id()
CUSTOMER, VISIT = new_id(), new_id()
SHANGHAI = ZoneInfo("Asia/Shanghai")


def _rows(db) -> None:
    seed_visit_in_progress(
        db,
        territory=TERRITORY,
        rep=REP,
        customer=CUSTOMER,
        visit=VISIT,
        colleagues=[(OTHER, "other", "李娜")],
    )


@pytest.fixture
def db(tmp_path):
    db = LocalDb(tmp_path / "replica.sqlite3")
    _rows(db)
    yield db
    db.close()


@pytest.fixture
def files(tmp_path):
    return LocalFiles(tmp_path / "replica-files")


# --------------------------------------------------------------------------- making files


def exif_for(
    *, orientation: int | None = None, taken: str | None = None, offset: str | None = None, gps=None
) -> Image.Exif:
    exif = Image.Exif()
    if orientation:
        exif[0x0112] = orientation
    if taken:
        exif.get_ifd(0x8769)[0x9003] = taken
        if offset:
            exif.get_ifd(0x8769)[0x9011] = offset
    if gps:
        (lat, lat_ref), (lon, lon_ref) = gps
        exif.get_ifd(0x8825).update(
            {
                1: lat_ref,
                2: tuple(IFDRational(int(round(v * 100)), 100) for v in lat),
                3: lon_ref,
                4: tuple(IFDRational(int(round(v * 100)), 100) for v in lon),
            }
        )
    return exif


def noisy(width: int, height: int, seed: int = 1) -> Image.Image:
    """A camera-like picture: smooth colour areas plus sensor noise (it does not compress to nothing)."""
    rnd = random.Random(seed)
    base = Image.new("RGB", (16, 12), "grey")
    base.putdata([(rnd.randrange(256), rnd.randrange(256), rnd.randrange(256)) for _ in range(16 * 12)])
    base = base.resize((width, height), Image.Resampling.BILINEAR)
    noise = Image.effect_noise((width, height), 40).convert("RGB")
    return Image.blend(base, noise, 0.25)


def write_jpeg(path, img: Image.Image, exif: Image.Exif | None = None, quality: int = 92) -> bytes:
    path.parent.mkdir(parents=True, exist_ok=True)
    img.save(path, "JPEG", quality=quality, exif=Image.Exif() if exif is None else exif)
    return path.read_bytes()


def halves(width: int, height: int) -> Image.Image:
    """Left half red, right half blue."""
    img = Image.new("RGB", (width, height), (220, 20, 20))
    img.paste((20, 20, 220), (width // 2, 0, width, height))
    return img


def _counts(db, files) -> tuple[int, int, int]:
    with db.session() as s:
        rows = s.scalar(select(func.count()).select_from(ax._att))
        outbox = s.scalar(select(func.count()).select_from(OutboxEntry))
    stored = [p for p in files.root.rglob("*") if p.is_file()] if files.root.exists() else []
    return rows, outbox, len(stored)


def _attach(db, files, path, **kw):
    return ax.add_attachment(db, files, parent_type="visit", parent_id=VISIT, path=path, **kw)


def _stored(files, view) -> Image.Image:
    return Image.open(io.BytesIO(files.read(view.sha256)))


# --------------------------------------------------------------------------- photos


def test_a_rotated_photo_comes_out_upright_downscaled_and_synced(db, files, tmp_path):
    path = tmp_path / "IMG_0001.JPG"
    write_jpeg(path, halves(3000, 2000), exif_for(orientation=6))  # the camera was held upright

    view = _attach(db, files, path, caption="  货架陈列  ", policy=AttachmentPolicy(max_side_px=1024))

    img = _stored(files, view)
    assert img.height > img.width  # upright: the sides swapped
    assert DRAFT_SLACK * 1024 <= img.height <= 1024
    assert img.getpixel((img.width // 2, img.height // 4))[0] > 150  # the left (red) half is on top
    assert img.getpixel((img.width // 2, 3 * img.height // 4))[2] > 150
    assert 0x0112 not in img.getexif()  # applied, so no viewer turns it again
    assert (view.file_name, view.mime_type, view.is_photo) == ("IMG_0001.JPG", "image/jpeg", True)
    assert view.caption == "货架陈列" and view.created_by == REP and view.customer_id == CUSTOMER
    assert view.size_bytes == len(files.read(view.sha256)) and not view.uploaded and view.flags == ()
    assert (
        view.created_at.tzinfo is not None and abs(view.created_at - datetime.now(timezone.utc)).seconds < 60
    )
    with db.session() as s:
        entry = s.scalars(select(OutboxEntry)).one()
    assert (entry.entity, entry.op, entry.row_id, entry.customer_id) == (
        "attachment",
        "insert",
        view.id,
        CUSTOMER,
    )
    assert ax.list_attachments(db, "visit", VISIT) == [view]


def test_downscale_and_quality_follow_the_policy(db, files, tmp_path):
    path = tmp_path / "shelf.jpg"
    original = write_jpeg(path, noisy(4000, 3000))
    low = prepare_file(path, AttachmentPolicy(jpeg_quality=40))
    high = prepare_file(path, AttachmentPolicy(jpeg_quality=90))
    for prepared in (low, high):
        img = Image.open(io.BytesIO(prepared.data))
        assert DRAFT_SLACK * 2048 <= max(img.size) <= 2048 and (prepared.width, prepared.height) == img.size
        assert abs(img.width / img.height - 4 / 3) < 0.01
    assert len(low.data) < len(high.data) < len(original)

    small = tmp_path / "small.jpg"
    write_jpeg(small, noisy(800, 600))
    assert Image.open(io.BytesIO(prepare_file(small, DEFAULT_POLICY).data)).size == (
        800,
        600,
    )  # never enlarged


def test_the_same_photo_attached_twice_has_the_same_hash(db, files, tmp_path):
    path = tmp_path / "a.jpg"
    write_jpeg(path, noisy(1200, 900), exif_for(taken="2026:11:30 09:15:00"))
    first, second = _attach(db, files, path), _attach(db, files, path)
    assert first.sha256 == second.sha256 and first.id != second.id  # the evidence check relies on it
    assert _counts(db, files) == (2, 2, 1)


def test_capture_time_with_and_without_the_cameras_offset(db, files, tmp_path):
    with_offset = tmp_path / "o.jpg"
    write_jpeg(with_offset, noisy(600, 400), exif_for(taken="2026:11:30 09:15:00", offset="+08:00"))
    view = _attach(db, files, with_offset)
    assert view.captured_at == datetime(2026, 11, 30, 1, 15, tzinfo=timezone.utc)
    assert _stored(files, view).getexif().get_ifd(0x8769)[0x9003] == "2026:11:30 09:15:00"  # kept in the file

    naive = tmp_path / "n.jpg"
    write_jpeg(naive, noisy(600, 400), exif_for(taken="2026:07:01 10:00:00"))
    berlin = prepare_file(naive, DEFAULT_POLICY, tz=ZoneInfo("Europe/Berlin"))  # summer time: +02:00
    assert berlin.captured_at == datetime(2026, 7, 1, 8, 0, tzinfo=timezone.utc)
    assert prepare_file(naive, DEFAULT_POLICY, tz=SHANGHAI).captured_at == datetime(
        2026, 7, 1, 2, tzinfo=timezone.utc
    )

    none = tmp_path / "none.jpg"
    write_jpeg(none, noisy(600, 400), exif_for(taken="0000:00:00 00:00:00"))
    assert _attach(db, files, none).captured_at is None


def test_a_blank_original_time_leaves_the_digitized_one_in_the_stored_file(db, files, tmp_path):
    path = tmp_path / "blank_original.jpg"
    exif = exif_for()
    exif.get_ifd(0x8769).update(
        {0x9003: "    :  :     :  :  ", 0x9004: "2026:11:30 09:15:00", 0x9012: "+08:00"}
    )
    write_jpeg(path, noisy(600, 400), exif)
    view = _attach(db, files, path)
    assert view.captured_at == datetime(2026, 11, 30, 1, 15, tzinfo=timezone.utc)
    kept = _stored(files, view).getexif().get_ifd(0x8769)
    assert (kept.get(0x9004), kept.get(0x9012)) == ("2026:11:30 09:15:00", "+08:00")  # the time that was read
    assert 0x9003 not in kept


@pytest.mark.parametrize(
    "taken, offset",
    [("0001:01:01 00:00:00", "+08:00"), ("0001:01:01 00:00:00", None), ("9999:12:31 23:59:59", "-08:00")],
)
def test_a_camera_clock_at_the_end_of_the_calendar_is_no_capture_time(db, files, tmp_path, taken, offset):
    # A camera whose clock was never set writes its first or a garbage date; in UTC it would
    # leave the range a datetime can hold.
    path = tmp_path / "unset_clock.jpg"
    write_jpeg(path, noisy(600, 400), exif_for(taken=taken, offset=offset))
    view = _attach(db, files, path, tz=SHANGHAI if offset is None else None)
    assert view.captured_at is None and view.is_photo
    assert _counts(db, files) == (1, 1, 1)


WEST_LAKE = (((30.0, 15.0, 30.5), "N"), ((120.0, 8.0, 24.0), "E"))


def test_location_is_kept_only_when_the_organisation_allows_it(db, files, tmp_path):
    path = tmp_path / "gps.jpg"
    write_jpeg(path, noisy(1000, 800), exif_for(taken="2026:11:30 09:15:00", gps=WEST_LAKE))

    dropped = _attach(db, files, path)
    assert dropped.latitude is None and dropped.longitude is None
    assert not _stored(files, dropped).getexif().get_ifd(0x8825)  # not in the file either

    kept = _attach(db, files, path, policy=AttachmentPolicy(keep_location=True))
    assert kept.latitude == Decimal("30.258472") and kept.longitude == Decimal("120.140000")
    assert _stored(files, kept).getexif().get_ifd(0x8825)[1] == "N"
    assert kept.sha256 != dropped.sha256


def _damaged_gps_type(data: bytes) -> bytes:
    """The same JPEG with its GPS latitude entry's type changed from RATIONAL to ASCII: the
    kind of damage phone apps and editors leave in metadata. The pictures' pixels are intact."""
    entry = b"\x00\x02\x00\x05\x00\x00\x00\x03"  # tag 2 (GPSLatitude), type 5, count 3, big-endian
    assert data.count(entry) == 1
    return data.replace(entry, b"\x00\x02\x00\x02\x00\x00\x00\x03")


@pytest.mark.parametrize(
    "policy",
    [AttachmentPolicy(), AttachmentPolicy(keep_location=True), AttachmentPolicy(keep_originals=True)],
    ids=["default", "keep_location", "keep_originals"],
)
def test_a_photo_with_damaged_metadata_is_attached_upright(db, files, tmp_path, policy):
    path = tmp_path / "damaged_exif.jpg"
    exif = exif_for(orientation=6, taken="2026:11:30 09:15:00", offset="+08:00", gps=WEST_LAKE)
    path.write_bytes(_damaged_gps_type(write_jpeg(path, halves(600, 400), exif)))

    view = _attach(db, files, path, policy=policy)

    img = _stored(files, view)
    assert img.height > img.width or policy.keep_originals  # upright (an original keeps its tag)
    assert view.captured_at == datetime(2026, 11, 30, 1, 15, tzinfo=timezone.utc)
    assert view.latitude is None  # an unreadable position is no position
    assert _counts(db, files) == (1, 1, 1)


def test_keep_originals_stores_the_original_without_a_forbidden_location(db, files, tmp_path):
    path = tmp_path / "orig.jpg"
    original = write_jpeg(
        path, noisy(3000, 2000), exif_for(orientation=6, taken="2026:11:30 09:15:00", gps=WEST_LAKE)
    )

    keep_all = AttachmentPolicy(keep_originals=True, keep_location=True)
    both = _attach(db, files, path, policy=keep_all, tz=SHANGHAI)
    assert files.read(both.sha256) == original and both.latitude is not None
    assert both.captured_at == datetime(2026, 11, 30, 1, 15, tzinfo=timezone.utc)  # 09:15 in Shanghai

    no_gps = _attach(db, files, path, policy=AttachmentPolicy(keep_originals=True))
    stored = files.read(no_gps.sha256)
    assert stored != original and no_gps.latitude is None
    sos = original.index(b"\xff\xda")
    assert stored[stored.index(b"\xff\xda") :] == original[sos:]  # the image data itself untouched
    img = Image.open(io.BytesIO(stored))
    assert img.size == (3000, 2000) and not img.getexif().get_ifd(0x8825)
    assert img.getexif()[0x0112] == 6 and img.getexif().get_ifd(0x8769)[0x9003] == "2026:11:30 09:15:00"

    with pytest.raises(AttachmentRefused) as err:  # an original is checked against the limit too
        _attach(
            db, files, path, policy=AttachmentPolicy(keep_originals=True, max_file_bytes=len(original) - 1)
        )
    assert err.value.code == "file_too_large" and err.value.details["size"] == len(original)


def test_a_multi_picture_jpeg_is_prepared_like_a_jpeg(db, files, tmp_path):
    path = tmp_path / "portrait.jpg"  # MPO: what phones write with a depth map
    noisy(3000, 2000).save(path, "MPO", save_all=True, append_images=[noisy(800, 600, seed=2)])
    assert Image.open(path).format == "MPO"
    view = _attach(db, files, path)
    img = _stored(files, view)
    assert img.format == "JPEG" and getattr(img, "n_frames", 1) == 1  # the first picture only
    assert DRAFT_SLACK * 2048 <= max(img.size) <= 2048 and view.mime_type == "image/jpeg"


def test_screenshots_stay_png_and_photos_saved_as_png_become_jpeg(db, files, tmp_path):
    shot = Image.new("RGB", (1600, 1000), "white")
    shot.paste((40, 90, 200), (0, 0, 1600, 60))
    shot.paste((230, 230, 230), (100, 200, 900, 700))
    shot.save(tmp_path / "截图.png")
    view = _attach(db, files, tmp_path / "截图.png")
    assert (view.mime_type, view.file_name) == ("image/png", "截图.png")

    noisy(1600, 1000).save(tmp_path / "photo.png")
    view = _attach(db, files, tmp_path / "photo.png")
    assert (view.mime_type, view.file_name) == ("image/jpeg", "photo.jpg")
    assert _stored(files, view).format == "JPEG"


def test_documents_pass_through_unchanged_with_their_type(db, files, tmp_path):
    pdf = tmp_path / "送货单.pdf"
    pdf.write_bytes(b"%PDF-1.4\n" + os.urandom(5000) + b"\n%%EOF\n")
    docx = tmp_path / "report.docx"
    with zipfile.ZipFile(docx, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    csv = tmp_path / "库存.csv"
    csv.write_text("产品,数量\n茶叶,12\n", encoding="utf-8")
    for path, mime in (
        (pdf, "application/pdf"),
        (docx, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        (csv, "text/csv"),
    ):
        view = _attach(db, files, path)
        assert (view.mime_type, view.file_name, view.is_photo) == (mime, path.name, False)
        assert files.read(view.sha256) == path.read_bytes()
        assert view.captured_at is None


# --------------------------------------------------------------------------- bad input


def _file(name: str, code: str, head: bytes = b"", size: int | None = None):
    """A maker of a file ``name`` that starts with ``head`` (sparse up to ``size`` bytes) and is
    refused with ``code``."""

    def make(tmp_path):
        path = tmp_path / name
        with open(path, "wb") as f:
            f.write(head)
            if size is not None:
                f.truncate(size)
        return path, code

    return make


def _not_an_image(tmp_path):
    path = tmp_path / "photo.jpg"
    path.write_text("this is not a photo, just text named .jpg\n" * 50)
    return path, "file_not_supported"


def _zip_named_docx(tmp_path):
    path = tmp_path / "notes.docx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("notes.txt", "an ordinary zip")
    return path, "file_not_supported"


def _truncated(tmp_path):
    data = write_jpeg(tmp_path / "whole.jpg", noisy(1200, 900))
    path = tmp_path / "cut.jpg"
    path.write_bytes(data[: len(data) // 2])
    return path, "file_damaged"


def _too_many_pixels(tmp_path):
    """A small file of 150 million pixels (a PNG of one colour): too many to decode whole."""
    path = tmp_path / "panorama.png"
    Image.new("1", (15000, 10000), 1).save(path)
    return path, "file_too_large"


def _missing(tmp_path):
    return tmp_path / "gone.jpg", "file_unreadable"


def _folder(tmp_path):
    path = tmp_path / "照片.jpg"
    path.mkdir()
    return path, "file_unreadable"


def _broken_link(tmp_path):
    path = tmp_path / "link.jpg"
    path.symlink_to(tmp_path / "nowhere.jpg")
    return path, "file_unreadable"


def _no_permission(tmp_path):
    path = tmp_path / "secret.jpg"
    write_jpeg(path, noisy(300, 200))
    path.chmod(0)
    if os.access(path, os.R_OK):  # root reads anything: the folder and link cases cover it
        pytest.skip("running as root: a chmod 000 file is still readable")
    return path, "file_unreadable"


BAD = {
    "not_an_image": _not_an_image,
    "zip_named_docx": _zip_named_docx,
    "program": _file("setup.exe", "file_not_supported", b"MZ\x90\x00" + os.urandom(2000)),
    "empty": _file("empty.jpg", "file_empty"),
    # 200 MB with a JPEG's first bytes: sparse, so making it writes almost nothing.
    "huge": _file("huge.jpg", "file_too_large", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", 200 * 1024 * 1024),
    "large_document": _file("big.pdf", "file_too_large", b"%PDF-1.7\n", MAX_BYTES + 1),
    "truncated": _truncated,
    # A HEIC photo's header: this Pillow has no HEIF plugin, so it cannot be read.
    "heic": _file(
        "IMG_0002.HEIC",
        "file_not_supported",
        b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + os.urandom(4000),
    ),
    "too_many_pixels": _too_many_pixels,
    "missing": _missing,
    "folder": _folder,
    "broken_link": _broken_link,
    "no_permission": _no_permission,
}


@pytest.mark.parametrize("make", list(BAD.values()), ids=list(BAD))
def test_bad_input_gets_its_own_clear_error_and_nothing_is_left(db, files, tmp_path, make):
    from ui.errors import refusal_text

    good = tmp_path / "good.jpg"
    write_jpeg(good, noisy(600, 400))
    kept = _attach(db, files, good)
    before = _counts(db, files)
    path, code = make(tmp_path)

    with pytest.raises(AttachmentRefused) as err:
        _attach(db, files, path)

    assert err.value.code == code and err.value.details["file_name"] == path.name
    if code == "file_too_large" and "pixels" not in err.value.details:
        assert err.value.details["size"] > err.value.details["limit"] == DEFAULT_POLICY.limit_bytes
    assert _counts(db, files) == before  # no row, no outbox entry, no file
    assert ax.list_attachments(db, "visit", VISIT) == [kept]
    sentence = refusal_text(err.value)
    assert path.name in sentence and "Traceback" not in sentence and code not in sentence


def test_a_path_with_chinese_characters_works(db, files, tmp_path):
    path = tmp_path / "杭州星云" / "门店陈列 照片（一）.jpg"
    write_jpeg(path, noisy(900, 600))
    view = _attach(db, files, path)
    assert view.file_name == "门店陈列 照片（一）.jpg" and files.has(view.sha256)


def test_a_row_refused_after_the_file_was_written_takes_the_file_with_it(db, files, tmp_path, monkeypatch):
    path = tmp_path / "a.jpg"
    write_jpeg(path, noisy(600, 400))

    def refuse(row):
        raise DomainError("refused", code="not_permitted")

    monkeypatch.setattr(ax, "view_of", refuse)
    with pytest.raises(DomainError):
        _attach(db, files, path)
    assert _counts(db, files) == (0, 0, 0)


def test_sentences_for_every_code_and_for_a_damaged_stored_file(tmp_path):
    from ui.errors import code_text, describe_error, refusal_text

    for code in ("file_empty", "file_unreadable", "file_not_supported", "file_too_large", "file_damaged"):
        assert code_text(code)
    big = AttachmentRefused(
        "x", code="file_too_large", file_name="a.jpg", size=30 * 1024 * 1024, limit=25 * 1024 * 1024
    )
    assert "30" in refusal_text(big) and "25" in refusal_text(big) and "a.jpg" in refusal_text(big)
    heic = AttachmentRefused("x", code="file_not_supported", file_name="IMG.HEIC", kind="heic")
    assert "HEIC" in refusal_text(heic) and "JPEG" in refusal_text(heic)
    damaged = SealedFileDamaged(tmp_path / "ab" / "cd" / "abcd", "record 0 fails its check")
    for text in (refusal_text(damaged), describe_error(damaged)):
        assert "damaged" in text and str(tmp_path) not in text


# --------------------------------------------------------------------------- caption, remove, policy


def test_caption_list_and_remove_follow_the_write_rules(db, files, tmp_path):
    path = tmp_path / "a.jpg"
    write_jpeg(path, noisy(600, 400))
    mine = _attach(db, files, path)
    theirs = {
        "id": new_id(),
        "version": 3,
        "deleted": False,
        "customer_id": CUSTOMER,
        "parent_type": "visit",
        "parent_id": VISIT,
        "sha256": "a" * 64,
        "size_bytes": 10,
        "mime_type": "application/pdf",
        "file_name": "their.pdf",
        "created_by": OTHER,
        "created_at": "2025-01-01T00:00:00.000000Z",
        "uploaded_at": "2025-01-01T00:00:01.000000Z",
    }
    with db.session() as s:
        upsert_rows(s, "attachment", [theirs])
    listed = ax.list_attachments(db, "visit", VISIT)
    assert [v.id for v in listed] == [theirs["id"], mine.id]  # the newest last
    assert listed[0].uploaded and not listed[0].is_photo

    assert ax.set_caption(db, mine.id, " 冷柜 ").caption == "冷柜"
    with pytest.raises(NotPermitted):
        ax.remove_attachment(db, theirs["id"])
    ax.remove_attachment(db, mine.id)
    assert [v.id for v in ax.list_attachments(db, "visit", VISIT)] == [theirs["id"]]
    with db.session() as s:
        ops = [e.op for e in s.scalars(select(OutboxEntry).order_by(OutboxEntry.client_seq))]
    assert ops == ["insert", "update", "delete"]
    with pytest.raises(DomainError) as err:
        ax.set_caption(db, mine.id, "again")
    assert err.value.code == "not_found"


def test_a_missing_parent_is_refused_before_the_file_is_read(db, files, tmp_path):
    with pytest.raises(DomainError) as err:
        ax.add_attachment(db, files, parent_type="visit", parent_id=new_id(), path=tmp_path / "nothing.jpg")
    assert err.value.code == "not_found"
    with pytest.raises(DomainError) as err:
        ax.add_attachment(db, files, parent_type="invoice", parent_id=VISIT, path=tmp_path / "nothing.jpg")
    assert err.value.field == "parent_type"


def test_the_policy_comes_from_the_organisation_settings(db, files, tmp_path):
    assert ax.policy(db) == DEFAULT_POLICY
    small = AttachmentPolicy(
        max_side_px=512, jpeg_quality=60, keep_location=True, max_file_bytes=2 * 1024 * 1024
    )
    page = {
        "org_setting": {
            "fields": ["id", "version", "deleted", "key", "value"],
            "rows": [[new_id(), 1, False, POLICY_SETTING_KEY, policy_to_json(small)]],
        }
    }
    with db.session() as s:
        apply_page(s, page, [])
    assert ax.policy(db) == small
    path = tmp_path / "a.jpg"
    write_jpeg(path, noisy(2000, 1500), exif_for(gps=WEST_LAKE))
    view = _attach(db, files, path)  # no policy given: the organisation's
    assert max(_stored(files, view).size) <= 512 and view.latitude is not None

    page["org_setting"]["rows"][0][4] = {"max_side_px": 100000}  # from a newer server, say
    with db.session() as s:
        apply_page(s, page, [])
        assert org_settings.attachment_policy(s) == DEFAULT_POLICY


def test_files_of_an_encrypted_replica_are_sealed(tmp_path):
    db = open_replica(tmp_path / "fieldsales.sqlite3")
    _rows(db)
    files = LocalFiles.beside(db)
    path = tmp_path / "a.jpg"
    write_jpeg(path, noisy(600, 400))
    view = _attach(db, files, path)
    assert b"JFIF" not in files.path(view.sha256).read_bytes()[:64]
    assert Image.open(io.BytesIO(files.read(view.sha256))).size == (600, 400)
    db.close()
