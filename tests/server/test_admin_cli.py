"""The administration commands of fieldsales-server: classify, move-customers, and the
scheduled classification that serve starts."""

from __future__ import annotations

import argparse

from sqlalchemy import select

from server import admin_cli, cli
from server.store.tables import TABLES
from tests.factories import build_org
from tests.server.test_classify import build_history


def test_classify_command_reports_what_it_did(sqlite_store, capsys):
    build_history(sqlite_store)
    url = str(sqlite_store.engine.url)
    assert cli.main(["--database-url", url, "classify", "--as-of", "2026-06-30"]) == 0
    out = capsys.readouterr().out
    assert "Classified 6 customers as of 2026-06-30" in out and "at risk" in out
    assert cli.main(["--database-url", url, "classify", "--as-of", "2026-06-30"]) == 0
    assert "0 changed" in capsys.readouterr().out


def test_move_customers_command(sqlite_store, capsys):
    o = build_org(sqlite_store)
    url = str(sqlite_store.engine.url)
    assert cli.main(["--database-url", url, "move-customers", "--from", "N1", "--to", "N2"]) == 0
    out = capsys.readouterr().out
    assert "Moved 4 customers to N2" in out and "rep_a: +0 −4" in out and "rep_b: +4 −0" in out
    c = TABLES["customer"]
    with sqlite_store.session() as s:
        owners = set(s.scalars(select(c.c.owner_id).where(c.c.id.in_(list(o.customers_of("N1"))))))
    assert owners == {o.users["rep_b"]}
    assert cli.main(["--database-url", url, "move-customers", "C00009", "--to", "N"]) == 2
    assert "not directly to a region" in capsys.readouterr().err


def test_serve_starts_the_scheduled_classification_unless_turned_off(sqlite_store):
    build_org(sqlite_store, per_territory=1)
    parser = cli.build_parser()
    args = parser.parse_args(["serve", "--classify-every", "0"])
    assert admin_cli.start_classification(sqlite_store, args) is None
    scheduler = admin_cli.start_classification(sqlite_store, argparse.Namespace(classify_every=None))
    try:
        assert scheduler is not None and scheduler.every.total_seconds() == 24 * 3600  # the setting's default
    finally:
        scheduler.stop()
        scheduler.join(5)
