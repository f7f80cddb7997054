"""Filter stage: which papers the question's filters allow (years, authors, code, category)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from pubchat.models import Filters, Paper
from pubchat.search.analyzer import fold


def matches_filters(paper: Paper, filters: Filters) -> bool:
    """True when the paper satisfies every filter (years inclusive, code, category, authors).

    Authors: any one of them by default (the names an ambiguous surname may stand for); all of
    them when `Filters.all_authors` is set (co-authorship: "Deng with Zheng").
    """
    if filters.year_min is not None and (paper.year is None or paper.year < filters.year_min):
        return False
    if filters.year_max is not None and (paper.year is None or paper.year > filters.year_max):
        return False
    if filters.has_code is not None and paper.has_code != filters.has_code:
        return False
    if filters.categories:
        wanted = {c.casefold() for c in filters.categories}
        if (paper.category or "").casefold() not in wanted:
            return False
    if filters.authors:
        names = {fold(a) for a in paper.authors}
        found = (fold(a) in names for a in filters.authors)
        if not (all(found) if filters.all_authors else any(found)):
            return False
    return True


def allowed_mask(papers: Sequence[Paper], filters: Filters) -> np.ndarray:
    """One bool per paper: does it pass the filters (all True without filters, no per-paper loop)."""
    if filters.is_empty():
        return np.ones(len(papers), dtype=bool)
    return np.array([matches_filters(p, filters) for p in papers], dtype=bool)
