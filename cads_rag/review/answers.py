"""The approved-answer library: approved answers found again for similar posts, with their
provenance, and flagged stale when the law they relied on changed.

A new post is compared with the questions of approved answers by what cads_rag retrieved
and drafted for each (:mod:`cads_rag.draft.matching`; language-independent, so a Polish
post finds a Romanian answer too). Matches at or above the calibrated
``approved_match_threshold`` are offered with who approved them, when, and the provisions
they cite; the ComposeDrafter reuses a current one in the post's language at or above
``approved_reuse_threshold``. An answer is **stale** when a unit it cites is gone from the index,
changed text since the approval (content hash), or is not in force on the as-of date;
stale answers are shown as stale and never offered as current, and a re-index marks them
stale in the store (:meth:`ApprovedAnswers.refresh`).

>>> answers = ApprovedAnswers(store, library.index.nodes, threshold=0.7)      # doctest: +SKIP
>>> [m.review_id for m in answers.match(draft._match_keys, "pl", "2026-12-06")]  # doctest: +SKIP
[12]
"""

from __future__ import annotations

import threading
from collections.abc import Mapping, Sequence
from datetime import date

from llama_index.core.schema import TextNode

from cads_rag.corpus.manifest import in_force
from cads_rag.corpus.units import content_hash
from cads_rag.draft.matching import MatchKeys, similarity
from cads_rag.draft.models import ApprovedMatch, Citation
from cads_rag.draft.sources import citation_of_node, decisive_quote
from cads_rag.index.store import load_index
from cads_rag.review.migrate import database_exists
from cads_rag.review.models import ApprovedUnit, Review
from cads_rag.review.store import ReviewStore
from cads_rag.settings import Settings


def stale_reasons(units: Sequence[ApprovedUnit], nodes: Mapping[str, TextNode], as_of: str) -> list[str]:
    """Why an answer resting on ``units`` is no longer current (empty when it is)."""
    reasons = []
    for unit in units:
        name = unit.citation or f"{unit.law} {unit.section}"
        node = nodes.get(unit.node_id)
        if node is None:
            reasons.append(f"{name} is no longer in the sources")
        elif content_hash(node.get_content()) != unit.content_hash:
            stand = node.metadata.get("stand", "")
            reasons.append(f"{name} changed since the approval" + (f" (now Stand {stand})" if stand and stand != unit.stand else ""))
        elif not in_force(node.metadata.get("valid_from", ""), node.metadata.get("valid_until", ""), as_of):
            reasons.append(f"{name} is not in force on {as_of}")
    return reasons


class ApprovedAnswers:
    """Matching and staleness over the approved answers of one store and one index."""

    def __init__(self, store: ReviewStore, nodes: Mapping[str, TextNode], threshold: float) -> None:
        self.store = store
        self.nodes = nodes
        self.threshold = threshold
        self._lock = threading.Lock()
        self._generation = -1
        self._entries: list[tuple[Review, MatchKeys]] = []

    def match(self, keys: MatchKeys | dict, language: str, as_of: str, k: int = 3) -> list[ApprovedMatch]:
        """Approved answers at least ``threshold`` similar, best first (at equal similarity:
        current before stale, the post's language before others)."""
        keys = MatchKeys.model_validate(keys)
        scored = [(similarity(keys, their), review) for review, their in self._load()]
        scored = sorted((pair for pair in scored if pair[0] >= self.threshold), key=lambda pair: -pair[0])[:k]
        found = [self._offer(review, score, as_of) for score, review in scored]
        return sorted(found, key=lambda m: (-round(m.similarity, 3), m.stale, m.language != language))

    def refresh(self, as_of: str) -> list[int]:
        """Mark approved answers stale whose cited units changed or expired; returns their ids."""
        stale = {}
        for review, _keys in self.store.library():
            if not review.stale:
                reasons = stale_reasons(review.units, self.nodes, as_of)
                if reasons:
                    stale[review.id] = reasons
        return self.store.mark_stale(stale)

    def _offer(self, review: Review, score: float, as_of: str) -> ApprovedMatch:
        reasons = stale_reasons(review.units, self.nodes, as_of)
        if review.stale and review.stale_reason:
            reasons = list(dict.fromkeys([*reasons, *review.stale_reason.split("; ")]))
        return ApprovedMatch(
            review_id=review.id, similarity=round(score, 4), language=review.language, question=review.question,
            text=review.final_text or review.text, status=review.status, approved_by=review.approved_by or "",
            approved_at=review.approved_at or "", posted_url=review.posted_url, stale=bool(reasons),
            stale_reasons=reasons, citations=self.citations(review.units, review.final_text or review.text),
        )

    def citations(self, units: Sequence[ApprovedUnit], text: str) -> list[Citation]:
        """The approved answer's sources as citations: from the current index where the unit
        is unchanged, else as recorded at approval."""
        citations = []
        for unit in units:
            node = self.nodes.get(unit.node_id)
            if node is not None and content_hash(node.get_content()) == unit.content_hash:
                citations.append(citation_of_node(unit.n, node, decisive_quote(node, [text], 120)))
            else:
                citations.append(Citation(n=unit.n, **unit.model_dump(exclude={"n"})))
        return citations

    def _load(self) -> list[tuple[Review, MatchKeys]]:
        generation = self.store.generation()
        with self._lock:
            if generation != self._generation:
                self._entries = [(review, MatchKeys.model_validate(keys)) for review, keys in self.store.library() if keys]
                self._generation = generation
            return self._entries


def refresh_stale(settings: Settings, as_of: str | None = None) -> list[int]:
    """After a re-index: mark the approved answers of the configured store stale whose units
    changed or expired (nothing to do, and no database created, when no store exists yet)."""
    if not database_exists(settings.review_url):
        return []
    store = ReviewStore.open(settings.review_url, four_eyes=settings.four_eyes)
    try:
        answers = ApprovedAnswers(store, load_index(settings).nodes, settings.approved_match_threshold)
        return answers.refresh(as_of or date.today().isoformat())
    finally:
        store.close()
