"""The upload benchmark's floor: a bare ASGI app whose ``PUT /put/<name>`` writes the body to a
file and fsyncs it (``hash_body``: and computes its SHA-256 on the way). No permission
check, no chunks, no database: what moving the same bytes over HTTP costs at the least.

    python -m bench.plain_put ROOT --port PORT [--hash]

runs it as a process of its own on uvicorn with the settings ``fieldsales-server serve``
uses (the same HTTP and event-loop implementations, chosen by uvicorn), so the floor has
the shape the real server has in ``bench.bench_attachments``. ``GET`` answers 200 with
nothing written: the readiness probe.
"""

from __future__ import annotations

import argparse
import hashlib
import os
from pathlib import Path


def make_app(root: Path, hash_body: bool = False):
    root.mkdir(parents=True, exist_ok=True)

    async def app(scope, receive, send):
        if scope["type"] != "http":
            return
        if scope["method"] == "PUT":
            name = scope["path"].rsplit("/", 1)[-1]
            digest = hashlib.sha256() if hash_body else None
            with open(root / name, "wb") as f:
                more = True
                while more:
                    message = await receive()
                    body = message.get("body", b"")
                    f.write(body)
                    if digest is not None:
                        digest.update(body)
                    more = message.get("more_body", False)
                f.flush()
                os.fsync(f.fileno())
        await send({"type": "http.response.start", "status": 200, "headers": [(b"content-length", b"2")]})
        await send({"type": "http.response.body", "body": b"ok"})

    return app


def main() -> None:
    import uvicorn

    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("root", type=Path)
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--hash", action="store_true", help="hash the body on the way (SHA-256)")
    args = p.parse_args()
    uvicorn.run(
        make_app(args.root, args.hash),
        host="127.0.0.1",
        port=args.port,
        log_level="warning",
        lifespan="off",
        timeout_graceful_shutdown=10,
    )


if __name__ == "__main__":
    main()
