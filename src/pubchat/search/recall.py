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
    coverage: np.ndarray  # share of the question's IDF mass each paper contains
    units: list[tuple[str, list[str]]]  # the question's distinct words (term, compound parts)
    added: list[str]  # expansion and feedback terms
    alternatives: dict[str, list[str]]  # unit term -> the words "or" offers in its place


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
    (`question`, the words as asked, tells which topic words "or" joins: either one covers both)."""
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
    units, alternatives = _units_with_alternatives(index, text, question or text)
    coverage = index._coverage(units, expansion.pairs, docs, alternatives)
    raw = scores
    if s.coverage_boost > 0:
        boost = np.power(coverage, s.coverage_boost)
        scores = scores * boost
        columns = {t: col * boost for t, col in columns.items()}
    return Lexical(docs, allowed, scores, raw, columns, coverage, units, added, alternatives)


def _units_with_alternatives(
    index: Index, text: str, question: str
) -> tuple[list[tuple[str, list[str]]], dict[str, list[str]]]:
    """The topic text's units, with a unit that "or" offers in place of another (in the question as
    asked) folded into that one as its alternative."""
    units = index.query_units(text)
    terms = {t for t, _ in units}
    alternatives = {
        t: kept
        for t, offered in index.query_alternatives(question).items()
        if t in terms and (kept := [a for a in offered if a in terms and a != t])
    }
    folded = {a for offered in alternatives.values() for a in offered}
    return [u for u in units if u[0] not in folded], alternatives


def recall_dense(dense: DenseSignal | None, text: str, question: str) -> np.ndarray | None:
    """Raw cosine of the question as asked to every paper (the encoder reads whole sentences), or
    None without a dense signal or without topic words left in `text`."""
    if dense is None or not text.strip():
        return None
    return dense.cosines(question)
