"""CitationVerifier on hand-made units: every status and every normalisation the issue names."""

from __future__ import annotations

import pytest
from llama_index.core.schema import TextNode

from cads_rag.corpus.units import make_unit
from cads_rag.draft.models import Citation
from cads_rag.draft.sources import citation_of_node
from cads_rag.draft.verify import CitationVerifier, claim_figures

DAY = "2026-11-25"


@pytest.fixture(scope="module")
def units() -> dict[str, TextNode]:
    nodes = [
        make_unit("(1) Der Mindestlohn beträgt 1. ab 1. Januar 2026 13,90 Euro brutto je Zeitstunde; 2. ab 1. Januar 2027 "
                  "14,60 Euro brutto je Zeitstunde.", law="MiLoV5", section="1", kind="statute", lang="de",
                  title="Höhe des Mindestlohns", valid_from="2026-01-01"),
        make_unit("Will ein Arbeitnehmer geltend machen, dass eine Kündigung sozial ungerechtfertigt ist, so muss er innerhalb "
                  "von drei Wochen nach Zugang der schriftlichen Kündigung Klage beim Arbeitsgericht erheben.",
                  law="KSchG", section="4", kind="statute", lang="de", title="Anrufung des Arbeitsgerichts",
                  url="https://www.gesetze-im-internet.de/kschg/__4.html"),
        make_unit("Der Mindestlohn für Pflegehilfskräfte beträgt ab 1. Juli 2025 16,10 Euro je Stunde.",
                  law="PflegeArbbV 6", section="2", kind="statute", lang="de", title="Mindestentgelt",
                  valid_from="2024-05-01", valid_until="2026-06-30"),
        make_unit("Die Kündigung muss schriftlich erfolgen (§ 623 BGB). Eine WhatsApp reicht nicht.", law="guide",
                  section="dismissal-in-writing", kind="guide", lang="de", title="Kündigung schriftlich",
                  sources=[{"law": "BGB", "section": "623"}], facts=[]),
    ]
    return {node.node_id: node for node in nodes}


@pytest.fixture(scope="module")
def verifier(units) -> CitationVerifier:
    return CitationVerifier(units)


def cite(units, n: int, law: str, section: str) -> Citation:
    node = next(node for node in units.values() if (node.metadata["law"], node.metadata["section"]) == (law, section))
    return citation_of_node(n, node)


def test_a_supported_sentence_is_ok_in_any_number_format(verifier, units):
    citations = [cite(units, 1, "MiLoV5", "1")]
    for amount in ("13,90", "13.90", "13.90 €", "13,90 EUR"):
        [check] = verifier.verify(f"Seit dem 1. Januar 2026 sind es {amount} pro Stunde [1].", citations, "de", DAY)
        assert check.status == "ok", (amount, check.detail)


def test_a_wrong_amount_is_unsupported_and_named(verifier, units):
    [check] = verifier.verify("Der Mindestlohn beträgt 12,82 Euro [1].", [cite(units, 1, "MiLoV5", "1")], "de", DAY)
    assert check.status == "unsupported" and "12.82" in check.detail


def test_number_words_and_digits_are_the_same_figure(verifier, units):
    citations = [cite(units, 1, "KSchG", "4")]
    for sentence in ("Die Klage muss binnen 3 Wochen erhoben werden [1].", "Sie haben drei Wochen Zeit für die Klage [1]."):
        assert verifier.verify(sentence, citations, "de", DAY)[0].status == "ok"
    assert verifier.verify("Sie haben vier Wochen Zeit [1].", citations, "de", DAY)[0].status == "unsupported"


def test_a_sentence_without_marker_is_uncited(verifier, units):
    [check] = verifier.verify("Der Mindestlohn steigt bald.", [cite(units, 1, "MiLoV5", "1")], "de", DAY)
    assert check.status == "uncited"


def test_a_marker_without_source_or_a_source_outside_the_corpus_is_unsupported(verifier, units):
    [missing] = verifier.verify("Es gilt der Mindestlohn [7].", [cite(units, 1, "MiLoV5", "1")], "de", DAY)
    assert missing.status == "unsupported" and "[7]" in missing.detail
    ghost = Citation(n=1, law="BGB", section="999", node_id="BGB|999||de|0", citation="§ 999 BGB")
    [check] = verifier.verify("Das steht im Gesetz [1].", [ghost], "de", DAY)
    assert check.status == "unsupported" and "not in the corpus" in check.detail


def test_a_named_provision_must_be_a_cited_unit_or_in_one(verifier, units):
    guide = [cite(units, 1, "guide", "dismissal-in-writing")]
    assert verifier.verify("Die Kündigung braucht Schriftform (§ 623 BGB) [1].", guide, "de", DAY)[0].status == "ok"
    [check] = verifier.verify("Die Kündigung braucht Schriftform (§ 626 BGB) [1].", guide, "de", DAY)
    assert check.status == "unsupported" and "§ 626 BGB" in check.detail


def test_an_expired_unit_is_flagged_with_its_end_date(verifier, units):
    citations = [cite(units, 1, "PflegeArbbV 6", "2")]
    sentence = "Pflegehilfskräfte bekommen 16,10 Euro [1]."
    assert verifier.verify(sentence, citations, "de", "2026-05-01")[0].status == "ok"
    [check] = verifier.verify(sentence, citations, "de", DAY)
    assert check.status == "expired" and "2026-06-30" in check.detail


def test_greeting_disclaimer_heading_and_source_lines_are_not_claims(verifier, units):
    text = (
        "Hallo!\n\nDie Klage muss binnen drei Wochen erhoben werden [1].\n\nQuellen:\n"
        "[1] § 4 KSchG (Anrufung des Arbeitsgerichts) https://www.gesetze-im-internet.de/kschg/__4.html\n\n"
        "Dies ist eine allgemeine Information, keine individuelle Rechtsberatung."
    )
    checks = verifier.verify(text, [cite(units, 1, "KSchG", "4")], "de", DAY)
    assert [c.status for c in checks] == ["ok", "ok", "ok", "ok"]
    assert [c.detail.split()[0] for c in checks if c.detail] == ["greeting", "sources", "disclaimer"]


def test_numeric_dates_count_as_day_month_year():
    assert claim_figures("Ab 01.01.2027 gilt das [1].", "en") == {"1", "2027"}


def test_a_web_address_must_come_from_a_cited_unit(verifier, units):
    citations = [cite(units, 1, "KSchG", "4")]
    [check] = verifier.verify("Mehr dazu auf http://evil.example/win [1].", citations, "de", DAY)
    assert check.status == "unsupported" and "evil.example" in check.detail
    [check] = verifier.verify("Der Text steht auf gesetze-im-internet.de [1].", citations, "de", DAY)
    assert check.status == "ok"


def test_a_provision_of_a_law_outside_the_corpus_is_unsupported(verifier, units):
    [check] = verifier.verify("Das ist strafbar (§ 263 StGB) [1].", [cite(units, 1, "KSchG", "4")], "de", DAY)
    assert check.status == "unsupported" and "StGB" in check.detail
