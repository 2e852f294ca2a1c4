"""``cads-rag draft --save`` and ``cads-rag review …`` end to end on the real index."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cads_rag.cli import main

POST = "Buna ziua, ma numesc Ion Popescu, tel 0049 151 23456789. Seful mi-a dat Kündigung pe WhatsApp, e valabila?"


def _json(capsys) -> dict:
    return json.loads(capsys.readouterr().out.strip().splitlines()[-1])


@pytest.mark.slow
def test_draft_save_and_review_commands(real_library, tmp_path: Path, capsys) -> None:
    index = str(real_library.settings.index_dir)
    db = f"sqlite:///{tmp_path / 'review.db'}"
    assert main(["draft", POST, "--save", "--json", "--as-of", "2026-11-25", "--index", index, "--db", db]) == 2
    assert "--save needs --user" in capsys.readouterr().err

    assert main(["draft", POST, "--save", "--user", "ana", "--json", "--as-of", "2026-11-25", "--index", index, "--db", db]) == 0
    draft = _json(capsys)
    review_id = draft["review_id"]
    assert review_id == 1 and draft["language"] == "ro"

    assert main(["review", "show", "1", "--db", db, "--json"]) == 0
    shown = _json(capsys)
    assert shown["status"] == "draft" and "Popescu" not in shown["question"] and "151" not in shown["question"]
    assert "Popescu" not in json.dumps(shown["draft"])  # only the scrubbed post is stored

    assert main(["review", "edit", "1", "--user", "ana", "--text", shown["text"] + "\nSucces!", "--db", db, "--json"]) == 0
    assert _json(capsys)["version"] == 2
    # a save based on version 1 is a conflict: exit 4, both texts reported
    assert main(["review", "edit", "1", "--user", "ben", "--text", "altceva", "--version", "1", "--db", db, "--json"]) == 4
    conflict = _json(capsys)
    assert conflict["error"] == "conflict" and conflict["your_text"] == "altceva" and conflict["current_version"] == 2

    assert main(["review", "approve", "1", "--user", "ben", "--db", db, "--json"]) == 0
    approved = _json(capsys)
    assert approved["status"] == "approved" and approved["units"]
    assert main(["review", "post", "1", "--user", "ben", "--url", "https://facebook.com/groups/1/posts/2", "--db", db]) == 0
    capsys.readouterr()
    assert main(["review", "export", "1", "--db", db]) == 0
    exported = capsys.readouterr().out
    assert exported.rstrip().endswith(approved["final_text"].rstrip().splitlines()[-1]) and "Succes!" in exported
    assert "https://www.gesetze-im-internet.de/bgb/__623.html" in exported

    assert main(["review", "list", "--status", "posted", "--db", db, "--json"]) == 0
    assert [r["id"] for r in _json(capsys)["reviews"]] == [1]
    assert main(["review", "reject", "1", "--user", "ben", "--reason", "x", "--db", db]) == 2
    assert "only drafts and unposted approvals" in capsys.readouterr().err
    assert main(["review", "show", "99", "--db", db]) == 2
    assert main(["review", "verify-log", "--db", db, "--json"]) == 0
    log = _json(capsys)
    assert log["ok"] and log["entries"] == 5  # created, edited, conflict, approved, posted
