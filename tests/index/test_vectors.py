import numpy as np
import pytest

from cads_rag.index.cache import VectorCache
from cads_rag.index.embedders import make_embedder
from cads_rag.index.vectors import embed_queries
from cads_rag.settings import Settings


def test_query_vectors_are_cached_and_saved_as_they_come(tmp_path, minilm_spec):
    embedder = make_embedder(minilm_spec, Settings(embedder=minilm_spec))
    items = [(f"page-{i}", f"my boss does not pay overtime, week {i}", "en") for i in range(5)]
    cache = VectorCache("minilm")
    calls = []

    def save_then_die():  # a build killed after its second batch keeps the first four vectors
        calls.append(len(cache))
        cache.save(tmp_path / "cache")
        if len(calls) == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        embed_queries(items, embedder, cache, on_batch=save_then_die, batch_size=2)
    assert calls == [2, 4]
    saved = VectorCache.load(tmp_path / "cache", "minilm")
    assert len(saved) == 4

    ids, matrix = embed_queries(items, embedder, saved)  # only the fifth is embedded now
    assert ids == [i for i, _, _ in items] and matrix.shape == (5, 384)
    assert np.allclose(matrix[0], saved.get(saved.key(f"query\x00{items[0][1]}")))
