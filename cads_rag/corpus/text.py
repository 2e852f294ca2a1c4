"""Shared text helpers for the readers: front matter and length-bounded packing.

>>> pack_blocks(["a" * 10, "b" * 10, "c" * 10], max_chars=25)
[[0, 1], [2]]
"""

from __future__ import annotations

import re
from typing import Any

import yaml

# A unit's body is kept under this many characters (≈ 430 XLM-R tokens of German
# legal text), so that the 512-token window of multilingual-e5 sees all of it.
MAX_UNIT_CHARS = 1900

_FRONT_MATTER = re.compile(r"\A---\s*\n(.*?)\n---\s*\n", re.S)


def split_front_matter(text: str) -> tuple[dict[str, Any], str]:
    """Return ``(yaml_header, body)``; an absent header gives ``({}, text)``."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, text
    header = yaml.safe_load(match.group(1)) or {}
    if not isinstance(header, dict):
        raise ValueError("front matter is not a mapping")
    return header, text[match.end() :]


def pack_blocks(blocks: list[str], max_chars: int = MAX_UNIT_CHARS) -> list[list[int]]:
    """Greedily group consecutive blocks so that each group stays under ``max_chars``
    (a single oversize block forms its own group)."""
    groups: list[list[int]] = []
    size = 0
    for i, block in enumerate(blocks):
        if groups and size + len(block) <= max_chars:
            groups[-1].append(i)
            size += len(block)
        else:
            groups.append([i])
            size = len(block)
    return groups


def split_sentences(text: str, max_chars: int = MAX_UNIT_CHARS) -> list[str]:
    """Cut an oversize block at sentence ends into pieces under ``max_chars``."""
    sentences = re.split(r"(?<=[.;:])\s+(?=[A-ZÄÖÜ(0-9])", text)
    pieces = [""]
    for sentence in sentences:
        if pieces[-1] and len(pieces[-1]) + len(sentence) + 1 > max_chars:
            pieces.append(sentence)
        else:
            pieces[-1] = f"{pieces[-1]} {sentence}".strip()
    return [p for p in pieces if p]
