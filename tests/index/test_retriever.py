import re
import shutil

import pytest

from cads_rag.index.retriever import weighted_rrf


def test_weighted_rrf_adds_weights_per_rank():
    scores = weighted_rrf([(1.0, ["a", "b"]), (0.5, ["b", "c"]), (0.0, ["z"])], k=10)
    assert scores["b"] == 1.0 / 12 + 0.5 / 11
    assert "z" not in scores and scores["b"] > scores["a"] > scores["c"]


def test_search_small_index(small_library):
    response = small_library.search("Wie viele Urlaubstage stehen mir zu?", k=5)
    assert response.language == "de"
    assert any(r.law == "BUrlG" for r in response.results)


def test_explicit_citation_comes_first(small_library):
    response = small_library.search("Was sagt § 4 KSchG?", k=3)
    assert (response.results[0].law, response.results[0].section) == ("KSchG", "4")


def test_expired_units_are_demoted(small_library):
    before = small_library.search("Mindestentgelt Pflegehilfskräfte", k=100, as_of="2026-03-01")
    after = small_library.search("Mindestentgelt Pflegehilfskräfte", k=100, as_of="2026-11-25")
    rank = lambda resp: next(r.rank for r in resp.results if r.law == "PflegeArbbV 6")  # noqa: E731
    top_before = next(r for r in before.results if r.law == "PflegeArbbV 6")
    top_after = next(r for r in after.results if r.law == "PflegeArbbV 6")
    assert top_after.score < top_before.score and rank(after) >= rank(before)
    assert top_after.valid_until == "2026-06-30"


@pytest.mark.slow
def test_glossary_expansion_can_be_turned_off(real_library):
    from cads_rag.index.retriever import HybridRetriever

    post = "Szef dał mi wypowiedzenie na WhatsAppie"
    expanded = real_library.retriever.german_query(post, "pl")
    assert "Kündigung" in expanded and "Szef" not in expanded  # German terms only: Polish words match German text by accident
    mixed = real_library.retriever.german_query("Dostałem Kündigung i Lohnabrechnung bez nadgodzin", "pl")
    assert {"Kündigung", "Lohnabrechnung"} <= set(mixed.split()) and "Dostałem" not in mixed
    assert real_library.retriever.german_query("Job ad said max. 30 years, I'm 45", "en") == ""
    plain = HybridRetriever(real_library.index, real_library.settings.model_copy(update={"glossary_expansion": False}))
    assert plain.german_query(post, "pl") == post
    assert real_library.retriever.german_query("Ich habe eine Kündigung bekommen", "de") == "Ich habe eine Kündigung bekommen"


def test_a_pages_typical_posts_rank_it(small_corpus, tmp_path, minilm_spec):
    from cads_rag.corpus.guide import parse_guide_page
    from cads_rag.index.store import build_index
    from cads_rag.library import Library
    from cads_rag.settings import Settings

    guide = small_corpus / "guide" / "en"
    guide.mkdir(parents=True)
    for page in ("part-time", "maternity", "annual-leave"):
        shutil.copy(Settings().corpus_dir / "guide" / "en" / f"{page}.md", guide)
    settings = Settings(corpus_dir=small_corpus, index_dir=tmp_path / "index", embedder=minilm_spec)
    build_index(settings, progress=False)
    retriever = Library.load(settings).retriever
    asks = {page: parse_guide_page(guide / f"{page}.md")[0]["asks"] for page in ("part-time", "maternity", "annual-leave")}
    assert sorted(retriever.index.ask_ids) == sorted(f"guide|{p}||en|0" for p, texts in asks.items() for _ in texts)

    ids, _ = retriever.guides["en"]
    post = asks["part-time"][1]
    similarity = retriever.ask_similarity(retriever.index.vector_index._embed_model.get_query_embedding(post), "en")
    assert ids[int(similarity.argmax())] == "guide|part-time||en|0" and similarity.max() > 0.99
    assert retriever.ask_similarity([0.0] * len(similarity), "pl") is None  # no pages, no asks


def test_pages_without_asks_get_the_mean(small_corpus, tmp_path, minilm_spec):
    from cads_rag.index.store import build_index
    from cads_rag.library import Library
    from cads_rag.settings import Settings

    guide = small_corpus / "guide" / "en"
    guide.mkdir(parents=True)
    for page in ("part-time", "maternity"):
        shutil.copy(Settings().corpus_dir / "guide" / "en" / f"{page}.md", guide)
    page = guide / "maternity.md"
    page.write_text(re.sub(r"asks:\n(  - .*\n)+", "", page.read_text(encoding="utf-8")), encoding="utf-8")
    settings = Settings(corpus_dir=small_corpus, index_dir=tmp_path / "index", embedder=minilm_spec)
    build_index(settings, progress=False)
    retriever = Library.load(settings).retriever
    ids, _ = retriever.guides["en"]
    similarity = retriever.ask_similarity(retriever.index.vector_index._embed_model.get_query_embedding("hours"), "en")
    without = ids.index("guide|maternity||en|0")
    assert similarity[without] == similarity[1 - without]  # one page with asks: the mean is its own value
