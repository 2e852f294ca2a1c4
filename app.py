"""Start the cads_rag advisor UI on the embedded defaults.

    python app.py [--host 127.0.0.1] [--port 7860]

The index must exist (``make run`` builds it when missing or stale).
"""

from __future__ import annotations

import argparse
import sys

import cads_rag  # noqa: F401  (offline environment before gradio is imported)
from cads_rag.index.store import IndexMissingError
from cads_rag.library import Library
from cads_rag.ui.search_page import build_search_page


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=7860)
    args = parser.parse_args(argv)
    if args.host not in ("127.0.0.1", "localhost", "::1"):
        parser.error("this page has no login yet: it only binds to 127.0.0.1")
    try:
        library = Library.load()
    except IndexMissingError as err:
        print(f"error: {err}", file=sys.stderr)
        return 3
    library.search("Mindestlohn")  # warm the models before the first advisor waits
    build_search_page(library).launch(server_name=args.host, server_port=args.port, show_error=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
