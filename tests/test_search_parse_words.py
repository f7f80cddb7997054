"""The parser never throws the question away: framing phrases, relative time, categories in words,
co-authorship, misspelt and unknown names, the owner's own surname. Wordings are this file's own."""

from __future__ import annotations

import datetime as dt

import pytest

from pubchat.config import SearchSettings
from pubchat.models import Paper
from pubchat.search.index import Index
from pubchat.search.query import parse_query

TODAY = dt.date(2026, 3, 1)


def make(i: int, year: int, authors: list[str], category: str = "cs.CV", code: bool = False) -> Paper:
    return Paper(
        id=f"p{i}",
        title=f"Paper {i} on retinal vessel segmentation" if i % 2 else f"Paper {i} on speech translation",
        abstract="We study things.",
        authors=authors,
        year=year,
        category=category,
        has_code=code,
    )


@pytest.fixture(scope="module")
def index() -> Index:
    papers = [
        make(0, 2019, ["Ada Novak", "Piet Kramer"]),
        make(1, 2020, ["Ada Novak", "Lena Novak"], "cs.CL"),
        make(2, 2021, ["Ada Novak", "Piet Kramer", "Omar Haddad"], code=True),
        make(3, 2024, ["Ada Novak", "Omar Haddad"], "cs.CL"),
        make(4, 2025, ["Ada Novak"], code=True),
        make(5, 2026, ["Ada Novak", "Lena Novak", "Piet Kramer"]),
    ]
    return Index.build(papers, SearchSettings(semantic=False))


def parse(index: Index, text: str):
    return parse_query(text, index, index.settings, today=TODAY)


@pytest.mark.parametrize(
    ("question", "years"),
    [
        ("segmentation work from this year", (2026, 2026)),
        ("what did they publish last year?", (2025, 2025)),
        ("anything in the past two years", (2025, 2026)),
        ("papers over the last 4 years", (2023, 2026)),
        ("their earliest papers", (None, 2021)),  # the older half of the list: up to its median year
        ("their first papers on segmentation", (None, 2021)),
        ("older work on speech translation", (None, 2021)),
        ("what did they publish early on?", (None, 2021)),
        ("segmentation in the early days", (None, 2021)),
        ("the first paper on segmentation", (None, None)),  # one paper at an end of time: the answer's question
    ],
)
def test_relative_time_against_the_current_year(index, question, years) -> None:
    filters = parse(index, question).filters
    assert (filters.year_min, filters.year_max) == years


def test_this_year_follows_the_newest_paper_when_the_clock_is_behind(index) -> None:
    q = parse_query("papers from this year", index, index.settings, today=dt.date(2024, 6, 1))
    assert (q.filters.year_min, q.filters.year_max) == (2026, 2026)


@pytest.mark.parametrize(
    ("question", "category"),
    [
        ("language processing papers on translation", "cs.CL"),
        ("NLP work", "cs.CL"),
        ("which ones are filed under CL", "cs.CL"),
        ("computer vision papers", "cs.CV"),
        ("CV papers about vessels", "cs.CV"),
    ],
)
def test_categories_in_words(index, question, category) -> None:
    assert parse(index, question).filters.categories == [category]


def test_a_negated_category_is_not_a_filter_and_not_a_topic(index) -> None:
    q = parse(index, "speech papers labelled CL, not CV")
    assert q.filters.categories == ["cs.CL"]
    assert q.text == "speech"


def test_category_words_that_are_a_topic_stay_in_the_question(index) -> None:
    q = parse(index, "vision-language models for retinal images")
    assert q.filters.categories == []
    assert "vision-language" in q.text


@pytest.mark.parametrize(
    ("question", "topic", "code"),
    [
        ("give me a rundown of the vessel segmentation work", "vessel segmentation", None),
        ("I'm looking for speech translation, and I can't find it", "speech translation", None),
        ("what has come out on speech translation?", "speech translation", None),
        ("segmentation repos I could fork", "segmentation", True),
        ("translation projects we could contribute to", "translation", True),
        ("things related to vessels", "vessels", None),
        ("vessel segmentation from before the deep learning boom", "vessel segmentation", None),
        ("explain what the vessel segmentation work does", "vessel segmentation", None),
        ("Could you please describe how they do speech translation?", "speech translation", None),
        ("walk me through the segmentation papers", "segmentation", None),
        ("which papers study vessel segmentation?", "vessel segmentation", None),
        ("work that deals with speech translation", "speech translation", None),
        ("did they ever investigate vessel segmentation?", "vessel segmentation", None),
    ],
)
def test_framing_phrases_are_never_topic_words(index, question, topic, code) -> None:
    q = parse(index, question)
    assert q.text == topic
    assert q.filters.has_code is code


def test_a_negated_contraction_leaves_no_word_behind(index) -> None:
    assert parse(index, "speech translation that doesn't need labels").text == "speech translation need labels"
    assert parse(index, "segmentation that didn't use vessels").text == "segmentation use vessels"


def test_a_request_verb_inside_the_topic_stays_a_topic_word(index) -> None:
    assert parse(index, "models that explain speech translation").text == "models explain speech translation"
    assert "study" in parse(index, "a user study of speech translation").text


def test_filters_without_topic_leave_no_free_text(index) -> None:
    q = parse(index, "what came out last year that has no code released")
    assert q.text == ""
    assert (q.filters.year_min, q.filters.has_code) == (2025, False)


def test_two_people_in_one_question_mean_their_joint_papers(index) -> None:
    q = parse(index, "what did Piet Kramer write together with Omar Haddad")
    assert sorted(q.filters.authors) == ["Omar Haddad", "Piet Kramer"]
    assert q.filters.all_authors
    either = parse(index, "papers by Piet Kramer or Omar Haddad")
    assert not either.filters.all_authors


def test_the_owners_surname_is_the_owner_not_a_question(index) -> None:
    q = parse(index, "Novak's papers with Omar Haddad")
    assert q.filters.authors == ["Ada Novak", "Omar Haddad"] and q.filters.all_authors
    assert q.notices == []


def test_a_first_name_alone_is_its_author_or_the_owner() -> None:
    papers = [
        make(0, 2019, ["Zhenyu Okafor", "Wenqiao Brandt"]),
        make(1, 2021, ["Zhenyu Okafor", "Wenqiao Lindqvist"]),
        make(2, 2024, ["Zhenyu Okafor", "Taoran Brandt"]),
    ]
    names = Index.build(papers, SearchSettings(semantic=False))
    q = parse(names, "speech papers before 2022 from Zhenyu")
    assert q.filters.authors == ["Zhenyu Okafor"] and q.text == "speech"
    assert parse(names, "what has Taoran done since 2020").filters.authors == ["Taoran Brandt"]
    assert parse(names, "Wenqiao's papers").notices  # two authors are called so: which one?
    assert parse(names, "zhenyu speech").filters.authors == []  # lower case: a word, not a name


def test_a_misspelt_author_is_corrected(index) -> None:
    assert parse(index, "what has Omer Hadad published?").filters.authors == ["Omar Haddad"]
    assert parse(index, "papers by Piet Kramr").filters.authors == ["Piet Kramer"]


def test_by_followed_by_no_author_stays_in_the_question(index) -> None:
    q = parse(index, "vessels segmented by Transformers")
    assert q.filters.authors == [] and q.notices == []
    assert "transformers" in q.text
    asked = parse(index, "papers by Zed Quorn")
    assert asked.notices == ["no author named Zed Quorn in this list"]


def test_either_word_joined_by_or_is_enough_to_match(index) -> None:
    """ "speech or audio": a paper about speech matches although no paper mentions audio; without "or"
    both words are wanted and nothing here holds the second."""
    either = index.search(parse(index, "anything on speech or audio?"))
    assert either.matching == 3 and all("speech" in h.paper.title for h in either.hits[:3])
    both = index.search(parse(index, "anything on speech audio?"))
    assert both.matching == 0


def test_a_full_name_the_list_lacks_is_one_unknown_person_not_two_surnames(index) -> None:
    """ "Lena Haddad" pairs a given name and a surname of two different authors; "Kaiming Novak" an
    unknown given name with the owner's surname: each is one person the list does not have."""
    for name in ("Lena Haddad", "Kaiming Novak", "Omar Smith"):
        q = parse(index, f"papers by {name}")
        assert q.notices == [f"no author named {name} in this list"], name
        assert q.filters.authors == [name]
    both = parse(index, "did Novak collaborate with Kaiming Kramer?")
    assert both.filters.authors == ["Ada Novak", "Kaiming Kramer"] and both.filters.all_authors
    assert parse(index, "papers by Lena Novak").filters.authors == ["Lena Novak"]


@pytest.mark.parametrize(
    "question",
    [
        "did Novak collaborate with Piet Kramer?",
        "have Piet Kramer and Omar Haddad written papers together?",
        "what did Omar Haddad and Piet Kramer work on together",
        "has Piet Kramer teamed up with Omar Haddad",
    ],
)
def test_co_authorship_words_frame_the_question(index, question) -> None:
    q = parse(index, question)
    assert q.text == "" and len(q.filters.authors) == 2 and q.filters.all_authors
    assert parse(index, "collaborative segmentation").text == "collaborative segmentation"
