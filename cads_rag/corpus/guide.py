"""Guide pages (``corpus/guide/<lang>/<id>.md``) → one unit per page and language.

A page's front matter names the provisions it rests on (``sources``), figures not in
any statute (``facts``), its validity, and ``asks``: typical posts it answers, written
natively in its language (embedded as queries, they let retrieval match a post with the
questions people ask, not only with the page's plain-language answer). As a unit it is cited as ``law = "guide"``,
``section = <page id>``, in the page's language.

>>> is_guide_path("guide/pl/minimum-wage.md"), is_guide_path("law/de/bgb.md")
(True, False)
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from llama_index.core.schema import TextNode

from cads_rag.corpus.text import split_front_matter
from cads_rag.corpus.units import make_unit

GUIDE_LAW = "guide"
_GUIDE_PATH = re.compile(r"^guide/(?P<lang>[a-z]{2})/[^/]+\.md$")


def is_guide_path(relative_path: str) -> bool:
    return bool(_GUIDE_PATH.match(relative_path))


def parse_guide_page(path: Path) -> tuple[dict[str, Any], str]:
    """Front matter and body of a page; raises ``ValueError`` when required fields miss."""
    header, body = split_front_matter(path.read_text(encoding="utf-8"))
    missing = [key for key in ("id", "topic", "lang", "title", "sources") if not header.get(key)]
    if missing:
        raise ValueError(f"guide page lacks {', '.join(missing)}")
    if not body.strip():
        raise ValueError("guide page has no text")
    return header, body.strip()


def read_guide_page(path: Path, source: dict[str, Any]) -> Iterator[TextNode]:
    """Yield the single unit of a guide page."""
    header, body = parse_guide_page(path)
    sources = [{"law": str(s["law"]), "section": str(s["section"])} for s in header["sources"]]
    yield make_unit(
        body,
        law=GUIDE_LAW,
        section=str(header["id"]),
        title=str(header["title"]),
        law_title="cads_rag guide",
        stand=str(header.get("updated", "")),
        url=source.get("url", ""),
        lang=str(header["lang"]),
        kind="guide",
        source_id=source["id"],
        valid_from=str(header.get("valid_from", "") or ""),
        valid_until=str(header.get("valid_until", "") or ""),
        topic=str(header["topic"]),
        page_kind=str(header.get("kind", "topic")),
        claim=str(header.get("claim", "") or ""),
        sources=sources,
        facts=list(header.get("facts") or []),
        asks=[str(ask) for ask in header.get("asks") or []],
    )
