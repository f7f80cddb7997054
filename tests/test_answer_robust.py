"""The Assistant never raises and never echoes unsafe text, whatever string it is given."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pubchat.assistant import Assistant
from pubchat.config import Settings
from pubchat.conversation import Conversation
from pubchat.models import Answer, Paper
from pubchat.textsafe import is_safe


@pytest.fixture(scope="module")
def assistant(shipped_papers: list[Paper]) -> Assistant:
    """One assistant for the module (index built once)."""
    return Assistant(shipped_papers, Settings())


def _safe(answer: Answer) -> bool:
    texts = [answer.question, answer.answer] + [c.title for c in answer.citations]
    return all(is_safe(text) for text in texts)


@pytest.mark.parametrize(
    "question",
    [
        "",
        "   ",
        "\n\t",
        "\x00",
        "a\x00b",
        "\ud800",
        "lone \udfff surrogate",
        "مرحبا بالعالم",
        "שלום face",
        "\u202eevil\u202c",
        "[bold]x[/bold] **y** <script>",
        "\x1b[2J\x1b[H clear",
        "?!?!",
        "🙂🙂",
        "9" * 500,
        "face " * 30000,
        "cite",
        "bibtex for [99]",
        "apa for 0",
        "how many",
        "what is",
        "the paper",
    ],
)
def test_any_string_gets_a_safe_answer(assistant: Assistant, question: str) -> None:
    answer = assistant.ask(question)
    Answer.model_validate_json(answer.model_dump_json())
    assert _safe(answer)
    assert "Sorry, I could not answer" not in answer.answer


def test_huge_question_is_truncated_with_a_notice(assistant: Assistant) -> None:
    limit = Settings().search.max_query_chars
    answer = assistant.ask("face anti-spoofing " * 10_000)
    assert len(answer.question) <= limit
    assert f"first {limit} characters" in answer.answer


def test_citation_follow_up_uses_the_previous_answer(shipped_papers: list[Paper]) -> None:
    assistant = Assistant(shipped_papers, Settings())
    conversation = Conversation()
    first = assistant.ask("facial expression recognition", conversation)
    assert len(first.citations) >= 2
    cite = assistant.ask("apa for [2]", conversation)
    assert cite.intent == "cite" and [c.id for c in cite.citations] == [first.citations[1].id]
    again = assistant.ask("bibtex for all", conversation)
    assert [c.id for c in again.citations] == [c.id for c in first.citations]
    missing = assistant.ask(f"bibtex for [{len(first.citations) + 1}]", conversation)
    assert missing.citations == [] and "there is no" in missing.answer


def test_contract_methods(assistant: Assistant, shipped_papers: list[Paper]) -> None:
    first = shipped_papers[0]
    assert assistant.paper(first.id) == first and assistant.paper("nope") is None
    assert assistant.cite([first.id], "bibtex").startswith("@misc{")
    answer = assistant.ask("face anti-spoofing")
    assert assistant.references(answer, "plain").count("arXiv:") == len(answer.citations)
    terms = assistant.explain("face anti-spoofing", answer.citations[0].id)
    assert terms and all(isinstance(w, float) for _, w in terms)
    assert len(assistant.suggestions()) >= 3


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=300))
def test_random_text_never_raises(assistant: Assistant, question: str) -> None:
    answer = assistant.ask(question)
    assert _safe(answer)


def test_corpus_without_years_authors_or_arxiv_ids_still_answers() -> None:
    papers = [
        Paper(id=f"d{i}", title=title, abstract=abstract)
        for i, (title, abstract) in enumerate(
            [
                (
                    "boundary layer transition",
                    "We study boundary layer transition on flat plates. Results agree with theory.",
                ),
                (
                    "heat transfer in slip flow",
                    "Heat transfer in slip flow is measured. We propose a simple correlation.",
                ),
                ("boundary layer heat transfer", "A boundary layer analysis of heat transfer is presented."),
            ]
        )
    ]
    assistant = Assistant(papers, Settings())
    conversation = Conversation()
    for question in (
        "boundary layer",
        "how many papers on heat transfer",
        "hello",
        "papers from 2020",
        "cite [1] as apa",
        "cite all as bibtex",
        "what is d1",
    ):
        answer = assistant.ask(question, conversation)
        assert _safe(answer) and "Sorry, I could not answer" not in answer.answer, question
    found = assistant.ask("boundary layer", conversation)
    assert found.citations and all(c.year is None for c in found.citations)
    bib = assistant.ask("cite all as bibtex", conversation).answer
    assert "@misc{anonnd" in bib and "eprint" not in bib


def test_themes_are_named_only_when_the_papers_match_the_question_well(assistant: Assistant) -> None:
    """A loosely matched plain-words question is answered as 'may be related', without themes (noise)."""
    weak = assistant.ask("How do they upscale small pictures into sharp, bigger ones on a phone?")
    assert weak.citations and "Recurring themes" not in weak.answer
    assert "may be related to" in weak.answer and " match " not in weak.answer.split("\n")[0]
    strong = assistant.ask("FER")
    assert "Recurring themes" in strong.answer and "may be related" not in strong.answer
