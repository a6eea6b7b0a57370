"""Attachments (issue 13): what attaching photos costs the laptop.

    python -m bench.bench_attachments [--photos 100] [--threads 2] [--parts processing,upload] [--write-doc]
        [--parallel N] [--photo-dir DIR] [--in-process]

Processing: ``--photos`` camera-like JPEGs (12 MP, 4000 × 3000, ~4 MB each: smooth colour
areas plus sensor noise, so they do not compress to nothing; a quarter held upright, i.e.
EXIF orientation 6; each with a capture time and a GPS position) are made once with
Pillow into a temporary folder, outside the timing. They are then attached to a visit with
``local_db.attachments.add_attachment`` (the default policy: 2,048 px, quality 80) on the
app's task runner (``ui.support.tasks.TaskRunner``, one task per photo, ``--threads``
workers) into an encrypted replica and its sealed ``LocalFiles``, as the app does, while
a ``QTimer`` on the UI thread ticks every 10 ms and records the longest gap between ticks
(the longest the window would have been frozen). Budgets: ≤ 0.3 s per photo (wall time
÷ photos, on this machine's cores) and a longest UI-thread stall ≤ 100 ms. The machine is
shared, so the CPU time per photo (all threads) is reported too, and the same timer's
longest stall with nothing to do, measured just before: what the other load alone costs.

For comparison in the same run, a sample of the photos is prepared on one thread with
and without the reduced-scale JPEG decode (``Image.draft``, see ``local_db.photos``).

Upload: the same photos (the 4 MB originals, so the figures are about bytes on the wire)
are attached offline on an encrypted replica (the files sealed, as on a laptop), then one
sync pushes their rows and uploads them over loopback to the real server (uvicorn,
SQLite, the filesystem blob store): chunked, resumable, hash-checked. The floor is a plain
HTTP PUT of the same bytes, one request per file, to a bare ASGI app on the same uvicorn
that writes the body to a file and syncs it to disk (no permission check, no chunks, no
hash); it runs before and after the sync, each time one request at a time and with as
many in flight as the upload keeps (``--parallel``), and the fastest of the four counts.
For reference the same PUT is also run with the server hashing the body (the check an upload cannot skip).
Budget: the upload's throughput at least 50 % of the plain PUT's. Then the no-op sync that
follows must stay one request with an answer ≤ 1 KB. The load average during the upload is
recorded: on a shared machine only the same-run ratio means much.

The shape is production's: the real server is ``fieldsales-server serve`` (one process, on
the SQLite file and blob directory prepared here), the floor's bare ASGI app
(``bench.plain_put``) a process of its own on the same uvicorn settings, and the laptop's
side (reading the sealed copies, the requests, its SQLCipher commits) runs in the
benchmark's process. CPU time is each end's own (``time.process_time`` here,
``/proc/<pid>/stat`` for a server) and reported as their sum, for the upload and the floor
alike. ``--in-process`` runs both servers in threads of the benchmark's process instead
(one GIL for both ends: the shape of the first measurements, kept for comparison).

Each part is a function (``make_photos``, ``processing_figures``, ``processing_markdown``,
``upload_figures``, ``upload_markdown``); ``--parts`` chooses which run.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timezone
from pathlib import Path

import requests
import uvicorn
from PIL import Image, ImageChops
from PIL.TiffImagePlugin import IFDRational
from sqlalchemy import select

from bench.report import write_section
from domain.attachments import DEFAULT_POLICY
from domain.values import new_id

WIDTH, HEIGHT = 4000, 3000
BUDGET_PER_PHOTO_S = 0.3
BUDGET_STALL_MS = 100
TICK_MS = 10
IDLE_MS = 5000


# --------------------------------------------------------------------------- the photos


def _exif(index: int) -> Image.Exif:
    exif = Image.Exif()
    exif[0x010F], exif[0x0110] = "BenchCam", "FS-12"
    if index % 4 == 0:
        exif[0x0112] = 6  # held upright
    exif.get_ifd(0x8769)[0x9003] = f"2026:11:30 {9 + index // 60:02d}:{index % 60:02d}:00"
    exif.get_ifd(0x8769)[0x9011] = "+08:00"
    exif.get_ifd(0x8825).update(
        {
            1: "N",
            2: (IFDRational(30), IFDRational(15), IFDRational(index * 10, 100)),
            3: "E",
            4: (IFDRational(120), IFDRational(8), IFDRational(2400, 100)),
        }
    )
    return exif


def make_photos(folder: Path, count: int, *, seed: int = 7) -> list[Path]:
    """``count`` distinct camera-like 12 MP JPEGs of about 4 MB in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    rnd = random.Random(seed)
    # Noise is the slow part to make: one field, shifted for every photo.
    noise = Image.merge("RGB", [Image.effect_noise((WIDTH, HEIGHT), 30) for _ in range(3)])
    paths = []
    for i in range(count):
        small = Image.new("RGB", (32, 24))
        small.putdata([(rnd.randrange(256), rnd.randrange(256), rnd.randrange(256)) for _ in range(32 * 24)])
        scene = small.resize((WIDTH, HEIGHT), Image.Resampling.BICUBIC)
        shifted = ImageChops.offset(noise, rnd.randrange(WIDTH), rnd.randrange(HEIGHT))
        path = folder / f"IMG_{i:04d}.JPG"
        Image.blend(scene, shifted, 0.3).save(path, "JPEG", quality=92, exif=_exif(i))
        paths.append(path)
    return paths


# --------------------------------------------------------------------------- the replica


def _replica(work: Path):
    """An encrypted replica holding one customer with a visit in progress, as after a sync."""
    from local_db.replica import open_replica
    from tests.replica_rows import seed_visit_in_progress

    db = open_replica(work / "fieldsales.sqlite3")
    territory, rep, customer, visit = new_id(), new_id(), new_id(), new_id()
    seed_visit_in_progress(db, territory=territory, rep=rep, customer=customer, visit=visit)
    return db, visit


# --------------------------------------------------------------------------- processing


def _single_thread(paths: list[Path], draft: bool) -> float:
    """Seconds per photo to prepare (no database), on this thread."""
    from local_db import photos

    saved = photos.USE_DRAFT
    photos.USE_DRAFT = draft
    try:
        start = time.perf_counter()
        for path in paths:
            photos.prepare_file(path, DEFAULT_POLICY)
        return (time.perf_counter() - start) / len(paths)
    finally:
        photos.USE_DRAFT = saved


def processing_figures(paths: list[Path], work: Path, threads: int, sample: int = 8) -> dict:
    """Attach every photo on the task runner while the UI thread's ticks are timed."""
    from PySide6.QtCore import QCoreApplication, QElapsedTimer, QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from local_db.attachments import add_attachment, list_attachments
    from sync.uploads import LocalFiles
    from ui.support.tasks import TaskRunner

    app = QApplication.instance() or QApplication([])
    db, visit = _replica(work)
    files = LocalFiles.beside(db)
    runner = TaskRunner(max_threads=threads)
    loop = QEventLoop()
    errors: list[BaseException] = []
    done = {"n": 0}
    gaps: list[float] = []
    clock = QElapsedTimer()

    def tick() -> None:
        gaps.append(clock.restart())

    def finished() -> None:
        done["n"] += 1
        if done["n"] == len(paths):
            loop.quit()

    timer = QTimer(interval=TICK_MS)
    timer.timeout.connect(tick)
    # The same timer with nothing to do first: what the machine's other load alone costs.
    idle = QEventLoop()
    QTimer.singleShot(IDLE_MS, idle.quit)
    clock.start()
    timer.start()
    idle.exec()
    idle_stalls = [max(0.0, g - TICK_MS) for g in gaps[1:]] or [0.0]
    gaps.clear()
    clock.restart()
    start = time.perf_counter()
    cpu = time.process_time()
    for path in paths:
        runner.submit(
            lambda _ctx, p=path: add_attachment(db, files, parent_type="visit", parent_id=visit, path=p),
            name="attach",
            on_error=errors.append,
            on_finished=finished,
        )
    loop.exec()
    wall = time.perf_counter() - start
    cpu = time.process_time() - cpu
    timer.stop()
    QCoreApplication.processEvents()
    if errors:
        raise errors[0]
    views = list_attachments(db, "visit", visit)
    stored = [v.size_bytes for v in views]
    sides = []
    for v in views[:sample]:
        with Image.open(files.open(v.sha256)) as img:
            sides.append(max(img.size))
    db.close()
    del app
    stalls = [max(0.0, g - TICK_MS) for g in gaps[1:]] or [0.0]
    return {
        "photos": len(paths),
        "threads": threads,
        "input_mb": statistics.mean(p.stat().st_size for p in paths) / 1e6,
        "stored_kb": statistics.mean(stored) / 1e3,
        "longest_side": max(sides),
        "wall_s": wall,
        "per_photo_s": wall / len(paths),
        "cpu_per_photo_s": cpu / len(paths),
        "idle_stall_ms": max(idle_stalls),
        "stall_ms": max(stalls),
        "stall_p99_ms": sorted(stalls)[int(0.99 * (len(stalls) - 1))],
        "draft_s": _single_thread(paths[:sample], True),
        "no_draft_s": _single_thread(paths[:sample], False),
        "sample": min(sample, len(paths)),
        "load": os.getloadavg(),
    }


def processing_markdown(f: dict) -> str:
    def ok(cond: bool) -> str:
        return "within budget" if cond else "**over budget**"

    load = ", ".join(f"{x:.1f}" for x in f["load"])
    return "\n".join(
        [
            f"{f['photos']} camera-like 12 MP JPEGs ({WIDTH} × {HEIGHT}, {f['input_mb']:.1f} MB on average, "
            "EXIF orientation, capture time and GPS) attached to a visit with `add_attachment` (default "
            f"policy) on the task runner ({f['threads']} workers, one task per photo), into an encrypted "
            f"replica and its sealed files. Load average (1, 5, 15 min) at the end: {load} — the machine "
            "is shared, so the absolute figures are pessimistic; the same-run ratio is the stable one.",
            "",
            "| measure | result | budget | |",
            "|---|---|---|---|",
            f"| wall time ÷ photos | {f['per_photo_s'] * 1000:.0f} ms ({f['wall_s']:.1f} s in all) "
            f"| ≤ {BUDGET_PER_PHOTO_S * 1000:.0f} ms | {ok(f['per_photo_s'] <= BUDGET_PER_PHOTO_S)} |",
            f"| longest UI-thread stall ({TICK_MS} ms timer; p99 {f['stall_p99_ms']:.0f} ms) "
            f"| {f['stall_ms']:.0f} ms | ≤ {BUDGET_STALL_MS} ms | {ok(f['stall_ms'] <= BUDGET_STALL_MS)} |",
            f"| CPU time ÷ photos (all threads: prepare, hash, seal, write) | "
            f"{f['cpu_per_photo_s'] * 1000:.0f} ms, "
            f"i.e. {f['cpu_per_photo_s'] * 1000 / f['threads']:.0f} ms of wall time on {f['threads']} idle "
            f"cores "
            f"| ≤ {BUDGET_PER_PHOTO_S * 1000:.0f} ms | "
            f"{ok(f['cpu_per_photo_s'] / f['threads'] <= BUDGET_PER_PHOTO_S)} |",
            f"| longest stall of the same timer with nothing to do ({IDLE_MS / 1000:.0f} s before, the "
            f"machine's "
            f"load alone) | {f['idle_stall_ms']:.0f} ms | — | |",
            f"| stored photo | {f['stored_kb']:.0f} KB on average, longest side {f['longest_side']} px | — | "
            f"|",
            f"| one thread, prepare only, reduced-scale decode (`Image.draft`) | {f['draft_s'] * 1000:.0f} "
            f"ms "
            f"per photo ({f['sample']} photos) | — | |",
            f"| one thread, prepare only, full decode | {f['no_draft_s'] * 1000:.0f} ms per photo "
            f"(draft is {f['no_draft_s'] / f['draft_s']:.1f}× faster) | — | |",
        ]
    )


# --------------------------------------------------------------------------- upload


BUDGET_RATIO = 0.5
NOOP_BYTES = 1024


def process_cpu(pid: int) -> float:
    """CPU seconds (user + system) a process has used so far, from ``/proc/<pid>/stat``."""
    stat = Path(f"/proc/{pid}/stat").read_text()
    fields = stat.rsplit(")", 1)[1].split()  # after the command name, which may hold spaces
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class _InThread:
    """A server on uvicorn in a thread of this process: its CPU is already in this
    process's ``time.process_time`` (the single-process shape, ``--in-process``)."""

    def server_cpu(self) -> float:
        return 0.0


class PlainPutThread(_InThread):
    """The floor (``bench.plain_put``) on uvicorn in a thread of this process."""

    def __init__(self, root: Path, hash_body: bool = False):
        from bench.plain_put import make_app
        from server.runner import free_port

        self.port = free_port()
        config = uvicorn.Config(
            make_app(root, hash_body),
            host="127.0.0.1",
            port=self.port,
            log_level="warning",
            lifespan="off",
            interface="asgi3",
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def start(self) -> PlainPutThread:
        self.thread.start()
        while not self.server.started:
            time.sleep(0.02)
        return self

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(5)


class _Process:
    """A server as a process of its own (the production shape): its CPU read from /proc."""

    proc: subprocess.Popen
    port: int

    def server_cpu(self) -> float:
        return process_cpu(self.proc.pid)

    def wait_ready(self, timeout: float = 60.0) -> None:
        from tests.ops.processes import wait_ready

        wait_ready(
            self.proc,
            f"http://127.0.0.1:{self.port}",
            timeout,
            lambda: f"{self.proc.args} exited with {self.proc.returncode}",
            lambda: f"{self.proc.args} was not ready within {timeout} s",
        )

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)


class PlainPutProcess(_Process):
    """The floor as ``python -m bench.plain_put``: its own process, the server's uvicorn settings."""

    def __init__(self, root: Path, hash_body: bool = False):
        from server.runner import free_port

        self.port = free_port()
        self.args = [sys.executable, "-m", "bench.plain_put", str(root), "--port", str(self.port)]
        if hash_body:
            self.args.append("--hash")

    def start(self) -> PlainPutProcess:
        self.proc = subprocess.Popen(self.args, cwd=Path(__file__).resolve().parents[1])
        self.wait_ready()
        return self


class ServeProcess(_Process):
    """``fieldsales-server serve`` on a loopback port (one process, as SQLite allows), with
    the blob directory the in-thread server would use."""

    def __init__(self, database_url: str, blob_dir: Path):
        from server.blobs import ENV_BLOB_DIR
        from server.runner import free_port

        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.args = [
            *(sys.executable, "-m", "server.cli", "--database-url", database_url),
            *("serve", "--host", "127.0.0.1", "--port", str(self.port), "--log-level", "warning"),
        ]
        self.env = {**os.environ, ENV_BLOB_DIR: str(blob_dir)}

    def start(self) -> ServeProcess:
        self.proc = subprocess.Popen(self.args, env=self.env)
        self.wait_ready()
        return self


def run_plain(server, photos: list[bytes], root: Path, in_flight: int = 1) -> tuple[float, float, float]:
    """(wall seconds, CPU seconds of this process, CPU seconds of the server's process) for
    one plain PUT per photo to ``server``, ``in_flight`` at a time (each sender its own
    connection, as the upload queue's)."""
    local = threading.local()
    sessions: list[requests.Session] = []

    def put(item: tuple[int, bytes]) -> None:
        http = getattr(local, "http", None)
        if http is None:
            http = local.http = requests.Session()
            sessions.append(http)
        i, body = item
        http.put(f"http://127.0.0.1:{server.port}/put/{i}.jpg", data=body, timeout=60).raise_for_status()

    started, cpu, server_cpu = time.perf_counter(), time.process_time(), server.server_cpu()
    if in_flight <= 1:
        for item in enumerate(photos):
            put(item)
    else:
        with ThreadPoolExecutor(in_flight) as pool:
            list(pool.map(put, enumerate(photos)))
    seconds = time.perf_counter() - started
    cpu, server_cpu = time.process_time() - cpu, server.server_cpu() - server_cpu
    for http in sessions:
        http.close()
    for p in root.iterdir():
        p.unlink()
    return seconds, cpu, server_cpu


def _plain_figures(r: dict, key: str, run: tuple[float, float, float]) -> None:
    r[f"{key}_s"], r[f"{key}_client_cpu"], r[f"{key}_server_cpu"] = run
    r[f"{key}_cpu"] = run[1] + run[2]


def upload_figures(paths: list[Path], work: Path, in_process: bool = False) -> dict:
    """Upload the photos at ``paths`` in one sync; the plain PUT floor around it (see the module).

    The servers run as processes of their own, as in production (the laptop's side in this
    one); ``in_process`` puts them in threads of this process instead, the shape of the
    first measurements, where both ends share one GIL."""
    from bench import data
    from local_db.replica import open_replica
    from local_db.tables import TABLES as LOCAL
    from local_db.writes import LocalWriter
    from server.blobs import ENV_BLOB_DIR
    from server.runner import ServerThread
    from server.store.db import Store
    from server.store.migrate import upgrade
    from sync.engine import SyncEngine
    from sync.uploads import LocalFiles, UploadQueue

    work.mkdir(parents=True, exist_ok=True)
    database_url = f"sqlite:///{work}/server.sqlite3"
    store = Store.from_url(database_url)
    upgrade(store.engine)
    data.build(store, customers=50, related_per_customer=1)
    if in_process:
        os.environ[ENV_BLOB_DIR] = str(work / "blobs")
        srv = ServerThread(store)
        server_cpu = _InThread().server_cpu
        plain_kind = PlainPutThread
    else:
        store.engine.dispose()  # the server process is the database's only user from here
        srv = ServeProcess(database_url, work / "blobs")
        server_cpu = srv.server_cpu
        plain_kind = PlainPutProcess
    plain = plain_kind(work / "plain")
    hashing = plain_kind(work / "plain-hashed", hash_body=True)
    files_bytes = [p.read_bytes() for p in paths]
    photos, total = len(files_bytes), sum(map(len, files_bytes))
    r: dict = {
        "photos": photos,
        "bytes": total,
        "mb_each": total / photos / 1024 / 1024,
        "parallel": UploadQueue.PARALLEL,
        "in_process": in_process,
    }
    started_servers = []
    try:
        for server in (srv, plain, hashing):
            server.start()
            started_servers.append(server)
        rep = SyncEngine(open_replica(work / "rep.sqlite3"), srv.url, "bench_rep")
        rep.login(data.PASSWORD)
        rep.sync()
        # The floor both ways: one PUT at a time, and as many in flight as the upload keeps,
        # so the upload's own concurrency is no advantage over the floor it is judged by.
        in_flight = UploadQueue.PARALLEL
        _plain_figures(r, "plain_first", run_plain(plain, files_bytes, work / "plain"))
        _plain_figures(r, "plain_par_first", run_plain(plain, files_bytes, work / "plain", in_flight))

        # Attached offline: the bytes kept (sealed) beside the replica, one row each.
        files = LocalFiles.beside(rep.db)
        started = time.perf_counter()
        with rep.db.session() as s:
            w = LocalWriter.for_owner(s)
            customers = LOCAL["customer"]
            cid = s.scalars(select(customers.c.id).order_by(customers.c.code).limit(1)).one()
            for i, body in enumerate(files_bytes):
                w.insert(
                    "attachment",
                    {
                        "customer_id": cid,
                        "parent_type": "customer",
                        "parent_id": cid,
                        "sha256": files.add(body),
                        "size_bytes": len(body),
                        "mime_type": "image/jpeg",
                        "file_name": f"IMG_{i:04d}.jpg",
                        "created_by": w.actor.id,
                        "created_at": datetime.now(timezone.utc),
                    },
                )
        r["attach_s"] = time.perf_counter() - started

        timed: dict = {}
        upload_files = rep.upload_files

        def timed_upload(report, progress=None):
            t, cpu, server_t = time.perf_counter(), time.process_time(), server_cpu()
            try:
                return upload_files(report, progress)
            finally:
                timed["upload_s"] = time.perf_counter() - t
                timed["upload_client_cpu"] = time.process_time() - cpu
                timed["upload_server_cpu"] = server_cpu() - server_t

        rep.upload_files = timed_upload
        load_before = os.getloadavg()
        started = time.perf_counter()
        report = rep.sync()
        r["sync_s"] = time.perf_counter() - started
        r["upload_s"] = timed["upload_s"]
        r["upload_client_cpu"] = timed["upload_client_cpu"]
        r["upload_server_cpu"] = timed["upload_server_cpu"]
        r["upload_cpu"] = r["upload_client_cpu"] + r["upload_server_cpu"]
        r["uploaded"] = len(report.files.uploaded)
        r["failed"] = len(report.files.failed)
        r["sent"] = report.files.bytes_sent
        _plain_figures(r, "plain_second", run_plain(plain, files_bytes, work / "plain"))
        _plain_figures(r, "plain_par_second", run_plain(plain, files_bytes, work / "plain", in_flight))
        _plain_figures(r, "hashed", run_plain(hashing, files_bytes, work / "plain-hashed"))
        r["load"] = [round((a + b) / 2, 2) for a, b in zip(load_before, os.getloadavg(), strict=True)]
        floors = ("plain_first", "plain_second", "plain_par_first", "plain_par_second")
        r["plain_s"] = min(r[f"{k}_s"] for k in floors)  # the fastest floor of the run
        cheaper = min(floors, key=lambda k: r[f"{k}_cpu"])
        for end in ("cpu", "client_cpu", "server_cpu"):
            r[f"plain_{end}"] = r[f"{cheaper}_{end}"]
        r["cpu_ratio"] = r["plain_cpu"] / r["upload_cpu"]  # throughput per CPU second, upload vs floor
        r["upload_mb_s"] = total / r["upload_s"] / 1024 / 1024
        r["plain_mb_s"] = total / r["plain_s"] / 1024 / 1024
        r["ratio"] = r["upload_mb_s"] / r["plain_mb_s"]

        reqs, got = rep.transport.requests_made, rep.transport.bytes_received
        noop = rep.sync()
        r["noop_requests"] = rep.transport.requests_made - reqs
        r["noop_bytes"] = rep.transport.bytes_received - got
        r["noop_pushed"], r["noop_uploaded"] = noop.pushed, len(noop.files.uploaded)
        rep.transport.close()
        rep.db.close()
    finally:
        for server in reversed(started_servers):
            server.stop()
    return r


def upload_markdown(r: dict) -> str:
    def ok(cond: bool) -> str:
        return "within budget" if cond else "**over budget**"

    load = ", ".join(f"{x:g}" for x in r["load"])

    def split(key: str, client: str = "laptop") -> str:
        if r["in_process"]:
            return ""
        return f" ({client} {r[f'{key}_client_cpu']:.1f} s, server {r[f'{key}_server_cpu']:.1f} s)"

    return "\n".join(
        [
            f"{r['photos']} photos of {r['mb_each']:.1f} MB ({r['bytes'] / 1024 / 1024:.0f} MB), attached "
            f"offline on an encrypted replica, then one sync over loopback ({r['parallel']} files in "
            f"flight). "
            + (
                "Single-process shape (`--in-process`): the laptop, the server and the floor's "
                "server share this process and its GIL. "
                if r["in_process"]
                else "The server (`fieldsales-server serve`) and the floor's bare ASGI server "
                "each run as a process of their own, the laptop in the benchmark's, as in "
                "production; CPU is the sum of both ends' processes. "
            )
            + "Load average during the run "
            f"(1, 5, 15 min): {load} on {os.cpu_count()} cores.",
            "",
            "| what | figure | floor / budget | verdict |",
            "|---|---|---|---|",
            f"| upload throughput (chunked, resumable, hash-checked) | {r['upload_mb_s']:.0f} MB/s "
            f"({r['upload_s']:.1f} s) | plain PUT of the same bytes {r['plain_mb_s']:.0f} MB/s "
            f"({r['plain_s']:.1f} s, the fastest of: one at a time {r['plain_first_s']:.1f} s and "
            f"{r['plain_second_s']:.1f} s, {r['parallel']} in flight {r['plain_par_first_s']:.1f} s and "
            f"{r['plain_par_second_s']:.1f} s) | "
            f"{r['ratio'] * 100:.0f} % of the floor, budget ≥ {BUDGET_RATIO * 100:.0f} %: "
            f"{ok(r['ratio'] >= BUDGET_RATIO)} |",
            f"| CPU seconds, both ends | {r['upload_cpu']:.1f} s{split('upload')} | plain PUT "
            f"{r['plain_cpu']:.1f} s{split('plain', 'client')} | "
            f"{r['cpu_ratio'] * 100:.0f} % of the floor's throughput per CPU second |",
            f"| for reference: the plain PUT with the server hashing the body | "
            f"{r['bytes'] / r['hashed_s'] / 1024 / 1024:.0f} MB/s ({r['hashed_s']:.1f} s, CPU "
            f"{r['hashed_cpu']:.1f} s) | | "
            f"upload at {r['upload_mb_s'] / (r['bytes'] / r['hashed_s'] / 1024 / 1024) * 100:.0f} % of it |",
            f"| the whole sync (push {r['photos']} rows, upload, pull) | {r['sync_s']:.1f} s | | "
            f"{r['uploaded']} uploaded, {r['failed']} failed |",
            f"| no-op sync afterwards | {r['noop_requests']} request, answer {r['noop_bytes']} bytes | "
            f"one request, ≤ {NOOP_BYTES} bytes | "
            f"{ok(r['noop_requests'] == 1 and r['noop_bytes'] <= NOOP_BYTES)} |",
        ]
    )


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--photos", type=int, default=100)
    p.add_argument("--threads", type=int, default=2, help="task runner workers (the machine has 2 cores)")
    p.add_argument("--parts", default="processing,upload", help="which parts to run (comma-separated)")
    p.add_argument("--write-doc", action="store_true", help="record the figures in docs/BENCHMARKS.md")
    p.add_argument(
        "--parallel",
        type=int,
        help="files in flight during the upload (sync.uploads.UploadQueue.PARALLEL; default: the app's)",
    )
    p.add_argument(
        "--in-process",
        action="store_true",
        help="upload: run the server and the floor's server in threads of this process (one GIL "
        "for both ends; the first measurements' shape, kept for comparison)",
    )
    p.add_argument(
        "--photo-dir",
        type=Path,
        help="keep the generated photos here and reuse them at the next run (making them takes ~1 min)",
    )
    args = p.parse_args()
    parts = {x.strip() for x in args.parts.split(",") if x.strip()}
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from tests.file_keyring import keyring_workdir

    with keyring_workdir() as work:
        started = time.perf_counter()
        kept = sorted(args.photo_dir.glob("IMG_*.JPG"))[: args.photos] if args.photo_dir else []
        paths = (
            kept if len(kept) == args.photos else make_photos(args.photo_dir or work / "photos", args.photos)
        )
        print(f"made {len(paths)} photos in {time.perf_counter() - started:.0f} s (not timed)")
        if "processing" in parts:
            table = processing_markdown(processing_figures(paths, work, args.threads))
            print(table)
            if args.write_doc:
                write_section(
                    "attachments-processing", "Attachments: preparing photos on the laptop (issue 13)", table
                )
        if "upload" in parts:
            if args.parallel:
                from sync.uploads import UploadQueue

                UploadQueue.PARALLEL = args.parallel
            table = upload_markdown(upload_figures(paths, work / "upload", args.in_process))
            print(table)
            if args.write_doc:
                write_section("attachments-upload", "Attachments: uploading photos (issue 13)", table)


if __name__ == "__main__":
    main()
