import pytest

from cads_rag.figures import figures, figures_in_source, german_number_words, normalise_number


@pytest.mark.parametrize(("token", "value"), [("13,90", "13.9"), ("13.90", "13.9"), ("2.000", "2000"), ("2,000", "2000"), ("603", "603")])
def test_normalise(token, value):
    assert normalise_number(token) == value


def test_citations_and_addresses_are_not_figures():
    text = "Nach § 622 Abs. 2 BGB und Art. 7 der Richtlinie 2003/88/EG (A1, faire-mobilitaet.de) gilt: 4 Wochen."
    assert figures(text) == ["4"]


def test_german_number_words():
    text = "drei Wochen, dreißig Minuten, vierundzwanzig Werktage, ein Zwölftel, am dritten Tag, zweitausend Euro"
    assert {"3", "30", "24", "12", "2000"} <= german_number_words(text)
    assert "6" in figures_in_source("nach sechsmonatigem Bestehen des Arbeitsverhältnisses")
