"""Newest first is one order: `pubchat papers`, list answers and filter-only answers agree (year-only papers too)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pubchat.cli import main

# (id, date, year): a year-only paper sorts as 1 January of its year, after that year's dated papers
PAPERS = [
    ("old", "2021-06-01", 2021),
    ("year-only", None, 2023),
    ("undated", None, None),
    ("spring", "2023-03-01", 2023),
    ("new", "2024-05-01", 2024),
    ("late", "2022-12-31", 2022),
]
NEWEST_FIRST = ["new", "spring", "year-only", "late", "old", "undated"]


@pytest.fixture()
def corpus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A corpus mixing dated, year-only and undated papers, in no particular order."""
    monkeypatch.chdir(tmp_path)  # no ./config.toml
    path = tmp_path / "mixed.jsonl"
    lines = []
    for pid, date, year in PAPERS:
        record: dict[str, object] = {"id": pid, "title": f"Boundary layers {pid}", "abstract": "Flow study."}
        if date:
            record["date"] = date
        if year:
            record["year"] = year
        lines.append(json.dumps(record))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    assert main(argv) == 0
    return capsys.readouterr().out


def test_papers_command_lists_newest_first(corpus: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = _run(["--corpus", str(corpus), "papers", "--json"], capsys)
    assert [json.loads(line)["id"] for line in out.splitlines()] == NEWEST_FIRST


@pytest.mark.parametrize("question", ["list all papers", "papers from 1990 to 2030"])
def test_list_and_filter_only_answers_use_the_same_order(
    corpus: Path, capsys: pytest.CaptureFixture[str], question: str
) -> None:
    out = _run(["--corpus", str(corpus), "ask", question, "--json", "--top-k", "10"], capsys)
    cited = [c["id"] for c in json.loads(out)["citations"]]
    dated = [pid for pid in NEWEST_FIRST if pid != "undated"]  # a year range leaves out the undated paper
    assert cited == (NEWEST_FIRST if question.startswith("list") else dated)


def test_filter_only_search_uses_the_same_order(corpus: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = _run(["--corpus", str(corpus), "search", "since 2000"], capsys)
    titles = [line.split("Boundary layers ")[1] for line in out.splitlines() if "Boundary layers " in line]
    assert titles == [pid for pid in NEWEST_FIRST if pid != "undated"]
