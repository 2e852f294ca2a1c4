"""User documents: PDFs per page (pypdf, 1-based page labels) and Markdown/TXT per heading.

A broken, encrypted or empty file raises :class:`UnreadableFile`; the loader reports
it and goes on.

>>> list(split_headings("# A\\ntext a\\n## B\\ntext b"))
[('A', 'text a'), ('B', 'text b')]
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from llama_index.core.schema import TextNode

from cads_rag.corpus.text import MAX_UNIT_CHARS, pack_blocks, split_front_matter
from cads_rag.corpus.units import make_unit


class UnreadableFile(Exception):
    """A source file that cannot be turned into units (reason in the message)."""


def _meta(source: dict[str, Any], section: str, title: str, kind: str) -> dict[str, Any]:
    return {
        "law": source["law"],
        "section": section,
        "title": title,
        "law_title": source.get("law_title", ""),
        "stand": source.get("stand", ""),
        "url": source.get("url", ""),
        "lang": source.get("lang", ""),
        "kind": kind,
        "source_id": source["id"],
        "valid_from": source.get("valid_from", ""),
        "valid_until": source.get("valid_until", ""),
    }


def read_pdf(path: Path, source: dict[str, Any]) -> Iterator[TextNode]:
    """One unit per page (long pages are packed by paragraph), section ``p. <label>``."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(str(path))
        if reader.is_encrypted and not reader.decrypt(""):
            raise UnreadableFile("encrypted PDF (password required)")
        labels = list(reader.page_labels)
        texts = [(page.extract_text() or "").strip() for page in reader.pages]
    except UnreadableFile:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError, AttributeError) as err:
        raise UnreadableFile(f"broken PDF: {err}") from err
    except Exception as err:  # pypdf raises assorted errors on damaged files
        raise UnreadableFile(f"broken PDF: {type(err).__name__}: {err}") from err
    if not any(texts):
        raise UnreadableFile("no extractable text (empty or scanned PDF)")
    title = source.get("law_title") or path.stem
    for index, text in enumerate(texts):
        if not text:
            continue
        label = labels[index] if index < len(labels) and labels[index] else str(index + 1)
        meta = _meta(source, f"p. {label}", title, "pdf")
        paragraphs = [p for p in re.split(r"\n\s*\n", text) if p.strip()] or [text]
        for part, group in enumerate(pack_blocks(paragraphs, MAX_UNIT_CHARS)):
            yield make_unit("\n\n".join(paragraphs[j] for j in group), part=part, **meta)


def split_headings(text: str) -> Iterator[tuple[str, str]]:
    """Yield ``(heading, body)`` for each Markdown heading; text before the first
    heading gets the heading ``""``."""
    heading, lines = "", []
    for line in text.splitlines():
        match = re.match(r"^#{1,6}\s+(.*)$", line)
        if match:
            if "\n".join(lines).strip():
                yield heading, "\n".join(lines).strip()
            heading, lines = match.group(1).strip(), []
        else:
            lines.append(line)
    if "\n".join(lines).strip():
        yield heading, "\n".join(lines).strip()


def read_text_document(path: Path, source: dict[str, Any]) -> Iterator[TextNode]:
    """Markdown/TXT: one unit per heading (section = heading), long ones packed by paragraph."""
    try:
        raw = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as err:
        raise UnreadableFile(f"not UTF-8 text: {err}") from err
    _, body = split_front_matter(raw)
    if not body.strip():
        raise UnreadableFile("empty file")
    seen: dict[str, int] = {}
    for heading, section_text in split_headings(body):
        section = heading or path.stem
        seen[section] = seen.get(section, 0) + 1
        if seen[section] > 1:
            section = f"{section} ({seen[section]})"
        meta = _meta(source, section, heading, "document")
        paragraphs = [p for p in re.split(r"\n\s*\n", section_text) if p.strip()]
        for part, group in enumerate(pack_blocks(paragraphs, MAX_UNIT_CHARS)):
            yield make_unit("\n\n".join(paragraphs[j] for j in group), part=part, **meta)
