"""Hybrid retrieval: dense (e5 over FAISS) + BM25 per language + cited provisions,
fused by weighted reciprocal rank fusion.

Plain RRF of dense and German BM25 *hurts* cross-lingual posts (German BM25 finds
nothing for a Polish post and only adds noise), so BM25 lists are weighted by the
post's language: the index in the post's language at full weight, the German index
at a low weight for other languages (posts often mix in German terms). EU directive
units are down-weighted against German statutes, and units not in force on the
as-of date are demoted.

>>> retriever = HybridRetriever(load_index(settings), settings)          # doctest: +SKIP
>>> [h.node.metadata["citation"] for h in retriever.search("Urlaub Minijob", k=3).hits]  # doctest: +SKIP
['§ 3 BUrlG', ...]
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from llama_index.core.retrievers import BaseRetriever
from llama_index.core.schema import NodeWithScore, QueryBundle

from cads_rag.index.citations import find_citations
from cads_rag.index.store import LoadedIndex
from cads_rag.language import UNKNOWN, detect_language
from cads_rag.settings import Settings

_CITATION_WEIGHT = 2.0
_EXPIRED_FACTOR = 0.5


@dataclass
class Retrieval:
    """Ranked hits and the language the query was treated as."""

    language: str
    hits: list[NodeWithScore]


def weighted_rrf(ranked_lists: list[tuple[float, list[str]]], k: int = 60) -> dict[str, float]:
    """Weighted reciprocal rank fusion: ``sum(w / (k + rank))`` over the lists.

    >>> weighted_rrf([(1.0, ["a", "b"]), (0.5, ["b"])], k=60)["b"] > weighted_rrf([(1.0, ["a", "b"])])["a"]
    True
    """
    scores: dict[str, float] = defaultdict(float)
    for weight, ids in ranked_lists:
        if weight <= 0:
            continue
        for rank, node_id in enumerate(ids):
            scores[node_id] += weight / (k + rank + 1)
    return scores


def _in_force(meta: dict, day: str) -> bool:
    return (not meta.get("valid_from") or meta["valid_from"] <= day) and (
        not meta.get("valid_until") or day <= meta["valid_until"]
    )


class HybridRetriever(BaseRetriever):
    """llama-index retriever over a :class:`LoadedIndex` (see module docstring)."""

    def __init__(self, index: LoadedIndex, settings: Settings) -> None:
        super().__init__()
        self.index = index
        self.settings = settings
        self._dense = index.vector_index.as_retriever(similarity_top_k=min(settings.dense_top_n, len(index.nodes)))
        self._laws = {node.metadata.get("law", "") for node in index.nodes.values()}
        self._by_citation: dict[tuple[str, str], list[str]] = defaultdict(list)
        for node_id, node in index.nodes.items():
            self._by_citation[(node.metadata.get("law", ""), node.metadata.get("section", ""))].append(node_id)

    def _retrieve(self, query_bundle: QueryBundle) -> list[NodeWithScore]:
        return self.search(query_bundle.query_str, k=self.settings.search_k).hits

    def dense_ids(self, query: str) -> list[str]:
        return [hit.node.node_id for hit in self._dense.retrieve(query)]

    def lexical_lists(self, query: str, language: str) -> list[tuple[float, list[str]]]:
        """``(weight, ranked ids)`` for every BM25 index that counts for ``language``."""
        lists = []
        for lang in self.index.lexical.retrievers:
            if lang == language:
                weight = self.settings.bm25_weight_same_language
            elif lang == "de" or language == UNKNOWN:
                weight = self.settings.bm25_weight_other_language
            else:
                continue
            ids = [node_id for node_id, _ in self.index.lexical.search(query, lang)]
            lists.append((weight, ids))
        return lists

    def search(
        self,
        query: str,
        k: int = 10,
        language: str | None = None,
        as_of: date | str | None = None,
        mode: str = "hybrid",
    ) -> Retrieval:
        """Top ``k`` units for ``query``; ``language`` is detected when not given.

        ``mode`` is ``"hybrid"`` (default), or ``"dense"`` / ``"bm25"`` alone (for benchmarks).
        """
        if mode not in ("hybrid", "dense", "bm25"):
            raise ValueError(f"unknown retrieval mode {mode!r}")
        language = language or detect_language(query, self.settings.language_min_confidence)
        cited = find_citations(query, self._laws) if mode == "hybrid" else []
        lists: list[tuple[float, list[str]]] = []
        if mode in ("hybrid", "dense"):
            lists.append((1.0, self.dense_ids(query)))
        if mode in ("hybrid", "bm25"):
            lists += self.lexical_lists(query, language)
        citation_ids = [node_id for key in cited for node_id in self._by_citation.get(key, [])]
        if citation_ids:
            lists.append((_CITATION_WEIGHT, citation_ids))
        scores = weighted_rrf(lists, self.settings.rrf_k)

        day = (as_of.isoformat() if isinstance(as_of, date) else as_of) or date.today().isoformat()
        cited_laws = {law for law, _ in cited}
        for node_id in scores:
            meta = self.index.nodes[node_id].metadata
            if meta.get("kind") == "directive" and meta.get("law") not in cited_laws:
                scores[node_id] *= self.settings.directive_weight
            if not _in_force(meta, day):
                scores[node_id] *= _EXPIRED_FACTOR
        ranked = sorted(scores.items(), key=lambda item: item[1], reverse=True)[:k]
        return Retrieval(language, [NodeWithScore(node=self.index.nodes[i], score=s) for i, s in ranked])
