"""Questions worded as people type them: comparisons by description or with "different from", people
to ask about a topic, citations of "the X dataset", framing words and category nouns that are not topics."""

from __future__ import annotations

import pytest

from pubchat.answer.intent import detect_intent
from pubchat.assistant import Assistant
from pubchat.config import Settings
from pubchat.models import Paper


@pytest.fixture(scope="module")
def assistant(shipped_papers: list[Paper]) -> Assistant:
    return Assistant(shipped_papers, Settings())


def _titled(papers: list[Paper], word: str) -> list[Paper]:
    return [p for p in papers if word.casefold() in p.title.casefold()]


def test_papers_described_by_topic_are_compared_side_by_side(assistant: Assistant) -> None:
    cloaks = {p.id for p in _titled(list(assistant.papers), "cloak")}
    answer = assistant.ask("what are the main differences between the privacy cloak approaches?")
    assert answer.intent == "compare"
    assert {c.id for c in answer.citations} == cloaks
    assert "side by side" in answer.answer
    two = assistant.ask("contrast the 2 oracle character recognition methods")
    assert two.intent == "compare" and len(two.citations) == 2
    assert all("oracle" in c.title.casefold() for c in two.citations)


def test_a_described_comparison_keeps_its_filters(assistant: Assistant) -> None:
    oracle_2022 = {p.id for p in _titled(list(assistant.papers), "oracle") if p.year == 2022}
    answer = assistant.ask("differences between the oracle papers from 2022")
    assert answer.intent == "compare" and {c.id for c in answer.citations} == oracle_2022
    assert answer.filters.get("year_min") == 2022


def test_a_description_too_wide_to_compare_lists_the_papers_instead(assistant: Assistant) -> None:
    answer = assistant.ask("compare all the face recognition papers")
    assert answer.intent == "find" and answer.total > 5


@pytest.mark.parametrize(
    "question",
    ["how is SFace different from Face Transformer?", "in what way does OPOM differ from AdvCloak"],
)
def test_different_from_compares_the_two_named_papers(question: str, assistant: Assistant) -> None:
    answer = assistant.ask(question)
    assert answer.intent == "compare" and len(answer.citations) == 2


def test_a_short_form_in_a_paper_name_is_read_as_the_title_writes_it(assistant: Assistant) -> None:
    generalizable = _titled(list(assistant.papers), "Generalizable Facial Expression")
    answer = assistant.ask("compare Open-Set FER with Generalizable FER")
    assert answer.intent == "compare"
    assert generalizable[0].id in {c.id for c in answer.citations}


@pytest.mark.parametrize(
    "question",
    [
        "who could I ask about facial expression recognition?",
        "who's the go-to person for oracle characters",
        "who are the experts on privacy cloaks here?",
        "who knows most about pose estimation",
        "who are the researchers working on face forgery detection?",
    ],
)
def test_who_to_ask_about_a_topic_names_its_authors(question: str, assistant: Assistant) -> None:
    answer = assistant.ask(question)
    assert answer.intent == "stats" and answer.stats is not None
    table = answer.stats.tables[0]
    assert table.rows and table.rows[0].count < len(assistant.papers)  # counted over the topic's papers only
    opening = answer.answer.split("\n\n")[0]
    for word in ("ask", "go-to", "experts", "knows", "researchers", "person"):
        assert f"“{word}" not in opening  # the topic quoted is the topic, not the people wording


@pytest.mark.parametrize(
    ("question", "title_start"),
    [
        ("how should I cite the Oracle-MNIST dataset", "Oracle-MNIST"),
        ("bibtex for the SwinFace model please", "SwinFace"),
        ("apa for the Skeleton2vec framework", "Skeleton2vec"),
        ("cite the Generalizable FER paper", "Generalizable Facial Expression"),
    ],
)
def test_a_citation_names_a_paper_with_its_kind_of_work(question: str, title_start: str, assistant: Assistant) -> None:
    answer = assistant.ask(question)
    assert answer.intent == "cite"
    assert [c.title.startswith(title_start) for c in answer.citations] == [True]


def test_which_ones_and_category_nouns_are_filters_not_topics(assistant: Assistant) -> None:
    nlp = [p for p in assistant.papers if p.category == "cs.CL"]
    listed = assistant.ask("which ones are computational linguistics papers?")
    assert listed.total == len(nlp) and "ones" not in listed.answer.split("\n")[0]
    speech = assistant.ask("speech work in the NLP category?")
    assert speech.filters.get("categories") == ["cs.CL"]
    assert speech.citations and all(c.id in {p.id for p in nlp} for c in speech.citations)


def test_written_together_is_co_authorship_not_a_topic(assistant: Assistant) -> None:
    both = [p for p in assistant.papers if {"Mei Wang", "Jiani Hu"} <= set(p.authors)]
    answer = assistant.ask("what did Mei Wang and Jiani Hu publish together?")
    assert answer.total == len(both) >= 2
    assert "together" not in answer.answer.split("\n\n")[0]


@pytest.mark.parametrize(
    ("question", "framing"),
    [
        ("I'm trying to find papers on racial bias in face recognition", "trying"),
        ("could you point me to work on human pose estimation?", "point"),
        ("I want to read up on face anti-spoofing, where should I start?", "start"),
    ],
)
def test_framing_words_are_never_quoted_as_the_topic(question: str, framing: str, assistant: Assistant) -> None:
    answer = assistant.ask(question)
    assert answer.citations
    quoted = answer.answer.split("“", 1)[1].split("”", 1)[0]
    assert framing not in quoted.casefold()


def test_compare_cue_without_a_plural_description_stays_a_search() -> None:
    assert detect_intent("papers on different lighting conditions").intent == "find"
    assert detect_intent("compare the two zero-shot retrieval papers").limit == 2


@pytest.mark.parametrize("question", ["who's behind Faceptor?", "who developed the SwinFace model?"])
def test_who_is_behind_a_paper_is_a_lookup_of_that_paper(question: str, assistant: Assistant) -> None:
    answer = assistant.ask(question)
    assert answer.intent == "lookup" and len(answer.citations) == 1
    assert "Authors:" in answer.answer
    assert all(author.split()[-1] in answer.answer for author in answer.citations[0].authors[:2])


@pytest.mark.parametrize(("words", "years"), [("the past couple of", 2), ("the last few", 3)])
def test_a_vague_number_of_past_years_is_a_year_range(words: str, years: int, assistant: Assistant) -> None:
    answer = assistant.ask(f"question answering papers from {words} years")
    newest = max(p.year for p in assistant.papers if p.year)
    assert answer.filters["year_min"] == max(newest, 2026) - years + 1
    assert "years" not in answer.answer.split("\n\n")[0].split("“")[-1]
