from cads_rag.corpus import load_corpus
from cads_rag.settings import Settings
from tests.helpers import write_pdf


def test_bad_files_are_reported_and_never_abort(small_corpus):
    docs = small_corpus / "docs"
    docs.mkdir()
    write_pdf(docs / "merkblatt.pdf", ["Mindestlohn gilt auch für Saisonarbeit"])
    (docs / "broken.pdf").write_bytes(b"%PDF-1.7 garbage")
    (docs / "latin1.txt").write_bytes("Kündigung".encode("latin-1"))
    result = load_corpus(small_corpus)
    skipped = {s.path: s.reason for s in result.skipped}
    assert set(skipped) == {"docs/broken.pdf", "docs/latin1.txt"}
    laws = {n.metadata["law"] for n in result.nodes}
    assert {"KSchG", "BUrlG", "32003L0088", "merkblatt"} <= laws


def test_manifest_adds_validity(small_corpus):
    result = load_corpus(small_corpus)
    pflege = [n for n in result.nodes if n.metadata["law"] == "PflegeArbbV 6"]
    assert pflege and all(n.metadata["valid_until"] == "2026-06-30" for n in pflege)
    assert {s.kind for s in result.sources} == {"statute", "directive"}


def test_whole_shipped_corpus_loads_cleanly():
    result = load_corpus(Settings().corpus_dir)
    assert not result.skipped
    ids = [n.node_id for n in result.nodes]
    assert len(ids) == len(set(ids)) and len(ids) > 2500
    laws = {n.metadata["law"] for n in result.nodes}
    assert {"BGB", "KSchG", "SGB IV", "SGB V", "FreizügG/EU", "AÜG", "MiLoV5", "PflegeArbbV 6", "BKGG"} <= laws
    assert {"32003L0088", "31996L0071", "32019L1152"} <= laws
