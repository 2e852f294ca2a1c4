"""The approved-answer library on real indexes: approved answers are found again for similar
posts (other languages too), reused by the ComposeDrafter in the post's language, and marked
stale when a provision they cite changes at re-index or stops being in force."""

from __future__ import annotations

from pathlib import Path

import pytest

from cads_rag.cli import main
from cads_rag.draft.matching import MatchKeys, unit_key
from cads_rag.draft.models import Draft
from cads_rag.draft.sources import citation_of_node
from cads_rag.index.store import build_index, load_index
from cads_rag.library import Library
from cads_rag.review.answers import ApprovedAnswers, refresh_stale
from cads_rag.settings import Settings

DAY = "2026-11-25"
WHATSAPP_PL = "Dzien dobry, szef mi napisal na WhatsAppie ze jestem zwolniony. To wazne?"


@pytest.fixture()
def library(real_library: Library, tmp_path: Path) -> Library:
    """The real index with a review store of its own (the session library's stays empty)."""
    settings = real_library.settings.model_copy(update={"review_db_url": f"sqlite:///{tmp_path / 'review.db'}"})
    return Library(real_library.index, settings)


@pytest.mark.slow
def test_approved_answer_is_offered_and_reused(library: Library) -> None:
    assert library.approved_answers() is None  # no store yet: nothing created by drafting
    first = library.draft(WHATSAPP_PL, as_of=DAY)
    assert first.approved_answers == [] and first.reused_review_id is None
    review = library.save_draft(first, "ana")
    assert first.review_id == review.id
    approved = library.reviews.approve(review.id, user="ben", text=review.text.replace("Uwaga", "UWAGA"))

    again = library.draft("Hej! Szef mi napisal na WhatsAppie, ze jestem zwolniony. To jest wazne?", as_of=DAY)
    match = again.approved_answers[0]
    assert (match.review_id, match.approved_by, match.stale, match.language) == (review.id, "ben", False, "pl")
    assert {c.citation for c in match.citations} >= {"§ 623 BGB"}
    assert again.reused_review_id == review.id and again.text == approved.final_text
    assert any("reuses approved answer" in w for w in again.warnings)
    assert all(c.status == "ok" for c in again.checks), [c for c in again.checks if c.status != "ok"]

    unrelated = library.draft("Ile wynosi płaca minimalna za godzinę w 2026?", as_of=DAY)
    assert unrelated.approved_answers == [] and unrelated.reused_review_id is None


def _approve(library: Library, question: str, text: str, node_id: str) -> tuple[int, MatchKeys]:
    node = library.index.nodes[node_id]
    draft = Draft(language="de", answerable=True, scrubbed_question=question, text=text, drafter="compose", as_of=DAY,
                  citations=[citation_of_node(1, node)])
    keys = MatchKeys(ranked=[unit_key(node.metadata)], cited=[unit_key(node.metadata)])
    review = library.reviews.create(draft, user="ana", match_keys=keys.model_dump())
    library.reviews.approve(review.id, user="ben")
    return review.id, keys


@pytest.mark.slow
def test_answer_goes_stale_when_its_provision_changes_or_expires(tmp_path: Path, small_corpus: Path, minilm_spec: str) -> None:
    settings = Settings(corpus_dir=small_corpus, index_dir=tmp_path / "index", embedder=minilm_spec)
    build_index(settings, progress=False)
    library = Library.load(settings)
    deadline, deadline_keys = _approve(library, "Wie lange habe ich Zeit für die Klage gegen die Kündigung?",
                                         "Klage binnen drei Wochen (§ 4 KSchG) [1].", "KSchG|4||de|0")
    care, care_keys = _approve(library, "Wie hoch ist der Mindestlohn in der Altenpflege?",
                                 "Pflegemindestlohn (§ 2 PflegeArbbV 6) [1].", "PflegeArbbV 6|2|1-3|de|0")
    answers = ApprovedAnswers(library.reviews, library.index.nodes, threshold=0.5)
    june = answers.match(care_keys, "de", "2026-06-15")
    assert [(m.review_id, m.stale) for m in june] == [(care, False)]

    # PflegeArbbV 6 ends on 2026-06-30: from July the answer is stale, never offered as current
    july = answers.match(care_keys, "de", "2026-07-01")[0]
    assert july.stale and july.stale_reasons == ["§ 2 Abs. 1-3 PflegeArbbV 6 is not in force on 2026-07-01"]

    statute = small_corpus / "law" / "de" / "kschg.md"
    statute.write_text(statute.read_text(encoding="utf-8").replace("innerhalb von drei Wochen", "innerhalb von vier Wochen"),
                       encoding="utf-8")
    # a re-index marks the answers stale in the store (as of today: the care rate has expired too)
    assert main(["index", "--corpus", str(small_corpus), "--index", str(settings.index_dir), "--embedder", minilm_spec, "--quiet"]) == 0
    changed = library.reviews.get(deadline)
    assert changed.stale and changed.stale_reason == "§ 4 KSchG changed since the approval"
    assert library.reviews.get(care).stale_reason.startswith("§ 2 Abs. 1-3 PflegeArbbV 6 is not in force on")
    assert [e.action for e in library.reviews.audit_entries(deadline)][-1] == "stale"
    assert refresh_stale(settings, DAY) == []  # marked once
    assert library.reviews.list(stale=True)[0].id in (deadline, care)

    offered = ApprovedAnswers(library.reviews, load_index(settings).nodes, 0.5).match(deadline_keys, "de", "2026-06-15")
    assert offered[0].review_id == deadline and offered[0].stale
    assert "§ 4 KSchG changed since the approval" in offered[0].stale_reasons
    assert library.reviews.verify_log().ok


@pytest.mark.slow
def test_an_unreadable_review_store_does_not_stop_drafting(real_library: Library, tmp_path: Path) -> None:
    broken = tmp_path / "review.db"
    broken.write_bytes(b"this is not a database" * 100)
    settings = real_library.settings.model_copy(update={"review_db_url": f"sqlite:///{broken}"})
    draft = Library(real_library.index, settings).draft(WHATSAPP_PL, as_of=DAY)
    assert draft.answerable and draft.citations
    assert any("approved answers could not be looked up" in w for w in draft.warnings)
