"""The index's compact structures give what the plain ones gave: postings, document frequencies, hits on demand."""

from __future__ import annotations

from collections import Counter

import pytest

from pubchat.config import SearchSettings
from pubchat.models import Paper, Query
from pubchat.search.analyzer import Analyzer
from pubchat.search.index import Index, Postings, analyze_corpus, count_vocabulary


@pytest.fixture(scope="module")
def index(shipped_papers) -> Index:
    return Index.build(shipped_papers, SearchSettings())


def _naive(papers: list[Paper]) -> tuple[Counter[str], dict[str, list[int]], list[Counter[str]]]:
    """Document frequencies, inverted lists and per-paper term counts, the plain way."""
    tokens = analyze_corpus(papers, Analyzer())
    per_doc = [Counter(t + a + u) for t, a, u in zip(tokens.title, tokens.abstract, tokens.authors)]
    df: Counter[str] = Counter()
    lists: dict[str, list[int]] = {}
    for i, counter in enumerate(per_doc):
        df.update(counter.keys())
        for term in counter:
            lists.setdefault(term, []).append(i)
    return df, lists, per_doc


def test_postings_and_document_frequencies_match_a_plain_inversion(shipped_papers, index) -> None:
    """Every term lists exactly the papers containing it, in order; df (and its order) as a plain count gives."""
    df, lists, _ = _naive(shipped_papers)
    assert list(index.stems.items()) == list(df.items())
    assert set(index.postings.terms) == set(lists)
    for term, docs in lists.items():
        assert index.postings.docs(term).tolist() == docs
    assert index.postings.docs("zzzz-not-a-term") is None


def test_postings_survive_chunk_boundaries_and_empty_papers(monkeypatch) -> None:
    """Papers split across build chunks (and papers without any terms) invert the same."""
    papers = [
        Paper(
            id=f"p{i}",
            title=f"graph {i % 3} networks" if i % 4 else "a",
            abstract="" if i % 5 == 0 else f"learning on graph data {'noise' if i % 2 else 'labels'}",
            authors=[],
        )
        for i in range(23)
    ]
    tokens = analyze_corpus(papers, Analyzer())
    whole = Postings.build(tokens)
    monkeypatch.setattr(Postings, "_CHUNK", 4)
    chunked = Postings.build(tokens)
    df, lists, _ = _naive(papers)
    for postings in (whole, chunked):
        assert list(postings.doc_freqs().items()) == list(df.items())
        assert {t: postings.docs(t).tolist() for t in postings.terms} == lists
    assert Postings.build(analyze_corpus([Paper(id="e", title="a", abstract="")], Analyzer())).doc_freqs() == Counter()


def test_doc_terms_and_vocabulary_match_the_build(shipped_papers, index) -> None:
    """Feedback's per-paper terms (analysed on demand) and the spelling vocabulary equal the plain ones."""
    _, _, per_doc = _naive(shipped_papers)
    for i in (0, 7, len(shipped_papers) - 1):
        assert list(index.doc_terms(i).items()) == list(per_doc[i].items())
    assert list(index.vocabulary.items()) == list(count_vocabulary(shipped_papers, Analyzer()).items())


def test_hits_read_on_demand_behave_like_a_list(index) -> None:
    """Indexing, negative indexing, slicing and iteration agree; the same hit object comes back."""
    result = index.search(Query(raw="face recognition", text="face recognition"))
    hits = result.hits
    as_list = list(hits)
    assert len(hits) == result.total == len(as_list) > 5
    assert hits[0] is as_list[0] and hits[-1] is as_list[-1] and hits[1:4] == as_list[1:4]
    assert hits == as_list and result.top(3) == as_list[:3]
    with pytest.raises(IndexError):
        hits[len(hits)]
    assert dict(hits[0].matched) and max(hits[0].matched.values()) == next(iter(hits[0].matched.values()))


@pytest.mark.parametrize("min_ratio", [60.0, 80.0, 95.0])
def test_spelling_candidates_lose_no_correction(index, min_ratio) -> None:
    """Scoring only the candidate words finds every vocabulary word that reaches the cutoff."""
    from rapidfuzz import process
    from rapidfuzz.distance import DamerauLevenshtein

    vocabulary = list(index.vocabulary)
    for word in ("recogntion", "facail", "expresion", "spofing", "deepfkae", "a3d", "zzzzzz", "ünal", "rgbd"):
        full = process.extract(
            word, vocabulary, scorer=DamerauLevenshtein.normalized_similarity, score_cutoff=min_ratio / 100, limit=None
        )
        candidates = index.spelling_candidates(word, min_ratio / 100)
        assert len(candidates) < len(vocabulary)
        assert [c for c, _, _ in full] == [
            c
            for c, _, _ in sorted(
                process.extract(
                    word,
                    candidates,
                    scorer=DamerauLevenshtein.normalized_similarity,
                    score_cutoff=min_ratio / 100,
                    limit=None,
                ),
                key=lambda r: (-r[1], vocabulary.index(r[0])),
            )
        ]
