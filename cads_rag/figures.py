"""Figures in text, normalised ("13,90" → "13.9") so that a draft's or a guide page's numbers can be
found in a statute: "13,90" = "13.90", "2.000" = "2000", "drei Wochen" = 3,
"dritten" = 3, "vierundzwanzig" = 24, "Zwölftel" = 12.

Citation references ("§ 4 KSchG", "Art. 7", "2003/88/EC") and web addresses are not
figures: they are checked as citations.

>>> sorted(figures("13,90 € ab 1. Januar 2027, 2.000 Euro, 3 weeks (§ 4 KSchG)"))
['1', '13.9', '2000', '2027', '3']
>>> sorted(german_number_words("innerhalb von drei Wochen, vierundzwanzig Werktage, ein Zwölftel"))
['1', '12', '24', '3']
>>> sorted(figures_in_source("(3) nach sechsmonatigem Bestehen (§ 4 Abs. 2), bis 2 000 Euro, zweitausend, seven-day"))
['2000', '6', '7']
"""

from __future__ import annotations

import re

_UNITS = {
    "ein": 1, "eins": 1, "eine": 1, "zwei": 2, "zwo": 2, "drei": 3, "vier": 4, "fünf": 5, "sechs": 6,
    "sieben": 7, "acht": 8, "neun": 9, "zehn": 10, "elf": 11, "zwölf": 12, "dreizehn": 13,
    "vierzehn": 14, "fünfzehn": 15, "sechzehn": 16, "siebzehn": 17, "achtzehn": 18, "neunzehn": 19,
}
_TENS = {"zwanzig": 20, "dreißig": 30, "vierzig": 40, "fünfzig": 50, "sechzig": 60, "siebzig": 70, "achtzig": 80, "neunzig": 90}
_ORDINALS = {"erst": 1, "zweit": 2, "dritt": 3, "viert": 4, "fünft": 5, "sechst": 6, "siebt": 7, "siebent": 7,
             "acht": 8, "neunt": 9, "zehnt": 10, "elft": 11, "zwölft": 12}
# English and French words for the EU directive texts ("each seven-day period").
_OTHER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "twenty": 20, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5,
    "sept": 7, "huit": 8, "neuf": 9, "dix": 10, "onze": 11, "douze": 12, "vingt": 20,
}

CITATION = re.compile(
    r"§{1,2}\s*\d+[a-z]?(?:\s*(?:Abs\.|Absatz)\s*\d+[a-z]?)?(?:\s*(?:S\.|Satz|Nr\.|Nummer)\s*\d+)*"
    r"(?:\s+[A-ZÄÖÜ][\wÄÖÜäöü/]*(?:\s+(?:[IVX]+|\d))?)?"
    r"|\b[Aa]rt(?:\.|icle|ikel|icolo|ículo|ykuł)?\s*\d+[a-z]?(?:\s*\(\d+\))?"
    r"|\b\d{2,4}/\d{1,4}(?:/[A-ZΑ-ΩА-Я]{2,3})?\b"
    r"|\bA1\b"
    r"|\b[\w.-]+\.(?:de|eu|org|com|net)\b\S*"
    r"|https?://\S+"
)
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


def normalise_number(token: str) -> str:
    """``"13,90"`` → ``"13.9"``; ``"2.000"`` / ``"2,000"`` → ``"2000"``; ``"3.0"`` → ``"3"``."""
    parts = re.split(r"[.,]", token)
    if len(parts) > 1 and all(len(p) == 3 for p in parts[1:]):
        return str(int("".join(parts)))
    if len(parts) == 2:
        whole, decimals = parts
        decimals = decimals.rstrip("0")
        return f"{int(whole)}.{decimals}" if decimals else str(int(whole))
    return str(int(parts[0])) if len(parts) == 1 else token


def figures(text: str) -> list[str]:
    """Normalised figures written in digits, citations and web addresses removed."""
    text = CITATION.sub(" ", text)
    return [normalise_number(t) for t in _NUMBER.findall(text)]


def _word_value(word: str) -> int | None:
    if not word:
        return None
    if word in _UNITS:
        return _UNITS[word]
    if word in _TENS:
        return _TENS[word]
    for scale_word, scale in (("tausend", 1000), ("hundert", 100)):  # zweitausend, hunderttausend
        if scale_word in word:
            left, _, right = word.partition(scale_word)
            left_value = _word_value(left) if left else 1
            right_value = _word_value(right) if right else 0
            if left_value is not None and right_value is not None:
                return left_value * scale + right_value
            return None
    match = re.fullmatch(r"(?:(\w+?)und)?(zwanzig|dreißig|vierzig|fünfzig|sechzig|siebzig|achtzig|neunzig)", word)
    if match and (match.group(1) is None or match.group(1) in _UNITS):
        return _TENS[match.group(2)] + (_UNITS[match.group(1)] if match.group(1) else 0)
    return None


_COMPOUND = re.compile(r"^([a-zäöüß]+?)(monatig|wöchig|jährig|tägig|stündig|fach|mal)\w*$")


def german_number_words(text: str) -> set[str]:
    """Figures written as German number words, ordinals, fractions ("Zwölftel") and
    compounds ("sechsmonatigem" = 6)."""
    found: set[str] = set()
    for word in re.findall(r"[a-zäöüß]+", text.lower()):
        if word in _OTHER_WORDS:
            found.add(str(_OTHER_WORDS[word]))
            continue
        compound = _COMPOUND.match(word)
        value = _word_value(compound.group(1)) if compound else _word_value(word)
        if value is None:
            stem = re.sub(r"(?:stel|tel)$", "", word)  # Zwölftel, Drittel, Zwanzigstel
            stem = re.sub(r"(?:e|en|er|es|em)$", "", stem) if stem == word else stem
            value = _ORDINALS.get(stem) or _word_value(stem) or _word_value(re.sub(r"st$", "", stem))
        if value is not None:
            found.add(str(value))
    return found


_MARKERS = re.compile(r"(?m)^\s*\(\d+[a-z]?\)|\(\d+[a-z]?\)(?=\s)|\b(?:Nr\.|Nummer|Satz|Buchstabe)\s*\d+[a-z]?|^\s*\d+\.\s")


def figures_in_source(text: str) -> set[str]:
    """Every figure a source text states, in digits (also "2 000") or in (German) words —
    not paragraph markers ("(3)"), list numbers ("1. …", "Nr. 2") or numbers inside
    cross-references ("§ 3 Abs. 2"), which state no figure."""
    joined = re.sub(r"(?<=\d) (?=\d{3}\b)", "", _MARKERS.sub(" ", text))
    return set(figures(joined)) | german_number_words(text)
