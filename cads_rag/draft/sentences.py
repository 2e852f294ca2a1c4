"""Sentences of a draft and the ``[n]`` markers they carry.

sentencex (Wikimedia's rule-based segmenter, with fallbacks for all 11 languages) cuts
the text; a cut before a lower-case word, a digit or punctuation is undone ("1 ian. |
2027", "κ.λπ. | [2]"), since no sentence starts that way, and so is a cut after a
piece that does not end like a sentence ("(§ 8 SGB | IV) [1].") or ends in an ordinal
("bis zum 3. | Geburtstag"). A marker followed by a full stop ("[1]. ") always ends a sentence.

>>> draft_sentences("Salariul minim este 13,90 euro (§ 1 MiLoV5) [1]. Din 1 ian. 2027 crește [1].", "ro")
['Salariul minim este 13,90 euro (§ 1 MiLoV5) [1].', 'Din 1 ian. 2027 crește [1].']
>>> draft_sentences("Un minijob are un plafon (§ 8 SGB IV) [1]. Cu un salariu peste plafon (§ 8 SGB IV) [1]. Apoi.", "ro")
['Un minijob are un plafon (§ 8 SGB IV) [1].', 'Cu un salariu peste plafon (§ 8 SGB IV) [1].', 'Apoi.']
>>> draft_sentences("Elternzeit gibt es bis zum 3. Geburtstag des Kindes (§ 15 BEEG) [1]. Danach nicht.", "de")
['Elternzeit gibt es bis zum 3. Geburtstag des Kindes (§ 15 BEEG) [1].', 'Danach nicht.']
>>> markers("Gilt ab 2027 [1][3], siehe [2, 4].")
[1, 3, 2, 4]
"""

from __future__ import annotations

import re

from sentencex import segment

_AFTER_MARKER = re.compile(r"(?<=\][.!?])\s+")  # "… [1]. Next" always ends a sentence
_ORDINAL = re.compile(r"(?:^|[\s(])\d{1,2}\.$")  # "bis zum 3." + "Geburtstag": a German ordinal, not an end
_TERMINAL = re.compile(r"[.!?…:;][\"'”»)\]]*(?:\s*\[\d[\d,; ]*\])*[.!?]?$")
MARKER = re.compile(r"\[(\d{1,3}(?:\s*[,;]\s*\d{1,3})*)\]")
SOURCE_LINE = re.compile(r"^\s*\[(\d{1,3})\]\s+\S")


def markers(sentence: str) -> list[int]:
    """The source numbers a sentence cites, in order, without repeats."""
    found = [int(n) for group in MARKER.findall(sentence) for n in re.split(r"\s*[,;]\s*", group)]
    return list(dict.fromkeys(found))


def markers_in_body(text: str) -> set[int]:
    """The source numbers the text of a draft cites, its numbered source list left out.

    >>> sorted(markers_in_body("Gilt ab 2027 [1].\\n\\nQuellen:\\n[1] § 1 MiLoG\\n[2] Leitfaden: Mindestlohn"))
    [1]
    """
    return {n for line in text.splitlines() if not SOURCE_LINE.match(line) for n in markers(line)}


def strip_markers(sentence: str) -> str:
    """The sentence without its ``[n]`` markers."""
    return re.sub(r"\s+([.!?;:,])", r"\1", MARKER.sub("", sentence)).strip()


def _continues(piece: str) -> bool:
    first = piece.lstrip()[:1]
    return bool(first) and (first.islower() or first.isdigit() or not first.isalnum() and first not in "\"„«“(¿¡")


def draft_sentences(text: str, language: str) -> list[str]:
    """The sentences of one paragraph or line of text."""
    code = language if language and language != "unknown" else "en"
    sentences: list[str] = []
    pieces = [p for chunk in _AFTER_MARKER.split(text) for p in segment(code, chunk)]
    for piece in pieces:
        piece = piece.strip()
        if not piece:
            continue
        if sentences and (_continues(piece) or not _TERMINAL.search(sentences[-1]) or _ORDINAL.search(sentences[-1])):
            sentences[-1] = f"{sentences[-1]} {piece}".replace(" .", ".")
        else:
            sentences.append(piece)
    return sentences
