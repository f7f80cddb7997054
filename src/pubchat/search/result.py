"""What a search returns: the ranked papers as arrays, and the one `Hit` type made from them on demand.

A `SearchResult` holds paper indices best first with their fused, lexical (raw BM25) and dense
(raw cosine) scores and coverage, aligned. The first `matching` papers are the precise matches
(what counts and "N papers match" report); the rest, up to `total`, "may be related".
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import overload

import numpy as np

from pubchat.models import Paper, Query


@dataclass
class Hit:
    """One matching paper: its combined score and each matched query term's contribution."""

    paper: Paper
    score: float
    matched: Mapping[str, float] = field(default_factory=dict)  # query word -> contribution
    coverage: float = 0.0  # share of the query's IDF mass this paper contains (0..1)
    matching: bool = True  # a precise match (False: "may be related")
    index: int = -1  # the paper's position in the corpus


class LazyMatched(Mapping[str, float]):
    """A hit's matched-term contributions, worked out on first access (most hits are never shown)."""

    __slots__ = ("_data", "_make")

    def __init__(self, make: Callable[[], dict[str, float]]) -> None:
        """Remember how to compute the mapping."""
        self._make: Callable[[], dict[str, float]] | None = make
        self._data: dict[str, float] | None = None

    def _get(self) -> dict[str, float]:
        """The mapping, computed once."""
        if self._data is None:
            assert self._make is not None
            self._data, self._make = self._make(), None
        return self._data

    def __getitem__(self, key: str) -> float:
        """Contribution of one display word."""
        return self._get()[key]

    def __iter__(self) -> Iterator[str]:
        """Display words, largest contribution first."""
        return iter(self._get())

    def __len__(self) -> int:
        """How many words matched."""
        return len(self._get())

    def __repr__(self) -> str:
        """Like the dict it stands for."""
        return repr(self._get())


class HitList(Sequence[Hit]):
    """The ranked hits of one search, each `Hit` made only when read (a search can pass 100k papers)."""

    def __init__(self, size: int, make: Callable[[int], Hit]) -> None:
        """`make(rank)` builds the hit at a rank in 0..size-1."""
        self._size = size
        self._make = make
        self._made: dict[int, Hit] = {}

    def __len__(self) -> int:
        """How many papers matched."""
        return self._size

    def _at(self, rank: int) -> Hit:
        """The hit at a rank (made once)."""
        hit = self._made.get(rank)
        if hit is None:
            hit = self._made[rank] = self._make(rank)
        return hit

    @overload
    def __getitem__(self, item: int) -> Hit: ...

    @overload
    def __getitem__(self, item: slice) -> list[Hit]: ...

    def __getitem__(self, item: int | slice) -> Hit | list[Hit]:
        """A hit by rank (negative counts from the end), or a list for a slice."""
        if isinstance(item, slice):
            return [self._at(r) for r in range(*item.indices(self._size))]
        rank = item.__index__()
        if rank < 0:
            rank += self._size
        if not 0 <= rank < self._size:
            raise IndexError("hit rank out of range")
        return self._at(rank)

    def __iter__(self) -> Iterator[Hit]:
        """Hits best first."""
        return (self._at(r) for r in range(self._size))

    def __eq__(self, other: object) -> bool:
        """Equal to any sequence of the same hits."""
        if not isinstance(other, Sequence):
            return NotImplemented
        return len(other) == self._size and all(a == b for a, b in zip(self, other))

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        """Short: the count (a list of 100k hits is not readable anyway)."""
        return f"HitList({self._size} hits)"


@dataclass
class SearchResult:
    """Ranked papers of one search as aligned arrays; `hits` makes `Hit` objects only when read."""

    query: Query
    papers: Sequence[Paper]  # the corpus (indices in `order` point into it)
    order: np.ndarray  # paper indices, best first: the `matching` papers, then the related ones
    score: np.ndarray  # fused score per entry of `order`
    lexical: np.ndarray  # raw fielded BM25 per entry
    coverage: np.ndarray  # share of the question's IDF mass per entry (0..1)
    dense: np.ndarray | None = None  # raw cosine per entry; None when the dense signal is off
    matching: int = -1  # the first `matching` entries are precise matches; -1 means all of them
    terms: list[str] = field(default_factory=list)  # analysed query terms
    expansions: list[str] = field(default_factory=list)  # acronym / variant / feedback terms added
    why: Callable[[int], dict[str, float]] | None = None  # paper index -> matched words and weights

    def __post_init__(self) -> None:
        """`matching` defaults to every returned paper."""
        if self.matching < 0 or self.matching > len(self.order):
            self.matching = len(self.order)
        self._hits = HitList(len(self.order), self._hit)

    @property
    def total(self) -> int:
        """How many papers are returned (precise matches and related ones)."""
        return len(self.order)

    @property
    def related(self) -> int:
        """How many returned papers only "may be related" (after the `matching` ones)."""
        return len(self.order) - self.matching

    @property
    def hits(self) -> HitList:
        """The returned papers as `Hit` objects, best first (each made on first access)."""
        return self._hits

    def explain(self, paper_index: int) -> dict[str, float]:
        """Why a paper was returned: the question's words it contains and their weights, largest first,
        plus "(meaning)" with its cosine when the dense signal found it."""
        out = dict(self.why(paper_index)) if self.why is not None else {}
        if self.dense is not None:
            where = np.flatnonzero(self.order == paper_index)
            if len(where) and self.dense[where[0]] > 0:
                out["(meaning)"] = round(float(self.dense[where[0]]), 4)
        return out

    def top(self, k: int | None) -> list[Hit]:
        """The first k hits (all when k is None)."""
        return list(self.hits) if k is None else list(self.hits[:k])

    def _hit(self, rank: int) -> Hit:
        """The hit at a rank."""
        i = int(self.order[rank])
        why = self.why
        return Hit(
            paper=self.papers[i],
            score=round(float(self.score[rank]), 4),
            matched=LazyMatched(lambda: why(i) if why is not None else {}),
            coverage=float(self.coverage[rank]),
            matching=rank < self.matching,
            index=i,
        )
