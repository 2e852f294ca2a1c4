import numpy as np

from cads_rag.index.cache import VectorCache


def test_roundtrip_and_checksum(tmp_path):
    path = tmp_path / "v.npz"
    cache = VectorCache("emb")
    cache.put(cache.key("a"), np.arange(4, dtype=np.float32))
    cache.save(path)
    assert VectorCache.load(path, "emb").get(cache.key("a")).tolist() == [0, 1, 2, 3]
    assert len(VectorCache.load(path, "other-embedder")) == 0  # never mixes embedders


def test_damaged_cache_is_ignored(tmp_path):
    path = tmp_path / "v.npz"
    cache = VectorCache("emb")
    cache.put(cache.key("a"), np.ones(4, dtype=np.float32))
    cache.save(path)
    with np.load(path) as data:
        arrays = dict(data)
    arrays["vectors"] = arrays["vectors"] * 2  # edited vectors, stale checksum
    np.savez(path, **arrays)
    assert len(VectorCache.load(path, "emb")) == 0
    path.write_bytes(b"truncated")
    assert len(VectorCache.load(path, "emb")) == 0


def test_keep_only_prunes_units_that_left():
    cache = VectorCache("emb")
    for text in ("a", "b"):
        cache.put(cache.key(text), np.ones(2, dtype=np.float32))
    cache.keep_only([cache.key("a")])
    assert len(cache) == 1 and cache.get(cache.key("b")) is None
