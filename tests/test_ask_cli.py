"""`pubchat ask` and `pubchat cite` as a user runs them: formats, JSON Lines on stdin, terminal safety."""

from __future__ import annotations

import io
import json
import sys

import bibtexparser
import pytest

from pubchat.cli import main
from pubchat.models import Answer


def run(
    argv: list[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, stdin: str | None = None
) -> tuple[int, str, str]:
    """Run the CLI in-process; return (status, stdout, stderr)."""
    monkeypatch.chdir(monkeypatch_dir())  # no ./config.toml from the cwd
    if stdin is not None:
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    status = main(argv)
    out, err = capsys.readouterr()
    return status, out, err


def monkeypatch_dir() -> str:
    """A directory without config.toml."""
    import tempfile

    return tempfile.gettempdir()


def test_ask_stdin_json_lines_in_scope_and_out_of_scope(capsys, monkeypatch) -> None:
    status, out, _ = run(["ask", "-", "--json"], capsys, monkeypatch, stdin="face anti-spoofing\nbest ramen recipe\n")
    assert status == 0
    lines = out.splitlines()
    assert len(lines) == 2
    first, second = (Answer.model_validate(json.loads(line)) for line in lines)
    assert first.citations and first.question == "face anti-spoofing"
    assert "Anti-Spoofing" in first.citations[0].title
    assert second.citations == [] and second.total == 0
    assert "Nothing in this list matches" in second.answer


def test_ask_count_states_the_exact_number(capsys, monkeypatch) -> None:
    status, out, _ = run(["ask", "how many papers on oracle characters"], capsys, monkeypatch)
    assert status == 0
    assert out.startswith("4 papers in this list")


def test_ask_formats(capsys, monkeypatch) -> None:
    _, text, _ = run(["ask", "face anti-spoofing"], capsys, monkeypatch)
    _, markdown, _ = run(["ask", "face anti-spoofing", "--format", "markdown"], capsys, monkeypatch)
    _, js, _ = run(["ask", "face anti-spoofing", "--format", "json", "--top-k", "1"], capsys, monkeypatch)
    assert "**" not in text and "References" in text
    assert "**References**" in markdown
    assert max(len(line) for line in text.splitlines()) <= 80 or "http" in max(text.splitlines(), key=len)
    answer = Answer.model_validate_json(js)
    assert len(answer.citations) == 1


def test_ask_never_prints_escape_sequences(capsys, monkeypatch) -> None:
    nasty = "face \x1b[31manti\x1b[0m-spoofing \x07\x00 \x1b]0;pwned\x07"
    for fmt in ("text", "markdown", "json"):
        status, out, _ = run(["ask", nasty, "--format", fmt], capsys, monkeypatch)
        assert status == 0
        assert "\x1b" not in out and "\x07" not in out and "\x00" not in out


def test_ask_rejects_bad_top_k_with_one_line(capsys, monkeypatch) -> None:
    status, out, err = run(["ask", "x", "--top-k", "0"], capsys, monkeypatch)
    assert status == 2 and out == ""
    assert err.strip().count("\n") == 0 and "--top-k" in err


def test_cite_by_id_key_and_title_words(capsys, monkeypatch, shipped_papers) -> None:
    first = shipped_papers[0]
    status, out, _ = run(["cite", first.id, "SFace", "--format", "bibtex"], capsys, monkeypatch)
    assert status == 0
    library = bibtexparser.parse_string(out)
    assert len(library.entries) == 2 and not library.failed_blocks
    assert library.entries[0].fields_dict["eprint"].value == first.arxiv_id
    assert "SFace" in library.entries[1].fields_dict["title"].value
    key = library.entries[1].key
    _, apa, _ = run(["cite", key, "--format", "apa"], capsys, monkeypatch)
    assert apa.startswith("Zhong, Y.") and "(arXiv:" in apa


def test_cite_unknown_paper_is_a_one_line_error(capsys, monkeypatch) -> None:
    status, out, err = run(["cite", "zzzz qqqq xxxx"], capsys, monkeypatch)
    assert status == 2 and out == ""
    assert "no paper matches" in err and err.count("\n") == 1


def test_cite_ambiguous_words_exit_2_listing_every_candidate(capsys, monkeypatch) -> None:
    status, out, err = run(["cite", "oracle"], capsys, monkeypatch)
    assert status == 2 and out == ""
    assert "4 papers match 'oracle'; which one?" in err
    assert [line.split("]")[0].strip() for line in err.splitlines() if line.strip().startswith("[")] == [
        "[1",
        "[2",
        "[3",
        "[4",
    ]


def test_cite_a_name_of_one_paper_prints_one_reference(capsys, monkeypatch) -> None:
    status, out, _ = run(["cite", "SFace"], capsys, monkeypatch)
    assert status == 0
    library = bibtexparser.parse_string(out)
    assert len(library.entries) == 1 and "SFace" in library.entries[0].fields_dict["title"].value


def test_cite_function_words_never_pick_a_paper(capsys, monkeypatch) -> None:
    status, out, err = run(["cite", "the"], capsys, monkeypatch)
    assert status == 2 and out == "" and "no paper matches 'the'" in err


def test_cite_words_match_a_hyphenated_title_written_with_a_space(capsys, monkeypatch) -> None:
    """People type "oracle mnist" for "Oracle-MNIST": the citation finds that one paper instead of none."""
    status, out, err = run(["cite", "oracle mnist", "--format", "bibtex"], capsys, monkeypatch)
    assert status == 0, err
    assert out.count("@") == 1 and "Oracle-MNIST" in out
