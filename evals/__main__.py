"""``python -m evals``: the evaluation suite (same options as ``cads-rag eval``)."""

from evals.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
