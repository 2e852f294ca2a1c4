"""German statutes (gesetze-im-internet.de Markdown, one file per law) → one unit per §.

Each file has a YAML header (title, jurabk, Stand lines, GII URL) and per section a
comment ``<!-- § 622 | Kündigungsfristen … | Gliederung: … -->``. A § is split at
Absatz boundaries only when it is too long for the embedder.

>>> law_abbreviation("SGB 4"), law_abbreviation("MuSchG 2018"), law_abbreviation("FreizügG/EU 2004")
('SGB IV', 'MuSchG', 'FreizügG/EU')
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from llama_index.core.schema import TextNode

from cads_rag.corpus.text import MAX_UNIT_CHARS, pack_blocks, split_front_matter, split_sentences
from cads_rag.corpus.units import make_unit

_SECTION = re.compile(r"^<!-- § (?P<section>\S+) \| (?P<title>.*?) \| Gliederung: ?(?P<gl>.*?) -->\s*$", re.M)
_ROMAN = {"1": "I", "2": "II", "3": "III", "4": "IV", "5": "V", "6": "VI", "7": "VII", "8": "VIII",
          "9": "IX", "10": "X", "11": "XI", "12": "XII", "13": "XIII", "14": "XIV"}
_ABSATZ = re.compile(r"^\((\d+[a-z]?)\)\s")


def law_abbreviation(jurabk: str) -> str:
    """Customary citation abbreviation: drop a year suffix, SGB books in Roman numerals."""
    abbr = re.sub(r"\s+(19|20)\d\d$", "", jurabk.strip())
    sgb = re.fullmatch(r"SGB (\d+)", abbr)
    if sgb and sgb.group(1) in _ROMAN:
        abbr = f"SGB {_ROMAN[sgb.group(1)]}"
    return abbr


def is_statute_file(text: str) -> bool:
    """A Markdown file in the GII format (YAML header with ``jurabk``)."""
    return text.startswith("---") and "\njurabk:" in text[:2000]


def statute_header(header: dict[str, Any]) -> dict[str, str]:
    """Source-level metadata from a statute file's YAML header."""
    stand = header.get("standangabe") or []
    if isinstance(stand, str):
        stand = [stand]
    return {
        "law": law_abbreviation(str(header.get("jurabk", ""))),
        "law_title": str(header.get("title", "")),
        "stand": "; ".join(str(s) for s in stand) or f"GII build {header.get('gii_builddate', '')}",
        "version_date": str(header.get("gii_builddate", "")),
        "url": str(header.get("gii_url", "")),
    }


def _absatz_blocks(body: str) -> list[tuple[str, str]]:
    """Split a § body into ``(absatz_number, text)`` paragraphs (number "" if unnumbered)."""
    blocks: list[tuple[str, str]] = []
    for para in re.split(r"\n\s*\n", body.strip()):
        para = para.strip()
        if not para:
            continue
        match = _ABSATZ.match(para)
        if match or not blocks:
            blocks.append((match.group(1) if match else "", para))
        else:  # continuation paragraph (lists, tables) belongs to the previous Absatz
            number, text = blocks[-1]
            blocks[-1] = (number, f"{text}\n\n{para}")
    return blocks


def _section_url(base_url: str, section: str) -> str:
    return f"{base_url.rstrip('/')}/__{section}.html" if base_url else ""


def read_statute(path: Path, source: dict[str, Any]) -> Iterator[TextNode]:
    """Yield the units of one statute file. ``source`` is the manifest entry
    (law, lang, kind, validity, …), already merged with :func:`statute_header`."""
    _, body = split_front_matter(path.read_text(encoding="utf-8"))
    matches = list(_SECTION.finditer(body))
    for i, match in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(body)
        text = body[match.end() : end]
        text = re.sub(r"^# § \S+.*$", "", text, count=1, flags=re.M).strip()
        section, title = match.group("section"), match.group("title").strip()
        if not text or "(weggefallen)" in title or text.strip("() \n") == "weggefallen":
            continue
        meta = {
            "law": source["law"],
            "section": section,
            "title": title,
            "law_title": source.get("law_title", ""),
            "gliederung": match.group("gl").strip(),
            "stand": source.get("stand", ""),
            "url": _section_url(source.get("url", ""), section),
            "lang": source.get("lang", "de"),
            "kind": "statute",
            "source_id": source["id"],
            "valid_from": source.get("valid_from", ""),
            "valid_until": source.get("valid_until", ""),
        }
        if len(text) <= MAX_UNIT_CHARS:
            yield make_unit(text, **meta)
            continue
        yield from _split_long_section(text, meta)


def _split_long_section(text: str, meta: dict[str, Any]) -> Iterator[TextNode]:
    blocks = _absatz_blocks(text)
    numbered = [number for number, _ in blocks]
    part = 0  # running counter keeps ids unique even when Absätze are unnumbered
    for group in pack_blocks([b for _, b in blocks]):
        first, last = numbered[group[0]], numbered[group[-1]]
        absatz = first if first == last else f"{first}-{last}" if first and last else first or last
        group_text = "\n\n".join(blocks[j][1] for j in group)
        pieces = split_sentences(group_text) if len(group_text) > MAX_UNIT_CHARS else [group_text]
        for piece in pieces:
            yield make_unit(piece, part=part, **{**meta, "absatz": absatz})
            part += 1
