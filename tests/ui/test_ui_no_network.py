"""No telemetry and no outside requests from the advisor UI: in a fresh interpreter with an
audit hook that records every connect / getaddrinfo to a non-loopback host, launch the UI
with login, draft and approve through gradio_client, and load and log in to the page in
headless Chromium, recording every request the page makes."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from cads_rag.ui.loadtest import free_port
from tests.ui.test_browser import CHROMIUM, CHROMIUM_FLAGS

pytestmark = pytest.mark.slow

SCRIPT = r"""
import json, sys
attempts = []
LOCAL = ("127.", "localhost", "::1", "0.0.0.0", "")
def hook(event, args):
    if event == "socket.getaddrinfo":
        host = args[0].decode() if isinstance(args[0], bytes) else str(args[0] or "")
        if not host.startswith(LOCAL): attempts.append((event, host))
    elif event == "socket.connect":
        address = args[1]
        host = address[0] if isinstance(address, tuple) else str(address)
        if isinstance(address, tuple) and not str(host).startswith(LOCAL): attempts.append((event, str(host)))
sys.addaudithook(hook)

from pathlib import Path
from cads_rag.settings import Settings
from cads_rag.library import Library
from cads_rag.ui.app import start
from cads_rag.ui.users import UserDirectory, add_user

index_dir, tmp, chromium, port, flags = sys.argv[1], Path(sys.argv[2]), sys.argv[3], int(sys.argv[4]), json.loads(sys.argv[5])
users = tmp / "users.toml"
add_user(users, "rita", "reviewer", "rita-password")
settings = Settings(index_dir=index_dir, review_db_url=f"sqlite:///{tmp / 'review.db'}", users_file=users)
demo = start(Library.load(settings), settings, port=port, users=UserDirectory(users), block=False, quiet=True)

from gradio_client import Client
client = Client(demo.local_url, auth=("rita", "rita-password"), verbose=False)
out = client.predict("Ile wynosi płaca minimalna za godzinę w Niemczech w 2026?", "auto", "", "", api_name="/draft")
assert "[1]" in out[4], out[0]
assert "Approved by rita" in client.predict(out[4], "", api_name="/approve")[0]

from playwright.sync_api import sync_playwright
page_requests = []
with sync_playwright() as playwright:
    browser = playwright.chromium.launch(executable_path=chromium, args=flags)
    page = browser.new_page()
    page.on("request", lambda request: page_requests.append(request.url))
    page.goto(demo.local_url)
    page.get_by_label("username").fill("rita")
    page.get_by_label("password").fill("rita-password")
    page.get_by_role("button", name="Login").click()
    page.wait_for_selector("#post textarea", timeout=30000)
    page.wait_for_timeout(2000)  # lazily loaded assets (the page never goes idle: it keeps a heartbeat open)
    browser.close()
demo.close()
print(json.dumps({"attempts": attempts, "page_requests": page_requests}))
"""


def test_the_ui_makes_no_outside_requests(real_library, real_settings, tmp_path):
    assert os.path.exists(CHROMIUM), f"{CHROMIUM} is missing: `make test` installs it"
    # Only what `import cads_rag` sets may keep telemetry off: drop the variables of this run.
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("HF_", "TRANSFORMERS", "GRADIO_", "DO_NOT_TRACK", "CADS_RAG_"))}
    out = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(real_settings.index_dir), str(tmp_path), CHROMIUM, str(free_port()),
         json.dumps(CHROMIUM_FLAGS)],
        env=env, capture_output=True, text=True, timeout=600,
    )
    assert out.returncode == 0, out.stderr[-3000:]
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result["attempts"] == []
    assert len(result["page_requests"]) > 5  # the page and its assets were loaded (and recorded)
    outside = [url for url in result["page_requests"] if not url.startswith(("http://127.0.0.1:", "data:", "blob:"))]
    assert outside == []
