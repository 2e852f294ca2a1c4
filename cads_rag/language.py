"""Language of a post, restricted to the 11 project languages; ``"unknown"`` when
the detector is not confident enough (restricting the set is what separates
hr/sr/bs and bg/ru reliably).

>>> detect_language("Dostałem dziś Kündigung, czy muszę coś podpisać?")
'pl'
>>> detect_language("12345 ???")
'unknown'

Bulgarian and Greek typed in Latin letters are recognised through the guide's own words
(:mod:`cads_rag.romanised`), which the detector alone reads as Croatian or nothing:

>>> detect_language("shefa ne mi plashta zaplatata veche 2 meseca, kakvo da pravya?")
'bg'
"""

from __future__ import annotations

import re
from functools import lru_cache

from cads_rag.glossary import fold, load_glossary
from cads_rag.romanised import romanised_language
from cads_rag.settings import LANGUAGES, default_corpus_dir

UNKNOWN = "unknown"
_MIN_LETTERS = 3

# German labour-law words that migrants write inside posts in their own language
# ("Am primit Kündigung de la firma…"). They pull the detector towards German, so
# they are masked first; a post that is German throughout stays German without them.
# The shipped glossary's German terms are masked too (see :func:`_glossary_german_words`).
GERMAN_LOANWORDS = frozenset(
    """kündigung kündigungsfrist kündigungsschutz kündigungsschutzklage fristlos fristlose abmahnung
    arbeitsvertrag arbeitgeber arbeitnehmer arbeitsgericht arbeitsamt agentur jobcenter probezeit befristet
    befristung minijob midijob urlaub urlaubsgeld urlaubstage resturlaub krankmeldung krankenschein krank
    krankenkasse krankengeld krankenversicherung steuererklärung gelber schein au arbeitsunfähigkeitsbescheinigung
    lohnabrechnung gehaltsabrechnung abrechnung lohn gehalt brutto netto mindestlohn überstunden
    zuschlag zuschläge nachtzuschlag schicht steuer steuerklasse steuernummer steuer-id finanzamt
    anmeldung abmeldung ummeldung meldebescheinigung bürgeramt kindergeld familienkasse elterngeld elternzeit
    mutterschutz zeitarbeit leiharbeit personalvermittlung werkvertrag entsendung zoll rente
    sozialversicherung aufhebungsvertrag zeugnis arbeitszeugnis chef firma teilzeit vollzeit
    schwarzarbeit gewerbe gewerbeschein pflege pflegekraft betreuung betriebsrat gewerkschaft""".split()
)
WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")


@lru_cache(maxsize=1)
def _detector():
    from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

    languages = [Language.from_iso_code_639_1(getattr(IsoCode639_1, code.upper())) for code in LANGUAGES]
    return LanguageDetectorBuilder.from_languages(*languages).with_preloaded_language_models().build()


def language_confidences(text: str) -> dict[str, float]:
    """Confidence per project language (sums to 1), highest first."""
    values = _detector().compute_language_confidence_values(text)
    return {v.language.iso_code_639_1.name.lower(): float(v.value) for v in values}


@lru_cache(maxsize=1)
def _glossary_german_words() -> frozenset[str]:
    """Folded words of 6+ letters of the shipped glossary's German terms ("Urlaubsabgeltung",
    "kurzfristige Beschäftigung") that the detector, on the word alone, reads as German
    (so "restaurant" or "patient", shared with other languages, are not masked)."""
    glossary = load_glossary(str(default_corpus_dir()))
    if glossary is None:
        return frozenset()
    words = {word for row in glossary.rows for form in row.get("de", []) for word in WORD.findall(fold(form))}
    return frozenset(w for w in words if len(w) >= 6 and next(iter(language_confidences(w)), "") == "de")


def is_german_word(word: str) -> bool:
    """A German labour-law word (listed, or a glossary term), or a word with a letter that
    among the 11 languages only German writes (ß, ä), or a capitalised word with ö/ü (a German
    noun: "Überstunden"; Hungarian writes these letters too, but mostly in lower case)."""
    lower = word.lower()
    return (
        lower in GERMAN_LOANWORDS
        or "ß" in lower
        or "ä" in lower
        or (word[:1].isupper() and any(c in lower for c in "öü"))
        or fold(word) in _glossary_german_words()
    )


def mask_german_loanwords(text: str) -> str:
    """``text`` without German words (:func:`is_german_word`): one "Bußgeldbescheid" made
    lingua call a French post German.

    >>> mask_german_loanwords("Am primit Kündigung de la firma")
    'Am primit   de la  '
    >>> mask_german_loanwords("J'ai reçu un Bußgeldbescheid pour excès de vitesse")
    "J'ai reçu un   pour excès de vitesse"
    """
    return WORD.sub(lambda m: " " if is_german_word(m.group(0)) else m.group(0), text)


# Below ``min_confidence``, a language still wins when it is this many times as likely as
# the runner-up and at least this likely: short posts spread lingua's confidence over
# related languages ("is it legal for my boss to pay me 11 euros an hour?" is 0.33 English).
_CLEAR_LEAD = 1.5
_LEAD_FLOOR = 0.25


def detect_language(text: str, min_confidence: float = 0.35) -> str:
    """ISO 639-1 code of ``text`` among the project languages, or ``"unknown"``."""
    if len(re.findall(r"[^\W\d_]", text)) < _MIN_LETTERS:
        return UNKNOWN
    masked = mask_german_loanwords(text)
    if len(re.findall(r"[^\W\d_]", masked)) >= 2 * _MIN_LETTERS:
        text = masked  # a post of German terms only ("Kündigung Probezeit") stays as it is
    romanised = romanised_language(text, default_corpus_dir())
    if romanised is not None:
        return romanised
    confidences = language_confidences(text)
    if not confidences:
        return UNKNOWN
    ranked = list(confidences.items())
    code, value = ranked[0]
    runner_up = ranked[1][1] if len(ranked) > 1 else 0.0
    if value >= min_confidence or (value >= _LEAD_FLOOR and value >= _CLEAR_LEAD * runner_up):
        return code
    return UNKNOWN
