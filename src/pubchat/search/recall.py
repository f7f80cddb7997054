"""Recall stage: every paper's lexical evidence (fielded BM25, coverage) and dense evidence (cosine).

The lexical scores come from the index's scoring core through `lexical_scores`, the one place
this stage calls it. Pseudo-relevance feedback adds the best first-pass papers' distinctive terms.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from pubchat.models import Filters
from pubchat.search.coverage import coverage as question_coverage
from pubchat.search.coverage import read_question
from pubchat.search.expand import Expansion
from pubchat.search.index import DocSlots

if TYPE_CHECKING:
    from pubchat.search.index import Index
    from pubchat.search.semantic_signal import DenseSignal


@dataclass
class Lexical:
    """Lexical evidence of the candidate papers; every array is aligned with `docs.docs`."""

    docs: DocSlots  # the candidates: papers holding a question or feedback term, plus any extra given
    allowed: np.ndarray  # which candidates the filters allow
    scores: np.ndarray  # fielded BM25 x coverage ** coverage_boost
    raw: np.ndarray  # fielded BM25 before the coverage boost
    columns: dict[str, np.ndarray]  # term -> its weighted (boosted) column, for "why this paper"
    coverage: np.ndarray  # share of the question's IDF mass each paper contains (concepts, "or" groups)
    distinct: np.ndarray  # which candidates hold a distinctive word or concept of the question
    n_terms: int  # distinct words the question asks for ("X or Y" counts once)
    added: list[str]  # expansion and feedback terms


def candidates(index: Index, terms: Iterable[str], extra: np.ndarray | None) -> DocSlots:
    """Papers holding any of the terms, joined with `extra` paper indices (the dense stage's recall)."""
    docs = index.candidates(terms)
    if extra is None or not len(extra):
        return docs
    joined = np.union1d(docs.docs, extra).astype(np.int32)
    return DocSlots.of(joined, len(index.papers))


def lexical_scores(
    index: Index, weighted: Mapping[str, float], docs: DocSlots
) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """Fielded BM25 of weighted terms for the candidate papers, and each term's own weighted column."""
    return index._score(dict(weighted), docs)


def recall_lexical(
    index: Index,
    text: str,
    expansion: Expansion,
    filters: Filters,
    extra: np.ndarray | None = None,
    question: str | None = None,
) -> Lexical:
    """BM25 with expansions and feedback on the candidates, then coverage of the question's words
    (`question`, the words as asked, tells which words stand together as one concept and which
    "or" offers as alternatives: `pubchat.search.coverage`)."""
    s = index.settings
    weighted = dict(expansion.weighted)
    added = list(expansion.added)
    docs = candidates(index, weighted, extra)
    allowed = index._allowed(filters, docs)
    scores, columns = lexical_scores(index, weighted, docs)
    if s.feedback:
        fb = index.feedback_terms(np.where(allowed, scores, 0.0), set(weighted), docs)
        if fb:
            docs = candidates(index, [*weighted, *fb], extra)
            allowed = index._allowed(filters, docs)
            scores, columns = lexical_scores(index, weighted, docs)
            fb_scores, fb_columns = lexical_scores(index, dict.fromkeys(fb, s.feedback_weight), docs)
            scores = scores + fb_scores
            columns.update(fb_columns)
            added.extend(fb)
    words = read_question(index, text, question or text)
    covered = question_coverage(index, words, expansion.pairs, docs)
    coverage = covered.values
    raw = scores
    if s.coverage_boost > 0:
        boost = np.power(coverage, s.coverage_boost)
        scores = scores * boost
        columns = {t: col * boost for t, col in columns.items()}
    return Lexical(docs, allowed, scores, raw, columns, coverage, covered.distinct, words.n_terms, added)


def recall_dense(dense: DenseSignal | None, text: str, question: str) -> np.ndarray | None:
    """Raw cosine of the question as asked to every paper (the encoder reads whole sentences), or
    None without a dense signal or without topic words left in `text`."""
    if dense is None or not text.strip():
        return None
    return dense.cosines(question)
