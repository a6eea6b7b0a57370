"""The floors the sync benchmark measures against: the same work done as plainly as it can be.

A floor moves the same rows as the sync, over the same loopback HTTP, into the same
databases, but without anything the sync adds: no protocol, no scope rules, no outbox, no
merge, no triggers and no secondary indexes. What it does keep is what any copy must pay:
read the rows from the server's database, serialise them as JSON, send them, parse them,
write them in one transaction.

``FloorServer`` is a plain ``http.server`` over the server's store with four routes:

    GET  /table/<table>?after=ID     the next page of a table by id, as arrays of its client columns
    GET  /changed/<table>?after=N    the rows whose feed number is above N
    POST /update/<table>             {"fields": [...], "rows": [[id, v, ...]]}: plain UPDATEs
    POST /insert                     {table: {"fields": [...], "rows": [[...]]}}: plain INSERTs

Each POST is applied in one server transaction. The JSON codec is the fastest one
installed (orjson when present), on both ends, so a floor never looks slow because of
its codec.
"""

from __future__ import annotations

import json
import socket
import sqlite3
import threading
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import requests
from sqlalchemy import Column, MetaData, Table, text
from sqlalchemy.dialects import sqlite
from sqlalchemy.schema import CreateTable

from domain.schema import ENTITIES, Kind
from local_db.tables import TABLES as LOCAL
from server.runner import free_port
from server.store.db import Store

try:
    import orjson

    def dumps(value: Any) -> bytes:
        return orjson.dumps(value, default=str)

    loads = orjson.loads
    CODEC = "orjson"
except ImportError:  # pragma: no cover - orjson is a dependency; kept for a bare checkout

    def dumps(value: Any) -> bytes:
        return json.dumps(value, ensure_ascii=False, default=str, separators=(",", ":")).encode()

    loads = json.loads
    CODEC = "json"

#: client columns of each table, in the client's order
COLUMNS: dict[str, list[str]] = {e.table: [c.name for c in LOCAL[e.name].columns] for e in ENTITIES}
#: rows per page of the bulk copy: the sync's page size
PAGE_ROWS = 5000
JSON_COLUMNS: dict[str, set[str]] = {
    e.table: {f.name for f in e.fields if f.kind is Kind.JSON} for e in ENTITIES
}


def _plain(value: Any) -> Any:
    return str(value) if isinstance(value, Decimal) else value


class FloorServer:
    def __init__(self, store: Store):
        self.store = store
        self.port = free_port()
        self.bytes_sent = 0
        floor = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"  # keep-alive, like the sync's requests.Session

            def setup(self):
                super().setup()
                # Headers and body go out in two writes: without this, Nagle's algorithm and
                # the client's delayed ACK hold each answer back ~40 ms (uvicorn sets it too).
                self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

            def do_GET(self):  # noqa: N802 - http.server's naming
                url = urlsplit(self.path)
                kind, table = url.path.strip("/").split("/")
                cols = COLUMNS[table]
                sql = f'SELECT {", ".join(cols)} FROM "{table}"'
                params: dict = {}
                query = parse_qs(url.query)
                if kind == "changed":
                    sql += " WHERE seq > :after"
                    params["after"] = int(query["after"][0])
                else:
                    sql += f" WHERE id > :after ORDER BY id LIMIT {PAGE_ROWS}"
                    params["after"] = query.get("after", [""])[0]
                with floor.store.engine.connect() as conn:
                    rows = conn.execute(text(sql), params).all()
                self._answer(dumps([[_plain(v) for v in r] for r in rows]))

            def do_POST(self):  # noqa: N802
                body = loads(self.rfile.read(int(self.headers["Content-Length"])))
                path = self.path.strip("/").split("/")
                with floor.store.engine.begin() as conn:
                    if path[0] == "update":
                        floor.apply_updates(conn, path[1], body["fields"], body["rows"])
                    else:
                        for table, block in body.items():
                            floor.apply_inserts(conn, table, block["fields"], block["rows"])
                self._answer(b"{}")

            def _answer(self, payload: bytes) -> None:
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)
                floor.bytes_sent += len(payload)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self.httpd.daemon_threads = True

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> FloorServer:
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def _marks(self, n: int) -> list[str]:
        return ["%s"] * n if self.store.is_postgres else ["?"] * n

    def apply_updates(self, conn, table: str, fields: list[str], rows: list[list]) -> None:
        sets = ", ".join(
            f'"{f}" = {m}' for f, m in zip(fields[1:], self._marks(len(fields) - 1), strict=True)
        )
        conn.exec_driver_sql(
            f'UPDATE "{table}" SET {sets} WHERE id = {self._marks(1)[0]}',
            [tuple(r[1:]) + (r[0],) for r in rows],
        )

    def apply_inserts(self, conn, table: str, fields: list[str], rows: list[list]) -> None:
        """Plain INSERTs; the server's bookkeeping columns get the current feed number."""
        seq = conn.exec_driver_sql("SELECT last_seq FROM change_counter WHERE id = 1").scalar()
        jsons = [i for i, f in enumerate(fields) if f in JSON_COLUMNS[table]]
        cols = [*fields, "seq", "updated_at"]
        params = []
        for r in rows:
            values = list(r)
            for i in jsons:
                if values[i] is not None:
                    values[i] = json.dumps(values[i], ensure_ascii=False)
            params.append((*values, seq, "2026-01-01T00:00:00.000000Z"))
        conn.exec_driver_sql(
            f'INSERT INTO "{table}" ({", ".join(cols)}) VALUES ({", ".join(self._marks(len(cols)))})', params
        )


def plain_tables(path: Path) -> sqlite3.Connection:
    """A client database with the synced tables' columns and primary keys only: no triggers,
    no secondary indexes, no full-text index, the same pragmas as the client's."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute("PRAGMA cache_size=-20000")
    md = MetaData()
    for e in ENTITIES:
        t = LOCAL[e.name]
        plain = Table(t.name, md, *(Column(c.name, c.type, primary_key=c.primary_key) for c in t.columns))
        conn.execute(str(CreateTable(plain).compile(dialect=sqlite.dialect())))
    return conn


def insert_sql(table: str, cols: list[str], upsert: bool = False) -> str:
    verb = "INSERT OR REPLACE" if upsert else "INSERT"
    return f'{verb} INTO "{table}" ({", ".join(cols)}) VALUES ({", ".join("?" * len(cols))})'


def _to_sqlite(table: str, rows: list[list]) -> list[tuple]:
    jsons = [i for i, c in enumerate(COLUMNS[table]) if c in JSON_COLUMNS[table]]
    if not jsons:
        return [tuple(r) for r in rows]
    out = []
    for r in rows:
        for i in jsons:
            if r[i] is not None:
                r[i] = json.dumps(r[i], ensure_ascii=False)
        out.append(tuple(r))
    return out


def bulk_copy(
    floor: FloorServer, conn: sqlite3.Connection, tables: list[str] | None = None
) -> tuple[int, int, int]:
    """Every synced table (or only ``tables``) over HTTP into ``conn``, in pages of
    ``PAGE_ROWS`` by id, each page one GET and one transaction (as any copy that can resume
    must). Returns (rows, bytes, pages)."""
    http = requests.Session()
    total_rows = total_bytes = pages = 0
    for table, cols in COLUMNS.items():
        if tables is not None and table not in tables:
            continue
        after = ""
        at_id = cols.index("id")
        while True:
            resp = http.get(f"{floor.url}/table/{table}", params={"after": after}, timeout=600)
            resp.raise_for_status()
            rows = loads(resp.content)
            total_bytes += len(resp.content)
            total_rows += len(rows)
            pages += 1
            if rows:
                after = rows[-1][at_id]
                conn.execute("BEGIN")
                conn.executemany(insert_sql(table, cols), _to_sqlite(table, rows))
                conn.execute("COMMIT")
            if len(rows) < PAGE_ROWS:
                break
    http.close()
    return total_rows, total_bytes, pages


def get_changed(
    http: requests.Session, floor: FloorServer, conn: sqlite3.Connection, table: str, after: int
) -> int:
    """One GET of the rows changed after ``after``, applied in one local transaction."""
    resp = http.get(f"{floor.url}/changed/{table}", params={"after": after}, timeout=60)
    resp.raise_for_status()
    rows = loads(resp.content)
    conn.execute("BEGIN")
    conn.executemany(insert_sql(table, COLUMNS[table], upsert=True), _to_sqlite(table, rows))
    conn.execute("COMMIT")
    return len(rows)


def post(http: requests.Session, floor: FloorServer, path: str, body: Any) -> None:
    resp = http.post(
        f"{floor.url}{path}", data=dumps(body), headers={"Content-Type": "application/json"}, timeout=60
    )
    resp.raise_for_status()
