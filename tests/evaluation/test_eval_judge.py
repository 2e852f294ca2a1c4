"""The LLM-judge path against a local fake OpenAI-compatible server (tests/fake_judge.py):
scores the fake's rules give by hand, prompts adapted per language and cached, and the
whole ``cads-rag eval --judge`` run without a single non-loopback network attempt."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from fake_judge import judge_chat
from fake_openai import fake_openai_server

from cads_rag.settings import REPO_ROOT
from evals.datasets import DATASETS
from evals.judge import Judge, judge_scores, prompt_folder
from evals.ragas_scores import local_embeddings

pytestmark = pytest.mark.slow

SAMPLES = {
    "de": [
        {"user_input": "Wie hoch ist der Mindestlohn?",  # 2 statements, the second not in the context: 1/2
         "response": "Der Mindestlohn beträgt 13,90 Euro je Stunde. Der Mond besteht aus grünem Käse.",
         "retrieved_contexts": ["Der Mindestlohn beträgt ab dem 1. Januar 2026 brutto 13,90 Euro je Stunde."]},
        {"user_input": "Wie hoch ist der Mindestlohn?", "response": "Das weiß nicht einmal der Chef.",  # noncommittal
         "retrieved_contexts": ["Der Mindestlohn beträgt 13,90 Euro."]},
    ],
    "en": [{"user_input": "What is the minimum wage?", "response": "The minimum wage is 13.90 euros per hour.",
            "retrieved_contexts": ["The minimum wage is 13.90 euros per hour from 2026."]}],
}


def _translations(requests: list[dict]) -> int:
    return sum('"target_language"' in r["body"]["messages"][-1]["content"] for r in requests)


def test_judge_scores_follow_the_judges_verdicts_with_prompts_in_the_items_language(real_library, tmp_path):
    embeddings = local_embeddings(real_library)
    with fake_openai_server(chat=judge_chat) as (url, requests):
        judge = Judge(url=url, model="fake/judge:7b", api_key="secret-key")
        scores, languages = judge_scores(SAMPLES, judge, embeddings, cache_dir=tmp_path)
        assert languages == {"de": "german", "en": "english"}
        assert [s["faithfulness"] for s in scores["de"]] == [0.5, 0.0] and scores["en"][0]["faithfulness"] == 1.0
        assert scores["de"][1]["answer_relevancy"] == 0.0  # noncommittal
        assert 0.5 < scores["de"][0]["answer_relevancy"] <= 1.0 and 0.5 < scores["en"][0]["answer_relevancy"] <= 1.0
        assert {r["auth"] for r in requests} == {"Bearer secret-key"} and {r["body"]["model"] for r in requests} == {"fake/judge:7b"}
        adapted = _translations(requests)
        assert adapted >= 3  # the few-shot examples of 3 prompts, translated once, into German only
        german = [r for r in requests if '"target_language"' not in r["body"]["messages"][-1]["content"]
                  and "Mindestlohn" in r["body"]["messages"][-1]["content"]]
        assert german and all("[german]" in r["body"]["messages"][-1]["content"] for r in german)

        folder = prompt_folder(tmp_path, judge.model, "german")
        assert folder.name == "german" and folder.parent.name.startswith("fake-judge-7b-ragas")
        assert len(list(folder.glob("*_german.json"))) == 3
        again, _ = judge_scores(SAMPLES, judge, embeddings, cache_dir=tmp_path)
        assert _translations(requests) == adapted and again == scores  # the cache answered


AUDITED = r"""
import json, sys
attempts = []
LOCAL = ("127.", "localhost", "::1", "0.0.0.0", "")
def hook(event, args):
    if event == "socket.getaddrinfo":
        host = args[0].decode() if isinstance(args[0], bytes) else str(args[0] or "")
        if not host.startswith(LOCAL): attempts.append((event, host))
    elif event == "socket.connect":
        address = args[1]
        if isinstance(address, tuple) and not str(address[0]).startswith(LOCAL): attempts.append((event, str(address[0])))
sys.addaudithook(hook)
sys.path.insert(0, sys.argv[1])
from fake_judge import judge_chat
from fake_openai import fake_openai_server
from cads_rag.cli import main
with fake_openai_server(chat=judge_chat) as (url, requests):
    code = main(["eval", "--suite", "draft", "--dataset", sys.argv[2], "--index", sys.argv[3], "--out", sys.argv[4],
                 "--judge", url, "--judge-model", "fake-judge", "--judge-prompts", sys.argv[5]])
print(json.dumps({"code": code, "attempts": attempts, "requests": len(requests)}))
"""


def test_eval_with_a_judge_makes_no_network_attempts(real_settings, real_library, tmp_path):
    lines = {json.loads(line)["id"]: line for line in (DATASETS / "dev.jsonl").read_text(encoding="utf-8").splitlines() if line}
    dataset = tmp_path / "two.jsonl"
    dataset.write_text(lines["ro-001"] + "\n" + lines["en-001"] + "\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HF_", "TRANSFORMERS", "RAGAS", "OPENAI"))}
    out = subprocess.run([sys.executable, "-c", AUDITED, str(REPO_ROOT / "tests"), str(dataset), str(real_settings.index_dir),
                          str(tmp_path / "report"), str(tmp_path / "prompts")],
                         env=env, capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stderr[-3000:]
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result["code"] == 0 and result["attempts"] == [] and result["requests"] > 0
    report = json.loads((tmp_path / "report" / "report.json").read_text(encoding="utf-8"))
    assert {"faithfulness", "answer_relevancy"} <= set(report["overall"]["draft"])
    assert report["meta"]["judge"]["prompt_languages"] == {"en": "english", "ro": "romanian"}
    assert report["meta"]["judge"]["failed_scores"] == 0 and report["meta"]["datasets"]["two"]["judged_items"] == 2
    assert (tmp_path / "prompts").is_dir() and "secret" not in json.dumps(report)
