"""A laptop database as an older release left it: migrated only up to a given revision."""

from __future__ import annotations

from alembic import command
from alembic.config import Config
from sqlalchemy.engine import Connection


def upgrade_to(conn: Connection, revision: str) -> None:
    """The laptop's migrations run on ``conn`` up to ``revision`` (not to the head)."""
    cfg = Config()
    cfg.set_main_option("script_location", "local_db:migrations")
    cfg.attributes["connection"] = conn
    command.upgrade(cfg, revision)
