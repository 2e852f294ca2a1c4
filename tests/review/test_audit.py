"""The audit chain: any change to history, or to a review behind the log's back, is found."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, text

from cads_rag.cli import main
from cads_rag.review import ReviewStore
from tests.review.conftest import make_draft


@pytest.fixture()
def history(store_url: str) -> str:
    url = store_url
    store = ReviewStore.open(url)
    for user in ("ana", "ben"):
        review = store.create(make_draft(), user=user)
        review = store.edit(review.id, review.text + " Gruß", user=user, version=1)
        store.approve(review.id, user="carla")
    assert store.verify_log().ok and store.verify_log().entries == 6
    store.close()
    return url


def _sql(url: str, statement: str) -> None:
    """``statement`` straight in the database, behind the store's back."""
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text(statement))
    engine.dispose()


@pytest.mark.parametrize(
    ("statement", "problem"),
    [
        ("UPDATE audit_log SET actor = 'mallory' WHERE seq = 3", "entry 3: its content does not match its hash"),
        ("UPDATE audit_log SET detail = replace(detail, 'compose', 'llm') WHERE seq = 1", "entry 1: its content"),
        ("DELETE FROM audit_log WHERE seq = 2", "entry 3: expected entry 2"),
        ("DELETE FROM audit_log WHERE seq = 6", "head does not match"),
        ("UPDATE reviews SET text = 'Anderer Text' WHERE id = 1", "review 1: its text differs"),
        ("UPDATE reviews SET final_text = 'x', text = 'x' WHERE id = 2", "review 2: its text differs"),
    ],
)
def test_tampering_is_detected(history: str, statement: str, problem: str, capsys) -> None:
    url = history
    _sql(url, statement)
    result = ReviewStore.open(url).verify_log()
    assert not result.ok
    assert any(problem in p for p in result.problems), result.problems
    assert main(["review", "verify-log", "--db", url]) == 1
    assert "BROKEN" in capsys.readouterr().out


def test_rewriting_an_entry_and_its_hash_breaks_the_next_link(history: str) -> None:
    import json

    from cads_rag.review.audit import entry_hash

    url = history
    engine = create_engine(url)
    with engine.begin() as connection:
        seq, at, _actor, action, review_id, detail, prev = connection.execute(text(
            "SELECT seq, at, actor, action, review_id, detail, prev_hash FROM audit_log WHERE seq = 4")).one()
        forged = entry_hash({"seq": seq, "at": at, "actor": "mallory", "action": action, "review_id": review_id,
                             "detail": json.loads(detail), "prev_hash": prev})
        connection.execute(text("UPDATE audit_log SET actor = 'mallory', hash = :forged WHERE seq = 4"), {"forged": forged})
    engine.dispose()
    problems = ReviewStore.open(url).verify_log().problems
    assert problems == ["entry 5: its previous-hash does not match entry 4"]


def test_intact_chain_verifies_from_the_cli(history: str, capsys) -> None:
    url = history
    assert main(["review", "verify-log", "--db", url]) == 0
    assert "6 entries" in capsys.readouterr().out
