"""One record per paper across lists and versions: match by DOI, arXiv id (any version), or a close
title with the same first author and year; combine what each copy knows.

The published copy (with a DOI or venue) gives venue, DOI, volume, pages and year; the abstract
comes from whichever copy has one; the longer, complete author list wins; `sources` and keywords are
the union. Pairs close to the threshold but not over it are reported, never merged silently.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from pubchat.corpus.names import parse_name
from pubchat.models import Paper

TITLE_THRESHOLD = 93.0  # rapidfuzz ratio of normalised titles at or above which (same first author, year) is one paper
NEAR_THRESHOLD = 85.0  # at or above: reported as a possible duplicate for the user to decide


@dataclass
class MergeResult:
    """The combined list, how many records were folded into another, and the near misses to check."""

    papers: list[Paper]
    merged: int = 0
    near_duplicates: list[str] = field(default_factory=list)


def norm_title(title: str) -> str:
    """Case, accents, punctuation and LaTeX braces removed: "{SFace}: Sigmoid..." -> "sface sigmoid ..."."""
    folded = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode().casefold()
    return " ".join(re.findall(r"[a-z0-9]+", folded))


def first_surname(paper: Paper) -> str:
    """The first author's surname, folded to ASCII lower case ("" when there are no authors)."""
    if not paper.authors:
        return ""
    surname = parse_name(paper.authors[0]).last
    return norm_title(surname).replace(" ", "")


def _years_agree(a: Paper, b: Paper) -> bool:
    """Same year, or one year apart (a preprint and its published version often straddle a new year)."""
    if a.year is None or b.year is None:
        return True
    return abs(a.year - b.year) <= 1


def _published(paper: Paper) -> bool:
    """Whether a record describes the published version."""
    return bool(paper.doi or paper.venue)


def combine(base: Paper, other: Paper) -> Paper:
    """`base` with what `other` adds (see the module docstring for which copy wins each field)."""
    update: dict[str, object] = {}
    published = other if _published(other) and not _published(base) else base
    for name in ("venue", "doi", "volume", "issue", "pages", "publisher"):
        value = getattr(published, name) or getattr(base, name) or getattr(other, name)
        update[name] = value
    if published is other:
        update["year"] = other.year or base.year
        update["type"] = other.type or base.type
    for name in ("arxiv_id", "category", "date", "pdf_url", "citation_key", "url"):
        if getattr(base, name) is None and getattr(other, name) is not None:
            update[name] = getattr(other, name)
    if not base.abstract.strip() and other.abstract.strip():
        update["abstract"] = other.abstract
    if (not base.authors_complete and other.authors_complete and other.authors) or len(other.authors) > len(
        base.authors
    ):
        update["authors"] = other.authors
        update["authors_complete"] = other.authors_complete
    update["has_code"] = base.has_code or other.has_code
    update["code_urls"] = list(dict.fromkeys(base.code_urls + other.code_urls))
    update["keywords"] = list(dict.fromkeys(base.keywords + other.keywords))
    update["sources"] = list(dict.fromkeys(base.sources + other.sources))
    if base.type == "preprint" and update.get("venue") and "type" not in update:
        update["type"] = other.type if other.type and other.type != "preprint" else "article"
    return base.model_copy(update=update)


def _describe(paper: Paper) -> str:
    """ "'Title' (2021, id)" for messages."""
    return f"{paper.title[:70]!r} ({paper.year or 'n.d.'}, {paper.id})"


def merge_papers(base: list[Paper], incoming: list[Paper]) -> MergeResult:
    """Fold `incoming` into `base` (which may itself hold duplicates: they are folded too), in order."""
    result: list[Paper] = []
    by_doi: dict[str, int] = {}
    by_arxiv: dict[str, int] = {}
    by_surname: dict[str, list[int]] = {}
    near: list[str] = []
    merged = 0
    ids: set[str] = set()
    keys: set[str] = set()

    def index(position: int) -> None:
        paper = result[position]
        if paper.doi:
            by_doi.setdefault(paper.doi, position)
        if paper.arxiv_id:
            by_arxiv.setdefault(paper.arxiv_id, position)
        group = by_surname.setdefault(first_surname(paper), [])
        if position not in group:
            group.append(position)

    for number, paper in enumerate([*base, *incoming]):
        match = None
        if paper.doi and paper.doi in by_doi:
            match = by_doi[paper.doi]
        elif paper.arxiv_id and paper.arxiv_id in by_arxiv:
            match = by_arxiv[paper.arxiv_id]
        else:
            title = norm_title(paper.title)
            best, best_score = None, 0.0
            for position in by_surname.get(first_surname(paper), []):
                candidate = result[position]
                score = fuzz.ratio(title, norm_title(candidate.title))
                if score > best_score:
                    best, best_score = position, score
            if best is not None and best_score >= TITLE_THRESHOLD and _years_agree(paper, result[best]):
                match = best
            elif (
                best is not None
                and best_score >= NEAR_THRESHOLD
                and number >= len(base)  # pairs within the existing list were reported when it was made
                and _years_agree(paper, result[best])
            ):
                near.append(
                    f"{_describe(paper)} may be {_describe(result[best])}: title {best_score:.0f}% alike, "
                    "same first author; kept both"
                )
        if match is not None:
            result[match] = combine(result[match], paper)
            index(match)
            merged += 1
            continue
        paper = _unique_names(paper, ids, keys)
        result.append(paper)
        index(len(result) - 1)
    return MergeResult(papers=result, merged=merged, near_duplicates=near)


def _unique_names(paper: Paper, ids: set[str], keys: set[str]) -> Paper:
    """The paper with an id and citation key not yet taken (suffix -2, -3 ... / b, c ...)."""
    update: dict[str, object] = {}
    new_id, n = paper.id, 2
    while new_id in ids:
        new_id, n = f"{paper.id}-{n}", n + 1
    ids.add(new_id)
    if new_id != paper.id:
        update["id"] = new_id
    if paper.citation_key:
        key, n = paper.citation_key, 0
        while key in keys:
            key, n = paper.citation_key + "bcdefghijklmnopqrstuvwxyz"[n % 25] * (1 + n // 25), n + 1
        keys.add(key)
        if key != paper.citation_key:
            update["citation_key"] = key
    return paper.model_copy(update=update) if update else paper
