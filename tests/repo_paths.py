"""Paths to the repository and the test data, shared by test modules.

A module of its own (not conftest) because tests/ and tests/tui/ each have a conftest.py, and
`from repo_paths import ...` resolves to whichever one pytest imported first.
"""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "tests" / "data"
DEV_QUESTIONS = DATA / "qa" / "dev.jsonl"
DEV2_QUESTIONS = DATA / "qa" / "dev2.jsonl"
CRANFIELD = DATA / "cranfield"
