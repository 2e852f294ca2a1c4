"""Start the cads_rag advisor UI (tabs Draft, Review, Library, Sources).

    python app.py [--host 127.0.0.1] [--port 7860]

Defaults come from the settings (ui_host, ui_port). Without users in the users file
(`cads-rag users add NAME --role reviewer`) the UI has no login and binds only to
127.0.0.1. The index must exist (``make run`` builds it when missing or stale).
"""

from __future__ import annotations

import argparse
import sys

import cads_rag  # noqa: F401  (offline environment before gradio is imported)
from cads_rag.ui.app import serve


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", help="address to bind (default: setting ui_host, 127.0.0.1)")
    parser.add_argument("--port", type=int, help="port (default: setting ui_port, 7860)")
    args = parser.parse_args(argv)
    return serve(args.host, args.port)


if __name__ == "__main__":
    sys.exit(main())
