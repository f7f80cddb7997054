"""Property tests (hypothesis, bounded): no input string crashes ask(), importers and the config
loader fail only with their documented errors, and explicit filter syntax round-trips."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from pubchat.assistant import Assistant
from pubchat.config import Settings, parse_settings, read_settings_file
from pubchat.corpus.importers import import_source
from pubchat.errors import ConfigError, CorpusError
from pubchat.models import Answer, Filters, Paper
from pubchat.search.index import Index
from pubchat.search.query import format_filters, parse_query

FAST = settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))

# Every character class, lone surrogates (Cs) and controls (Cc) included.
ANY_CHAR = st.characters(codec=None, categories=None)
FILTER_WORDS = [
    "since",
    "before",
    "after",
    "between",
    "in",
    "2019",
    "2023",
    "2024",
    "..",
    "with",
    "code",
    "without",
    "by",
    "author:",
    "year:",
    "code:",
    "cat:",
    "cs.CV",
    "cs.CL",
    "recent",
    "latest",
    "how",
    "many",
    "list",
    "all",
    "cite",
    "bibtex",
    "apa",
    "[1]",
    "Weihong",
    "Deng",
    "Mei",
    "Wang",
    "papers",
    '"',
    "'",
    ":",
    "-",
    "?",
    "\u200f",
    "\u202e",
    "\x00",
]


@pytest.fixture(scope="module")
def assistant(shipped_papers: list[Paper]) -> Assistant:
    """One assistant (index built once) shared by the properties."""
    return Assistant(shipped_papers, Settings())


def _check(answer: Answer, question: str) -> None:
    """What every answer must satisfy: a valid contract object that serialises."""
    assert isinstance(answer, Answer)
    Answer.model_validate_json(answer.model_dump_json())
    assert answer.total >= len(answer.citations)


@FAST
@given(st.text(alphabet=ANY_CHAR, max_size=400))
@example("")
@example("   \t\n ")
@example("\x00" * 50)
@example("\ud800\udfff\udbff lone surrogates")
@example("ما هي أوراق التعرف على الوجه؟ שלום")
@example(
    'year:2023 author:"Mei Wang" code:yes cat:cs.CV since 2022 before 2024 with code by Weihong Deng '
    "how many list all cite bibtex [1]"
)
def test_ask_never_raises_on_any_string(assistant: Assistant, question: str) -> None:
    """Any text at all (controls, surrogates, RTL, filter words) gets an Answer."""
    _check(assistant.ask(question), question)


@FAST
@given(st.lists(st.sampled_from(FILTER_WORDS), max_size=25).map(" ".join))
def test_ask_never_raises_on_filter_word_soup(assistant: Assistant, question: str) -> None:
    """Any combination of filter keywords, years, names and syntax gets an Answer."""
    _check(assistant.ask(question), question)


@settings(max_examples=5, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    st.text(alphabet=st.characters(exclude_categories=("Cc", "Cs", "Cf")), max_size=12).map(
        lambda s: f"face {s} recognition "
    )
)
def test_overlong_questions_are_truncated_with_a_notice(assistant: Assistant, unit: str) -> None:
    """A 100,000-character question of visible text is cut to search.max_query_chars and the answer says so.

    (Control characters are left out here: terminal-safety cleaning removes them, which can leave
    nothing over-long; the any-string property above covers them.)
    """
    limit = assistant.settings.search.max_query_chars
    question = (unit * (100_000 // len(unit) + 1))[:100_000]
    answer = assistant.ask(question)
    _check(answer, question)
    assert len(answer.question) <= limit
    assert str(limit) in answer.answer


@FAST
@given(st.binary(max_size=600))
@example(b"\xff\xfe\x00\x00")
@example(b'{"id": "x", "title": "t", "year": 99999}\n')
@example(b"[" * 5000)
def test_importers_raise_only_corpus_error(tmp_path_factory: pytest.TempPathFactory, data: bytes) -> None:
    """profile, jsonl and beir importers on arbitrary bytes: papers or CorpusError, nothing else."""
    folder = tmp_path_factory.mktemp("imp")
    source = folder / "corpus.jsonl"
    source.write_bytes(data)
    for fmt in ("profile", "jsonl", "beir"):
        try:
            result = import_source(fmt, source, page_year=2025)
        except CorpusError as exc:
            assert "\n" not in str(exc)
        else:
            assert all(isinstance(p, Paper) for p in result.papers)


@FAST
@given(st.binary(max_size=400))
@example(b"[search]\nk1 = 'x'\n")
@example(b"[search]\nbackend = 'gpu'\n")
@example(b"\xef\xbb\xbf[cache]\nmin_docs = -1\n")
def test_config_loader_raises_only_config_error(tmp_path_factory: pytest.TempPathFactory, data: bytes) -> None:
    """read_settings_file / parse_settings on arbitrary bytes: Settings or ConfigError."""
    path = tmp_path_factory.mktemp("cfg") / "config.toml"
    path.write_bytes(data)
    for call in (lambda: read_settings_file(path), lambda: parse_settings(data.decode("utf-8", "replace"), "x.toml")):
        try:
            assert isinstance(call(), Settings)
        except ConfigError as exc:
            assert "\n" not in str(exc)


@pytest.fixture(scope="module")
def index(shipped_papers: list[Paper]) -> Index:
    """The shipped corpus index (for the filter round trip)."""
    return Index.build(shipped_papers, Settings().search)


@FAST
@given(data=st.data())
def test_explicit_filter_syntax_round_trips(index: Index, data: st.DataObject) -> None:
    """format_filters(f) parsed again gives f back (years, existing authors, code, categories)."""
    years = [p.year for p in index.papers if p.year is not None]
    lo = data.draw(st.none() | st.integers(min(years), max(years)))
    hi = data.draw(st.none() | st.integers(lo or min(years), max(years)))
    filters = Filters(
        year_min=lo,
        year_max=hi,
        authors=data.draw(st.lists(st.sampled_from(index.author_names), max_size=2, unique=True)),
        has_code=data.draw(st.none() | st.booleans()),
        categories=data.draw(
            st.lists(st.sampled_from(sorted({p.category for p in index.papers if p.category})), max_size=2, unique=True)
        ),
    )
    parsed = parse_query(format_filters(filters), index, index.settings)
    assert parsed.filters == filters
    assert parsed.text.strip() == ""
