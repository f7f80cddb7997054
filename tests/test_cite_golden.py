"""Golden references: one file per citation format, reviewed for readability.

Regenerate after an intended change with `PUBCHAT_UPDATE_GOLDEN=1 pytest tests/test_cite_golden.py`
and read the diff before committing it.
"""

from __future__ import annotations

import pytest

from pubchat.answer.cite import cite_keys, format_references
from pubchat.models import Paper

from test_answer_golden import check

CITE_TITLES = ("Learn From All", "SFace", "MMFakeBench")
CITE_FILES = {"bibtex": "cite_bibtex.bib", "apa": "cite_apa.txt", "plain": "cite_plain.txt", "md": "cite_md.md"}


@pytest.mark.parametrize("fmt", list(CITE_FILES))
def test_citation_format_golden(fmt: str, shipped_papers: list[Paper]) -> None:
    papers = [next(p for p in shipped_papers if p.title.startswith(t)) for t in CITE_TITLES]
    check(CITE_FILES[fmt], format_references(papers, fmt, cite_keys(shipped_papers)) + "\n")  # type: ignore[arg-type]
