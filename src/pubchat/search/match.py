"""Match stage: which papers match the question, decided on raw evidence (not min-max normalised).

Words: a paper matches lexically when it holds enough of the question's content words (coverage,
the share of the question's IDF mass it contains, see `Index._coverage`): the best paper must
reach `required_coverage`, then every paper with `partial_coverage` x the best coverage matches
(a long description: the lower of its floor and that share),
provided it holds one of the question's distinctive words when the question has any (sharing
only generic words such as "facial" or "recognition" is no match).
Meaning (raw cosine of the sentence encoder): a paper at `dense_match` or above matches; one at
`dense_related` or above may be related. A question whose words are found only weakly (best
coverage under `min_score`) needs some paper at `dense_floor` or above, else nothing matches:
its few shared words were chance ("oracle" in a question about Delphi).
Precise matches are what counts report; "may be related" papers follow them.
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
    """The lexical match: the floor on the best paper, then the partial-coverage share of it.

    A short question's matches hold `partial_coverage` of what the best paper holds (a paper with
    two of five words does not count when the best has all five); a long description's words are
    diffuse, so its matches need only the lower of its floor and that share.
    """
    required = required_coverage(n_terms, n_words, settings)
    positive = allowed & (scores > 0)
    best = float(coverage[positive].max()) if positive.any() else 0.0
    if best < required:
        required = math.inf  # no paper covers enough of the question: nothing matches
    elif n_words >= settings.long_query_words:
        required = min(required, settings.partial_coverage * best)
    else:
        required = settings.partial_coverage * best
    matching = positive & (coverage >= required)
    return Decision(matching=matching, related=np.zeros_like(matching), best_coverage=best)


def decide(
    lexical: Decision, distinct: np.ndarray, cosine: np.ndarray | None, allowed: np.ndarray, settings: SearchSettings
) -> Decision:
    """Join the lexical decision (only papers holding a distinctive word, `distinct`) with the dense one.

    Weakly covered lexical matches are "may be related" when meaning is known, and so are papers
    meaning alone brings at `dense_related`; strong words or `dense_match` make a precise match.
    """
    words = lexical.matching & distinct
    if cosine is None:
        return Decision(matching=words, related=np.zeros_like(words), best_coverage=lexical.best_coverage)
    near = np.where(allowed, cosine, -1.0)
    best_cosine = float(near.max()) if len(near) else -1.0
    strong_words = lexical.best_coverage >= settings.min_score
    if not strong_words and best_cosine < settings.dense_floor:
        words = np.zeros_like(words)  # a few shared words, nothing close in meaning: chance
    by_meaning = allowed & (cosine >= settings.dense_match)
    if strong_words:
        matching = words | by_meaning
        related = allowed & ~matching & (cosine >= settings.dense_related)
    else:
        matching = by_meaning
        related = allowed & ~matching & (words | (cosine >= settings.dense_related))
    return Decision(matching=matching, related=related, best_coverage=lexical.best_coverage)
