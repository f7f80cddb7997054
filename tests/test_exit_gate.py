"""The terminal-safety gate at every CLI exit, checked on the raw bytes a real process writes.

Hostile fields carry OSC 52 (clipboard write), RIS (`ESC c`, resets the terminal), DCS queries and C1
controls; none may reach stdout or stderr, and one unterminated sequence must not eat later text.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import bibtexparser
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pubchat.cli import main
from pubchat.textsafe import clean

HOSTILE = ("\x1b]52;c;cHduZWQ=\x07", "\x1bc", "\x1bP+q544e\x1b\\", "\x9b31m", "\x9d0;x\x9c", "\x90q\x9c", "\x85\x8d")
UNTERMINATED = "\x1b]0;"
# Bytes no terminal-safe output may hold: ESC, BEL, and C1 controls as UTF-8 (C2 80..C2 9F).
FORBIDDEN = [b"\x1b", b"\x07"] + [bytes([0xC2, c]) for c in range(0x80, 0xA0)]


def assert_inert(raw: bytes) -> None:
    """No escape, BEL or C1 control byte in output bytes."""
    for bad in FORBIDDEN:
        assert bad not in raw, (bad, raw[:300])


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[bytes]:
    """`pubchat ARGS` as a real process; its raw stdout/stderr bytes (a hang fails on the timeout)."""
    return subprocess.run(
        [sys.executable, "-m", "pubchat", *args],
        input=stdin.encode() if stdin is not None else None,
        capture_output=True,
        timeout=60,
    )


def write_corpus(path: Path, records: list[dict[str, object]]) -> Path:
    """A JSONL corpus file (JSON escapes keep the hostile characters exact)."""
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def paper(pid: str, title: str, **extra: object) -> dict[str, object]:
    """A minimal corpus record."""
    return {"id": pid, "title": title, "authors": ["Ann Lee"], "year": 2022, "abstract": "About things.", **extra}


def test_error_line_with_hostile_jsonl_key_is_one_inert_line(tmp_path: Path) -> None:
    """An unknown field named with escapes: one error line, exit 2, no escape byte on stderr."""
    bad = {**paper("a", "T"), "x" + "".join(HOSTILE): 1}
    result = run("--corpus", str(write_corpus(tmp_path / "c.jsonl", [bad])), "papers")
    assert result.returncode == 2
    assert_inert(result.stderr)
    lines = result.stderr.decode().splitlines()
    assert len(lines) == 1 and "c.jsonl:1" in lines[0] and "unknown field" in lines[0]


def test_error_line_with_hostile_toml_key_is_one_inert_line(tmp_path: Path) -> None:
    """A config key spelled with escapes (TOML basic-string key) is named without them."""
    key = "".join(HOSTILE).replace("\x1b", "\\u001b").replace("\x07", "\\u0007")
    for ch in "\x9b\x9d\x9c\x90\x85\x8d":
        key = key.replace(ch, f"\\u{ord(ch):04x}")
    config = tmp_path / "config.toml"
    config.write_text(f'[search]\n"{key}" = 1\n', encoding="utf-8")
    result = run("--config", str(config), "config")
    assert result.returncode == 2
    assert_inert(result.stderr)
    assert len(result.stderr.splitlines()) == 1 and b"unknown key" in result.stderr


def test_argparse_messages_pass_the_gate() -> None:
    """argparse echoes unknown arguments verbatim; through the gate they lose their escapes."""
    result = run("papers", "--x\x1bc\x1b]52;c;QQ==\x07")
    assert result.returncode == 2
    assert_inert(result.stderr)
    assert b"unrecognized arguments" in result.stderr


def test_cite_and_ask_and_papers_output_is_inert(tmp_path: Path) -> None:
    """Titles, authors and abstracts full of escapes: every output format writes none of them."""
    hostile = "".join(HOSTILE)
    corpus = write_corpus(
        tmp_path / "c.jsonl",
        [
            paper("a", f"Face {hostile} recognition", authors=[f"Ann {hostile} Lee"], abstract=f"Faces {hostile}."),
            paper("b", "Speech tagging", abstract="Speech."),
        ],
    )
    for fmt in ("bibtex", "apa", "plain", "md"):
        result = run("--corpus", str(corpus), "cite", "a", "b", "--format", fmt)
        assert result.returncode == 0, result.stderr
        assert_inert(result.stdout)
    for args in (("ask", "face recognition"), ("ask", "--json", "face"), ("papers",), ("papers", "--json")):
        result = run("--corpus", str(corpus), *args)
        assert result.returncode == 0, result.stderr
        assert_inert(result.stdout)
    result = run("--corpus", str(corpus), "ask", "-", stdin=f"face {hostile}\n")
    assert_inert(result.stdout)


def test_unterminated_osc_in_a_title_never_eats_later_references(tmp_path: Path) -> None:
    """`ESC ]` without its terminator in the first title; a later title holds a BEL: both references print."""
    corpus = write_corpus(
        tmp_path / "c.jsonl",
        [paper("a", f"First {UNTERMINATED}title"), paper("b", "Second paper"), paper("c", "Third \x07 paper")],
    )
    for fmt in ("bibtex", "apa", "plain", "md"):
        result = run("--corpus", str(corpus), "cite", "a", "b", "c", "--format", fmt)
        out = result.stdout.decode()
        assert_inert(result.stdout)
        assert "First" in out and "Second paper" in out and "Third" in out, out


def test_clean_keeps_text_after_an_unterminated_sequence() -> None:
    """Each unterminated string sequence loses only its introducer."""
    for intro in ("\x1b]", "\x1bP", "\x1b_", "\x1b^", "\x1bX", "\x9d", "\x90"):
        assert clean(f"a{intro}0;title b").endswith("title b")


# ---- property: BibTeX output always parses and holds every entry ----------------------------------

_PIECES = st.characters(blacklist_categories=("Cs",), max_codepoint=0x2FFF) | st.sampled_from(
    ["{", "}", "\\", "%", "@", "#", "\x1b", "\x07", "\x9b", "\x9c", "\x9d", ",", "=", '"', " and ", "\x1b]0;", "others"]
)  # printable or control characters (no lone surrogates), plus BibTeX's and terminals' special pieces
_ANY_TEXT = st.lists(_PIECES, min_size=1, max_size=30).map("".join).filter(lambda s: s.strip() != "")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(titles=st.lists(_ANY_TEXT, min_size=1, max_size=3), author=_ANY_TEXT, other=_ANY_TEXT)
def test_bibtex_for_any_title_parses_and_holds_every_entry(tmp_path: Path, capsys, titles, author, other) -> None:
    """`pubchat cite --format bibtex` over papers with any printable-or-control titles, author and
    publication details (venue, pages, DOI, the source's own citation key)."""
    details = {"venue": other, "pages": other, "volume": other, "publisher": other, "doi": other, "keywords": [other]}
    records = [
        paper(f"p{i}", title, authors=[author, "Bo Chen"], citation_key=other, **(details if i % 2 else {}))
        for i, title in enumerate(titles)
    ]
    corpus = write_corpus(tmp_path / "prop.jsonl", records)
    capsys.readouterr()
    status = main(["--corpus", str(corpus), "cite", *[f"p{i}" for i in range(len(titles))], "--format", "bibtex"])
    out = capsys.readouterr().out
    assert status == 0
    assert_inert(out.encode("utf-8"))
    library = bibtexparser.parse_string(out)
    assert not library.failed_blocks
    assert len(library.entries) == len(titles)
    for entry in library.entries:
        authors = entry.fields_dict["author"].value
        expected = "Bo Chen" if not clean(author).strip() else " and Bo Chen"  # a name of controls only is empty
        assert authors.endswith(expected) and authors.count(" and ") <= 1 + author.count(" and ")
