"""Many advisors at once: 20 threads edit and approve the same reviews; no update is lost,
no approval is lost or duplicated, and the audit chain stays intact."""

from __future__ import annotations

import random
import threading
from collections import Counter

from cads_rag.review import ConflictError, ReviewStore, TransitionError
from tests.review.conftest import make_draft

THREADS = 20


def test_twenty_threads_editing_and_approving(store_url: str) -> None:
    store = ReviewStore.open(store_url)
    ids = [store.create(make_draft(), user="seed").id for _ in range(3)]
    saved: list[tuple[int, str]] = []
    conflicts: list[str] = []
    approvals: list[tuple[int, str]] = []
    errors: list[BaseException] = []
    lock = threading.Lock()
    start = threading.Barrier(THREADS)

    def advisor(number: int) -> None:
        user = f"advisor{number}"
        rng = random.Random(number)
        try:
            start.wait()
            for step in range(4):
                review_id = rng.choice(ids)
                current = store.get(review_id)
                if current.status != "draft" and current.status != "edited":
                    continue
                text = f"{current.text} +{user}/{step}"
                try:
                    store.edit(review_id, text, user=user, version=current.version)
                    with lock:
                        saved.append((review_id, text))
                except ConflictError as err:
                    assert err.attempted_text == text
                    with lock:
                        conflicts.append(text)
                except TransitionError:
                    pass  # approved meanwhile
            review_id = ids[number % len(ids)]
            try:
                store.approve(review_id, user=user)
                with lock:
                    approvals.append((review_id, user))
            except TransitionError:
                pass
        except BaseException as err:  # noqa: BLE001 - reported below
            errors.append(err)

    threads = [threading.Thread(target=advisor, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    assert saved, "no edit went through"

    # exactly one approval per review, never lost or duplicated
    assert sorted(Counter(r for r, _ in approvals).values()) == [1, 1, 1]
    for review_id in ids:
        review = store.get(review_id)
        assert review.status == "approved"
        assert review.approved_by == next(user for r, user in approvals if r == review_id)
        edits = [r.text for r in review.revisions if r.kind == "edit"]
        assert edits == [text for r, text in saved if r == review_id]  # every save kept, in order
        assert review.final_text == (edits[-1] if edits else review.revisions[0].text)
        assert review.version == 1 + len(edits) + 1  # each save and the approval, nothing else
    kept = [r.text for review_id in ids for r in store.get(review_id).revisions if r.kind == "conflict"]
    assert sorted(kept) == sorted(conflicts)  # a losing save is kept, not dropped

    result = store.verify_log()
    assert result.ok, result.problems
    assert result.entries == 3 + len(saved) + len(conflicts) + 3
