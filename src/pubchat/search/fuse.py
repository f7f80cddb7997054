"""Fuse stage: one ranking score from the lexical and dense evidence."""

from __future__ import annotations

import numpy as np


def fuse(lexical: np.ndarray, dense: np.ndarray | None, allowed: np.ndarray, weight: float) -> np.ndarray:
    """(1 - weight) x BM25 / best allowed BM25 + weight x cosine (clipped at 0); BM25 alone without dense.

    Normalising BM25 by its best score is for ranking only; the match decision uses raw values.
    """
    if dense is None:
        return lexical
    best = float(lexical[allowed].max()) if allowed.any() else 0.0
    lex = lexical / best if best > 0 else np.zeros_like(lexical)
    return (1.0 - weight) * lex + weight * np.clip(dense, 0.0, None)
