"""A corpus' identifying strings as columns (ids, arXiv ids, titles, source citation keys).

Finding a paper by name or id reads these instead of every paper: a large corpus read from its
index file (`pubchat.corpus.lazy.LazyPapers`) keeps them as stored string tables, so a lookup
parses only the papers it returns.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

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


class Catalog:
    """Per-paper ids, arXiv ids ("" when none), titles and source citation keys ("" when none), in corpus
    order; each column is read from `source` when first used, and `find(column, value)` (when given)
    finds a paper by exact value without reading the column."""

    def __init__(
        self,
        source: Callable[[str], list[str]],
        find: Callable[[str, str], int | None] | None = None,
    ) -> None:
        """`source(name)` gives the column `name` (one of COLUMNS)."""
        self._source = source
        self._find = find
        self._columns: dict[str, list[str]] = {}
        self._first: dict[str, dict[str, int]] = {}
        self._folded: list[str] | None = None

    @classmethod
    def of(cls, papers: Sequence[Paper]) -> Catalog:
        """The catalog read from the papers."""
        columns = columns_of(papers)
        return cls(columns.__getitem__)

    def column(self, name: str) -> list[str]:
        """One column (read once)."""
        found = self._columns.get(name)
        if found is None:
            found = self._columns[name] = self._source(name)
        return found

    @property
    def ids(self) -> list[str]:
        return self.column("ids")

    @property
    def titles(self) -> list[str]:
        return self.column("titles")

    @property
    def citation_keys(self) -> list[str]:
        return self.column("citation_keys")

    def first_index(self, column: str, value: str) -> int | None:
        """The first paper whose `column` ("ids" or "arxiv_ids") equals `value` (never ""), or None."""
        if not value:
            return None
        if self._find is not None:
            return self._find(column, value)
        table = self._first.get(column)
        if table is None:
            table = {}
            for i, v in enumerate(self.column(column)):
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
    return Catalog.of(papers)


def papers_holding(papers: Sequence[Paper], text: str) -> Sequence[int]:
    """Positions of the papers that may hold `text` (case-insensitive) in their title or abstract: a
    superset found in the stored records of a corpus read from its index file, else every position."""
    holding = getattr(papers, "holding", None)
    found = holding(text) if callable(holding) else None
    return range(len(papers)) if found is None else found
