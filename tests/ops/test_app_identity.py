"""The app's names, icon and version: what the platform files settings and data under."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from desktop import paths
from desktop.app import create_qt_app
from sync.version import APP_VERSION


def test_names_icon_and_data_directory(qapp, monkeypatch):
    app = create_qt_app()
    assert (app.applicationName(), app.organizationName()) == ("Fieldsales", "Fieldsales")
    assert app.applicationVersion() == APP_VERSION
    assert not app.windowIcon().isNull() and app.windowIcon().availableSizes()
    monkeypatch.delenv(paths.ENV_DATA_DIR, raising=False)
    if sys.platform.startswith("linux"):
        assert paths.platform_data_dir().name == "fieldsales"  # XDG: lower case
    else:
        assert paths.platform_data_dir().parts[-1] == "Fieldsales"


def test_version_from_the_command_line():
    exe = Path(sys.executable).parent / "fieldsales"
    out = subprocess.run([str(exe), "--version"], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0 and out.stdout.strip() == f"fieldsales {APP_VERSION}"
