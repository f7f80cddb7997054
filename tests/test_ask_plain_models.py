"""`construct_plain` (the start-up fast path for corpus records and settings) gives exactly what
pydantic validation gives, or defers to it; answers built without validation still satisfy the
JSON contract."""

from __future__ import annotations

import copy
import json
import tomllib
from typing import Any

import pytest
from conftest import REPO
from pydantic import BaseModel, ValidationError

from pubchat.assistant import Assistant
from pubchat.config import Settings, default_settings, load_settings
from pubchat.corpus import parse_jsonl
from pubchat.models import Answer, Paper, construct_plain, dump_plain

ODD_VALUES: list[Any] = [
    None,
    "",
    " ",
    "x",
    "2020-02-30",
    "2020-01-01",
    "2020-1-1",
    1899,
    1900,
    2100,
    2101,
    2020.0,
    True,
    0,
    1,
    -1,
    0.5,
    [],
    ["a"],
    ["a", 1],
    "a\ud800",
    {"a": 1},
    "2020",
    float("nan"),
    float("inf"),
    "auto",
    "bibtex",
]


def _agrees(cls: type[BaseModel], data: dict[str, Any]) -> bool:
    """Assert construct_plain matches model_validate (value, field types, fields set); True when it was used."""
    try:
        reference: BaseModel | None = cls.model_validate(copy.deepcopy(data))
    except ValidationError:
        reference = None
    got = construct_plain(cls, copy.deepcopy(data))
    if got is None:
        return False
    assert reference is not None, f"construct_plain accepted what pydantic rejects: {data!r}"
    assert got == reference and repr(got) == repr(reference)
    assert got.model_fields_set == reference.model_fields_set
    for name in type(got).model_fields:
        assert type(getattr(got, name)) is type(getattr(reference, name)), name
    return True


def test_plain_papers_match_pydantic_on_the_corpus_and_on_odd_values() -> None:
    records = [json.loads(line) for line in (REPO / "corpus" / "papers.jsonl").read_text().splitlines() if line]
    assert all(_agrees(Paper, r) for r in records)  # the shipped corpus takes the fast path
    used = 0
    for record in records[:8]:
        for name in [*Paper.model_fields, "unknown"]:
            for value in ODD_VALUES:
                used += _agrees(Paper, {**record, name: value})
            used += _agrees(Paper, {k: v for k, v in record.items() if k != name})
    assert used > 100  # both paths were exercised


def test_plain_settings_match_pydantic(tmp_path) -> None:
    data = tomllib.loads((REPO / "config.toml").read_text())
    assert _agrees(Settings, data) and _agrees(Settings, {})
    assert default_settings() == Settings()
    for section, info in Settings.model_fields.items():
        for key in info.annotation.model_fields:
            for value in ODD_VALUES:
                changed = copy.deepcopy(data)
                changed.setdefault(section, {})[key] = value
                _agrees(Settings, changed)


def test_dump_plain_defers_what_json_mode_would_convert(shipped_papers) -> None:
    paper = next(p for p in shipped_papers if p.date is not None)
    assert dump_plain(paper) == paper.model_dump(mode="json")  # dates: pydantic's own JSON mode


def test_bad_records_still_get_pydantic_errors() -> None:
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
    plain = dump_plain(answer)  # what `pubchat ask --json` prints
    assert plain == answer.model_dump(mode="json")
    assert json.dumps(plain) == json.dumps(answer.model_dump(mode="json"))
