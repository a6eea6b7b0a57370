"""The company certificate authority chosen in the login dialog: checked when chosen, saved,
and what the transport verifies the server's TLS certificate with (a real HTTPS server on
loopback whose certificate a CA made for this test signed)."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QFileDialog

from desktop.settings import Settings
from server.runner import ServerThread
from sync import transport
from tests.factories import PASSWORD, build_org
from tests.tls import certificates


@pytest.fixture
def tls_server(sqlite_store, tmp_path, monkeypatch):
    """The known organisation on an HTTPS server; the transport policy restored afterwards."""
    monkeypatch.setattr(transport, "policy", transport.TransportPolicy())
    org = build_org(sqlite_store)
    ca, cert, key = certificates(tmp_path)
    with ServerThread(sqlite_store, ssl_certfile=str(cert), ssl_keyfile=str(key)) as srv:
        yield org, srv, ca, key


def _fill(dialog, url: str, ca_bundle: str) -> None:
    dialog.server.setText(url)
    dialog.username.setText("rep_a")
    dialog.password.setText(PASSWORD)
    dialog.ca_bundle.setText(ca_bundle)


def test_company_ca_from_the_login_dialog_is_checked_saved_and_trusted(
    qtbot, tls_server, new_app, tmp_path, monkeypatch
):
    org, srv, ca, key = tls_server
    assert srv.url.startswith("https://")
    app = new_app()
    app.start()
    dialog = app.login_dialog
    attempts: list[str] = []
    dialog.loginRequested.connect(lambda url, _u, _p: attempts.append(url))

    # Not a file, then a PEM file that is no certificate (the server's private key): told at
    # once, in words, and no login is tried.
    _fill(dialog, srv.url, str(tmp_path / "nowhere.pem"))
    dialog.login_button.click()
    assert dialog.error.isVisible() and "does not exist" in dialog.error.text()
    _fill(dialog, srv.url, str(key))
    dialog.login_button.click()
    assert "is not a certificate in PEM format" in dialog.error.text() and str(key) in dialog.error.text()
    assert attempts == [] and dialog.login_button.isEnabled()
    assert Settings.load().ca_bundle == ""

    # Without the company CA the server's certificate is not trusted.
    _fill(dialog, srv.url, "")
    dialog.login_button.click()
    qtbot.waitUntil(lambda: dialog.error.isVisible() and dialog.login_button.isEnabled(), timeout=15_000)
    assert "certificate is not trusted" in dialog.error.text()
    assert app.window is None

    # Chosen with the file chooser: checked, used for the login and the sync, and saved.
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(ca), ""))
    dialog.ca_browse.click()
    assert dialog.ca_bundle.text() == str(ca) and not dialog.error.isVisible()
    finished: list[tuple[bool, str]] = []
    app.syncFinished.connect(lambda ok, message: finished.append((ok, message)))
    dialog.login_button.click()
    qtbot.waitUntil(lambda: app.window is not None and bool(finished), timeout=30_000)
    assert finished[0] == (True, "")
    assert app.window.customers_page.model.rowCount() == len(org.customers["N1"])
    assert transport.policy.ca_bundle == str(ca)
    assert Settings.load().ca_bundle == str(ca)

    # The next login dialog (a session to renew) shows the saved choice.
    again = app.ask_login(app.profile)
    assert again.ca_bundle.text() == str(ca) and again.ca_bundle.isEnabled()
    again.reject()


def test_a_later_app_start_trusts_the_saved_ca(qtbot, tls_server, new_app):
    org, srv, ca, _key = tls_server
    settings = Settings.load()
    settings.ca_bundle = str(ca)
    settings.save()
    app = new_app()
    app.start()
    _fill(app.login_dialog, srv.url, app.login_dialog.ca_bundle.text())
    assert app.login_dialog.ca_bundle.text() == str(ca)
    with qtbot.waitSignal(app.syncFinished, timeout=30_000) as finished:
        app.login_dialog.login_button.click()
    assert finished.args == [True, ""]
    assert app.window.customers_page.model.rowCount() == len(org.customers["N1"])
