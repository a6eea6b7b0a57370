"""Every error the API returns has one shape: {"error": {"code", "message", "details"?}}.

Clients show ``message`` to people and branch on ``code``. Request validation errors are
turned into one readable sentence; database outages become 503, never 500.
"""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from starlette.exceptions import HTTPException as StarletteHTTPException

from server.auth import AuthError

log = logging.getLogger(__name__)


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str, details: list | None = None, headers=None):
        super().__init__(message)
        self.status, self.code, self.message, self.details, self.headers = (
            status,
            code,
            message,
            details,
            headers,
        )


def error_response(status: int, code: str, message: str, details=None, headers=None) -> JSONResponse:
    body: dict = {"code": code, "message": message}
    if details:
        body["details"] = details
    return JSONResponse({"error": body}, status_code=status, headers=headers)


def _describe(err: dict) -> str:
    loc = ".".join(str(p) for p in err.get("loc", ()) if p not in ("body", "query", "path", "header"))
    msg = err.get("msg", "is not valid")
    if err.get("type") == "extra_forbidden":
        msg = "is not a known field"
    elif err.get("type") == "missing":
        msg = "is required"
    return f"{loc or 'request'}: {msg}"


def install(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def _api_error(_request: Request, exc: ApiError):
        return error_response(exc.status, exc.code, exc.message, exc.details, exc.headers)

    @app.exception_handler(AuthError)
    async def _auth_error(_request: Request, exc: AuthError):
        headers = {"Retry-After": str(exc.retry_after)} if exc.retry_after else None
        if exc.status == 401:
            headers = {**(headers or {}), "WWW-Authenticate": "Bearer"}
        return error_response(exc.status, exc.code, exc.message, headers=headers)

    @app.exception_handler(RequestValidationError)
    async def _validation(_request: Request, exc: RequestValidationError):
        errors = exc.errors()
        details = [{"field": _describe(e).split(":")[0], "problem": _describe(e)} for e in errors[:20]]
        message = "; ".join(_describe(e) for e in errors[:5])
        if any(e.get("type") == "json_invalid" for e in errors):
            message = "The request body is not valid JSON."
        return error_response(422, "invalid_request", message, details)

    @app.exception_handler(StarletteHTTPException)
    async def _http(_request: Request, exc: StarletteHTTPException):
        code = {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "http_error")
        return error_response(exc.status_code, code, str(exc.detail))

    @app.exception_handler(PoolTimeout)
    async def _pool_full(_request: Request, exc: PoolTimeout):
        log.warning("database connection pool exhausted: %s", exc)
        return error_response(
            503, "unavailable", "The server is busy. Try again shortly.", headers={"Retry-After": "5"}
        )

    @app.exception_handler(OperationalError)
    async def _db_down(_request: Request, exc: OperationalError):
        log.warning("database unavailable: %s", exc)
        return error_response(
            503,
            "unavailable",
            "The server's database is busy or unavailable. Try again shortly.",
            headers={"Retry-After": "5"},
        )
