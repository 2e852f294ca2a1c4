"""Is a post about German labour or social law? The post is compared with the guide
(in scope) and with everyday topics outside it (``corpus/out_of_scope.yaml``), in the
post's language, in two views, each like with like: as passages (the guide pages as the
index holds them, against the outside topics' titles and their one-sentence
descriptions, ids ``<topic>/about``) and as queries (the guide titles against the
outside titles; e5 embeds a question and a passage differently, and the two views err
on different posts). A third, lexical view weighs the post's words (BM25 in its
language, stemmed and folded) against the same guide pages and outside titles and
descriptions: e5 alone mistakes "my landlord keeps the deposit, I work nights" for a
labour question more often than the words do. The margin is (best guide − best outside)
summed over the two embedding views, plus ``settings.scope_lexical_weight`` × (log of
the best guide's BM25 score − log of the best outside topic's); at or above
``settings.scope_threshold`` the post is in scope. The threshold is calibrated on the
dev and scope sets (evals/datasets; ``make bench`` prints the rates).

>>> scope = ScopeClassifier(library.index, library.retriever, settings)        # doctest: +SKIP
>>> scope.decide(embedding, "ro").in_scope                                     # doctest: +SKIP
False
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from llama_index.core.schema import TextNode

from cads_rag.corpus.scope import scope_anchors
from cads_rag.index.lexical import _retriever_for
from cads_rag.index.retriever import HybridRetriever
from cads_rag.index.store import LoadedIndex
from cads_rag.settings import Settings


Table = dict[str, tuple[list[str], np.ndarray]]
# "Where to get help" matches "who knows a good mechanic/dentist?" as well as labour questions.
GENERIC_PAGES = frozenset({"getting-help"})
# Outside topics described in a sentence (passage view only; their titles serve both views).
ABOUT = "/about"


@dataclass
class ScopeDecision:
    """The verdict, its margin and the nearest title on each side."""

    in_scope: bool
    margin: float
    nearest_guide: str
    nearest_outside: str


class ScopeClassifier:
    """Nearest-title classifier over two embedding views (see module docstring)."""

    def __init__(self, index: LoadedIndex, retriever: HybridRetriever, settings: Settings) -> None:
        self.threshold = settings.scope_threshold
        self.guides: Table = {lang: _subset(t, "guide|", GENERIC_PAGES) for lang, t in retriever.guides.items()}
        self.outside = _by_language(index.scope_ids, index.scope_vectors)
        titles = _by_language(index.title_ids, index.title_vectors)
        self.guide_queries = {lang: _subset(t, "guide|", GENERIC_PAGES) for lang, t in titles.items()}
        self.outside_queries = {lang: _subset(t, "scope|", about=False) for lang, t in titles.items()}
        self.lexical_weight = settings.scope_lexical_weight
        self._lexical = _lexical_views(index, settings.corpus_dir) if self.outside and self.lexical_weight > 0 else {}

    def decide(self, embedding: list[float], language: str, text: str = "") -> ScopeDecision:
        """In scope unless the post is nearer to the outside topics; with no outside
        topics indexed (a corpus without ``out_of_scope.yaml``), always in scope. The
        lexical view counts when the post's ``text`` is given."""
        if not self.outside:
            return ScopeDecision(True, 1.0, "", "")
        vector = np.asarray(embedding, dtype=np.float32)
        guide_id, guide = _nearest(self.guides, language, vector)
        outside_id, outside = _nearest(self.outside, language, vector)
        margin = guide - outside
        if self.guide_queries:
            margin += _nearest(self.guide_queries, language, vector)[1] - _nearest(self.outside_queries, language, vector)[1]
        if text and language in self._lexical:
            margin += self.lexical_weight * self._lexical_margin(text, language)
        return ScopeDecision(margin >= self.threshold, round(margin, 4), guide_id, outside_id)

    def _lexical_margin(self, text: str, language: str) -> float:
        """log(1 + best guide BM25 score) − log(1 + best outside BM25 score)."""
        best = {"guide": 0.0, "scope": 0.0}
        for hit in self._lexical[language].retrieve(text):
            kind = hit.node.metadata["kind"]
            best[kind] = max(best[kind], float(hit.score or 0.0))
        return float(np.log1p(best["guide"]) - np.log1p(best["scope"]))


def _lexical_views(index: LoadedIndex, corpus_dir) -> dict:
    """Per language, BM25 over the guide pages (title and text; the generic help page
    left out) and the outside topics' titles and descriptions, their words only."""
    docs: dict[str, list[TextNode]] = {}
    for node in index.nodes.values():
        meta = node.metadata
        if meta.get("kind") == "guide" and meta.get("section") not in GENERIC_PAGES:
            text = f"{meta.get('title', '')}\n{node.get_content()}"
            docs.setdefault(meta.get("lang", ""), []).append(TextNode(id_=node.node_id, text=text, metadata={"kind": "guide"}))
    for anchor in scope_anchors(corpus_dir):
        docs.setdefault(anchor.metadata["lang"], []).append(
            TextNode(id_=anchor.node_id, text=anchor.get_content(), metadata={"kind": "scope"})
        )
    views = {}
    for lang, nodes in docs.items():
        if any(n.metadata["kind"] == "scope" for n in nodes) and any(n.metadata["kind"] == "guide" for n in nodes):
            for node in nodes:
                node.excluded_embed_metadata_keys = ["kind"]
            views[lang] = _retriever_for(lang, nodes, top_n=len(nodes))
    return views


def _by_language(ids: list[str], vectors: np.ndarray | None) -> Table:
    """Rows of ``vectors`` grouped by the language in their id (``kind|…|lang|…``)."""
    if vectors is None or not ids:
        return {}
    rows: dict[str, list[int]] = {}
    for row, item_id in enumerate(ids):
        parts = item_id.split("|")
        lang = parts[2] if parts[0] == "scope" else parts[3]
        rows.setdefault(lang, []).append(row)
    return {lang: ([ids[r] for r in rs], vectors[rs]) for lang, rs in rows.items()}


def _subset(
    table_entry: tuple[list[str], np.ndarray], prefix: str, skip: frozenset[str] = frozenset(), about: bool = True
) -> tuple[list[str], np.ndarray]:
    """The rows whose id starts with ``prefix``, without the pages in ``skip`` and, unless
    ``about``, without the topic descriptions (``<topic>/about``)."""
    ids, matrix = table_entry
    rows = [
        i for i, item_id in enumerate(ids)
        if item_id.startswith(prefix) and item_id.split("|")[1] not in skip
        and (about or not item_id.split("|")[1].endswith(ABOUT))
    ]
    return [ids[i] for i in rows], matrix[rows]


def _nearest(table: Table, language: str, vector: np.ndarray) -> tuple[str, float]:
    """The best-matching title of ``language`` (of all languages when unknown)."""
    groups = [table[language]] if language in table else list(table.values())
    best_id, best = "", -1.0
    for ids, matrix in groups:
        if len(ids):
            sims = matrix @ vector
            i = int(np.argmax(sims))
            if sims[i] > best:
                best_id, best = ids[i], float(sims[i])
    return best_id, best
