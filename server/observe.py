"""Request ids, request metrics and the access log; plain or JSON log lines.

Every request gets an id: the client's ``X-Request-ID`` when it sent a sensible one (the
desktop app sends one per request and logs it with any failure), else a new one. The id
is answered in the same header, attached to every log line written while the request is
handled, and to the access log line, so a rep's "sync failed at 10:02" can be found in
the server's logs.

``--log-format json`` (or ``FIELDSALES_LOG_FORMAT=json``) writes one JSON object per line
(time, level, logger, message, request_id and, for access lines, method, route, path,
status, duration_ms) for log collectors; the default is the readable plain format.
"""

from __future__ import annotations

import json
import logging
import re
import time
import uuid
from contextvars import ContextVar
from datetime import UTC, datetime

from server import metrics

REQUEST_ID_HEADER = "X-Request-ID"
ENV_LOG_FORMAT = "FIELDSALES_LOG_FORMAT"
request_id: ContextVar[str | None] = ContextVar("request_id", default=None)
_VALID_ID = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")
access_log = logging.getLogger("fieldsales.access")


class RequestContext:
    """Pure ASGI middleware (no per-request task or body buffering, unlike BaseHTTPMiddleware)."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        rid = None
        for name, value in scope.get("headers", ()):
            if name == b"x-request-id":
                candidate = value.decode("latin-1")
                rid = candidate if _VALID_ID.match(candidate) else None
                break
        rid = rid or uuid.uuid4().hex
        token = request_id.set(rid)
        status = 500
        started = time.perf_counter()

        async def send_with_id(message):
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message.setdefault("headers", [])
                message["headers"] = [*message["headers"], (b"x-request-id", rid.encode())]
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            elapsed = time.perf_counter() - started
            route = scope.get("route")
            # never the raw path (ids in it): one label per route keeps the series bounded
            template = getattr(route, "metrics_template", None) or getattr(route, "path", None) or "unmatched"
            method = scope.get("method", "")
            metrics.REQUESTS.labels(method=method, route=template, status=str(status)).inc()
            metrics.LATENCY.labels(method=method, route=template).observe(elapsed)
            if access_log.isEnabledFor(logging.INFO):
                access_log.info(
                    "%s %s %s %.1f ms",
                    method,
                    scope.get("path", ""),
                    status,
                    elapsed * 1000,
                    extra={
                        "http": {
                            "method": method,
                            "route": template,
                            "path": scope.get("path", ""),
                            "status": status,
                            "duration_ms": round(elapsed * 1000, 1),
                        }
                    },
                )
            request_id.reset(token)


class _RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id.get()
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        rid = getattr(record, "request_id", None)
        if rid:
            entry["request_id"] = rid
        http = getattr(record, "http", None)
        if http:
            entry.update(http)
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


class PlainFormatter(logging.Formatter):
    def __init__(self):
        super().__init__("%(asctime)s %(levelname)s %(name)s: %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        line = super().format(record)
        rid = getattr(record, "request_id", None)
        return f"{line} [request {rid}]" if rid else line


def log_config(fmt: str = "plain", level: str = "info", access: bool = False) -> dict:
    """The logging set-up (``logging.config.dictConfig``) of a server process.

    Handed to uvicorn as its ``log_config`` too, so worker processes, which uvicorn starts
    fresh, set themselves up the same way; uvicorn's own loggers go through ours.
    """
    level = level.upper()
    formatter = "server.observe.JsonFormatter" if fmt == "json" else "server.observe.PlainFormatter"
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": "server.observe._RequestIdFilter"}},
        "formatters": {"main": {"()": formatter}},
        "handlers": {
            "main": {"class": "logging.StreamHandler", "formatter": "main", "filters": ["request_id"]}
        },
        "root": {"level": level, "handlers": ["main"]},
        "loggers": {
            "uvicorn": {"level": level, "handlers": [], "propagate": True},
            "uvicorn.error": {"level": level, "handlers": [], "propagate": True},
            # our access line carries the route template, the status, the time and the request id
            "uvicorn.access": {"level": "WARNING", "handlers": [], "propagate": True},
            "fieldsales.access": {"level": "INFO" if access else "WARNING"},
        },
    }


def configure_logging(fmt: str = "plain", level: str = "info", access: bool = False) -> dict:
    """Set up this process's logging; returns the same set-up for uvicorn."""
    import logging.config

    config = log_config(fmt, level, access)
    logging.config.dictConfig(config)
    return config
