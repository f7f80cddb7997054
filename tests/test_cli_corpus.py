"""CLI: `import`, `papers`, `config`; errors are one line on stderr with exit status 2."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from repo_paths import REPO

from pubchat.cli import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_papers_lists_newest_first_with_code_flags(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "papers")
    lines = out.splitlines()
    assert code == 0 and lines[0].split() == ["id", "year", "code", "title"]
    assert lines[-1] == "50 papers"
    years = [int(line.split()[1]) for line in lines[1:-1]]
    assert years == sorted(years, reverse=True) and years[0] == 2026
    assert any("  code  Learn From All" in line for line in lines)


def test_config_prints_effective_settings_and_source(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cfg = tmp_path / "c.toml"
    cfg.write_text("[answer]\ntop_k = 9\n", encoding="utf-8")
    code, out, _ = run(capsys, "--config", str(cfg), "config")
    assert code == 0
    assert out.startswith(f"# settings from: {cfg}")
    assert "[answer]\ntop_k = 9" in out and "[search]" in out


def test_bad_config_is_one_line_error_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cfg = tmp_path / "c.toml"
    cfg.write_text("[tui]\nhistory_size = -4\n", encoding="utf-8")
    code, out, err = run(capsys, "--config", str(cfg), "papers")
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith(f"pubchat: error: {cfg}: key 'tui.history_size'")


def test_import_writes_a_corpus_the_other_commands_can_use(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out_file = tmp_path / "mine.jsonl"
    code, out, err = run(
        capsys,
        "import",
        "profile",
        str(REPO / "corpus" / "weihong-deng-profile.txt"),
        "--year",
        "2026",
        "--enrich",
        str(REPO / "corpus" / "seed_arxiv.json"),
        "-o",
        str(out_file),
    )
    assert code == 0 and err == ""
    assert "wrote 50 papers" in out and "50 with arXiv ids" in out
    assert out_file.read_bytes() == (REPO / "corpus" / "papers.jsonl").read_bytes()


def test_import_of_a_broken_page_fails_with_place(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = tmp_path / "page.txt"
    page.write_text("Name\n\nCVJul 21, 2022Code\nA title only\n", encoding="utf-8")
    code, _, err = run(capsys, "import", "profile", str(page), "-o", str(tmp_path / "o.jsonl"))
    assert (
        code == 2
        and err.strip() == f"pubchat: error: {page}:4: field 'authors': missing after the title (truncated entry?)"
    )
    assert not (tmp_path / "o.jsonl").exists()


def test_corrupt_corpus_line_via_cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "papers.jsonl"
    bad.write_text(
        '{"id": "a", "title": "T", "year": 2020}\n{"id": "b", "title": "U", "year": "x"}\n', encoding="utf-8"
    )
    code, _, err = run(capsys, "--corpus", str(bad), "papers")
    assert code == 2 and f"{bad}:2: field 'year':" in err and "Traceback" not in err


def test_python_dash_m_entry_point_works_outside_the_repo(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "pubchat", "papers"], cwd=tmp_path, capture_output=True, text=True, timeout=60
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines()[-1] == "50 papers"
