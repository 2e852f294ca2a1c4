"""PNG charts of a report: one file per suite, one panel per dataset, the headline
metrics as bars per language (and ``all``). matplotlib's Agg backend: no display needed.

>>> plot_report(report, Path("evals/reports/run"))     # doctest: +SKIP
[PosixPath('evals/reports/run/chart_retrieval.png'), PosixPath('evals/reports/run/chart_draft.png')]
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # after the backend is chosen

HEADLINE = {
    "retrieval": ("recall@5", "mrr@10", "id_based_context_recall", "non_llm_context_recall"),
    "draft": ("language_match", "cites_gold", "key_numbers", "clean", "semantic_similarity", "verdict_accuracy",
              "faithfulness", "answer_relevancy"),
}


def plot_report(report: dict[str, Any], out_dir: Path) -> list[Path]:
    """Write ``chart_<suite>.png`` for every suite in the report; return the paths."""
    paths = []
    for suite, metrics in HEADLINE.items():
        panels = [(name, part) for name, part in report["per_dataset"].items() if suite in part["overall"]]
        if not panels:
            continue
        figure, axes = plt.subplots(len(panels), 1, figsize=(12, 3.2 * len(panels)), squeeze=False)
        for axis, (name, part) in zip(axes[:, 0], panels):
            _panel(axis, f"{name} — {suite}", part, suite, metrics)
        figure.tight_layout()
        path = Path(out_dir) / f"chart_{suite}.png"
        figure.savefig(path, dpi=110)
        plt.close(figure)
        paths.append(path)
    return paths


def _panel(axis: Any, title: str, part: dict[str, Any], suite: str, metrics: tuple[str, ...]) -> None:
    groups = [(lang, entry[suite]) for lang, entry in part["per_language"].items() if suite in entry]
    groups.append(("all", part["overall"][suite]))
    shown = [m for m in metrics if any(m in block for _, block in groups)]
    width = 0.8 / max(len(shown), 1)
    for n, metric in enumerate(shown):
        positions = [i + n * width for i in range(len(groups))]
        axis.bar(positions, [block.get(metric, 0.0) for _, block in groups], width, label=metric)
    axis.set_xticks([i + width * (len(shown) - 1) / 2 for i in range(len(groups))], [lang for lang, _ in groups])
    axis.set_ylim(0, 1.05)
    axis.set_title(title)
    axis.legend(fontsize=7, ncols=min(len(shown), 4), loc="lower left")
