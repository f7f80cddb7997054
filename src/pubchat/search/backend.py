"""BM25 scorer factory: one place that decides which implementation scores a field.

Initial version: rank-bm25's BM25Okapi. The perf work adds a sparse-matrix scorer with the
same scores (parity-tested) and picks it for large corpora.
"""

from __future__ import annotations

from typing import Protocol

import numpy as np


class Scorer(Protocol):
    """What the index needs from a BM25 implementation (rank-bm25's API)."""

    def get_scores(self, query: list[str]) -> np.ndarray: ...


def make_scorer(docs: list[list[str]], k1: float, b: float, backend: str = "auto") -> Scorer:
    """Build a BM25 scorer over tokenised documents."""
    from rank_bm25 import BM25Okapi

    return BM25Okapi(docs, k1=k1, b=b)
