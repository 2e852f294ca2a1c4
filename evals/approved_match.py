"""Calibration of approved-answer matching (``approved_match_threshold`` and
``approved_reuse_threshold``) on ``evals/datasets/approved_match.jsonl``: 45 questions, each
asked in 4 posts in 4 different languages, with near-miss questions on the same topic
("notice period in probation" / "after six years").

Every post is drafted; then each post in turn is the new post and the other 179 are the
approved answers. The best match at or above a threshold is *offered*; it is right when
it answers the same question (same group). Printed per threshold: coverage (posts that get
an offer), precision (offers that are right), and the same for plain e5 cosine between the
posts, for comparison.

    python -m evals.approved_match [--as-of YYYY-MM-DD]
"""

from __future__ import annotations

import argparse
import json
import logging

import numpy as np

from cads_rag.draft.matching import MatchKeys, similarity
from cads_rag.library import Library
from evals.datasets import DATASETS

CALIBRATION = DATASETS / "approved_match.jsonl"
THRESHOLDS = (0.6, 0.65, 0.7, 0.73, 0.75, 0.8, 0.85)


def offers(scores: np.ndarray, groups: list[str], threshold: float) -> tuple[float, float]:
    """Coverage and precision of top-1 offers at ``threshold`` (diagonal excluded).

    >>> s = np.array([[1, .9, .2], [.9, 1, .1], [.2, .1, 1]])
    >>> offers(s, ["a", "a", "b"], 0.5)
    (0.667, 1.0)
    """
    scores = scores.astype(float).copy()
    np.fill_diagonal(scores, -np.inf)
    best = scores.argmax(axis=1)
    offered = [i for i in range(len(groups)) if scores[i, best[i]] >= threshold]
    right = sum(groups[i] == groups[best[i]] for i in offered)
    return round(len(offered) / len(groups), 3), round(right / len(offered), 3) if offered else 0.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--as-of", default="2026-12-06")
    args = parser.parse_args(argv)
    logging.disable(logging.WARNING)
    rows = [json.loads(line) for line in CALIBRATION.read_text(encoding="utf-8").splitlines() if line.strip()]
    library = Library.load()
    keys, vectors = [], []
    for row in rows:
        draft = library.draft(row["question"], as_of=args.as_of, language=row["lang"])
        keys.append(MatchKeys.model_validate(draft._match_keys))
        vectors.append(library.index.vector_index._embed_model.get_query_embedding(draft.scrubbed_question))
    groups = [row["group"] for row in rows]
    matched = np.array([[similarity(a, b) for b in keys] for a in keys])
    unit = np.asarray(vectors) / np.linalg.norm(vectors, axis=1, keepdims=True)
    cosine = unit @ unit.T
    print(f"{len(rows)} posts, {len(set(groups))} questions; top-1 offer among the other posts")
    print(f"{'threshold':>10} {'coverage':>9} {'precision':>10}")
    for threshold in THRESHOLDS:
        coverage, precision = offers(matched, groups, threshold)
        print(f"{threshold:>10} {coverage:>9} {precision:>10}")
    print("e5 cosine between the posts, for comparison:")
    for threshold in (0.88, 0.9, 0.92, 0.93):
        coverage, precision = offers(cosine, groups, threshold)
        print(f"{threshold:>10} {coverage:>9} {precision:>10}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
