"""Resolve a name to one paper: an id, a citation key, a full title, a title prefix ("SFace"),
a method name or acronym written in an abstract ("EAC", "DFA-GPT"). Ambiguous names resolve to
nothing, so the caller falls back to a search."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from pubchat.answer.cite import may_be_key
from pubchat.corpus.catalog import catalog_of, papers_holding
from pubchat.models import Paper

_PUNCT = re.compile(r"[^\w\s-]+")


def _norm(text: str) -> str:
    """Case-folded text with punctuation (except hyphens) removed and spaces collapsed."""
    return " ".join(_PUNCT.sub(" ", text.casefold()).split())


def _title_prefix(title: str) -> str | None:
    """The part of a title before its colon ("SFace" in "SFace: Sigmoid-...")."""
    head, sep, _ = title.partition(":")
    return _norm(head) if sep and head.strip() else None


def is_name_like(word: str) -> bool:
    """A token that looks like a method or dataset name: SFace, EAC, DFA-GPT, Oracle-241."""
    core = word.strip(" \"'“”‘’.,;:?!()")
    if len(core) < 2 or " " in core:
        return False
    return any(ch.isupper() for ch in core[1:]) or (
        any(ch.isdigit() for ch in core) and any(ch.isalpha() for ch in core)
    )


def resolve_id(token: str, papers: Sequence[Paper], keys: Mapping[str, str] | None = None) -> Paper | None:
    """A paper by its id, arXiv id (with or without 'arXiv:' and version) or citation key (`keys`: the
    corpus' `cite_keys`, consulted only when the token can be one of them)."""
    value = token.strip()
    value = re.sub(r"^(?:arxiv:|https?://arxiv\.org/(?:abs|pdf)/)", "", value, flags=re.IGNORECASE)
    unversioned = re.sub(r"v\d+$", "", value)
    if not value or not unversioned:  # an empty arXiv id is no column entry: read the papers
        for paper in papers:
            if value in (paper.id, paper.arxiv_id) or unversioned in (paper.id, paper.arxiv_id):
                return paper
        return None
    catalog = catalog_of(papers)
    found = [
        i
        for column in ("ids", "arxiv_ids")
        for wanted in (value, unversioned)
        if (i := catalog.first_index(column, wanted)) is not None
    ]
    if found:
        return papers[min(found)]
    if keys is not None and may_be_key(value, catalog.citation_keys):
        for i, paper_id in enumerate(catalog.ids):
            if keys.get(paper_id) == value:
                return papers[i]
    return None


def resolve_name(name: str, papers: Sequence[Paper], *, strict: bool = False) -> Paper | None:
    """The one paper `name` refers to, or None when it names none or several.

    `strict` (bare one-word questions) accepts only name-like tokens, so a plain word such as
    "skeleton" is searched for rather than taken as a title.
    """
    target = _norm(name)
    if not target:
        return None
    if strict and not is_name_like(name):
        return None
    catalog = catalog_of(papers)
    titles = catalog.titles
    # every title the rules below accept holds each word of the target: read only those
    pool = catalog.titles_containing(max(target.split(), key=len))
    normed = {i: _norm(titles[i]) for i in pool}
    exact = [i for i in pool if normed[i] == target]
    if len(exact) == 1:
        return papers[exact[0]]
    prefix = [i for i in pool if _title_prefix(titles[i]) == target]
    if len(prefix) == 1:
        return papers[prefix[0]]
    pattern = re.compile(r"(?<![\w-])" + re.escape(target) + r"(?![\w-])")
    in_title = [i for i in pool if pattern.search(normed[i])]
    words = target.split()
    if len(words) >= 3 and len(in_title) == 1:
        return papers[in_title[0]]  # a distinctive phrase from one title
    if len(words) > 2:
        return None
    if not is_name_like(name):
        return papers[in_title[0]] if len(in_title) == 1 and len(words) == 2 else None
    # A name: it must appear, written with its capitals, in exactly one paper's title or abstract.
    core = name.strip(" \"'“”‘’.,;:?!")
    written = re.compile(r"(?<![\w-])" + re.escape(core) + r"(?![\w-])", re.IGNORECASE)
    named = [
        p
        for p in (papers[i] for i in papers_holding(papers, core))
        if written.search(p.title) or _named_in_abstract(written, p.abstract)
    ]
    if len(named) == 1:
        return named[0]
    titled = [p for p in named if written.search(p.title)]
    return titled[0] if len(titled) == 1 else None


def _named_in_abstract(pattern: re.Pattern[str], abstract: str) -> bool:
    """True when the abstract writes the name with at least one capital (a name, not a plain word)."""
    return any(any(ch.isupper() for ch in m.group(0)) for m in pattern.finditer(abstract))


_FUNCTION_WORDS = frozenset(
    "a an the of on in for to and or with from by at via into is are be this that these those paper papers "
    "work article one".split()
)


def _titles_holding(phrase: str, papers: Sequence[Paper]) -> list[Paper]:
    """Papers whose normalised title holds `phrase` as whole words; a hyphen and a space count as the same
    separator ("oracle mnist" finds "Oracle-MNIST", "rgb-d face" finds "RGB-D Face")."""
    loose = phrase.replace("-", " ")
    pattern = re.compile(r"(?<![\w-])" + re.escape(loose) + r"(?![\w-])")
    catalog = catalog_of(papers)
    words = loose.split()  # a title holding the phrase holds each of its words
    pool = catalog.titles_containing(max(words, key=len)) if words else range(len(papers))
    return [papers[i] for i in pool if pattern.search(_norm(catalog.titles[i]).replace("-", " "))]


def candidates(token: str, papers: Sequence[Paper], keys: Mapping[str, str] | None = None) -> list[Paper]:
    """Every paper `token` may name, for citations that must not guess.

    One paper when the token is an id, a key, a title, a title prefix or a name written in one
    paper; else the papers whose titles hold it as a phrase, else those naming it (a name) in their
    abstract. [] when it names none, or holds no word beyond function words ("the").
    """
    one = resolve_id(token, papers, keys) or resolve_name(token, papers)
    if one is not None:
        return [one]
    target = _norm(token)
    if not target or all(word in _FUNCTION_WORDS for word in target.split()):
        return []
    titled = _titles_holding(target, papers)
    if titled:
        return titled
    if is_name_like(token):
        core = token.strip(" \"'“”‘’.,;:?!")
        written = re.compile(r"(?<![\w-])" + re.escape(core) + r"(?![\w-])", re.IGNORECASE)
        return [p for p in (papers[i] for i in papers_holding(papers, core)) if _named_in_abstract(written, p.abstract)]
    return []
