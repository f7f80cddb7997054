"""An answer over many matching papers reads only the papers it shows; its counts and figures over all of
them come from the index's columns and equal what reading every paper gives."""

from __future__ import annotations

from pathlib import Path

from pubchat.assistant import Assistant
from pubchat.config import Settings
from pubchat.corpus.lazy import LazyPapers
from pubchat.corpus.store import dump_jsonl, load_corpus
from pubchat.models import Paper
from pubchat.search.cache import load_or_build_index, stored_papers

N = 300


def _papers() -> list[Paper]:
    """N papers on turbine blade cooling (years 2001-2020, every seventh with code), and a few others."""
    topics = ("film cooling", "vortex shedding", "heat transfer", "tip leakage", "trailing edge")
    out = [
        Paper(
            id=f"p{i}",
            title=f"Turbine blade {topics[i % 5]} study {i}",
            abstract=f"We measure turbine blade {topics[i % 5]} in case {i}. Cooling gains {i} percent.",
            year=2001 + i % 20,
            has_code=i % 7 == 0,
            authors=[f"Author {i % 11}"],
        )
        for i in range(N)
    ]
    out += [Paper(id=f"q{i}", title=f"Unrelated topic {i}", abstract="Nothing about it.") for i in range(5)]
    return out


def _assistants(tmp_path: Path) -> tuple[Assistant, Assistant, LazyPapers]:
    """One assistant over the papers read on demand from their index file, one over the parsed papers."""
    settings = Settings.model_validate({"cache": {"dir": str(tmp_path / "cache"), "min_docs": 0}})
    corpus = tmp_path / "papers.jsonl"
    corpus.write_text(dump_jsonl(_papers()), encoding="utf-8")
    load_or_build_index(load_corpus(corpus), settings, corpus)
    lazy = stored_papers(corpus, settings)
    assert isinstance(lazy, LazyPapers)
    return Assistant(lazy, settings, corpus), Assistant(load_corpus(corpus), settings), lazy


def _parsed(papers: LazyPapers) -> int:
    """How many records have been parsed into papers so far."""
    return sum(1 for i in range(len(papers)) if papers._papers[i] is not None)


def test_a_count_over_many_papers_reads_only_those_it_lists(tmp_path) -> None:
    """'how many papers on turbine blade cooling' counts all 300 with their year span and code figures,
    parsing only the 25 papers it lists."""
    lazy_assistant, plain, lazy = _assistants(tmp_path)
    question = "how many papers on turbine blade cooling?"
    answer = lazy_assistant.ask(question)
    said = " ".join(answer.answer.split())
    assert answer.total == N and f"(2001–2020, {len(range(0, N, 7))} with code)" in said
    assert _parsed(lazy) <= 30
    assert answer == plain.ask(question)


def test_answers_over_hits_read_on_demand_equal_answers_over_every_paper(tmp_path) -> None:
    """Topic, list, yes/no, author and filtered questions answer the same from the index file as from the
    parsed papers."""
    lazy_assistant, plain, _ = _assistants(tmp_path)
    for question in (
        "turbine blade film cooling",
        "which papers study vortex shedding on turbine blades since 2015?",
        "is there anything about tip leakage?",
        "have they worked on trailing edge cooling with code?",
        "papers by Author 3",
        "turbine blade heat transfer from 2030",
        "what is the newest paper on blade cooling?",
    ):
        assert lazy_assistant.ask(question) == plain.ask(question), question
