"""Retrieval metrics at the level of provisions: R@k and MRR@k.

A hit is a unit whose ``(law, section)`` is gold, or a guide page whose ``sources``
include a gold provision.

>>> ranks = [1, None, 3]
>>> recall_at(ranks, 1), recall_at(ranks, 5), round(mrr(ranks, 10), 3)
(0.333, 0.667, 0.444)
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from cads_rag.library import SearchResult


def first_hit_rank(results: Sequence[SearchResult], gold: set[tuple[str, str]]) -> int | None:
    """1-based rank of the first result that is (or is built on) a gold provision."""
    for result in results:
        if (result.law, result.section) in gold:
            return result.rank
        if result.sources and any((s.law, s.section) in gold for s in result.sources):
            return result.rank
    return None


def recall_at(ranks: Iterable[int | None], k: int) -> float:
    ranks = list(ranks)
    return round(sum(1 for r in ranks if r is not None and r <= k) / len(ranks), 3) if ranks else 0.0


def mrr(ranks: Iterable[int | None], k: int = 10) -> float:
    ranks = list(ranks)
    return sum(1.0 / r for r in ranks if r is not None and r <= k) / len(ranks) if ranks else 0.0
