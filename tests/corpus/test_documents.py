import pytest

from cads_rag.corpus.documents import UnreadableFile, read_pdf, read_text_document
from tests.helpers import write_pdf

SOURCE = {"id": "merkblatt", "law": "merkblatt", "lang": "de"}


def test_pdf_pages_get_one_based_labels(tmp_path):
    path = write_pdf(tmp_path / "merkblatt.pdf", ["Seite eins über Kündigung", "Überstunden müssen bezahlt werden"])
    units = list(read_pdf(path, SOURCE))
    assert [u.metadata["section"] for u in units] == ["p. 1", "p. 2"]
    assert "Überstunden" in units[1].text and units[1].metadata["kind"] == "pdf"


def test_broken_encrypted_and_empty_pdfs_are_unreadable(tmp_path):
    from pypdf import PdfReader, PdfWriter

    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4\nthis is not a pdf at all")
    with pytest.raises(UnreadableFile, match="broken"):
        list(read_pdf(broken, SOURCE))

    plain = write_pdf(tmp_path / "plain.pdf", ["geheim"])
    writer = PdfWriter(clone_from=PdfReader(str(plain)))
    writer.encrypt("secret")
    locked = tmp_path / "locked.pdf"
    with open(locked, "wb") as handle:
        writer.write(handle)
    with pytest.raises(UnreadableFile, match="encrypted"):
        list(read_pdf(locked, SOURCE))

    empty = write_pdf(tmp_path / "empty.pdf", [""])
    with pytest.raises(UnreadableFile, match="no extractable text"):
        list(read_pdf(empty, SOURCE))


def test_markdown_units_per_heading(tmp_path):
    path = tmp_path / "faq.md"
    path.write_text("# Lohn\nDer Lohn ist am Monatsende fällig.\n\n## Urlaub\nMindestens 24 Werktage.\n", encoding="utf-8")
    units = list(read_text_document(path, {"id": "faq", "law": "faq"}))
    assert [u.metadata["section"] for u in units] == ["Lohn", "Urlaub"]
    empty = tmp_path / "empty.txt"
    empty.write_text("   \n", encoding="utf-8")
    with pytest.raises(UnreadableFile, match="empty"):
        list(read_text_document(empty, {"id": "empty", "law": "empty"}))
