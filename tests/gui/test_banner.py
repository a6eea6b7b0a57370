"""One banner for every screen (ui.banner.Banner): the update strip, the workspace's and
the administration's result lines are the same widget, with the same levels."""

from __future__ import annotations

import pytest

from ui.admin.common import admin_banner
from ui.banner import Banner
from ui.update_banner import UpdateBanner


def test_every_banner_is_the_one_banner_with_its_level(qtbot):
    update, admin, workspace = UpdateBanner(), admin_banner(), Banner("warn")
    for banner in (update, admin, workspace):
        qtbot.addWidget(banner)
        assert isinstance(banner, Banner) and banner.objectName() == "MessageBanner"
    assert update.property("strip") is True and workspace.property("strip") is False
    assert workspace.property("level") == "warn"
    workspace.set_kind("bad")  # the workspace's word for an error
    assert workspace.property("level") == "error" and workspace.kind == "bad"
    with pytest.raises(ValueError):
        workspace.set_kind("loud")

    assert admin.isHidden() and admin.message() == ""
    admin.show()
    admin.show_message("Saved TEST-9001.", "ok")
    assert admin.message() == "Saved TEST-9001." and admin.property("level") == "ok"
    admin.close_button.click()
    assert admin.message() == ""
