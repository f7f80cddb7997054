"""Search hits as an answer reads them: a `Ranked` is made only for a hit the answer shows, and the figures
over every hit (how many, their years, how many with code) come from the index's columns.

A search over a large corpus can pass tens of thousands of papers; an answer names a few of them and
counts the rest, so reading (parsing) every matching paper would cost more than the search itself.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, overload

import numpy as np

from pubchat.models import Paper

if TYPE_CHECKING:
    from pubchat.answer.compose import Ranked
    from pubchat.search.result import SearchResult


class PaperSet(Sequence[Paper]):
    """Papers at corpus positions, each read when used; their years and code flags read from columns."""

    def __init__(self, papers: Sequence[Paper], positions: np.ndarray, years: np.ndarray, has_code: np.ndarray) -> None:
        """`years` (-1 when undated) and `has_code` are columns over the whole corpus."""
        self._papers = papers
        self._positions = positions
        self._years = years
        self._has_code = has_code

    def __len__(self) -> int:
        return len(self._positions)

    @overload
    def __getitem__(self, i: int) -> Paper: ...

    @overload
    def __getitem__(self, i: slice) -> list[Paper]: ...

    def __getitem__(self, i: int | slice) -> Paper | list[Paper]:
        if isinstance(i, slice):
            return [self._papers[int(k)] for k in self._positions[i]]
        return self._papers[int(self._positions[i])]

    def __iter__(self) -> Iterator[Paper]:
        return (self._papers[int(k)] for k in self._positions)

    def years(self) -> list[int]:
        """The distinct years of the dated papers, ascending."""
        found = self._years[self._positions]
        return [int(y) for y in np.unique(found[found >= 0])]

    def with_code(self) -> int:
        """How many of the papers have code."""
        return int(np.count_nonzero(self._has_code[self._positions]))


class RankedHits(Sequence["Ranked"]):
    """Some of a search's hits, best first, as `Ranked` made on first access (shared by every view of
    one search); selections (`precise`, `where`) are array operations that read no paper."""

    def __init__(
        self,
        result: SearchResult,
        years: np.ndarray,
        has_code: np.ndarray,
        ranks: np.ndarray | None = None,
        made: dict[int, Ranked] | None = None,
    ) -> None:
        """A view of `result`'s hits at `ranks` (default all); `years` / `has_code` are the corpus columns."""
        self.result = result
        self._years = years
        self._has_code = has_code
        self.ranks = np.arange(result.total) if ranks is None else ranks
        self._made: dict[int, Ranked] = {} if made is None else made

    def _view(self, ranks: np.ndarray, made: dict[int, Ranked] | None = None) -> RankedHits:
        return RankedHits(self.result, self._years, self._has_code, ranks, self._made if made is None else made)

    def __len__(self) -> int:
        return len(self.ranks)

    def _at(self, rank: int) -> Ranked:
        ranked = self._made.get(rank)
        if ranked is None:
            from pubchat.answer.compose import Ranked

            h = self.result.hits[rank]
            ranked = self._made[rank] = Ranked(h.paper, float(h.score), h.matched, h.coverage, h.matching)
        return ranked

    @overload
    def __getitem__(self, i: int) -> Ranked: ...

    @overload
    def __getitem__(self, i: slice) -> list[Ranked]: ...

    def __getitem__(self, i: int | slice) -> Ranked | list[Ranked]:
        if isinstance(i, slice):
            return [self._at(int(r)) for r in self.ranks[i]]
        return self._at(int(self.ranks[i]))

    def __iter__(self) -> Iterator[Ranked]:
        return (self._at(int(r)) for r in self.ranks)

    @property
    def positions(self) -> np.ndarray:
        """The hits' corpus positions, aligned."""
        return self.result.order[self.ranks]

    @property
    def coverage(self) -> np.ndarray:
        """Each hit's coverage, aligned (what `Ranked.coverage` holds)."""
        return self.result.coverage[self.ranks]

    def where(self, keep: np.ndarray) -> RankedHits:
        """The hits where the aligned bool array `keep` is true, in order."""
        return self._view(self.ranks[keep])

    def precise(self) -> RankedHits:
        """The precise matches (`Ranked.matching`), not the "may be related" ones."""
        return self.where(self.ranks < self.result.matching)

    def best_score(self) -> float:
        """The largest `Ranked.score` (0.0 when empty)."""
        return round(float(self.result.score[self.ranks].max()), 4) if len(self.ranks) else 0.0

    def papers(self) -> PaperSet:
        """The hits' papers, read when used."""
        return PaperSet(self.result.papers, self.positions, self._years, self._has_code)

    def with_head(self, head: Sequence[Ranked]) -> RankedHits:
        """The same hits with the first len(head) replaced by `head` (e.g. with sentence cues)."""
        made = dict(self._made)
        made.update({int(r): h for r, h in zip(self.ranks, head)})
        return self._view(self.ranks, made)


def hit_papers(hits: Sequence[Ranked]) -> Sequence[Paper]:
    """The papers of some hits (read on demand for a `RankedHits`)."""
    return hits.papers() if isinstance(hits, RankedHits) else [h.paper for h in hits]


def precise_hits(hits: Sequence[Ranked]) -> Sequence[Ranked]:
    """The precise matches among the hits, in order."""
    return hits.precise() if isinstance(hits, RankedHits) else [h for h in hits if h.matching]


def max_coverage(hits: Sequence[Ranked]) -> float:
    """The largest coverage among the hits (0.0 for none)."""
    if isinstance(hits, RankedHits):
        return float(hits.coverage.max()) if len(hits) else 0.0
    return max((h.coverage for h in hits), default=0.0)


def best_score(hits: Sequence[Ranked]) -> float:
    """The largest score among the hits (0.0 for none)."""
    return hits.best_score() if isinstance(hits, RankedHits) else max((h.score for h in hits), default=0.0)
