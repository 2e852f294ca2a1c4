"""Building, persisting and loading the index — atomically.

Layout of ``index_dir``::

    CURRENT                 name of the version in use (replaced atomically)
    v-<time>-<fp>/          one complete build: meta.json, vector/ (FAISS + docstore), bm25/<lang>/,
                            scope.npz (out-of-scope topic titles as passages, and those and
                            the guide titles as queries: the scope classifier's anchors),
                            asks.npz (the guide pages' typical posts as queries, and their pages)
    .build.lock             held while a build runs

A build writes a new version directory and switches ``CURRENT`` only when it is
complete, so a build killed half-way leaves the previous index usable.

>>> report = build_index(Settings())                 # doctest: +SKIP
>>> index = load_index(Settings()); len(index.nodes)  # doctest: +SKIP
2843
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import numpy as np
from filelock import FileLock, Timeout
from llama_index.core import StorageContext, VectorStoreIndex, load_index_from_storage
from llama_index.core.schema import TextNode

from cads_rag.corpus import load_corpus, source_files
from cads_rag.corpus.manifest import MANIFEST_NAME
from cads_rag.corpus.scope import SCOPE_NAME, scope_anchors
from cads_rag.corpus.units import content_hash
from cads_rag.index.cache import VectorCache
from cads_rag.index.embedders import embedder_slug, make_embedder
from cads_rag.index.lexical import LexicalIndex
from cads_rag.index.vectors import embed_nodes, embed_queries
from cads_rag.settings import Settings

log = logging.getLogger(__name__)

# Bump when the way units are cut or indexed changes: old indexes become stale.
INDEX_FORMAT = 5
CURRENT = "CURRENT"
SCOPE_FILE = "scope.npz"
ASKS_FILE = "asks.npz"
_CACHE_SAVE_EVERY_S = 30.0


class IndexMissingError(FileNotFoundError):
    """No usable index in ``index_dir`` (run ``cads-rag index``)."""


class BuildLockedError(RuntimeError):
    """Another build holds the lock on this index directory."""


@dataclass
class BuildReport:
    """What a build did, for the CLI and the benchmark."""

    version: str
    units: int
    embedded: int
    reused: int
    skipped: list[dict[str, str]] = field(default_factory=list)
    seconds: float = 0.0


@dataclass
class LoadedIndex:
    """A loaded index: dense (llama-index over FAISS), lexical (BM25 per language), units."""

    vector_index: VectorStoreIndex
    lexical: LexicalIndex
    nodes: dict[str, TextNode]
    meta: dict[str, Any]
    scope_ids: list[str] = field(default_factory=list)
    scope_vectors: np.ndarray | None = None
    title_ids: list[str] = field(default_factory=list)
    title_vectors: np.ndarray | None = None
    ask_ids: list[str] = field(default_factory=list)
    ask_vectors: np.ndarray | None = None


def vector_cache_path(settings: Settings) -> Path:
    """The folder of content-hashed vector shards of ``settings.corpus_dir`` (shipped with it)."""
    return Path(settings.corpus_dir) / "vectors" / embedder_slug(settings.embedder)


def corpus_fingerprint(settings: Settings) -> str:
    """Hash of every source file, the manifest, the embedder and the index format."""
    corpus_dir = Path(settings.corpus_dir)
    digest = hashlib.sha256(f"format={INDEX_FORMAT}\nembedder={settings.embedder}\n".encode())
    paths = list(source_files(corpus_dir))
    paths += [p for p in (corpus_dir / MANIFEST_NAME, corpus_dir / SCOPE_NAME) if p.exists()]
    for path in paths:
        digest.update(path.relative_to(corpus_dir).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def current_version(index_dir: Path) -> Path | None:
    """The directory of the version in use, or ``None``."""
    pointer = Path(index_dir) / CURRENT
    if not pointer.exists():
        return None
    version = Path(index_dir) / pointer.read_text(encoding="utf-8").strip()
    return version if (version / "meta.json").exists() else None


def is_stale(settings: Settings) -> bool:
    """True when there is no index or it was built from other sources or settings."""
    version = current_version(settings.index_dir)
    if version is None:
        return True
    meta = json.loads((version / "meta.json").read_text(encoding="utf-8"))
    return meta.get("fingerprint") != corpus_fingerprint(settings)


def _write_atomic(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def build_index(settings: Settings, use_cache: bool = True, progress: bool = True) -> BuildReport:
    """Read the corpus, embed what the cache lacks, and publish a new index version."""
    started = time.perf_counter()
    index_dir = Path(settings.index_dir)
    index_dir.mkdir(parents=True, exist_ok=True)
    try:
        with FileLock(str(index_dir / ".build.lock"), timeout=0):
            return _build_locked(settings, index_dir, use_cache, progress, started)
    except Timeout as err:
        raise BuildLockedError(f"another build is running on {index_dir}") from err


def _build_locked(settings: Settings, index_dir: Path, use_cache: bool, progress: bool, started: float) -> BuildReport:
    fingerprint = corpus_fingerprint(settings)
    corpus = load_corpus(settings.corpus_dir)
    if not corpus.nodes:
        raise ValueError(f"no units found in {settings.corpus_dir}")
    slug = embedder_slug(settings.embedder)
    cache_path = vector_cache_path(settings)
    cache = VectorCache.load(cache_path, slug) if use_cache and settings.use_vector_cache else VectorCache(slug)
    embedder = make_embedder(settings.embedder, settings)

    last_save = [time.monotonic()]

    def save_cache_now_and_then() -> None:  # keeps finished work if the build is killed
        if time.monotonic() - last_save[0] > _CACHE_SAVE_EVERY_S:
            _save_cache(cache, cache_path)
            last_save[0] = time.monotonic()

    anchors = scope_anchors(settings.corpus_dir)
    embedded = embed_nodes([*corpus.nodes, *anchors], embedder, cache, settings.embed_batch_size, progress, save_cache_now_and_then)
    titles = [(a.node_id, a.get_content(), a.metadata["lang"]) for a in anchors] + [
        (n.node_id, n.metadata["title"], n.metadata["lang"]) for n in corpus.nodes if n.metadata.get("kind") == "guide"
    ] if anchors else []
    title_ids, title_vectors = embed_queries(titles, embedder, cache)
    asks = [(n.node_id, ask, n.metadata["lang"]) for n in corpus.nodes for ask in n.metadata.get("asks") or []]
    ask_ids, ask_vectors = embed_queries(asks, embedder, cache, progress, save_cache_now_and_then, settings.embed_batch_size)
    cache.keep_only(
        [cache.key(n.get_content(metadata_mode="embed")) for n in [*corpus.nodes, *anchors]]
        + [cache.key(f"query\x00{text}") for _, text, _ in [*titles, *asks]]
    )
    _save_cache(cache, cache_path)  # writes only the shards that changed

    import faiss
    from llama_index.vector_stores.faiss import FaissVectorStore

    dim = len(corpus.nodes[0].embedding)
    name = f"v-{datetime.now(timezone.utc).strftime('%Y%m%dT%H%M%S%f')}-{fingerprint[:8]}"
    partial = index_dir / f"{name}.partial"
    shutil.rmtree(partial, ignore_errors=True)
    storage = StorageContext.from_defaults(vector_store=FaissVectorStore(faiss_index=faiss.IndexFlatIP(dim)))
    vector_index = VectorStoreIndex(corpus.nodes, storage_context=storage, embed_model=embedder, show_progress=False)
    vector_index.storage_context.persist(persist_dir=str(partial / "vector"))
    LexicalIndex.build(corpus.nodes, top_n=settings.bm25_top_n).persist(partial / "bm25")
    if anchors:
        np.savez(
            partial / SCOPE_FILE,
            ids=np.array([a.node_id for a in anchors]),
            vectors=np.asarray([a.embedding for a in anchors], dtype=np.float32),
            title_ids=np.array(title_ids),
            title_vectors=title_vectors,
        )
    if asks:
        np.savez(partial / ASKS_FILE, ids=np.array(ask_ids), vectors=ask_vectors)
    meta = {
        "fingerprint": fingerprint,
        "format": INDEX_FORMAT,
        "embedder": settings.embedder,
        "dim": dim,
        "units": len(corpus.nodes),
        "built_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "corpus_dir": str(Path(settings.corpus_dir).resolve()),
        "sources": [s.model_dump() for s in corpus.sources],
        "skipped": [{"path": s.path, "reason": s.reason} for s in corpus.skipped],
        "unit_hashes": {n.node_id: content_hash(n.text) for n in corpus.nodes},
    }
    (partial / "meta.json").write_text(json.dumps(meta, ensure_ascii=False, indent=1), encoding="utf-8")
    final = index_dir / name
    os.replace(partial, final)
    _write_atomic(index_dir / CURRENT, name)
    _remove_old_versions(index_dir, keep=name)
    return BuildReport(
        version=name,
        units=len(corpus.nodes),
        embedded=embedded,
        reused=len(corpus.nodes) - embedded,
        skipped=meta["skipped"],
        seconds=time.perf_counter() - started,
    )


def _save_cache(cache: VectorCache, path: Path) -> None:
    try:
        cache.save(path)
    except OSError as err:  # a read-only corpus directory must not fail the build
        log.warning("could not save vector cache %s: %s", path, err)


def _remove_old_versions(index_dir: Path, keep: str) -> None:
    for path in index_dir.iterdir():
        if path.is_dir() and path.name.startswith("v-") and path.name != keep:
            shutil.rmtree(path, ignore_errors=True)


def load_index(settings: Settings) -> LoadedIndex:
    """Load the version named in ``CURRENT`` (raises :class:`IndexMissingError`)."""
    version = current_version(settings.index_dir)
    if version is None:
        raise IndexMissingError(f"no index in {settings.index_dir}: run `cads-rag index` first")
    meta = json.loads((version / "meta.json").read_text(encoding="utf-8"))
    if meta.get("embedder") != settings.embedder:
        raise IndexMissingError(
            f"index in {settings.index_dir} was built with embedder {meta.get('embedder')!r}, "
            f"settings ask for {settings.embedder!r}: run `cads-rag index`"
        )
    from llama_index.vector_stores.faiss import FaissVectorStore

    vector_dir = str(version / "vector")
    store = FaissVectorStore.from_persist_dir(vector_dir)
    storage = StorageContext.from_defaults(vector_store=store, persist_dir=vector_dir)
    embedder = make_embedder(settings.embedder, settings)
    vector_index = load_index_from_storage(storage, embed_model=embedder)
    nodes = {node_id: node for node_id, node in vector_index.docstore.docs.items()}
    lexical = LexicalIndex.load(version / "bm25", top_n=settings.bm25_top_n)
    index = LoadedIndex(vector_index=vector_index, lexical=lexical, nodes=nodes, meta=meta)
    if (version / SCOPE_FILE).exists():
        with np.load(version / SCOPE_FILE) as scope:
            index.scope_ids, index.scope_vectors = [str(i) for i in scope["ids"]], scope["vectors"]
            index.title_ids, index.title_vectors = [str(i) for i in scope["title_ids"]], scope["title_vectors"]
    if (version / ASKS_FILE).exists():
        with np.load(version / ASKS_FILE) as asks:
            index.ask_ids, index.ask_vectors = [str(i) for i in asks["ids"]], asks["vectors"]
    return index
