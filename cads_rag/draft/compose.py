"""ComposeDrafter: the default drafter, no LLM. It writes in the post's language from the
guide page(s) in that language — the sentences that best match the post, each keeping
the guide's own "(§ N LAW)" and gaining ``[n]`` markers for the units it rests on — then
a referral line, the numbered sources with the decisive words of each provision in its
original wording and its link (plus the best-ranked provision of the retrieval and the
second guide page when the sentences do not cite them), and the disclaimer. Plain text, within ``max_chars``.

Every sentence it writes cites the unit(s) whose figures it states: the provision in
its parenthesis when that provision states them, otherwise also the guide page (whose
``facts`` back figures no statute states, e.g. the minijob ceiling).

Sentences are chosen for what the post asks: shared words and glossary concepts, and
figures — a sentence stating a figure in the unit the post counts in ("15 hours a
week" → "up to 32 hours a week"), the amount it names (13,90), or any figure when the
post asks "how much / how long / until when" (``quantity_words`` in phrases.yaml). When
the 1,500 characters run short, the quoted words of the provisions shrink and then go
before the answer drops below ``min_answer_chars``.

>>> drafter = ComposeDrafter(library.index, phrases)                  # doctest: +SKIP
>>> text, citations = drafter.compose(context)                        # doctest: +SKIP
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

from cads_rag.corpus.manifest import in_force
from cads_rag.draft.models import Citation
from cads_rag.draft.phrases import Phrases
from cads_rag.draft.sentences import draft_sentences
from cads_rag.draft.sources import SourceList, source_line
from cads_rag.draft.verify import WEB_ADDRESS, claim_figures, unit_figures
from cads_rag.figures import CITATION, normalise_number
from cads_rag.figures import figures as figures_of
from cads_rag.glossary import Glossary, fold
from cads_rag.index.citations import find_citations
from cads_rag.index.lexical import STEMMERS
from cads_rag.index.store import LoadedIndex

_PARENTHESIS = re.compile(r"\s*\(([^()]*(?:§|Art\.)[^()]*)\)")
_WORD = re.compile(r"[^\W\d_]{3,}")
# A figure and the word after it ("15 hours", "13,90 euro", "2 săptămâni"): what the figure counts.
_FIGURE_UNIT = re.compile(r"(\d+(?:[.,]\d+)*)(?:\s*(?:%|€|[.,:;-]))?\s+(?:de\s+|of\s+)?([^\W\d_]{2,})")
GETTING_HELP = "getting-help"
# General codes: only their sections the guide rests on are labour law.
GENERAL_CODES = frozenset({"BGB"})


@dataclass
class DraftContext:
    """What the pipeline decided before drafting: the (scrubbed) question, its language,
    the as-of day, the ranked units and, when answerable, the guide pages to write from."""

    question: str
    language: str
    as_of: str
    hit_ids: list[str]
    answerable: bool
    reason: str = "ok"  # "ok" | "out_of_scope" | "not_found"
    guide_ids: list[str] = field(default_factory=list)
    myth_id: str = ""


@dataclass
class _Sentence:
    text: str
    unit_ids: list[str]
    score: float
    order: int
    page_id: str
    terms: set[str]
    figures: set[str]


@lru_cache(maxsize=16)
def _stemmer(language: str):
    import Stemmer

    name = STEMMERS.get(language)
    return Stemmer.Stemmer(name) if name else None


def terms(text: str, language: str) -> set[str]:
    """Content-word stems of ``text`` (5-letter prefixes where no stemmer exists).

    >>> sorted(terms("Kündigungsfristen in der Probezeit", "de"))
    ['kundigungsfrist', 'probezeit']
    """
    words = [w for w in _WORD.findall(text.casefold()) if len(w) > 3]
    stemmer = _stemmer(language)
    if stemmer is None:
        return {w[:5] for w in words}
    return {fold(s) for s in stemmer.stemWords(words)}


def figure_units(text: str, language: str) -> dict[str, set[str]]:
    """What each figure of ``text`` counts: unit stem → the figures written with it
    (citations like "§ 3 BUrlG" left out).

    >>> figure_units("I work 15 hours a week, 2 weeks ago; § 3 BUrlG", "en")
    {'hour': {'15'}, 'week': {'2'}}
    """
    units: dict[str, set[str]] = defaultdict(set)
    for number, word in _FIGURE_UNIT.findall(CITATION.sub(" ", text)):
        stems = terms(word, language) if len(word) > 3 else {fold(word)}
        for stem in stems:
            units[stem].add(normalise_number(number))
    return dict(units)


class ComposeDrafter:
    """Composes drafts from the guide and the units of one index."""

    name = "compose"

    def __init__(
        self,
        index: LoadedIndex,
        phrases: Phrases,
        glossary: Glossary | None = None,
        max_chars: int = 1500,
        answer_chars: int = 800,
        extra_provision_rank: int = 4,
        min_answer_chars: int = 600,
    ) -> None:
        self.index = index
        self.phrases = phrases
        self.glossary = glossary
        self.max_chars = max_chars
        self.answer_chars = answer_chars
        self.extra_provision_rank = extra_provision_rank
        self.min_answer_chars = min_answer_chars
        self._units: dict[tuple[str, str], list[str]] = defaultdict(list)
        for node_id, node in index.nodes.items():
            self._units[(node.metadata.get("law", ""), node.metadata.get("section", ""))].append(node_id)
        self._laws = {law for law, _ in self._units} - {""}
        self._guide_sources = {(s["law"], s["section"]) for node in index.nodes.values() for s in node.metadata.get("sources") or []}

    # ----------------------------------------------------------------- public
    def compose(self, context: DraftContext) -> tuple[str, list[Citation]]:
        """The draft text and its numbered citations."""
        if not context.answerable:
            return self._cannot_answer(context)
        sentences = self._candidates(context)
        # Shorter quotes before fewer sentences; below ``min_answer_chars`` of answer the
        # quotes go rather than the sentences that state what the post asks.
        floor = min(self.min_answer_chars, self.answer_chars)
        attempts = [(b, q) for b in range(self.answer_chars, floor - 1, -100) for q in ((120, 2), (90, 2), (60, 2))]
        attempts += [(b, q) for b in range(self.answer_chars, 0, -100) for q in ((60, 1), (0, 0))]
        for budget, quotes in attempts:
            chosen = self._choose(sentences, budget)
            text, citations = self._render(context, chosen, quotes)
            if len(text) <= self.max_chars:
                return text, citations
        return self._render(context, self._choose(sentences, 0)[:1], (0, 0))

    # ------------------------------------------------------------- selection
    def _candidates(self, context: DraftContext) -> list[_Sentence]:
        """Sentences of the guide pages to write from, scored against the question."""
        query_terms = terms(context.question, context.language)
        query_concepts = set(self.glossary.concepts(context.question, context.language)) if self.glossary else set()
        asked = _AskedFigures(context.question, context.language, self.phrases.words("quantity_words", context.language))
        first_page_terms: set[str] = set()
        candidates: list[_Sentence] = []
        for page_rank, guide_id in enumerate(context.guide_ids):
            page = self.index.nodes[guide_id]
            is_myth = page.metadata.get("page_kind") == "myth"
            body = page.get_content()
            paragraphs = [p for p in body.split("\n\n") if p.strip()]
            position = 0
            for p_index, paragraph in enumerate(paragraphs):
                for sentence in draft_sentences(paragraph.replace("\n", " "), context.language):
                    sentence_terms = terms(sentence, context.language)
                    overlap = len(query_terms & sentence_terms)
                    new_overlap = len((query_terms & sentence_terms) - first_page_terms)
                    score = overlap
                    if query_concepts and self.glossary:
                        score += 2 * len(query_concepts & set(self.glossary.concepts(sentence, context.language)))
                    if page_rank == 0 and position == 0:
                        score += 100  # the rule
                    elif page_rank == 0 and is_myth and position == 1:
                        score += 50  # the correction of the myth
                    elif p_index == 0:
                        score += 2
                    if _PARENTHESIS.search(sentence):
                        score += 1
                    sentence_figures = claim_figures(sentence, context.language)
                    if sentence_figures:
                        score += 3  # the numbers and deadlines are what people need
                        score += asked.bonus(sentence)
                    if p_index == len(paragraphs) - 1 and len(paragraphs) > 2:
                        score -= 3  # "who can help": the referral line says it
                    if page_rank and (overlap < 2 or not new_overlap):
                        score = -1  # a second page only adds what the post asks about and the first lacks
                    candidates.append(
                        _Sentence(
                            sentence, self._backing(sentence, guide_id), score, len(candidates), guide_id, sentence_terms,
                            sentence_figures,
                        )
                    )
                    position += 1
            if page_rank == 0:
                first_page_terms = terms(body, context.language)
        return candidates

    def _backing(self, sentence: str, guide_id: str) -> list[str]:
        """Units a guide sentence rests on: the provisions in its parenthesis (the Absatz
        unit that states its figures when a § is split), and the guide page itself when
        they do not state all its figures or none is named."""
        wanted = claim_figures(sentence, self.index.nodes[guide_id].metadata.get("lang", ""))
        unit_ids: list[str] = []
        covered: set[str] = set()
        for parenthesis in _PARENTHESIS.findall(sentence):
            for law, section in find_citations(parenthesis, self._laws):
                candidates = self._units.get((law, section), [])
                if not candidates:
                    continue
                best = max(candidates, key=lambda i: (len(wanted & unit_figures(self.index.nodes[i])), -candidates.index(i)))
                unit_ids.append(best)
                covered |= unit_figures(self.index.nodes[best])
        if not unit_ids or wanted - covered or WEB_ADDRESS.search(sentence):
            unit_ids.append(guide_id)  # the page states what its provisions do not (figures, web addresses)
        return list(dict.fromkeys(unit_ids))

    def _choose(self, sentences: list[_Sentence], budget: int) -> list[_Sentence]:
        """Best-scoring sentences within ``budget`` characters, in page order, without
        repeats: a sentence whose words mostly appear in one already chosen is skipped
        (a myth page and its topic page state the same rule)."""
        chosen: list[_Sentence] = []
        used = 0
        for sentence in sorted(sentences, key=lambda s: (-s.score, s.order)):
            if sentence.score < 0 or chosen and used + len(sentence.text) > budget:
                continue
            if any(_repeats(sentence, other) for other in chosen):
                continue
            chosen.append(sentence)
            used += len(sentence.text) + 1
            # A figure that changes on a known date comes with its other dated values
            # (13,90 EUR in 2026 and 14,60 EUR from 2027): sentences of the same page
            # citing the same provision with figures join it.
            for sibling in sentences:
                if (sibling not in chosen and sibling.page_id == sentence.page_id and sibling.figures and sentence.figures
                        and set(sibling.unit_ids) & set(sentence.unit_ids) - {sentence.page_id}
                        and used + len(sibling.text) <= budget + 200
                        and not any(_repeats(sibling, other) for other in chosen)):
                    chosen.append(sibling)
                    used += len(sibling.text) + 1
        return sorted(chosen, key=lambda s: s.order)

    # ------------------------------------------------------------- rendering
    def _render(self, context: DraftContext, chosen: list[_Sentence], quotes: tuple[int, int]) -> tuple[str, list[Citation]]:
        """The draft of ``chosen`` sentences; ``quotes`` = (length, number) of the quoted
        decisive words of the first provisions."""
        language = context.language
        sources = SourceList(self.index.nodes)
        claims: dict[str, list[str]] = defaultdict(list)
        paragraphs: list[list[str]] = []
        current_page = None
        for sentence in chosen:
            unit_ids = sentence.unit_ids
            if sentence.page_id != current_page and sentence.page_id not in unit_ids:
                unit_ids = [*unit_ids, sentence.page_id]  # a paragraph names the guide page it comes from
            numbers = [sources.number(unit_id) for unit_id in unit_ids]
            for unit_id in unit_ids:
                claims[unit_id].append(sentence.text)
            text = _with_markers(sentence.text, numbers)
            if sentence.page_id != current_page:
                lead = self.phrases.get("myth_lead", language) + " " if sentence.page_id == context.myth_id else ""
                paragraphs.append([lead + text])
                current_page = sentence.page_id
            else:
                paragraphs[-1].append(text)
        extra = self._decisive_provision(context, set(sources.order))
        if extra:
            sources.number(extra)
        for guide_id in context.guide_ids:  # a page the sentences did not use stays as a pointer
            sources.number(guide_id)
        help_id = self._guide_page(GETTING_HELP, language)
        lines = [" ".join(p) for p in paragraphs]
        if help_id:
            lines.append(_with_markers(self.phrases.get("referral", language), [sources.number(help_id)]))
        return self._finish(lines, sources, claims, quotes, language)

    def _decisive_provision(self, context: DraftContext, cited: set[str]) -> str:
        """The best-ranked provision of the retrieval when the guide sentences do not cite
        it: listed among the sources in its original wording, for the advisor to weigh."""
        for node_id in context.hit_ids[: self.extra_provision_rank]:
            meta = self.index.nodes[node_id].metadata
            if meta.get("kind") in ("statute", "directive"):
                if node_id in cited or not in_force(meta.get("valid_from", ""), meta.get("valid_until", ""), context.as_of):
                    continue
                if meta.get("law") in GENERAL_CODES and (meta.get("law"), meta.get("section")) not in self._guide_sources:
                    continue  # the civil code's lease or consumer rules match words, not labour questions
                return node_id
        return ""

    def _finish(
        self, lines: list[str], sources: SourceList, claims: dict[str, list[str]], quotes: tuple[int, int], language: str
    ) -> tuple[str, list[Citation]]:
        citations = sources.citations(claims, quotes[0], max_quotes=quotes[1])
        label = self.phrases.get("guide_label", language)
        block = [self.phrases.get("sources_heading", language), *(source_line(c, label) for c in citations)]
        text = "\n\n".join([*lines, "\n".join(block), self.phrases.get("disclaimer", language)])
        return text, citations

    def _guide_page(self, page_id: str, language: str) -> str:
        for lang in (language, "en"):
            node_id = f"guide|{page_id}||{lang}|0"
            if node_id in self.index.nodes:
                return node_id
        return ""

    def _cannot_answer(self, context: DraftContext) -> tuple[str, list[Citation]]:
        language = context.language
        sources = SourceList(self.index.nodes)
        lines = [self.phrases.get(context.reason if context.reason in ("out_of_scope", "not_found") else "not_found", language)]
        help_id = self._guide_page(GETTING_HELP, language)
        if help_id:
            key = "out_of_scope_referral" if context.reason == "out_of_scope" else "referral"
            lines.append(_with_markers(self.phrases.get(key, language), [sources.number(help_id)]))
        return self._finish(["\n".join(lines)], sources, {}, (0, 0), language)


_YEARS = {str(year) for year in range(1990, 2040)}  # "in 2026" names a year, not an amount


class _AskedFigures:
    """What figures a post asks about: the units it counts in ("15 hours a week", "13,90
    euro") and whether it asks "how much / how long / until when" at all. A guide
    sentence stating a figure in the same unit, or the same amount, answers it."""

    def __init__(self, question: str, language: str, quantity_words: list[str]) -> None:
        self.language = language
        self.units = figure_units(question, language)
        folded = f" {fold(question)} "
        self.asks = any(re.search(rf"(?<!\w){re.escape(fold(w))}", folded) for w in quantity_words)
        self.amounts = {f for f in figures_of(question) if "." in f or float(f) >= 100} - _YEARS

    def bonus(self, sentence: str) -> int:
        units = figure_units(sentence, self.language)
        same_unit = set(units) & set(self.units)
        bonus = 3 * bool(same_unit) + 2 * any(units[u] & self.units[u] for u in same_unit)
        bonus += 3 * bool(self.amounts & set(figures_of(sentence)))
        return bonus + 3 * self.asks


def _repeats(sentence: _Sentence, other: _Sentence) -> bool:
    """True when ``sentence`` says nothing ``other`` does not: most of its words and all
    of its figures are there already."""
    a, b = sentence.terms, other.terms
    shared = len(a & b) / min(len(a), len(b)) if a and b else 0.0
    return shared >= 0.5 and sentence.figures <= other.figures


def _with_markers(sentence: str, numbers: list[int]) -> str:
    """``"… (§ 1 MiLoV5)."`` → ``"… (§ 1 MiLoV5) [2]."``"""
    marks = "".join(f"[{n}]" for n in dict.fromkeys(numbers))
    match = re.search(r"[.!?…]+[\"'”»]*$", sentence)
    if match:
        return f"{sentence[: match.start()].rstrip()} {marks}{sentence[match.start():]}"
    return f"{sentence} {marks}"
