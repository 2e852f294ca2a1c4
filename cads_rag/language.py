"""Language of a post, restricted to the 11 project languages; ``"unknown"`` when
the detector is not confident enough (restricting the set is what separates
hr/sr/bs and bg/ru reliably).

>>> detect_language("Dostałem dziś Kündigung, czy muszę coś podpisać?")
'pl'
>>> detect_language("12345 ???")
'unknown'
"""

from __future__ import annotations

import re
from functools import lru_cache

from cads_rag.settings import LANGUAGES

UNKNOWN = "unknown"
_MIN_LETTERS = 3

# German labour-law words that migrants write inside posts in their own language
# ("Am primit Kündigung de la firma…"). They pull the detector towards German, so
# they are masked first; a post that is German throughout stays German without them.
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
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")


@lru_cache(maxsize=1)
def _detector():
    from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

    languages = [Language.from_iso_code_639_1(getattr(IsoCode639_1, code.upper())) for code in LANGUAGES]
    return LanguageDetectorBuilder.from_languages(*languages).with_preloaded_language_models().build()


def language_confidences(text: str) -> dict[str, float]:
    """Confidence per project language (sums to 1), highest first."""
    values = _detector().compute_language_confidence_values(text)
    return {v.language.iso_code_639_1.name.lower(): float(v.value) for v in values}


def mask_german_loanwords(text: str) -> str:
    """``text`` without the German labour-law words of :data:`GERMAN_LOANWORDS`.

    >>> mask_german_loanwords("Am primit Kündigung de la firma")
    'Am primit   de la  '
    """
    return _WORD.sub(lambda m: " " if m.group(0).lower() in GERMAN_LOANWORDS else m.group(0), text)


def detect_language(text: str, min_confidence: float = 0.35) -> str:
    """ISO 639-1 code of ``text`` among the project languages, or ``"unknown"``."""
    if len(re.findall(r"[^\W\d_]", text)) < _MIN_LETTERS:
        return UNKNOWN
    masked = mask_german_loanwords(text)
    if len(re.findall(r"[^\W\d_]", masked)) >= 2 * _MIN_LETTERS:
        text = masked  # a post of German terms only ("Kündigung Probezeit") stays as it is
    confidences = language_confidences(text)
    if not confidences:
        return UNKNOWN
    code, value = next(iter(confidences.items()))
    return code if value >= min_confidence else UNKNOWN
