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
    assert expanded.startswith(post) and "Kündigung" in expanded[len(post):]
    plain = HybridRetriever(real_library.index, real_library.settings.model_copy(update={"glossary_expansion": False}))
    assert plain.german_query(post, "pl") == post
    assert real_library.retriever.german_query("Ich habe eine Kündigung bekommen", "de") == "Ich habe eine Kündigung bekommen"
