"""What to tell a person when talking to the server failed, in their language.

The server's own messages are English; the client maps the error's kind and code to a
translated sentence and keeps the server's text only for cases it does not know.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QCoreApplication

from sync.transport import (
    AccountDeactivated,
    AuthRequired,
    BadCaBundle,
    ClientTooOld,
    InsecureServer,
    PushUnconfirmed,
    ServerRefused,
    SyncError,
    Unreachable,
)

# lupdate only sees literal translate("Context", "text") calls, so no wrapper function.
translate = QCoreApplication.translate


def describe_error(exc: BaseException) -> str:
    if isinstance(exc, InsecureServer):
        return translate("Errors", "This server address is not encrypted (http://) and not on this computer. "
                                   "Use its https:// address, or allow unencrypted connections to it.")
    if isinstance(exc, BadCaBundle):
        return translate("Errors", "The certificate authority file in the settings cannot be read: %1").replace(
            "%1", str(exc))
    if isinstance(exc, Unreachable):
        if "could not be verified" in str(exc):  # TLS: the certificate is not trusted
            return translate("Errors", "The server's certificate is not trusted. If your company uses its own "
                                       "certificate authority, set its CA bundle in the settings.")
        if isinstance(exc, PushUnconfirmed):  # no answer to a push: it may have been applied all the same
            if str(exc).startswith("The server is having trouble"):
                return translate("Errors", "The server is having trouble right now. What was being sent will be "
                                           "retried; it may already have arrived.")
            return translate("Errors", "The server cannot be reached. What was being sent will be retried; it "
                                       "may already have arrived.")
        if str(exc).startswith("The server is having trouble"):  # a 5xx: reachable but failing
            return translate("Errors", "The server is having trouble right now. Try again in a few minutes.")
        return translate("Errors", "The server cannot be reached. Check the server address and your network connection.")
    if isinstance(exc, AccountDeactivated):
        return translate("Errors", "This account has been deactivated. Ask your administrator.")
    if isinstance(exc, ClientTooOld):
        return translate("Errors", "This version of Fieldsales is too old for the server. Please install the update.")
    if isinstance(exc, AuthRequired):
        return {
            "invalid_credentials": translate("Errors", "Wrong username or password."),
            "token_expired": translate("Errors", "Your session has expired. Please log in again."),
            "token_revoked": translate("Errors", "Your session was ended. Please log in again."),
        }.get(exc.code, translate("Errors", "Please log in again."))
    if isinstance(exc, ServerRefused):
        if exc.code == "too_many_attempts":
            match = re.search(r"(\d+)", str(exc))
            if match:
                return translate("Errors", "Too many failed logins. Try again in %n second(s).", None, int(match.group(1)))
            return translate("Errors", "Too many failed logins. Try again later.")
        return translate("Errors", "The server refused the request: %1").replace("%1", str(exc))
    if isinstance(exc, SyncError):
        return str(exc)
    if isinstance(exc, RuntimeError) and "belongs to another user" in str(exc):
        return translate("Errors", "This local data belongs to another user. Choose a different profile.")
    return translate("Errors", "Something went wrong: %1").replace("%1", str(exc) or type(exc).__name__)
