"""HTML of the UI: posts and edited texts are escaped everywhere, checks are coloured by
verdict, the source panel marks the supporting words and shows validity."""

from __future__ import annotations

import pytest

from cads_rag.draft.models import ApprovedMatch, Check, Citation, Draft
from cads_rag.draft.pii import PiiMatch
from cads_rag.review.models import ApprovedUnit, Review
from cads_rag.ui import render
from cads_rag.ui.handlers import LibraryEntry, SourceView

ATTACK = '<img src=x onerror="alert(1)"><script>alert(2)</script>'


def _no_markup_from(text: str, html: str) -> None:
    assert "<script>" not in html and "<img" not in html and "onerror=\"" not in html, html
    assert render.esc(text) in html


def test_everything_from_a_post_is_escaped():
    draft = Draft(language="pl", answerable=True, scrubbed_question=f"Szef [NAME_1] {ATTACK}", text=f"Tekst {ATTACK} [1].",
                  drafter="compose", as_of="2026-11-25", warnings=[f"warn {ATTACK}"],
                  pii=[PiiMatch(type="NAME", placeholder="[NAME_1]", original=ATTACK, start=0, end=3)],
                  approved_answers=[ApprovedMatch(review_id=3, similarity=0.9, language="pl", question=ATTACK, text=ATTACK,
                                                  status="approved", approved_by=ATTACK, approved_at="2026-11-01",
                                                  posted_url="javascript:alert(3)")])
    summary = render.draft_summary(draft, None)
    _no_markup_from(ATTACK, summary)
    assert '<span class="cr-pii">[NAME_1]</span>' in summary and "→ [NAME_1]" in summary
    matches = render.approved_matches(draft.approved_answers)
    _no_markup_from(ATTACK, matches)
    assert "href" not in matches  # a posted link that is not a web address is not made clickable
    checks = [Check(sentence=f"Tekst {ATTACK} [1].", status="unsupported", detail=ATTACK)]
    _no_markup_from(ATTACK, render.checked_draft(draft.text, checks))
    _no_markup_from(ATTACK, render.notice(ATTACK, "error"))


def test_only_web_links_become_links():
    assert render.link("https://www.gesetze-im-internet.de/bgb/__623.html").startswith('<a href="https://www.gesetze')
    assert "<a" not in render.link("javascript:alert(1)")
    assert "<a" not in render.link('https://x.example/" onmouseover="alert(1)')


def test_checked_draft_colours_each_sentence_and_links_markers():
    text = "Die Kündigung muss schriftlich sein [1]. Das kostet 500 Euro [2].\n\nAllgemeine Information."
    checks = [Check(sentence="Die Kündigung muss schriftlich sein [1].", status="ok"),
              Check(sentence="Das kostet 500 Euro [2].", status="unsupported", detail="500 not found in [2] § 4 KSchG"),
              Check(sentence="Allgemeine Information.", status="uncited", detail="no [n] source marker")]
    html = render.checked_draft(text, checks)
    assert '<span class="cr-chk cr-chk-ok" title="ok">Die Kündigung' in html
    assert 'class="cr-chk cr-chk-unsupported" title="unsupported: 500 not found in [2] § 4 KSchG"' in html
    assert '<a class="cr-ref" href="#cr-src-2">2</a>' in html
    assert '1 ok</span>' in html and '1 unsupported</span>' in html and '1 uncited</span>' in html
    assert "500 not found" in html.split('class="cr-problems"')[1]


def test_source_panel_marks_supporting_words_and_shows_validity():
    citation = Citation(n=1, law="MiLoV5", section="1", title="Höhe des Mindestlohns", citation="§ 1 MiLoV5",
                        url="https://www.gesetze-im-internet.de/milov5/__1.html", stand="BGBl. 2025", valid_until="2026-12-31")
    passage = "(1) Der Mindestlohn beträgt ab 1. Januar 2026 13,90 Euro brutto je Zeitstunde (§ 1 Abs. 2)."
    view = SourceView(citation, passage, frozenset({"mindestlohn"}), frozenset({"13.9", "2026", "2"}), in_force=False, cited_by=2)
    html = render.source_panel([view])
    assert "[1] § 1 MiLoV5 — Höhe des Mindestlohns" in html and 'id="cr-src-1"' in html
    assert "<mark>Mindestlohn</mark>" in html and "<mark>13,90</mark>" in html and "<mark>2026</mark>" in html
    assert "(1)" in html and "<mark>1</mark>" not in html and "Abs. 2" in html  # references are not figures
    assert 'class="cr-expired"' in html and "NOT IN FORCE" in html and "cr-card-expired" in html
    assert "Stand: BGBl. 2025" in html and 'href="https://www.gesetze-im-internet.de/milov5/__1.html"' in html


@pytest.mark.parametrize("reasons, marked", [([], False), (["§ 1 MiLoV5 changed since the approval"], True)])
def test_library_cards_mark_stale_answers(reasons, marked):
    review = Review(id=7, status="approved", version=2, language="ro", question=ATTACK, as_of="2026-11-25", drafter="compose",
                    text=ATTACK, author="ana", created_at="2026-11-25T10:00", updated_at="2026-11-25T11:00",
                    approved_by="rita", approved_at="2026-11-25T11:00", final_text=f"Salariul {ATTACK} [1].",
                    units=[ApprovedUnit(n=1, node_id="x", law="MiLoV5", section="1", citation="§ 1 MiLoV5", content_hash="h",
                                        stand="2025")])
    html = render.library_cards([LibraryEntry(review, reasons)])
    _no_markup_from(ATTACK, html)
    assert ("STALE" in html and "changed since the approval" in html) is marked
    assert "approved by <b>rita</b>" in html and "[1] § 1 MiLoV5 (Stand 2025)" in html
