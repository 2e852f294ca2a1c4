"""The project's own evaluation sets (evals/datasets/*.jsonl): well-formed, in the 11
languages, with gold provisions that exist in the index, so a typo in a gold § cannot
silently turn a hit into a miss."""

from __future__ import annotations

from collections import Counter

import pytest

from cads_rag.settings import LANGUAGES
from evals.datasets import DATASETS, load_items

SETS = ("dev", "holdout", "blind", "scope", "appendix_a")


@pytest.mark.slow
@pytest.mark.parametrize("name", SETS)
def test_dataset_is_well_formed_and_its_gold_is_indexed(name: str, real_library) -> None:
    items = load_items(DATASETS / f"{name}.jsonl")
    known = {(n.metadata["law"], n.metadata["section"]) for n in real_library.index.nodes.values()}

    assert items
    assert not [i for i, n in Counter(i.id for i in items).items() if n > 1], "duplicate ids"
    assert {i.lang for i in items} <= set(LANGUAGES)
    assert not [i.id for i in items if (i.kind == "out_of_scope") == bool(i.gold)], "in scope needs gold, out of scope none"
    assert not [(i.id, pair) for i in items for pair in i.gold_pairs() if pair not in known]
