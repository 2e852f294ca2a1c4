"""Titles of topics outside labour and social law (``corpus/out_of_scope.yaml``), in the 11
languages, as units to embed beside the guide titles: a post nearer to these than to any
guide title is out of scope.

>>> anchors = scope_anchors("corpus")                                 # doctest: +SKIP
>>> anchors[0].metadata["kind"], anchors[0].get_content()             # doctest: +SKIP
('scope', 'Rent deposit (Kaution) the landlord keeps')
"""

from __future__ import annotations

from pathlib import Path

import yaml
from llama_index.core.schema import TextNode

from cads_rag.settings import LANGUAGES

SCOPE_NAME = "out_of_scope.yaml"


def scope_anchors(corpus_dir: str | Path) -> list[TextNode]:
    """One unit per topic and language (none when the corpus has no such file)."""
    path = Path(corpus_dir) / SCOPE_NAME
    if not path.is_file():
        return []
    topics = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("topics") or []
    return [
        TextNode(
            id_=f"scope|{topic['id']}|{lang}",
            text=str(topic[lang]),
            metadata={"kind": "scope", "lang": lang, "section": topic["id"]},
        )
        for topic in topics
        for lang in LANGUAGES
        if topic.get(lang)
    ]
