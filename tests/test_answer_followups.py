"""Follow-ups refer to the caller's Conversation only; notices (a truncated question) reach every kind of answer; filter
wording reads as one sentence, without stacked parentheses."""

from __future__ import annotations

import pytest

from pubchat.assistant import Assistant
from pubchat.config import load_settings
from pubchat.conversation import Conversation


@pytest.fixture()
def assistant(shipped_papers) -> Assistant:
    """An assistant over the shipped corpus."""
    return Assistant(shipped_papers, load_settings().settings)


def test_follow_ups_refer_to_their_own_conversation(assistant: Assistant) -> None:
    conversation = Conversation()
    first = assistant.ask("face recognition", conversation)
    assert first.citations
    other = Conversation()
    assistant.ask("deepfake detection", other)  # another session's answer does not change this one's
    follow = assistant.ask("bibtex for [1]", conversation)
    assert [c.id for c in follow.citations] == [first.citations[0].id]
    assert follow.citations[0].id != other.cited[0].id
    for fresh in (Conversation(), None):  # a cleared session, and a question asked on its own
        after = assistant.ask("bibtex for [1]", fresh)
        assert after.intent == "cite" and not after.citations
        assert "no previous answer" in after.answer


def test_prepare_builds_what_the_first_question_needs(assistant: Assistant) -> None:
    assistant.prepare()
    assert assistant._index is not None and assistant._composer is not None
    assert assistant.ask("face anti-spoofing").citations


@pytest.mark.parametrize(
    "question",
    [
        "face anti-spoofing " * 300,  # a topic
        "hello " * 1000,  # nothing to search for
        "cite SFace as bibtex " + "z " * 3000,  # a citation request
        "help " * 1000,
    ],
)
def test_truncated_questions_say_so_whatever_the_answer(assistant: Assistant, question: str) -> None:
    limit = assistant.settings.search.max_query_chars
    answer = assistant.ask(question)
    assert len(answer.question) <= limit
    assert f"cut to its first {limit} characters" in answer.answer.split("\n\n")[0]


@pytest.mark.parametrize(
    "question",
    [
        "papers from 2025",
        "papers by Mei Wang with code since 2020",
        "papers by Weihong Deng in 2024",
        "how many papers from 2023 with code",
        "face recognition papers since 2024 with code",
        "papers from 2020 to 2022 without code",
        "papers by Mei Wang on face recognition since 2021",
    ],
)
def test_filtered_openings_have_one_parenthesis_at_most(assistant: Assistant, question: str) -> None:
    opening = assistant.ask(question).answer.split("\n\n")[0]
    assert opening.count("(") <= 1 and ") (" not in opening, opening
    assert opening.rstrip().endswith((".", ":")), opening


def test_a_bare_format_after_an_answer_cites_that_answers_papers(assistant: Assistant) -> None:
    conversation = Conversation()
    listed = assistant.ask("papers from 2019", conversation)
    assert len(listed.citations) == 3
    again = assistant.ask("now in ieee style", conversation)
    assert again.intent == "cite" and [c.id for c in again.citations] == [c.id for c in listed.citations]
    assert again.answer.startswith("IEEE for the 3 papers of the previous answer")
    one = assistant.ask("bibtex for [2]", conversation)
    assert [c.id for c in one.citations] == [listed.citations[1].id]
    for follow_up in ("and in apa?", "as markdown please"):  # the reference answer's one paper, another format
        after = assistant.ask(follow_up, conversation)
        assert after.intent == "cite" and [c.id for c in after.citations] == [listed.citations[1].id], follow_up
        assert "1 papers" not in after.answer and "No paper" not in after.answer


def test_a_bare_format_with_nothing_before_asks_which_paper(assistant: Assistant) -> None:
    conversation = Conversation()
    assistant.ask("best ramen recipe", conversation)
    after = assistant.ask("as bibtex", conversation)
    assert after.intent == "cite" and after.citations == [] and "Which paper" in after.answer


def test_a_reopened_conversation_keeps_what_a_bare_format_refers_to(assistant: Assistant) -> None:
    from pubchat.tui.collection import Collection
    from pubchat.tui.conversation import Transcript
    from pubchat.tui.saved import SavedConversation, restore, to_saved

    conversation = Conversation()
    listed = assistant.ask("papers from 2019", conversation)
    assistant.ask("bibtex for [3]", conversation)
    saved = to_saved(Transcript(), Collection(), conversation, corpus="shipped", saved_at="2026-12-07T23:00:00Z")
    again = SavedConversation.model_validate_json(saved.model_dump_json())
    reopened = restore(again, assistant.paper).conversation
    after = assistant.ask("now as apa", reopened)
    assert [c.id for c in after.citations] == [listed.citations[2].id]
