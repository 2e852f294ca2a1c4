import pytest

from cads_rag.corpus import make_unit
from cads_rag.index.lexical import LexicalIndex


def _node(section, text, lang="de"):
    return make_unit(text, law="X", section=section, title="", lang=lang, kind="statute", source_id="x")


def test_german_stemmer_survives_save_and_load(tmp_path):
    nodes = [
        _node("1", "Die Kündigungsfristen der Arbeitnehmer verlängern sich."),
        _node("2", "Der Urlaub beträgt jährlich mindestens vierundzwanzig Werktage."),
        _node("3", "Mindestlohn je Zeitstunde."),
        _node("4", "Annual leave of at least four weeks.", lang="en"),
    ]
    LexicalIndex.build(nodes).persist(tmp_path / "bm25")
    loaded = LexicalIndex.load(tmp_path / "bm25")
    # "Kündigungsfrist" only matches "Kündigungsfristen" through the German stemmer.
    hits = loaded.search("Kündigungsfrist", "de")
    assert hits and hits[0][0] == nodes[0].node_id
    assert loaded.search("weeks leave", "en")[0][0] == nodes[3].node_id
    assert loaded.search("Urlaub", "pl") == []  # no Polish index: nothing, not an error


def test_a_post_without_diacritics_meets_the_inflected_text():
    nodes = [
        _node("1", "Ha a munkáltatóm nem fizet járulékot, nincs egészségbiztosításom.", lang="hu"),
        _node("2", "A szabadság idejére is jár a bér.", lang="hu"),
        _node("3", "Munkaidő és pihenőidő a hét minden napján.", lang="hu"),
    ]
    index = LexicalIndex.build(nodes)
    # Folded before stemming, "jarulekot" and "járulékot" share one stem ("jarul"; stemmed
    # first, the accented form lost less: "jarule"), as do "munkaltatom" and "munkáltatóm".
    for post in ("a munkaltatom nem fizet jarulekot", "a munkáltatóm nem fizet járulékot"):
        hits = index.search(post, "hu")
        assert hits and hits[0][0] == nodes[0].node_id
    assert index.search("jarulekot", "hu")[0][0] == nodes[0].node_id


@pytest.mark.slow
def test_search_agrees_with_llama_index_retriever(real_library):
    """``search`` calls bm25s directly, tokenising as ``BM25Retriever`` does; if llama-index
    changes its tokenisation, the two part ways here."""
    lexical = real_library.index.lexical
    posts = {
        "de": "Mein Chef hat mir mündlich gekündigt, gilt die Kündigungsfrist von 4 Wochen?",
        "pl": "szef nie płaci nadgodzin, mam umowę o pracę na 40 godzin tygodniowo",
        "hu": "a munkaltatom nem fizet jarulekot, mi lesz a nyugdijammal?",
        "en": "Is on-call time in 24h care working time under § 2 ArbZG?",
    }
    for lang, post in posts.items():
        expected = [(hit.node.node_id, hit.score) for hit in lexical.retrievers[lang].retrieve(post)]
        found = lexical.search(post, lang)
        assert found, lang
        assert [i for i, _ in found] == [i for i, s in expected if s > 0.0]
        assert [s for _, s in found] == pytest.approx([s for _, s in expected if s > 0.0])
