"""Consistency checks of the guide: every page in every language, the same figures in
all versions of a page, every figure backed by a cited provision or a listed fact,
every cited provision present in the corpus, pages within 250 words, and at least
5 typical posts (``asks``) per page, written in the page's language, none shared by two pages.

>>> guide_problems("corpus", provision_texts(load_corpus("corpus").nodes))   # doctest: +SKIP
[]
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from llama_index.core.schema import TextNode

from cads_rag.corpus.guide import parse_guide_page
from cads_rag.figures import figures, figures_in_source
from cads_rag.language import UNKNOWN, detect_language
from cads_rag.settings import LANGUAGES

MAX_WORDS = 250
MIN_ASKS = 5


def provision_texts(nodes: Iterable[TextNode]) -> dict[tuple[str, str], list[str]]:
    """``(law, section)`` → texts of its units, for every unit that is not a guide page."""
    texts: dict[tuple[str, str], list[str]] = defaultdict(list)
    for node in nodes:
        if node.metadata.get("kind") != "guide":
            texts[(node.metadata["law"], node.metadata["section"])].append(node.text)
    return texts


def guide_problems(corpus_dir: str | Path, provisions: Mapping[tuple[str, str], Sequence[str]]) -> list[str]:
    """Problems found in ``corpus_dir/guide`` (empty list = all checks pass)."""
    pages: dict[str, dict[str, tuple[dict, str]]] = defaultdict(dict)
    problems: list[str] = []
    for path in sorted((Path(corpus_dir) / "guide").glob("*/*.md")):
        try:
            header, body = parse_guide_page(path)
        except ValueError as err:
            problems.append(f"{path}: {err}")
            continue
        if header["lang"] != path.parent.name or header["id"] != path.stem:
            problems.append(f"{path}: id/lang do not match the file's place")
        pages[header["id"]][header["lang"]] = (header, body)

    backing = {key: set().union(*(figures_in_source(t) for t in texts)) for key, texts in provisions.items()}
    for page_id, versions in sorted(pages.items()):
        missing = sorted(set(LANGUAGES) - set(versions))
        if missing:
            problems.append(f"{page_id}: missing in {', '.join(missing)}")
        counts = {lang: Counter(figures(body)) for lang, (_, body) in versions.items()}
        reference = counts.get("en") or next(iter(counts.values()))
        for lang, count in counts.items():
            if count != reference:
                problems.append(f"{page_id}/{lang}: figures {sorted(count.elements())} differ from {sorted(reference.elements())}")
        for lang, (header, body) in versions.items():
            problems += _page_problems(f"{page_id}/{lang}", header, body, backing)
    return problems + _ask_problems(pages)


def _ask_problems(pages: Mapping[str, Mapping[str, tuple[dict, str]]]) -> list[str]:
    """Too few typical posts, posts in another language, a post given for two pages."""
    problems = []
    owner: dict[tuple[str, str], str] = {}
    for page_id, versions in sorted(pages.items()):
        for lang, (header, _) in sorted(versions.items()):
            asks = [str(ask) for ask in header.get("asks") or []]
            if len(asks) < MIN_ASKS:
                problems.append(f"{page_id}/{lang}: {len(asks)} asks (min {MIN_ASKS})")
            for ask in asks:
                detected = detect_language(ask)
                if detected not in (lang, UNKNOWN):
                    problems.append(f"{page_id}/{lang}: ask reads as {detected}: {ask!r}")
                key = (lang, " ".join(ask.lower().split()))
                if key in owner and owner[key] != page_id:
                    problems.append(f"{page_id}/{lang}: ask also given for {owner[key]}: {ask!r}")
                owner.setdefault(key, page_id)
    return problems


def _page_problems(name: str, header: dict, body: str, backing: Mapping[tuple[str, str], set[str]]) -> list[str]:
    """Problems of one page; ``backing`` maps each provision to the figures it states."""
    problems = []
    words = len(body.split())
    if words > MAX_WORDS:
        problems.append(f"{name}: {words} words (max {MAX_WORDS})")
    backed: set[str] = set()
    for source in header["sources"]:
        key = (str(source["law"]), str(source["section"]))
        if key not in backing:
            problems.append(f"{name}: cites {key[0]} {key[1]}, which is not in the corpus")
        backed |= backing.get(key, set())
    for fact in header.get("facts") or []:
        backed |= set(figures(f"{fact.get('value', '')} {fact.get('what', '')}"))
    unbacked = sorted(set(figures(body)) - backed)
    if unbacked:
        problems.append(f"{name}: figures {unbacked} are in no cited provision and no fact")
    return problems
