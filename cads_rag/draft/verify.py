"""CitationVerifier: every sentence of a draft — composed, generated or edited — checked
against the units it cites, by code.

A sentence is ``ok`` when it carries ≥ 1 ``[n]``, every ``[n]`` names a source of the
draft that exists in the index, every figure it states (amounts, dates, durations:
"13,90" = "13.90 €", "drei Wochen" = "3 Wochen") and every "§ N <law>" / "Art. N" it
names occurs in one of its cited units (so does every web address it gives), and those
units are in force on the as-of date. Otherwise it is ``uncited``, ``unsupported`` or ``expired``, with the reason in
``detail``. Greeting and disclaimer lines, the sources heading and the numbered source
lines themselves are not claims; they are reported as ``ok`` with what they are.

>>> verifier = CitationVerifier(library.index.nodes)                  # doctest: +SKIP
>>> [c.status for c in verifier.verify(draft.text, draft.citations, "pl", "2026-11-25")]  # doctest: +SKIP
['ok', 'ok', 'ok']
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date

from llama_index.core.schema import TextNode

from cads_rag.corpus.manifest import in_force
from cads_rag.draft.models import Check, Citation
from cads_rag.draft.phrases import Phrases, load_phrases
from cads_rag.draft.sentences import SOURCE_LINE, draft_sentences, markers, strip_markers
from cads_rag.figures import figures, figures_in_source, german_number_words
from cads_rag.index.citations import find_citations

_BARE_ARTICLE = re.compile(r"\b(?:Art\.?|Article|Artikel|Articolo|Artículo|Artykuł|Articolul|Članak|Άρθρο)\s*(\d+[a-z]?)", re.I)
WEB_ADDRESS = re.compile(
    r"(?:https?://)?(?:www\.)?((?:[\w-]+\.)+(?:de|eu|org|com|net|info|io|ro|pl|bg|it|es|hu|hr|gr|fr|uk|example))\b\S*", re.I
)
_ANY_SECTION = re.compile(r"§{1,2}\s*(\d+[a-z]?)(?:\s*(?:Abs\.|Absatz|S\.|Satz|Nr\.)\s*\d+[a-z]?)*\s+([A-ZÄÖÜ][\wÄÖÜäöü/]+)")
_GERMAN_MONTHS = ("januar", "februar", "märz", "april", "mai", "juni", "juli", "august", "september", "oktober", "november", "dezember")
_MONTH_DATE = re.compile(r"\b(" + "|".join(_GERMAN_MONTHS) + r")\s+\d{4}\b", re.I)
_NUMERIC_DATE = re.compile(r"\b(\d{1,2})[./](\d{1,2})[./](\d{4})\b|\b(\d{4})-(\d{2})-(\d{2})\b")


def claim_figures(sentence: str, language: str) -> set[str]:
    """Figures a draft sentence states; numeric dates count as day, month and year.

    >>> sorted(claim_figures("Ab 01.01.2027 sind es 14,60 € (§ 1 MiLoV5) [1], binnen drei Wochen.", "de"))
    ['1', '14.6', '2027', '3']
    """
    text = strip_markers(sentence)
    found = set(figures(_NUMERIC_DATE.sub(_date_parts, text)))
    if language == "de":  # "ein"/"eine" are mostly articles, not the figure 1
        found |= german_number_words(text) - {"1"}
    return found


def _date_parts(match: re.Match[str]) -> str:
    day, month, year = (match.group(1), match.group(2), match.group(3)) if match.group(1) else (
        match.group(6), match.group(5), match.group(4))
    return f" {int(day)} {int(month)} {year} "


def unit_figures(node: TextNode) -> set[str]:
    """Figures a unit states (its text, title and, for a guide page, its listed facts);
    a month named before a year also counts as its number ("1. Juni 2026" → 6)."""
    meta = node.metadata
    text = f"{meta.get('title', '')}\n{node.get_content()}"
    found = figures_in_source(text)
    found |= {str(_GERMAN_MONTHS.index(m.group(1).lower()) + 1) for m in _MONTH_DATE.finditer(text)}
    for fact in meta.get("facts") or []:
        found |= set(figures(f"{fact.get('value', '')} {fact.get('what', '')}"))
    return found


class CitationVerifier:
    """Checks drafts against the units of one index (``node_id`` → node)."""

    def __init__(self, nodes: Mapping[str, TextNode], phrases: Phrases | None = None) -> None:
        self.nodes = nodes
        self.phrases = phrases or load_phrases()
        self.laws = {node.metadata.get("law", "") for node in nodes.values()} - {""}
        self.laws |= {s["law"] for node in nodes.values() for s in node.metadata.get("sources") or []}
        self._figures: dict[str, set[str]] = {}

    def verify(
        self, text: str, citations: Sequence[Citation], language: str, as_of: date | str
    ) -> list[Check]:
        """One :class:`Check` per sentence of ``text`` (source lines excluded)."""
        day = as_of.isoformat() if isinstance(as_of, date) else as_of
        by_n = {c.n: c for c in citations}
        checks: list[Check] = []
        for line in text.splitlines():
            line = line.strip()
            if not line or SOURCE_LINE.match(line):
                continue
            exempt = self._exempt(line, language)
            for sentence in draft_sentences(line, language):
                if exempt:
                    checks.append(Check(sentence=sentence, status="ok", detail=exempt))
                else:
                    checks.append(self.check_sentence(sentence, by_n, language, day))
        return checks

    def _exempt(self, line: str, language: str) -> str:
        """What a line is when it is not a claim (disclaimer, heading, greeting), else ''."""
        if markers(line):
            return ""
        plain = line.casefold().rstrip(" .!:")
        for key in ("disclaimer", "out_of_scope", "not_found", "sources_heading"):
            for lang in (language, "en"):
                phrase = self.phrases.get(key, lang).casefold().rstrip(" .!:")
                if phrase and plain == phrase:
                    return f"{key.replace('_', ' ')} line (not a claim)"
        if len(line) <= 60 and not figures(line) and not find_citations(line, self.laws):
            words = plain.strip(" ,!")
            if any(words == g or words.startswith(g + " ") or words.startswith(g + ",")
                   for g in self.phrases.greetings(language)):
                return "greeting (not a claim)"
        return ""

    def check_sentence(self, sentence: str, by_n: Mapping[int, Citation], language: str, day: str) -> Check:
        """The verdict on one sentence, given the draft's sources by number."""
        numbers = markers(sentence)
        if not numbers:
            return Check(sentence=sentence, status="uncited", detail="no [n] source marker")
        problems: list[str] = []
        units: list[tuple[Citation, TextNode]] = []
        for n in numbers:
            citation = by_n.get(n)
            if citation is None:
                problems.append(f"[{n}] is not a source of this draft")
            elif citation.node_id not in self.nodes:
                problems.append(f"[{n}] {citation.citation or citation.law + ' ' + citation.section} is not in the corpus")
            else:
                units.append((citation, self.nodes[citation.node_id]))
        if units:
            backed = set().union(*(self._unit_figures(node) for _, node in units))
            missing = sorted(claim_figures(sentence, language) - backed, key=_numeric_key)
            if missing:
                cited = ", ".join(f"[{c.n}] {c.citation}" for c, _ in units)
                problems.append(f"{', '.join(missing)} not found in {cited}")
            problems += self._citation_problems(sentence, [node for _, node in units])
        if problems:
            return Check(sentence=sentence, status="unsupported", detail="; ".join(problems))
        expired = [
            f"[{c.n}] {c.citation} is not in force on {day}"
            + (f" (valid until {node.metadata['valid_until']})" if node.metadata.get("valid_until") else "")
            for c, node in units
            if not in_force(node.metadata.get("valid_from", ""), node.metadata.get("valid_until", ""), day)
        ]
        if expired:
            return Check(sentence=sentence, status="expired", detail="; ".join(expired))
        return Check(sentence=sentence, status="ok")

    def _unit_figures(self, node: TextNode) -> set[str]:
        if node.node_id not in self._figures:
            self._figures[node.node_id] = unit_figures(node)
        return self._figures[node.node_id]

    def _citation_problems(self, sentence: str, units: list[TextNode]) -> list[str]:
        """Provisions and web addresses the sentence names that none of its cited units is,
        rests on or mentions."""
        text = strip_markers(sentence)
        named = find_citations(text, self.laws)
        covered: set[tuple[str, str]] = set()
        for node in units:
            meta = node.metadata
            covered.add((meta.get("law", ""), meta.get("section", "")))
            covered |= {(s["law"], s["section"]) for s in meta.get("sources") or []}
        problems = [
            f"names § {m.group(1)} {m.group(2)}, which is not in the corpus"
            for m in _ANY_SECTION.finditer(text)
            if sum(ch.isupper() for ch in m.group(2)) >= 2
            and not any(law == m.group(2) or law.startswith(m.group(2) + " ") for law in self.laws)
        ]
        for law, section in named:
            mentioned = any(
                re.search(rf"§{{1,2}}\s*{re.escape(section)}\b", node.get_content()) and node.metadata.get("law") == law
                for node in units
            )
            if (law, section) not in covered and not mentioned:
                label = section if section.startswith("Art.") else f"§ {section} {law}"
                problems.append(f"names {label}, which no cited source is or mentions")
        for match in WEB_ADDRESS.finditer(text):
            host = match.group(1).lower()
            if not any(host in f"{node.get_content()} {node.metadata.get('url', '')}".lower() for node in units):
                problems.append(f"names {host}, which no cited source mentions")
        named_articles = {section for _, section in named if section.startswith("Art.")}
        for match in _BARE_ARTICLE.finditer(text):
            article = f"Art. {match.group(1)}"
            if article in named_articles:
                continue
            if not any(
                (node.metadata.get("kind") == "directive" and node.metadata.get("section") == article)
                or any(s["section"] == article for s in node.metadata.get("sources") or [])
                for node in units
            ):
                problems.append(f"names {article}, which no cited source is")
        return problems


def _numeric_key(value: str) -> float:
    try:
        return float(value)
    except ValueError:
        return 0.0
