"""Evidence flags on the laptop (local_db.evidence), as the attachments the rep adds get them:
real photos through ``add_attachment``, a real SQLite replica. The server's side of
duplicates is tested in tests/server/test_evidence.py, the whole path in
tests/gui/test_evidence_flags.py."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from sqlalchemy import select

from domain.evidence import EvidenceCode, Original
from local_db import attachments as ax
from local_db import evidence
from local_db.apply import upsert_rows
from sync.contract import new_id
from tests.local_db.test_attachments import CUSTOMER, REP, VISIT, db, exif_for, files, noisy, write_jpeg  # noqa: F401

UTC = timezone.utc
CHECK_IN = datetime(2026, 5, 4, 1, 0, tzinfo=UTC)
OTHER_VISIT = new_id()


def _exif_time(moment: datetime) -> str:
    return moment.astimezone().strftime("%Y:%m:%d %H:%M:%S")  # the camera keeps local time


def _visits(db) -> None:  # noqa: F811
    with db.session() as s:
        rows = [
            {"id": VISIT, "check_in_at": CHECK_IN, "check_out_at": CHECK_IN + timedelta(minutes=40)},
            {"id": OTHER_VISIT, "check_in_at": CHECK_IN + timedelta(days=1)},
        ]
        upsert_rows(
            s,
            "visit",
            [
                {
                    "version": 1,
                    "deleted": False,
                    "customer_id": CUSTOMER,
                    "rep_id": REP,
                    "status": "in_progress",
                    **r,
                }
                for r in rows
            ],
        )


def test_views_carry_the_flags_the_attachments_panel_shows(db, files, tmp_path):  # noqa: F811
    _visits(db)
    early, shelf = tmp_path / "early.jpg", tmp_path / "shelf.jpg"
    write_jpeg(early, noisy(300, 200, seed=1), exif_for(taken=_exif_time(CHECK_IN - timedelta(hours=2))))
    write_jpeg(shelf, noisy(300, 200, seed=2), exif_for(taken=_exif_time(CHECK_IN + timedelta(minutes=5))))

    first = ax.add_attachment(db, files, parent_type="visit", parent_id=VISIT, path=early)
    assert first.flags == ("before_check_in",) and first.evidence[0].minutes == 120
    fine = ax.add_attachment(db, files, parent_type="visit", parent_id=VISIT, path=shelf)
    assert fine.flags == ()
    # The same photo on the next day's visit: before that check-in, and a copy of the first visit's.
    again = ax.add_attachment(db, files, parent_type="visit", parent_id=OTHER_VISIT, path=shelf)
    assert again.sha256 == fine.sha256
    assert again.flags == ("before_check_in", "duplicate")
    original = again.evidence[1].original
    assert (original.attachment_id, original.parent_type, original.parent_id) == (fine.id, "visit", VISIT)
    assert original.customer_name == "杭州星云科技有限公司" and original.at == CHECK_IN
    assert [v.flags for v in ax.list_attachments(db, "visit", OTHER_VISIT)] == [again.flags]
    assert ax.get_attachment(db, fine.id).flags == ()

    with db.session() as s:
        by_visit = evidence.visit_flags(s, [VISIT, OTHER_VISIT])
    assert [a.attachment_id for a in by_visit[VISIT]] == [first.id]
    assert [a.attachment_id for a in by_visit[OTHER_VISIT]] == [again.id]

    # Once removed, the first copy is nobody's original on this laptop.
    ax.remove_attachment(db, fine.id)
    assert ax.get_attachment(db, again.id).flags == ("before_check_in",)


def test_the_servers_judgement_replaces_the_laptops_guess(db, files, tmp_path):  # noqa: F811
    _visits(db)
    path = tmp_path / "p.jpg"
    write_jpeg(path, noisy(200, 200, seed=3))
    a = ax.add_attachment(db, files, parent_type="visit", parent_id=VISIT, path=path)
    b = ax.add_attachment(db, files, parent_type="customer", parent_id=CUSTOMER, path=path)
    assert ax.get_attachment(db, b.id).flags == ("duplicate",)  # the guess: a was attached first
    elsewhere = Original(new_id(), "complaint", new_id(), new_id(), "远方客户", CHECK_IN)
    with db.session() as s:
        # The server judged: a is a copy of a record in another territory, b is its own original.
        t = ax._att
        s.execute(
            t.update()
            .where(t.c.id == a.id)
            .values(
                uploaded_at=CHECK_IN,
                duplicate_of=elsewhere.attachment_id,
                duplicate_context=elsewhere.to_json(),
            )
        )
        s.execute(t.update().where(t.c.id == b.id).values(uploaded_at=CHECK_IN))
    assert ax.get_attachment(db, b.id).flags == ()
    judged = ax.get_attachment(db, a.id).evidence
    assert [f.code for f in judged] == [EvidenceCode.DUPLICATE] and judged[0].original == elsewhere


def test_the_same_photo_twice_on_one_record_is_no_reused_photo(db, files, tmp_path):  # noqa: F811
    # "Same photo as on another record" (domain/evidence.py): a photo added twice to the same
    # visit (dropped and picked) is no evidence of anything.
    _visits(db)
    path = tmp_path / "twice.jpg"
    write_jpeg(path, noisy(200, 200, seed=4), exif_for(taken=_exif_time(CHECK_IN + timedelta(minutes=5))))
    first = ax.add_attachment(db, files, parent_type="visit", parent_id=VISIT, path=path)
    second = ax.add_attachment(db, files, parent_type="visit", parent_id=VISIT, path=path)
    assert (first.flags, second.flags) == ((), ())
    elsewhere = ax.add_attachment(db, files, parent_type="visit", parent_id=OTHER_VISIT, path=path)
    assert "duplicate" in elsewhere.flags and elsewhere.evidence[-1].original.attachment_id == first.id
    with db.session() as s:
        assert VISIT not in evidence.visit_flags(s, [VISIT, OTHER_VISIT])
        evidence.register_functions(s)
        counts = dict(
            s.execute(
                select(evidence.visits.c.id, evidence.flagged_count_sql()).where(
                    evidence.visits.c.id.in_([VISIT, OTHER_VISIT])
                )
            ).all()
        )
    assert counts == {VISIT: 0, OTHER_VISIT: 1}  # the review queue's count agrees
