"""BM25 per language (bm25s through llama-index's ``BM25Retriever``), each with the
Snowball stemmer and stopwords of its language, and diacritics folded.

One index per language keeps German stemming off English/French directive text and
vice versa. ``BM25Retriever.from_persist_dir`` forgets the stemmer (it restores an
English one), so the language settings are saved beside each index and re-applied
on load.

>>> STEMMERS["de"], STEMMERS["pl"]
('german', None)
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

import bm25s
from llama_index.core.schema import TextNode
from llama_index.retrievers.bm25 import BM25Retriever

from cads_rag.glossary import fold

# Snowball stemmers in PyStemmer; Croatian uses the Serbian (Latin-aware) stemmer.
STEMMERS: dict[str, str | None] = {
    "de": "german", "en": "english", "fr": "french", "ro": "romanian", "it": "italian",
    "es": "spanish", "hu": "hungarian", "el": "greek", "hr": "serbian", "pl": None, "bg": None,
}
# Stopword lists that bm25s ships.
_STOPWORDS = {"de": "de", "en": "en", "fr": "fr", "es": "es", "it": "it"}
# Keeps one-character tokens ("§ 3" keeps its 3), unlike bm25s's default.
TOKEN_PATTERN = r"(?u)\b\w+\b"
_CONFIG = "lexical.json"


class FoldingStemmer:
    """Diacritics folded, then Snowball stemming (where the language has a stemmer), so
    that posts typed without them ("napisal", "salariul minim", "kundigung", "jarulekot")
    meet the text ("napisał", "salariul", "Kündigung", "járulékot"): folding first makes
    the stemmer cut both spellings alike. bm25s calls ``stemWords`` on its vocabulary.

    >>> FoldingStemmer("german").stemWords(["Kündigungen", "Lohnabrechnung"])
    ['kundig', 'lohnabrechn']
    >>> FoldingStemmer("hungarian").stemWords(["járulékot", "jarulekot"])
    ['jarul', 'jarul']
    >>> FoldingStemmer(None).stemWords(["Wypłata"])
    ['wyplata']
    """

    def __init__(self, name: str | None) -> None:
        import Stemmer

        self.name = name
        self._stemmer = Stemmer.Stemmer(name) if name else None

    def stemWords(self, words: list[str]) -> list[str]:  # noqa: N802 (the PyStemmer interface)
        folded = [fold(w) for w in words]
        return self._stemmer.stemWords(folded) if self._stemmer else folded


def _stemmer(lang: str) -> FoldingStemmer:
    return FoldingStemmer(STEMMERS.get(lang))


def _retriever_for(lang: str, nodes: Sequence[TextNode] | None = None, path: Path | None = None, top_n: int = 100):
    stemmer = _stemmer(lang)
    if path is not None:
        retriever = BM25Retriever.from_persist_dir(str(path), show_progress=False)
    else:
        nodes = list(nodes or [])
        retriever = BM25Retriever.from_defaults(
            nodes=nodes,
            similarity_top_k=min(top_n, len(nodes)),
            stemmer=stemmer,
            language=_STOPWORDS.get(lang, None),
            skip_stemming=False,
            token_pattern=TOKEN_PATTERN,
        )
    # Re-applied on load: the persisted retriever forgets all three.
    retriever.stemmer = stemmer
    retriever.skip_stemming = False
    retriever.token_pattern = TOKEN_PATTERN
    retriever.similarity_top_k = min(top_n, len(retriever.corpus))
    return retriever


class LexicalIndex:
    """BM25 retrievers keyed by language code."""

    def __init__(self, retrievers: dict[str, BM25Retriever]) -> None:
        self.retrievers = retrievers
        self._ids = {lang: [doc["node_id"] for doc in retriever.corpus] for lang, retriever in retrievers.items()}

    @classmethod
    def build(cls, nodes: Sequence[TextNode], top_n: int = 100) -> LexicalIndex:
        by_lang: dict[str, list[TextNode]] = defaultdict(list)
        for node in nodes:
            by_lang[node.metadata.get("lang") or "de"].append(node)
        return cls({lang: _retriever_for(lang, group, top_n=top_n) for lang, group in sorted(by_lang.items())})

    def persist(self, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        for lang, retriever in self.retrievers.items():
            retriever.persist(str(directory / lang), show_progress=False)
        config = {lang: {"stemmer": STEMMERS.get(lang), "token_pattern": TOKEN_PATTERN} for lang in self.retrievers}
        (directory / _CONFIG).write_text(json.dumps(config, indent=1), encoding="utf-8")

    @classmethod
    def load(cls, directory: Path, top_n: int = 100) -> LexicalIndex:
        config = json.loads((directory / _CONFIG).read_text(encoding="utf-8"))
        return cls({lang: _retriever_for(lang, path=directory / lang, top_n=top_n) for lang in config})

    def search(self, query: str, lang: str) -> list[tuple[str, float]]:
        """``(node_id, bm25 score)`` from the ``lang`` index, best first (empty if none)."""
        retriever = self.retrievers.get(lang)
        if retriever is None or not query.strip():
            return []
        # bm25s directly, tokenised as BM25Retriever does: its retrieve() rebuilds every hit's
        # node from JSON (a third of a search's time), where ids and scores are all we need.
        tokens = bm25s.tokenize(query, stemmer=retriever.stemmer, token_pattern=retriever.token_pattern, show_progress=False)
        ids, scores = retriever.bm25.retrieve(tokens, corpus=self._ids[lang], k=retriever.similarity_top_k, show_progress=False)
        return [(str(node_id), float(score)) for node_id, score in zip(ids[0], scores[0]) if score > 0.0]
