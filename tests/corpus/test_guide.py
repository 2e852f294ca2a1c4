"""The guide's consistency checks (issue: practical guide in 11 languages)."""

import json
import shutil

import pytest

from cads_rag.corpus import load_corpus
from cads_rag.corpus.guide import parse_guide_page, read_guide_page
from cads_rag.corpus.guide_checks import guide_problems, provision_texts
from cads_rag.settings import LANGUAGES, Settings

CORPUS = Settings().corpus_dir
GUIDE = CORPUS / "guide"


@pytest.fixture(scope="module")
def provisions():
    return provision_texts(load_corpus(CORPUS).nodes)


def test_shipped_guide_passes_all_checks(provisions):
    assert guide_problems(CORPUS, provisions) == []


def test_every_topic_and_myth_in_all_languages():
    ids = {lang: {p.stem for p in (GUIDE / lang).glob("*.md")} for lang in LANGUAGES}
    assert len(ids["en"]) >= 58
    assert all(ids[lang] == ids["en"] for lang in LANGUAGES)
    kinds = {parse_guide_page(p)[0]["kind"] for p in (GUIDE / "en").glob("*.md")}
    assert kinds == {"topic", "myth"}
    for path in (GUIDE / "pl").glob("myth-*.md"):
        assert parse_guide_page(path)[0]["claim"], path


def test_required_topics_exist():
    required = {"minimum-wage", "posted-workers-pay", "live-in-care", "working-time", "sunday-work", "annual-leave",
                "sick-pay", "notice-periods", "dismissal-in-writing", "deadline-to-sue", "dismissal-protection",
                "summary-dismissal", "sent-home", "unpaid-wages", "pay-slip", "job-reference", "written-terms",
                "fixed-term", "part-time", "minijob", "agency-work", "maternity", "parental-leave", "discrimination",
                "posting-a1", "residence-registration", "kindergeld", "health-insurance", "undeclared-work", "getting-help",
                "overtime", "contract-clauses", "transfer-of-business", "short-absence", "limitation-periods",
                "damages-and-deductions"}
    assert required <= {p.stem for p in (GUIDE / "en").glob("*.md")}


@pytest.fixture()
def guide_copy(tmp_path):
    target = tmp_path / "corpus"
    shutil.copytree(GUIDE, target / "guide")
    return target


def _edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_changed_figure_is_caught(guide_copy, provisions):
    _edit(guide_copy / "guide" / "pl" / "minimum-wage.md", "13,90", "13,50")
    problems = guide_problems(guide_copy, provisions)
    assert any("minimum-wage/pl" in p and "differ" in p for p in problems)
    assert any("minimum-wage/pl" in p and "no cited provision" in p for p in problems)


def test_unknown_source_missing_language_and_length_are_caught(guide_copy, provisions):
    _edit(guide_copy / "guide" / "en" / "annual-leave.md", 'section: "7"', 'section: "77"')
    (guide_copy / "guide" / "hr" / "pay-slip.md").unlink()
    page = guide_copy / "guide" / "de" / "sick-pay.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nwort " * 200, encoding="utf-8")
    problems = "\n".join(guide_problems(guide_copy, provisions))
    assert "annual-leave/en: cites BUrlG 77" in problems
    assert "pay-slip: missing in hr" in problems
    assert "sick-pay/de:" in problems and "words (max 250)" in problems


def test_ask_problems_are_caught(guide_copy, provisions):
    guide = guide_copy / "guide"
    page = guide / "ro" / "pay-slip.md"
    header, _ = parse_guide_page(page)
    text = page.read_text(encoding="utf-8")
    for ask in header["asks"][1:]:
        text = text.replace(f"  - {json.dumps(ask, ensure_ascii=False)}\n", "", 1)
    page.write_text(text, encoding="utf-8")
    polish = parse_guide_page(guide / "pl" / "sick-pay.md")[0]["asks"][0]
    _edit(guide / "ro" / "sick-pay.md", "asks:\n", f"asks:\n  - {json.dumps(polish, ensure_ascii=False)}\n")
    twice = parse_guide_page(guide / "ro" / "minijob.md")[0]["asks"][0]
    _edit(guide / "ro" / "overtime.md", "asks:\n", f"asks:\n  - {json.dumps(twice, ensure_ascii=False)}\n")
    problems = "\n".join(guide_problems(guide_copy, provisions))
    assert "pay-slip/ro: 1 asks (min 5)" in problems
    assert "sick-pay/ro: ask reads as pl" in problems
    assert "overtime/ro: ask also given for minijob" in problems


def test_guide_unit_metadata():
    path = GUIDE / "ro" / "minimum-wage.md"
    (unit,) = read_guide_page(path, {"id": "guide-ro-minimum-wage"})
    meta = unit.metadata
    assert (meta["law"], meta["section"], meta["lang"], meta["kind"]) == ("guide", "minimum-wage", "ro", "guide")
    assert {"law": "MiLoV5", "section": "1"} in meta["sources"]
    assert "13,90" in unit.text or "13.90" in unit.text
    assert len(meta["asks"]) >= 5 and meta["asks"][0] not in unit.get_content(metadata_mode="embed")


def test_broken_page_is_skipped_not_fatal(tmp_path):
    page = tmp_path / "corpus" / "guide" / "pl" / "broken.md"
    page.parent.mkdir(parents=True)
    page.write_text("---\nid: broken\n---\ntext\n", encoding="utf-8")
    result = load_corpus(tmp_path / "corpus")
    assert result.skipped and "lacks" in result.skipped[0].reason
