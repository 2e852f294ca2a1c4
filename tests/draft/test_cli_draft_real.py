"""``cads-rag draft`` in a subprocess over the real index: the JSON contract, batches, exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

pytestmark = pytest.mark.slow
KEYS = {"language", "answerable", "scrubbed_question", "text", "citations", "checks", "pii", "warnings", "drafter", "timings_ms"}


@pytest.fixture()
def env(real_settings, real_library):
    return {**os.environ, "CADS_RAG_INDEX_DIR": str(real_settings.index_dir)}


def run(args, env):
    return subprocess.run([sys.executable, "-m", "cads_rag.cli", "draft", *args], env=env,
                          capture_output=True, text=True, timeout=300)


def test_draft_json_contract(env):
    out = run(["Hola, me despidieron ayer por WhatsApp, tengo que demandar en 3 semanas? Mi tel 0176 1234567",
               "--json", "--as-of", "2026-11-25", "--drafter", "compose"], env)
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert KEYS <= set(data) and data["language"] == "es" and data["answerable"] is True
    assert data["drafter"] == "compose" and "0176" not in out.stdout
    assert [(p["type"], p["placeholder"]) for p in data["pii"]] == [("PHONE", "[PHONE_1]")]
    assert "original" not in data["pii"][0]
    first = data["citations"][0]
    assert {"n", "law", "section", "absatz", "title", "url", "quote", "sources"} <= set(first)
    assert all({"sentence", "status", "detail"} <= set(c) for c in data["checks"])
    assert {c["status"] for c in data["checks"]} == {"ok"}
    assert {"retrieve", "draft", "verify", "total"} <= set(data["timings_ms"])


def test_draft_batch_one_object_per_line_with_errors_in_place(env, tmp_path):
    batch = tmp_path / "posts.jsonl"
    batch.write_text('{"id": "a", "question": "Ile dni urlopu mi przysługuje przy 5 dniach pracy w tygodniu?"}\n'
                     '{"id": "b", "question": ""}\nnot json\n'
                     '{"id": "c", "question": "Anyone know a good English-speaking vet in Berlin?"}\n', encoding="utf-8")
    out = run(["--batch", str(batch), "--json", "--as-of", "2026-11-25"], env)
    assert out.returncode == 0, out.stderr
    lines = [json.loads(line) for line in out.stdout.splitlines()]
    assert [line.get("id") for line in lines] == ["a", "b", None, "c"]
    assert lines[0]["language"] == "pl" and lines[0]["answerable"] and KEYS <= set(lines[0])
    assert lines[1]["error"] == "the query is empty" and "error" in lines[2]
    assert lines[3]["answerable"] is False


def test_draft_bad_input_exit_codes(env, tmp_path):
    assert run([""], env).returncode == 2
    out = run(["12345 ???", "--json"], env)
    assert out.returncode == 2 and "language" in out.stderr
    missing = run(["Urlaub?"], {**env, "CADS_RAG_INDEX_DIR": str(tmp_path / "none")})
    assert missing.returncode == 3 and "cads-rag index" in missing.stderr
