"""The fast BM25 backend scores exactly like rank-bm25, so switching backends never changes an answer."""

from __future__ import annotations

import json
import random
from pathlib import Path

import numpy as np
import pytest
from rank_bm25 import BM25Okapi
from rank_bm25_rs import BM25Okapi as RustBM25Okapi
from repo_paths import DEV_QUESTIONS

from pubchat.config import SearchSettings
from pubchat.models import Paper
from pubchat.search.analyzer import Analyzer
from pubchat.search.backend import SparseBM25, make_scorer
from pubchat.search.index import Index, analyze_corpus
from pubchat.search.query import parse_query


def _random_corpus(rng: random.Random) -> tuple[list[list[str]], list[str]]:
    """A small random corpus (some empty documents, skewed term use) and its vocabulary."""
    vocab = [f"t{i}" for i in range(rng.randint(1, 40))]
    weights = [1 / (i + 1) for i in range(len(vocab))]
    docs = [rng.choices(vocab, weights, k=rng.randint(0, 15)) for _ in range(rng.randint(1, 60))]
    if not any(docs):
        docs[0] = [vocab[0]]
    return docs, vocab


@pytest.mark.parametrize("seed", range(40))
def test_sparse_scores_equal_rank_bm25_bit_for_bit(seed: int) -> None:
    """Random corpora and parameters: every score equals rank-bm25's exactly (negative-idf floor included)."""
    rng = random.Random(seed)
    docs, vocab = _random_corpus(rng)
    k1, b = rng.choice([0.3, 1.2, 1.5, 2.5]), rng.choice([0.0, 0.4, 0.75, 0.95])
    ref, fast, rust = BM25Okapi(docs, k1=k1, b=b), SparseBM25(docs, k1=k1, b=b), RustBM25Okapi(docs, k1=k1, b=b)
    for _ in range(10):
        query = [rng.choice(vocab + ["unseen"]) for _ in range(rng.randint(0, 6))]
        expected = ref.get_scores(query)
        assert np.array_equal(expected, fast.get_scores(query)), query
        assert np.array_equal(expected, rust.get_scores(query)), query


def test_repeated_query_terms_count_twice_and_common_terms_use_the_epsilon_floor() -> None:
    """A term in most documents gets rank-bm25's floored idf; a repeated term doubles its score."""
    docs = [["face", "x"], ["face", "y"], ["face"], ["z"]]
    fast = SparseBM25(docs, k1=1.2, b=0.75)
    ref = BM25Okapi(docs, k1=1.2, b=0.75)
    assert fast.get_scores(["face"])[0] > 0  # floored, not negative
    assert np.array_equal(fast.get_scores(["face", "face"]), 2 * fast.get_scores(["face"]))
    assert np.array_equal(fast.get_scores(["face", "face"]), ref.get_scores(["face", "face"]))


@pytest.mark.parametrize("backend,kind", [("sparse", SparseBM25), ("auto", SparseBM25), ("rank_bm25", BM25Okapi)])
def test_backend_setting_selects_the_implementation(backend: str, kind: type) -> None:
    """search.backend picks the scorer; rank_bm25 stays available as the fallback."""
    assert isinstance(make_scorer([["a", "b"], ["b"]], 1.2, 0.75, backend), kind)


def _dev_questions() -> list[str]:
    """Every judged dev question (dev.jsonl and dev2.jsonl)."""
    out: list[str] = []
    for path in (DEV_QUESTIONS, DEV_QUESTIONS.with_name("dev2.jsonl")):
        with path.open(encoding="utf-8") as handle:
            out += [json.loads(line)["question"] for line in handle if line.strip()]
    return out


@pytest.fixture(scope="module")
def slow_index(shipped_papers):
    """The shipped corpus indexed with pure rank-bm25 (the reference)."""
    return Index.build(shipped_papers, SearchSettings(backend="rank_bm25"))


def test_every_dev_question_ranks_and_scores_exactly_as_rank_bm25(shipped_papers, slow_index) -> None:
    """Whole search pipeline (expansions, floor, match decision) on the postings scorer and on rank-bm25:
    same top-10 papers, same totals, bit-identical scores."""
    fast, slow = Index.build(shipped_papers, SearchSettings()), slow_index
    questions = _dev_questions()
    assert len(questions) >= 130
    compared = 0
    for question in questions:
        a = fast.search(parse_query(question, fast, fast.settings))
        b = slow.search(parse_query(question, slow, slow.settings))
        assert [h.paper.id for h in a.top(10)] == [h.paper.id for h in b.top(10)], question
        assert a.total == b.total, question
        assert [h.score for h in a.top(10)] == [h.score for h in b.top(10)], question
        compared += bool(a.hits)
    assert compared >= len(questions) // 2  # most dev questions do retrieve papers


CRANFIELD = Path(__file__).resolve().parent / "data" / "cranfield"


def _cranfield() -> tuple[list[Paper], list[str]]:
    """The 1,400 Cranfield abstracts as papers, and the first 200 Cranfield queries."""
    with (CRANFIELD / "corpus.jsonl").open(encoding="utf-8") as handle:
        docs = [json.loads(line) for line in handle if line.strip()]
    papers = [Paper(id=d["_id"], title=d["title"].strip() or f"Cranfield {d['_id']}", abstract=d["text"]) for d in docs]
    with (CRANFIELD / "queries.jsonl").open(encoding="utf-8") as handle:
        queries = [json.loads(line)["text"] for line in handle if line.strip()]
    return papers, queries[:200]


def test_cranfield_queries_rank_and_score_exactly_as_rank_bm25() -> None:
    """200 Cranfield queries over 1,400 abstracts: the postings-only search gives the same top 10, the same
    total and bit-identical scores as the same search with every field scored by rank-bm25's BM25Okapi
    (its Rust port, checked bit for bit against rank-bm25 above, so the run stays short)."""
    papers, queries = _cranfield()
    settings = SearchSettings(semantic=False)
    fast = Index.build(papers, settings)
    slow = Index.build(papers, settings)
    tokens = analyze_corpus(papers, Analyzer())
    slow.scorers = {name: RustBM25Okapi(tokens.field(name), k1=settings.k1, b=settings.b) for name in fast.scorers}
    assert all(not hasattr(s, "postings") for s in slow.scorers.values())  # the reference scores every paper
    matched = 0
    for question in queries:
        a = fast.search(parse_query(question, fast, settings))
        b = slow.search(parse_query(question, slow, settings))
        assert a.total == b.total, question
        assert [(h.paper.id, h.score, h.coverage) for h in a.top(10)] == [
            (h.paper.id, h.score, h.coverage) for h in b.top(10)
        ], question
        matched += bool(a.hits)
    assert matched >= 150
