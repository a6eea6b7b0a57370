"""Create or upgrade the client's database with Alembic.

Start-up must stay fast, so the common case (already current) is one read of the
``alembic_version`` table against the head revision recorded below; Alembic itself is
imported only when there is something to do.
"""

from __future__ import annotations

from sqlalchemy import Engine, inspect, text

HEAD = "0010"  # keep equal to the newest file in local_db/migrations/versions


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def ensure_current(engine: Engine) -> None:
    if current_revision(engine) == HEAD:
        return
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", "local_db:migrations")
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
