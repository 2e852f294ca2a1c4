"""Retrieval metrics at the level of provisions: R@k and MRR@k.

A hit is a unit whose ``(law, section)`` is gold, or a guide page whose ``sources``
include a gold provision.

>>> ranks = [1, None, 3]
>>> recall_at(ranks, 1), recall_at(ranks, 5), round(mrr(ranks, 10), 3)
(0.333, 0.667, 0.444)
>>> rank_measures(3)
{'recall@1': 0.0, 'recall@5': 1.0, 'recall@10': 1.0, 'mrr@10': 0.3333}
>>> context_id("BGB", "622"), context_id("32003L0088", "Art. 7"), context_id("guide", "minijob")
('BGB § 622', '32003L0088 Art. 7', 'guide minijob')
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


def rank_measures(rank: int | None) -> dict[str, float]:
    """One item's share of R@1/5/10 and MRR@10, given the rank of its first hit: the
    means of these over items are the R@k and MRR of a set."""
    measures = {f"recall@{k}": float(rank is not None and rank <= k) for k in (1, 5, 10)}
    measures["mrr@10"] = round(1.0 / rank, 4) if rank is not None and rank <= 10 else 0.0
    return measures


def context_id(law: str, section: str) -> str:
    """The canonical id of a provision for the ragas ID-based metrics: ``"BGB § 622"``;
    Articles and pages keep their own word (``"32003L0088 Art. 7"``, ``"guide minijob"``)."""
    if law == "guide" or section.startswith(("Art.", "p.")):
        return f"{law} {section}"
    return f"{law} § {section}"
