"""Hybrid retrieval: dense (e5 over FAISS) + BM25 per language + cited provisions +
the provisions behind the best guide pages, fused by weighted reciprocal rank fusion.

Plain RRF of dense and German BM25 *hurts* cross-lingual posts (German BM25 finds
nothing for a Polish post and only adds noise), so BM25 lists are weighted by the
post's language: the index in the post's language (guide pages) at full weight, the
German index — queried with the German glossary terms of the concepts the post
mentions — at a lower weight. Guide pages in the post's language are ranked on their
own (similarity plus both BM25 scores, standardised; see :meth:`HybridRetriever.rank_guides`),
come first, and lend their cited provisions a ranked list of their own; EU directive
units are down-weighted against German statutes; units not in force on the as-of date
are demoted.

>>> retriever = HybridRetriever(load_index(settings), settings)          # doctest: +SKIP
>>> [h.node.metadata["citation"] for h in retriever.search("Urlaub Minijob", k=3).hits]  # doctest: +SKIP
['§ 3 BUrlG', ...]
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

import numpy as np
from llama_index.core.retrievers import BaseRetriever
from llama_index.core.schema import NodeWithScore, QueryBundle

from cads_rag.corpus.manifest import in_force
from cads_rag.glossary import load_glossary
from cads_rag.index.citations import find_citations
from cads_rag.index.store import LoadedIndex
from cads_rag.language import UNKNOWN, WORD, detect_language, is_german_word
from cads_rag.romanised import in_native_script
from cads_rag.settings import Settings

_CITATION_WEIGHT = 2.0
_EXPIRED_FACTOR = 0.5
MODES = ("hybrid", "dense", "bm25")


@dataclass
class Retrieval:
    """Ranked hits, the language the query was treated as, (hybrid mode) its embedding, and
    the text searched (romanised Bulgarian or Greek written back in its script)."""

    language: str
    hits: list[NodeWithScore]
    embedding: list[float] | None = None
    query: str = ""


def _standardised(values: np.ndarray) -> np.ndarray:
    """``values`` as z-scores (all zero when they do not vary)."""
    spread = float(values.std())
    return (values - values.mean()) / spread if spread > 0 else np.zeros_like(values)


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


class HybridRetriever(BaseRetriever):
    """llama-index retriever over a :class:`LoadedIndex` (see module docstring)."""

    def __init__(self, index: LoadedIndex, settings: Settings) -> None:
        super().__init__()
        self.index = index
        self.settings = settings
        self._dense = index.vector_index.as_retriever(similarity_top_k=min(settings.dense_top_n, len(index.nodes)))
        self._laws = {node.metadata.get("law", "") for node in index.nodes.values()}
        self._glossary = load_glossary(str(settings.corpus_dir))
        self._by_citation: dict[tuple[str, str], list[str]] = defaultdict(list)
        for node_id, node in index.nodes.items():
            self._by_citation[(node.metadata.get("law", ""), node.metadata.get("section", ""))].append(node_id)
        self.guides = self._guide_matrices(index)
        self.asks = self._ask_matrices(index, self.guides)

    @staticmethod
    def _guide_matrices(index: LoadedIndex) -> dict[str, tuple[list[str], np.ndarray]]:
        """Per language, the guide pages' ids and vectors (read back from FAISS)."""
        faiss_index = index.vector_index.vector_store.client
        vectors = faiss_index.reconstruct_n(0, faiss_index.ntotal)
        by_lang: dict[str, list[tuple[str, int]]] = defaultdict(list)
        for position, node_id in index.vector_index.index_struct.nodes_dict.items():
            meta = index.nodes[node_id].metadata
            if meta.get("kind") == "guide":
                by_lang[meta.get("lang", "")].append((node_id, int(position)))
        return {
            lang: ([node_id for node_id, _ in pairs], vectors[[position for _, position in pairs]])
            for lang, pairs in by_lang.items()
        }

    @staticmethod
    def _ask_matrices(
        index: LoadedIndex, guides: dict[str, tuple[list[str], np.ndarray]]
    ) -> dict[str, tuple[np.ndarray, np.ndarray]]:
        """Per language, each typical post's page (its row in ``guides``) and the posts' vectors."""
        rows = {node_id: (lang, i) for lang, (ids, _) in guides.items() for i, node_id in enumerate(ids)}
        by_lang: dict[str, tuple[list[int], list[int]]] = defaultdict(lambda: ([], []))
        for n, node_id in enumerate(index.ask_ids):
            if node_id in rows:
                lang, row = rows[node_id]
                by_lang[lang][0].append(row)
                by_lang[lang][1].append(n)
        return {
            lang: (np.asarray(page_rows), index.ask_vectors[vector_rows])
            for lang, (page_rows, vector_rows) in by_lang.items()
        }

    def ask_similarity(self, embedding: list[float], language: str) -> np.ndarray | None:
        """Per guide page of ``language`` (rows of ``guides``), the similarity of the post to
        the closest of the page's typical posts; pages without any get the mean of the rest.
        ``None`` when the language's pages have no typical posts."""
        if language not in self.asks:
            return None
        rows, vectors = self.asks[language]
        best = np.full(len(self.guides[language][0]), -np.inf, dtype=np.float32)
        np.maximum.at(best, rows, vectors @ np.asarray(embedding, dtype=np.float32))
        known = np.isfinite(best)
        best[~known] = best[known].mean()
        return best

    def _retrieve(self, query_bundle: QueryBundle) -> list[NodeWithScore]:
        return self.search(query_bundle.query_str, k=self.settings.search_k).hits

    def units_of(self, law: str, section: str) -> list[str]:
        """Ids of the units of one provision (several when a § is split by Absatz)."""
        return list(self._by_citation.get((law, section), []))

    def dense_ids(self, query: str, embedding: list[float] | None = None) -> list[str]:
        bundle = QueryBundle(query_str=query, embedding=embedding)
        return [hit.node.node_id for hit in self._dense.retrieve(bundle)]

    def guide_ids(self, embedding: list[float], language: str) -> list[str]:
        """Guide pages in ``language`` ranked by similarity alone: in the whole index they
        compete with thousands of statute units and often rank too low to lend their sources."""
        if language not in self.guides:
            return []
        ids, matrix = self.guides[language]
        order = np.argsort(-(matrix @ np.asarray(embedding, dtype=np.float32)))
        return [ids[i] for i in order]

    def german_query(self, query: str, language: str) -> str:
        """The query for the German BM25 index. For a non-German post: the German words it
        contains ("Kündigung", "Lohnabrechnung") and the German terms of the glossary concepts
        it mentions — not its other words, which match German text only by accident
        ("team", "max", "30" for an English post about an age limit)."""
        if language in ("de", UNKNOWN) or self._glossary is None or not self.settings.glossary_expansion:
            return query
        german = [word for word in WORD.findall(query) if is_german_word(word)]
        return " ".join([*german, *self._glossary.german_terms(query, language)])

    def lexical_lists(self, query: str, language: str) -> list[tuple[float, list[str]]]:
        """``(weight, ranked ids)`` for every BM25 index that counts for ``language``."""
        return [(weight, [node_id for node_id, _ in hits]) for _, weight, hits in self._lexical(query, language)]

    def _lexical(self, query: str, language: str) -> list[tuple[str, float, list[tuple[str, float]]]]:
        """``(index language, weight, scored hits)`` for every BM25 index that counts for ``language``."""
        found = []
        for lang in self.index.lexical.retrievers:
            text = query
            if lang == language:
                weight = self.settings.bm25_weight_same_language
            elif lang == "de" or language == UNKNOWN:
                weight = self.settings.bm25_weight_other_language
                text = self.german_query(query, language) if lang == "de" else query
            else:
                continue
            found.append((lang, weight, self.index.lexical.search(text, lang)))
        return found

    def rank_guides(
        self, embedding: list[float], language: str, lexical: list[tuple[str, float, list[tuple[str, float]]]]
    ) -> list[str]:
        """Guide pages in ``language``, best first, by their similarity to the post plus their
        BM25 scores in the post's language and in German (the glossary-expanded query finds
        the German version of a page), each signal standardised over the pages. Scores,
        not ranks: a page far ahead on one signal stays ahead, where reciprocal-rank fusion
        of several lists lets pages that are mediocre everywhere overtake it. A page's
        typical posts (``asks``) add their best similarity to the post, standardised too."""
        if language not in self.guides:
            return []
        ids, matrix = self.guides[language]
        total = _standardised(matrix @ np.asarray(embedding, dtype=np.float32))
        asks = self.ask_similarity(embedding, language)
        if asks is not None:
            total += self.settings.guide_ask_weight * _standardised(asks)
        position = {node_id: i for i, node_id in enumerate(ids)}
        for lang, _, hits in lexical:
            weight = self.settings.guide_bm25_weight if lang == language else self.settings.guide_german_bm25_weight
            if weight <= 0:
                continue
            scores = np.zeros(len(ids), dtype=np.float32)
            for node_id, score in hits:
                meta = self.index.nodes[node_id].metadata
                if meta.get("kind") != "guide":
                    continue
                i = position.get(f"guide|{meta['section']}||{language}|0")
                if i is not None:
                    scores[i] = max(scores[i], score)
            total += weight * _standardised(scores)
        return [ids[i] for i in np.argsort(-total, kind="stable")]

    def search(
        self,
        query: str,
        k: int = 10,
        language: str | None = None,
        as_of: date | str | None = None,
        mode: str = "hybrid",
    ) -> Retrieval:
        """Top ``k`` units for ``query``; ``language`` is detected when not given.

        ``mode`` is ``"hybrid"`` (default), or the plain ``"dense"`` / ``"bm25"`` ranking alone
        (baselines for benchmarks: no guide, citation, prior or as-of steps).
        """
        if mode not in MODES:
            raise ValueError(f"unknown retrieval mode {mode!r}")
        language = language or detect_language(query, self.settings.language_min_confidence)
        query = in_native_script(query, language, self.settings.corpus_dir)
        if mode == "dense":  # the baselines are the plain rankings, without any of the steps below
            return self._plain(self.dense_ids(query), k, language, query)
        if mode == "bm25":
            lexical = weighted_rrf(self.lexical_lists(query, language), self.settings.rrf_k)
            return self._plain(sorted(lexical, key=lexical.get, reverse=True), k, language, query)
        cited = find_citations(query, self._laws)
        embedding = self.index.vector_index._embed_model.get_query_embedding(query)
        lexical = self._lexical(query, language)
        lists: list[tuple[float, list[str]]] = [(self.settings.dense_weight, self.dense_ids(query, embedding))]
        lists += [(weight, [node_id for node_id, _ in hits]) for _, weight, hits in lexical]
        lists = [(weight, self._to_language(ids, language)) for weight, ids in lists]
        guides = self.rank_guides(embedding, language, lexical)
        if guides:  # the pages of the post's language compete among themselves, ranked on their own
            lists = [(weight, [i for i in ids if self.index.nodes[i].metadata.get("kind") != "guide"]) for weight, ids in lists]
            lists.append((self.settings.guide_list_weight, guides))
        citation_ids = [node_id for law, section in cited for node_id in self.units_of(law, section)]
        if citation_ids:
            lists.append((_CITATION_WEIGHT, citation_ids))

        day = (as_of.isoformat() if isinstance(as_of, date) else as_of) or date.today().isoformat()
        cited_laws = {law for law, _ in cited}
        scores = self._weigh(weighted_rrf(lists, self.settings.rrf_k), language, day, cited_laws)
        guide_sources = self._guide_source_ids(scores)
        if guide_sources:
            lists.append((self.settings.guide_source_weight, guide_sources))
            scores = self._weigh(weighted_rrf(lists, self.settings.rrf_k), language, day, cited_laws)
        ranked = self._cap_guides(sorted(scores.items(), key=lambda item: item[1], reverse=True))[:k]
        return Retrieval(language, [NodeWithScore(node=self.index.nodes[i], score=s) for i, s in ranked], embedding, query)

    def _to_language(self, ids: list[str], language: str) -> list[str]:
        """The guide is parallel in all languages: a hit on a page in another language
        (e.g. the German page found through glossary terms) counts for the same page in
        the post's language."""
        mapped: list[str] = []
        for node_id in ids:
            meta = self.index.nodes[node_id].metadata
            if meta.get("kind") == "guide" and meta.get("lang") != language:
                twin = f"guide|{meta['section']}||{language}|0"
                node_id = twin if twin in self.index.nodes else node_id
            mapped.append(node_id)
        return list(dict.fromkeys(mapped))

    def _plain(self, ids: list[str], k: int, language: str, query: str) -> Retrieval:
        hits = [NodeWithScore(node=self.index.nodes[i], score=1.0 / (r + 1)) for r, i in enumerate(ids[:k])]
        return Retrieval(language, hits, query=query)

    def _weigh(self, scores: dict[str, float], language: str, day: str, cited_laws: set[str]) -> dict[str, float]:
        """Priors on fused scores: directives below statutes unless cited, guide pages in
        other languages below the post's language, units not in force demoted."""
        for node_id in scores:
            meta = self.index.nodes[node_id].metadata
            kind = meta.get("kind")
            if kind == "directive" and meta.get("law") not in cited_laws:
                scores[node_id] *= self.settings.directive_weight
            elif kind == "guide" and language != UNKNOWN and meta.get("lang") != language:
                scores[node_id] *= self.settings.guide_other_language_weight
            if not in_force(meta.get("valid_from", ""), meta.get("valid_until", ""), day):
                scores[node_id] *= _EXPIRED_FACTOR
        return scores

    def _guide_source_ids(self, scores: dict[str, float]) -> list[str]:
        """Units cited by the best guide pages, in the order of those pages."""
        guides = sorted(
            (node_id for node_id in scores if self.index.nodes[node_id].metadata.get("kind") == "guide"),
            key=scores.get,
            reverse=True,
        )[: self.settings.guide_expand_pages]
        ids: list[str] = []
        for guide_id in guides:
            for source in self.index.nodes[guide_id].metadata.get("sources") or []:
                ids += self.units_of(source["law"], source["section"])
        return list(dict.fromkeys(ids))

    def _cap_guides(self, ranked: list[tuple[str, float]]) -> list[tuple[str, float]]:
        """Keep at most ``max_guide_results`` guide pages, so provisions are not crowded out."""
        kept, guides = [], 0
        for node_id, score in ranked:
            if self.index.nodes[node_id].metadata.get("kind") == "guide":
                guides += 1
                if guides > self.settings.max_guide_results:
                    continue
            kept.append((node_id, score))
        return kept
