import numpy as np

from cads_rag.index.cache import VectorCache


def test_roundtrip_and_checksum(tmp_path):
    folder = tmp_path / "v"
    cache = VectorCache("emb")
    cache.put(cache.key("a"), np.arange(4, dtype=np.float32), shard="statute-de")
    cache.save(folder)
    assert VectorCache.load(folder, "emb").get(cache.key("a")).tolist() == [0, 1, 2, 3]
    assert len(VectorCache.load(folder, "other-embedder")) == 0  # never mixes embedders


def test_damaged_cache_is_ignored(tmp_path):
    folder = tmp_path / "v"
    cache = VectorCache("emb")
    cache.put(cache.key("a"), np.ones(4, dtype=np.float32), shard="guide-pl")
    cache.put(cache.key("b"), np.ones(4, dtype=np.float32), shard="statute-de")
    cache.save(folder)
    path = folder / "guide-pl.npz"
    with np.load(path) as data:
        arrays = dict(data)
    arrays["vectors"] = arrays["vectors"] * 2  # edited vectors, stale checksum
    np.savez(path, **arrays)
    loaded = VectorCache.load(folder, "emb")
    assert loaded.get(cache.key("a")) is None and loaded.get(cache.key("b")) is not None
    path.write_bytes(b"truncated")
    assert len(VectorCache.load(folder, "emb")) == 1


def test_keep_only_prunes_units_that_left():
    cache = VectorCache("emb")
    for text in ("a", "b"):
        cache.put(cache.key(text), np.ones(2, dtype=np.float32))
    cache.keep_only([cache.key("a")])
    assert len(cache) == 1 and cache.get(cache.key("b")) is None


def test_only_changed_shards_are_rewritten(tmp_path):
    folder = tmp_path / "v"
    cache = VectorCache("emb")
    cache.put(cache.key("a"), np.ones(2, dtype=np.float32), shard="statute-de")
    cache.put(cache.key("b"), np.ones(2, dtype=np.float32), shard="guide-pl")
    cache.save(folder)
    before = (folder / "statute-de.npz").stat().st_mtime_ns
    loaded = VectorCache.load(folder, "emb")
    loaded.put(loaded.key("c"), np.zeros(2, dtype=np.float32), shard="guide-pl")
    loaded.keep_only([loaded.key("a"), loaded.key("c")])
    loaded.save(folder)
    assert (folder / "statute-de.npz").stat().st_mtime_ns == before
    again = VectorCache.load(folder, "emb")
    assert again.get(loaded.key("b")) is None and again.get(loaded.key("c")) is not None
