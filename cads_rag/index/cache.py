"""Content-hashed vector cache: unchanged units are never embedded twice.

Keys are SHA-256 of ``embedder slug + embedded text``. The cache is a directory of
shards, one ``.npz`` per group of sources (``statute-de``, ``directive-en``,
``guide-pl`` …), so that editing one guide page rewrites one small file, not all
vectors. Each shard carries a checksum over its keys and vectors, verified on load
(a damaged or foreign shard is ignored with a warning, never trusted).

>>> import numpy as np, tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp()) / "demo"
>>> cache = VectorCache("demo")
>>> cache.put(cache.key("text"), np.ones(3, dtype=np.float32), shard="guide-pl")
>>> cache.save(folder); VectorCache.load(folder, "demo").get(cache.key("text")).tolist()
[1.0, 1.0, 1.0]
"""

from __future__ import annotations

import hashlib
import logging
import os
from collections.abc import Iterable
from pathlib import Path

import numpy as np

log = logging.getLogger(__name__)


class VectorCache:
    """Vectors of one embedder, addressed by content hash and grouped in shards."""

    def __init__(self, embedder: str) -> None:
        self.embedder = embedder
        self._vectors: dict[str, np.ndarray] = {}
        self._shard_of: dict[str, str] = {}
        self._dirty: set[str] = set()

    def key(self, text: str) -> str:
        return hashlib.sha256(f"{self.embedder}\x00{text}".encode()).hexdigest()

    def get(self, key: str) -> np.ndarray | None:
        return self._vectors.get(key)

    def put(self, key: str, vector: np.ndarray, shard: str = "default") -> None:
        self._vectors[key] = np.asarray(vector, dtype=np.float32)
        old = self._shard_of.get(key)
        if old is not None and old != shard:
            self._dirty.add(old)
        self._shard_of[key] = shard
        self._dirty.add(shard)

    def __len__(self) -> int:
        return len(self._vectors)

    def keep_only(self, keys: Iterable[str]) -> None:
        """Drop entries not in ``keys`` (units that left the corpus)."""
        wanted = set(keys)
        for key in [k for k in self._vectors if k not in wanted]:
            self._dirty.add(self._shard_of.pop(key))
            del self._vectors[key]

    @staticmethod
    def _checksum(keys: np.ndarray, vectors: np.ndarray, embedder: str) -> str:
        digest = hashlib.sha256(embedder.encode())
        digest.update("\n".join(keys.tolist()).encode())
        digest.update(np.ascontiguousarray(vectors, dtype=np.float32).tobytes())
        return digest.hexdigest()

    def save(self, folder: Path) -> None:
        """Write the shards that changed or are missing (each atomically); remove shard files
        that hold none of the cache's entries."""
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        members: dict[str, list[str]] = {}
        for key, shard in self._shard_of.items():
            members.setdefault(shard, []).append(key)
        for path in folder.glob("*.npz"):
            if path.stem not in members:
                path.unlink()
        for shard in (self._dirty & set(members)) | {s for s in members if not (folder / f"{s}.npz").exists()}:
            path = folder / f"{shard}.npz"
            keys = np.array(sorted(members[shard]), dtype="<U64")
            vectors = np.stack([self._vectors[k] for k in keys])
            tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
            with open(tmp, "wb") as handle:
                np.savez(handle, keys=keys, vectors=vectors, embedder=np.array(self.embedder),
                         checksum=np.array(self._checksum(keys, vectors, self.embedder)))
            os.replace(tmp, path)
        self._dirty.clear()

    @classmethod
    def load(cls, folder: Path, embedder: str) -> VectorCache:
        """Load every shard in ``folder``; missing folder, foreign or damaged shards give no entries."""
        cache = cls(embedder)
        for path in sorted(Path(folder).glob("*.npz")) if Path(folder).is_dir() else []:
            try:
                with np.load(path, allow_pickle=False) as data:
                    keys, vectors = data["keys"], data["vectors"]
                    stored_embedder, checksum = str(data["embedder"]), str(data["checksum"])
            except Exception as err:  # truncated or not an npz
                log.warning("ignoring unreadable vector shard %s: %s", path, err)
                continue
            if stored_embedder != embedder:
                log.warning("ignoring vector shard %s: made by %s, not %s", path, stored_embedder, embedder)
                continue
            if cls._checksum(keys, vectors, stored_embedder) != checksum:
                log.warning("ignoring vector shard %s: checksum mismatch (file damaged or edited)", path)
                continue
            for i, key in enumerate(keys.tolist()):
                cache._vectors[key] = vectors[i]
                cache._shard_of[key] = path.stem
        return cache
