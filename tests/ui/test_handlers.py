"""The UI's handlers as plain functions over the real index and a temporary review store:
clear errors, roles enforced, conflicts that keep both texts, a broken database, the
source panel, the library, the sources and LLM streaming."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest

from cads_rag.library import Library
from cads_rag.review.models import ConflictError
from cads_rag.ui import handlers
from cads_rag.ui.handlers import Drafted, PermissionDenied, UIError
from cads_rag.ui.users import Actor
from tests.fake_openai import fake_openai_server
from tests.ui.conftest import DAY, MINIMUM_WAGE_POST, POLISH_POST

pytestmark = pytest.mark.slow  # the whole corpus


def draft_by(library: Library, actor: Actor, post: str = POLISH_POST) -> Drafted:
    drafted = handlers.draft_post(library, actor, post, as_of=DAY)
    assert drafted.review is not None, drafted.save_error
    return drafted


def test_bad_posts_get_clear_messages(ui_library, advisor):
    with pytest.raises(UIError, match="Paste a post first"):
        handlers.draft_post(ui_library, advisor, "  \n ")
    limit = ui_library.settings.max_post_chars
    with pytest.raises(UIError, match=f"has {limit + 1:,} characters; the limit is {limit:,}"):
        handlers.draft_post(ui_library, advisor, "a" * (limit + 1))
    with pytest.raises(UIError, match="Choose its language in the Language list"):
        handlers.draft_post(ui_library, advisor, "12345 ???")
    with pytest.raises(UIError, match="is not a date"):
        handlers.draft_post(ui_library, advisor, POLISH_POST, as_of="25.11.2026")
    with pytest.raises(UIError, match="Unknown language"):
        handlers.draft_post(ui_library, advisor, POLISH_POST, language="xx")


def test_a_language_picked_by_hand_is_used(ui_library, advisor):
    drafted = handlers.draft_post(ui_library, advisor, "Kündigung WhatsApp ???", language="ro", as_of=DAY)
    assert drafted.draft.language == "ro" and drafted.review.language == "ro"


def test_a_draft_is_stored_under_the_actor_with_the_personal_data_removed(ui_library, advisor):
    drafted = draft_by(ui_library, advisor)
    draft, review = drafted.draft, drafted.review
    assert draft.language == "pl" and draft.answerable and re.search(r"\[\d\]", draft.text)
    assert "Kowalski" not in draft.scrubbed_question and any(p.type == "NAME" for p in draft.pii)
    assert review.author == "ana" and review.status == "draft" and "Kowalski" not in review.question
    [created] = ui_library.reviews.audit_entries(review.id)
    assert (created.actor, created.action) == ("ana", "created")


def test_roles_are_enforced_by_the_handlers(ui_library, advisor, reviewer, admin):
    mine = draft_by(ui_library, advisor).review
    theirs = draft_by(ui_library, reviewer).review
    with pytest.raises(PermissionDenied, match="Only reviewers and admins approve"):
        handlers.approve(ui_library, advisor, mine.id, mine.version, mine.text)
    assert ui_library.reviews.get(mine.id).status == "draft"
    with pytest.raises(PermissionDenied, match="drafted by rita"):
        handlers.save_text(ui_library, advisor, theirs.id, theirs.version, theirs.text + "\nHacked.")
    with pytest.raises(PermissionDenied, match="drafted by rita"):
        handlers.reject(ui_library, advisor, theirs.id, theirs.version, "not mine")
    assert ui_library.reviews.get(theirs.id).text == theirs.text

    saved = handlers.save_text(ui_library, advisor, mine.id, mine.version, mine.text + "\nPozdrawiamy.")
    assert saved.status == "edited" and saved.version == mine.version + 1
    approved = handlers.approve(ui_library, reviewer, saved.id, saved.version, saved.text)
    assert (approved.status, approved.approved_by) == ("approved", "rita")
    with pytest.raises(PermissionDenied, match="mark answers as posted"):
        handlers.mark_posted(ui_library, advisor, approved.id, "https://facebook.com/groups/x/posts/1")
    exported = handlers.export(ui_library, advisor, approved.id)
    assert exported.startswith(saved.text.split("\n")[0]) and "Pozdrawiamy." in exported
    posted = handlers.mark_posted(ui_library, reviewer, approved.id, "https://facebook.com/groups/x/posts/1")
    assert posted.status == "posted" and posted.posted_by == "rita"
    actions = [(e.actor, e.action) for e in handlers.audit_log(ui_library, advisor, mine.id)]
    assert actions == [("ana", "created"), ("ana", "edited"), ("rita", "approved"), ("rita", "posted")]

    with pytest.raises(PermissionDenied, match="Only admins"):
        handlers.verify_audit(ui_library, reviewer)
    assert handlers.verify_audit(ui_library, admin).ok


def test_rejecting_needs_a_reason_and_an_advisor_may_reject_their_own_draft(ui_library, advisor):
    review = draft_by(ui_library, advisor).review
    with pytest.raises(UIError, match="Say why"):
        handlers.reject(ui_library, advisor, review.id, review.version, "  ")
    rejected = handlers.reject(ui_library, advisor, review.id, review.version, "duplicate post")
    assert (rejected.status, rejected.rejected_by, rejected.reject_reason) == ("rejected", "ana", "duplicate post")
    with pytest.raises(UIError, match="Review .* is rejected|rejected"):
        handlers.save_text(ui_library, advisor, review.id, rejected.version, "new text [1].")


def test_a_conflict_keeps_both_texts(ui_library, advisor, reviewer):
    review = draft_by(ui_library, advisor).review
    handlers.save_text(ui_library, reviewer, review.id, review.version, review.text + "\nRita's line.")
    with pytest.raises(ConflictError) as caught:
        handlers.save_text(ui_library, advisor, review.id, review.version, review.text + "\nAna's line.")
    err = caught.value
    assert err.current_text.endswith("Rita's line.") and err.attempted_text.endswith("Ana's line.")
    assert err.changed_by == "rita" and err.current_version == review.version + 1
    kinds = [r.kind for r in ui_library.reviews.get(review.id).revisions]
    assert kinds == ["draft", "edit", "conflict"]
    merged = handlers.save_text(ui_library, advisor, review.id, err.current_version, err.current_text + "\nAna's line.")
    assert merged.text.endswith("Rita's line.\nAna's line.")


def test_nothing_to_act_on_and_unknown_reviews(ui_library, advisor):
    with pytest.raises(UIError, match="draft a post first"):
        handlers.save_text(ui_library, advisor, None, None, "text [1].")
    with pytest.raises(UIError, match="There is no review 999999"):
        handlers.open_review(ui_library, advisor, 999999)


def test_an_unreadable_database_is_a_message(real_library, ui_settings, tmp_path: Path, advisor):
    broken = tmp_path / "review.db"
    broken.write_bytes(b"this is not a database, it is garbage " * 100)
    library = Library(real_library.index, ui_settings.model_copy(update={"review_db_url": f"sqlite:///{broken}"}))
    # drafting goes on without approved answers; only storing the draft fails, and says so
    drafted = handlers.draft_post(library, advisor, POLISH_POST, as_of=DAY)
    assert drafted.review is None and drafted.draft.language == "pl" and "[1]" in drafted.draft.text
    assert any("approved answers could not be looked up" in w for w in drafted.draft.warnings)
    assert drafted.save_error.startswith("The draft could not be stored: The review database cannot be used")
    with pytest.raises(UIError, match="review database cannot be used right now"):
        handlers.list_reviews(library, advisor)
    with pytest.raises(UIError, match="Your text is still here"):
        handlers.save_text(library, advisor, 1, 1, "text [1].")


def test_a_draft_that_cannot_be_stored_is_still_shown(real_library, ui_settings, tmp_path: Path, advisor):
    from cads_rag.review import ReviewStore

    url = f"sqlite:///{tmp_path / 'review.db'}"
    ReviewStore.open(url).close()
    with sqlite3.connect(tmp_path / "review.db") as connection:  # the disk "fills up": reads work, writes fail
        connection.execute("CREATE TRIGGER full BEFORE INSERT ON reviews BEGIN SELECT RAISE(ABORT, 'disk full'); END")
    library = Library(real_library.index, ui_settings.model_copy(update={"review_db_url": url}))
    drafted = handlers.draft_post(library, advisor, POLISH_POST, as_of=DAY)
    assert drafted.review is None and drafted.draft.language == "pl" and "[1]" in drafted.draft.text
    assert drafted.save_error.startswith("The draft could not be stored: The review database cannot be used")


def test_review_queue_filters(ui_library, advisor, reviewer):
    mine = draft_by(ui_library, advisor).review
    romanian = handlers.draft_post(ui_library, reviewer, "Buna ziua, am primit Kündigung pe WhatsApp. E valabila?", as_of=DAY)
    assert romanian.draft.language == "ro"
    open_pl = handlers.list_reviews(ui_library, advisor, language="pl", status="open", advisor="ana")
    assert mine.id in [r.id for r in open_pl] and all(r.language == "pl" and r.author == "ana" for r in open_pl)
    assert romanian.review.id in [r.id for r in handlers.list_reviews(ui_library, advisor, language="ro", status="all")]
    assert not [r for r in handlers.list_reviews(ui_library, advisor, status="approved") if r.status != "approved"]
    with pytest.raises(UIError, match="Unknown status"):
        handlers.list_reviews(ui_library, advisor, status="lost")


def test_library_shows_approved_answers_and_marks_stale_ones(ui_library, advisor, reviewer):
    review = draft_by(ui_library, advisor, MINIMUM_WAGE_POST).review
    approved = handlers.approve(ui_library, reviewer, review.id, review.version, review.text + "\nUnikalny znacznik 4711.")
    [entry] = handlers.library_entries(ui_library, language="pl", query="znacznik 4711")
    assert entry.review.id == approved.id and entry.stale_reasons == []
    ui_library.reviews.mark_stale({approved.id: ["§ 1 MiLoV5 changed since the approval"]})
    [entry] = handlers.library_entries(ui_library, query="znacznik 4711", stale_only=True)
    assert entry.stale_reasons == ["§ 1 MiLoV5 changed since the approval"]
    # By 2028 the 2026/2027 minimum-wage units are out of force: the answer is stale on that day.
    [later] = handlers.library_entries(ui_library, query="znacznik 4711", as_of="2028-06-01")
    assert any("not in force on 2028-06-01" in reason for reason in later.stale_reasons)


def test_source_views_back_the_sentences_that_cite_them(ui_library, advisor):
    draft = draft_by(ui_library, advisor, MINIMUM_WAGE_POST).draft
    views = handlers.source_views(ui_library, draft.citations, draft.text, draft.language, draft.as_of)
    wage = next(v for v in views if v.citation.law == "MiLoV5")
    assert "13.9" in wage.figures and "13,90" in wage.passage and wage.cited_by >= 1 and wage.in_force
    assert len(views) == len(draft.citations)
    expired = handlers.source_views(ui_library, [wage.citation], draft.text, draft.language, "2030-01-01")
    assert expired[0].in_force is (not wage.citation.valid_until)


def test_sources_catalogue_units_and_search(ui_library):
    catalogue = handlers.source_catalogue(ui_library)
    assert "623" in catalogue["BGB"].sections and catalogue["BGB"].kind == "statute" and catalogue["BGB"].stand
    assert catalogue["guide:pl"].kind == "guide" and "minimum-wage" in catalogue["guide:pl"].sections
    assert list(catalogue)[0] != "guide:bg"  # statutes first
    [unit] = handlers.source_units(ui_library, "BGB", "623")
    assert "Schriftform" in unit.get_content()
    with pytest.raises(UIError, match="no section"):
        handlers.source_units(ui_library, "BGB", "99999")
    response = handlers.search_sources(ui_library, "§ 623 BGB")
    assert (response.results[0].law, response.results[0].section) == ("BGB", "623")
    with pytest.raises(UIError, match="Type what to look for"):
        handlers.search_sources(ui_library, " ")


def test_the_llm_drafter_streams_then_the_checked_draft_follows(real_library, ui_settings, advisor):
    def chat(messages):
        user = messages[-1]["content"]
        n = int(re.search(r"^\[(\d+)\] § 1 MiLoV5", user, re.M).group(1))
        return (f"Od 1 stycznia 2026 płaca minimalna wynosi 13,90 euro brutto za godzinę [{n}]. "
                f"Od 1 stycznia 2027 wyniesie 14,60 euro [{n}].")

    with fake_openai_server(chat=chat) as (url, _requests):
        settings = ui_settings.model_copy(update={"drafter": "llm", "openai_base_url": url, "llm_model": "fake"})
        items = list(handlers.stream_draft(Library(real_library.index, settings), advisor, MINIMUM_WAGE_POST, as_of=DAY))
    partial, final = items[:-1], items[-1]
    assert partial and all(isinstance(p, str) for p in partial)
    assert partial[-1].startswith("Od 1 stycznia 2026 płaca minimalna")
    assert isinstance(final, Drafted) and final.draft.drafter == "llm" and final.review.author == "ana"
    assert all(c.status == "ok" for c in final.draft.checks) and "13,90" in final.draft.text


def test_stream_draft_reports_bad_input_before_any_work(ui_library, advisor):
    with pytest.raises(UIError, match="Paste a post first"):
        next(handlers.stream_draft(ui_library, advisor, ""))
