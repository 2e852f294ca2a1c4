"""A rule-based stand-in for a judge LLM, answering ragas' prompts with valid JSON, for
:func:`tests.fake_openai.fake_openai_server` (``chat=judge_chat``).

Its rules are simple enough to compute expected scores by hand:

* translation (prompt adaptation): each statement comes back as ``"[<language>] <statement>"``;
* statements of an answer (Faithfulness, step 1): its sentences, split at ". ";
* faithfulness verdicts (step 2): 1 when at least 60 % of the statement's words of four
  letters or more occur in the context, else 0;
* question for an answer (ResponseRelevancy): the answer's first sentence, noncommittal
  (1) when the answer contains "weiß nicht" / "don't know".
"""

from __future__ import annotations

import json
import re

_WORD = re.compile(r"\w{4,}")


def judge_chat(messages: list[dict]) -> str:
    prompt = messages[-1]["content"]
    # ragas prompts end with "input: {json}\nOutput: "; the examples above use "Input:".
    data = json.loads(prompt[prompt.rindex("input: ") + len("input: "):prompt.rindex("\nOutput: ")])
    if "target_language" in data:
        return json.dumps({"statements": [f"[{data['target_language']}] {s}" for s in data["statements"]]})
    if "context" in data and "statements" in data:
        context = set(_WORD.findall(data["context"].lower()))
        verdicts = []
        for statement in data["statements"]:
            words = _WORD.findall(statement.lower())
            supported = bool(words) and sum(w in context for w in words) / len(words) >= 0.6
            verdicts.append({"statement": statement, "reason": "rule", "verdict": int(supported)})
        return json.dumps({"statements": verdicts})
    if "question" in data and "answer" in data:
        return json.dumps({"statements": sentences(data["answer"])})
    if "response" in data:
        noncommittal = any(p in data["response"].lower() for p in ("weiß nicht", "don't know"))
        return json.dumps({"question": sentences(data["response"])[0], "noncommittal": int(noncommittal)})
    raise ValueError(f"fake judge: unknown prompt {prompt[:200]!r}")


def sentences(text: str) -> list[str]:
    return [s.strip() for s in re.split(r"(?<=\.)\s+", text) if s.strip()]
