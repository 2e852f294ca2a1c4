"""The evaluation suite: run cads_rag over evaluation sets and measure every item.

* ``retrieval``: each item with a gold provision in the index is searched (top 10, as of
  the pinned date): R@1/5/10 and MRR@10 (:mod:`evals.retrieval`), and through ragas the
  ID-based context precision/recall (ids ``"BGB § 622"``, a guide page counts only as
  itself) and the non-LLM context precision/recall against the texts of the gold units.
* ``draft``: each item is drafted: the project measures (:mod:`evals.drafting`), and through
  ragas the semantic similarity of the answer to the item's ``key_points`` (the index's
  embedder), its string similarity where the reference is written in the item's language,
  and with a judge, faithfulness to the cited units and answer relevancy (:mod:`evals.judge`).

>>> library = Library.load()                                                       # doctest: +SKIP
>>> run = run_suite(library, [load_dataset("dev:20")], suites=("retrieval", "draft"))  # doctest: +SKIP
>>> run.rows[0]["suite"], run.rows[0]["recall@5"]                                  # doctest: +SKIP
('retrieval', 1.0)
"""

from __future__ import annotations

import os
import sys
import time
import warnings
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import cads_rag  # first: the offline environment before ragas
from cads_rag.language import detect_language
from cads_rag.library import InvalidQueryError, Library
from cads_rag.settings import REPO_ROOT
from evals.datasets import AS_OF, EvalItem, load_items, resolve_dataset, spread_sample
from evals.drafting import answer_body, draft_measures
from evals.judge import PROMPT_CACHE, Judge, judge_scores
from evals.ragas_scores import local_embeddings, ragas_scores
from evals.retrieval import context_id, first_hit_rank, rank_measures
from evals.verdict import VERDICT_LANGUAGES

with warnings.catch_warnings():
    # ragas marks the legacy metric classes deprecated, but evaluate() accepts only them.
    warnings.simplefilter("ignore", DeprecationWarning)
    from ragas.metrics import (
        IDBasedContextPrecision,
        IDBasedContextRecall,
        NonLLMContextPrecisionWithReference,
        NonLLMContextRecall,
        NonLLMStringSimilarity,
        SemanticSimilarity,
    )

SUITES = ("retrieval", "draft")
K = 10


@dataclass
class Dataset:
    """An evaluation set as loaded for one run: its name (the file's stem), where it was
    read from, how many items the file has and the items evaluated (after a limit)."""

    name: str
    path: Path
    total: int
    items: list[EvalItem]


def load_dataset(spec: str, limit: int | None = None) -> Dataset:
    """``NAME_OR_PATH[:N]``: a short name (``dev``, ``gerlayqa``, ``clauses`` …) or a JSONL
    path, optionally capped at ``N`` items spread over languages and kinds (``N`` wins
    over ``limit``); raises ``FileNotFoundError`` for a missing file."""
    head, _, tail = spec.rpartition(":")
    if head and tail.isdigit():
        spec, limit = head, int(tail)
    path = resolve_dataset(spec)
    if not path.is_file():
        raise FileNotFoundError(f"no evaluation set at {path}")
    items = load_items(path)
    return Dataset(path.stem, path, len(items), spread_sample(items, limit))


@dataclass
class SuiteRun:
    """Per-item rows (each with ``dataset``, ``suite``, ``id``, ``lang`` and its measures)
    and what the report's ``meta`` says about the run."""

    rows: list[dict[str, Any]] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)


def run_suite(
    library: Library,
    datasets: list[Dataset],
    suites: tuple[str, ...] = SUITES,
    *,
    as_of: str = AS_OF,
    drafter: str | None = None,
    judge: Judge | None = None,
    prompt_cache: Path = PROMPT_CACHE,
    log: Callable[[str], None] | None = None,
) -> SuiteRun:
    """Run ``suites`` over ``datasets`` (see module docstring)."""
    log = log or (lambda message: print(message, file=sys.stderr, flush=True))
    unknown = set(suites) - set(SUITES)
    if unknown:
        raise ValueError(f"unknown suite(s) {sorted(unknown)}: use {', '.join(SUITES)}")
    names = [dataset.name for dataset in datasets]
    if len(set(names)) < len(names):  # the report keys datasets by file name
        raise ValueError(f"two datasets with the same file name: {', '.join(names)}")
    units = _units_by_provision(library)
    embeddings = local_embeddings(library)
    run = SuiteRun(meta=_meta(library, suites, as_of, drafter))
    for dataset in datasets:
        counts: dict[str, Any] = {"path": _shown(dataset.path), "items_in_file": dataset.total, "items": len(dataset.items)}
        for suite in suites:
            started = time.perf_counter()
            if suite == "retrieval":
                rows, suite_counts = _retrieval(library, dataset, units, as_of, embeddings)
            else:
                rows, suite_counts = _drafts(library, dataset, as_of, drafter, embeddings, judge, prompt_cache, run.meta)
            seconds = round(time.perf_counter() - started, 1)
            run.rows += rows
            counts.update(suite_counts)
            run.meta["timings_s"][f"{dataset.name}/{suite}"] = seconds
            log(f"{dataset.name}: {suite} on {len(rows)} items in {seconds} s")
        run.meta["datasets"][dataset.name] = counts
    return run


def _meta(library: Library, suites: tuple[str, ...], as_of: str, drafter: str | None) -> dict[str, Any]:
    from ragas import __version__ as ragas_version

    index = library.index.meta
    return {
        "created": datetime.now().isoformat(timespec="seconds"),
        "suites": list(suites),
        "as_of": as_of,
        "drafter": drafter or library.settings.drafter,
        "embedder": library.settings.embedder,
        "k": K,
        "index": {"fingerprint": index.get("fingerprint", "")[:16], "units": index.get("units"), "built_at": index.get("built_at")},
        "versions": {"cads_rag": cads_rag.__version__, "ragas": ragas_version},
        "datasets": {},
        "timings_s": {},
    }


def _shown(path: Path) -> str:
    """A dataset's path relative to the repository (``../shared/eval/…``) when it lies beside it."""
    path = path.resolve()
    return os.path.relpath(path, REPO_ROOT) if path.is_relative_to(REPO_ROOT.parent) else str(path)


def _units_by_provision(library: Library) -> dict[tuple[str, str], list[str]]:
    units: dict[tuple[str, str], list[str]] = defaultdict(list)
    for node in library.index.nodes.values():
        units[(node.metadata["law"], node.metadata["section"])].append(node.get_content())
    return units


def _base(dataset: Dataset, suite: str, item: EvalItem) -> dict[str, Any]:
    row: dict[str, Any] = {"dataset": dataset.name, "suite": suite, "id": item.id, "lang": item.lang, "kind": item.kind}
    if item.label:
        row["label"] = item.label
    return row


def _retrieval(library: Library, dataset: Dataset, units: dict[tuple[str, str], list[str]], as_of: str,
               embeddings: Any) -> tuple[list[dict[str, Any]], dict[str, int]]:
    # Only what the index holds can be found: gold provisions outside it are counted, not scored.
    scorable = [(item, sorted(item.gold_pairs() & units.keys())) for item in dataset.items if item.kind != "out_of_scope"]
    missing = sum(len(item.gold_pairs() - units.keys()) for item, _ in scorable)
    scorable = [(item, gold) for item, gold in scorable if gold]
    if scorable:
        library.search(scorable[0][0].question, k=K, as_of=as_of)  # warm-up, not timed
    rows, samples = [], []
    for item, gold in scorable:
        started = time.perf_counter()
        results = library.search(item.question, k=K, as_of=as_of).results
        elapsed = (time.perf_counter() - started) * 1000
        rank = first_hit_rank(results, set(gold))
        row = _base(dataset, "retrieval", item)
        row.update(rank=rank, gold_ids=[context_id(*g) for g in gold],
                   retrieved_ids=[context_id(r.law, r.section) for r in results], ms=round(elapsed, 1))
        row.update(rank_measures(rank))
        rows.append(row)
        samples.append({
            "user_input": item.question,
            "retrieved_contexts": [r.text for r in results],
            "reference_contexts": [text for g in gold for text in units[g]],
            "retrieved_context_ids": row["retrieved_ids"],
            "reference_context_ids": row["gold_ids"],
        })
    metrics = [IDBasedContextPrecision(), IDBasedContextRecall(), NonLLMContextPrecisionWithReference(), NonLLMContextRecall()]
    for row, scores in zip(rows, ragas_scores(samples, metrics, embeddings=embeddings)):
        row.update({name: value for name, value in scores.items() if value is not None})
    return rows, {"retrieval_scorable": len(rows), "gold_not_in_index": missing}


def _drafts(library: Library, dataset: Dataset, as_of: str, drafter: str | None, embeddings: Any,
            judge: Judge | None, prompt_cache: Path, meta: dict[str, Any]) -> tuple[list[dict[str, Any]], dict[str, int]]:
    nodes = library.index.nodes
    known = {(n.metadata["law"], n.metadata["section"]) for n in nodes.values()}
    if dataset.items:
        try:
            library.draft(dataset.items[0].question, as_of=as_of, drafter=drafter)  # warm-up, not timed
        except InvalidQueryError:
            pass
    rows: list[dict[str, Any]] = []
    semantic: list[tuple[dict, dict]] = []
    strings: list[tuple[dict, dict]] = []
    judged: dict[str, list[tuple[dict, dict]]] = defaultdict(list)
    for item in dataset.items:
        row = _base(dataset, "draft", item)
        started = time.perf_counter()
        try:
            draft = library.draft(item.question, as_of=as_of, drafter=drafter)
        except InvalidQueryError as err:
            row.update(error=str(err), **_failed(item, known))
            rows.append(row)
            continue
        row["ms"] = round((time.perf_counter() - started) * 1000, 1)
        # A draft may reuse an approved answer from the review store (setting reuse_approved): say which.
        row.update(answerable=draft.answerable, drafter=draft.drafter, myth=draft.myth, reused_review_id=draft.reused_review_id,
                   citations=[context_id(c.law, c.section) for c in draft.citations],
                   checks={s: sum(c.status == s for c in draft.checks) for s in ("ok", "uncited", "unsupported", "expired")})
        row.update(draft_measures(item, draft, nodes, item.gold_pairs() & known))
        rows.append(row)
        body = answer_body(draft)
        if item.key_points:
            sample = {"user_input": draft.scrubbed_question, "response": body, "reference": item.key_points}
            semantic.append((row, sample))
            # Levenshtein across languages measures nothing; the dev set's key points are English.
            if detect_language(item.key_points) == item.lang:
                strings.append((row, sample))
        if judge and draft.answerable and draft.citations:
            contexts = [nodes[c.node_id].get_content() for c in draft.citations if c.node_id in nodes]
            judged[item.lang].append((row, {"user_input": draft.scrubbed_question, "response": body, "retrieved_contexts": contexts}))
    runs = [(semantic, [SemanticSimilarity(embeddings=embeddings)]), (strings, [NonLLMStringSimilarity()])]
    for pairs, metrics in runs:
        for (row, _), scores in zip(pairs, ragas_scores([s for _, s in pairs], metrics, embeddings=embeddings)):
            row.update({name: value for name, value in scores.items() if value is not None})
    if judge and judged:
        _judge(judged, judge, embeddings, prompt_cache, meta)
    counts = {
        "draft_items": len(rows),
        "draft_errors": sum("error" in row for row in rows),
        "drafts_reusing_approved": sum(row.get("reused_review_id") is not None for row in rows),
        "reference_items": len(semantic),
        "same_language_reference_items": len(strings),
        "verdict_scorable": sum("verdict" in row for row in rows),
        "labelled_items": sum(bool(item.label) for item in dataset.items),
    }
    if judge:
        counts["judged_items"] = sum(len(pairs) for pairs in judged.values())
    return rows, counts


def _failed(item: EvalItem, known: set[tuple[str, str]]) -> dict[str, float]:
    """A post the pipeline refuses (its language cannot be told, …) misses every target
    that applies to it; a rate of its checks does not exist."""
    failed = {"language_match": 0.0}
    if item.kind == "out_of_scope":
        failed["refuses_out_of_scope"] = 0.0
    else:
        if item.gold_pairs() & known:
            failed["cites_gold"] = 0.0
        if item.key_numbers:
            failed["key_numbers"] = 0.0
    if item.label and item.lang in VERDICT_LANGUAGES:
        failed.update({"verdict_decided": 0.0, "verdict_accuracy": 0.0, f"verdict_accuracy_{item.label}": 0.0})
    return failed


def _judge(judged: dict[str, list[tuple[dict, dict]]], judge: Judge, embeddings: Any, prompt_cache: Path,
           meta: dict[str, Any]) -> None:
    scores, prompt_languages = judge_scores({lang: [s for _, s in pairs] for lang, pairs in judged.items()},
                                            judge, embeddings, prompt_cache)
    failed = 0
    for lang, pairs in judged.items():
        for (row, _), item_scores in zip(pairs, scores[lang]):
            failed += sum(value is None for value in item_scores.values())
            row.update({name: value for name, value in item_scores.items() if value is not None})
    info = meta.setdefault("judge", {"url": judge.url, "model": judge.model, "prompt_languages": {}, "failed_scores": 0})
    info["prompt_languages"].update(prompt_languages)
    info["failed_scores"] += failed

