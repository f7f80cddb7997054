"""Bounded inputs: only regular files are read, big numbers and deep nesting are located errors,
settings that cannot work are rejected, and every regex over user text finishes on adversarial sizes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pubchat.config import parse_settings
from pubchat.corpus.text import find_urls
from pubchat.errors import ConfigError, PubchatError
from pubchat.evaluate import read_beir_qrels, read_beir_queries, read_qa


def run(*args: str) -> subprocess.CompletedProcess[str]:
    """`pubchat ARGS` as a real process (a hang fails on the timeout instead of blocking the suite)."""
    return subprocess.run([sys.executable, "-m", "pubchat", *args], capture_output=True, text=True, timeout=30)


def one_error_line(result: subprocess.CompletedProcess[str], *needles: str) -> None:
    """Exit 2, nothing on stdout, exactly one stderr line holding every needle, no traceback."""
    assert result.returncode == 2, result
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("pubchat: error: ") and "Traceback" not in result.stderr
    for needle in needles:
        assert needle in lines[0], lines[0]


@pytest.fixture
def fifo(tmp_path: Path) -> Path:
    """A named pipe nobody writes to (reading it would block forever)."""
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs on this platform")
    path = tmp_path / "pipe"
    os.mkfifo(path)
    return path


def test_fifo_as_config_or_corpus_or_import_source_is_one_line(fifo: Path, tmp_path: Path) -> None:
    one_error_line(run("--config", str(fifo), "papers"), str(fifo), "FIFO")
    one_error_line(run("--corpus", str(fifo), "papers"), str(fifo), "FIFO")
    one_error_line(run("import", "profile", str(fifo), "-o", str(tmp_path / "o.jsonl")), "FIFO")
    one_error_line(run("import", "jsonl", str(fifo), "-o", str(tmp_path / "o.jsonl")), "FIFO")


def test_device_and_directory_are_one_line(tmp_path: Path) -> None:
    if Path("/dev/zero").exists():
        one_error_line(run("--corpus", "/dev/zero", "papers"), "/dev/zero", "device")
        one_error_line(run("--config", "/dev/zero", "papers"), "/dev/zero", "device")
    one_error_line(run("--corpus", str(tmp_path), "ask", "faces"), "directory")


def test_five_thousand_digit_year_is_a_located_error(tmp_path: Path) -> None:
    corpus = tmp_path / "c.jsonl"
    corpus.write_text('{"id": "a", "title": "T"}\n{"id": "b", "title": "U", "year": ' + "9" * 5000 + "}\n")
    one_error_line(run("--corpus", str(corpus), "papers"), "c.jsonl:2", "4,300 digits")


def test_big_integer_and_deep_nesting_in_toml_are_located(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"^cfg:3: invalid TOML: a number over 4,300 digits"):
        parse_settings("[search]\n\nk1 = " + "1" * 5000 + "\n", "cfg")
    with pytest.raises(ConfigError, match=r"^cfg: invalid TOML: nested too deeply"):
        parse_settings("x = " + "[" * 50_000 + "]" * 50_000 + "\n", "cfg")


def test_deep_json_nesting_in_corpus_is_located(tmp_path: Path) -> None:
    corpus = tmp_path / "c.jsonl"
    corpus.write_text('{"id": "a", "title": "T", "authors": ' + "[" * 100_000 + "]" * 100_000 + "}\n")
    one_error_line(run("--corpus", str(corpus), "papers"), "c.jsonl:1", "nested too deeply")


def test_config_size_limit(tmp_path: Path) -> None:
    config = tmp_path / "big.toml"
    config.write_text("# " + "x" * (1 << 20) + "\n")
    one_error_line(run("--config", str(config), "config"), "big.toml", "limit")


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("[search]\nk1 = 0\n", "search.k1"),
        ("[search]\ntitle_weight = 0\nabstract_weight = 0\nauthors_weight = 0\n", "search.title_weight"),
    ],
)
def test_settings_that_cannot_work_name_their_key(text: str, key: str) -> None:
    with pytest.raises(ConfigError, match=rf"^cfg: key '{key}'"):
        parse_settings(text, "cfg")
    parse_settings(text.replace("= 0\n", "= 0.5\n", 1), "cfg")  # one usable value is enough


def test_undecodable_eval_files_are_located_errors(tmp_path: Path) -> None:
    qa = tmp_path / "qa.jsonl"
    qa.write_bytes(b'{"question": "ok"}\n{"question": "caf\xe9"}\n')
    with pytest.raises(PubchatError, match=r"qa\.jsonl:2: not UTF-8"):
        read_qa(qa)
    (tmp_path / "qrels").mkdir()
    (tmp_path / "queries.jsonl").write_bytes(b'{"_id": "1", "text": "\xff"}\n')
    (tmp_path / "qrels" / "test.tsv").write_bytes(b"q\td\ts\n1\t\xfe\t1\n")
    with pytest.raises(PubchatError, match=r"queries\.jsonl:1: not UTF-8"):
        read_beir_queries(tmp_path)
    with pytest.raises(PubchatError, match=r"test\.tsv:2: not UTF-8"):
        read_beir_qrels(tmp_path)
    (tmp_path / "queries.jsonl").write_text('{"_id": 1, "text": ' + "7" * 5000 + "}\n")
    with pytest.raises(PubchatError, match=r"queries\.jsonl:1: not a query record"):
        read_beir_queries(tmp_path)


def test_unwritable_run_path_is_one_line(tmp_path: Path) -> None:
    beir = tmp_path / "beir"
    (beir / "qrels").mkdir(parents=True)
    (beir / "corpus.jsonl").write_text('{"_id": "d1", "title": "wings", "text": "lift of wings"}\n')
    (beir / "queries.jsonl").write_text('{"_id": "q1", "text": "wings"}\n')
    (beir / "qrels" / "test.tsv").write_text("query-id\tcorpus-id\tscore\nq1\td1\t1\n")
    one_error_line(run("eval", "beir", str(beir), "--run", str(tmp_path / "missing" / "run.txt")), "run.txt")
    one_error_line(run("eval", "beir", str(beir), "--run", str(tmp_path)), "directory")


def test_thirty_thousand_urls_in_one_abstract() -> None:
    """Adversarial size: finding 30k URLs is a linear scan (it used to slice the text per URL)."""
    text = " ".join(f"code at https://github.com/u{i}/repo{i}." for i in range(30_000))
    urls = find_urls(text)
    assert len(urls) == 30_000 and urls[-1] == "https://github.com/u29999/repo29999"
    assert find_urls("https://a.io/ " + "x/ " * 50_000)[0].startswith("https://a.io/x/x/")


def test_since_2020_ten_thousand_times(shipped_papers) -> None:
    """Adversarial size: a year phrase repeated 10k times parses in one pass (one filter, no hang)."""
    from pubchat.config import SearchSettings
    from pubchat.search.index import Index
    from pubchat.search.query import parse_query

    settings = SearchSettings(max_query_chars=100_000)
    query = parse_query("since 2020 " * 10_000, Index.build(shipped_papers, settings), settings)
    assert query.filters.year_min == 2020


def test_sentence_case_on_a_hyphen_chain_abstract() -> None:
    """APA title casing reads the abstract once per title (no scan per word and start position)."""
    from pubchat.answer.cite import sentence_case

    abstract = "a-" * 50_000 + " we use Gaussian noise"
    assert sentence_case("Gaussian Noise Models " * 200, abstract).startswith("Gaussian noise models Gaussian")


def test_long_escape_runs_clean_linearly() -> None:
    """The gate itself on many unterminated introducers and C1 string starts."""
    from pubchat.textsafe import clean

    assert clean("\x1b]" * 100_000 + "end") == "end"
    assert clean("\x9d" * 100_000 + "end") == "end"
    assert clean("\x1b[" * 100_000 + "mend") == "end"
    assert json.dumps(clean("\x1bP" + "q" * 200_000)).count("q") == 200_000


@pytest.mark.parametrize("size", [1, 2])
def test_tiny_corpus_matches_its_own_titles(tmp_path: Path, size: int) -> None:
    """BM25's idf is not positive for a term in half the papers: a 1-2 paper corpus must still match."""
    from pubchat.config import Settings
    from pubchat.engine import open_assistant

    titles = ["Face anti-spoofing with depth maps", "Noisy label facial expression recognition"][:size]
    corpus = tmp_path / "tiny.jsonl"
    corpus.write_text(
        "".join(json.dumps({"id": f"p{i}", "title": t, "abstract": t + "."}) + "\n" for i, t in enumerate(titles))
    )
    assistant = open_assistant(Settings(), corpus)
    for title in titles:
        answer = assistant.ask(title)
        assert answer.citations and answer.citations[0].title == title, answer.answer


_TOML_PIECES = st.sampled_from(
    [
        "[search]",
        "[cache]",
        "[tui]",
        "k1",
        "b",
        "min_docs",
        "theme",
        "=",
        " = ",
        "\n",
        '"',
        "'",
        "0",
        "1e999",
        "-1",
        "9" * 4400,
        "[[",
        "]]",
        "{",
        "}",
        "true",
        "nan",
        "\x1b]52;c;QQ==\x07",
        "\\u001b",
        "é",
        "#",
        ",",
        ".",
    ]
) | st.text(max_size=5)


@settings(max_examples=80, deadline=None)
@given(st.lists(_TOML_PIECES, max_size=25).map("".join))
def test_config_loader_never_raises_anything_but_a_one_line_config_error(text: str) -> None:
    """Property: any text is Settings or a ConfigError on one inert line naming the source."""
    try:
        parse_settings(text, "cfg.toml")
    except ConfigError as exc:
        message = str(exc)
        assert message.startswith("cfg.toml") and "\n" not in message
        assert "\x1b" not in message and "\x07" not in message
