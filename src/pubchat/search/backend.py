"""BM25 scorer factory: one place that decides which implementation scores a field.

Two implementations with the same scores (rank-bm25's BM25Okapi semantics, bit for bit):

* `SparseBM25`: per term, the documents holding it and their precomputed BM25 contributions
  (numpy only); a query term reads its own postings, so a query costs O(documents containing
  its terms), not O(corpus), and the index scores only those candidates.
* rank-bm25's `BM25Okapi`: pure Python per-query loop over every document; the reference.

`backend` (config `search.backend`): "auto" and "sparse" give `SparseBM25`; "rank_bm25" the
reference (which only scores every document at once).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Protocol

import numpy as np

EPSILON = 0.25  # rank-bm25's BM25Okapi default floor factor for negative idf
_CHUNK_TOKENS = 4_000_000  # tokens per build chunk: bounds the peak memory of the build


@dataclass
class _TermDocs:
    """Term x document frequencies, compressed by term: documents of term k are indices[indptr[k]:indptr[k + 1]]."""

    indptr: np.ndarray  # int64, terms + 1
    indices: np.ndarray  # int32 documents, ascending per term
    tf: np.ndarray  # float64 term frequency per entry


class Scorer(Protocol):
    """What the index needs from a BM25 implementation (rank-bm25's API)."""

    def get_scores(self, query: list[str]) -> np.ndarray: ...


class SparseBM25:
    """BM25Okapi with rank-bm25's exact arithmetic, scored from precomputed sparse columns.

    Parity with rank-bm25 (same float64 operations in the same order): idf = log(N - df + 0.5)
    - log(df + 0.5) via math.log; negative idf replaced by epsilon x the mean idf (summed in
    first-appearance order, as rank-bm25 does); contribution = idf * (tf (k1 + 1) / (tf + k1
    (1 - b + b dl / avgdl))); a repeated query term adds its column again; unknown terms add 0.
    """

    def __init__(self, docs: list[list[str]], k1: float = 1.5, b: float = 0.75, epsilon: float = EPSILON) -> None:
        """Index tokenised documents (at least one document; rank-bm25 divides by the corpus size)."""
        n = len(docs)
        if n == 0:
            raise ZeroDivisionError("BM25 needs at least one document")
        self.k1, self.b, self.epsilon = k1, b, epsilon
        self.corpus_size = n
        lengths = np.fromiter((len(d) for d in docs), dtype=np.int64, count=n)
        self.avgdl = int(lengths.sum()) / n
        self.vocab: dict[str, int] = {}
        tf_matrix = self._term_frequencies(docs, lengths)  # per term: its documents and tf
        df = np.diff(tf_matrix.indptr)
        idf = self._idf(df)
        self.idf = idf
        if self.avgdl > 0:
            norm = k1 * (1 - b + b * lengths / self.avgdl)  # same expression order as rank-bm25
        else:  # every document empty: no entries to weight
            norm = np.zeros(n)
        tf = tf_matrix.tf
        rows = tf_matrix.indices
        cols = np.repeat(np.arange(len(df), dtype=np.int64), df)
        data = tf * (k1 + 1) / (tf + norm[rows])
        data = idf[cols] * data
        del cols, tf
        self.indptr: np.ndarray = tf_matrix.indptr
        self.indices: np.ndarray = rows.astype(np.int32, copy=False)
        self.data: np.ndarray = data

    def _term_frequencies(self, docs: list[list[str]], lengths: np.ndarray) -> _TermDocs:
        """Count tf per (term, doc) in bounded chunks with numpy sorts; term ids in order of first appearance."""
        vocab = self.vocab
        n = len(docs)
        keys: list[np.ndarray] = []
        counts: list[np.ndarray] = []
        start = 0
        while start < n:
            stop, budget = start, 0
            while stop < n and (budget == 0 or budget + lengths[stop] <= _CHUNK_TOKENS):
                budget += int(lengths[stop])
                stop += 1
            chunk = docs[start:stop]
            ids = np.fromiter((vocab.setdefault(t, len(vocab)) for d in chunk for t in d), dtype=np.int64, count=budget)
            ids *= n
            ids += np.repeat(np.arange(start, stop, dtype=np.int64), lengths[start:stop])
            ids.sort()  # term-major, documents ascending
            if len(ids):
                first = np.flatnonzero(np.concatenate(([True], ids[1:] != ids[:-1])))
                keys.append(ids[first])
                counts.append(np.diff(np.append(first, len(ids))))
            start = stop
        key = np.concatenate(keys) if keys else np.zeros(0, dtype=np.int64)
        tf = np.concatenate(counts) if counts else np.zeros(0, dtype=np.int64)
        if len(keys) > 1:  # chunks hold disjoint documents: one stable sort puts them term-major
            order = np.argsort(key, kind="stable")
            key, tf = key[order], tf[order]
        terms = key // max(n, 1)
        df = np.bincount(terms, minlength=len(vocab))
        indptr = np.zeros(len(vocab) + 1, dtype=np.int64)
        np.cumsum(df, out=indptr[1:])
        return _TermDocs(indptr=indptr, indices=(key - terms * n).astype(np.int32), tf=tf.astype(np.float64))

    def _idf(self, df: np.ndarray) -> np.ndarray:
        """rank-bm25's idf with its epsilon floor, computed with math.log for bit parity."""
        n = self.corpus_size
        values = [math.log(n - f + 0.5) - math.log(f + 0.5) for f in df.tolist()]
        total = 0.0
        for v in values:  # sequential sum in first-appearance order, as rank-bm25
            total += v
        self.average_idf = total / len(values) if values else 0.0
        eps = self.epsilon * self.average_idf
        idf = np.array(values, dtype=np.float64)
        idf[idf < 0] = eps
        return idf

    def get_scores(self, query: list[str]) -> np.ndarray:
        """BM25 score of every document for the query terms (repeats count again)."""
        scores = np.zeros(self.corpus_size)
        for term in query:
            col = self.vocab.get(term)
            if col is None:
                continue
            lo, hi = self.indptr[col], self.indptr[col + 1]
            scores[self.indices[lo:hi]] += self.data[lo:hi]
        return scores

    def postings(self, term: str) -> tuple[np.ndarray, np.ndarray] | None:
        """The documents holding a term (ascending) and its score in each, or None for an unknown term."""
        col = self.vocab.get(term)
        if col is None:
            return None
        lo, hi = self.indptr[col], self.indptr[col + 1]
        return self.indices[lo:hi], self.data[lo:hi]

    def doc_freq(self, term: str) -> int:
        """How many documents contain the term."""
        col = self.vocab.get(term)
        return 0 if col is None else int(self.indptr[col + 1] - self.indptr[col])

    def nbytes(self) -> int:
        """Approximate memory held by the matrix arrays."""
        return int(self.indptr.nbytes + self.indices.nbytes + self.data.nbytes + self.idf.nbytes)


def make_scorer(docs: list[list[str]], k1: float, b: float, backend: str = "auto") -> Scorer:
    """Build a BM25 scorer over tokenised documents with the configured backend."""
    if backend in ("auto", "sparse"):
        return SparseBM25(docs, k1=k1, b=b)
    from rank_bm25 import BM25Okapi

    return BM25Okapi(docs, k1=k1, b=b)
