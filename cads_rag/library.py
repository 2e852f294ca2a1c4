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

from datetime import date

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

    @classmethod
    def load(cls, settings: Settings | None = None) -> Library:
        """Load the index named by ``settings`` (default: :func:`get_settings`)."""
        settings = settings or get_settings()
        return cls(load_index(settings), settings)

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
            meta = hit.node.metadata
            sources = meta.get("sources")
            results.append(
                SearchResult(
                    rank=rank,
                    node_id=hit.node.node_id,
                    law=meta.get("law", ""),
                    section=meta.get("section", ""),
                    absatz=meta.get("absatz", ""),
                    title=meta.get("title", ""),
                    url=meta.get("url", ""),
                    score=round(float(hit.score or 0.0), 6),
                    text=hit.node.get_content(),
                    citation=meta.get("citation", ""),
                    kind=meta.get("kind", ""),
                    lang=meta.get("lang", ""),
                    stand=meta.get("stand", ""),
                    valid_from=meta.get("valid_from", ""),
                    valid_until=meta.get("valid_until", ""),
                    sources=[SourceRef(**s) for s in sources] if sources else None,
                )
            )
        return SearchResponse(query=query, language=retrieval.language, results=results)
