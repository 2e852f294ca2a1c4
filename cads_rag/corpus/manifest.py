"""The corpus manifest (``corpus/manifest.yaml``): one entry per source with id,
title, citation abbreviation, language, kind, Stand/version date, validity and URL.

Entries override what the readers detect in the files themselves; files without an
entry are still indexed with detected metadata.

>>> entry = SourceEntry(id="milov4", path="law/de/milov4.md", law="MiLoV4", kind="statute",
...                     valid_until="2025-12-31")
>>> entry.valid_on("2026-01-01")
False
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, Field

MANIFEST_NAME = "manifest.yaml"


def in_force(valid_from: str, valid_until: str, day: str | date) -> bool:
    """Whether something valid from/until these ISO dates is in force on ``day``; empty bounds are open.

    >>> in_force("", "2026-06-30", "2026-07-01")
    False
    """
    iso = day.isoformat() if isinstance(day, date) else day
    return (not valid_from or valid_from <= iso) and (not valid_until or iso <= valid_until)


class SourceEntry(BaseModel):
    """One source of the corpus."""

    id: str
    path: str
    title: str = ""
    law: str = ""
    lang: str = ""
    kind: Literal["statute", "directive", "guide", "pdf", "document"] = "document"
    stand: str = ""
    version_date: str = ""
    valid_from: str = ""
    valid_until: str = ""
    url: str = ""
    licence: str = ""
    note: str = ""

    def valid_on(self, day: str | date) -> bool:
        """Whether the source is in force on ``day`` (ISO date); unknown bounds count as open."""
        return in_force(self.valid_from, self.valid_until, day)


class Manifest(BaseModel):
    """All sources, addressed by path relative to the corpus directory."""

    sources: list[SourceEntry] = Field(default_factory=list)

    def by_path(self) -> dict[str, SourceEntry]:
        return {entry.path: entry for entry in self.sources}


def load_manifest(corpus_dir: Path) -> Manifest:
    """Read ``manifest.yaml`` from ``corpus_dir`` (an empty manifest when absent)."""
    path = Path(corpus_dir) / MANIFEST_NAME
    if not path.exists():
        return Manifest()
    return Manifest.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")) or {})
