"""Cold start benchmark (docs/SYNC_CONTRACT.md budget: ≤ 2 s to an interactive main window with 50,000
customers).

    python -m bench.bench_startup [--customers 50000] [--runs 7] [--write-doc]

Builds a local profile the way a first sync leaves it (customers, contacts and visits
applied as pull pages, the search index caught up), then starts the desktop application
on it in a fresh Python process each run, the way ``fieldsales`` does, and measures from
the moment the process is spawned to the moment the main window is shown, painted, and
its event loop is idle (a timer queued behind the start fires): the window answers
input from then on. The figure includes the interpreter's start, every import, opening
and checking the database, building every page (the Today view, the customer list's
first page and counts, the other areas) and the first paint. The operating system's file
cache is warm, as it is on a laptop that has been used today.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench import bench_search
from bench.report import publish

CHILD = r"""
import json, os, sys, time
marks = {"spawned": float(sys.argv[2])}
marks["python"] = time.time()
from PySide6.QtCore import QTimer
from desktop.app import DesktopApp, create_qt_app
from desktop.settings import Settings
from ui.i18n import Translations
marks["imports"] = time.time()
qt = create_qt_app(["fieldsales"])
translations = Translations()
translations.install("zh_CN")
app = DesktopApp(Settings.load(), translations, profile_dir=__import__("pathlib").Path(sys.argv[1]))
app.restore_geometry = False
profile = app.initial_profile()
window = app.open_profile(profile)
marks["window"] = time.time()
window.grab()  # the first paint of the whole window
marks["painted"] = time.time()

def idle():
    marks["interactive"] = time.time()
    customers = window.customers_page.model.total
    print(json.dumps({"marks": marks, "customers": customers, "area": window.current_area()}))
    app.shutdown()
    qt.quit()

QTimer.singleShot(0, idle)
qt.exec()
"""


def build_profile(directory: Path, customers: int) -> int:
    from sqlalchemy import select

    from local_db import search
    from local_db.db import LocalDb, set_state
    from local_db.tables import TABLES

    rows = bench_search.generate(customers)
    db = LocalDb(directory / "fieldsales.sqlite3")
    bench_search.load(db, rows)
    with db.session() as s:
        search.catch_up(s)
        rep = s.scalar(select(TABLES["user"].c.id).limit(1))
        for key, value in (
            ("user_id", rep),
            ("username", "bench_rep"),
            ("display_name", "Bench Rep"),
            ("role", "rep"),
            ("server_url", ""),
        ):
            set_state(s, key, value)
    with db.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    return len(rows["customer"])


def run_once(profile: Path, data_dir: Path) -> dict:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "FIELDSALES_DATA_DIR": str(data_dir)}
    spawned = time.time()
    out = subprocess.run(
        [sys.executable, "-c", CHILD, str(profile), repr(spawned)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=Path(__file__).resolve().parent.parent,
    )
    line = next((ln for ln in out.stdout.splitlines() if ln.startswith("{")), None)
    if out.returncode != 0 or line is None:
        raise RuntimeError(f"start failed ({out.returncode}): {out.stderr[-2000:]}")
    return json.loads(line)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--customers", type=int, default=50_000)
    p.add_argument("--runs", type=int, default=7)
    p.add_argument("--write-doc", action="store_true", help="record the figures in docs/BENCHMARKS.md")
    args = p.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        profile = Path(tmp) / "profile"
        profile.mkdir()
        built = build_profile(profile, args.customers)
        size = (profile / "fieldsales.sqlite3").stat().st_size
        results = [run_once(profile, Path(tmp) / "data") for _ in range(args.runs + 1)][
            1:
        ]  # first run warms up
    totals = [r["marks"]["interactive"] - r["marks"]["spawned"] for r in results]
    phases = {
        name: statistics.median(r["marks"][name] - r["marks"][prev] for r in results)
        for prev, name in (
            ("spawned", "python"),
            ("python", "imports"),
            ("imports", "window"),
            ("window", "painted"),
            ("painted", "interactive"),
        )
    }
    seen = results[0]["customers"]
    verdict = "within budget" if statistics.median(totals) <= 2.0 else "OVER BUDGET"
    load = os.getloadavg()[0]
    body = "\n".join(
        [
            f"Profile: {built:,} customers with contacts and visits, search index built, database "
            f"{size / 1e6:.0f} MB; the window opens on the Today view and its customer list shows {seen:,} "
            f"customers. {args.runs} runs, each a fresh process (after one warm-up run); load average "
            f"{load:.1f} on the machine meanwhile (other work makes the slowest run slower).",
            "",
            "| measure | figure | budget | |",
            "|---|---|---|---|",
            f"| cold start to an interactive main window | median {statistics.median(totals):.2f} s, "
            f"max {max(totals):.2f} s | ≤ 2 s | {verdict} |",
            "",
            "Where the time goes (medians): "
            f"interpreter {phases['python']:.2f} s, imports {phases['imports']:.2f} s, "
            f"database and window {phases['window']:.2f} s, first paint {phases['painted']:.2f} s, "
            f"event loop idle {phases['interactive']:.2f} s.",
        ]
    )
    publish("startup", "Cold start with 50,000 local customers", body, args.write_doc)


if __name__ == "__main__":
    main()
