"""The review lifecycle on a SQLite file: draft → edited → approved → posted / rejected."""

from __future__ import annotations

import pytest

from cads_rag.review import ConflictError, FourEyesError, ReviewError, ReviewNotFoundError, ReviewStore, TransitionError
from tests.review.conftest import make_draft


def test_full_lifecycle_keeps_every_revision_and_logs_every_step(store: ReviewStore) -> None:
    review = store.create(make_draft(), user="ana")
    assert (review.status, review.version, review.author) == ("draft", 1, "ana")
    review = store.edit(review.id, review.text + " Viele Grüße", user="ana", version=1)
    review = store.edit(review.id, review.text.replace("Viele", "Beste"), user="ben", version=review.version)
    assert (review.status, review.version) == ("edited", 3)
    review = store.approve(review.id, user="carla", version=3)
    assert review.status == "approved" and review.approved_by == "carla"
    assert review.final_text == review.text and review.text.endswith("Beste Grüße")
    assert [(u.citation, u.content_hash, u.stand) for u in review.units] == [("§ 623 BGB", "a" * 64, "2025-01-01")]
    review = store.post(review.id, user="carla", url="https://facebook.com/groups/x/posts/1")
    assert review.status == "posted" and review.posted_url.endswith("/1")

    assert [(r.number, r.kind, r.author) for r in review.revisions] == [(1, "draft", "ana"), (2, "edit", "ana"), (3, "edit", "ben")]
    assert [e.action for e in store.audit_entries(review.id)] == ["created", "edited", "edited", "approved", "posted"]
    assert [e.actor for e in store.audit_entries(review.id)] == ["ana", "ana", "ben", "carla", "carla"]
    assert store.verify_log().ok


def test_export_is_plain_text_with_links_and_only_after_approval(store: ReviewStore) -> None:
    review = store.create(make_draft(), user="ana")
    with pytest.raises(TransitionError, match="only approved answers"):
        store.export(review.id)
    store.approve(review.id, user="ben")
    exported = store.export(review.id)
    # the advisor's text had no link: the cited provision's link is added under it
    assert exported == "Die Kündigung muss schriftlich sein (§ 623 BGB) [1].\n\n[1] § 623 BGB https://www.gesetze-im-internet.de/bgb/__623.html\n"


def test_approved_units_follow_the_markers_left_in_the_final_text(store: ReviewStore) -> None:
    draft = make_draft("Schriftform (§ 623 BGB) [1]. Klage binnen drei Wochen (§ 4 KSchG) [2].")
    draft.citations.append(draft.citations[0].model_copy(update={"n": 2, "citation": "§ 4 KSchG", "law": "KSchG", "section": "4"}))
    review = store.create(draft, user="ana")
    review = store.approve(review.id, user="ben", text="Schriftform (§ 623 BGB) [1].")
    assert [u.n for u in review.units] == [1]
    assert review.revisions[-1].author == "ben"  # the approver's edit is a revision too


def test_stale_version_is_a_conflict_that_loses_nothing(store: ReviewStore) -> None:
    review = store.create(make_draft(), user="ana")
    store.edit(review.id, "Version von Ben [1].", user="ben", version=1)
    with pytest.raises(ConflictError) as caught:
        store.edit(review.id, "Version von Ana [1].", user="ana", version=1)
    err = caught.value
    assert (err.current_version, err.current_text, err.changed_by, err.attempted_text) == (2, "Version von Ben [1].", "ben", "Version von Ana [1].")
    assert "ben" in str(err) and "reload" in str(err)
    current = store.get(review.id)
    assert current.text == "Version von Ben [1]." and current.version == 2
    assert [(r.kind, r.text) for r in current.revisions][-1] == ("conflict", "Version von Ana [1].")
    # approving a version one has not seen is a conflict too
    with pytest.raises(ConflictError):
        store.approve(review.id, user="carla", version=1)
    assert store.get(review.id).status == "edited"
    assert store.verify_log().ok


def test_invalid_transitions_and_inputs_say_why(store: ReviewStore) -> None:
    review = store.create(make_draft(), user="ana")
    with pytest.raises(ReviewError, match="reason"):
        store.reject(review.id, user="ben", reason="  ")
    with pytest.raises(ReviewError, match="user name"):
        store.approve(review.id, user=" ")
    with pytest.raises(ReviewError, match="empty"):
        store.edit(review.id, "   ", user="ana", version=1)
    with pytest.raises(TransitionError, match="only approved"):
        store.post(review.id, user="ana")
    with pytest.raises(ReviewNotFoundError):
        store.get(999)
    store.approve(review.id, user="ben")
    with pytest.raises(TransitionError, match="already approved by ben"):
        store.approve(review.id, user="carla")
    with pytest.raises(TransitionError, match="already approved"):
        store.edit(review.id, "neu", user="ana", version=2)
    with pytest.raises(ReviewError, match="web address"):
        store.post(review.id, user="ben", url="javascript:alert(1)")
    rejected = store.reject(store.create(make_draft(), user="ana").id, user="ben", reason="wrong topic")
    assert (rejected.status, rejected.reject_reason) == ("rejected", "wrong topic")
    with pytest.raises(TransitionError):
        store.post(rejected.id, user="ben")


def test_four_eyes_rule(store_url: str) -> None:
    store = ReviewStore.open(store_url, four_eyes=True)
    review = store.create(make_draft(), user="ana")
    with pytest.raises(FourEyesError, match="ana wrote this draft"):
        store.approve(review.id, user="ana")
    review = store.edit(review.id, "Ben schreibt um [1].", user="ben", version=1)
    with pytest.raises(FourEyesError, match="final text"):
        store.approve(review.id, user="ben")
    assert store.approve(review.id, user="carla").status == "approved"


def test_list_filters(store: ReviewStore) -> None:
    a = store.create(make_draft(language="pl"), user="ana")
    b = store.create(make_draft(), user="ben")
    store.approve(b.id, user="ana")
    assert [r.id for r in store.list()] == [b.id, a.id]
    assert [r.id for r in store.list(status="approved")] == [b.id]
    assert [r.id for r in store.list(language="pl")] == [a.id]
    assert [r.id for r in store.list(user="ben")] == [b.id]
    assert [r.id for r in store.list(involving="ana")] == [b.id, a.id]  # ana approved b
    store.edit(a.id, "Carla war hier [1].", user="carla", version=1)
    assert [r.id for r in store.list(involving="carla")] == [a.id]
    assert [r.id for r in store.list(status=["draft", "approved"], language="de")] == [b.id]
    with pytest.raises(ReviewError, match="unknown status"):
        store.list(status="done")
