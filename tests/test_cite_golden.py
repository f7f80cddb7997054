"""Golden references: one file per citation format, reviewed for readability.

Regenerate after an intended change with `PUBCHAT_UPDATE_GOLDEN=1 pytest tests/test_cite_golden.py`
and read the diff before committing it.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from pubchat.answer.cite import cite_keys, format_references
from pubchat.models import Paper

GOLDEN = Path(__file__).parent / "golden"

CITE_TITLES = ("Learn From All", "SFace", "MMFakeBench")
CITE_FILES = {"bibtex": "cite_bibtex.bib", "apa": "cite_apa.txt", "plain": "cite_plain.txt", "md": "cite_md.md"}


def check(name: str, actual: str) -> None:
    """Compare with (or, with PUBCHAT_UPDATE_GOLDEN=1, write) the golden file."""
    path = GOLDEN / name
    if os.environ.get("PUBCHAT_UPDATE_GOLDEN") == "1":
        path.write_text(actual, encoding="utf-8")
    assert path.exists(), f"missing golden file {path}; run with PUBCHAT_UPDATE_GOLDEN=1 and review it"
    assert actual == path.read_text(encoding="utf-8"), f"{name} changed; review and regenerate if intended"


@pytest.mark.parametrize("fmt", list(CITE_FILES))
def test_citation_format_golden(fmt: str, shipped_papers: list[Paper]) -> None:
    papers = [next(p for p in shipped_papers if p.title.startswith(t)) for t in CITE_TITLES]
    check(CITE_FILES[fmt], format_references(papers, fmt, cite_keys(shipped_papers)) + "\n")  # type: ignore[arg-type]
