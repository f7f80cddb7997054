"""A question about a name the list never mentions gets no papers and says so; names the list does
mention, misspellings of them, short forms and title-case questions are searched as before.
Wordings are this file's own (not from the dev sets)."""

from __future__ import annotations

import pytest

from pubchat.assistant import Assistant
from pubchat.config import Settings
from pubchat.models import Paper
from pubchat.search.query import parse_query


@pytest.fixture(scope="module")
def assistant(shipped_papers: list[Paper]) -> Assistant:
    return Assistant(shipped_papers, Settings())


@pytest.mark.parametrize(
    ("question", "names"),
    [
        ("what did the oracle at Delphi foretell about the Persian wars?", "“Delphi” or “Persian”"),
        ("face recognition in Kenya", "“Kenya”"),
        ("papers using ResNet", "“ResNet”"),
        ("anything from Tsinghua University?", "“Tsinghua University”"),
        ("did Deng work with Google on face recognition?", "“Google”"),  # an author named does not make it title case
    ],
)
def test_a_question_about_a_name_no_paper_mentions_gets_none_and_says_so(
    assistant: Assistant, question: str, names: str
) -> None:
    answer = assistant.ask(question)
    assert answer.total == 0 and answer.citations == []
    assert f"This list never mentions {names}." in answer.answer
    assert "may be related" not in answer.answer


@pytest.mark.parametrize(
    ("question", "control"),
    [
        # the same words without the capital mark no name: their loose matches are offered as before
        ("face recognition in Kenya", "face recognition in kenya"),
    ],
)
def test_the_name_is_what_empties_the_answer(assistant: Assistant, question: str, control: str) -> None:
    assert assistant.ask(control).total > 0
    assert assistant.ask(question).total == 0


def test_papers_the_other_words_match_strongly_are_kept_with_the_sentence(assistant: Assistant) -> None:
    answer = assistant.ask("is SFace better than ArcFace?")
    assert [c.title.split(":")[0] for c in answer.citations] == ["SFace"]
    assert "This list never mentions “ArcFace”." in answer.answer


@pytest.mark.parametrize(
    "question",
    [
        "oracle bone inscriptions from the Shang dynasty",  # a name the abstracts use
        "what is Faceptr?",  # a misspelt method name: corrected, not a name
        "Hi! Are there papers on GANs?",  # an all-caps short form; "Are" opens a sentence
        "Learning With Noisy Labels For Expression Recognition",  # title case marks no names
        "papers by Weihong Deng on Oracle-MNIST",  # an author and a title word
    ],
)
def test_names_the_list_mentions_are_searched_as_before(assistant: Assistant, question: str) -> None:
    query = parse_query(question, assistant.index, assistant.settings.search)
    assert query.absent == []
    answer = assistant.ask(question)
    assert answer.total > 0 and "never mentions" not in answer.answer


def test_a_name_in_a_count_and_a_yes_no_question(assistant: Assistant) -> None:
    count = assistant.ask("how many papers on the oracle of Delphi?")
    assert count.total == 0 and "This list never mentions “Delphi”." in count.answer
    yes_no = assistant.ask("is there any work on the oracle of Delphi?")
    assert yes_no.yes is False and "This list never mentions “Delphi”." in yes_no.answer
