"""The drafting pipeline on the real index and models: language, citations, checks,
myths, out-of-scope posts, as-of dates, personal data and bad input."""

from __future__ import annotations

import re

import pytest

from cads_rag.draft.pipeline import UnsupportedLanguageError
from cads_rag.library import InvalidQueryError

pytestmark = pytest.mark.slow
DAY = "2026-11-25"


def test_a_polish_post_gets_a_cited_polish_draft_that_passes_every_check(real_library):
    draft = real_library.draft("Dzien dobry, pracuje na magazynie w Niemczech. Ile wynosi teraz placa minimalna na godzine?", as_of=DAY)
    assert draft.language == "pl" and draft.answerable and draft.drafter == "compose"
    assert all(c.status == "ok" for c in draft.checks), [c for c in draft.checks if c.status != "ok"]
    assert len(draft.text) <= real_library.settings.draft_max_chars
    assert not re.search(r"\*\*|^#|^- ", draft.text, re.M)  # plain text for a comment
    assert "Źródła:" in draft.text and draft.text.rstrip().endswith("porada prawna.")
    cited = {(c.law, c.section) for c in draft.citations}
    assert ("MiLoV5", "1") in cited
    minimum_wage = next(c for c in draft.citations if (c.law, c.section) == ("MiLoV5", "1"))
    assert minimum_wage.url.startswith("https://www.gesetze-im-internet.de/") and "13,90" in minimum_wage.quote
    # A figure that changes on a known date comes with both values and their dates.
    assert "13,90" in draft.text and "14,60" in draft.text and "2027" in draft.text
    for n in {int(n) for n in re.findall(r"\[(\d+)\]", draft.text.split("Źródła:")[0])}:
        assert any(c.n == n for c in draft.citations)


def test_a_post_repeating_a_myth_is_corrected_explicitly(real_library):
    draft = real_library.draft("Szef mi napisał na WhatsAppie, że jestem zwolniony od jutra. To chyba ważne wypowiedzenie, tak?", as_of=DAY)
    assert draft.myth == "myth-whatsapp-dismissal"
    assert draft.text.startswith("Uwaga, to częsty błąd:")
    assert ("BGB", "623") in {(c.law, c.section) for c in draft.citations}
    assert all(c.status == "ok" for c in draft.checks)


def test_an_out_of_scope_post_gets_the_cannot_answer_draft(real_library):
    draft = real_library.draft("Stie cineva un service auto bun si ieftin in Nürnberg? Mi s-a aprins martorul de motor la Logan", as_of=DAY)
    assert draft.language == "ro" and not draft.answerable
    assert "nu putem" in draft.text.lower() or "nu pare" in draft.text.lower()
    assert [c.law for c in draft.citations] == ["guide"] and draft.citations[0].section == "getting-help"
    assert all(c.status == "ok" for c in draft.checks)


def test_units_valid_on_the_as_of_date_are_preferred(real_library):
    post = "Jaka jest płaca minimalna na godzinę w Niemczech?"
    now = real_library.draft(post, as_of=DAY)
    assert not now.warnings and "13,90" in now.text
    later = real_library.draft(post, as_of="2028-02-01")  # the guide page on the 2026/2027 rates ends 2027-12-31
    assert "13,90" not in later.text and not later.warnings
    assert all(c.status == "ok" for c in later.checks)


def test_personal_data_is_removed_before_retrieval_and_listed(real_library):
    post = ("Buna, ma numesc Ioana Popescu, tel 0176 12345678, ioana.popescu@gmail.com. "
            "Am primit Kündigung pe WhatsApp de la firma. E valabila?")
    draft = real_library.draft(post, as_of=DAY)
    for value in ("Ioana", "Popescu", "0176 12345678", "ioana.popescu@gmail.com"):
        assert value not in draft.scrubbed_question and value not in draft.text
    assert {"NAME", "PHONE", "EMAIL"} <= {p.type for p in draft.pii}
    dumped = draft.model_dump_json()
    assert "Popescu" not in dumped and "12345678" not in dumped
    assert draft.language == "ro" and draft.answerable


@pytest.mark.parametrize("post, message", [("   ", "empty"), ("x" * 7000, "limit")])
def test_empty_or_huge_posts_are_refused_with_a_reason(real_library, post, message):
    with pytest.raises(InvalidQueryError, match=message):
        real_library.draft(post)


def test_an_undetectable_language_is_a_clear_error_unless_given(real_library):
    with pytest.raises(UnsupportedLanguageError, match="give the language"):
        real_library.draft("12345 ??? 678")
    with pytest.raises(UnsupportedLanguageError, match="not one of"):
        real_library.draft("Merhaba, maaşım ödenmedi", language="tr")
    with pytest.raises(InvalidQueryError, match="YYYY-MM-DD"):
        real_library.draft("Ile wynosi płaca minimalna?", as_of="25.11.2026")
