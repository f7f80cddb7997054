"""Layering: the engine and the CLI's non-TUI path never import Textual (fast start, one engine), and a
one-question `pubchat ask` does no start-up work it does not need; comments carry no tracker references."""

from __future__ import annotations

import os
import re
import subprocess
import sys

from repo_paths import REPO

ENGINE_MODULES = [
    "pubchat.models",
    "pubchat.config",
    "pubchat.corpus",
    "pubchat.search.index",
    "pubchat.search.query",
    "pubchat.answer.compose",
    "pubchat.answer.cite",
    "pubchat.assistant",
    "pubchat.cli",
]


def test_engine_modules_do_not_import_textual() -> None:
    code = (
        "import importlib, sys\n"
        f"for name in {ENGINE_MODULES!r}:\n"
        "    importlib.import_module(name)\n"
        "from pubchat.cli import build_parser\n"
        "build_parser()\n"
        "bad = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
        "print(','.join(bad))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == ""


def test_ask_command_path_does_not_import_textual() -> None:
    code = (
        "import sys\n"
        "from pubchat.cli import main\n"
        "main(['ask', 'face anti-spoofing'])\n"
        "print('TEXTUAL' if any(m.startswith('textual') for m in sys.modules) else 'CLEAN', file=sys.stderr)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr.strip().endswith("CLEAN")


def test_one_question_ask_skips_the_importers(tmp_path) -> None:
    """A one-shot ask never imports the corpus importers (their parsers are heavy and it needs none)."""
    code = (
        "import sys\n"
        "from pubchat.cli import main\n"
        "rc = main(['ask', 'which papers study face anti-spoofing?'])\n"
        "extra = [n for n in ('pubchat.corpus.importers',) if n in sys.modules]\n"
        "print('REPORT', rc, extra, file=sys.stderr)\n"
        "built = [n for n in ('pydantic.plugin._loader', 'importlib.metadata') if n in sys.modules]\n"
        "print('VALIDATORS', built, file=sys.stderr)\n"
    )
    for cwd in (tmp_path, None):  # built-in defaults, and the repo's config.toml
        proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, cwd=cwd)
        assert proc.returncode == 0, proc.stderr
        assert proc.stderr.strip().splitlines()[-2] == "REPORT 0 []", proc.stderr[-2000:]
        if cwd is not None:  # no file read but the shipped package data: no pydantic validator is built
            assert proc.stderr.strip().splitlines()[-1] == "VALIDATORS []", proc.stderr[-2000:]


_TRACKER_REF = re.compile(r"\b" + "iss" + r"ue\s*#?\d+|\(#\d+\)", re.IGNORECASE)


def test_no_comment_or_docstring_names_an_issue_number() -> None:
    """History belongs in commit messages: code says what and why in the present tense."""
    found = []
    for folder in ("src", "tests", "benchmarks", "scripts"):
        for path in sorted((REPO / folder).rglob("*.py")):
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
                if _TRACKER_REF.search(line):
                    found.append(f"{path.relative_to(REPO)}:{number}: {line.strip()}")
    assert found == []


def test_one_shot_process_starts_without_thread_pools_or_plugin_scans() -> None:
    """Run as the process, the CLI asks for one BLAS thread and no pydantic plugin scan (nothing loads them);
    a value the user set is kept."""
    code = (
        "import os, sys\n"
        "sys.argv = ['pubchat', 'ask', 'face anti-spoofing']\n"
        "from pubchat.cli import main\n"
        "rc = main()\n"
        "import pydantic.plugin._loader as loader\n"
        "print('REPORT', rc, os.environ['OPENBLAS_NUM_THREADS'], os.environ['PYDANTIC_DISABLE_PLUGINS'],"
        " loader._plugins is None, file=sys.stderr)\n"
    )
    env = {k: v for k, v in os.environ.items() if k not in ("OPENBLAS_NUM_THREADS", "PYDANTIC_DISABLE_PLUGINS")}
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, env=env)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr.strip().splitlines()[-1] == "REPORT 0 1 __all__ True"
    env["OPENBLAS_NUM_THREADS"] = "2"
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, env=env)
    assert proc.stderr.strip().splitlines()[-1] == "REPORT 0 2 __all__ True"
