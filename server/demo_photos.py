"""Photos in the demo organisation (issue 13): drawn at seed time, stored like uploaded ones.

A few in-person visits per rep (a returned log among them, if the rep has one) get a shelf
display or a signed delivery note, and each rep's latest complaints a photo of the damaged
goods (or of the disputed delivery note, for a billing complaint). The pictures are simple
scenes drawn with Pillow and labelled with Pillow's own font (no font files), small JPEGs
written to the server's blob store (``server.blobs``) with their ``attachment`` rows
marked uploaded, so every laptop that covers the customer receives the metadata at its
next sync and can fetch the bytes. Deterministic like the rest of the seed: the same
story gives the same pictures, hashes and ids.

One photo is dated before its visit's check-in, so the supervisor's evidence checks have
something to show.
"""

from __future__ import annotations

import hashlib
import io
import random
from datetime import datetime, timedelta
from typing import Any

from PIL import Image, ImageDraw, ImageFont
from sqlalchemy import select
from sqlalchemy.orm import Session

from domain import schema as S
from domain.enums import ComplaintCategory, Role, VisitChannel, VisitStatus
from server.blobs import BlobStore
from server.store.changes import insert_rows
from server.store.tables import TABLES

SIZE = (800, 600)
QUALITY = 78
VISITS_PER_REP = 2
COMPLAINTS_PER_REP = 2
CHINA_HOURS = 8  # the story's clock: labels on the pictures are local times


def _font(size: int):
    try:
        return ImageFont.load_default(size=size)
    except TypeError:  # a Pillow without FreeType: the fixed bitmap font
        return ImageFont.load_default()


def _jpeg(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, "JPEG", quality=QUALITY)
    return out.getvalue()


def _stamp(draw: ImageDraw.ImageDraw, when: datetime) -> None:
    """The camera's date in the corner, as phones print it."""
    local = when + timedelta(hours=CHINA_HOURS)
    text, font, at = f"{local:%Y-%m-%d %H:%M}", _font(24), (SIZE[0] - 250, SIZE[1] - 40)
    draw.text((at[0] + 2, at[1] + 2), text, font=font, fill=(30, 20, 10))
    draw.text(at, text, font=font, fill=(255, 170, 40))


def shelf_display(rng: random.Random, label: str, when: datetime) -> bytes:
    """A shop shelf: four boards of packets in brand colours, price tags, a promotion card."""
    image = Image.new("RGB", SIZE, (236, 232, 222))
    draw = ImageDraw.Draw(image)
    palette = [(200, 40, 40), (30, 110, 190), (250, 190, 30), (40, 150, 80), (120, 60, 150), (230, 110, 30)]
    brand = rng.choice(palette)
    for shelf in range(4):
        top = 66 + shelf * 118
        x = 40
        while x < SIZE[0] - 80:
            w, h = rng.randint(38, 70), rng.randint(60, 104)
            colour = brand if rng.random() < 0.45 else rng.choice(palette)
            draw.rectangle((x, top + 110 - h, x + w, top + 110), fill=colour, outline=(60, 60, 60))
            draw.rectangle((x + 6, top + 120 - h, x + w - 6, top + 134 - h), fill=(250, 250, 250))
            x += w + rng.randint(4, 12)
        draw.rectangle((20, top + 110, SIZE[0] - 20, top + 124), fill=(120, 84, 50))
        for tag in range(3):
            tx = 80 + tag * 240 + rng.randint(0, 60)
            draw.rectangle((tx, top + 112, tx + 56, top + 123), fill=(255, 236, 120))
            draw.text((tx + 4, top + 111), f"{rng.randint(9, 99)}.90", font=_font(11), fill=(0, 0, 0))
    draw.rectangle((0, 0, SIZE[0], 56), fill=(40, 44, 52))
    draw.text((20, 12), "SHELF DISPLAY", font=_font(28), fill=(255, 255, 255))
    draw.text((300, 18), label, font=_font(20), fill=(200, 210, 220))
    card = (SIZE[0] - 210, 80, SIZE[0] - 40, 170)
    draw.rectangle(card, fill=brand, outline=(255, 255, 255), width=3)
    draw.text((card[0] + 14, card[1] + 16), "PROMOTION", font=_font(22), fill=(255, 255, 255))
    draw.text(
        (card[0] + 14, card[1] + 50), f"-{rng.choice((10, 15, 20))}%", font=_font(26), fill=(255, 255, 255)
    )
    _stamp(draw, when)
    return _jpeg(image)


def delivery_note(rng: random.Random, label: str, when: datetime) -> bytes:
    """A signed delivery note on a desk: header, numbered lines, a signature and a stamp."""
    image = Image.new("RGB", SIZE, (150, 110, 72))
    draw = ImageDraw.Draw(image)
    for y in range(0, SIZE[1], 22):  # the desk's grain
        draw.line((0, y + rng.randint(0, 8), SIZE[0], y + rng.randint(0, 8)), fill=(138, 100, 64), width=2)
    paper = Image.new("RGB", (560, 500), (252, 252, 248))
    pd = ImageDraw.Draw(paper)
    pd.text((30, 24), "DELIVERY NOTE", font=_font(30), fill=(20, 20, 20))
    number = f"DN-{when:%y%m}-{rng.randint(1000, 9999)}"
    pd.text((30, 66), f"No. {number}", font=_font(18), fill=(60, 60, 60))
    pd.text((30, 90), label, font=_font(16), fill=(60, 60, 60))
    pd.line((30, 124, 530, 124), fill=(0, 0, 0), width=2)
    for i in range(rng.randint(3, 6)):
        y = 140 + i * 34
        pd.text((30, y), f"{i + 1}.  SKU-{rng.randint(10000, 99999)}", font=_font(17), fill=(30, 30, 30))
        pd.text((400, y), f"x {rng.randint(2, 60)}", font=_font(17), fill=(30, 30, 30))
        pd.line((30, y + 28, 530, y + 28), fill=(210, 210, 210))
    pd.text((30, 400), "Received in good order:", font=_font(16), fill=(60, 60, 60))
    points = [(60 + k * 18, 450 + rng.randint(-14, 14)) for k in range(12)]
    pd.line(points, fill=(20, 40, 140), width=3)
    pd.ellipse((390, 370, 510, 490), outline=(200, 30, 30), width=4)
    pd.text((408, 418), "RECEIVED", font=_font(18), fill=(200, 30, 30))
    paper = paper.rotate(rng.uniform(-6, 6), expand=True, fillcolor=(150, 110, 72))
    image.paste(paper, ((SIZE[0] - paper.width) // 2, (SIZE[1] - paper.height) // 2))
    _stamp(draw, when)
    return _jpeg(image)


def damaged_goods(rng: random.Random, label: str, when: datetime) -> bytes:
    """A crushed carton on a warehouse floor: dented corner, tear, spill, a red label."""
    image = Image.new("RGB", SIZE, (170, 172, 170))
    draw = ImageDraw.Draw(image)
    for x in range(0, SIZE[0], 100):  # floor tiles
        draw.line((x, 330, x - 120, SIZE[1]), fill=(150, 152, 150), width=2)
    draw.rectangle((0, 0, SIZE[0], 330), fill=(205, 200, 190))
    left, top = 200 + rng.randint(-40, 40), 170
    dent = rng.randint(30, 60)
    draw.polygon(
        [
            (left, top + dent),
            (left + dent, top),
            (left + 360, top),
            (left + 360, top + 260),
            (left, top + 260),
        ],
        fill=(196, 150, 96),
        outline=(110, 80, 40),
    )
    draw.polygon(
        [(left + 360, top), (left + 430, top - 50), (left + 430, top + 210), (left + 360, top + 260)],
        fill=(170, 126, 76),
        outline=(110, 80, 40),
    )
    tear = [(left + 120 + k * 22, top + 90 + rng.randint(-18, 18)) for k in range(8)]
    draw.line(tear, fill=(60, 40, 20), width=5)
    draw.ellipse((left - 60, top + 240, left + 180 + rng.randint(0, 80), top + 300), fill=(120, 150, 190))
    draw.rectangle((left + 40, top + 150, left + 220, top + 200), fill=(210, 30, 30))
    draw.text((left + 56, top + 160), "DAMAGED", font=_font(28), fill=(255, 255, 255))
    draw.rectangle((0, 0, SIZE[0], 56), fill=(40, 44, 52))
    draw.text((20, 12), "DAMAGED GOODS", font=_font(28), fill=(255, 255, 255))
    draw.text((320, 18), label, font=_font(20), fill=(200, 210, 220))
    _stamp(draw, when)
    return _jpeg(image)


def _store(blobs: BlobStore, data: bytes) -> str:
    sha = hashlib.sha256(data).hexdigest()
    if blobs.size(sha) is None:
        blobs.write_chunk(sha, 0, data)
        blobs.finish(sha)
    return sha


def _photo(
    blobs: BlobStore, make_id, rng, scene, code: str, *, parent_type, parent, by, at, taken, where
) -> dict[str, Any]:
    """Draw ``scene`` (drawing, file-name stem, caption) for the customer ``code`` as taken at
    ``taken``, store the picture and return the attachment row of ``parent``."""
    draw, stem, caption = scene
    data = draw(rng, code, taken)
    return {
        "id": make_id(rng, at),
        "customer_id": parent["customer_id"],
        "parent_type": parent_type,
        "parent_id": parent["id"],
        "sha256": _store(blobs, data),
        "size_bytes": len(data),
        "mime_type": "image/jpeg",
        "file_name": f"{stem}-{taken:%Y%m%d-%H%M}.jpg",
        "caption": caption,
        "created_by": by,
        "created_at": at,
        "captured_at": taken,
        "latitude": where[0] if where else None,
        "longitude": where[1] if where else None,
        "uploaded_at": at + timedelta(minutes=7),  # sent at the rep's next sync
    }


def _visits_to_illustrate(session: Session, rep_ids: list[str]) -> list[dict[str, Any]]:
    v = TABLES["visit"]
    chosen: list[dict[str, Any]] = []
    for rep_id in rep_ids:
        rows = session.execute(
            select(v.c.id, v.c.customer_id, v.c.rep_id, v.c.status, v.c.check_in_at, v.c.check_out_at)
            .add_columns(v.c.latitude, v.c.longitude)
            .where(
                v.c.rep_id == rep_id,
                v.c.check_in_at.is_not(None),
                v.c.check_out_at.is_not(None),
                v.c.channel == VisitChannel.IN_PERSON.value,
                v.c.status.in_(
                    (VisitStatus.SUBMITTED.value, VisitStatus.APPROVED.value, VisitStatus.RETURNED.value)
                ),
            )
            .order_by(v.c.check_in_at.desc(), v.c.id)
            .limit(40)
        ).mappings()
        rows = [dict(r) for r in rows]
        returned = [r for r in rows if r["status"] == VisitStatus.RETURNED.value][:1]
        rest = [r for r in rows if r not in returned]
        chosen += returned + rest[: VISITS_PER_REP - len(returned)]
    return chosen


def _complaints_to_illustrate(session: Session, rep_ids: list[str]) -> list[dict[str, Any]]:
    """Each rep's latest complaints, those a photo proves best (goods, delivery) first."""
    c = TABLES["complaint"]
    pictured = (ComplaintCategory.DELIVERY.value, ComplaintCategory.PRODUCT_QUALITY.value)
    chosen: list[dict[str, Any]] = []
    for rep_id in rep_ids:
        rows = session.execute(
            select(c.c.id, c.c.customer_id, c.c.owner_id, c.c.recorded_at, c.c.category)
            .where(c.c.owner_id == rep_id)
            .order_by(c.c.recorded_at.desc(), c.c.id)
            .limit(30)
        ).mappings()
        rows = sorted((dict(r) for r in rows), key=lambda r: r["category"] not in pictured)  # stable
        chosen += rows[:COMPLAINTS_PER_REP]
    return chosen


#: What each complaint category's photo shows: (draw, file stem, caption).
COMPLAINT_SCENES = {
    ComplaintCategory.DELIVERY.value: (damaged_goods, "damaged", "到货时外箱破损"),
    ComplaintCategory.PRODUCT_QUALITY.value: (damaged_goods, "damaged", "客户出示的问题商品"),
    ComplaintCategory.BILLING.value: (delivery_note, "delivery-note", "与发票不符的送货单"),
}
OTHER_SCENE = (damaged_goods, "photo", "客户提供的现场照片")


def add_demo_photos(session: Session, seq: int, blobs: BlobStore, seed: int, make_id, by: str | None) -> int:
    """Draw, store and attach the demo photos; returns how many attachments were written."""
    rng = random.Random(seed * 7919 + 13)
    users, customers = TABLES["user"], TABLES["customer"]
    rep_ids = list(
        session.scalars(select(users.c.id).where(users.c.role == Role.REP.value).order_by(users.c.id))
    )
    names = dict(session.execute(select(customers.c.id, customers.c.code)).all())
    rows: list[dict[str, Any]] = []
    flagged_one = False
    for visit in _visits_to_illustrate(session, rep_ids):
        check_in, check_out = visit["check_in_at"], visit["check_out_at"]
        code = names.get(visit["customer_id"], "")
        scenes = [(shelf_display, "shelf", "补货后的货架陈列")]
        if rng.random() < 0.6:
            scenes.append((delivery_note, "delivery-note", "客户签收的送货单"))
        for n, scene in enumerate(scenes):
            taken = check_in + (check_out - check_in) * rng.uniform(0.2, 0.9)
            if not flagged_one and n == 0 and visit["status"] != VisitStatus.RETURNED.value:
                taken = check_in - timedelta(hours=2, minutes=rng.randint(0, 50))  # an old photo reused
                flagged_one = True
            at = min(check_out, taken + timedelta(minutes=1)) if taken >= check_in else check_in
            where = (visit["latitude"], visit["longitude"]) if visit["latitude"] is not None else None
            rows.append(
                _photo(
                    blobs,
                    make_id,
                    rng,
                    scene,
                    code,
                    parent_type="visit",
                    parent=visit,
                    by=visit["rep_id"],
                    at=at,
                    taken=taken,
                    where=where,
                )
            )
    for complaint in _complaints_to_illustrate(session, rep_ids):
        recorded = complaint["recorded_at"]
        taken = recorded - timedelta(minutes=rng.randint(5, 90))
        code = names.get(complaint["customer_id"], "")
        rows.append(
            _photo(
                blobs,
                make_id,
                rng,
                COMPLAINT_SCENES.get(complaint["category"], OTHER_SCENE),
                code,
                parent_type="complaint",
                parent=complaint,
                by=complaint["owner_id"],
                at=recorded + timedelta(minutes=2),
                taken=taken,
                where=None,
            )
        )
    insert_rows(session, S.ATTACHMENT, rows, seq, by)
    return len(rows)
