"""Ten advisors at once: ten gradio_client sessions log in, draft and approve against
`cads-rag serve` in its own process. Zero errors is the assertion; the p50/p95 latencies
are printed (targets belong in `make bench-ui`, not here)."""

from __future__ import annotations

import pytest

from cads_rag.review import ReviewStore
from cads_rag.ui.loadtest import free_port, run_load, served
from cads_rag.ui.users import add_user

pytestmark = pytest.mark.slow

SESSIONS = 10


def test_ten_advisors_draft_and_approve_at_once(real_library, real_settings, tmp_path, capsys):
    users = tmp_path / "users.toml"
    for i in range(SESSIONS):
        add_user(users, f"reviewer{i}", "reviewer", f"password-{i}")
    url = f"sqlite:///{tmp_path / 'review.db'}"
    env = {"CADS_RAG_REVIEW_DB_URL": url, "CADS_RAG_USERS_FILE": str(users), "CADS_RAG_UI_CONCURRENCY": "4"}
    with served(env, free_port(), index_dir=str(real_settings.index_dir), log=tmp_path / "serve.log") as server:
        report = run_load(server, SESSIONS, rounds=1, auth_for=lambda i: (f"reviewer{i}", f"password-{i}"),
                          name_for=lambda i: "")
    with capsys.disabled():
        print("\n" + report.summary())
    assert report.errors == [], report.summary()
    assert len(report.latencies["draft"]) == len(report.latencies["approve"]) == SESSIONS

    store = ReviewStore.open(url)
    try:
        approved = store.list(status="approved")
        assert sorted(r.approved_by for r in approved) == sorted(f"reviewer{i}" for i in range(SESSIONS))
        assert all(r.author == r.approved_by for r in approved)  # each session's own login went to the store
        assert store.verify_log().ok
    finally:
        store.close()
