"""What the advisor UI does, as plain functions over a :class:`~cads_rag.library.Library`:
draft a post (and store it), save, approve, reject, mark as posted, export, the review
queue, the approved-answer library and the sources. No Gradio in here: every function
takes the acting :class:`~cads_rag.ui.users.Actor` and plain values, returns plain values,
and raises :class:`UIError` with a message for the advisor (never a stack trace).

Roles are enforced here, not only by hiding buttons: an advisor changes and rejects only
their own drafts; approving and marking as posted need a reviewer or an admin; checking
the audit log needs an admin. A save that lost a race raises the store's
:class:`~cads_rag.review.models.ConflictError` unchanged (it carries both texts).

>>> from cads_rag.ui.users import Actor
>>> draft_post(library, Actor("ana", "advisor"), "   ")              # doctest: +SKIP
Traceback (most recent call last):
UIError: Paste a post first: the box is empty.
"""

from __future__ import annotations

import logging
import queue
import re
import threading
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any

from sqlalchemy.exc import SQLAlchemyError

from cads_rag.corpus.manifest import in_force
from cads_rag.draft.models import Check, Citation, Draft
from cads_rag.draft.phrases import load_phrases
from cads_rag.draft.pipeline import UnsupportedLanguageError, as_of_day
from cads_rag.draft.sentences import SOURCE_LINE, draft_sentences, markers, strip_markers
from cads_rag.draft.verify import CitationVerifier, claim_figures
from cads_rag.library import InvalidQueryError, Library, SearchResponse
from cads_rag.review.models import ConflictError, LogVerification, Review, ReviewError
from cads_rag.settings import LANGUAGES
from cads_rag.ui.users import Actor

log = logging.getLogger(__name__)

STATUS_FILTERS = {"open": ("draft", "edited"), "draft": ("draft",), "edited": ("edited",), "approved": ("approved",),
                  "posted": ("posted",), "rejected": ("rejected",), "all": ()}
_WORD = re.compile(r"[^\W\d_]+(?:[-'][^\W\d_]+)*")
# Frequent function words of the statutes' and directives' languages: sharing them says nothing.
_COMMON = frozenset("""
aber alle als auch auf aus bei bis das dass dem den der des die dies diese dieser durch eine einem einen einer
eines für gegen hat haben ist kann keine mit nach nicht noch nur oder sich sie sind soll über und vom von vor
während wenn werden wird wie zum zur zwischen also with from that this have been shall such which their other
than where under must into each dans pour avec sont être leur cette elle ils par sur une des les aux qui que
""".split())


class UIError(Exception):
    """Something the advisor must know (bad input, a missing right, the store failing);
    the message says what happened and what to do."""


class PermissionDenied(UIError):
    """The actor's role does not allow the action."""


@dataclass
class Drafted:
    """A checked draft and the review it was stored as (``None`` when storing failed,
    then ``save_error`` says why: the draft is shown all the same, nothing is lost)."""

    draft: Draft
    review: Review | None
    save_error: str = ""


@dataclass
class SourceView:
    """One source of a draft as the source panel shows it: the citation, the passage that
    backs the sentences citing it, the words and figures those sentences share with it,
    and whether the unit is in force on the as-of date."""

    citation: Citation
    passage: str
    words: frozenset[str] = frozenset()
    figures: frozenset[str] = frozenset()
    in_force: bool = True
    cited_by: int = 0


@dataclass
class LawEntry:
    """A source in the Sources tab: a statute, a directive, or the guide in one language."""

    key: str
    label: str
    kind: str
    units: int
    stand: str = ""
    sections: list[str] = field(default_factory=list)


@dataclass
class LibraryEntry:
    """An approved answer with why it is stale (empty when current)."""

    review: Review
    stale_reasons: list[str]


# ----------------------------------------------------------------------------- errors
@contextmanager
def store_errors() -> Iterator[None]:
    """Turn review-store failures into messages for the advisor (conflicts pass through)."""
    try:
        yield
    except ConflictError:
        raise
    except ReviewError as err:
        raise UIError(_sentence(str(err))) from None
    except (SQLAlchemyError, OSError) as err:
        log.exception("the review store failed")
        raise UIError(
            f"The review database cannot be used right now ({type(err).__name__}; details in the server log). "
            "Your text is still here: copy it to be safe, try again, or ask an admin."
        ) from None


def _sentence(message: str) -> str:
    message = message.strip()
    return message[:1].upper() + message[1:] + ("" if message.endswith((".", "!", "?")) else ".")


def check_post(library: Library, post: str | None) -> str:
    """The post, stripped; an advisor-friendly :class:`UIError` when empty or too long."""
    text = (post or "").strip()
    if not text:
        raise UIError("Paste a post first: the box is empty.")
    limit = library.settings.max_post_chars
    if len(text) > limit:
        raise UIError(
            f"This post has {len(text):,} characters; the limit is {limit:,}. Shorten it to the part with the "
            "question (your text is still in the box)."
        )
    return text


def language_choice(choice: str | None) -> str | None:
    """The language picked in the UI (``None`` for automatic detection)."""
    if not choice or choice == "auto":
        return None
    if choice not in LANGUAGES:
        raise UIError(f"Unknown language {choice!r}: pick one of {', '.join(LANGUAGES)} or automatic detection.")
    return choice


def _as_of(value: str | None) -> str | None:
    value = (value or "").strip()
    if not value:
        return None
    try:
        return as_of_day(value)
    except InvalidQueryError:
        raise UIError(f"“{value}” is not a date: write it as YYYY-MM-DD (e.g. 2026-12-01), or leave it empty for today.") from None


# ---------------------------------------------------------------------------- drafting
def draft_post(library: Library, actor: Actor, post: str | None, language: str | None = None,
               as_of: str | None = None, on_token=None) -> Drafted:
    """Draft a checked answer to ``post`` and store it as a new review by ``actor``."""
    text = check_post(library, post)
    language = language_choice(language)
    day = _as_of(as_of)
    try:
        with store_errors():  # drafting reads the approved answers of the review store
            draft = library.draft(text, as_of=day, language=language, on_token=on_token)
    except UnsupportedLanguageError:
        raise UIError(
            "Could not tell which of the 11 languages this post is written in (it may be very short or mixed). "
            "Choose its language in the Language list and draft again."
        ) from None
    except InvalidQueryError as err:
        raise UIError(_sentence(str(err))) from None
    try:
        with store_errors():
            review = library.save_draft(draft, actor.name)
    except UIError as err:
        return Drafted(draft, None, save_error=f"The draft could not be stored: {err}")
    return Drafted(draft, review)


_DONE = object()


def stream_draft(library: Library, actor: Actor, post: str | None, language: str | None = None,
                 as_of: str | None = None) -> Iterator[str | Drafted]:
    """Like :func:`draft_post`, but yields the text as it grows while the LLM drafter
    writes (``settings.drafter == "llm"``), then the checked :class:`Drafted`."""
    check_post(library, post)
    language_choice(language)
    _as_of(as_of)
    if library.settings.drafter != "llm":
        yield draft_post(library, actor, post, language, as_of)
        return
    tokens: queue.Queue = queue.Queue()
    outcome: dict[str, Any] = {}

    def work() -> None:
        try:
            outcome["drafted"] = draft_post(library, actor, post, language, as_of, on_token=tokens.put)
        except BaseException as err:  # handed to the caller's thread below
            outcome["error"] = err
        finally:
            tokens.put(_DONE)

    thread = threading.Thread(target=work, name="cads-rag-draft", daemon=True)
    thread.start()
    text, done = "", False
    while not done:
        pieces = [tokens.get()]
        while not tokens.empty():  # send what arrived meanwhile in one update
            pieces.append(tokens.get_nowait())
        done = pieces[-1] is _DONE
        text += "".join(p for p in pieces if p is not _DONE)
        if text and not done:
            yield text
    thread.join()
    if "error" in outcome:
        raise outcome["error"]
    yield outcome["drafted"]


# ----------------------------------------------------------------------------- reviews
def _need_review_id(review_id: int | float | None) -> int:
    if review_id is None or review_id == "" or int(review_id) <= 0:
        raise UIError("Nothing to act on yet: draft a post first, or open a review in the Review tab.")
    return int(review_id)


def _changeable(library: Library, actor: Actor, review_id: int, action: str) -> Review:
    with store_errors():
        review = library.reviews.get(review_id)
    if not actor.can_review and review.author != actor.name:
        raise PermissionDenied(
            f"Review #{review_id} was drafted by {review.author}: as an advisor you can {action} only your own drafts. "
            "A reviewer can do it."
        )
    return review


def save_text(library: Library, actor: Actor, review_id: int | None, version: int | None, text: str) -> Review:
    """Save an edited text based on ``version`` (a :class:`ConflictError` when someone saved first)."""
    review_id = _need_review_id(review_id)
    review = _changeable(library, actor, review_id, "edit")
    with store_errors():
        return library.reviews.edit(review_id, text, actor.name, version if version is not None else review.version)


def approve(library: Library, actor: Actor, review_id: int | None, version: int | None, text: str | None) -> Review:
    """Approve the text shown (saving it first when edited); reviewers and admins only."""
    review_id = _need_review_id(review_id)
    if not actor.can_review:
        raise PermissionDenied("Only reviewers and admins approve answers. Save your text: a reviewer approves it "
                               "from the Review tab.")
    with store_errors():
        return library.reviews.approve(review_id, actor.name, version=version, text=text)


def reject(library: Library, actor: Actor, review_id: int | None, version: int | None, reason: str | None) -> Review:
    """Reject a draft (or withdraw an unposted approval) with a reason."""
    review_id = _need_review_id(review_id)
    if not (reason or "").strip():
        raise UIError("Say why in the Reason box before rejecting (it goes into the audit log).")
    review = _changeable(library, actor, review_id, "reject")
    if review.status == "approved" and not actor.can_review:
        raise PermissionDenied("Only reviewers and admins withdraw an approval.")
    with store_errors():
        return library.reviews.reject(review_id, actor.name, reason or "", version=version)


def mark_posted(library: Library, actor: Actor, review_id: int | None, url: str | None) -> Review:
    """Record that an approved answer was posted (with the comment's link); reviewers and admins."""
    review_id = _need_review_id(review_id)
    if not actor.can_review:
        raise PermissionDenied("Only reviewers and admins mark answers as posted.")
    with store_errors():
        return library.reviews.post(review_id, actor.name, url)


def export(library: Library, actor: Actor, review_id: int | None) -> str:
    """The approved text, ready to paste into the Facebook comment."""
    review_id = _need_review_id(review_id)
    with store_errors():
        return library.reviews.export(review_id)


def open_review(library: Library, actor: Actor, review_id: int | None) -> Review:
    """One review with its revisions and the draft as drafted."""
    review_id = _need_review_id(review_id)
    with store_errors():
        return library.reviews.get(review_id)


def list_reviews(library: Library, actor: Actor, language: str | None = None, status: str | None = "open",
                 advisor: str | None = None, limit: int = 200) -> list[Review]:
    """The review queue, newest change first, filtered by language, status and advisor."""
    if status not in STATUS_FILTERS and status:
        raise UIError(f"Unknown status filter {status!r}: use {', '.join(STATUS_FILTERS)}.")
    statuses = STATUS_FILTERS.get(status or "all") or None
    with store_errors():
        return library.reviews.list(status=statuses, language=language_choice(language) if language else None,
                                    user=(advisor or "").strip() or None, limit=limit)


def audit_log(library: Library, actor: Actor, review_id: int | None = None) -> list:
    """The audit entries of one review (anyone may read who did what)."""
    with store_errors():
        return library.reviews.audit_entries(_need_review_id(review_id))


def verify_audit(library: Library, actor: Actor) -> LogVerification:
    """Check the whole audit chain; admins only."""
    if actor.role != "admin":
        raise PermissionDenied("Only admins check the audit log.")
    with store_errors():
        return library.reviews.verify_log()


# ----------------------------------------------------------------------- checks, sources
@lru_cache(maxsize=4)
def _verifier(library: Library) -> CitationVerifier:
    return CitationVerifier(library.index.nodes, load_phrases(str(library.settings.corpus_dir)))


def citations_of(review: Review) -> list[Citation]:
    """The citations of a stored review's draft."""
    return [Citation.model_validate(c) for c in review.draft.get("citations", [])]


def recheck(library: Library, text: str, citations: Sequence[Citation], language: str, as_of: str) -> list[Check]:
    """The checks of an edited text against the draft's sources (the same verifier as drafting)."""
    return _verifier(library).verify(text, citations, language, as_of)


def _claims_by_n(text: str, language: str) -> dict[int, list[str]]:
    claims: dict[int, list[str]] = {}
    for line in text.splitlines():
        if not line.strip() or SOURCE_LINE.match(line):  # "[2] § 623 BGB …" lists a source, it claims nothing
            continue
        for sentence in draft_sentences(line, language):
            for n in markers(sentence):
                claims.setdefault(n, []).append(sentence)
    return claims


def content_words(text: str) -> set[str]:
    """Lower-case words of four letters or more, frequent function words left out.

    >>> sorted(content_words("Die Kündigung bedarf der Schriftform (WhatsApp) [2]."))
    ['bedarf', 'kündigung', 'schriftform', 'whatsapp']
    """
    return {w for w in (m.group(0).casefold() for m in _WORD.finditer(strip_markers(text))) if len(w) >= 4} - _COMMON


def _sentences_of(text: str, language: str) -> list[str]:
    text = re.sub(r"\s*\|\s*", " ", text)
    return [s for line in text.splitlines() if line.strip() for s in draft_sentences(line, language) if len(s) > 3]


def source_views(library: Library, citations: Sequence[Citation], text: str, language: str, as_of: str,
                 max_chars: int = 600) -> list[SourceView]:
    """The source panel's data for ``citations`` of a draft ``text``: per source the
    passage that best backs the sentences citing it (most shared figures, then words)."""
    nodes: Mapping = library.index.nodes
    claims = _claims_by_n(text, language)
    views = []
    for citation in citations:
        sentences = claims.get(citation.n, [])
        figures = frozenset(f for s in sentences for f in claim_figures(s, language))
        words = frozenset(w for s in sentences for w in content_words(s))
        node = nodes.get(citation.node_id)
        passage = citation.quote
        if node is not None:
            unit_language = node.metadata.get("lang") or "de"
            pieces = _sentences_of(node.get_content(), unit_language)
            if pieces:
                def score(piece: str) -> tuple[int, int]:
                    return (3 * len(figures & claim_figures(piece, unit_language)) + len(words & content_words(piece)),
                            -pieces.index(piece))

                best = sorted(pieces, key=score, reverse=True)
                chosen = [best[0]]
                if len(best) > 1 and score(best[1])[0] > 0 and len(best[0]) + len(best[1]) <= max_chars:
                    chosen.append(best[1])
                passage = " ".join(sorted(chosen, key=pieces.index))
        if len(passage) > max_chars:
            passage = passage[: max_chars - 1].rsplit(" ", 1)[0] + " …"
        views.append(SourceView(citation, passage, words, figures, in_force(citation.valid_from, citation.valid_until, as_of),
                                len(sentences)))
    return views


# ------------------------------------------------------------------ library and sources
def library_entries(library: Library, language: str | None = None, query: str | None = None,
                    stale_only: bool = False, as_of: str | None = None) -> list[LibraryEntry]:
    """Approved (and posted) answers, newest first, with the reasons each one is stale: marked
    stale in the store, or a cited unit changed, vanished or is out of force today."""
    from cads_rag.review.answers import stale_reasons

    day = _as_of(as_of) or date.today().isoformat()
    needle = (query or "").strip().casefold()
    entries = []
    with store_errors():
        answers = library.reviews.library(language_choice(language) if language else None)
    for review, _keys in reversed(answers):
        reasons = stale_reasons(review.units, library.index.nodes, day)
        if review.stale and review.stale_reason:
            reasons = list(dict.fromkeys([*reasons, *review.stale_reason.split("; ")]))
        if stale_only and not reasons:
            continue
        if needle and needle not in f"{review.question}\n{review.final_text or review.text}".casefold():
            continue
        entries.append(LibraryEntry(review, reasons))
    return entries


def _natural(value: str) -> tuple:
    return tuple(int(p) if p.isdigit() else p for p in re.split(r"(\d+)", value))


@lru_cache(maxsize=4)
def source_catalogue(library: Library) -> dict[str, LawEntry]:
    """Every source of the index by key (the law's abbreviation, or ``guide:<lang>``) with its sections."""
    laws: dict[str, LawEntry] = {}
    sections: dict[str, set[str]] = {}
    for node in library.index.nodes.values():
        meta = node.metadata
        kind = meta.get("kind", "")
        if kind == "guide":
            key, label = f"guide:{meta.get('lang')}", f"Guide ({meta.get('lang')})"
        else:
            key, label = meta.get("law", ""), f"{meta.get('law', '')} — {meta.get('law_title', '')}".rstrip(" —")
        entry = laws.setdefault(key, LawEntry(key, label, kind, 0, meta.get("stand", "")))
        entry.units += 1
        sections.setdefault(key, set()).add(meta.get("section", ""))
    for key, entry in laws.items():
        entry.sections = sorted(sections[key], key=_natural)
    order = {"statute": 0, "directive": 1, "guide": 2}
    return dict(sorted(laws.items(), key=lambda item: (order.get(item[1].kind, 3), item[0].casefold())))


def source_units(library: Library, key: str, section: str) -> list:
    """The units (nodes) of one § / Article / guide page, in order of their Absatz."""
    if key not in source_catalogue(library):
        raise UIError(f"There is no source {key!r} in the index.")
    if key.startswith("guide:"):
        law, lang = "guide", key.split(":", 1)[1]
        found = [n for n in library.index.nodes.values()
                 if n.metadata.get("law") == law and n.metadata.get("lang") == lang and n.metadata.get("section") == section]
    else:
        found = [n for n in library.index.nodes.values()
                 if n.metadata.get("law") == key and n.metadata.get("section") == section]
    if not found:
        raise UIError(f"{key} has no section {section!r}.")
    return sorted(found, key=lambda n: (_natural(n.metadata.get("absatz", "")), n.node_id))


def search_sources(library: Library, query: str | None, language: str | None = None, k: int = 10) -> SearchResponse:
    """Search the sources like a post (any of the 11 languages)."""
    text = check_post(library, query) if query and query.strip() else ""
    if not text:
        raise UIError("Type what to look for (a question, a word, or a citation like “§ 623 BGB”).")
    try:
        return library.search(text, k=k, language=language_choice(language))
    except InvalidQueryError as err:
        raise UIError(_sentence(str(err))) from None
