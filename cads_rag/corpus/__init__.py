"""Reading sources into legal units (llama-index nodes): statutes per §, EU
directives per Article, user PDFs per page, Markdown/TXT per heading.

>>> from cads_rag.corpus import load_corpus
>>> result = load_corpus("corpus")            # doctest: +SKIP
>>> result.nodes[0].metadata["law"], result.nodes[0].metadata["section"]   # doctest: +SKIP
('AEntG', '1')
"""

from cads_rag.corpus.loader import CorpusLoad, SkippedFile, load_corpus, source_files
from cads_rag.corpus.units import UNIT_FIELDS, citation_of, make_unit

__all__ = ["CorpusLoad", "SkippedFile", "UNIT_FIELDS", "citation_of", "load_corpus", "make_unit", "source_files"]
