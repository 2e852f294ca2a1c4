"""The running UI through gradio_client: a local-mode round trip (draft → save → approve →
library), login with roles enforced on the API (not only hidden buttons), drafts of
several advisors at once, and where the UI may bind."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from gradio_client import Client

from cads_rag.cli import main
from cads_rag.library import Library
from cads_rag.ui.app import BindRefused, check_binding, is_loopback, start
from cads_rag.ui.loadtest import free_port
from cads_rag.ui.users import UserDirectory
from tests.fake_openai import fake_openai_server
from tests.ui.conftest import DAY, MINIMUM_WAGE_POST, PASSWORDS, POLISH_POST

# Outputs of /draft: notice, summary, approved answers, checked draft, text, conflict box, export, sources.
NOTICE, SUMMARY, APPROVED, PREVIEW, TEXT, CONFLICT, EXPORT, SOURCES = range(8)


@pytest.mark.parametrize("host, loopback", [("127.0.0.1", True), ("localhost", True), ("::1", True), ("[::1]", True),
                                            ("0.0.0.0", False), ("192.168.1.20", False), ("::", False), ("advisors.lan", False)])
def test_only_loopback_without_login(host, loopback):
    assert is_loopback(host) is loopback
    check_binding(host, login=True)
    if loopback:
        check_binding(host, login=False)
    else:
        with pytest.raises(BindRefused, match="without login"):
            check_binding(host, login=False)


def test_serve_refuses_other_interfaces_without_users(tmp_path: Path, monkeypatch, capsys):
    monkeypatch.setenv("CADS_RAG_USERS_FILE", str(tmp_path / "users.toml"))
    assert main(["serve", "--host", "0.0.0.0", "--index", str(tmp_path / "no-index")]) == 2
    assert "refusing to serve on 0.0.0.0 without login" in capsys.readouterr().err
    (tmp_path / "users.toml").write_text('[[users]]\nname = "ana"\nrole = "advisor"\npassword = "plain-text"\n')
    assert main(["serve", "--host", "127.0.0.1", "--index", str(tmp_path / "no-index")]) == 2  # broken file: no fallback
    assert "no scrypt password hash" in capsys.readouterr().err


@pytest.mark.slow
def test_gradio_client_round_trip_in_local_mode(ui_library, ui_settings):
    demo = start(ui_library, ui_settings, port=free_port(), users=UserDirectory(ui_settings.users_path), block=False, quiet=True)
    try:
        client = Client(demo.local_url, verbose=False)
        out = client.predict(POLISH_POST, "auto", DAY, "local-tester", api_name="/draft")
        assert "Drafted" in out[NOTICE] and "PL · polski" in out[SUMMARY] and "Kowalski" in out[SUMMARY]  # shown, not stored
        assert "[1]" in out[TEXT] and "cr-chk-ok" in out[PREVIEW] and "§ 623 BGB" in out[SOURCES]
        review_id = int(out[SUMMARY].split("Saved as review #")[1].split(" ")[0])

        edited = out[TEXT] + "\nPozdrawiamy, zespół porad."
        saved = client.predict(edited, "local-tester", api_name="/save")
        assert "Saved by local-tester" in saved[0]
        approved = client.predict(edited, "local-tester", api_name="/approve")
        assert "Approved by local-tester" in approved[0] and approved[3].startswith(out[TEXT][:40])
        assert "Pozdrawiamy, zespół porad." in approved[3]

        library = client.predict("pl", "zespół porad", False, api_name="/library")
        assert f'data-review="{review_id}"' in library and "current" in library
        rows = client.predict("pl", "all", "local-tester", "local-tester", api_name="/reviews")[0]
        assert str(review_id) in [row[0] for row in rows["data"]]
        opened = client.predict(review_id, "local-tester", api_name="/open_review")
        assert "approved by <b>local-tester</b>" in opened[1] and "Pozdrawiamy" in opened[5]

        empty = client.predict("   ", "auto", "", "local-tester", api_name="/draft")
        assert "Paste a post first" in empty[NOTICE]
        nameless = client.predict(POLISH_POST, "auto", "", "  ", api_name="/draft")
        assert "Type your name" in nameless[NOTICE]
        found = client.predict("§ 623 BGB", "auto", api_name="/search")
        assert "Schriftform der Kündigung" in found
        assert "Stand:" in client.predict("BGB", "623", api_name="/source")
    finally:
        demo.close()
    entries = ui_library.reviews.audit_entries(review_id)
    assert [(e.actor, e.action) for e in entries] == [("local-tester", "created"), ("local-tester", "edited"),
                                                      ("local-tester", "approved")]


@pytest.mark.slow
def test_login_and_roles_over_the_api(ui_library, ui_settings, users_path):
    users = UserDirectory(users_path)
    demo = start(ui_library, ui_settings, port=free_port(), users=users, block=False, quiet=True)
    try:
        with pytest.raises(ValueError, match="Could not login"):
            Client(demo.local_url, auth=("ana", "wrong password"), verbose=False)
        ana = Client(demo.local_url, auth=("ana", PASSWORDS["ana"]), verbose=False)
        out = ana.predict(MINIMUM_WAGE_POST, "auto", DAY, "someone-else", api_name="/draft")  # the typed name is ignored
        assert "Saved as review" in out[SUMMARY] and "by ana." in out[SUMMARY]
        review_id = int(out[SUMMARY].split("Saved as review #")[1].split(" ")[0])
        denied = ana.predict(out[TEXT], "", api_name="/approve")  # the button is hidden; the API refuses too
        assert "Only reviewers and admins approve" in denied[0]
        assert ui_library.reviews.get(review_id).status == "draft"
        denied = ana.predict("", api_name="/verify_audit_log")
        assert "Only admins" in denied

        rita = Client(demo.local_url, auth=("rita", PASSWORDS["rita"]), verbose=False)
        opened = rita.predict(review_id, "", api_name="/open_review")
        assert "drafted by <b>ana</b>" in opened[1]
        approved = rita.predict(opened[3]["value"] if isinstance(opened[3], dict) else opened[3], "", api_name="/review_approve")
        assert "Approved by rita" in approved[0]
        adam = Client(demo.local_url, auth=("adam", PASSWORDS["adam"]), verbose=False)
        assert "The audit log is intact" in adam.predict("", api_name="/verify_audit_log")
    finally:
        demo.close()
    actions = [(e.actor, e.action) for e in ui_library.reviews.audit_entries(review_id)]
    assert actions == [("ana", "created"), ("rita", "approved")]


@pytest.mark.slow
def test_several_advisors_draft_at_once(real_library, ui_settings):
    """Three LLM drafts that each wait 1.5 s on the model finish together, not one after another:
    the queue's concurrency limit comes from the settings (Gradio's default is 1)."""

    def chat(messages):
        return "Płaca minimalna jest w ustawie [1]."

    with fake_openai_server(chat=chat, delay_s=1.5) as (url, _):
        settings = ui_settings.model_copy(update={"drafter": "llm", "openai_base_url": url, "llm_model": "fake",
                                                  "ui_concurrency": 4})
        library = Library(real_library.index, settings)
        library.draft(MINIMUM_WAGE_POST, as_of=DAY, drafter="compose")  # build the pipeline before timing
        demo = start(library, settings, port=free_port(), users=UserDirectory(settings.users_path), block=False, quiet=True)
        try:
            clients = [Client(demo.local_url, verbose=False) for _ in range(3)]
            began = time.perf_counter()
            with ThreadPoolExecutor(3) as pool:
                outs = list(pool.map(lambda c: c.predict(MINIMUM_WAGE_POST, "auto", DAY, "tester", api_name="/draft"), clients))
            elapsed = time.perf_counter() - began
        finally:
            demo.close()
    assert all("drafter: llm" in out[SUMMARY] for out in outs), [out[NOTICE] for out in outs]
    assert elapsed < 3.5, f"3 drafts took {elapsed:.1f} s: they ran one after another"


@pytest.mark.slow
def test_a_lost_race_shows_both_texts_and_keeps_yours(ui_library, ui_settings, users_path):
    from cads_rag.ui import handlers
    from cads_rag.ui.users import Actor

    review = handlers.draft_post(ui_library, Actor("ana", "advisor"), MINIMUM_WAGE_POST, as_of=DAY).review
    demo = start(ui_library, ui_settings, port=free_port(), users=UserDirectory(users_path), block=False, quiet=True)
    try:
        rita = Client(demo.local_url, auth=("rita", PASSWORDS["rita"]), verbose=False)
        adam = Client(demo.local_url, auth=("adam", PASSWORDS["adam"]), verbose=False)
        for client in (rita, adam):  # both open version 1
            client.predict(review.id, "", api_name="/open_review")
        assert "Saved by rita" in rita.predict(review.text + "\nRita's line.", "", api_name="/review_save")[0]
        notice, _preview, conflict, _export = adam.predict(review.text + "\nAdam's line.", "", api_name="/review_save")
        assert "Not saved: rita saved review" in notice and "Your text is still in the answer box" in notice
        assert conflict["visible"] is True and conflict["value"].endswith("Rita's line.")  # a gr.update
        # Adam merges and saves again: the state now holds rita's version, so it goes through.
        merged = adam.predict(review.text + "\nRita's line.\nAdam's line.", "", api_name="/review_save")
        assert "Saved by adam" in merged[0]
    finally:
        demo.close()
    kinds = [(r.kind, r.author) for r in ui_library.reviews.get(review.id).revisions]
    assert kinds == [("draft", "ana"), ("edit", "rita"), ("conflict", "adam"), ("edit", "adam")]
