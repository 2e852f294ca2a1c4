"""``cads-rag eval`` and ``python -m evals``: run the evaluation suite, write the report,
compare it with an earlier one and gate it against the thresholds in the repository.

    cads-rag eval --suite all --dataset dev gerlayqa clauses:60 [--judge URL] [--out DIR]
    cads-rag eval --ci                      # the small CI suite, gated by evals/thresholds.toml

Importing this module is cheap (argparse only); the library and ragas load when it runs.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date, datetime
from pathlib import Path
from typing import Any

from cads_rag.settings import REPO_ROOT, Settings

EXIT_OK, EXIT_GATE_FAILED, EXIT_USAGE, EXIT_NO_INDEX = 0, 1, 2, 3
REPORTS = REPO_ROOT / "evals" / "reports"


def add_arguments(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """The eval options, shared by ``cads-rag eval`` and ``python -m evals``."""
    from evals.datasets import AS_OF
    from evals.gate import CI_DATASETS

    parser.add_argument("--suite", choices=["retrieval", "draft", "all"], default="all",
                        help="retrieval: R@k, MRR, ragas context metrics; draft: draft measures, ragas similarity "
                        "(and judge metrics with --judge); all: both (default)")
    parser.add_argument("--dataset", nargs="+", metavar="NAME_OR_PATH[:N]",
                        help="JSONL files in the project schema (GerLayQA and contract-clause files are converted) or "
                        "the names dev, scope, holdout, blind, appendix_a, gerlayqa, clauses; ':N' keeps N items spread over "
                        "languages and kinds (default: dev)")
    parser.add_argument("--limit", type=int, metavar="N", help="keep at most N items of every dataset without ':N'")
    parser.add_argument("--out", metavar="DIR", help="where the report goes (default: evals/reports/<timestamp>/)")
    parser.add_argument("--as-of", default=AS_OF, metavar="YYYY-MM-DD", help=f"date of the drafts and searches (default {AS_OF}, pinned so that runs compare)")
    parser.add_argument("--drafter", choices=["compose", "llm"], help="drafter of the draft suite (default from settings: compose)")
    parser.add_argument("--judge", metavar="URL", help="OpenAI-compatible base URL of a judge LLM (e.g. http://127.0.0.1:8080/v1) "
                        "for ragas faithfulness and answer relevancy; without it no LLM metric runs")
    parser.add_argument("--judge-model", metavar="NAME", help="judge model name (default: the llm_model setting)")
    parser.add_argument("--judge-key", metavar="KEY", help="judge API key (default: the openai_api_key setting)")
    parser.add_argument("--judge-timeout", type=float, default=120.0, metavar="S", help="seconds per judge call (default 120)")
    parser.add_argument("--judge-prompts", metavar="DIR", help="cache of the judge prompts adapted to each language "
                        "(default var/ragas_prompts)")
    parser.add_argument("--compare", metavar="REPORT", help="print the changes against an earlier report.json")
    parser.add_argument("--gate", nargs="?", const="evals/thresholds.toml", metavar="FILE",
                        help="exit 1 when a metric crosses a threshold of FILE (default evals/thresholds.toml)")
    parser.add_argument("--ci", action="store_true",
                        help=f"the small CI suite: both suites on {' '.join(CI_DATASETS)} (the external sets only when "
                        "present), gated by evals/thresholds.toml")
    parser.add_argument("--index", metavar="DIR", help="index directory (default: var/index)")
    parser.add_argument("--embedder", help="embedder the index was built with")
    return parser


def build_parser(prog: str = "python -m evals") -> argparse.ArgumentParser:
    return add_arguments(argparse.ArgumentParser(prog=prog, description=__doc__.splitlines()[0]))


def run(args: argparse.Namespace, settings: Settings | None = None) -> int:
    """Run what ``args`` ask for; the exit code (0 ok, 1 gate failed, 2 bad input, 3 no index)."""
    from evals.gate import CI_DATASETS, THRESHOLDS, check, load_thresholds
    from evals.suite import SUITES, load_dataset

    if args.ci and args.dataset:
        print("error: --ci runs its own datasets; drop --dataset", file=sys.stderr)
        return EXIT_USAGE
    if args.as_of:
        try:
            date.fromisoformat(args.as_of)
        except ValueError:
            print(f"error: --as-of must be a date YYYY-MM-DD, not {args.as_of!r}", file=sys.stderr)
            return EXIT_USAGE
    specs = list(CI_DATASETS) if args.ci else args.dataset or ["dev"]
    datasets = []
    for spec in specs:
        try:
            datasets.append(load_dataset(spec, args.limit))
        except FileNotFoundError as err:
            if args.ci and not spec.startswith("dev"):  # ../shared is optional beside a clone
                print(f"skipped {spec}: {err}", file=sys.stderr)
                continue
            print(f"error: {err}", file=sys.stderr)
            return EXIT_USAGE
    if len({d.name for d in datasets}) < len(datasets):
        print(f"error: the report names datasets by file name; two are called the same: {' '.join(specs)}", file=sys.stderr)
        return EXIT_USAGE
    gate_file = args.gate or (str(THRESHOLDS) if args.ci else None)
    try:
        thresholds = load_thresholds(_path(gate_file)) if gate_file else None
        earlier = json.loads(_path(args.compare).read_text(encoding="utf-8")) if args.compare else None
    except (OSError, ValueError) as err:  # tomllib and json errors are ValueErrors
        print(f"error: {err}", file=sys.stderr)
        return EXIT_USAGE

    library = _library(args, settings)
    if isinstance(library, int):
        return library
    from evals.judge import PROMPT_CACHE, Judge
    from evals.report import build_report, markdown, write_report
    from evals.suite import run_suite

    judge = None
    if args.judge:
        judge = Judge(url=args.judge, model=args.judge_model or library.settings.llm_model,
                      api_key=args.judge_key or library.settings.openai_api_key, timeout_s=args.judge_timeout)
    suites = SUITES if args.ci or args.suite == "all" else (args.suite,)
    result = run_suite(library, datasets, suites, as_of=args.as_of, drafter=args.drafter, judge=judge,
                       prompt_cache=Path(args.judge_prompts) if args.judge_prompts else PROMPT_CACHE)
    report = build_report(result.rows, result.meta)
    out = _path(args.out) if args.out else default_out()
    write_report(report, result.rows, out)
    print(markdown(report))
    print(f"report: {out}/report.json (items: items.jsonl, tables: report.md, charts: chart_*.png)")
    if earlier is not None:
        from evals.report import compare

        print(compare(report, earlier))
    if thresholds is not None:
        gate = check(report, thresholds)
        print(gate.summary())
        if not gate.ok:
            return EXIT_GATE_FAILED
    return EXIT_OK


def default_out() -> Path:
    """``evals/reports/<timestamp>/`` (git-ignored)."""
    return REPORTS / datetime.now().strftime("%Y%m%d-%H%M%S")


def _path(value: str) -> Path:
    """A path as given, or relative to the repository when it does not exist as given
    (``--gate evals/thresholds.toml`` works from any directory)."""
    path = Path(value)
    return path if path.is_absolute() or path.exists() else REPO_ROOT / path


def _library(args: argparse.Namespace, settings: Settings | None) -> Any:
    from cads_rag.index.store import IndexMissingError
    from cads_rag.library import Library

    overrides: dict[str, Any] = {}
    if args.index:
        overrides["index_dir"] = Path(args.index)
    if args.embedder:
        overrides["embedder"] = args.embedder
    # An evaluation measures drafting from the sources: approved answers in a local review
    # store would make the figures depend on that store's contents.
    settings = (settings or Settings(**overrides)).model_copy(update={"reuse_approved": False})
    try:
        return Library.load(settings)
    except IndexMissingError as err:
        print(f"error: {err}", file=sys.stderr)
        return EXIT_NO_INDEX


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    return run(parser.parse_args(argv))
