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


@lru_cache(maxsize=1)
def _detector():
    from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

    languages = [Language.from_iso_code_639_1(getattr(IsoCode639_1, code.upper())) for code in LANGUAGES]
    return LanguageDetectorBuilder.from_languages(*languages).with_preloaded_language_models().build()


def language_confidences(text: str) -> dict[str, float]:
    """Confidence per project language (sums to 1), highest first."""
    values = _detector().compute_language_confidence_values(text)
    return {v.language.iso_code_639_1.name.lower(): float(v.value) for v in values}


def detect_language(text: str, min_confidence: float = 0.35) -> str:
    """ISO 639-1 code of ``text`` among the project languages, or ``"unknown"``."""
    if len(re.findall(r"[^\W\d_]", text)) < _MIN_LETTERS:
        return UNKNOWN
    confidences = language_confidences(text)
    if not confidences:
        return UNKNOWN
    code, value = next(iter(confidences.items()))
    return code if value >= min_confidence else UNKNOWN
