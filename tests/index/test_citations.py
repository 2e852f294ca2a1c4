from cads_rag.index.citations import find_citations

LAWS = {"BGB", "KSchG", "SGB IV", "AÜG", "32003L0088", "32019L1152", "31996L0071"}


def test_german_citation_forms():
    assert find_citations("§622 BGB und § 4 S. 1 KSchG", LAWS) == [("BGB", "622"), ("KSchG", "4")]
    assert find_citations("§ 8 SGB 4 Minijob", LAWS) == [("SGB IV", "8")]
    assert find_citations("§ 8 AÜG equal pay", LAWS) == [("AÜG", "8")]


def test_directive_articles():
    assert find_citations("Art. 7 der Richtlinie 2003/88/EG", LAWS) == [("32003L0088", "Art. 7")]
    assert find_citations("Article 3 of Directive 96/71/EC", LAWS) == [("31996L0071", "Art. 3")]
    assert find_citations("Art. 4 (EU) 2019/1152", LAWS) == [("32019L1152", "Art. 4")]


def test_unknown_laws_are_ignored():
    assert find_citations("§ 1 StVO und § 3 Foo", LAWS) == []
