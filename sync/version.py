"""The app's version: the one source (pyproject reads it from here; the bundle has it too).

Clients send it with every request (``CLIENT_VERSION_HEADER``), so the server can tell an
app below the organisation's minimum version to update (``domain.org_settings``
``client_release``).
"""

APP_VERSION = "0.1.0"
CLIENT_VERSION_HEADER = "X-Fieldsales-Client-Version"
