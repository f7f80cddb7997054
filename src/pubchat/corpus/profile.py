"""Importer for the profile-page text format (a researcher's paper list copied from a profile page).

Format: a header block (name, metrics), then entries, each starting with a line such as
`CVJul 21, 2022Code` (category, first-version date, optional "Code" flag), followed by
paragraphs separated by blank lines: title, shortened authors ("... et al."), abstract.
A date without a year ("Apr 19") belongs to the page's year, given by `page_year`.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from pubchat.corpus.text import find_urls, read_text
from pubchat.errors import CorpusError

MONTHS = {
    m: i
    for i, m in enumerate(["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"], start=1)
}
ARXIV_CS = set(
    "AI AR CC CE CG CL CR CV CY DB DC DL DM DS ET FL GL GR GT HC IR IT LG LO MA MM MS NA NE NI "
    "OH OS PF PL RO SC SD SE SI SY".split()
)

# Loose: anything that looks like an entry start after a blank line (short line, category letters glued
# to a date-like word); strict parsing then reports a bad date or category instead of swallowing the line.
_LOOSE_HEADER = re.compile(r"^(?P<cat>[A-Z]{2,5})(?P<rest>(?:[A-Z][a-z]{2}|\d)[^\n]{0,30})$")
_STRICT_DATE = re.compile(r"^(?P<mon>[A-Z][a-z]{2}) (?P<day>\d{1,2})(?:, (?P<year>\d{4}))?(?P<code>Code)?$")
# Tolerant: a known category and a month name in any case, any spacing, e.g. "Cv Mar 3, 2022 code".
_CATEGORY_ALT = "|".join(sorted(ARXIV_CS))
_MONTH_ALT = "|".join(MONTHS)
_TOLERANT = re.compile(
    rf"^(?P<cat>{_CATEGORY_ALT})\s*(?P<mon>{_MONTH_ALT})\s*(?P<day>\d{{1,2}})(?:\s*,?\s*(?P<year>\d{{4}}))?"
    r"\s*(?P<code>code)?$",
    re.IGNORECASE,
)
# Anywhere, even right after body text: a known category, a month and a day open an entry (read or reported).
_ATTEMPT = re.compile(rf"^(?:{_CATEGORY_ALT})\s*(?:{_MONTH_ALT})\w*\.?\s*\d", re.IGNORECASE)
# After a blank line: a known category and a month (day missing or unreadable) are reported too.
_ATTEMPT_AFTER_BLANK = re.compile(rf"^(?:{_CATEGORY_ALT})\s*(?:{_MONTH_ALT})\b", re.IGNORECASE)


@dataclass
class ProfileEntry:
    """One entry as read from the page, before enrichment (line numbers kept for errors)."""

    line: int
    category: str
    date: dt.date
    has_code: bool
    title: str
    authors: list[str]
    authors_complete: bool
    abstract: str
    urls: list[str] = field(default_factory=list)


def _category(raw: str, where: str) -> str:
    """Map the page's short category ('CV') to arXiv style ('cs.CV')."""
    if raw in ARXIV_CS:
        return f"cs.{raw}"
    raise CorpusError(f"{where}: field 'category': unknown category {raw!r} (expected an arXiv CS code like CV or CL)")


def _parse_header(line: str, where: str, page_year: int, after_blank: bool) -> tuple[str, dt.date, bool] | None:
    """Parse an entry-start line; None if the line is not one; CorpusError if it is but is malformed.

    A header is read in any letter case and spacing ("Cv Mar 3, 2022 code"); a line that starts like
    one but holds something else is reported, never taken as the previous entry's text.
    """
    text = line.strip()
    if len(text) > 60:
        return None
    tolerant = _TOLERANT.match(text)
    if tolerant:
        month = tolerant.group("mon").title()
        year = int(tolerant.group("year")) if tolerant.group("year") else page_year
        try:
            date = dt.date(year, MONTHS[month], int(tolerant.group("day")))
        except ValueError as exc:
            raise CorpusError(f"{where}: field 'date': {text[tolerant.end('cat') :].strip()!r}: {exc}") from None
        return f"cs.{tolerant.group('cat').upper()}", date, bool(tolerant.group("code"))
    loose = _LOOSE_HEADER.match(text) if after_blank else None
    if loose is None and not _ATTEMPT.match(text) and not (after_blank and _ATTEMPT_AFTER_BLANK.match(text)):
        return None
    if loose is not None and loose.group("cat") not in ARXIV_CS and _STRICT_DATE.match(loose.group("rest")):
        _category(loose.group("cat"), where)  # raises: unknown category
    rest = loose.group("rest") if loose is not None else text
    raise CorpusError(
        f"{where}: field 'date': cannot read {rest!r} as an entry header "
        "(expected like 'CVJul 21, 2022Code' or 'CLApr 19')"
    )


def _parse_authors(text: str) -> tuple[list[str], bool]:
    """'A, B, C et al.' -> ([A, B, C], False); 'A, B' -> ([A, B], True)."""
    text = " ".join(text.split())
    complete = True
    match = re.search(r"\s*,?\s*et al\.?$", text)
    if match:
        text = text[: match.start()]
        complete = False
    names = [n.strip() for n in re.split(r",|\band\b", text) if n.strip()]
    return names, complete


def _paragraphs(lines: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Group (line number, text) rows into blank-line separated paragraphs."""
    paras: list[tuple[int, str]] = []
    current: list[tuple[int, str]] = []
    for number, text in lines + [(0, "")]:
        if text.strip():
            current.append((number, text.strip()))
        elif current:
            paras.append((current[0][0], " ".join(t for _, t in current)))
            current = []
    return paras


def parse_profile_text(text: str, source: str, page_year: int) -> list[ProfileEntry]:
    """Parse the whole page; raise CorpusError naming source:line and field on malformed input."""
    rows = text.split("\n")
    starts: list[tuple[int, tuple[str, dt.date, bool]]] = []
    for index, line in enumerate(rows):
        previous_blank = index == 0 or not rows[index - 1].strip()
        header = _parse_header(line, f"{source}:{index + 1}", page_year, previous_blank)
        if header is not None:
            starts.append((index, header))
    if not starts:
        raise CorpusError(f"{source}: no entries found (expected lines like 'CVJul 21, 2022Code' before each title)")
    entries: list[ProfileEntry] = []
    for position, (index, (category, date, has_code)) in enumerate(starts):
        end = starts[position + 1][0] if position + 1 < len(starts) else len(rows)
        body = [(n + 1, rows[n]) for n in range(index + 1, end)]
        paras = _paragraphs(body)
        where = f"{source}:{index + 1}"
        if not paras:
            raise CorpusError(f"{where}: field 'title': entry has no title, authors or abstract (truncated entry?)")
        if len(paras) < 2:
            raise CorpusError(f"{source}:{paras[0][0]}: field 'authors': missing after the title (truncated entry?)")
        if len(paras) < 3:
            raise CorpusError(f"{source}:{paras[1][0]}: field 'abstract': missing after the authors (truncated entry?)")
        authors, complete = _parse_authors(paras[1][1])
        if not authors:
            raise CorpusError(f"{source}:{paras[1][0]}: field 'authors': no author names")
        abstract = " ".join(p for _, p in paras[2:])
        entries.append(
            ProfileEntry(
                line=index + 1,
                category=category,
                date=date,
                has_code=has_code,
                title=paras[0][1],
                authors=authors,
                authors_complete=complete,
                abstract=abstract,
                urls=find_urls(abstract),
            )
        )
    return entries


def read_profile(path: Path, page_year: int) -> list[ProfileEntry]:
    """Read and parse a profile-page text file."""
    return parse_profile_text(read_text(path), str(path), page_year)
