"""A revoked laptop, with the window open: its copy and key are deleted and it says why."""

from __future__ import annotations

from local_db.replica import ReplicaKeys
from server import devices
from sync.engine import CLIENT_ID
from tests.gui.test_app_lock import (
    _started,
    make_app,  # noqa: F401 - the fixture
)


def test_a_revoked_laptop_deletes_its_copy_and_asks_to_sign_in(
    qtbot,
    org_server,
    rep_a_profile,
    make_app,  # noqa: F811
    sqlite_store,
):
    app = _started(qtbot, make_app(rep_a_profile))
    with sqlite_store.session() as s:
        assert devices.revoke(s, app.ui_db.get_state(CLIENT_ID), None) is not None
    app.sync_now()
    qtbot.waitUntil(lambda: app.login_dialog is not None and app.login_dialog.isVisible(), timeout=30_000)
    assert app.window is None
    assert not rep_a_profile.db_path.exists()
    assert ReplicaKeys().get(rep_a_profile.db_path) is None
    assert any(
        "removed this computer" in label.text()
        for label in app.login_dialog.findChildren(
            __import__("PySide6.QtWidgets", fromlist=["QLabel"]).QLabel
        )
    )
