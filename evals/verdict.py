"""The verdict a draft gives on a contract clause ("is this clause valid?"), read from its
answer sentences, and whether it matches the lawyers' label.

* ``problematic``: a sentence about the clause (it names a Klausel, Regelung, Bestimmung,
  Vereinbarung / clause, term, provision) states, without a condition or hedge, that it is
  invalid (unwirksam, nichtig, unzulässig, verboten … / invalid, void, not allowed …);
* ``valid``: no such sentence, and one about the clause states without a condition or
  hedge that it is valid (wirksam, zulässig, erlaubt … / valid, allowed, enforceable …);
* ``undecided``: neither.

A rule stated under a condition ("Wenn eine vorformulierte Klausel unwirksam ist, …",
"… kann unwirksam sein, wenn …"), or about something else ("Ohne sachlichen Grund ist
eine Befristung bis zu 2 Jahren zulässig"), decides nothing about *this* clause. The
ComposeDrafter writes exactly such sentences from the guide; counting them would credit
it with a judgement it does not make, so its drafts come out ``undecided``. The lawyers' ``unfair``
(risky, possibly unenforceable) and ``void`` both expect ``problematic``: an advisor must
flag both. Word lists exist for German and English drafts; labelled items in other
languages are not verdict-scorable.

>>> draft_verdict("Diese Klausel ist unwirksam (§ 307 BGB) [1].", "de")
'problematic'
>>> draft_verdict("Wenn eine vorformulierte Klausel unwirksam ist, bleibt der übrige Vertrag wirksam [1].", "de")
'undecided'
>>> draft_verdict("Die Klausel ist wirksam [1]. Eine Befristung ist bis zu 2 Jahren zulässig [2].", "de")
'valid'
>>> draft_verdict("Ohne sachlichen Grund ist eine Befristung bis zu 2 Jahren zulässig [1].", "de"), expected_verdict("void")
('undecided', 'problematic')
"""

from __future__ import annotations

import re

from cads_rag.draft.sentences import draft_sentences, strip_markers

VERDICT_LANGUAGES = ("de", "en")

_INVALID = {
    "de": r"unwirksam|nichtig|unzulässig|nicht zulässig|nicht wirksam|verboten|nicht erlaubt|ungültig|nicht bindend|gilt nicht",
    "en": r"invalid|void|unenforceable|not valid|not allowed|not permitted|illegal|unlawful|prohibited|not binding",
}
_VALID = {
    "de": r"wirksam|zulässig|erlaubt|gültig|rechtens|in Ordnung",
    "en": r"valid|allowed|permitted|lawful|enforceable|legal",
}
_SUBJECT = {
    "de": r"Klausel\w*|Regelung\w*|Bestimmung\w*|Vereinbarung\w*|Vertragsklausel\w*",
    "en": r"clauses?|terms?|provisions?",
}
_HEDGE = {
    "de": r"wenn|falls|sofern|soweit|ob|kann|können|könnte|könnten|möglicherweise|eventuell|unter Umständen|oft|häufig|meist|manchmal",
    "en": r"if|whether|unless|may|might|can|could|possibly|often|usually|sometimes",
}


def _words(pattern: str) -> re.Pattern[str]:
    # \b on both sides: "wirksam" must not match inside "unwirksam".
    return re.compile(rf"\b(?:{pattern})\b", re.IGNORECASE)


_PATTERNS = {
    lang: (_words(_SUBJECT[lang]), _words(_INVALID[lang]), _words(_VALID[lang]), _words(_HEDGE[lang]))
    for lang in VERDICT_LANGUAGES
}


def draft_verdict(answer: str, language: str) -> str:
    """``problematic`` | ``valid`` | ``undecided`` for the answer text of a draft (see the
    module docstring); raises ``ValueError`` for a language without word lists."""
    if language not in _PATTERNS:
        raise ValueError(f"no verdict word lists for language {language!r} (only {', '.join(VERDICT_LANGUAGES)})")
    subject, invalid, valid, hedge = _PATTERNS[language]
    says_valid = False
    for sentence in draft_sentences(answer, language):
        sentence = strip_markers(sentence)
        if not subject.search(sentence) or hedge.search(sentence):
            continue
        if invalid.search(sentence):
            return "problematic"
        says_valid = says_valid or bool(valid.search(sentence))
    return "valid" if says_valid else "undecided"


def expected_verdict(label: str) -> str:
    """The verdict a lawyer's label asks for: ``valid`` → ``valid``; ``unfair`` and ``void`` → ``problematic``."""
    return "valid" if label == "valid" else "problematic"
