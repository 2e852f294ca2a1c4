"""The library entry point: load an index once, then search and draft.

>>> from cads_rag import Library
>>> lib = Library.load()                                            # doctest: +SKIP
>>> response = lib.search("Cât este salariul minim pe oră în Germania?", k=5)   # doctest: +SKIP
>>> response.language, response.results[0].citation                # doctest: +SKIP
('ro', '§ 1 MiLoV5')
>>> lib.draft("Cât este salariul minim pe oră?", as_of="2026-11-25").text   # doctest: +SKIP
'Fiecare angajat din Germania are dreptul … [1] …'
"""

from __future__ import annotations

import threading
from datetime import date
from typing import Any

from llama_index.core.schema import TextNode
from pydantic import BaseModel, Field

from cads_rag.index.retriever import HybridRetriever
from cads_rag.index.store import LoadedIndex, load_index
from cads_rag.settings import Settings, get_settings


class InvalidQueryError(ValueError):
    """The query cannot be searched as given (empty, too long); the message says why."""


class SourceRef(BaseModel):
    """A provision a guide page rests on."""

    law: str
    section: str


class SearchResult(BaseModel):
    """One ranked unit (§, Article, guide page or document page)."""

    rank: int
    node_id: str = ""
    law: str
    section: str
    absatz: str = ""
    title: str = ""
    url: str = ""
    score: float
    text: str
    citation: str = ""
    kind: str = ""
    lang: str = ""
    stand: str = ""
    valid_from: str = ""
    valid_until: str = ""
    sources: list[SourceRef] | None = None


class SearchResponse(BaseModel):
    """The answer to one query: the language it was read as and the ranked units."""

    query: str
    language: str
    results: list[SearchResult] = Field(default_factory=list)


def unit_fields(node: TextNode) -> dict[str, Any]:
    """The descriptive fields of a unit shared by search results and draft citations."""
    meta = node.metadata
    fields: dict[str, Any] = {key: meta.get(key, "") for key in _UNIT_FIELDS}
    sources = meta.get("sources")
    fields["sources"] = [SourceRef(**s) for s in sources] if sources else None
    fields["node_id"] = node.node_id
    return fields


_UNIT_FIELDS = ("law", "section", "absatz", "title", "url", "citation", "kind", "lang", "stand", "valid_from", "valid_until")


def validate_query(query: str, max_chars: int) -> str:
    """Strip and check a query; raise :class:`InvalidQueryError` with a clear reason."""
    if not isinstance(query, str):
        raise InvalidQueryError("the query must be text")
    query = query.strip()
    if not query:
        raise InvalidQueryError("the query is empty")
    if len(query) > max_chars:
        raise InvalidQueryError(
            f"the query is {len(query)} characters long; the limit is {max_chars} "
            "(CADS_RAG_MAX_POST_CHARS): shorten it to the part with the question"
        )
    return query


class Library:
    """Index + retriever, loaded once and reused for many queries."""

    def __init__(self, index: LoadedIndex, settings: Settings) -> None:
        self.settings = settings
        self.index = index
        self.retriever = HybridRetriever(index, settings)
        self._pipeline = None
        self._reviews = None
        self._answers = None
        self._lock = threading.Lock()

    @classmethod
    def load(cls, settings: Settings | None = None) -> Library:
        """Load the index named by ``settings`` (default: :func:`get_settings`)."""
        settings = settings or get_settings()
        return cls(load_index(settings), settings)

    @property
    def reviews(self):
        """The :class:`~cads_rag.review.store.ReviewStore` at ``settings.review_url``, opened
        (and migrated) on first use."""
        with self._lock:
            if self._reviews is None:
                from cads_rag.review.store import ReviewStore

                self._reviews = ReviewStore.open(self.settings.review_url, four_eyes=self.settings.four_eyes)
            return self._reviews

    def approved_answers(self):
        """The approved-answer library (:class:`~cads_rag.review.answers.ApprovedAnswers`), or
        ``None`` while no review store exists (a SQLite file not yet created: nothing approved)."""
        from cads_rag.review.migrate import database_exists

        if self._reviews is None and not database_exists(self.settings.review_url):
            return None
        store = self.reviews
        with self._lock:
            if self._answers is None:
                from cads_rag.review.answers import ApprovedAnswers

                self._answers = ApprovedAnswers(store, self.index.nodes, self.settings.approved_match_threshold)
            return self._answers

    def save_draft(self, draft, user: str):
        """Store ``draft`` in the review store as a new review by ``user``; returns the
        :class:`~cads_rag.review.models.Review` (its ``id`` is the review id)."""
        review = self.reviews.create(draft, user=user, match_keys=draft._match_keys)
        draft.review_id = review.id
        return review

    def draft(
        self,
        post: str,
        as_of: date | str | None = None,
        drafter: str | None = None,
        language: str | None = None,
        on_token=None,
    ):
        """A checked draft answer to ``post`` (a :class:`cads_rag.draft.models.Draft`), see
        :class:`cads_rag.draft.pipeline.DraftPipeline`; ``on_token`` receives streamed text."""
        from cads_rag.draft.pipeline import DraftPipeline

        if self._pipeline is None:
            self._pipeline = DraftPipeline(self)
        return self._pipeline.draft(post, as_of=as_of, drafter=drafter, language=language, on_token=on_token)

    def search(
        self,
        query: str,
        k: int | None = None,
        language: str | None = None,
        as_of: date | str | None = None,
        mode: str = "hybrid",
    ) -> SearchResponse:
        """Rank units for ``query``; raises :class:`InvalidQueryError` on bad input.

        ``mode`` = ``"dense"`` or ``"bm25"`` runs one retriever alone (benchmarks)."""
        query = validate_query(query, self.settings.max_post_chars)
        k = k or self.settings.search_k
        if not 1 <= k <= 200:
            raise InvalidQueryError(f"k must be between 1 and 200, not {k}")
        retrieval = self.retriever.search(query, k=k, language=language, as_of=as_of, mode=mode)
        results = []
        for rank, hit in enumerate(retrieval.hits, start=1):
            results.append(
                SearchResult(
                    rank=rank,
                    score=round(float(hit.score or 0.0), 6),
                    text=hit.node.get_content(),
                    **unit_fields(hit.node),
                )
            )
        return SearchResponse(query=query, language=retrieval.language, results=results)
