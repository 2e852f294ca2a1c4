"""LLM-as-judge metrics (ragas Faithfulness and ResponseRelevancy) through any
OpenAI-compatible endpoint the user names: there is no default judge, and never a cloud one.

The prompts' few-shot examples are adapted to each item's language with ragas' prompt
adaptation (done by the judge itself), once per language, and cached on disk under
``<cache>/<judge model>-ragas<version>/<language>/``, so a second run asks the judge only
to judge.

>>> judge = Judge(url="http://127.0.0.1:8080/v1", model="qwen2.5-7b-instruct")   # doctest: +SKIP
>>> scores, notes = judge_scores({"ro": [{"user_input": "…", "response": "…",
...                                        "retrieved_contexts": ["…"]}]}, judge, embeddings)  # doctest: +SKIP
>>> scores["ro"][0]                                                                 # doctest: +SKIP
{'faithfulness': 1.0, 'answer_relevancy': 0.81}
"""

from __future__ import annotations

import contextlib
import io
import re
import shutil
import sys
import tempfile
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import cads_rag  # noqa: F401  (offline environment, RAGAS_DO_NOT_TRACK, before ragas)
from cads_rag.settings import REPO_ROOT
from evals.ragas_scores import ragas_scores

with warnings.catch_warnings():
    warnings.simplefilter("ignore", DeprecationWarning)
    from ragas import __version__ as RAGAS_VERSION
    from ragas.async_utils import run as run_async
    from ragas.llms import LangchainLLMWrapper
    from ragas.metrics import Faithfulness, ResponseRelevancy
    from ragas.metrics.base import MetricWithLLM
    from ragas.run_config import RunConfig

PROMPT_CACHE = REPO_ROOT / "var" / "ragas_prompts"
# ragas names prompt languages in English words.
LANGUAGE_NAMES = {
    "ro": "romanian", "pl": "polish", "bg": "bulgarian", "it": "italian", "es": "spanish", "hu": "hungarian",
    "hr": "croatian", "el": "greek", "en": "english", "fr": "french", "de": "german",
}


@dataclass(frozen=True)
class Judge:
    """Where the judge runs: an OpenAI-compatible base URL (``…/v1``), its model name and key."""

    url: str
    model: str
    api_key: str = "not-needed"
    timeout_s: float = 120.0

    def llm(self) -> Any:
        """The ragas LLM for this endpoint. ``bypass_n``: ResponseRelevancy asks for 3
        questions; many local servers ignore ``n``, so the prompt is sent 3 times instead."""
        from langchain_openai import ChatOpenAI

        chat = ChatOpenAI(model=self.model, base_url=self.url, api_key=self.api_key, temperature=0,
                          timeout=self.timeout_s, max_retries=1)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            return LangchainLLMWrapper(chat, bypass_n=True)


def judge_metrics(language: str, llm: Any, embeddings: Any, cache_dir: Path, model: str) -> tuple[list[MetricWithLLM], str]:
    """Faithfulness and ResponseRelevancy with prompts in ``language`` (a code such as
    ``ro``), adapted by ``llm`` or loaded from the cache; and the language the prompts
    ended up in (English, with the reason, when adaptation failed)."""
    metrics: list[MetricWithLLM] = [Faithfulness(llm=llm), ResponseRelevancy(llm=llm, embeddings=embeddings)]
    name = LANGUAGE_NAMES[language]
    if name == "english":  # ragas' own prompts
        return metrics, name
    folder = prompt_folder(cache_dir, model, name)
    if not folder.is_dir():
        try:
            _adapt_and_save(metrics, name, llm, folder)
        except Exception as err:  # noqa: BLE001  (any failure: a judge that cannot translate still gets to judge)
            return metrics, f"english (adaptation to {name} failed: {err})"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for metric in metrics:
            metric.set_prompts(**metric.load_prompts(str(folder), name))
    return metrics, name


def prompt_folder(cache_dir: Path, model: str, language_name: str) -> Path:
    """Where the adapted prompts of one judge model, ragas version and language live."""
    slug = re.sub(r"[^A-Za-z0-9._-]+", "-", model).strip("-") or "model"
    return Path(cache_dir) / f"{slug}-ragas{RAGAS_VERSION}" / language_name


def _adapt_and_save(metrics: list[MetricWithLLM], language_name: str, llm: Any, folder: Path) -> None:
    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=folder.parent, prefix=f".{language_name}-"))
    try:
        for metric in metrics:
            adapted = run_async(metric.adapt_prompts(language_name, llm))
            metric.set_prompts(**adapted)
            with contextlib.redirect_stdout(io.StringIO()):  # ragas prints every file it saves
                metric.save_prompts(str(staging))
        staging.rename(folder)  # complete or absent: a killed run never leaves half a cache
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def judge_scores(
    samples_by_language: dict[str, list[dict[str, Any]]],
    judge: Judge,
    embeddings: Any,
    cache_dir: Path = PROMPT_CACHE,
) -> tuple[dict[str, list[dict[str, float | None]]], dict[str, str]]:
    """Faithfulness and answer relevancy of each sample (``user_input``, ``response``,
    ``retrieved_contexts``), judged with prompts in the sample's language; also the
    prompt language used per language. A failed judge call leaves that score ``None``."""
    llm = judge.llm()
    scores: dict[str, list[dict[str, float | None]]] = {}
    prompt_languages: dict[str, str] = {}
    for language, samples in sorted(samples_by_language.items()):
        metrics, prompt_languages[language] = judge_metrics(language, llm, embeddings, cache_dir, judge.model)
        if prompt_languages[language].startswith("english ("):
            print(f"warning: judge prompts for {language}: {prompt_languages[language]}", file=sys.stderr)
        scores[language] = ragas_scores(
            samples, metrics, llm=llm, embeddings=embeddings, raise_exceptions=False,
            run_config=RunConfig(max_workers=2, timeout=int(judge.timeout_s), max_retries=2),
        )
    return scores, prompt_languages
