"""Review-store fixtures: a store on a SQLite file, and drafts without an index."""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest

from cads_rag.draft.models import Citation, Draft
from cads_rag.review import ReviewStore


def make_draft(text: str = "Die Kündigung muss schriftlich sein (§ 623 BGB) [1].", language: str = "de") -> Draft:
    """A draft as the pipeline returns it, citing one unit."""
    return Draft(
        language=language, answerable=True, scrubbed_question="Ist eine Kündigung per WhatsApp gültig, [NAME_1]?",
        text=text, drafter="compose", as_of="2026-12-01",
        citations=[Citation(n=1, law="BGB", section="623", node_id="BGB|623||de|0", citation="§ 623 BGB",
                            title="Schriftform der Kündigung", url="https://www.gesetze-im-internet.de/bgb/__623.html",
                            content_hash="a" * 64, stand="2025-01-01")],
    )


@pytest.fixture(scope="session")
def postgres_server() -> str:
    """A PostgreSQL server URL without database: ``CADS_RAG_TEST_REVIEW_PG`` when set
    (``postgresql+psycopg2://user@host:port``), else a throw-away PG 16 from pgserver."""
    server = os.environ.get("CADS_RAG_TEST_REVIEW_PG")
    if server:
        yield server
        return
    from tests.postgres import running_postgres

    with running_postgres() as url:
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A new, empty review store: a SQLite file, and a new PostgreSQL database (the
    store's SQL is portable, and both are tested)."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'review.db'}"
    from sqlalchemy import create_engine, text

    server = request.getfixturevalue("postgres_server")
    name = f"review_{uuid.uuid4().hex[:12]}"
    engine = create_engine(f"{server}/postgres", isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text(f"CREATE DATABASE {name}"))
    engine.dispose()
    return f"{server}/{name}"


@pytest.fixture()
def store(store_url: str) -> ReviewStore:
    opened = ReviewStore.open(store_url)
    yield opened
    opened.close()
