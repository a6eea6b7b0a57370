"""The sync-issues list says which kind of change each issue came from."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from PySide6.QtCore import Qt

from local_db.db import LocalDb
from local_db.models import SyncIssue
from ui.sync_issues import COLUMNS, RejectionDialog, SyncIssuesDialog

T0 = datetime(2026, 3, 9, 1, 0, tzinfo=timezone.utc)


def rejected(
    mutation_id,
    entity,
    row_id,
    changes,
    base,
    code="invalid_value",
    message="refused",
    server_values=None,
    created_at=T0,
) -> SyncIssue:
    """The issue the sync keeps for a mutation the server rejected."""
    return SyncIssue(
        mutation_id=mutation_id,
        entity=entity,
        row_id=row_id,
        outcome="rejected",
        code=code,
        message=message,
        changes=changes,
        base=base,
        server_values=server_values,
        fields=None,
        created_at=created_at,
    )


def holding(path, *issues: SyncIssue) -> LocalDb:
    """A laptop database at ``path`` that holds these sync issues (close it after)."""
    db = LocalDb(path)
    with db.session() as s:
        s.add_all(issues)
    return db


@pytest.fixture
def db(tmp_path):
    shapes = {  # what the outbox entry held: a new record has no base, a deletion nothing at all
        "m-insert": ({"number": "RA-2026-0900", "status": "draft"}, {}),
        "m-update": ({"notes": "arrived 9:10"}, {"notes": None}),
        "m-delete": ({}, {}),
    }
    db = holding(
        tmp_path / "rep.sqlite3",
        *(
            rejected(mutation_id, "quote", f"q{i}", changes, base, created_at=T0 + timedelta(minutes=i))
            for i, (mutation_id, (changes, base)) in enumerate(shapes.items())
        ),
    )
    yield db
    db.close()


def op_cells(dialog: SyncIssuesDialog) -> dict[str, str]:
    column = [c.key for c in COLUMNS].index("op")
    model = dialog.model
    return {model.row(r)["id"]: model.index(r, column).data() for r in range(model.rowCount())}


def test_each_issue_shows_whether_it_was_a_new_record_an_edit_or_a_deletion(qtbot, db, english):
    dialog = SyncIssuesDialog(db)
    qtbot.addWidget(dialog)
    column = [c.key for c in COLUMNS].index("op")
    assert dialog.model.headerData(column, Qt.Orientation.Horizontal) == "Change"
    assert op_cells(dialog) == {"m-insert": "New record", "m-update": "Edit", "m-delete": "Deletion"}

    dialog.model.sort(column, Qt.SortOrder.AscendingOrder)
    assert [dialog.model.row(r)["id"] for r in range(3)] == ["m-insert", "m-update", "m-delete"]
    dialog.model.sort(column, Qt.SortOrder.DescendingOrder)
    assert [dialog.model.row(r)["id"] for r in range(3)] == ["m-delete", "m-update", "m-insert"]


def test_a_refused_status_change_is_explained_in_chinese_with_status_labels(qtbot, tmp_path, chinese):
    db = holding(
        tmp_path / "zh.sqlite3",
        rejected(
            "m-visit",
            "visit",
            "v1",
            {"status": "in_progress"},
            {"status": "submitted"},
            code="invalid_visit_transition",
            message="A visit cannot go from approved to in_progress.",
            server_values={"status": "approved"},
        ),
    )
    dialog = RejectionDialog(db, "m-visit")
    qtbot.addWidget(dialog)
    shown = dialog.what.text() + "\n" + dialog.server_said.text()
    assert "A visit cannot go" not in shown and "in_progress" not in shown and "approved" not in shown
    assert dialog.what.text() and not dialog.what.text().isascii()  # the code's translated sentence
    assert "已通过" in dialog.server_said.text() and "进行中" in dialog.server_said.text()  # status labels
    db.close()


def test_a_change_to_a_closed_complaint_is_explained_in_chinese(qtbot, tmp_path, chinese):
    """The server's ``complaint_closed`` (a file or an edit of a complaint closed meanwhile)
    reads as the rule's sentence in the user's language, not the server's English."""
    db = holding(
        tmp_path / "zh.sqlite3",
        rejected(
            "m-file",
            "attachment",
            "a1",
            {"caption": "破损的纸箱"},
            {"caption": None},
            code="complaint_closed",
            message="A closed complaint cannot be changed; reopen it first.",
        ),
    )
    dialog = SyncIssuesDialog(db)
    qtbot.addWidget(dialog)
    column = [c.key for c in COLUMNS].index("details")
    assert dialog.model.index(0, column).data() == "已关闭的投诉不能修改；请先重新处理。"
    db.close()
