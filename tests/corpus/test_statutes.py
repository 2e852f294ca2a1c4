from cads_rag.corpus.statutes import law_abbreviation, read_statute
from cads_rag.settings import REPO_ROOT

DE = REPO_ROOT / "corpus" / "law" / "de"


def _units(name, law):
    return list(read_statute(DE / f"{name}.md", {"id": name, "law": law, "url": f"https://www.gesetze-im-internet.de/{name}/", "lang": "de"}))


def test_abbreviations():
    assert law_abbreviation("AEntG 2009") == "AEntG"
    assert law_abbreviation("SGB 5") == "SGB V"
    assert law_abbreviation("PflegeArbbV 6") == "PflegeArbbV 6"
    assert law_abbreviation("BKGG 1996") == "BKGG"


def test_one_unit_per_section_with_metadata():
    units = {u.metadata["section"]: u for u in _units("kschg", "KSchG")}
    unit = units["4"]
    assert unit.metadata["title"] == "Anrufung des Arbeitsgerichts"
    assert unit.metadata["url"] == "https://www.gesetze-im-internet.de/kschg/__4.html"
    assert "drei Wochen" in unit.text and unit.metadata["absatz"] == ""
    assert unit.metadata["citation"] == "§ 4 KSchG"
    assert "1a" in units  # lettered sections survive


def test_repealed_sections_are_skipped():
    units = _units("bgb", "BGB")
    sections = {u.metadata["section"] for u in units}
    assert "611b" not in sections  # "(weggefallen)"
    assert {"611a", "622", "623", "626"} <= sections


def test_long_sections_split_at_absatz_boundaries():
    units = [u for u in _units("bgb", "BGB") if u.metadata["section"] == "622"]
    if len(units) > 1:
        assert all(u.metadata["absatz"] for u in units)
        assert units[0].text.startswith("(1)")
    ids = [u.node_id for u in _units("bgb", "BGB")]
    assert len(ids) == len(set(ids))
