"""Explicit citations in a query ("§ 622 BGB", "§3 ArbZG", "Art. 7 Directive 2003/88/EC")
resolved to the units they name, so that an advisor who types a provision gets it first.

>>> laws = {"BGB", "ArbZG", "SGB IV", "32003L0088"}
>>> find_citations("Gilt § 622 Abs. 2 BGB auch für mich? Und §3 ArbZG?", laws)
[('BGB', '622'), ('ArbZG', '3')]
>>> find_citations("Article 7 of Directive 2003/88/EC", laws)
[('32003L0088', 'Art. 7')]
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_SECTION = re.compile(
    r"§{1,2}\s*(?P<section>\d+[a-z]?)"
    r"(?:\s*(?:Abs\.?|Absatz)\s*\d+[a-z]?)?(?:\s*(?:S\.|Satz)\s*\d+)?(?:\s*(?:Nr\.?|Nummer)\s*\d+)?"
    r"\s+(?:des\s+|der\s+)?(?P<law>[A-ZÄÖÜ][\wÄÖÜäöüß/]*(?:\s+(?:[IVX]+|\d{1,2})\b)?)"
)
_ARTICLE = re.compile(
    r"\b(?:Art\.?|Article|Artikel|Articolo|Artículo|Artykuł|Articolul)\s*(?P<n>\d+[a-z]?)"
    r"[^.\n]{0,40}?(?:(?P<year>(?:19|20)?\d{2})/(?P<num>\d{1,4})|(?P<celex>3\d{4}L\d{4}))"
)


def _normalise_law(token: str, laws: Iterable[str]) -> str | None:
    by_key = {law.lower().replace(" ", ""): law for law in laws}
    key = token.lower().replace(" ", "")
    roman = {"4": "iv", "5": "v", "3": "iii", "2": "ii", "1": "i", "6": "vi", "7": "vii"}
    sgb = re.fullmatch(r"sgb(\d+)", key)
    if sgb and sgb.group(1) in roman:
        key = f"sgb{roman[sgb.group(1)]}"
    return by_key.get(key) or by_key.get(key.replace("ue", "ü").replace("aug", "aüg"))


def _celex(year: str, number: str) -> str:
    full_year = year if len(year) == 4 else ("19" + year if int(year) > 50 else "20" + year)
    return f"3{full_year}L{int(number):04d}"


def find_citations(query: str, laws: Iterable[str]) -> list[tuple[str, str]]:
    """``(law, section)`` pairs cited in ``query`` that name a law in ``laws``."""
    laws = list(laws)
    found: list[tuple[str, str]] = []
    for match in _SECTION.finditer(query):
        law = _normalise_law(match.group("law"), laws)
        if law is None:  # "§ 3 Abs. 2" followed by a plain word: try the first word only
            law = _normalise_law(match.group("law").split()[0], laws)
        if law:
            found.append((law, match.group("section")))
    for match in _ARTICLE.finditer(query):
        celex = match.group("celex") or _celex(match.group("year"), match.group("num"))
        if celex in laws:
            found.append((celex, f"Art. {match.group('n')}"))
    return list(dict.fromkeys(found))
