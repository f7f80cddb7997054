"""A corpus' identifying strings as columns (ids, arXiv ids, titles, source citation keys).

Finding a paper by name or id reads these instead of every paper: a large corpus read from its
index file (`pubchat.corpus.lazy.LazyPapers`) keeps them as stored string tables, so a lookup
parses only the papers it returns.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from pubchat.models import Paper

COLUMNS = ("ids", "arxiv_ids", "titles", "citation_keys")  # what the index file stores, one string per paper


def columns_of(papers: Sequence[Paper]) -> dict[str, list[str]]:
    """The catalog columns read from the papers ("" for a missing arXiv id or key)."""
    return {
        "ids": [p.id for p in papers],
        "arxiv_ids": [p.arxiv_id or "" for p in papers],
        "titles": [p.title for p in papers],
        "citation_keys": [p.citation_key or "" for p in papers],
    }


@dataclass
class Catalog:
    """Per-paper ids, arXiv ids ("" when none), titles and source citation keys ("" when none), in corpus order."""

    ids: list[str]
    arxiv_ids: list[str]
    titles: list[str]
    citation_keys: list[str]
    _first: dict[str, dict[str, int]] = field(default_factory=dict, init=False, repr=False)
    _folded: list[str] | None = field(default=None, init=False, repr=False)

    def first_index(self, column: str, value: str) -> int | None:
        """The first paper whose `column` ("ids" or "arxiv_ids") equals `value` (never ""), or None."""
        if not value:
            return None
        table = self._first.get(column)
        if table is None:
            table = {}
            for i, v in enumerate(getattr(self, column)):
                if v:
                    table.setdefault(v, i)
            self._first[column] = table
        return table.get(value)

    def last_with_id(self) -> dict[str, int]:
        """Id -> the last paper holding it (what a dict over the papers by id keeps)."""
        return {v: i for i, v in enumerate(self.ids)}

    def titles_containing(self, word: str) -> list[int]:
        """The papers whose case-folded title contains `word` (case-folded) as a substring, in order."""
        if self._folded is None:
            self._folded = [title.casefold() for title in self.titles]
        needle = word.casefold()
        return [i for i, title in enumerate(self._folded) if needle in title]


def catalog_of(papers: Sequence[Paper]) -> Catalog:
    """The catalog of a corpus: its stored columns for papers read from an index file (kept on that
    object), else read from the papers."""
    made = getattr(papers, "catalog", None)
    if callable(made):
        found = made()
        if isinstance(found, Catalog):
            return found
    return Catalog(**columns_of(papers))


def papers_holding(papers: Sequence[Paper], text: str) -> Sequence[int]:
    """Positions of the papers that may hold `text` (case-insensitive) in their title or abstract: a
    superset found in the stored records of a corpus read from its index file, else every position."""
    holding = getattr(papers, "holding", None)
    found = holding(text) if callable(holding) else None
    return range(len(papers)) if found is None else found
