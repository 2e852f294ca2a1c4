"""Walk a corpus directory and turn every source into units.

Statutes (GII Markdown), EUR-Lex text files, PDFs and other Markdown/TXT files are
detected by content and name; ``manifest.yaml`` adds or overrides metadata. A file
that cannot be read is reported in :attr:`CorpusLoad.skipped` and never aborts a build.

>>> result = load_corpus("corpus")                   # doctest: +SKIP
>>> len(result.nodes) > 2000, result.skipped         # doctest: +SKIP
(True, [])
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from llama_index.core.schema import TextNode

from cads_rag.corpus.documents import UnreadableFile, read_pdf, read_text_document
from cads_rag.corpus.eurlex import EURLEX_FILE, eurlex_header, read_directive
from cads_rag.corpus.guide import GUIDE_LAW, is_guide_path, read_guide_page
from cads_rag.corpus.manifest import MANIFEST_NAME, SourceEntry, load_manifest
from cads_rag.corpus.statutes import is_statute_file, read_statute, statute_header
from cads_rag.corpus.text import split_front_matter

log = logging.getLogger(__name__)

# Files that describe the corpus rather than belong to it.
_NOT_SOURCES = {MANIFEST_NAME, "SOURCES.md", "README.md"}
_SUFFIXES = {".md", ".txt", ".pdf"}


@dataclass(frozen=True)
class SkippedFile:
    """A source file that was not indexed, and why."""

    path: str
    reason: str


@dataclass
class CorpusLoad:
    """The units of a corpus, the sources they came from, and what was skipped."""

    nodes: list[TextNode] = field(default_factory=list)
    sources: list[SourceEntry] = field(default_factory=list)
    skipped: list[SkippedFile] = field(default_factory=list)


def source_files(corpus_dir: Path) -> Iterator[Path]:
    """The files below ``corpus_dir`` that are read as sources, in a stable order."""
    for path in sorted(corpus_dir.rglob("*")):
        rel = path.relative_to(corpus_dir)
        if any(part.startswith(".") for part in rel.parts) or rel.parts[0] == "vectors":
            continue
        if path.is_file() and path.suffix.lower() in _SUFFIXES and path.name not in _NOT_SOURCES:
            yield path


def _detect(path: Path, rel: str) -> tuple[dict[str, Any], Callable[[Path, dict[str, Any]], Iterator[TextNode]]]:
    """Source metadata found in the file itself, and the reader for it."""
    if is_guide_path(rel):
        return {"law": GUIDE_LAW, "lang": rel.split("/")[1], "kind": "guide", "id": f"guide-{rel.split('/')[1]}-{path.stem}"}, read_guide_page
    if path.suffix.lower() == ".pdf":
        return {"law": path.stem, "kind": "pdf"}, read_pdf
    if EURLEX_FILE.match(path.name):
        return {**eurlex_header(path), "kind": "directive"}, read_directive
    text = path.read_text(encoding="utf-8", errors="replace")
    if path.suffix.lower() == ".md" and is_statute_file(text):
        header, _ = split_front_matter(text)
        return {**statute_header(header), "lang": "de", "kind": "statute"}, read_statute
    return {"law": path.stem, "kind": "document"}, read_text_document


def load_corpus(corpus_dir: str | Path) -> CorpusLoad:
    """Read every source below ``corpus_dir`` into units (see module docstring)."""
    corpus_dir = Path(corpus_dir)
    if not corpus_dir.is_dir():
        raise FileNotFoundError(f"corpus directory not found: {corpus_dir}")
    manifest = load_manifest(corpus_dir).by_path()
    result = CorpusLoad()
    seen_ids: set[str] = set()
    for path in source_files(corpus_dir):
        rel = path.relative_to(corpus_dir).as_posix()
        try:
            detected, reader = _detect(path, rel)
            entry = manifest.get(rel) or manifest.get(rel.rsplit("/", 1)[0] + "/")
            overrides = {k: v for k, v in entry.model_dump().items() if v} if entry else {}
            source = {"id": path.stem, **detected, **overrides, "path": rel}
            if entry is not None and entry.path.endswith("/"):  # a folder entry: keep the file's own id
                source["id"] = detected.get("id", path.stem)
            source.setdefault("law_title", source.get("title", ""))
            units = list(reader(path, source))
        except UnreadableFile as err:
            result.skipped.append(SkippedFile(rel, str(err)))
            log.warning("skipped %s: %s", rel, err)
            continue
        except Exception as err:  # a damaged file must never abort a build
            result.skipped.append(SkippedFile(rel, f"{type(err).__name__}: {err}"))
            log.warning("skipped %s: %s", rel, err)
            continue
        if not units:
            result.skipped.append(SkippedFile(rel, "no units found (empty or unrecognised layout)"))
            continue
        fresh = [u for u in units if u.node_id not in seen_ids]
        if len(fresh) < len(units):
            log.warning("%s: %d units duplicate earlier ids and were dropped", rel, len(units) - len(fresh))
        seen_ids.update(u.node_id for u in fresh)
        result.nodes.extend(fresh)
        known = SourceEntry.model_fields
        result.sources.append(SourceEntry(**{k: str(v) for k, v in source.items() if k in known}))
    return result
