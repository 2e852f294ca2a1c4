"""When do two posts ask the same question? Compared by what cads_rag does with them, not
by their words.

Embedding similarity between short posts cannot tell "notice period in probation" from
"notice period after six years" (e5 cosine: 0.93 between different questions, 0.87 on
average between paraphrases in other languages; see ``evals/approved_match.py``). Two
posts that need the same answer are instead retrieved and drafted alike, so a post is
described by language-independent keys — the units it retrieves, in rank order (guide
pages by topic, provisions by § and law), the units its draft cites, and the glossary
concepts it names — and two posts are compared by rank-biased overlap of the first,
Jaccard overlap of the second and third (result-set similarity of queries, in the manner of
Sahami & Heilman 2006).

>>> a = MatchKeys(ranked=["guide:notice-periods", "BGB|622"], cited=["guide:notice-periods", "BGB|622"], concepts=["Probezeit"])
>>> b = MatchKeys(ranked=["guide:notice-periods", "BGB|622"], cited=["guide:notice-periods", "BGB|622"], concepts=["Kündigungsfrist"])
>>> round(similarity(a, a), 2), round(similarity(a, b), 2)
(0.72, 0.59)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from llama_index.core.schema import TextNode
from pydantic import BaseModel, Field

from cads_rag.glossary import Glossary

RANKED_DEPTH = 10
RBO_PERSISTENCE = 0.8
CONCEPT_WEIGHT = 0.3
IGNORED = frozenset({"guide:getting-help"})  # every draft cites where to get help


class MatchKeys(BaseModel):
    """What a post retrieves, what its draft cites, and which concepts it names."""

    ranked: list[str] = Field(default_factory=list)
    cited: list[str] = Field(default_factory=list)
    concepts: list[str] = Field(default_factory=list)


def unit_key(metadata: Mapping[str, object]) -> str:
    """``guide:<page id>`` (the same in all 11 languages) or ``<law>|<section>``."""
    if metadata.get("law") == "guide":
        return f"guide:{metadata.get('section')}"
    return f"{metadata.get('law')}|{metadata.get('section')}"


def keys_of(hit_ids: Sequence[str], cited_ids: Iterable[str], question: str, language: str,
            nodes: Mapping[str, TextNode], glossary: Glossary | None) -> MatchKeys:
    """The keys of one drafted post (``hit_ids`` ranked, ``cited_ids`` its draft's units)."""
    ranked = list(dict.fromkeys(unit_key(nodes[i].metadata) for i in hit_ids if i in nodes))[:RANKED_DEPTH]
    cited = sorted({unit_key(nodes[i].metadata) for i in cited_ids if i in nodes} - IGNORED)
    concepts = sorted({glossary.rows[i]["de"][0] for i in glossary.concepts(question, language) if glossary.rows[i].get("de")}) if glossary else []
    return MatchKeys(ranked=ranked, cited=cited, concepts=concepts)


def rank_biased_overlap(a: Sequence[str], b: Sequence[str], p: float = RBO_PERSISTENCE) -> float:
    """Rank-biased overlap of two rankings, cut at the shorter one (0 … 1 - p^depth).

    >>> round(rank_biased_overlap(["x", "y"], ["x", "y"]), 2), rank_biased_overlap(["x"], ["z"])
    (0.36, 0.0)
    """
    depth = min(len(a), len(b))
    total = 0.0
    for d in range(1, depth + 1):
        total += p ** (d - 1) * len(set(a[:d]) & set(b[:d])) / d
    return (1 - p) * total


def jaccard(a: Iterable[str], b: Iterable[str]) -> float:
    a, b = set(a), set(b)
    return len(a & b) / len(a | b) if a | b else 0.0


def similarity(a: MatchKeys, b: MatchKeys) -> float:
    """0 … 1: how surely two posts need the same answer."""
    score = rank_biased_overlap(a.ranked, b.ranked) + jaccard(a.cited, b.cited) + CONCEPT_WEIGHT * jaccard(a.concepts, b.concepts)
    return score / (2 + CONCEPT_WEIGHT)
