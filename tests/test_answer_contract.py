"""Pydantic at the boundaries: bad corpus records get pydantic's errors with their place; every answer is a
valid JSON contract object, and a broken one is caught where it is made."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from pubchat.assistant import Assistant
from pubchat.config import load_settings
from pubchat.corpus import parse_jsonl
from pubchat.models import Answer, Citation


def test_bad_records_get_pydantic_errors() -> None:
    with pytest.raises(Exception, match=r"x\.jsonl:2: field 'year'"):
        parse_jsonl('{"id": "a", "title": "A"}\n{"id": "b", "title": "B", "year": 1800}\n', "x.jsonl")
    with pytest.raises(Exception, match=r"x\.jsonl:1: field 'title'"):
        parse_jsonl('{"id": "a", "title": "   "}\n', "x.jsonl")


@pytest.fixture(scope="module")
def assistant(shipped_papers) -> Assistant:
    return Assistant(shipped_papers, load_settings().settings)


@pytest.mark.parametrize(
    "question",
    [
        "which papers study face anti-spoofing?",
        "papers from 2025",
        "papers by Mei Wang with code since 2020",
        "how many papers on oracle characters",
        "cite SFace as bibtex",
        "bibtex for [1]",
        "",
        "hello",
        "what is SFace?",
    ],
)
def test_answers_satisfy_the_json_contract(assistant: Assistant, question: str) -> None:
    answer = assistant.ask(question)
    again = Answer.model_validate_json(answer.model_dump_json())
    assert again == Answer.model_validate(answer.model_dump())
    assert again.model_dump() == answer.model_dump()


def test_a_broken_answer_part_is_rejected_when_the_answer_is_made() -> None:
    bad = Citation.model_construct(n=0, id="x", title="T", authors=[], year=None, url=None, code_url=None, score=1.0)
    with pytest.raises(ValidationError, match=r"citations\.0\.n"):
        Answer(question="q", intent="find", total=1, answer="a", citations=[bad])
