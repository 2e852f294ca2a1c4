"""Numbered migrations: applied on open, a no-op when re-run, safe when two processes open at once."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

from alembic import command
from sqlalchemy import inspect

from cads_rag.review import ReviewStore
from cads_rag.review.migrate import _config, connect, current_revision, head_revision, upgrade
from tests.review.conftest import make_draft


def _schema(engine) -> list[tuple]:
    """Tables with their columns and indexes, as the database reports them."""
    found = inspect(engine)
    return [(table, [(c["name"], str(c["type"])) for c in found.get_columns(table)],
             sorted((i["name"], tuple(i["column_names"])) for i in found.get_indexes(table)))
            for table in sorted(found.get_table_names())]


def test_empty_database_then_again(store_url: str) -> None:
    engines = connect(store_url)
    assert current_revision(engines.write) == ""
    assert upgrade(engines.write) == head_revision() == "0002"
    tables = set(inspect(engines.read).get_table_names())
    assert {"reviews", "revisions", "audit_log", "audit_head", "approved_units", "alembic_version"} <= tables
    before = _schema(engines.read)
    assert upgrade(engines.write) == "0002"  # re-running is a no-op
    assert _schema(connect(store_url).read) == before


def test_a_new_sqlite_file_gets_its_folder(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "review.db"
    assert upgrade(connect(f"sqlite:///{path}").write) == "0002" and path.is_file()


def test_upgrade_keeps_data_written_at_an_older_revision(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'review.db'}"
    engines = connect(url)
    config = _config()
    with engines.write.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0001")
    with sqlite3.connect(tmp_path / "review.db") as db:
        db.execute("INSERT INTO reviews (status, version, language, question, as_of, drafter, draft_json, text, author, "
                   "created_at, updated_at) VALUES ('draft', 1, 'de', 'q', '2026-01-01', 'compose', '{}', 't', 'ana', 'x', 'x')")
    store = ReviewStore.open(url)  # applies 0002
    assert current_revision(engines.write) == "0002"
    old = store.get(1)
    assert (old.text, old.stale, old.units) == ("t", False, [])
    assert store.create(make_draft(), user="ben").id == 2


def test_three_processes_opening_a_new_database_at_once(store_url: str) -> None:
    url = store_url
    code = f"from cads_rag.review import ReviewStore; ReviewStore.open({url!r}); print('ok')"
    procs = [subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(3)]
    results = [p.communicate(timeout=120) for p in procs]
    assert all(p.returncode == 0 for p in procs), results
    assert current_revision(connect(url).read) == "0002"
    assert ReviewStore.open(url).verify_log().ok
