"""The legal unit: one llama-index ``TextNode`` per § / Article / page, with the
metadata every later stage relies on (law, section, absatz, title, URL, Stand,
validity, language, kind).

>>> node = make_unit("(1) Der Mindestlohn ...", law="MiLoG", section="1", title="Mindestlohn",
...                  lang="de", kind="statute", source_id="milog")
>>> node.node_id, citation_of(node.metadata)
('MiLoG|1||de|0', '§ 1 MiLoG')
"""

from __future__ import annotations

import hashlib
from typing import Any

from llama_index.core.schema import TextNode

# Metadata keys carried by every unit (absent values are stored as "").
UNIT_FIELDS: tuple[str, ...] = (
    "law",
    "section",
    "absatz",
    "title",
    "law_title",
    "gliederung",
    "stand",
    "url",
    "lang",
    "kind",
    "source_id",
    "valid_from",
    "valid_until",
)
# Only these enter the embedded / BM25-indexed text, as a header line before the body.
_EMBED_KEYS = ("citation", "title")


def citation_of(meta: dict[str, Any]) -> str:
    """Human citation of a unit: ``§ 622 Abs. 2 BGB``, ``Art. 7 32003L0088``, ``guide annual-leave``."""
    law, section, absatz = meta.get("law", ""), meta.get("section", ""), meta.get("absatz", "")
    kind = meta.get("kind", "")
    if kind == "statute":
        abs_part = f" Abs. {absatz}" if absatz else ""
        return f"§ {section}{abs_part} {law}"
    if kind == "directive":
        abs_part = f"({absatz})" if absatz else ""
        return f"{section}{abs_part} {law}"
    return f"{law} {section}".strip()


def make_unit(text: str, *, part: int = 0, **meta: Any) -> TextNode:
    """Build a unit node with a stable id ``law|section|absatz|lang|part``.

    The embedded text is ``citation + title`` followed by the body, so that both
    dense and BM25 retrieval see which provision a passage belongs to.
    """
    fields = {key: str(meta.get(key, "") or "") for key in UNIT_FIELDS}
    extra = {k: v for k, v in meta.items() if k not in UNIT_FIELDS}
    # "citation" comes first: the embedded header reads "§ 622 BGB — Kündigungsfristen …".
    metadata = {"citation": citation_of(fields), **fields, **extra}
    node_id = "|".join(
        [metadata["law"], metadata["section"], metadata["absatz"], metadata["lang"], str(part)]
    )
    # A guide page is embedded by its title only: its English slug would be noise in 10 languages.
    embed_keys = ("title",) if metadata["kind"] == "guide" else _EMBED_KEYS
    excluded = [key for key in metadata if key not in embed_keys]
    node = TextNode(
        id_=node_id,
        text=text.strip(),
        metadata=metadata,
        excluded_embed_metadata_keys=excluded,
        excluded_llm_metadata_keys=excluded,
        metadata_template="{value}",
        metadata_seperator=" — ",
        text_template="{metadata_str}\n{content}",
    )
    return node


def content_hash(text: str) -> str:
    """SHA-256 of a unit's text, used for staleness and vector caching."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
