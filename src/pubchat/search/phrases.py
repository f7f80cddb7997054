"""Which analysed terms a text uses side by side: the one adjacency rule, and its postings per paper.

Two words are adjacent when they follow each other with no stopword between them ("human pose
estimation": human-pose, pose-estim; "learning with noisy labels": noisi-label only). Each word
stands for its first analysed term (a compound's whole stem, `rgb-d`), and a compound's own parts
are adjacent too ("super-resolution" holds super-resolut). Papers' titles and abstracts are read
this way at index build; a question's concepts are its adjacent words that some paper also
uses adjacently (`pubchat.search.coverage`).
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise

import numpy as np

from pubchat.search.analyzer import Analyzer


def word_terms(analyzer: Analyzer, word: str) -> tuple[str | None, list[tuple[str, str]]]:
    """A surface word's first analysed term (None for a stopword or a stray letter), and the adjacent
    pairs inside it (a compound's consecutive parts)."""
    terms = analyzer.terms([word])
    if not terms:
        return None, []
    parts = terms[1:] if "-" in word and len(terms) > 2 else []
    return terms[0], list(pairwise(parts))


def adjacent_pairs(analyzer: Analyzer, words: Sequence[str]) -> list[tuple[str, str]]:
    """(term, next term) for every two adjacent words of `words` (surface words in text order), and
    for the consecutive parts of each compound word."""
    pairs: list[tuple[str, str]] = []
    previous: str | None = None
    for word in words:
        head, inner = word_terms(analyzer, word)
        if head is None:
            previous = None
            continue
        if previous is not None:
            pairs.append((previous, head))
        pairs.extend(inner)
        previous = head
    return pairs


class PairCollector:
    """Gathers every paper's adjacent pairs during the analysis pass, compactly (two machine integers
    per distinct pair of a paper, no Python tuple kept), for `PairPostings` once the term ids exist."""

    def __init__(self, analyzer: Analyzer) -> None:
        self._analyzer = analyzer
        self._ids: dict[str, int] = {}  # term -> local id, in order of first appearance
        self._words: dict[str, tuple[int, tuple[int, ...]]] = {}  # word -> (head id or -1, its inner pair keys)
        self._keys = array("q")  # local (a << 32) | b, distinct within each paper
        self._owners = array("i")

    def _word(self, word: str) -> tuple[int, tuple[int, ...]]:
        """A word's head term id and inner pair keys (`word_terms`, with local ids)."""
        ids = self._ids
        head, inner = word_terms(self._analyzer, word)
        keys = tuple(ids.setdefault(a, len(ids)) << 32 | ids.setdefault(b, len(ids)) for a, b in inner)
        return (-1 if head is None else ids.setdefault(head, len(ids))), keys

    def add(self, paper: int, *texts: Sequence[str]) -> None:
        """Record paper `paper`'s adjacent pairs (`adjacent_pairs`), each of `texts` being one field's surface words."""
        known, make = self._words, self._word
        seen: set[int] = set()
        for words in texts:
            previous = -1
            for word in words:
                entry = known.get(word)
                if entry is None:
                    entry = known[word] = make(word)
                head, inner = entry
                if head < 0:
                    previous = -1
                    continue
                if previous >= 0:
                    seen.add(previous << 32 | head)
                if inner:
                    seen.update(inner)
                previous = head
        self._keys.extend(seen)
        self._owners.extend([paper] * len(seen))

    def postings(self, terms: dict[str, int]) -> PairPostings:
        """The pairs keyed by the index's term ids (`terms`); pairs of a term the index lacks are dropped."""
        width = max(len(terms), 1)
        to_global = np.fromiter((terms.get(t, -1) for t in self._ids), dtype=np.int64, count=len(self._ids))
        local = np.frombuffer(self._keys, dtype=np.int64) if len(self._keys) else np.zeros(0, dtype=np.int64)
        papers = np.frombuffer(self._owners, dtype=np.int32) if len(self._owners) else np.zeros(0, dtype=np.int32)
        a, b = to_global[local >> 32], to_global[local & 0xFFFFFFFF]
        known = (a >= 0) & (b >= 0)
        return PairPostings.of(a[known] * width + b[known], papers[known], width)


@dataclass(eq=False)
class PairPostings:
    """Papers in which two terms stand adjacent (title or abstract), keyed by the index's term ids.

    A pair (a, b) of term ids has the key a * width + b (`width` = the number of terms); `keys` is
    sorted and distinct, and the papers of keys[k] are docs[offsets[k]:offsets[k + 1]], ascending.
    """

    width: int
    keys: np.ndarray  # int64, strictly increasing
    offsets: np.ndarray  # int64, len(keys) + 1
    docs: np.ndarray  # int32

    @classmethod
    def build(cls, per_paper: Iterable[Iterable[tuple[str, str]]], terms: dict[str, int]) -> PairPostings:
        """From each paper's adjacent term pairs (in paper order) and the term ids."""
        width = max(len(terms), 1)
        keys: list[int] = []
        owners: list[int] = []
        for i, pairs in enumerate(per_paper):
            seen = {terms[a] * width + terms[b] for a, b in pairs if a in terms and b in terms}
            keys.extend(seen)
            owners.extend([i] * len(seen))
        return cls.of(np.array(keys, dtype=np.int64), np.array(owners, dtype=np.int32), width)

    @classmethod
    def of(cls, keys: np.ndarray, papers: np.ndarray, width: int) -> PairPostings:
        """From one row per distinct (pair key, paper), in any order."""
        order = np.lexsort((papers, keys))  # by key, then paper
        keys, papers = keys[order], papers[order].astype(np.int32)
        if len(keys):
            starts = np.flatnonzero(np.concatenate(([True], keys[1:] != keys[:-1])))
            distinct = keys[starts]
            offsets = np.concatenate((starts, [len(keys)])).astype(np.int64)
        else:
            distinct = np.zeros(0, dtype=np.int64)
            offsets = np.zeros(1, dtype=np.int64)
        return cls(width=width, keys=distinct, offsets=offsets, docs=papers)

    def docs_of(self, a: int, b: int) -> np.ndarray:
        """Papers holding term id a right before term id b (ascending; empty when none)."""
        key = a * self.width + b
        k = int(np.searchsorted(self.keys, key))
        if k >= len(self.keys) or int(self.keys[k]) != key:
            return self.docs[:0]
        return self.docs[int(self.offsets[k]) : int(self.offsets[k + 1])]
