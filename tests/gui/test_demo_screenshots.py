"""`fieldsales demo --screenshots DIR` as a user runs it: a subprocess that exits 0 with PNGs."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

# Long (a subprocess or many runs): scheduled first, so a parallel run does not end waiting for it.
pytestmark = pytest.mark.slow

pytest.importorskip("server.seed", reason="the demo seeder (server/seed.py) is not there yet")

SCREENS = (
    "01-login",
    "02-login-error",
    "03-customers",
    "04-customers-search",
    "05-customers-no-match",
    "06-visits",
    "07-quotes",
    "08-complaints",
)


def fieldsales_command() -> list[str]:
    script = Path(sys.executable).with_name("fieldsales")
    return [str(script)] if script.exists() else [sys.executable, "-m", "desktop.main"]


def test_demo_screenshots_in_both_languages(tmp_path):
    out = tmp_path / "shots"
    env = {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"}  # the command must set it itself
    env["FIELDSALES_DATA_DIR"] = str(tmp_path / "data")
    run = subprocess.run(
        [*fieldsales_command(), "demo", "--screenshots", str(out), "--role", "rep", "--customers", "150"],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    for language in ("zh_CN", "en"):
        for screen in SCREENS:
            png = out / f"{screen}.{language}.png"
            assert png.stat().st_size > 5000, png
            image = QImage(str(png))
            assert not image.isNull()
            if int(screen[:2]) >= 3:  # main-window shots
                assert (image.width(), image.height()) == (1280, 800), png
    assert not list(out.glob("*review*")), "a rep has no review area"
    shutil.rmtree(tmp_path / "data", ignore_errors=True)
