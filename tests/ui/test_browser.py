"""End to end in a real headless Chromium (Debian's ``chromium``, driven by Playwright for
Python; `make test` installs both): log in, paste a Polish post, see a cited Polish draft,
edit it, approve it with the keyboard shortcut, and find it in the Library tab.
Screenshots go to tests/artifacts/.

Chromium missing is a failure, not a skip: CI runs `make test`, which installs it.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect, sync_playwright

from cads_rag.settings import REPO_ROOT
from cads_rag.ui.app import start
from cads_rag.ui.loadtest import free_port
from cads_rag.ui.users import UserDirectory
from tests.ui.conftest import PASSWORDS

pytestmark = pytest.mark.slow

CHROMIUM = os.environ.get("CADS_RAG_CHROMIUM", "/usr/bin/chromium")
# Without the background-networking flags Chromium tries to reach Google at every start.
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ARTIFACTS = REPO_ROOT / "tests" / "artifacts"
POST = ("Dzien dobry, szef mi napisal na WhatsAppie ze jestem zwolniony od jutra. To wazne? "
        "Pozdrawiam, Jan Kowalski <img src=x onerror=\"window.__xss = 1\">")
SIGNATURE = "Powodzenia! Zespół porad e2e."


@pytest.fixture(scope="module")
def browser():
    assert Path(CHROMIUM).exists(), f"{CHROMIUM} is missing: `make test` installs Debian's chromium (apt-get install chromium)"
    with sync_playwright() as playwright:  # launch() starts Chromium with a new, empty profile directory
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def app_url(ui_library, ui_settings, users_path):
    demo = start(ui_library, ui_settings, port=free_port(), users=UserDirectory(users_path), block=False, quiet=True)
    yield demo.local_url
    demo.close()


def log_in(browser, url: str, name: str, outside: list[str], shot: str | None = None):
    context = browser.new_context(viewport={"width": 1440, "height": 1000})
    page = context.new_page()
    page.on("request", lambda request: outside.append(request.url)
            if not re.match(r"^(https?://(127\.0\.0\.1|localhost)[:/]|data:|blob:|about:)", request.url) else None)
    page.goto(url)
    page.get_by_label("username").fill(name)
    page.get_by_label("password").fill(PASSWORDS[name])
    if shot:
        page.screenshot(path=ARTIFACTS / shot)
    page.get_by_role("button", name="Login").click()
    expect(page.locator("#post textarea")).to_be_visible(timeout=30_000)
    return page


def test_reviewer_drafts_edits_approves_and_finds_the_answer_in_the_library(browser, app_url, ui_library):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    outside: list[str] = []
    page = log_in(browser, app_url, "rita", outside, shot="ui-01-login.png")
    expect(page.get_by_text("Signed in as")).to_contain_text("rita")
    page.screenshot(path=ARTIFACTS / "ui-02-draft-tab.png")

    page.locator("#post textarea").fill(POST)
    page.locator("#draft-button").click()
    expect(page.locator("#draft-sources")).to_contain_text("§ 623 BGB", timeout=60_000)
    expect(page.locator("#draft-summary")).to_contain_text("PL · polski")
    expect(page.locator("#draft-summary")).to_contain_text("[NAME_1]")
    answer = page.locator("#draft-text textarea")
    expect(answer).to_have_value(re.compile(r"wypowiedzeni.*\[1\]", re.S))
    expect(page.locator("#draft-preview .cr-chk-ok").first).to_be_visible()
    expect(page.locator("#draft-sources mark").first).to_be_visible()  # supporting words highlighted
    assert page.evaluate("window.__xss") is None  # the post's markup was shown as text, never run
    page.screenshot(path=ARTIFACTS / "ui-03-drafted.png", full_page=True)

    answer.fill(answer.input_value() + "\n" + SIGNATURE)
    answer.press("Alt+KeyA")  # the approve shortcut
    expect(page.locator("#draft-notice")).to_contain_text("Approved by rita", timeout=30_000)
    expect(page.locator("#draft-export textarea")).to_have_value(re.compile(re.escape(SIGNATURE)))
    page.screenshot(path=ARTIFACTS / "ui-04-approved.png", full_page=True)

    page.get_by_role("tab", name="Library").click()
    card = page.locator("#library-cards .cr-card", has_text=SIGNATURE)
    expect(card).to_be_visible(timeout=30_000)
    expect(card).to_contain_text("approved by rita")
    expect(card).to_contain_text("current")
    page.screenshot(path=ARTIFACTS / "ui-05-library.png", full_page=True)

    page.get_by_role("tab", name="Sources").click()
    page.locator("#source-results").scroll_into_view_if_needed()
    page.get_by_label("Search the sources").fill("§ 623 BGB")
    page.get_by_label("Search the sources").press("Enter")
    expect(page.locator("#source-results")).to_contain_text("Schriftform der Kündigung", timeout=30_000)
    page.screenshot(path=ARTIFACTS / "ui-06-sources.png", full_page=True)
    page.context.close()

    [review] = [r for r in ui_library.reviews.list(status="approved", user="rita") if SIGNATURE in (r.final_text or "")]
    assert review.language == "pl" and review.approved_by == "rita"
    assert outside == [], f"the page made outside requests: {outside}"


def test_an_advisor_sees_no_approve_button_and_the_shortcut_does_nothing(browser, app_url, ui_library):
    outside: list[str] = []
    page = log_in(browser, app_url, "ana", outside)
    expect(page.get_by_text("Signed in as")).to_contain_text("advisor")
    page.locator("#post textarea").fill("Cât este salariul minim pe oră în Germania în 2026?")
    page.locator("#post textarea").press("Shift+Enter")  # drafts
    expect(page.locator("#draft-summary")).to_contain_text("RO · română", timeout=60_000)
    expect(page.locator("#draft-approve")).to_be_hidden()
    answer = page.locator("#draft-text textarea")
    answer.fill(answer.input_value() + "\nSpor!")
    answer.press("Alt+KeyA")
    answer.press("Alt+KeyS")  # the save shortcut
    expect(page.locator("#draft-notice")).to_contain_text("Saved by ana")
    page.screenshot(path=ARTIFACTS / "ui-07-advisor.png", full_page=True)
    page.context.close()
    mine = ui_library.reviews.list(user="ana", language="ro")
    assert mine and all(r.status in ("draft", "edited") for r in mine)
    assert outside == []


def test_a_reviewer_opens_a_draft_from_the_queue_and_approves_it(browser, app_url, ui_library):
    from cads_rag.ui import handlers
    from cads_rag.ui.users import Actor

    drafted = handlers.draft_post(ui_library, Actor("ana", "advisor"), "Hallo, wie viele Urlaubstage stehen mir zu, "
                                  "wenn ich 5 Tage pro Woche arbeite?", as_of="2026-11-25")
    review_id = drafted.review.id
    outside: list[str] = []
    page = log_in(browser, app_url, "rita", outside)
    page.get_by_role("tab", name="Review").click()
    page.get_by_label("Advisor").fill("ana")
    page.get_by_label("Advisor").press("Enter")
    row = page.locator("#review-table div[role=row]", has_text="Urlaubstage")  # Gradio 6's virtual table
    expect(row.first).to_be_visible(timeout=30_000)
    row.first.get_by_role("gridcell").nth(1).click()  # selecting a row opens it
    expect(page.locator("#review-text textarea")).to_have_value(re.compile(r"\[1\]"), timeout=30_000)
    expect(page.get_by_text(f"#{review_id}").first).to_be_visible()
    expect(page.get_by_text("drafted by").first).to_contain_text("ana")
    page.screenshot(path=ARTIFACTS / "ui-08-review.png", full_page=True)
    page.locator("#review-text textarea").press("Alt+KeyA")
    expect(page.locator("#review-notice")).to_contain_text("Approved by rita", timeout=30_000)
    expect(page.locator("#review-export textarea")).to_have_value(re.compile(r"Urlaub|urlaub|\[1\]"))
    expect(page.locator("#review-table div[role=row]", has_text="Urlaubstage")).to_have_count(0)  # no longer open
    page.context.close()
    approved = ui_library.reviews.get(review_id)
    assert (approved.status, approved.author, approved.approved_by) == ("approved", "ana", "rita")
    assert outside == []
