"""Faithful imports: every entry header in a profile page becomes a paper or a located error,
never text merged into the previous entry; the summary says how many entries were read."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pubchat.cli import main
from pubchat.corpus.profile import parse_profile_text
from pubchat.errors import CorpusError

HEADER = "Jane Doe\n\nCV\nh-index12\n3papers\n\n3 Papers\n\n"


def entry(head: str, n: int, blank_before: bool = True) -> str:
    """Entry n with its own code URL; `blank_before=False` drops the blank line before its header."""
    body = f"{head}\nTitle number {n}\n\nAnn Lee, Bo Chen\n\nAbstract {n}. Code: https://github.com/lab/repo{n}.\n"
    return ("\n" if blank_before else "") + body


@pytest.mark.parametrize(
    "head", ["CVJul 21, 2022Code", "Cv Jul 21, 2022 Code", "CVMAR 3, 2022", "CV Mar 3, 2022", "cvmar 3", "CL Apr 19"]
)
@pytest.mark.parametrize("blank_before", [True, False])
def test_header_variants_are_read_as_their_own_entry(head: str, blank_before: bool) -> None:
    """Case, spacing and a missing blank line: still two entries, each with its own code URL."""
    text = HEADER + entry("CVJan 5, 2021", 1) + entry(head, 2, blank_before)
    first, second = parse_profile_text(text, "p", 2026)
    assert first.title == "Title number 1" and second.title == "Title number 2"
    assert first.urls == ["https://github.com/lab/repo1"] and second.urls == ["https://github.com/lab/repo2"]
    assert "Title number 2" not in first.abstract


@pytest.mark.parametrize(
    ("head", "blank_before"),
    [
        ("CV Mar", True),
        ("CVMar 3, 2022 (updated)", True),
        ("CV Mar 3, 2022 extra words", False),
        ("QQJul 1, 2022", True),
    ],
)
def test_header_that_cannot_be_read_is_reported_with_its_line(head: str, blank_before: bool) -> None:
    """A line that starts like a header but holds something else is a located error, not body text."""
    text = HEADER + entry("CVJan 5, 2021", 1) + entry(head, 2, blank_before)
    line = text.split("\n").index(head) + 1
    with pytest.raises(CorpusError, match=rf"^p:{line}: field '(date|category)'"):
        parse_profile_text(text, "p", 2026)


def test_import_summary_counts_entries_read_and_papers_written(tmp_path: Path, capsys) -> None:
    page = tmp_path / "page.txt"
    page.write_text(HEADER + entry("CVJan 5, 2021", 1) + entry("Cv Feb 6, 2021", 2, False) + entry("CVMAR 7", 3))
    assert main(["import", "profile", str(page), "-o", str(tmp_path / "out.jsonl"), "--year", "2024"]) == 0
    out = capsys.readouterr().out
    assert re.search(r"read 3 entries; wrote 3 papers", out), out
    assert len((tmp_path / "out.jsonl").read_text().splitlines()) == 3


_HEADS = st.builds(
    lambda cat, mon, day, year, code, spaced: (
        f"{cat}{' ' if spaced else ''}{mon} {day}{f', {year}' if year else ''}{'Code' if code else ''}"
    ),
    st.sampled_from(["CV", "Cv", "cv", "CL", "LG"]),
    st.sampled_from(["Jan", "MAR", "jul", "Dec"]),
    st.integers(1, 28),
    st.none() | st.integers(2000, 2030),
    st.booleans(),
    st.booleans(),
)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(_HEADS, st.booleans()), min_size=1, max_size=8))
def test_every_header_becomes_one_paper_with_its_own_link(entries: list[tuple[str, bool]]) -> None:
    """Property: N headers (any case/spacing, blank line kept or dropped) -> N entries, links not shifted."""
    text = HEADER + "".join(entry(head, n, blank) for n, (head, blank) in enumerate(entries))
    parsed = parse_profile_text(text, "p", 2026)
    assert len(parsed) == len(entries)
    for n, item in enumerate(parsed):
        assert item.title == f"Title number {n}"
        assert item.urls == [f"https://github.com/lab/repo{n}"]
