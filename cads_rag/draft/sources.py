"""The numbered sources of a draft: which unit is ``[n]``, its decisive words, and the
source lines printed under the answer.

>>> sources = SourceList(index.nodes)                                  # doctest: +SKIP
>>> sources.number("MiLoV5|1||de|0"), sources.number("MiLoV5|1||de|0")  # doctest: +SKIP
(1, 1)
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from llama_index.core.schema import TextNode

from cads_rag.corpus.units import content_hash
from cads_rag.draft.models import Citation
from cads_rag.draft.sentences import draft_sentences
from cads_rag.figures import figures, figures_in_source
from cads_rag.library import unit_fields

_TABLE_MARKUP = re.compile(r"\s*\|\s*|[\[\]]")
_MARKER = re.compile(r"^\(\d+[a-z]?\)\s*")


def citation_of_node(n: int, node: TextNode, quote: str = "") -> Citation:
    """The :class:`Citation` ``[n]`` for one unit."""
    return Citation(n=n, quote=quote, content_hash=content_hash(node.get_content()), **unit_fields(node))


def decisive_quote(node: TextNode, claims: list[str], max_chars: int) -> str:
    """The sentence of a statute/directive unit that best backs ``claims`` (most shared
    figures, else the first), trimmed to ``max_chars`` at a word boundary."""
    if max_chars <= 0 or node.metadata.get("kind") == "guide":
        return ""
    text = _TABLE_MARKUP.sub(" ", node.get_content())
    language = "de" if node.metadata.get("lang") == "de" else node.metadata.get("lang", "en")
    pieces = [_MARKER.sub("", p).strip() for p in draft_sentences(text, language)]
    pieces = [p for p in pieces if len(p) > 3]
    if not pieces:
        return ""
    wanted = set().union(*(set(figures(c)) for c in claims)) if claims else set()
    best = max(pieces, key=lambda p: (len(wanted & figures_in_source(p)), -pieces.index(p)))
    best = re.sub(r"\s+", " ", best).replace(",;", ";")
    if len(best) <= max_chars:
        return best
    cut = best[: max_chars - 1].rsplit(" ", 1)[0]
    return cut.rstrip(",;:") + " …"


class SourceList:
    """Numbers units in order of first use and renders the source lines."""

    def __init__(self, nodes: Mapping[str, TextNode]) -> None:
        self.nodes = nodes
        self.order: list[str] = []

    def number(self, node_id: str) -> int:
        """``n`` of a unit, numbering it when it is new."""
        if node_id not in self.order:
            self.order.append(node_id)
        return self.order.index(node_id) + 1

    def citations(self, claims_by_id: Mapping[str, list[str]], quote_chars: int, max_quotes: int = 2) -> list[Citation]:
        """One :class:`Citation` per numbered unit; the first ``max_quotes`` provisions
        (the decisive ones: cited first) carry their decisive words."""
        citations = []
        quoted = 0
        for n, node_id in enumerate(self.order, start=1):
            node = self.nodes[node_id]
            quote = ""
            if quoted < max_quotes and node.metadata.get("kind") != "guide":
                quote = decisive_quote(node, claims_by_id.get(node_id, []), quote_chars)
                quoted += bool(quote)
            citations.append(citation_of_node(n, node, quote))
        return citations


def source_line(citation: Citation, guide_label: str) -> str:
    """``[n] § 1 MiLoV5 (Höhe des Mindestlohns): „…" https://…`` — plain text, one line."""
    if citation.law == "guide":
        return f"[{citation.n}] {guide_label}: {citation.title}"
    head = f"[{citation.n}] {citation.citation}"
    if citation.title:
        head += f" ({citation.title})"
    quote = f": „{citation.quote}“" if citation.quote else ""
    url = f" {citation.url}" if citation.url else ""
    return f"{head}{quote}{url}"
