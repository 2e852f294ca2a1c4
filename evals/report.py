"""The evaluation report: per-item rows summed up per suite, overall, per language and
per dataset; written as ``report.json``, ``items.jsonl``, ``report.md`` and PNG charts;
and the deltas between two reports.

``report.json``::

    {"overall":      {"retrieval": {"n": 132, "recall@5": 0.88, "mrr@10": 0.82, …}, "draft": {…}},
     "per_language": {"ro": {"retrieval": {…}, "draft": {…}}, …},
     "per_dataset":  {"dev": {"overall": {"retrieval": {…}, …}, "per_language": {"ro": {…}, …}}, …},
     "meta":         {"datasets": {…counts…}, "as_of", "settings", "timings_s", …}}

``overall`` and ``per_language`` pool every dataset of the run; ``per_dataset`` keeps them
apart. Every value is the mean over the items a metric applies to (``n`` counts the
items), except ``p50_ms`` / ``p95_ms`` (latency percentiles).

>>> rows = [{"suite": "retrieval", "dataset": "d", "lang": "ro", "recall@5": 1.0, "ms": 40.0},
...         {"suite": "retrieval", "dataset": "d", "lang": "pl", "recall@5": 0.0, "ms": 60.0}]
>>> report = build_report(rows, {})
>>> report["overall"]["retrieval"]["recall@5"], report["per_language"]["pl"]["retrieval"]["n"]
(0.5, 1)
"""

from __future__ import annotations

import json
import statistics
from collections import defaultdict
from pathlib import Path
from typing import Any

from cads_rag.settings import LANGUAGES

SUITE_METRICS: dict[str, tuple[str, ...]] = {
    "retrieval": (
        "recall@1", "recall@5", "recall@10", "mrr@10",
        "id_based_context_precision", "id_based_context_recall",
        "non_llm_context_precision_with_reference", "non_llm_context_recall",
    ),
    "draft": (
        "language_match", "cites_gold", "refuses_out_of_scope", "key_numbers", "citation_validity",
        "uncited_rate", "unsupported_rate", "clean", "semantic_similarity", "non_llm_string_similarity",
        "verdict_decided", "verdict_accuracy", "verdict_accuracy_valid", "verdict_accuracy_unfair",
        "verdict_accuracy_void", "faithfulness", "answer_relevancy",
    ),
}
LATENCY = ("p50_ms", "p95_ms")
# For these, a smaller value is the better one (thresholds on them are ceilings).
LOWER_IS_BETTER = frozenset({"uncited_rate", "unsupported_rate", *LATENCY})


def aggregate(rows: list[dict[str, Any]], suite: str) -> dict[str, float]:
    """``n``, the mean of each metric of ``suite`` over the rows that have it, and the
    latency percentiles of the rows' ``ms``."""
    block: dict[str, float] = {"n": len(rows)}
    for metric in SUITE_METRICS[suite]:
        values = [row[metric] for row in rows if row.get(metric) is not None]
        if values:
            block[metric] = round(sum(values) / len(values), 4)
    times = sorted(row["ms"] for row in rows if row.get("ms") is not None)
    if times:
        block["p50_ms"] = round(statistics.median(times), 1)
        block["p95_ms"] = round(times[min(len(times) - 1, int(0.95 * len(times)))], 1)
    return block


def _by_language(rows: list[dict[str, Any]]) -> dict[str, dict[str, dict[str, float]]]:
    groups: dict[str, dict[str, list[dict[str, Any]]]] = defaultdict(lambda: defaultdict(list))
    for row in rows:
        groups[row["lang"]][row["suite"]].append(row)
    order = {lang: n for n, lang in enumerate(LANGUAGES)}
    return {
        lang: {suite: aggregate(suite_rows, suite) for suite, suite_rows in groups[lang].items()}
        for lang in sorted(groups, key=lambda lang: (order.get(lang, len(order)), lang))
    }


def _overall(rows: list[dict[str, Any]]) -> dict[str, dict[str, float]]:
    suites: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        suites[row["suite"]].append(row)
    return {suite: aggregate(suite_rows, suite) for suite, suite_rows in suites.items()}


def build_report(rows: list[dict[str, Any]], meta: dict[str, Any]) -> dict[str, Any]:
    """The report of a run's rows (module docstring)."""
    datasets: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        datasets[row["dataset"]].append(row)
    return {
        "overall": _overall(rows),
        "per_language": _by_language(rows),
        "per_dataset": {name: {"overall": _overall(d), "per_language": _by_language(d)} for name, d in datasets.items()},
        "meta": meta,
    }


def markdown(report: dict[str, Any]) -> str:
    """One table per dataset and suite (a row per language, then ``all``), and the pooled
    tables when the run had several datasets."""
    sections = list(report["per_dataset"].items())
    if len(sections) > 1:
        sections.append(("all datasets", {"overall": report["overall"], "per_language": report["per_language"]}))
    lines = ["# cads_rag evaluation", ""]
    meta = report.get("meta", {})
    if meta.get("as_of"):
        lines += [f"As of {meta['as_of']}; drafter {meta.get('drafter', '')}; embedder {meta.get('embedder', '')}.", ""]
    for name, part in sections:
        for suite in SUITE_METRICS:
            if suite not in part["overall"]:
                continue
            columns = [m for m in ("n", *SUITE_METRICS[suite], *LATENCY) if m in part["overall"][suite]]
            lines += [f"## {name} — {suite}", "", "| lang | " + " | ".join(columns) + " |",
                      "|---|" + "---:|" * len(columns)]
            blocks = [(lang, entry[suite]) for lang, entry in part["per_language"].items() if suite in entry]
            for lang, block in [*blocks, ("all", part["overall"][suite])]:
                cells = [_cell(column, block.get(column)) for column in columns]
                lines.append(f"| {lang} | " + " | ".join(cells) + " |")
            lines.append("")
    return "\n".join(lines)


def _cell(column: str, value: float | None) -> str:
    if value is None:
        return ""
    if column == "n" or column in LATENCY:
        return f"{value:.0f}"
    return f"{value:.3f}"


def write_report(report: dict[str, Any], rows: list[dict[str, Any]], out_dir: Path) -> dict[str, Path]:
    """Write ``report.json``, ``items.jsonl`` (one line per item and suite), ``report.md``
    and the charts into ``out_dir``; return the paths by kind."""
    from evals.chart import plot_report

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = {"report": out_dir / "report.json", "items": out_dir / "items.jsonl", "markdown": out_dir / "report.md"}
    paths["report"].write_text(json.dumps(report, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    paths["items"].write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows), encoding="utf-8")
    paths["markdown"].write_text(markdown(report) + "\n", encoding="utf-8")
    for number, chart in enumerate(plot_report(report, out_dir)):
        paths[f"chart{number}"] = chart
    return paths


def metric_values(report: dict[str, Any]) -> dict[tuple[str, ...], float]:
    """Every metric of a report by its path, e.g. ``("dev", "ro", "retrieval", "recall@5")``
    (``"all"`` for a dataset's overall block, ``"*"`` for the datasets pooled when there
    are several)."""
    values: dict[tuple[str, ...], float] = {}
    parts = list(report.get("per_dataset", {}).items())
    if len(parts) > 1:
        parts.append(("*", {"overall": report["overall"], "per_language": report["per_language"]}))
    for name, part in parts:
        scopes = [("all", part["overall"]), *part["per_language"].items()]
        for scope, suites in scopes:
            for suite, block in suites.items():
                for metric, value in block.items():
                    values[(name, scope, suite, metric)] = value
    return values


def compare(new: dict[str, Any], old: dict[str, Any], min_delta: float = 0.0) -> str:
    """The metrics that changed between an earlier report ``old`` and ``new``, one line
    each with the direction (better/worse, knowing which metrics are better low)."""
    before, after = metric_values(old), metric_values(new)
    lines = []
    for path in after:
        if path not in before or path[3] == "n":
            continue
        delta = after[path] - before[path]
        if abs(delta) <= min_delta or delta == 0:
            continue
        better = delta < 0 if path[3] in LOWER_IS_BETTER else delta > 0
        lines.append(f"{path[0]:<36} {path[1]:<4} {path[2]:<9} {path[3]:<42} {before[path]:>9g} → {after[path]:<9g} "
                     f"{delta:+.4g} {'better' if better else 'worse'}")
    only_new = sorted({p[:3] for p in after} - {p[:3] for p in before})
    only_old = sorted({p[:3] for p in before} - {p[:3] for p in after})
    head = f"{len(lines)} metric(s) changed"
    notes = [f"only in the new report: {' / '.join(p)}" for p in only_new] + [f"only in the earlier report: {' / '.join(p)}" for p in only_old]
    return "\n".join([head, *lines, *notes])
