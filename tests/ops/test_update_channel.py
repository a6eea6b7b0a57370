"""The update channel: the admin announces the latest and minimum app versions; laptops
hear of it with their sync, and an app below the minimum is refused but keeps its work."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from domain.errors import InvalidValue
from local_db import org_settings as local_org_settings
from local_db.models import OutboxEntry
from server.api import deps
from server.cli import main as server_cli
from sync.release import ClientRelease, ReleaseStatus, client_release_from_json, release_status
from sync.transport import ClientTooOld
from sync.version import APP_VERSION
from tests.factories import build_org
from tests.sync.helpers import Laptop
from ui.update_banner import UpdateBanner


def test_versions_compare_as_versions_not_text():
    release = ClientRelease(latest="1.10", minimum="1.9.2", url="https://x.example/app")
    assert release_status("1.9.10", release) is ReleaseStatus.AVAILABLE  # as text "1.9.10" > "1.10"
    assert release_status("1.9.1", release) is ReleaseStatus.REQUIRED
    assert release_status("1.10.0", release) is ReleaseStatus.CURRENT  # 1.10.0 == 1.10
    assert release_status("2.0", release) is ReleaseStatus.CURRENT
    assert release_status("1.10", None) is ReleaseStatus.CURRENT
    with pytest.raises(InvalidValue, match="not a version"):
        client_release_from_json({"latest": "soon", "url": "https://x"})
    with pytest.raises(InvalidValue, match="newer than the latest"):
        client_release_from_json({"latest": "1.9", "minimum": "1.10", "url": "https://x"})
    with pytest.raises(InvalidValue, match="download"):
        client_release_from_json({"latest": "1.9"})


def release_cli(database_url: str, *args: str) -> int:
    """``fieldsales-server client-release ARGS`` on this database; its exit code."""
    return server_cli(["--database-url", database_url, "client-release", *args])


def test_announced_then_required_keeps_the_laptops_work(
    sqlite_store, live_server, tmp_path, monkeypatch, capsys
):
    monkeypatch.setattr(deps, "RELEASE_TTL_S", 0)  # the server re-reads the setting on every request
    o = build_org(sqlite_store)
    srv = live_server(sqlite_store)
    url = sqlite_store.engine.url.render_as_string(hide_password=False)
    lap = Laptop(tmp_path / "a.sqlite3", srv.url, "rep_a").login()
    lap.sync()

    assert release_cli(url, "--latest", "0.1.10", "--url", "https://intranet.example.cn/fieldsales/") == 0
    lap.sync()
    with lap.db.session() as s:
        release = local_org_settings.client_release(s)
    assert release == ClientRelease(
        latest="0.1.10", minimum=None, url="https://intranet.example.cn/fieldsales/"
    )
    assert release_status(APP_VERSION, release) is ReleaseStatus.AVAILABLE  # 0.1.0 < 0.1.10

    customer = sorted(o.customers["N1"])[0]
    with lap.write() as w:
        w.update("customer", customer, {"notes": "written before the update"})
    assert release_cli(url, "--minimum", "0.1.10") == 0
    assert "minimum: 0.1.10" in capsys.readouterr().out
    customers_before = len(lap.ids("customer"))
    with pytest.raises(ClientTooOld) as refused:
        lap.sync()
    assert refused.value.status == 426 and refused.value.details[0]["minimum"] == "0.1.10"
    assert refused.value.details[0]["url"] == "https://intranet.example.cn/fieldsales/"
    with lap.db.session() as s:  # nothing lost, nothing sent
        assert s.scalar(select(func.count()).select_from(OutboxEntry)) == 1
    assert len(lap.ids("customer")) == customers_before
    assert lap.row("customer", customer)["notes"] == "written before the update"

    assert release_cli(url, "--minimum", "0.1") == 0
    report = lap.sync()  # allowed again: the queued edit goes through
    assert report.applied == 1


def test_client_release_cli_refuses_nonsense(sqlite_store, capsys):
    url = sqlite_store.engine.url.render_as_string(hide_password=False)
    assert release_cli(url, "--latest", "1.0", "--minimum", "2.0", "--url", "https://x.example") == 2
    assert "newer than the latest" in capsys.readouterr().err
    assert release_cli(url, "--latest", "next week") == 2
    assert release_cli(url) == 0
    assert "latest: -" in capsys.readouterr().out


def test_banner_says_available_dismissably_and_required_firmly(qtbot):
    banner = UpdateBanner(current="1.9")
    qtbot.addWidget(banner)
    dismissed = []
    banner.dismissed.connect(dismissed.append)
    release = ClientRelease(latest="1.10", minimum="1.2", url="https://x.example/get")
    banner.show_release(release)
    assert not banner.isHidden() and "1.10" in banner.text.text() and "1.9" in banner.text.text()
    assert not banner.close_button.isHidden() and not banner.get.isHidden()
    banner.close_button.click()
    assert banner.isHidden() and dismissed == ["1.10"]
    banner.show_release(release)  # the same version again: stays dismissed
    assert banner.isHidden()
    banner.show_release(ClientRelease(latest="1.11", url="https://x.example/get"))  # a newer one shows
    assert not banner.isHidden()
    banner.show_release(ClientRelease(latest="1.11", minimum="1.10", url="https://x.example/get"))
    assert not banner.isHidden() and banner.status is ReleaseStatus.REQUIRED
    assert banner.close_button.isHidden()  # cannot be dismissed
    assert "kept" in banner.text.text() and "1.10" in banner.text.text()
    banner.show_release(None)
    assert banner.isHidden()
