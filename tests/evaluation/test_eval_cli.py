"""``cads-rag eval`` / ``python -m evals``: bad input fails early with exit 2, a missing
index with 3, and both entry points offer the same options."""

from __future__ import annotations

import subprocess
import sys

import pytest

from cads_rag.cli import main


def test_bad_input_exits_2_before_any_model_loads(tmp_path, capsys):
    assert main(["eval", "--dataset", str(tmp_path / "missing.jsonl")]) == 2
    assert "no evaluation set" in capsys.readouterr().err
    assert main(["eval", "--ci", "--dataset", "dev"]) == 2
    assert main(["eval", "--dataset", "dev", "dev:3"]) == 2  # the report keys datasets by file name
    assert main(["eval", "--dataset", "dev:3", "--gate", str(tmp_path / "none.toml")]) == 2
    broken = tmp_path / "broken.toml"
    broken.write_text("[overall\n", encoding="utf-8")
    assert main(["eval", "--dataset", "dev:3", "--gate", str(broken)]) == 2
    with pytest.raises(SystemExit):
        main(["eval", "--as-of", "soon"])


def test_missing_index_exits_3(tmp_path, capsys):
    assert main(["eval", "--dataset", "dev:3", "--index", str(tmp_path / "nothing")]) == 3
    assert "error:" in capsys.readouterr().err


def test_both_entry_points_share_the_options():
    out = subprocess.run([sys.executable, "-m", "evals", "--help"], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0 and out.stdout.startswith("usage: python -m evals")
    for option in ("--suite", "--dataset", "--judge", "--out", "--compare", "--gate", "--ci", "--limit"):
        assert option in out.stdout
