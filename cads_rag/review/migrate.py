"""Connecting to the review database and bringing its schema up to date.

Any SQLAlchemy URL works; SQLite (the default) is tuned for several writers: WAL, a busy
timeout, and write transactions that take the write lock when they begin (``BEGIN
IMMEDIATE``), so a read-then-write never deadlocks and the audit chain never forks.
Migrations are Alembic revisions applied on open; re-running them is a no-op, and two
processes opening a new database at once apply them once.

>>> engines = connect("sqlite:///:memory:")
>>> upgrade(engines.write)
'0002'
>>> upgrade(engines.write)   # again: nothing to do
'0002'
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import StaticPool

MIGRATIONS = Path(__file__).with_name("migrations")
_PG_MIGRATION_LOCK = 0x636164735F726576  # pg_advisory_xact_lock key ("cads_rev")


@dataclass(frozen=True)
class Engines:
    """``read`` for plain reads, ``write`` for transactions that change something."""

    read: Engine
    write: Engine


def connect(url: str) -> Engines:
    """Engines for ``url``; a SQLite file's folder is created when missing."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        engine = create_engine(url, pool_pre_ping=True)
        return Engines(engine, engine)
    database = parsed.database or ""
    if database and database != ":memory:" and not database.startswith("file:"):
        Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
    if database in ("", ":memory:"):  # one shared in-memory database (tests, doctests)
        engine = _sqlite_engine(url, immediate=True, poolclass=StaticPool)
        return Engines(engine, engine)
    return Engines(_sqlite_engine(url, immediate=False), _sqlite_engine(url, immediate=True))


def database_exists(url: str) -> bool:
    """False only for a SQLite file that was never created (other servers: assume it exists).

    >>> database_exists("sqlite:////nonexistent/review.db"), database_exists("postgresql://db/x")
    (False, True)
    """
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return True
    return Path(parsed.database).expanduser().exists()


def _sqlite_engine(url: str, immediate: bool, **kwargs) -> Engine:
    engine = create_engine(url, connect_args={"timeout": 60, "check_same_thread": False}, **kwargs)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:
        dbapi_connection.isolation_level = None  # SQLAlchemy, not pysqlite, issues BEGIN
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=60000")
        if cursor.execute("PRAGMA journal_mode").fetchone()[0] != "memory":
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


def head_revision() -> str:
    """The newest migration."""
    return ScriptDirectory.from_config(_config()).get_current_head() or ""


def current_revision(engine: Engine) -> str:
    """The migration the database is at ('' for an empty database)."""
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision() or ""


def upgrade(engine: Engine) -> str:
    """Apply the migrations a database lacks, in one transaction; returns its revision."""
    config = _config()
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_MIGRATION_LOCK})
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
    return current_revision(engine)


def _config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config
