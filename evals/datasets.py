"""Evaluation items in the project schema, from the project's JSONL files or by path
from external sets (GerLayQA is converted; it is licensed non-commercial and is never
copied into this repository).

Schema of a line: ``{"id", "lang", "question", "gold": [{"law", "section"}],
"key_numbers": [...], "key_points": "...", "kind": "standard|myth|out_of_scope"}``.

>>> item = EvalItem(id="x", lang="de", question="?", gold=[Gold(law="BGB", section="622")])
>>> item.gold_pairs()
{('BGB', '622')}
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

    def gold_pairs(self) -> set[tuple[str, str]]:
        return {(g.law, g.section) for g in self.gold}


def load_items(path: str | Path) -> list[EvalItem]:
    """Items of a JSONL file in the project schema (GerLayQA files are converted)."""
    path = Path(path)
    lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    if lines and "cited_paragraphs" in lines[0]:
        return [_from_gerlayqa(line) for line in lines]
    return [EvalItem.model_validate(line) for line in lines]


_CITED = re.compile(r"§\s*(\d+[a-z]?)\s+(\S+)")


def _from_gerlayqa(line: dict) -> EvalItem:
    gold = []
    for cited in line.get("cited_paragraphs") or []:
        match = _CITED.search(cited)
        if match:
            gold.append(Gold(law=match.group(2), section=match.group(1)))
    return EvalItem(id=line["id"], lang=line.get("lang", "de"), question=line["question"], gold=gold)
