import json
import os
import subprocess
import sys

import pytest

from cads_rag.cli import main


@pytest.fixture()
def env(small_settings, small_library):
    return {**os.environ, "CADS_RAG_CORPUS_DIR": str(small_settings.corpus_dir),
            "CADS_RAG_INDEX_DIR": str(small_settings.index_dir), "CADS_RAG_EMBEDDER": small_settings.embedder}


def run(args, env, stdin=None):
    return subprocess.run([sys.executable, "-m", "cads_rag.cli", *args], env=env, input=stdin,
                          capture_output=True, text=True, timeout=300)


def test_search_json_contract(env):
    out = run(["search", "Klage gegen Kündigung innerhalb von drei Wochen", "--k", "3", "--json"], env)
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert set(data) == {"query", "language", "results"} and data["language"] == "de"
    first = data["results"][0]
    assert {"rank", "law", "section", "absatz", "title", "url", "score", "text"} <= set(first)
    assert [r["rank"] for r in data["results"]] == [1, 2, 3]
    assert any((r["law"], r["section"]) == ("KSchG", "4") for r in data["results"])


def test_batch_reports_errors_per_line(env, tmp_path):
    batch = tmp_path / "q.jsonl"
    batch.write_text('{"id": "q1", "question": "Urlaub im ersten Jahr"}\nnot json\n{"id": "q3", "question": ""}\n'
                     '{"id": "q4", "question": "Mindestlohn 2026"}\n', encoding="utf-8")
    out = run(["search", "--batch", str(batch), "--k", "2", "--json"], env)
    assert out.returncode == 0, out.stderr
    lines = [json.loads(line) for line in out.stdout.splitlines()]
    assert [line.get("id") for line in lines] == ["q1", None, "q3", "q4"]
    assert "results" in lines[0] and len(lines[0]["results"]) == 2
    assert "error" in lines[1] and lines[2]["error"] == "the query is empty"
    assert lines[3]["results"][0]["law"] in {"MiLoV5", "MiLoV4"}


def test_bad_input_exits_with_a_message(env, capsys):
    assert main(["search", ""]) == 2
    assert main(["search", "x" * 10_000]) == 2
    assert "limit" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["search", "Urlaub", "--as-of", "yesterday"])


def test_index_if_stale_is_a_no_op_when_fresh(env):
    out = run(["index", "--if-stale"], env)
    assert out.returncode == 0 and "up to date" in out.stderr


def test_missing_index(tmp_path):
    environment = {**os.environ, "CADS_RAG_INDEX_DIR": str(tmp_path / "nothing")}
    out = run(["search", "Urlaub"], environment)
    assert out.returncode == 3 and "cads-rag index" in out.stderr


def test_output_to_a_closed_pipe_ends_quietly(env):
    # `cads-rag search … | head -1`: the reader is gone before the results are printed.
    process = subprocess.Popen([sys.executable, "-m", "cads_rag.cli", "search", "Urlaub im ersten Jahr", "--k", "3"],
                               env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    process.stdout.close()
    stderr = process.stderr.read()
    assert process.wait(timeout=300) == 141
    assert "Traceback" not in stderr and "BrokenPipeError" not in stderr, stderr
