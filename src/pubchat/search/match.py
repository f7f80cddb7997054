"""Match stage: which papers match the question, decided on raw evidence (not min-max normalised).

A paper matches lexically when it holds enough of the question's content words (coverage, the
share of the question's IDF mass it contains, see `Index._coverage`): the best paper must reach
`required_coverage`, then every paper with `partial_coverage` x the best coverage matches.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from pubchat.config import SearchSettings


@dataclass
class Decision:
    """Papers that match precisely, and papers that only may be related (disjoint masks, corpus order)."""

    matching: np.ndarray
    related: np.ndarray
    best_coverage: float  # the best allowed paper's coverage (how well the words of the question are found)


def required_coverage(n_terms: int, n_words: int, settings: SearchSettings) -> float:
    """The relevance floor (minimum coverage of the best paper) for a question.

    n_terms: distinct analysed words of the free text; n_words: words in the whole question.
    Short questions must be mostly matched: min(min_score, floor_terms / n_terms), i.e. half the
    IDF mass by default, or two average words' worth. Questions of `long_query_words` words or
    more are descriptions in the asker's own words; they need only `long_min_score`.
    """
    if n_terms <= 0:
        return 0.0
    if n_words >= settings.long_query_words:
        return settings.long_min_score
    return min(settings.min_score, settings.floor_terms / n_terms)


def decide_lexical(
    scores: np.ndarray, coverage: np.ndarray, allowed: np.ndarray, n_terms: int, n_words: int, settings: SearchSettings
) -> Decision:
    """The lexical match: the floor on the best paper, then the partial-coverage share of it."""
    required = required_coverage(n_terms, n_words, settings)
    positive = allowed & (scores > 0)
    best = float(coverage[positive].max()) if positive.any() else 0.0
    if best < required:
        required = math.inf  # no paper covers enough of the question: nothing matches
    else:
        required = min(required, settings.partial_coverage * best)
    matching = positive & (coverage >= required)
    return Decision(matching=matching, related=np.zeros_like(matching), best_coverage=best)
