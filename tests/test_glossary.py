import pytest

from cads_rag.glossary import COLUMNS, Glossary, fold, load_glossary
from cads_rag.settings import Settings

PATH = Settings().corpus_dir / "glossary.tsv"


def test_every_row_has_all_eleven_columns():
    lines = PATH.read_text(encoding="utf-8").splitlines()
    assert tuple(lines[0].split("\t")) == COLUMNS
    assert len(lines) - 1 >= 150
    for number, line in enumerate(lines[1:], start=2):
        cells = line.split("\t")
        assert len(cells) == 11 and all(cell.strip() for cell in cells), f"line {number}"


def test_expansion_finds_german_terms_with_and_without_diacritics():
    glossary = load_glossary(str(Settings().corpus_dir))
    assert "Kündigung" in glossary.german_terms("Dostałem wypowiedzenie od szefa", "pl")
    assert "Kündigung" in glossary.german_terms("Am primit Kündigung ieri", "ro")  # German loan word in a Romanian post
    assert any("Lohnabrechnung" in t or "Abrechnung" in t for t in glossary.german_terms("nu primesc fluturas de salariu", "ro"))
    assert glossary.german_terms("Το αφεντικό μου δεν πληρώνει τον κατώτατο μισθό", "el")


def test_inflected_forms_reach_the_german_query_only():
    glossary = load_glossary(str(Settings().corpus_dir))
    # Hungarian "járulékot" (accusative of "járulék"), Croatian "pauze" (of "pauza").
    assert "Sozialversicherungsbeiträge" in glossary.german_terms("a főnök nem fizet járulékot", "hu")
    assert "Ruhepause" in glossary.german_terms("imamo samo pola sata pauze za rucak", "hr")
    # The drafter's concept matching stays exact.
    assert not set(glossary.concepts("imamo samo pola sata pauze", "hr")) & set(
        glossary.inflected_concepts("imamo samo pola sata pauze", "hr"))
    # Short forms and several-word forms are not inflected: "pola" does not start anything.
    assert glossary.inflected_concepts("", "hr") == []


def test_fold():
    assert fold("Wypłata ŞOMAJ Straße") == "wyplata somaj strasse"


def test_bad_header_is_rejected(tmp_path):
    bad = tmp_path / "g.tsv"
    bad.write_text("de\ten\nKündigung\tdismissal\n", encoding="utf-8")
    with pytest.raises(ValueError, match="header"):
        Glossary.load(bad)
