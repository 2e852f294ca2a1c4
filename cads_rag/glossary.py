"""The legal glossary (``corpus/glossary.tsv``): German labour-law terms with their
equivalents, colloquial and loan forms in the 10 other languages.

Used to expand a non-German post with the German terms of the concepts it mentions,
before the German BM25 search, and shown to advisors.

>>> g = Glossary([{"de": ["Kündigung"], "pl": ["wypowiedzenie", "kündigung"]}])
>>> g.german_terms("Dostałem wypowiedzenie wczoraj", "pl")
['Kündigung']

For the German query, a one-word form also matches its inflections (its last two letters,
one for a five-letter form, may differ, and up to four letters may follow): Polish
"wypowiedzenia", Hungarian "járulékot" for "járulékok", Croatian "pauze" for "pauza".

>>> g.german_terms("Nie dostałem wypowiedzenia na piśmie", "pl")
['Kündigung']
"""

from __future__ import annotations

import csv
import re
import unicodedata
from functools import lru_cache
from pathlib import Path

from cads_rag.settings import LANGUAGES

GLOSSARY_NAME = "glossary.tsv"
# Inflected matching (the German query only): one-word forms of at least this many letters,
# without their ending (2 letters, 1 for the shortest), followed by at most _ENDING letters.
_MIN_INFLECTED = 5
_ENDING = 4
COLUMNS: tuple[str, ...] = ("de", "en", "fr", "ro", "pl", "bg", "it", "es", "hu", "hr", "el")


def fold(text: str) -> str:
    """Lower case without diacritics (ł→l, ş/ș→s), so "wyplata" meets "wypłata"."""
    text = text.lower().replace("ł", "l").replace("đ", "d").replace("ß", "ss")
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def is_abbreviation(form: str) -> bool:
    """An abbreviation of the glossary: one short word with 2+ capitals or digits.

    >>> is_abbreviation("AU"), is_abbreviation("eAU"), is_abbreviation("L4"), is_abbreviation("Lohn")
    (True, True, True, False)
    """
    return bool(re.fullmatch(r"[A-Za-z0-9-]{2,6}", form)) and sum(c.isupper() or c.isdigit() for c in form) >= 2


class Glossary:
    """Concept rows: ``{language: [forms…]}``, the first German form being the statutory term."""

    def __init__(self, rows: list[dict[str, list[str]]]) -> None:
        self.rows = rows
        # One alternation per language (longest forms first), mapping each folded form to its concepts.
        # Abbreviations ("AU", "A1", "CDD", "TEAM") match as written, case and all: folded to
        # lower case they would be everyday words ("au" in Romanian and French, "team").
        self._patterns: dict[str, re.Pattern[str]] = {}
        self._concepts_of: dict[str, dict[str, list[int]]] = {}
        self._stems_of: dict[str, dict[str, list[str]]] = {}
        for lang in LANGUAGES:
            forms: dict[str, list[int]] = {}
            for index, row in enumerate(rows):
                for form in row.get(lang, []):
                    key = form.strip() if is_abbreviation(form.strip()) else fold(form).strip()
                    if len(key) >= 2 and index not in forms.setdefault(key, []):
                        forms[key].append(index)
            if forms:
                self._concepts_of[lang] = forms
                for case, group in (("folded", [f for f in forms if not is_abbreviation(f)]),
                                    ("exact", [f for f in forms if is_abbreviation(f)])):
                    if group:
                        alternation = "|".join(re.escape(f) for f in sorted(group, key=len, reverse=True))
                        self._patterns[f"{lang}:{case}"] = re.compile(rf"(?<!\w)(?:{alternation})(?!\w)")
                stems: dict[str, list[str]] = {}
                for form in forms:
                    if lang != "de" and len(form) >= _MIN_INFLECTED and form.isalpha() and not is_abbreviation(form):
                        stems.setdefault(form[: -2 if len(form) > _MIN_INFLECTED else -1], []).append(form)
                if stems:
                    self._stems_of[lang] = stems
                    alternation = "|".join(re.escape(s) for s in sorted(stems, key=len, reverse=True))
                    self._patterns[f"{lang}:inflected"] = re.compile(rf"(?<!\w)({alternation})\w{{0,{_ENDING}}}(?!\w)")

    @classmethod
    def load(cls, path: str | Path) -> Glossary:
        """Read the TSV; raises ``ValueError`` if the header is not the 11 language codes."""
        with open(path, encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
            if tuple(reader.fieldnames or ()) != COLUMNS:
                raise ValueError(f"{path}: header must be {' '.join(COLUMNS)}")
            rows = [
                {lang: [f.strip() for f in (row[lang] or "").split("|") if f.strip()] for lang in COLUMNS}
                for row in reader
            ]
        return cls(rows)

    def concepts(self, text: str, lang: str) -> list[int]:
        """Indexes of the concepts whose ``lang`` forms (or German loan forms) occur in ``text``."""
        texts = {"folded": fold(text), "exact": text}
        found: list[int] = []
        for language in dict.fromkeys([lang, "de"]):
            for case, haystack in texts.items():
                pattern = self._patterns.get(f"{language}:{case}")
                if pattern is None:
                    continue
                # Overlapping forms ("umowa", "umowa o prace") are all wanted: scan from every match start.
                position = 0
                while (match := pattern.search(haystack, position)) is not None:
                    for index in self._concepts_of[language][match.group(0)]:
                        if index not in found:
                            found.append(index)
                    position = match.start() + 1
        return found

    def inflected_concepts(self, text: str, lang: str) -> list[int]:
        """Indexes of the concepts one of whose one-word ``lang`` forms occurs in ``text`` inflected."""
        pattern = self._patterns.get(f"{lang}:inflected")
        found: list[int] = []
        for match in pattern.finditer(fold(text)) if pattern is not None else ():
            for form in self._stems_of[lang][match.group(1)]:
                found += [i for i in self._concepts_of[lang][form] if i not in found]
        return found

    def german_terms(self, text: str, lang: str, per_concept: int = 2) -> list[str]:
        """German terms (statutory first) of the concepts mentioned in ``text``, inflected or not."""
        terms: list[str] = []
        for index in dict.fromkeys([*self.concepts(text, lang), *self.inflected_concepts(text, lang)]):
            terms += self.rows[index]["de"][:per_concept]
        return list(dict.fromkeys(terms))


@lru_cache(maxsize=4)
def load_glossary(corpus_dir: str) -> Glossary | None:
    """The corpus's glossary, or ``None`` when the corpus has none."""
    path = Path(corpus_dir) / GLOSSARY_NAME
    return Glossary.load(path) if path.exists() else None
