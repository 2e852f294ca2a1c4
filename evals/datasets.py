"""Evaluation items in the project schema, from the project's JSONL files or by path
from external sets (GerLayQA and the employment contract clauses are converted; both are
licensed non-commercial and are never copied into this repository).

Schema of a line: ``{"id", "lang", "question", "gold": [{"law", "section"}],
"key_numbers": [...], "key_points": "...", "kind": "standard|myth|out_of_scope"}``, plus
``label`` (``valid|unfair|void``) on contract-clause items.

>>> item = EvalItem(id="x", lang="de", question="?", gold=[Gold(law="BGB", section="622")])
>>> item.gold_pairs()
{('BGB', '622')}
>>> resolve_dataset("dev").name, resolve_dataset("clauses").name
('dev.jsonl', 'employment_contract_clauses_labour.jsonl')
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field

from cads_rag.settings import REPO_ROOT

DATASETS = REPO_ROOT / "evals" / "datasets"
SHARED_EVAL = REPO_ROOT.parent / "shared" / "eval"
GERLAYQA = SHARED_EVAL / "gerlayqa_dev_labour.jsonl"
CLAUSES = SHARED_EVAL / "employment_contract_clauses_labour.jsonl"
# The day the dev set's answers (key numbers, key points) are written for: drafts are
# measured as of this date so that runs on different days stay comparable.
AS_OF = "2026-11-25"
# Short names for the sets QA runs most often (any other JSONL is given by path).
NAMED = {
    "dev": DATASETS / "dev.jsonl",
    "scope": DATASETS / "scope.jsonl",
    "appendix_a": DATASETS / "appendix_a.jsonl",
    "holdout": DATASETS / "holdout.jsonl",
    "blind": DATASETS / "blind.jsonl",
    "gerlayqa": GERLAYQA,
    "clauses": CLAUSES,
}


class Gold(BaseModel):
    law: str
    section: str


class EvalItem(BaseModel):
    """One evaluation question with its gold provisions."""

    id: str
    lang: str
    question: str
    gold: list[Gold] = Field(default_factory=list)
    key_numbers: list[str] = Field(default_factory=list)
    key_points: str = ""
    kind: Literal["standard", "myth", "out_of_scope"] = "standard"
    label: Literal["valid", "unfair", "void"] | None = None

    def gold_pairs(self) -> set[tuple[str, str]]:
        return {(g.law, g.section) for g in self.gold}


def resolve_dataset(name_or_path: str | Path) -> Path:
    """The file behind a short name of :data:`NAMED` (``dev``, ``gerlayqa``, ``clauses`` …),
    or the path itself."""
    return NAMED.get(str(name_or_path), Path(name_or_path))


def load_items(path: str | Path) -> list[EvalItem]:
    """Items of a JSONL file in the project schema (GerLayQA and contract-clause files
    are converted)."""
    path = Path(path)
    lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    if lines and "clause" in lines[0] and "label" in lines[0]:
        return [_from_clauses(line) for line in lines]
    if lines and "cited_paragraphs" in lines[0]:
        return [_from_gerlayqa(line) for line in lines]
    return [EvalItem.model_validate(line) for line in lines]


def spread_sample(items: list[EvalItem], limit: int | None) -> list[EvalItem]:
    """At most ``limit`` items spread evenly over languages, and within a language over
    what is measured differently: kind, label, and whether gold provisions are given. One
    item of every language in turn, each language taking its groups in turn; the picked
    items keep their file order.

    >>> items = [EvalItem(id=f"{lang}-{kind}{i}", lang=lang, question="?", kind=kind)
    ...          for lang in ("ro", "pl") for kind in ("standard", "myth") for i in range(2)]
    >>> [i.id for i in spread_sample(items, 3)]
    ['ro-standard0', 'ro-myth0', 'pl-standard0']
    """
    if limit is None or limit >= len(items):
        return list(items)
    kinds: dict[str, dict[tuple[str, str, bool], list[EvalItem]]] = {}
    for item in items:
        kinds.setdefault(item.lang, {}).setdefault((item.kind, item.label or "", bool(item.gold)), []).append(item)
    queues = [_interleave(list(groups.values())) for groups in kinds.values()]
    picked: list[EvalItem] = []
    while len(picked) < limit:
        for queue in queues:
            if queue and len(picked) < limit:
                picked.append(queue.pop(0))
    order = {id(item): n for n, item in enumerate(items)}
    return sorted(picked, key=lambda item: order[id(item)])


def _interleave(groups: list[list[EvalItem]]) -> list[EvalItem]:
    return [group[n] for n in range(max(map(len, groups))) for group in groups if n < len(group)]


_CITED = re.compile(r"§\s*(\d+[a-z]?)\s+(\S+)")
_ARTICLE = re.compile(r"Art\.\s*(\d+[a-z]?)\s+(\S+)")


def _from_gerlayqa(line: dict) -> EvalItem:
    gold = []
    for cited in line.get("cited_paragraphs") or []:
        match = _CITED.search(cited)
        if match:
            gold.append(Gold(law=match.group(2), section=match.group(1)))
    return EvalItem(id=line["id"], lang=line.get("lang", "de"), question=line["question"], gold=gold)


def _from_clauses(line: dict) -> EvalItem:
    """A lawyer-labelled contract clause: the question asks whether it is valid; gold are
    the statutes the lawyers cite (``§ 308 BGB``, ``Art. 12 GG``); the reference is the
    annotators' reasoning and the violated rule (valid clauses have none)."""
    gold = []
    for cited in line.get("cited_paragraphs") or []:
        if match := _CITED.search(cited):
            gold.append(Gold(law=match.group(2), section=match.group(1)))
        elif match := _ARTICLE.search(cited):
            gold.append(Gold(law=match.group(2), section=f"Art. {match.group(1)}"))
    # The answer is "Label: void – unwirksam (void). Begründung (annotators): … | Verletzte
    # Regel(n): …"; only the reasoning and the rule are a reference a draft can be compared to.
    answer = line.get("answer") or ""
    reasoning = answer.split(").", 1)[1] if ")." in answer else ""
    for marker in ("Begründung (annotators):", "| Verletzte Regel(n):"):
        reasoning = reasoning.replace(marker, " ")
    reasoning = " ".join(reasoning.split())
    return EvalItem(id=line["id"], lang=line.get("lang", "de"), question=line["question"], gold=gold,
                    key_points=reasoning, label=line["label"])
