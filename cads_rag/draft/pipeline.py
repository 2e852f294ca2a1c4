"""From a pasted post to a checked draft: detect the language → remove personal data →
retrieve (as of a date) → decide whether it can be answered here → draft → verify.

The scrubbed text is what goes to retrieval, to any LLM and into the result; what was
removed is listed in ``Draft.pii`` (the original values stay in memory only). Bulgarian or
Greek typed in Latin letters goes to retrieval and the drafter in its own script.

>>> pipeline = DraftPipeline(Library.load())                          # doctest: +SKIP
>>> draft = pipeline.draft("Am primit Kündigung pe WhatsApp, e valabilă?", as_of="2026-11-25")  # doctest: +SKIP
>>> draft.language, draft.answerable, draft.citations[0].citation     # doctest: +SKIP
('ro', True, 'guide myth-whatsapp-dismissal')
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date

from cads_rag.corpus.manifest import in_force
from cads_rag.draft.compose import ComposeDrafter, DraftContext
from cads_rag.draft.llm import LLMDrafter, LLMError
from cads_rag.draft.matching import MatchKeys, keys_of
from cads_rag.draft.models import ApprovedMatch, Draft
from cads_rag.draft.phrases import load_phrases
from cads_rag.draft.pii import scrub
from cads_rag.draft.scope import ScopeClassifier
from cads_rag.draft.sentences import markers_in_body
from cads_rag.draft.verify import CitationVerifier
from cads_rag.glossary import load_glossary
from cads_rag.language import UNKNOWN, detect_language
from cads_rag.library import InvalidQueryError, Library, validate_query
from cads_rag.settings import LANGUAGES

DRAFTERS = ("compose", "llm")


class UnsupportedLanguageError(InvalidQueryError):
    """The post's language is not one of the 11 (or could not be told apart)."""


def as_of_day(as_of: date | str | None) -> str:
    """``YYYY-MM-DD`` of the as-of date (today when not given); raises on a bad date.

    >>> as_of_day("2026-06-30"), as_of_day(date(2027, 1, 1))
    ('2026-06-30', '2027-01-01')
    """
    if as_of is None:
        return date.today().isoformat()
    if isinstance(as_of, date):
        return as_of.isoformat()
    try:
        return date.fromisoformat(str(as_of).strip()).isoformat()
    except ValueError:
        raise InvalidQueryError(f"as-of date {as_of!r} is not a date in the form YYYY-MM-DD") from None


class DraftPipeline:
    """Drafting over one loaded :class:`~cads_rag.library.Library` (see module docstring)."""

    def __init__(self, library: Library) -> None:
        self.library = library
        settings = library.settings
        self.settings = settings
        self.phrases = load_phrases(str(settings.corpus_dir))
        glossary = self.glossary = load_glossary(str(settings.corpus_dir))
        self.scope = ScopeClassifier(library.index, library.retriever, settings)
        self.composer = ComposeDrafter(
            library.index, self.phrases, glossary, settings.draft_max_chars, settings.draft_answer_chars
        )
        self.llm = LLMDrafter(settings, library.index, self.phrases)
        self.verifier = CitationVerifier(library.index.nodes, self.phrases)
        detect_language("Warm-up: load the language models now, not on the first post.")

    def draft(
        self,
        post: str,
        as_of: date | str | None = None,
        drafter: str | None = None,
        language: str | None = None,
        on_token: Callable[[str], None] | None = None,
    ) -> Draft:
        """A verified draft for ``post``; raises :class:`InvalidQueryError` (empty or
        over-long post, unknown language, bad date) with a message that says why."""
        timings: dict[str, float] = {}
        started = clock = time.perf_counter()

        def lap(name: str) -> None:
            nonlocal clock
            now = time.perf_counter()
            timings[name] = round((now - clock) * 1000, 1)
            clock = now

        post = validate_query(post, self.settings.max_post_chars)
        day = as_of_day(as_of)
        drafter = drafter or self.settings.drafter
        if drafter not in DRAFTERS:
            raise InvalidQueryError(f"unknown drafter {drafter!r}: use 'compose' or 'llm'")
        language = self._language(post, language)
        lap("language")
        scrubbed = scrub(post, language)
        lap("pii")
        retrieval = self.library.retriever.search(scrubbed.text, k=self.settings.draft_k, language=language, as_of=day)
        lap("retrieve")
        context = self.context(retrieval.query, language, day, [h.node.node_id for h in retrieval.hits], retrieval.embedding)
        lap("scope")
        warnings: list[str] = []
        used = "compose"
        reused = None
        if drafter == "llm" and context.answerable:
            try:
                text, citations = self.llm.compose(context, on_token)
                used = "llm"
            except LLMError as err:
                warnings.append(f"the LLM drafter failed ({err}); this draft was composed from the guide instead")
        if used == "compose":
            text, citations = self.composer.compose(context)
        lap("draft")
        cited_in_text = markers_in_body(text)  # not the pages listed only as pointers
        relied_on = [c.node_id for c in citations if c.n in cited_in_text]
        keys = keys_of(context.hit_ids, relied_on, retrieval.query, language, self.library.index.nodes, self.glossary)
        approved: list[ApprovedMatch] = []
        if context.answerable:
            try:
                approved = self._approved(keys, language, day)
            except Exception as err:  # noqa: BLE001 - a broken review store must not stop drafting
                warnings.append(f"approved answers could not be looked up ({type(err).__name__}: {err}); "
                                "this draft was written without them")
        if used == "compose" and self.settings.reuse_approved:
            # An approved answer to the same question in the post's language is the best text to
            # start from (an advisor already corrected it); it is checked below like any draft.
            reused = next((m for m in approved if not m.stale and m.language == language
                           and m.similarity >= self.settings.approved_reuse_threshold), None)
            if reused is not None:
                text, citations = reused.text, reused.citations
                warnings.append(f"this draft reuses approved answer #{reused.review_id} (approved by {reused.approved_by} "
                                f"on {reused.approved_at[:10]}, match {reused.similarity:.2f}): check that it fits this post")
        if used == "compose" and on_token is not None:
            on_token(text)
        lap("approved")
        checks = self.verifier.verify(text, citations, language, day)
        lap("verify")
        warnings += [
            f"[{c.n}] {c.citation or c.title} is not in force on {day}"
            + (f" (valid until {c.valid_until})" if c.valid_until else "")
            + ": check whether a newer rule applies"
            for c in citations
            if not in_force(c.valid_from, c.valid_until, day)
        ]
        timings["total"] = round((time.perf_counter() - started) * 1000, 1)
        draft = Draft(
            language=language,
            answerable=context.answerable,
            scrubbed_question=scrubbed.text,
            text=text,
            citations=citations,
            checks=checks,
            pii=scrubbed.found,
            warnings=warnings,
            drafter=used,
            as_of=day,
            myth=context.myth_id.split("|")[1] if context.myth_id else "",
            approved_answers=approved,
            reused_review_id=reused.review_id if reused is not None else None,
            timings_ms=timings,
        )
        draft._match_keys = keys.model_dump()
        return draft

    def _approved(self, keys: MatchKeys, language: str, day: str) -> list[ApprovedMatch]:
        answers = self.library.approved_answers()
        return answers.match(keys, language, day) if answers is not None else []

    def _language(self, post: str, language: str | None) -> str:
        if language:
            if language not in LANGUAGES:
                raise UnsupportedLanguageError(f"language {language!r} is not one of {', '.join(LANGUAGES)}")
            return language
        detected = detect_language(post, self.settings.language_min_confidence)
        if detected == UNKNOWN:
            raise UnsupportedLanguageError(
                "could not tell which of the 11 languages the post is written in "
                f"({', '.join(LANGUAGES)}); give the language explicitly (--lang / language=)"
            )
        return detected

    def context(self, question: str, language: str, day: str, hit_ids: list[str], embedding: list[float] | None) -> DraftContext:
        """Scope, myth and guide pages for one retrieval (what the drafters write from)."""
        nodes = self.library.index.nodes
        if embedding is not None and not self.scope.decide(embedding, language, question).in_scope:
            return DraftContext(question, language, day, hit_ids, answerable=False, reason="out_of_scope")
        guides = [i for i in hit_ids if nodes[i].metadata.get("kind") == "guide" and nodes[i].metadata.get("lang") == language]
        if not guides and embedding is not None:  # provisions crowded the pages out: the nearest page
            guides = self.library.retriever.guide_ids(embedding, language)[:1]
        if not guides:
            return DraftContext(question, language, day, hit_ids, answerable=False, reason="not_found")
        pages = guides[:2]
        myth_id = pages[0] if nodes[pages[0]].metadata.get("page_kind") == "myth" else ""  # the post's claim ranks first
        return DraftContext(question, language, day, hit_ids, answerable=True, guide_ids=pages, myth_id=myth_id)
