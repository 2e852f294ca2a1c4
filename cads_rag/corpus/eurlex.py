"""EU directives (EUR-Lex plain text, EN/FR) → one unit per Article.

The recitals before Article 1 and the closing formula/annexes are not indexed:
recitals are frequent false hits and carry no rules. Consolidation markers
(``▼M1``, ``►C1``) are removed. ``01996L0071-20200730`` is cited as ``31996L0071``.

>>> celex_of("01996L0071-20200730_en.txt"), celex_of("32003L0088_fr.txt")
('31996L0071', '32003L0088')
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from llama_index.core.schema import TextNode

from cads_rag.corpus.text import MAX_UNIT_CHARS, pack_blocks, split_sentences
from cads_rag.corpus.units import make_unit

EURLEX_FILE = re.compile(r"^(?P<celex>[03]\d{4}[LRD]\d{4})(?:-\d{8})?_(?P<lang>en|fr)\.txt$")
_ARTICLE = re.compile(r"^Article (?P<n>\d+[a-z]?|premier)\s*$", re.M)
_END = re.compile(r"^(Done at|Fait à|ANNEX|ANNEXE)\b", re.M)
_MARKER = re.compile(r"^[▼►◄]\S*\s*$", re.M)
_NUMBERED = re.compile(r"^(\d+[a-z]?)\.\s")


def celex_of(filename: str) -> str:
    """The CELEX id cited for a file; consolidated versions (0…) count as the act (3…)."""
    match = EURLEX_FILE.match(filename)
    if not match:
        raise ValueError(f"not a EUR-Lex text file name: {filename}")
    celex = match.group("celex")
    return "3" + celex[1:] if celex.startswith("0") else celex


def eurlex_header(path: Path) -> dict[str, str]:
    """Source-level metadata from the first line ``[Source: URL | title: … | …]``."""
    first = path.read_text(encoding="utf-8").split("\n", 1)[0]
    fields = dict(
        part.split(": ", 1) for part in first.strip("[]").split(" | ") if ": " in part
    )
    match = EURLEX_FILE.match(path.name)
    celex = celex_of(path.name)
    lang = match.group("lang") if match else "en"
    return {
        "law": celex,
        "law_title": fields.get("title", ""),
        "lang": lang,
        "url": fields.get("Source", f"https://eur-lex.europa.eu/legal-content/{lang.upper()}/TXT/?uri=CELEX:{celex}"),
    }


def read_directive(path: Path, source: dict[str, Any]) -> Iterator[TextNode]:
    """Yield one unit per Article (split at numbered paragraphs when too long)."""
    text = _MARKER.sub("", path.read_text(encoding="utf-8"))
    articles = list(_ARTICLE.finditer(text))
    if not articles:
        return
    end_match = _END.search(text, articles[-1].end())
    end = end_match.start() if end_match else len(text)
    for i, match in enumerate(articles):
        stop = articles[i + 1].start() if i + 1 < len(articles) else end
        paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text[match.end() : stop]) if p.strip()]
        if not paragraphs:
            continue
        number = "1" if match.group("n") == "premier" else match.group("n")
        title = ""
        if len(paragraphs) > 1 and len(paragraphs[0]) < 160 and not paragraphs[0].endswith((".", ":", ";")):
            title = paragraphs.pop(0)
        meta = {
            "law": source["law"],
            "section": f"Art. {number}",
            "title": title,
            "law_title": source.get("law_title", ""),
            "stand": source.get("stand", ""),
            "url": source.get("url", ""),
            "lang": source.get("lang", ""),
            "kind": "directive",
            "source_id": source["id"],
            "valid_from": source.get("valid_from", ""),
            "valid_until": source.get("valid_until", ""),
        }
        body = "\n\n".join(paragraphs)
        if len(body) <= MAX_UNIT_CHARS:
            yield make_unit(body, **meta)
            continue
        part = 0
        for group in pack_blocks(paragraphs):
            group_text = "\n\n".join(paragraphs[j] for j in group)
            first = _NUMBERED.match(paragraphs[group[0]])
            absatz = first.group(1) if first else ""
            for piece in split_sentences(group_text) if len(group_text) > MAX_UNIT_CHARS else [group_text]:
                yield make_unit(piece, part=part, **{**meta, "absatz": absatz})
                part += 1
