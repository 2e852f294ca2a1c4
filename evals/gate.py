"""The regression gate: thresholds kept in the repository (``evals/thresholds.toml``),
checked against a report; CI fails when one is crossed.

The thresholds file mirrors the report's shape, and ``"*"`` stands for every key at its
level (every language)::

    [per_dataset.dev.overall.retrieval]
    "recall@5" = 0.85                     # a floor
    [per_dataset.dev.per_language."*".draft]
    "unsupported_rate" = 0.05             # *_rate and *_ms are ceilings (lower is better)

A threshold whose dataset, language or suite was not part of the run is skipped (e.g. the
external sets when ``../shared`` is absent), and so is one that ``"*"`` leads to a block
without that metric; a metric missing from a measured block it names explicitly fails.

>>> report = {"overall": {"retrieval": {"recall@5": 0.8}}}
>>> check(report, {"overall": {"retrieval": {"recall@5": 0.85}}}).breaches
['overall / retrieval / recall@5 = 0.8, below the floor 0.85']
>>> check(report, {"overall": {"retrieval": {"recall@5": 0.75}}}).ok
True
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cads_rag.settings import REPO_ROOT
from evals.report import LOWER_IS_BETTER

THRESHOLDS = REPO_ROOT / "evals" / "thresholds.toml"
# The small suite CI runs (`cads-rag eval --ci`): a spread of the dev set over all 11
# languages and kinds, and a handful of GerLayQA and contract-clause items when ../shared exists.
CI_DATASETS = ("dev:33", "gerlayqa:20", "clauses:12")
_MISSING = object()


@dataclass
class GateResult:
    """What the gate found: breaches (empty when it passes), how many thresholds it
    checked, and the ones it skipped with the reason."""

    breaches: list[str] = field(default_factory=list)
    checked: int = 0
    skipped: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.breaches

    def summary(self) -> str:
        verdict = "passed" if self.ok else f"FAILED ({len(self.breaches)} breach(es))"
        lines = [f"gate {verdict}: {self.checked} threshold(s) checked, {len(self.skipped)} skipped"]
        return "\n".join(lines + [f"  breach: {b}" for b in self.breaches])


def load_thresholds(path: str | Path = THRESHOLDS) -> dict[str, Any]:
    """The thresholds of a TOML file (module docstring)."""
    with open(path, "rb") as handle:
        return tomllib.load(handle)


def check(report: dict[str, Any], thresholds: dict[str, Any]) -> GateResult:
    """Every threshold against ``report``."""
    result = GateResult()
    for path, limit in _leaves(thresholds, ()):
        for concrete, value, wildcard in _resolve(report, path, (), False):
            name = " / ".join(concrete)
            if value is _MISSING:
                if wildcard or len(concrete) < len(path):  # the run had no such dataset/language/suite
                    result.skipped.append(f"{name}: not part of this run")
                else:
                    result.checked += 1
                    result.breaches.append(f"{name}: not measured")
                continue
            result.checked += 1
            if concrete[-1] in LOWER_IS_BETTER and value > limit:
                result.breaches.append(f"{name} = {value:g}, above the ceiling {limit:g}")
            elif concrete[-1] not in LOWER_IS_BETTER and value < limit:
                result.breaches.append(f"{name} = {value:g}, below the floor {limit:g}")
    return result


def _leaves(node: dict[str, Any], prefix: tuple[str, ...]) -> Iterator[tuple[tuple[str, ...], float]]:
    for key, value in node.items():
        if isinstance(value, dict):
            yield from _leaves(value, (*prefix, key))
        else:
            yield (*prefix, key), float(value)


def _resolve(node: Any, path: tuple[str, ...], prefix: tuple[str, ...], wildcard: bool) -> Iterator[tuple[tuple[str, ...], Any, bool]]:
    """(concrete path, value or _MISSING, whether a "*" led there) for every match of
    ``path``; a missing key stops the walk at the first key that is absent."""
    if not path:
        yield prefix, node, wildcard
        return
    key, rest = path[0], path[1:]
    if not isinstance(node, dict):
        yield (*prefix, key), _MISSING, wildcard
    elif key == "*":
        for name in node:
            yield from _resolve(node[name], rest, (*prefix, name), True)
    elif key in node:
        yield from _resolve(node[key], rest, (*prefix, key), wildcard)
    else:
        yield (*prefix, key), _MISSING, wildcard

