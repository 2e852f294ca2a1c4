from cads_rag.corpus.eurlex import celex_of, eurlex_header, read_directive
from cads_rag.settings import REPO_ROOT

EU = REPO_ROOT / "corpus" / "law" / "eu"


def _units(name):
    path = EU / name
    return list(read_directive(path, {"id": path.stem, **eurlex_header(path)}))


def test_one_unit_per_article_without_recitals():
    units = _units("32003L0088_en.txt")
    art7 = [u for u in units if u.metadata["section"] == "Art. 7"]
    assert art7 and art7[0].metadata["title"] == "Annual leave"
    assert "four weeks" in art7[0].text
    assert all(u.metadata["law"] == "32003L0088" and u.metadata["lang"] == "en" for u in units)
    assert not any("Having regard to" in u.text for u in units)


def test_french_article_premier_and_consolidated_celex():
    units = _units("01996L0071-20200730_fr.txt")
    assert units[0].metadata["section"] == "Art. 1" and units[0].metadata["law"] == "31996L0071"
    assert units[0].metadata["lang"] == "fr"
    assert not any("▼" in u.text for u in units)
    assert celex_of("01996L0071-20200730_en.txt") == "31996L0071"
