"""Bulgarian and Greek typed in Latin letters: recognised, written back in their script for
retrieval and drafting, and never confused with the Latin-script languages."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cads_rag.language import detect_language
from cads_rag.romanised import Romanised, in_native_script, latin_keys, native_key, romanised_language
from cads_rag.settings import default_corpus_dir
from evals.datasets import DATASETS, load_items

# 60 posts written for these tests by a writer told to mix the conventions people use
# ("sh"/"6" for ш, "q"/"ya" for я; "8"/"th" for θ, "w"/"o" for ω, "x"/"h" for χ …).
POSTS = [json.loads(line) for line in (Path(__file__).parent / "data" / "romanised_posts.jsonl").read_text(encoding="utf-8").splitlines()]


def test_keys_meet_across_the_usual_spellings():
    for spelling in ("plashta", "pla6ta", "Plashta"):
        assert native_key("плаща", "bg") in latin_keys(spelling, "bg")
    for spelling in ("Germaniya", "Germaniq", "germania"):
        assert native_key("германия", "bg") in latin_keys(spelling, "bg")
    for spelling in ("8elw", "thelo", "thelw"):
        assert native_key("θέλω", "el") in latin_keys(spelling, "el")
    for spelling in ("xronia", "hronia", "chronia"):
        assert native_key("χρόνια", "el") in latin_keys(spelling, "el")


def test_native_writes_back_only_the_words_it_knows():
    reader = Romanised({"el": ["ο εργοδότης δεν πληρώνει τις υπερωρίες"], "en": ["my boss does not pay"]})
    assert reader.native("o ergodotis den plirwnei tis yperwries, Chef sagt nein", "el") == (
        "ο εργοδότης δεν πληρώνει τις υπερωρίες, Chef sagt nein"
    )
    assert reader.plain_coverage("my boss does not pay", "en") == 1.0
    assert in_native_script("o ergodotis den plirwnei", "pl", default_corpus_dir()) == "o ergodotis den plirwnei"


@pytest.mark.parametrize("post", POSTS, ids=[p["id"] for p in POSTS])
def test_romanised_posts_are_recognised(post):
    assert detect_language(post["question"]) == post["lang"]


def test_no_latin_script_post_of_the_project_reads_as_romanised():
    """The evaluation sets' posts in the nine Latin-script languages (430) stay theirs."""
    posts = [i for name in ("dev", "holdout", "blind", "scope", "appendix_a")
             for i in load_items(DATASETS / f"{name}.jsonl") if i.lang not in ("bg", "el")]
    assert len(posts) > 400
    assert [i.id for i in posts if romanised_language(i.question, default_corpus_dir())] == []


def test_short_posts_are_left_to_the_detector():
    assert romanised_language("ne moga", default_corpus_dir()) is None  # too few words to tell


@pytest.mark.slow
def test_greeklish_post_is_drafted_in_greek_from_greek_pages(real_library):
    post = "Kalispera, o afentikos den mou plirwnei tis yperories edw kai 3 mhnes. Ti mporw na kanw?"
    draft = real_library.draft(post, as_of="2026-11-25")
    assert draft.language == "el" and draft.answerable
    assert any(c.law == "guide" and c.lang == "el" for c in draft.citations)
    assert detect_language(draft.text) == "el"


@pytest.mark.slow
def test_romanised_bulgarian_is_searched_in_cyrillic(real_library):
    response = real_library.search("shefa ne mi plashta zaplatata veche 2 meseca, kakvo da pravya?", k=5)
    assert response.language == "bg"
    assert any(r.law == "guide" and r.lang == "bg" for r in response.results)
