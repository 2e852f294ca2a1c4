"""Content-hashed vector cache: unchanged units are never embedded twice.

Keys are SHA-256 of ``embedder slug + embedded text``; the file is an ``.npz`` with a
checksum over keys and vectors, verified on load (a damaged or foreign cache is
ignored with a warning, never trusted).

>>> import numpy as np, tempfile, pathlib
>>> path = pathlib.Path(tempfile.mkdtemp()) / "demo.npz"
>>> cache = VectorCache("demo")
>>> cache.put(cache.key("text"), np.ones(3, dtype=np.float32))
>>> cache.save(path); VectorCache.load(path, "demo").get(cache.key("text")).tolist()
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
    """Vectors of one embedder, addressed by content hash."""

    def __init__(self, embedder: str) -> None:
        self.embedder = embedder
        self._vectors: dict[str, np.ndarray] = {}

    def key(self, text: str) -> str:
        return hashlib.sha256(f"{self.embedder}\x00{text}".encode()).hexdigest()

    def get(self, key: str) -> np.ndarray | None:
        return self._vectors.get(key)

    def put(self, key: str, vector: np.ndarray) -> None:
        self._vectors[key] = np.asarray(vector, dtype=np.float32)

    def __len__(self) -> int:
        return len(self._vectors)

    def keep_only(self, keys: Iterable[str]) -> None:
        """Drop entries not in ``keys`` (units that left the corpus)."""
        wanted = set(keys)
        self._vectors = {k: v for k, v in self._vectors.items() if k in wanted}

    @staticmethod
    def _checksum(keys: np.ndarray, vectors: np.ndarray, embedder: str) -> str:
        digest = hashlib.sha256(embedder.encode())
        digest.update("\n".join(keys.tolist()).encode())
        digest.update(np.ascontiguousarray(vectors, dtype=np.float32).tobytes())
        return digest.hexdigest()

    def save(self, path: Path) -> None:
        """Write atomically (temporary file, then rename)."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        keys = np.array(sorted(self._vectors), dtype="<U64")
        vectors = (
            np.stack([self._vectors[k] for k in keys]) if len(keys) else np.zeros((0, 0), np.float32)
        )
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        with open(tmp, "wb") as handle:
            np.savez(
                handle,
                keys=keys,
                vectors=vectors,
                embedder=np.array(self.embedder),
                checksum=np.array(self._checksum(keys, vectors, self.embedder)),
            )
        os.replace(tmp, path)

    @classmethod
    def load(cls, path: Path, embedder: str) -> VectorCache:
        """Load a cache file; a missing, foreign or damaged file gives an empty cache."""
        cache = cls(embedder)
        path = Path(path)
        if not path.exists():
            return cache
        try:
            with np.load(path, allow_pickle=False) as data:
                keys, vectors = data["keys"], data["vectors"]
                stored_embedder, checksum = str(data["embedder"]), str(data["checksum"])
        except Exception as err:  # truncated or not an npz
            log.warning("ignoring unreadable vector cache %s: %s", path, err)
            return cache
        if stored_embedder != embedder:
            log.warning("ignoring vector cache %s: made by %s, not %s", path, stored_embedder, embedder)
            return cache
        if cls._checksum(keys, vectors, stored_embedder) != checksum:
            log.warning("ignoring vector cache %s: checksum mismatch (file damaged or edited)", path)
            return cache
        cache._vectors = {k: vectors[i] for i, k in enumerate(keys.tolist())}
        return cache
