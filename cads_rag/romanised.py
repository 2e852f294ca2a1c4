"""Bulgarian and Greek typed in Latin letters ("shefa ne mi plashta", "o afentikos den
mou plirwnei"), as many posts are written on phones without a Cyrillic or Greek keyboard.
A detector trained on the native scripts reads them as Croatian, Romanian or nothing.

Each word of the project's own Bulgarian and Greek text (guide pages, their typical
posts, the glossary) gets a *key*: a spelling that the usual romanisations share
(ш, "sh" and "6" → ``S``; η, ι, υ, ει, οι, "i", "y" → ``i``). A Latin word whose key
(or one of its few alternatives: "h" is χ or η, "x" is χ or ξ) belongs to a known word
is read as that word. A post where most words are read so is taken as that language,
and its words are written back in the native script for retrieval and drafting.

>>> romanised = Romanised({"bg": ["шефа не ми плаща заплатата", "работя"]})
>>> romanised.native("shefa ne mi pla6ta zaplatata", "bg")
'шефа не ми плаща заплатата'
>>> romanised.coverage("rabotq, shefa mi ne plashta", "bg")
1.0
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from functools import lru_cache
from itertools import product
from pathlib import Path

from cads_rag.glossary import fold, load_glossary

SCRIPT_LANGUAGES = ("bg", "el")
_MAX_VARIANTS = 64
# A post is read as romanised Bulgarian or Greek when at least this share of its words
# reads as words of that language, more than reads as words of any Latin-script language as
# they stand, and it has at least _MIN_WORDS words of 3+ letters. On the project's posts
# and typical posts in the nine Latin-script languages (about 4,300) the share read as
# Bulgarian or Greek stays below the plain share by at least 0.13; on 60 romanised posts
# it is above by at least 0.11.
_MIN_SHARE = 0.4
_MIN_WORDS = 3
_TOKEN = re.compile(r"[^\W_]+")  # keeps digits: "pla6ta", "4ovek", "8elw" are words here

# Native letters (and pairs, tried first) → key. Vowels that romanisations confuse share a
# key letter; a doubled letter counts once.
_NATIVE = {
    "bg": {
        "щ": "St", "ш": "S", "ч": "C", "ж": "Z", "ц": "c", "я": "ia", "ю": "iu", "ъ": "a", "ь": "",
        "й": "i", "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "з": "z", "и": "i",
        "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t",
        "у": "u", "ф": "f", "х": "h",
    },
    "el": {
        "ου": "u", "ει": "i", "οι": "i", "υι": "i", "αι": "e", "αυ": "av", "ευ": "ev", "μπ": "b",
        "ντ": "d", "γκ": "g", "γγ": "g", "α": "a", "β": "v", "γ": "g", "δ": "d", "ε": "e", "ζ": "z",
        "η": "i", "θ": "T", "ι": "i", "κ": "k", "λ": "l", "μ": "m", "ν": "n", "ξ": "ks", "ο": "o",
        "π": "p", "ρ": "r", "σ": "s", "ς": "s", "τ": "t", "υ": "i", "φ": "f", "χ": "h", "ψ": "ps",
        "ω": "o",
    },
}
# Latin spellings → the keys they may stand for (first the longest spellings).
_LATIN = {
    "bg": {
        "sht": ("St",), "6t": ("St",), "sh": ("S",), "6": ("S",), "ch": ("C",), "4": ("C",),
        "zh": ("Z",), "ts": ("c",), "ya": ("ia",), "ja": ("ia",), "ia": ("ia",), "q": ("ia",),
        "yu": ("iu",), "ju": ("iu",), "iu": ("iu",), "j": ("Z", "i"), "y": ("a", "i"), "u": ("u", "a"),
        "w": ("v",), "x": ("h",), "c": ("c", "C"), "'": ("a",),
    },
    "el": {
        "th": ("T",), "8": ("T",), "ch": ("h",), "ks": ("ks",), "3": ("ks",), "ps": ("ps",),
        "ou": ("u",), "mp": ("b",), "nt": ("d",), "gk": ("g",), "gg": ("g",), "ph": ("f",),
        "ei": ("i",), "oi": ("i",), "ui": ("i",), "ai": ("e",), "au": ("av",), "eu": ("ev",),
        "af": ("av", "af"), "ef": ("ev", "ef"), "x": ("h", "ks"), "h": ("h", "i"), "u": ("u", "i"),
        "y": ("i",), "w": ("o",), "b": ("b", "v"), "c": ("k",),
    },
}


def _squeeze(key: str) -> str:
    return re.sub(r"(.)\1+", r"\1", key)


def _transcribe(word: str, table: Mapping[str, str]) -> str:
    """``word`` folded, each letter pair of ``table`` (tried first) or letter replaced."""
    word, out, i = fold(word), [], 0
    while i < len(word):
        pair = word[i : i + 2]
        if pair in table:
            out.append(table[pair])
            i += 2
        else:
            out.append(table.get(word[i], word[i]))
            i += 1
    return "".join(out)


def native_key(word: str, lang: str) -> str:
    """The key of a word in the native script.

    >>> native_key("плаща", "bg"), native_key("πληρώνει", "el")
    ('plaSta', 'plironi')
    """
    return _squeeze(_transcribe(word, _NATIVE[lang]))


_SPELLINGS = {lang: sorted(table, key=len, reverse=True) for lang, table in _LATIN.items()}
# The official romanisations (Bulgarian 2009 law, Greek ELOT 743), letters and pairs.
_OFFICIAL = {
    "bg": {
        "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ж": "zh", "з": "z", "и": "i", "й": "y",
        "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u",
        "ф": "f", "х": "h", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "sht", "ъ": "a", "ь": "y", "ю": "yu", "я": "ya",
    },
    "el": {
        "ου": "ou", "αυ": "av", "ευ": "ev", "γγ": "ng", "γκ": "gk", "α": "a", "β": "v", "γ": "g", "δ": "d",
        "ε": "e", "ζ": "z", "η": "i", "θ": "th", "ι": "i", "κ": "k", "λ": "l", "μ": "m", "ν": "n", "ξ": "x",
        "ο": "o", "π": "p", "ρ": "r", "σ": "s", "ς": "s", "τ": "t", "υ": "y", "φ": "f", "χ": "ch", "ψ": "ps",
        "ω": "o",
    },
}


def romanise(word: str, lang: str) -> str:
    """``word`` in the official Latin spelling of Bulgarian or Greek (lower case).

    >>> romanise("Георги Петров", "bg"), romanise("Γιώργος Παπαδόπουλος", "el")
    ('georgi petrov', 'giorgos papadopoulos')
    """
    return _transcribe(word, _OFFICIAL[lang])


@lru_cache(maxsize=65536)
def latin_keys(word: str, lang: str) -> frozenset[str]:
    """The keys a Latin-script word may have (at most ``_MAX_VARIANTS``).

    >>> sorted(latin_keys("pla6ta", "bg")), sorted(latin_keys("plirwnei", "el"))
    (['plaSta'], ['plironi'])
    """
    table, spellings, word, parts, i = _LATIN[lang], _SPELLINGS[lang], fold(word), [], 0
    while i < len(word):
        spelling = next((s for s in spellings if word.startswith(s, i)), None)
        if spelling is None:
            parts.append((word[i],))
            i += 1
        else:
            parts.append(table[spelling])
            i += len(spelling)
    keys: set[str] = set()
    for combination in product(*parts):
        keys.add(_squeeze("".join(combination)))
        if len(keys) >= _MAX_VARIANTS:
            break
    return frozenset(keys)


def _is_latin(word: str) -> bool:
    return all(c.isascii() or unicodedata.name(c, "").startswith("LATIN") for c in word)


def _latin_words(text: str) -> list[str]:
    """The words of ``text`` in Latin letters, of 3 letters or more (not numbers)."""
    return [w for w in _TOKEN.findall(text) if len(w) >= 3 and not w.isdigit() and _is_latin(w)]


class Romanised:
    """Reads Latin-script Bulgarian and Greek through a lexicon of native-script text."""

    def __init__(self, texts: Mapping[str, Iterable[str]]) -> None:
        self._words: dict[str, dict[str, tuple[int, str]]] = {}
        self._plain: dict[str, frozenset[str]] = {}
        for lang, lang_texts in texts.items():
            words = Counter(w.lower() for text in lang_texts for w in _TOKEN.findall(text))
            if lang not in SCRIPT_LANGUAGES:
                self._plain[lang] = frozenset(fold(w) for w in words if _is_latin(w))
                continue
            best: dict[str, tuple[int, str]] = {}
            for word, count in words.items():
                key = native_key(word, lang) if not _is_latin(word) else ""
                if key and count > best.get(key, (0, ""))[0]:
                    best[key] = (count, word)
            self._words[lang] = best

    def _read(self, word: str, lang: str) -> str | None:
        if not _is_latin(word) or word.isdigit():
            return None
        lexicon = self._words.get(lang, {})
        found = [lexicon[key] for key in latin_keys(word, lang) if key in lexicon]
        return max(found)[1] if found else None  # the most frequent reading

    def coverage(self, text: str, lang: str) -> float:
        """Share of the Latin words of ``text`` (3+ letters) read as words of ``lang``."""
        words = _latin_words(text)
        if not words:
            return 0.0
        return round(sum(self._read(w, lang) is not None for w in words) / len(words), 3)

    @property
    def plain_languages(self) -> tuple[str, ...]:
        """The Latin-script languages whose words are known."""
        return tuple(self._plain)

    def plain_coverage(self, text: str, lang: str) -> float:
        """Share of the Latin words of ``text`` (3+ letters) that are words of the Latin-script ``lang`` as they stand."""
        words = [fold(w) for w in _latin_words(text)]
        lexicon = self._plain.get(lang, frozenset())
        return round(sum(w in lexicon for w in words) / len(words), 3) if words else 0.0

    def native(self, text: str, lang: str) -> str:
        """``text`` with every Latin word that reads as a ``lang`` word written in its script."""
        return _TOKEN.sub(lambda m: self._read(m.group(0), lang) or m.group(0), text)


def romanised_language(text: str, corpus_dir: str | Path) -> str | None:
    """``"bg"`` or ``"el"`` when ``text`` is Bulgarian or Greek in Latin letters, else ``None``."""
    reader = romanised_reader(str(corpus_dir))
    if len(_latin_words(text)) < _MIN_WORDS:
        return None
    shares = {lang: reader.coverage(text, lang) for lang in SCRIPT_LANGUAGES}
    lang = max(shares, key=shares.get)
    if shares[lang] < _MIN_SHARE:
        return None
    plain = max((reader.plain_coverage(text, other) for other in reader.plain_languages), default=0.0)
    return lang if shares[lang] > plain else None


def in_native_script(text: str, language: str, corpus_dir: str | Path) -> str:
    """``text`` with its romanised words written in the script of ``language`` when that is
    Bulgarian or Greek; any other language's text as it is."""
    if language not in SCRIPT_LANGUAGES:
        return text
    return romanised_reader(str(corpus_dir)).native(text, language)


def lexicon_texts(corpus_dir: str | Path) -> dict[str, list[str]]:
    """Per language, the text of the guide (pages and typical posts) and the glossary."""
    texts: dict[str, list[str]] = defaultdict(list)
    for path in sorted((Path(corpus_dir) / "guide").glob("*/*.md")):
        texts[path.parent.name].append(path.read_text(encoding="utf-8"))
    glossary = load_glossary(str(corpus_dir))
    for row in glossary.rows if glossary is not None else ():
        for lang, forms in row.items():
            texts[lang].extend(forms)
    return texts


@lru_cache(maxsize=4)
def romanised_reader(corpus_dir: str) -> Romanised:
    """The reader built from ``corpus_dir`` (cached per directory)."""
    return Romanised(lexicon_texts(corpus_dir))
