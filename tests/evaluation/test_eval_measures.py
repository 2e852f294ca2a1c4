"""Measures of the evaluation suite against values computed by hand, on hand-made items,
drafts and ragas samples (no index needed)."""

from __future__ import annotations

import json
import warnings

import pytest
from llama_index.core.schema import TextNode

from cads_rag.draft.models import Check, Citation, Draft
from evals.datasets import EvalItem, Gold, load_items, spread_sample
from evals.drafting import draft_measures
from evals.ragas_scores import ragas_scores
from evals.report import aggregate, build_report, compare
from evals.retrieval import context_id, rank_measures
from evals.verdict import draft_verdict

with warnings.catch_warnings():
    warnings.simplefilter("ignore", DeprecationWarning)  # the legacy classes evaluate() needs
    from ragas.metrics import (
        Faithfulness,
        IDBasedContextPrecision,
        IDBasedContextRecall,
        NonLLMContextPrecisionWithReference,
        NonLLMContextRecall,
        NonLLMStringSimilarity,
        SemanticSimilarity,
    )


def test_rank_measures_are_the_shares_behind_recall_and_mrr():
    assert rank_measures(1) == {"recall@1": 1.0, "recall@5": 1.0, "recall@10": 1.0, "mrr@10": 1.0}
    assert rank_measures(4) == {"recall@1": 0.0, "recall@5": 1.0, "recall@10": 1.0, "mrr@10": 0.25}
    assert rank_measures(11) == rank_measures(None) == {"recall@1": 0.0, "recall@5": 0.0, "recall@10": 0.0, "mrr@10": 0.0}
    assert context_id("SGB IV", "8") == "SGB IV § 8" and context_id("32003L0088", "Art. 7") == "32003L0088 Art. 7"


def test_ragas_context_metrics_match_hand_computed_values():
    samples = [
        {  # 1 of 3 distinct retrieved ids is gold; 1 of 2 gold ids was retrieved
            "retrieved_context_ids": ["BGB § 622", "KSchG § 4", "guide notice-periods", "BGB § 622"],
            "reference_context_ids": ["BGB § 622", "BGB § 623"],
            "retrieved_contexts": ["Die Kündigungsfrist beträgt vier Wochen.", "völlig anderer Text über Urlaub"],
            "reference_contexts": ["Die Kündigungsfrist beträgt vier Wochen."],
        },
        {  # the gold text comes second: average precision 1/2; recall 1
            "retrieved_context_ids": ["ArbZG § 3"], "reference_context_ids": ["ArbZG § 3"],
            "retrieved_contexts": ["zzzz zzzz zzzz", "Die werktägliche Arbeitszeit darf acht Stunden nicht überschreiten."],
            "reference_contexts": ["Die werktägliche Arbeitszeit darf acht Stunden nicht überschreiten."],
        },
    ]
    metrics = [IDBasedContextPrecision(), IDBasedContextRecall(), NonLLMContextPrecisionWithReference(), NonLLMContextRecall()]
    first, second = ragas_scores(samples, metrics, embeddings=None)
    assert first == {"id_based_context_precision": 0.3333, "id_based_context_recall": 0.5,
                     "non_llm_context_precision_with_reference": 1.0, "non_llm_context_recall": 1.0}
    assert second == {"id_based_context_precision": 1.0, "id_based_context_recall": 1.0,
                      "non_llm_context_precision_with_reference": 0.5, "non_llm_context_recall": 1.0}


def test_string_similarity_is_one_minus_normalised_levenshtein():
    # kitten → sitting: 3 edits over 7 characters
    assert ragas_scores([{"response": "kitten", "reference": "sitting"}], [NonLLMStringSimilarity()], embeddings=None) == [
        {"non_llm_string_similarity": round(1 - 3 / 7, 4)}]


def test_no_ragas_default_model_can_sneak_in():
    with pytest.raises(ValueError, match="explicit llm"):
        ragas_scores([{"user_input": "?", "response": "x", "retrieved_contexts": ["y"]}], [Faithfulness()], embeddings=object())
    with pytest.raises(ValueError, match="explicit embeddings"):
        ragas_scores([{"response": "x", "reference": "y"}], [SemanticSimilarity()], embeddings=None)


NODES = {
    "u1": TextNode(id_="u1", text="Die Kündigung bedarf der Schriftform.", metadata={"law": "BGB", "section": "623"}),
    "u2": TextNode(id_="u2", text="Pflegemindestlohn", metadata={"law": "PflegeArbbV 6", "section": "2", "valid_until": "2026-06-30"}),
}


def _draft(text: str, citations: list[Citation], statuses: list[str], answerable: bool = True) -> Draft:
    checks = [Check(sentence=f"s{i}", status=status) for i, status in enumerate(statuses)]
    return Draft(language="de", answerable=answerable, scrubbed_question="?", text=text, citations=citations,
                 checks=checks, drafter="compose", as_of="2026-11-25")


def test_draft_measures_by_hand():
    item = EvalItem(id="x", lang="de", question="?", gold=[Gold(law="BGB", section="623")], key_numbers=["3", "13.90"])
    citations = [Citation(n=1, law="BGB", section="623", node_id="u1"),              # valid
                 Citation(n=2, law="PflegeArbbV 6", section="2", node_id="u2"),      # out of force on the as-of day
                 Citation(n=3, law="BGB", section="999", node_id="missing"),         # not in the index
                 Citation(n=4, law="BGB", section="622", node_id="u1")]              # node says § 623
    draft = _draft("Eine Kündigung muss schriftlich sein, die Frist beträgt 3 Wochen [1].\n\nQuellen: [1] § 623 BGB",
                   citations, ["ok", "ok", "uncited", "unsupported"])
    row = draft_measures(item, draft, NODES)
    assert row == {"language_match": 1.0, "clean": 0.0, "citation_validity": 0.25, "uncited_rate": 0.25,
                   "unsupported_rate": 0.25, "cites_gold": 1.0, "key_numbers": 0.0}  # 13.90 is missing


def test_out_of_scope_and_clause_items():
    refusal = _draft("Dazu können wir hier leider nichts sagen, das ist kein Arbeitsrecht.", [], ["ok"], answerable=False)
    row = draft_measures(EvalItem(id="o", lang="de", question="?", kind="out_of_scope"), refusal, NODES)
    assert row["refuses_out_of_scope"] == 1.0 and "cites_gold" not in row and "citation_validity" not in row
    clause = EvalItem(id="c", lang="de", question="?", label="void")
    flagged = draft_measures(clause, _draft("Diese Klausel ist unwirksam (§ 307 BGB) [1].", [], ["ok"]), NODES)
    assert (flagged["verdict"], flagged["verdict_accuracy"], flagged["verdict_accuracy_void"]) == ("problematic", 1.0, 1.0)
    hedged = draft_measures(clause, _draft("Eine vorformulierte Klausel ist unwirksam, wenn sie Sie benachteiligt [1].", [], ["ok"]), NODES)
    assert (hedged["verdict"], hedged["verdict_decided"], hedged["verdict_accuracy"]) == ("undecided", 0.0, 0.0)
    polish = EvalItem(id="p", lang="pl", question="?", label="valid")  # no word lists: not verdict-scorable
    assert "verdict" not in draft_measures(polish, _draft("Ta klauzula jest ważna [1].", [], ["ok"]), NODES)


@pytest.mark.parametrize("text, verdict", [
    ("Die Klausel ist nichtig.", "problematic"),
    ("Diese Regelung ist zulässig.", "valid"),
    ("Diese Klausel kann unwirksam sein.", "undecided"),
    ("Eine Vertragsstrafe von 250.000 € ist unwirksam.", "undecided"),  # does not name the clause
])
def test_verdict_reading(text, verdict):
    assert draft_verdict(text, "de") == verdict
    assert draft_verdict("This clause is void.", "en") == "problematic"


def test_contract_clause_lines_are_converted(tmp_path):
    line = {"id": "ecc-1", "question": "Ist diese Klausel wirksam? Klausel: …", "clause": "…", "heading": "§ 9", "topic": "Form",
            "label": "void", "answer": "Label: void – unwirksam (void). Begründung (annotators): zu weit | Verletzte Regel(n): "
            "Eine Klausel ist unwirksam.", "cited_paragraphs": ["§ 308 BGB", "Art. 12 GG"], "lang": "de", "cited_authorities": []}
    path = tmp_path / "clauses.jsonl"
    path.write_text(json.dumps(line, ensure_ascii=False) + "\n", encoding="utf-8")
    (item,) = load_items(path)
    assert item.label == "void" and item.gold_pairs() == {("BGB", "308"), ("GG", "Art. 12")}
    assert item.key_points == "zu weit Eine Klausel ist unwirksam."


def test_spread_sample_covers_every_language_and_kind_first():
    items = [EvalItem(id=f"{lang}-{kind}-{n}", lang=lang, question="?", kind=kind)
             for lang in ("ro", "pl") for kind in ("standard", "myth") for n in range(3)]
    picked = spread_sample(items, 5)
    assert len(picked) == 5 and {(i.lang, i.kind) for i in picked} == {(l, k) for l in ("ro", "pl") for k in ("standard", "myth")}
    assert [i.id for i in picked] == sorted((i.id for i in picked), key=[i.id for i in items].index)


def test_report_blocks_by_hand():
    rows = [
        {"dataset": "a", "suite": "retrieval", "lang": "ro", "recall@5": 1.0, "mrr@10": 0.5, "ms": 10.0},
        {"dataset": "a", "suite": "retrieval", "lang": "ro", "recall@5": 0.0, "mrr@10": 0.0, "ms": 30.0},
        {"dataset": "b", "suite": "retrieval", "lang": "de", "recall@5": 1.0, "mrr@10": 1.0, "ms": 20.0},
        {"dataset": "b", "suite": "draft", "lang": "de", "key_numbers": 1.0, "clean": 1.0, "ms": 100.0},
        {"dataset": "b", "suite": "draft", "lang": "de", "clean": 0.0, "ms": 300.0},  # no key numbers: not counted
    ]
    report = build_report(rows, {"as_of": "2026-11-25"})
    assert report["overall"]["retrieval"] == {"n": 3, "recall@5": 0.6667, "mrr@10": 0.5, "p50_ms": 20.0, "p95_ms": 30.0}
    assert report["per_language"]["de"]["draft"] == {"n": 2, "key_numbers": 1.0, "clean": 0.5, "p50_ms": 200.0, "p95_ms": 300.0}
    assert report["per_dataset"]["a"]["per_language"]["ro"]["retrieval"]["recall@5"] == 0.5
    assert set(report["per_dataset"]["b"]["overall"]) == {"retrieval", "draft"}
    assert aggregate([], "draft") == {"n": 0}
    worse = json.loads(json.dumps(report))
    worse["per_dataset"]["a"]["overall"]["retrieval"]["recall@5"] = 0.25
    text = compare(worse, report)
    assert text.startswith("1 metric(s) changed") and "recall@5" in text and "-0.25 worse" in text
