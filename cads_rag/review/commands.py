"""``cads-rag review …``: the review store from the command line.

    cads-rag review list [--status S] [--lang xx] [--author NAME] [--user NAME] [--stale] [--json]
    cads-rag review show ID [--json]
    cads-rag review edit ID --user NAME (--text TEXT | --file FILE|-) [--version N]
    cads-rag review approve ID --user NAME [--version N]
    cads-rag review reject ID --user NAME --reason TEXT [--version N]
    cads-rag review post ID --user NAME [--url LINK]
    cads-rag review export ID
    cads-rag review verify-log
    cads-rag review refresh-stale [--as-of YYYY-MM-DD]

Every command takes ``--db URL`` (default: the ``review_db_url`` setting) and ``--json``.
Exit codes: 0 ok, 1 the audit chain is broken, 2 bad input or no such review, 4 conflict
(someone saved first: reload, merge, save again with the new ``--version``).

>>> main(["review", "verify-log", "--db", "sqlite:///:memory:"])   # doctest: +SKIP
0
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from cads_rag.review.models import ConflictError, Review, ReviewError
from cads_rag.settings import Settings

EXIT_BROKEN, EXIT_USAGE, EXIT_CONFLICT = 1, 2, 4


def open_store(args: argparse.Namespace, settings: Settings):
    """The store at ``--db`` or the configured URL."""
    from cads_rag.review.store import ReviewStore

    return ReviewStore.open(getattr(args, "db", None) or settings.review_url, four_eyes=settings.four_eyes)


def _out(args: argparse.Namespace, obj: Any, text: str) -> None:
    print(json.dumps(obj, ensure_ascii=False) if args.json else text)


def _summary(review: Review) -> str:
    who = {"approved": review.approved_by, "posted": review.posted_by, "rejected": review.rejected_by}.get(review.status)
    stale = "  STALE" if review.stale else ""
    line = " ".join(review.question.split())
    return (f"#{review.id:<5} {review.status:<9}{f' by {who}' if who else ''}  v{review.version}  {review.language}  "
            f"{review.author}  {review.updated_at[:16]}{stale}\n       {line[:100]}{'…' if len(line) > 100 else ''}")


def _details(review: Review) -> str:
    lines = [_summary(review), "", review.text, ""]
    if review.stale:
        lines.append(f"stale: {review.stale_reason}")
    for unit in review.units:
        lines.append(f"cites [{unit.n}] {unit.citation or unit.law + ' ' + unit.section}  Stand {unit.stand or '-'}  "
                     f"hash {unit.content_hash[:12]}")
    for rev in review.revisions:
        lines.append(f"revision {rev.number} ({rev.kind}, on v{rev.based_on}) by {rev.author} at {rev.created_at[:19]}")
    if review.reject_reason:
        lines.append(f"reason: {review.reject_reason}")
    return "\n".join(lines)


def cmd_review(args: argparse.Namespace) -> int:
    """Run one ``review`` sub-command; errors are printed with the reason."""
    from cads_rag.index.store import IndexMissingError

    settings = Settings(**({"index_dir": args.index} if getattr(args, "index", None) else {}))
    try:
        store = open_store(args, settings)
        return _run(args, store, settings)
    except ConflictError as err:
        print(f"conflict: {err}", file=sys.stderr)
        if args.json:
            print(json.dumps({"error": "conflict", "message": str(err), "current_version": err.current_version,
                              "current_text": err.current_text, "your_text": err.attempted_text}, ensure_ascii=False))
        return EXIT_CONFLICT
    except (ReviewError, IndexMissingError, OSError) as err:
        print(f"error: {err}", file=sys.stderr)
        return EXIT_USAGE


def _run(args: argparse.Namespace, store, settings: Settings) -> int:
    action = args.review_command
    if action == "list":
        found = store.list(status=args.status, language=args.lang, user=args.author, stale=True if args.stale else None,
                           limit=args.limit, involving=args.user)
        _out(args, {"reviews": [r.model_dump(exclude={"draft", "units", "revisions"}) for r in found]},
             "\n".join(_summary(r) for r in found) or "no reviews")
        return 0
    if action == "verify-log":
        result = store.verify_log()
        text = f"audit log: {result.entries} entries, head {result.head_hash[:16]}… — " + (
            "chain intact" if result.ok else "BROKEN:\n  " + "\n  ".join(result.problems))
        _out(args, result.model_dump(), text)
        return 0 if result.ok else EXIT_BROKEN
    if action == "refresh-stale":
        from datetime import date

        from cads_rag.index.store import load_index
        from cads_rag.review.answers import ApprovedAnswers

        answers = ApprovedAnswers(store, load_index(settings).nodes, settings.approved_match_threshold)
        marked = answers.refresh(args.as_of or date.today().isoformat())
        _out(args, {"marked_stale": marked}, f"{len(marked)} approved answer(s) marked stale" + (f": {marked}" if marked else ""))
        return 0
    if action == "export":
        text = store.export(args.id)
        _out(args, {"id": args.id, "text": text}, text.rstrip("\n"))
        return 0
    if action == "show":
        review = store.get(args.id)
    elif action == "edit":
        text = args.text if args.text is not None else (sys.stdin.read() if args.file == "-" else Path(args.file).read_text(encoding="utf-8"))
        version = args.version if args.version is not None else store.get(args.id).version
        review = store.edit(args.id, text, user=args.user, version=version)
    elif action == "approve":
        review = store.approve(args.id, user=args.user, version=args.version)
    elif action == "reject":
        review = store.reject(args.id, user=args.user, reason=args.reason, version=args.version)
    else:  # post
        review = store.post(args.id, user=args.user, url=args.url)
    _out(args, review.model_dump(), _details(review))
    return 0


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Register ``review`` and its sub-commands on the main parser."""
    review = sub.add_parser(
        "review", help="the review store: list, show, edit, approve, reject, post, export, verify-log",
        description="Drafts under review, approvals and the audit trail. Exit 0 ok, 1 broken audit chain, "
        "2 bad input or no such review, 4 conflict (someone saved first).",
    )
    actions = review.add_subparsers(dest="review_command", required=True)

    def action(name: str, help_text: str, with_id: bool = True, user: bool = False) -> argparse.ArgumentParser:
        parser = actions.add_parser(name, help=help_text, description=help_text)
        if with_id:
            parser.add_argument("id", type=int, help="review id")
        if user:
            parser.add_argument("--user", required=True, help="who does this (recorded in the audit log)")
        elif name == "list":
            parser.add_argument("--user", help="only reviews this advisor drafted, edited, approved, posted or rejected")
        else:
            parser.add_argument("--user", help="who is asking (read-only: not recorded)")
        parser.add_argument("--db", help="SQLAlchemy URL of the review store (default: setting review_db_url)")
        parser.add_argument("--json", action="store_true", help="print JSON")
        return parser

    listing = action("list", "reviews, newest change first", with_id=False)
    listing.add_argument("--status", action="append", choices=["draft", "edited", "approved", "posted", "rejected"],
                         help="only this status (repeatable)")
    listing.add_argument("--lang", help="only this language")
    listing.add_argument("--author", help="only drafts saved by this advisor")
    listing.add_argument("--stale", action="store_true", help="only approved answers whose sources changed")
    listing.add_argument("--limit", type=int, default=200, help="at most this many (default 200)")
    action("show", "one review: text, revisions, cited units")
    edit = action("edit", "save a new text (every revision is kept)", user=True)
    source = edit.add_mutually_exclusive_group(required=True)
    source.add_argument("--text", help="the new text")
    source.add_argument("--file", help='file with the new text ("-" = stdin)')
    edit.add_argument("--version", type=int, help="the version you edited (default: the current one)")
    approve = action("approve", "approve the current text (records the cited units and their hashes)", user=True)
    approve.add_argument("--version", type=int, help="the version you checked (a newer one is a conflict)")
    reject = action("reject", "reject a draft (or withdraw an unposted approval)", user=True)
    reject.add_argument("--reason", required=True, help="why (recorded)")
    reject.add_argument("--version", type=int, help="the version you checked")
    post = action("post", "mark an approved answer as posted", user=True)
    post.add_argument("--url", help="link to the posted comment")
    action("export", "the approved text ready to paste (plain text with source links)")
    action("verify-log", "check the audit chain; exit 1 when it is broken", with_id=False)
    refresh = action("refresh-stale", "mark approved answers stale whose cited units changed or expired", with_id=False)
    refresh.add_argument("--as-of", help="date for validity (YYYY-MM-DD, default today)")
    refresh.add_argument("--index", help="index directory (default: var/index)")
    review.set_defaults(func=cmd_review)
