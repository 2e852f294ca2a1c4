"""cads_rag — cited, multilingual answer drafts on German labour law.

The public surface is small:

>>> from cads_rag import Library, Settings
>>> lib = Library.load()                       # doctest: +SKIP
>>> lib.search("Ile wynosi płaca minimalna?", k=5).results[0].law   # doctest: +SKIP
'MiLoV5'
"""

from cads_rag import _offline  # noqa: F401  (must run before third-party imports)
from cads_rag.settings import Settings, get_settings

__all__ = ["Library", "Settings", "get_settings"]
__version__ = "0.1.0"


def __getattr__(name: str):
    # Library pulls in llama-index and the models; import it lazily so that
    # `import cads_rag` stays cheap (CLI --help, settings only).
    if name == "Library":
        from cads_rag.library import Library

        return Library
    raise AttributeError(name)
