"""The benchmark behind ``make bench``: retrieval quality per language on the dev set, on
two held-out sets (``evals/datasets/holdout.jsonl``: written before any tuning and never
tuned on; ``blind.jsonl``: written without seeing the evaluation sets or the guide), on
models.md Appendix A and on GerLayQA dev (by path); draft quality per language on the dev,
scope and held-out sets (the drafting targets); R@5 per language without glossary expansion,
without the guide pages' typical posts and without the guide pages (what each adds); index
build time, peak memory, warm search and draft latency, PII scrubbing time. Prints a report;
``--json FILE`` also writes it.

    python -m evals.bench [--json FILE] [--skip-gerlayqa] [--skip-drafts] [--skip-ablations] [--as-of YYYY-MM-DD]
"""

from __future__ import annotations

import argparse
import json
import logging
import resource
import shutil
import statistics
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from cads_rag.draft.pii import scrub
from cads_rag.index.store import build_index, load_index
from cads_rag.library import Library
from cads_rag.settings import Settings
from evals.drafting import draft_rows, summarise, table
from evals.datasets import DATASETS, GERLAYQA, EvalItem, load_items
from evals.retrieval import first_hit_rank, mrr, recall_at

MODES = ("hybrid", "dense", "bm25")
DRAFT_DAY = "2026-11-25"
HOLDOUT = DATASETS / "holdout.jsonl"
# A second held-out set, written on 2026-12-07 by writers who saw neither the evaluation sets
# nor the guide (so neither its pages nor their typical posts), and measured before any change.
BLIND = DATASETS / "blind.jsonl"


def score(library: Library, items: list[EvalItem], mode: str) -> dict[str, dict[str, float]]:
    """R@1/5/10 and MRR@10 per language and overall for one retrieval mode."""
    ranks: dict[str, list[int | None]] = defaultdict(list)
    for item in items:
        response = library.search(item.question, k=10, mode=mode)
        rank = first_hit_rank(response.results, item.gold_pairs())
        ranks[item.lang].append(rank)
        ranks["all"].append(rank)
    return {
        lang: {"n": len(r), "R@1": recall_at(r, 1), "R@5": recall_at(r, 5), "R@10": recall_at(r, 10), "MRR": round(mrr(r, 10), 3)}
        for lang, r in sorted(ranks.items())
    }


def _without_guide(corpus_dir: Path, into: Path) -> Path:
    """A copy of ``corpus_dir`` without the guide (a copy, not links: the loader does not
    follow linked folders, and a build prunes the vector cache to what it indexed)."""
    shutil.copytree(corpus_dir, into, ignore=lambda folder, names: ["guide"] if Path(folder) == corpus_dir else [])
    return into


def ablations(library: Library, sets: dict[str, list[EvalItem]], tmp: Path) -> dict[str, dict[str, dict[str, float]]]:
    """Hybrid R@5 per language as built, without glossary expansion, without the guide
    pages' typical posts, and without the guide pages (an index of the statutes and
    directives alone), on the given sets."""
    settings = library.settings
    variants = {
        "as built": library,
        "no glossary": Library(library.index, settings.model_copy(update={"glossary_expansion": False})),
        "no typical posts": Library(library.index, settings.model_copy(update={"guide_ask_weight": 0.0})),
    }
    bare = settings.model_copy(update={"corpus_dir": _without_guide(Path(settings.corpus_dir), tmp / "corpus"),
                                       "index_dir": tmp / "index-without-guide"})
    build_index(bare, progress=False)
    variants["no guide pages"] = Library(load_index(bare), bare)
    return {name: {variant: {lang: row["R@5"] for lang, row in score(lib, items, "hybrid").items()}
                   for variant, lib in variants.items()}
            for name, items in sets.items()}


def _ablation_table(name: str, result: dict[str, dict[str, float]]) -> str:
    variants = list(result)
    lines = [f"\n## ablation: hybrid R@5 per language — {name}", f"{'lang':<6}" + "".join(f"{v:>18}" for v in variants)]
    for lang in sorted(result[variants[0]], key=lambda lang: (lang == "all", lang)):
        lines.append(f"{lang:<6}" + "".join(f"{result[v][lang]:>18.2f}" for v in variants))
    return "\n".join(lines)


def _table(title: str, results: dict[str, dict[str, dict[str, float]]]) -> str:
    lines = [f"\n## {title}", f"{'lang':5} {'n':>4} " + " ".join(f"{m + ' R@1/R@5/R@10/MRR':>32}" for m in results)]
    langs = sorted({lang for per_mode in results.values() for lang in per_mode}, key=lambda x: (x == "all", x))
    for lang in langs:
        cells = []
        for mode in results:
            m = results[mode].get(lang)
            cells.append(f"{m['R@1']:.2f} / {m['R@5']:.2f} / {m['R@10']:.2f} / {m['MRR']:.2f}".rjust(32) if m else " " * 32)
        n = next(results[mode][lang]["n"] for mode in results if lang in results[mode])
        lines.append(f"{lang:5} {n:>4} " + " ".join(cells))
    return "\n".join(lines)


def latency(library: Library, items: list[EvalItem], max_words: int = 80, repeats: int = 3) -> dict[str, float]:
    """Warm search latency (ms) over posts of typical length, each timed ``repeats`` times."""
    posts = [i.question for i in items if len(i.question.split()) <= max_words]
    library.search(posts[0])  # warm
    timings = []
    for _ in range(repeats):
        for post in posts:
            start = time.perf_counter()
            library.search(post, k=10)
            timings.append((time.perf_counter() - start) * 1000)
    timings.sort()
    return {"posts": len(posts), "p50_ms": round(statistics.median(timings), 1), "p95_ms": round(timings[int(0.95 * (len(timings) - 1))], 1)}


def scrub_latency(items: list[EvalItem], repeats: int = 5) -> dict[str, float]:
    """PII scrubbing time (ms, best of ``repeats``) of a 1,000- and a 6,000-character post
    made of the given posts, language unknown (every language's patterns run)."""
    text = (" ".join(i.question for i in items) * 3)[:6000]
    scrub(text, "unknown")  # builds the name lists
    figures = {}
    for size in (1000, 6000):
        timings = []
        for _ in range(repeats):
            start = time.perf_counter()
            scrub(text[:size], "unknown")
            timings.append((time.perf_counter() - start) * 1000)
        figures[f"{size}_chars_ms"] = round(min(timings), 1)
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", help="also write the figures to this file")
    parser.add_argument("--skip-gerlayqa", action="store_true")
    parser.add_argument("--skip-drafts", action="store_true")
    parser.add_argument("--skip-ablations", action="store_true", help="skip R@5 without glossary expansion / typical posts / guide pages")
    parser.add_argument("--as-of", default=DRAFT_DAY, help=f"as-of date of the drafts (default {DRAFT_DAY}, pinned)")
    args = parser.parse_args(argv)
    logging.disable(logging.WARNING)
    report: dict = {}

    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(index_dir=Path(tmp) / "index")
        start = time.perf_counter()
        build = build_index(settings, progress=False)
        report["build"] = {"units": build.units, "embedded": build.embedded, "seconds_from_cache": round(time.perf_counter() - start, 1)}
        start = time.perf_counter()
        library = Library(load_index(settings), settings)
        report["load_seconds"] = round(time.perf_counter() - start, 1)

        known = {(n.metadata["law"], n.metadata["section"]) for n in library.index.nodes.values()}
        sets = {
            "dev set": [i for i in load_items(DATASETS / "dev.jsonl") if i.gold],
            "models.md Appendix A": load_items(DATASETS / "appendix_a.jsonl"),
        }
        if HOLDOUT.exists():  # held out: a check that tuning on dev generalises, never tuned on
            sets["held-out set"] = [i for i in load_items(HOLDOUT) if i.gold]
        if BLIND.exists():
            sets["blind set"] = [i for i in load_items(BLIND) if i.gold]
        if not args.skip_gerlayqa and GERLAYQA.exists():
            gerlay = load_items(GERLAYQA)
            scorable = [i for i in gerlay if i.gold_pairs() & known]
            report["gerlayqa_scorable"] = {"items": len(gerlay), "scorable": len(scorable)}
            sets["GerLayQA dev (scorable)"] = scorable
        for name, items in sets.items():
            report[name] = {mode: score(library, items, mode) for mode in MODES}
            print(_table(f"{name} — {len(items)} items", report[name]), flush=True)
        if "gerlayqa_scorable" in report:
            print(f"GerLayQA: {report['gerlayqa_scorable']['scorable']} of {report['gerlayqa_scorable']['items']} items scorable (gold § in the index)")

        if not args.skip_ablations:
            chosen = {name: sets[name] for name in ("dev set", "held-out set", "blind set") if name in sets}
            report["ablations"] = ablations(library, chosen, Path(tmp))
            for name, result in report["ablations"].items():
                print(_ablation_table(name, result), flush=True)

        if not args.skip_drafts:
            draft_sets = [("dev set", DATASETS / "dev.jsonl"), ("scope set", DATASETS / "scope.jsonl")]
            draft_sets += [(name, path) for name, path in (("held-out set", HOLDOUT), ("blind set", BLIND)) if path.exists()]
            for name, path in draft_sets:
                summary = summarise(draft_rows(library, load_items(path), as_of=args.as_of))
                report[f"drafts: {name}"] = summary
                print(table(f"drafts (compose, as of {args.as_of}): {name}", summary), flush=True)

        report["latency"] = latency(library, sets["dev set"])
        report["pii_scrub"] = scrub_latency(sets["dev set"])
        report["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)

    print(f"\n## Index and speed\nbuild (unchanged corpus, vectors from cache): {report['build']['seconds_from_cache']} s "
          f"for {report['build']['units']} units ({report['build']['embedded']} embedded); load {report['load_seconds']} s")
    print(f"warm search over {report['latency']['posts']} posts ≤ 80 words: p50 {report['latency']['p50_ms']} ms, "
          f"p95 {report['latency']['p95_ms']} ms")
    print(f"PII scrubbing: {report['pii_scrub']['1000_chars_ms']} ms for 1,000 characters, "
          f"{report['pii_scrub']['6000_chars_ms']} ms for 6,000 (best of 5)")
    print(f"peak memory (RSS): {report['peak_rss_mb']} MB")
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=1, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
