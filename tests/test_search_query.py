"""Question parsing: every filter form, chrome removal, ambiguous/unknown authors, typo correction."""

from __future__ import annotations

import pytest

from pubchat.config import SearchSettings
from pubchat.models import Filters
from pubchat.search.index import Index
from pubchat.search.query import format_filters, parse_query


@pytest.fixture(scope="module")
def settings() -> SearchSettings:
    return SearchSettings()


@pytest.fixture(scope="module")
def index(shipped_papers, settings) -> Index:
    return Index.build(shipped_papers, settings)


def parse(index: Index, settings: SearchSettings, text: str):
    return parse_query(text, index, settings)


@pytest.mark.parametrize(
    ("question", "year_min", "year_max"),
    [
        ("face papers in 2023", 2023, 2023),
        ("face papers since 2022", 2022, None),
        ("papers from 2024", 2024, 2024),
        ("from 2025 onward", 2025, None),
        ("after 2021", 2022, None),
        ("before 2020", None, 2019),
        ("2019-2021 face recognition", 2019, 2021),
        ("between 2021 and 2019", 2019, 2021),
        ("year:2022..2024", 2022, 2024),
        ("year:..2020", None, 2020),
    ],
)
def test_year_forms(index, settings, question, year_min, year_max) -> None:
    q = parse(index, settings, question)
    assert (q.filters.year_min, q.filters.year_max) == (year_min, year_max)
    assert not any(ch.isdigit() for ch in q.text)


def test_recent_is_a_window_before_the_newest_paper(index, settings) -> None:
    newest = max(p.year for p in index.papers if p.year)
    q = parse(index, settings, "latest deepfake papers")
    assert q.filters.year_min == newest - settings.recent_years + 1
    assert q.text == "deepfake"


@pytest.mark.parametrize(
    "question",
    ["FER papers with code", "FER, code available", "open source FER work", "Is there code for FER?", "FER code:yes"],
)
def test_code_forms(index, settings, question) -> None:
    q = parse(index, settings, question)
    assert q.filters.has_code is True
    assert q.text == "fer"


def test_category_and_explicit_syntax(index, settings) -> None:
    q = parse(index, settings, 'question answering year:2022..2024 author:"Mei Wang" code:yes cat:cs.CL')
    assert q.filters == Filters(year_min=2022, year_max=2024, authors=["Mei Wang"], has_code=True, categories=["cs.CL"])
    assert q.text == "question answering"
    assert parse(index, settings, "speech papers in cs.CL").filters.categories == ["cs.CL"]


@pytest.mark.parametrize(
    "question", ["papers by Mei Wang", "M. Wang's work", "what has mei wang published", "Wang Mei", 'author:"MEI WANG"']
)
def test_author_forms(index, settings, question) -> None:
    q = parse(index, settings, question)
    assert q.filters.authors == ["Mei Wang"]
    assert q.text == ""


def test_possessive_and_accent_insensitive(index, settings) -> None:
    assert parse(index, settings, "Show me Linzhi Huang's papers").filters.authors == ["Linzhi Huang"]
    assert parse(index, settings, "papers by Lìnzhi Huáng").filters.authors == ["Linzhi Huang"]


def test_ambiguous_surname_is_reported_not_guessed(index, settings) -> None:
    q = parse(index, settings, "papers by Wang")
    assert len(q.notices) == 1 and "Mei Wang" in q.notices[0] and "Zhuo Wang" in q.notices[0]
    assert "which one" in q.notices[0]
    assert len(q.filters.authors) > 2  # any of them, not one picked


def test_unknown_author_matches_nothing_and_says_so(index, settings) -> None:
    q = parse(index, settings, "papers by John Smith")
    assert any("John Smith" in n for n in q.notices)
    assert index.search(q).total == 0


def test_question_chrome_is_removed(index, settings) -> None:
    assert parse(index, settings, "What is SFace?").text == "sface"
    assert parse(index, settings, "Tell me about DFA-GPT").text == "dfa-gpt"
    q = parse(index, settings, "How many papers did they put out in 2024?")
    assert q.text == "" and q.filters.year_min == q.filters.year_max == 2024


def test_typos_corrected_to_corpus_words(index, settings) -> None:
    q = parse(index, settings, "efficent image super resoluton")
    assert q.text == "efficient image super resolution"
    assert q.corrected == q.text
    q = parse(index, settings, "facial expresion recogniton with noisy lables")
    assert q.text == "facial expression recognition noisy labels"


def test_real_words_are_not_corrected(index, settings) -> None:
    q = parse(index, settings, "how do they treat the transcript")
    assert q.corrected is None and "treat" in q.text


def test_format_filters_round_trip(index, settings) -> None:
    filters = Filters(
        year_min=2021, year_max=2024, authors=["Yuhang Zhang", "Jiani Hu"], has_code=False, categories=["cs.CV"]
    )
    assert parse(index, settings, format_filters(filters)).filters == filters
    assert format_filters(Filters(year_min=2023, year_max=2023)) == "year:2023"
