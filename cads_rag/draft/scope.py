"""Is a post about German labour or social law? The post is compared with the titles of
the guide pages (in scope) and with titles of everyday topics outside it
(``corpus/out_of_scope.yaml``), in the post's language, twice: with the titles
embedded as passages (as the index holds them) and as queries (e5 embeds a question
and a passage differently; the two views err on different posts). The margin is
(best guide − best outside) summed over both views; at or above
``settings.scope_threshold`` the post is in scope. The threshold is calibrated on the
dev and scope sets (evals/datasets; ``make bench`` prints the rates).

>>> scope = ScopeClassifier(library.index, library.retriever, settings)        # doctest: +SKIP
>>> scope.decide(embedding, "ro").in_scope                                     # doctest: +SKIP
False
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from cads_rag.index.retriever import HybridRetriever
from cads_rag.index.store import LoadedIndex
from cads_rag.settings import Settings


Table = dict[str, tuple[list[str], np.ndarray]]
# "Where to get help" matches "who knows a good mechanic/dentist?" as well as labour questions.
GENERIC_PAGES = frozenset({"getting-help"})


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
        self.outside_queries = {lang: _subset(t, "scope|") for lang, t in titles.items()}

    def decide(self, embedding: list[float], language: str) -> ScopeDecision:
        """In scope unless the post is nearer to the outside topics; with no outside
        topics indexed (a corpus without ``out_of_scope.yaml``), always in scope."""
        if not self.outside:
            return ScopeDecision(True, 1.0, "", "")
        vector = np.asarray(embedding, dtype=np.float32)
        guide_id, guide = _nearest(self.guides, language, vector)
        outside_id, outside = _nearest(self.outside, language, vector)
        margin = guide - outside
        if self.guide_queries:
            margin += _nearest(self.guide_queries, language, vector)[1] - _nearest(self.outside_queries, language, vector)[1]
        return ScopeDecision(margin >= self.threshold, round(margin, 4), guide_id, outside_id)


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


def _subset(table_entry: tuple[list[str], np.ndarray], prefix: str, skip: frozenset[str] = frozenset()) -> tuple[list[str], np.ndarray]:
    ids, matrix = table_entry
    rows = [i for i, item_id in enumerate(ids) if item_id.startswith(prefix) and item_id.split("|")[1] not in skip]
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
