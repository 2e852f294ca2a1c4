"""The fixed lines of a draft in the 11 languages (``corpus/phrases.yaml``): disclaimer,
referral, "cannot answer here", the sources heading, greetings; and word lists the
drafter reads but never prints (``quantity_words``: questions asking for a figure).

>>> load_phrases().get("sources_heading", "pl")                       # doctest: +SKIP
'Źródła:'
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

from cads_rag.settings import REPO_ROOT, LANGUAGES

REQUIRED = (
    "disclaimer", "sources_heading", "guide_label", "referral", "out_of_scope", "not_found",
    "out_of_scope_referral", "myth_lead", "approved_lead", "greetings",
)


class Phrases:
    """Lookup of a phrase by id and language (English when a language lacks it)."""

    def __init__(self, table: dict[str, dict[str, str | list[str]]]) -> None:
        missing = [(key, lang) for key in REQUIRED for lang in LANGUAGES if not (table.get(key) or {}).get(lang)]
        if missing:
            raise ValueError(f"phrases.yaml lacks {missing[:5]}{' …' if len(missing) > 5 else ''}")
        self.table = table

    def get(self, key: str, language: str) -> str:
        """The phrase ``key`` in ``language`` (English for ``"unknown"``)."""
        values = self.table[key]
        value = values.get(language) or values["en"]
        return str(value)

    def words(self, key: str, language: str) -> list[str]:
        """An optional word list ``key`` of ``language`` (lower case; empty when the
        table has none), e.g. ``quantity_words``."""
        values = self.table.get(key) or {}
        return [str(w).casefold() for w in values.get(language) or values.get("en") or []]

    def greetings(self, language: str) -> list[str]:
        """Greeting and closing words of ``language`` (lower case)."""
        values = self.table["greetings"]
        return [str(g).casefold() for g in values.get(language) or values["en"]]


@lru_cache(maxsize=4)
def load_phrases(corpus_dir: str | Path | None = None) -> Phrases:
    """Read ``<corpus_dir>/phrases.yaml`` (default: the shipped corpus); falls back to the
    shipped file when a corpus (e.g. a user's subset) has none."""
    path = Path(corpus_dir or REPO_ROOT / "corpus") / "phrases.yaml"
    if not path.is_file():
        path = REPO_ROOT / "corpus" / "phrases.yaml"
    return Phrases(yaml.safe_load(path.read_text(encoding="utf-8")))
