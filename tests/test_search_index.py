"""Fielded BM25 search: ranking, filters, the relevance floor and 'why this paper'."""

from __future__ import annotations

import json

import pytest

from pubchat.config import SearchSettings
from pubchat.models import Query
from pubchat.search.index import FieldTokens, Index, analyze_corpus
from pubchat.search.query import parse_query


@pytest.fixture(scope="module")
def settings() -> SearchSettings:
    return SearchSettings()


@pytest.fixture(scope="module")
def index(shipped_papers, settings) -> Index:
    return Index.build(shipped_papers, settings)


def ask(index: Index, text: str):
    return index.search(parse_query(text, index, index.settings))


def test_lookup_by_name_ranks_the_paper_first(index) -> None:
    assert ask(index, "What is SFace?").hits[0].paper.title.startswith("SFace:")
    assert "Deepfake" in ask(index, "Tell me about DFA-GPT").hits[0].paper.title


@pytest.mark.parametrize(
    "question",
    [
        "best ramen recipe",
        "reinforcement learning for robot control",
        "medical image segmentation",
        "quantum computing",
    ],
)
def test_unrelated_questions_match_nothing(index, question) -> None:
    assert ask(index, question).total == 0


@pytest.mark.parametrize("question", ["FER", "privacy", "OOD detection", "FAS"])
def test_short_real_queries_match(index, question) -> None:
    result = ask(index, question)
    assert result.total >= 1
    assert all(h.matched for h in result.hits)


def test_acronym_expansion_finds_spelled_out_papers(index) -> None:
    titles = [h.paper.title for h in ask(index, "FAS").hits]
    assert any("Anti-Spoofing" in t for t in titles)


def test_matched_terms_explain_the_hit(index) -> None:
    hit = ask(index, "privacy cloak").hits[0]
    assert set(hit.matched) >= {"privacy", "cloak"}
    assert hit.score == pytest.approx(sum(hit.matched.values()), rel=0.02)


def test_filter_only_lists_everything_newest_first(index) -> None:
    result = ask(index, "papers from 2024")
    assert result.total == sum(1 for p in index.papers if p.year == 2024)
    dates = [h.paper.date for h in result.hits]
    assert dates == sorted(dates, reverse=True)


def test_filters_apply_to_ranked_search(index) -> None:
    result = ask(index, "facial expression recognition papers with code since 2023")
    assert result.total >= 1
    assert all(h.paper.has_code and h.paper.year >= 2023 for h in result.hits)


def test_scores_are_in_rank_order_and_total_counts_all(index) -> None:
    result = index.search(Query(raw="face recognition", text="face recognition"), top_k=3)
    scores = [h.score for h in result.hits]
    assert scores == sorted(scores, reverse=True)
    assert result.total == len(result.hits) > 3


def test_field_tokens_round_trip_json(shipped_papers, settings, index) -> None:
    tokens = analyze_corpus(shipped_papers, index.analyzer)
    again = FieldTokens.from_dict(json.loads(json.dumps(tokens.to_dict())))
    rebuilt = Index.build(shipped_papers, settings, field_tokens=again)
    q = Query(raw="noisy labels", text="noisy labels")
    assert [h.paper.id for h in rebuilt.search(q).hits] == [h.paper.id for h in index.search(q).hits]


def test_field_weights_come_from_settings(shipped_papers) -> None:
    q = Query(raw="Mei Wang", text="mei wang")
    no_authors = Index.build(shipped_papers, SearchSettings(authors_weight=0.0, min_score=0.0))
    assert all("mei" not in h.matched for h in no_authors.search(q).hits)


def test_a_compound_counts_once_in_the_floor(index) -> None:
    titles = [h.paper.title for h in ask(index, "3D and RGB-D face recognition").hits[:2]]
    assert any("RGB-D" in t for t in titles) and any("3D Face" in t for t in titles)


def test_acronym_that_ends_other_acronyms_is_mined(index) -> None:
    assert index.acronyms.long_form("QA") == "question answering"  # from MHQA, VideoQA, TQA


def test_word_family_variants_come_from_the_corpus(index) -> None:
    assert "recognit" in index.variants(index.analyzer.stem("recognizing"))
    assert index.variants("zzzzzz") == []


def test_filter_columns_agree_with_the_per_paper_filter_rule() -> None:
    """Vectorised filters (years, code, category, authors) pick exactly the papers `matches_filters` picks."""
    import random

    import numpy as np

    from pubchat.models import Filters, Paper
    from pubchat.search.index import FilterColumns, matches_filters

    rng = random.Random(5)
    names = ["Zoë Li", "Zoe Li", "Mei Wang", "J. Smith", "ANA PÉREZ"]
    papers = [
        Paper(
            id=str(i),
            title=f"paper {i}",
            year=rng.choice([None, 2019, 2021, 2023, 2024]),
            has_code=rng.random() < 0.5,
            category=rng.choice([None, "cs.CV", "CS.cv", "cs.CL"]),
            authors=rng.sample(names, k=rng.randint(0, 3)),
        )
        for i in range(120)
    ]
    columns = FilterColumns.of(papers)
    for _ in range(300):
        filters = Filters(
            year_min=rng.choice([None, 2020, 2023]),
            year_max=rng.choice([None, 2021, 2024]),
            has_code=rng.choice([None, True, False]),
            categories=rng.sample(["cs.cv", "CS.CL", "math.NA"], k=rng.randint(0, 2)),
            authors=rng.sample([*names, "Nobody"], k=rng.randint(0, 2)),
            all_authors=rng.random() < 0.5,
        )
        expected = [matches_filters(p, filters) for p in papers]
        assert columns.allowed(filters, None).tolist() == expected
        docs = np.array(sorted(rng.sample(range(len(papers)), 30)), dtype=np.int32)
        assert columns.allowed(filters, docs).tolist() == [expected[i] for i in docs]
