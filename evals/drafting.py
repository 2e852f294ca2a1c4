"""Draft quality on an evaluation set, per language: the targets of the drafting issue.

- ``language``: the draft's answer is written in the post's language (detected on the
  draft's own text, not copied from the pipeline's decision);
- ``cites_gold``: an in-scope draft cites a gold provision, or a guide page resting on one;
- ``refuses_out_of_scope``: an out-of-scope post gets the "cannot answer here" draft;
- ``key_numbers``: every key number of the gold answer appears in the draft (13,90 = 13.90);
- ``clean``: no ``uncited`` / ``unsupported`` check;
- ``p50_ms`` / ``p95_ms``: warm draft latency.

>>> rows = draft_rows(library, load_items(DATASETS / "dev.jsonl"), as_of="2026-11-25")   # doctest: +SKIP
>>> summarise(rows)["all"]["cites_gold"]                                                 # doctest: +SKIP
0.9
"""

from __future__ import annotations

import statistics
import time
from collections import defaultdict
from typing import Any

from cads_rag.draft.models import Draft
from cads_rag.figures import figures
from cads_rag.language import detect_language
from cads_rag.library import Library
from evals.datasets import EvalItem


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


def draft_row(library: Library, item: EvalItem, as_of: str, drafter: str = "compose") -> dict[str, Any]:
    """One item's measurements."""
    started = time.perf_counter()
    draft = library.draft(item.question, as_of=as_of, drafter=drafter, language=None)
    elapsed = (time.perf_counter() - started) * 1000
    in_scope = item.kind != "out_of_scope"
    stated = set(figures(draft.text))
    row: dict[str, Any] = {
        "id": item.id,
        "lang": item.lang,
        "kind": item.kind,
        "language": detect_language(answer_body(draft)) == item.lang,
        "ms": elapsed,
        "clean": not any(c.status in ("uncited", "unsupported") for c in draft.checks),
        "answerable": draft.answerable,
    }
    if in_scope:
        row["cites_gold"] = draft.answerable and cites_gold(draft, item.gold_pairs())
        if item.key_numbers:
            row["key_numbers"] = all(set(figures(n)) <= stated for n in item.key_numbers)
    else:
        row["refuses_out_of_scope"] = not draft.answerable
    return row


def draft_rows(library: Library, items: list[EvalItem], as_of: str, drafter: str = "compose") -> list[dict[str, Any]]:
    """Measurements of every item (the first draft warms the pipeline and is drafted twice)."""
    if items:
        library.draft(items[0].question, as_of=as_of, drafter=drafter)
    return [draft_row(library, item, as_of, drafter) for item in items]


METRICS = ("language", "cites_gold", "refuses_out_of_scope", "key_numbers", "clean")


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
