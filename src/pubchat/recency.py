"""Newest first: the one ordering of papers by publication time (listings, answers, filter-only searches)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from pubchat.models import Paper

_UNDATED = 0  # below every real date: undated papers come last


def recency_key(paper: Paper) -> int:
    """Larger is newer: the paper's date, else 1 January of its year (after that year's dated papers)."""
    if paper.date is not None:
        return paper.date.toordinal()
    if paper.year:
        return dt.date(paper.year, 1, 1).toordinal()
    return _UNDATED


def newest_first(papers: Iterable[Paper]) -> list[Paper]:
    """Papers newest first; equally dated (and undated) papers keep their corpus order."""
    return sorted(papers, key=recency_key, reverse=True)
