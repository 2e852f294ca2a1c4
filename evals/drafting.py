"""Draft quality on an evaluation set, per language: the targets of the drafting issue.

- ``language_match``: the draft's answer is written in the post's language (detected on
  the draft's own text, not copied from the pipeline's decision);
- ``cites_gold``: an in-scope draft cites a gold provision, or a guide page resting on one;
- ``refuses_out_of_scope``: an out-of-scope post gets the "cannot answer here" draft;
- ``key_numbers``: every key number of the gold answer appears in the draft (13,90 = 13.90);
- ``clean``: no ``uncited`` / ``unsupported`` check;
- ``citation_validity``: share of the draft's sources that are units of the index, in
  force on the as-of date; ``uncited_rate`` / ``unsupported_rate``: share of its checked
  sentences with that status;
- ``verdict_*`` (contract clauses): see :mod:`evals.verdict`;
- ``p50_ms`` / ``p95_ms``: warm draft latency.

>>> rows = draft_rows(library, load_items(DATASETS / "dev.jsonl"), as_of="2026-11-25")   # doctest: +SKIP
>>> summarise(rows)["all"]["cites_gold"]                                                 # doctest: +SKIP
0.9
"""

from __future__ import annotations

import statistics
import time
from collections import defaultdict
from collections.abc import Mapping
from typing import Any

from llama_index.core.schema import TextNode

from cads_rag.corpus.manifest import in_force
from cads_rag.draft.models import Draft
from cads_rag.draft.pipeline import UnsupportedLanguageError
from cads_rag.figures import figures
from cads_rag.language import detect_language
from cads_rag.library import Library
from evals.datasets import EvalItem
from evals.verdict import VERDICT_LANGUAGES, draft_verdict, expected_verdict


def answer_body(draft: Draft) -> str:
    """The draft's own words: the text before the sources block, without markers."""
    return draft.text.split("\n\n")[0]


def cites_gold(draft: Draft, gold: set[tuple[str, str]]) -> bool:
    """A citation is a gold provision, or a guide page whose sources include one."""
    for citation in draft.citations:
        if (citation.law, citation.section) in gold:
            return True
        if citation.sources and any((s.law, s.section) in gold for s in citation.sources):
            return True
    return False


def draft_measures(item: EvalItem, draft: Draft, nodes: Mapping[str, TextNode],
                   gold: set[tuple[str, str]] | None = None) -> dict[str, float | str]:
    """The project measures of one draft of ``item`` (module docstring); ``gold`` defaults
    to the item's gold provisions (the suite passes those in the index). A measure that
    does not apply to the item (key numbers of an item without any) is left out."""
    gold = item.gold_pairs() if gold is None else gold
    body = answer_body(draft)
    row: dict[str, float | str] = {
        "language_match": float(detect_language(body) == item.lang),
        "clean": float(not any(c.status in ("uncited", "unsupported") for c in draft.checks)),
    }
    if draft.citations:
        valid = [_valid_citation(c.node_id, c.law, c.section, nodes, draft.as_of) for c in draft.citations]
        row["citation_validity"] = round(sum(valid) / len(valid), 4)
    if draft.checks:
        for status in ("uncited", "unsupported"):
            row[f"{status}_rate"] = round(sum(c.status == status for c in draft.checks) / len(draft.checks), 4)
    if item.kind == "out_of_scope":
        row["refuses_out_of_scope"] = float(not draft.answerable)
    else:
        if gold:
            row["cites_gold"] = float(draft.answerable and cites_gold(draft, gold))
        if item.key_numbers:
            stated = set(figures(draft.text))
            row["key_numbers"] = float(all(set(figures(n)) <= stated for n in item.key_numbers))
    if item.label and item.lang in VERDICT_LANGUAGES:
        verdict = draft_verdict(body, item.lang)
        correct = float(verdict == expected_verdict(item.label))
        row.update({"verdict": verdict, "verdict_decided": float(verdict != "undecided"),
                    "verdict_accuracy": correct, f"verdict_accuracy_{item.label}": correct})
    return row


def _valid_citation(node_id: str, law: str, section: str, nodes: Mapping[str, TextNode], day: str) -> bool:
    node = nodes.get(node_id)
    if node is None:
        return False
    meta = node.metadata
    return (meta.get("law"), meta.get("section")) == (law, section) and in_force(meta.get("valid_from", ""), meta.get("valid_until", ""), day)


def draft_row(library: Library, item: EvalItem, as_of: str, drafter: str = "compose") -> dict[str, Any]:
    """One item's measurements (the benchmark's: gold as given, compose drafter by default)."""
    started = time.perf_counter()
    try:
        draft = library.draft(item.question, as_of=as_of, drafter=drafter, language=None)
    except UnsupportedLanguageError as err:
        # The advisor would have to pick the language: a miss on every measure of the item.
        row = {"id": item.id, "lang": item.lang, "kind": item.kind, "ms": (time.perf_counter() - started) * 1000,
               "answerable": False, "error": str(err), "language_match": False}
        if item.kind == "out_of_scope":
            row["refuses_out_of_scope"] = False
        else:
            row["cites_gold"] = False
            if item.key_numbers:
                row["key_numbers"] = False
        return row
    elapsed = (time.perf_counter() - started) * 1000
    row: dict[str, Any] = {"id": item.id, "lang": item.lang, "kind": item.kind, "ms": elapsed, "answerable": draft.answerable}
    row.update(draft_measures(item, draft, library.index.nodes))
    return row


def draft_rows(library: Library, items: list[EvalItem], as_of: str, drafter: str = "compose") -> list[dict[str, Any]]:
    """Measurements of every item (the first draft warms the pipeline and is drafted twice)."""
    if items:
        library.draft(items[0].question, as_of=as_of, drafter=drafter)
    return [draft_row(library, item, as_of, drafter) for item in items]


METRICS = ("language_match", "cites_gold", "refuses_out_of_scope", "key_numbers", "clean")


def summarise(rows: list[dict[str, Any]]) -> dict[str, dict[str, float]]:
    """Rates per language and overall (``all``), plus latency percentiles."""
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        groups[row["lang"]].append(row)
        groups["all"].append(row)
    summary: dict[str, dict[str, float]] = {}
    for lang, group in sorted(groups.items(), key=lambda kv: (kv[0] == "all", kv[0])):
        entry: dict[str, float] = {"n": len(group)}
        for metric in METRICS:
            values = [row[metric] for row in group if metric in row]
            if values:
                entry[metric] = round(sum(values) / len(values), 3)
        times = sorted(row["ms"] for row in group)
        entry["p50_ms"] = round(statistics.median(times), 1)
        entry["p95_ms"] = round(times[min(len(times) - 1, int(0.95 * len(times)))], 1)
        summary[lang] = entry
    return summary


def table(title: str, summary: dict[str, dict[str, float]]) -> str:
    """A plain-text table of :func:`summarise` output."""
    head = f"{'lang':5} {'n':>4} " + " ".join(f"{m:>20}" for m in (*METRICS, "p50_ms", "p95_ms"))
    lines = [f"\n## {title}", head]
    for lang, entry in summary.items():
        cells = [f"{entry[m]:>20}" if m in entry else " " * 20 for m in (*METRICS, "p50_ms", "p95_ms")]
        lines.append(f"{lang:5} {int(entry['n']):>4} " + " ".join(cells))
    return "\n".join(lines)
