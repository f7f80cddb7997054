"""The papers screen's filter: narrows a list by title words, authors, a year, `code`."""

from __future__ import annotations

import unicodedata

from pubchat.models import Paper


def fold(text: str) -> str:
    """Lower case without accents, so "Muller" finds "Müller"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def matches(paper: Paper, words: list[str]) -> bool:
    """True when every word matches: a 4-digit year its year, `code` a code link, else title or an author."""
    haystack = fold(" ".join([paper.title, *paper.authors]))
    for word in words:
        if len(word) == 4 and word.isdigit():
            if paper.year != int(word):
                return False
        elif word == "code":
            if not (paper.has_code or paper.code_urls):
                return False
        elif word not in haystack:
            return False
    return True


def filter_papers(papers: list[Paper], query: str) -> list[Paper]:
    """The papers matching every word of query (case and accents ignored), in the order given."""
    words = fold(query).split()
    return [p for p in papers if matches(p, words)] if words else list(papers)
