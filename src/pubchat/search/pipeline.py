"""The search pipeline: expand -> recall (BM25 and dense) -> filters -> match -> fuse -> rank.

The question arrives parsed (`pubchat.search.query.parse_query`: filters, chrome, spelling).
Each stage is its own module; this one only wires them and builds the `SearchResult`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from pubchat.models import Query
from pubchat.search.expand import expand
from pubchat.search.fuse import fuse
from pubchat.search.index import DocSlots, _spread
from pubchat.search.match import decide, decide_lexical
from pubchat.search.recall import recall_dense, recall_lexical
from pubchat.search.result import SearchResult

if TYPE_CHECKING:
    from pubchat.search.index import Index
    from pubchat.search.semantic_signal import DenseSignal


def search(index: Index, query: Query, dense: DenseSignal | None = None) -> SearchResult:
    """Every paper that matches (then those that may be related), best first, as arrays.

    A query without topic words lists every paper the filters allow, newest first. One naming
    something no paper mentions (`Query.absent`) gets only papers its other words match strongly
    (coverage `min_score`), never loose or meaning-only ones. Only candidate papers (holding a
    question term, or recalled by the dense stage) are scored.
    """
    s = index.settings
    papers = index.papers
    expansion = expand(index, query.text)
    if not expansion.terms:
        order = index._newest_order(np.flatnonzero(index._allowed(query.filters, None)))
        zeros = np.zeros(len(order))
        return SearchResult(query, papers, order, zeros, zeros, np.ones(len(order)))
    cosine_all = recall_dense(dense, query.text, query.raw)
    extra = None if cosine_all is None else np.flatnonzero(cosine_all >= min(s.dense_related, s.dense_match))
    lexical = recall_lexical(index, query.text, expansion, query.filters, extra, query.raw)
    docs, allowed = lexical.docs, lexical.allowed
    scores, coverage, columns = lexical.scores, lexical.coverage, lexical.columns
    cosine = None if cosine_all is None else cosine_all[docs.docs]
    n_words = len(index.analyzer.surface(query.raw))
    words = decide_lexical(scores, coverage, allowed, lexical.n_terms, n_words, s)
    decision = decide(words, lexical.distinct, cosine, allowed, s)
    if query.absent and decision.best_coverage < s.min_score:
        # the question is about a name no paper mentions, and its other words are found only weakly:
        # nothing matches, neither by those words nor by meaning
        none = np.zeros(0)
        return SearchResult(query, papers, np.zeros(0, dtype=np.int64), none, none, none, terms=expansion.terms)
    keep, related = decision.matching, decision.related
    raw = lexical.raw
    weak = cosine is None and s.semantic and decision.best_coverage < s.min_score and keep.any()
    state = index.semantic_state() if weak else None  # the model and the corpus' vectors, loaded on first need
    if state is not None and state.index is not None:
        from pubchat.search.semantic import rerank

        # meaning can add papers without a query term: widen every array to the whole corpus
        spread = _spread(docs.docs, len(papers))
        scores, keep, coverage, raw = spread(scores), spread(keep), spread(coverage), spread(raw)
        related = spread(related)
        columns = {t: spread(col) for t, col in columns.items()}
        docs, allowed = DocSlots.every(len(papers)), index._allowed(query.filters, None)
        scores, keep = rerank(state, query.text, scores, keep, allowed, s)
    else:
        scores = fuse(scores, cosine, allowed, s.dense_weight)
    lost = cosine is None and s.semantic and not keep.any() and not related.any()
    open_to = index._allowed(query.filters, None) if lost else None  # the papers the filters allow at all
    state = index.semantic_state() if open_to is not None and open_to.any() else None
    if open_to is not None and state is not None and state.index is not None:
        # nothing matched by words: meaning alone may relate papers
        from pubchat.search.semantic import rescue

        close = rescue(state, query.text, open_to, s)
        if close is not None:
            spread = _spread(docs.docs, len(papers))
            coverage, raw = spread(coverage), spread(raw)
            columns = {t: spread(col) for t, col in columns.items()}
            docs = DocSlots.every(len(papers))
            scores, keep, related = close, np.zeros(len(papers), dtype=bool), close > 0
    first = np.flatnonzero(keep)
    then = np.flatnonzero(related & ~keep)
    ranked = np.concatenate(
        [first[np.argsort(-scores[first], kind="stable")], then[np.argsort(-scores[then], kind="stable")]]
    ).astype(np.int64)
    shown = np.zeros(len(docs.docs), dtype=bool)  # which candidates are in the result (explained on demand)
    shown[ranked] = True
    surface: list[dict[str, str]] = []  # the question's own words, worked out once per search

    def why(i: int) -> dict[str, float]:
        if not 0 <= i < len(papers):
            return {}
        where, held = docs.find(np.array([i], dtype=np.int64))
        if not held[0] or not shown[where[0]]:
            return {}
        slot = int(where[0])
        if not surface:
            surface.append(index._surface_map(query.text))
        found = {t: round(float(col[slot]), 4) for t, col in columns.items() if col[slot] > 0}
        return index._display_terms(found, query.text, surface[0])

    return SearchResult(
        query=query,
        papers=papers,
        order=docs.docs[ranked].astype(np.int64),
        score=scores[ranked],
        lexical=raw[ranked],
        coverage=coverage[ranked],
        dense=None if cosine is None else cosine[ranked],
        matching=len(first),
        terms=expansion.terms,
        expansions=lexical.added,
        why=why,
    )
