"""RIS files (EndNote, Mendeley, Zotero, Web of Science, publishers' "download citation") read with rispy.

rispy maps tags to names and keeps tags it does not know under `unknown_tag`; before it runs, the
text is checked for what rispy would pass over silently: a record without `ER`, a tag before the
first `TY`, or a tag line in the wrong shape.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import rispy

from pubchat.corpus.records import (
    ImportResult,
    Record,
    build_papers,
    clean,
    normalise_doi,
    split_arxiv_id,
    year_of,
)
from pubchat.corpus.text import read_text
from pubchat.errors import CorpusError

_TAG_LINE = re.compile(r"^[A-Z][A-Z0-9]  -( |$)")
_TYPES = {
    "JOUR": "article",
    "JFULL": "article",
    "EJOUR": "article",
    "MGZN": "article",
    "CPAPER": "inproceedings",
    "CONF": "inproceedings",
    "BOOK": "book",
    "EBOOK": "book",
    "CHAP": "incollection",
    "ECHAP": "incollection",
    "THES": "thesis",
    "RPRT": "report",
    "UNPB": "preprint",
    "INPR": "preprint",
    "GEN": "misc",
    "ELEC": "misc",
}


def record_lines(text: str, source: str) -> list[int]:
    """Line numbers where records start; a CorpusError for structure rispy would skip without a word."""
    starts: list[int] = []
    open_at: int | None = None
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        tagged = _TAG_LINE.match(line) is not None
        tag = line[:2] if tagged else None
        if tag == "TY":
            if open_at is not None:
                raise CorpusError(
                    f"{source}:{number}: field 'TY': new record before the 'ER' of the one on line {open_at}"
                )
            open_at = number
            starts.append(number)
        elif tag == "ER":
            if open_at is None:
                raise CorpusError(f"{source}:{number}: field 'ER': end of record without a 'TY' line")
            open_at = None
        elif open_at is None:
            if tagged:
                raise CorpusError(f"{source}:{number}: field {tag!r}: outside a record (missing 'TY  - ' line?)")
            continue  # numbering ("1.") or notes between records, which RIS readers skip
        elif not tagged and re.match(r"^[A-Z][A-Z0-9]\s*-", line):
            raise CorpusError(f"{source}:{number}: malformed tag line {line[:12]!r} (expected 'XX  - value')")
    if open_at is not None:
        raise CorpusError(f"{source}:{open_at}: field 'ER': the record is not closed (file truncated?)")
    if not starts:
        raise CorpusError(f"{source}: no RIS records found (expected lines like 'TY  - JOUR')")
    return starts


def _first(ref: dict[str, Any], *keys: str) -> str:
    """The first non-empty value among keys (lists give their first item)."""
    for key in keys:
        value = ref.get(key)
        if isinstance(value, list):
            value = value[0] if value else None
        if isinstance(value, str) and value.strip():
            return clean(value)
    return ""


def _date(ref: dict[str, Any]) -> tuple[int | None, dt.date | None]:
    """Year and full date from PY / DA / Y1 ("2021", "2021/06/01/", "2021-06-01")."""
    raw = _first(ref, "date", "year", "publication_year")
    year = year_of(raw)
    match = re.match(r"(\d{4})[/-](\d{1,2})[/-](\d{1,2})", raw)
    if match:
        try:
            return year, dt.date(*(int(g) for g in match.groups()))
        except ValueError:
            return year, None
    return year, None


def _record(ref: dict[str, Any], where: str, source: str) -> Record:
    """One RIS reference as a Record."""
    urls = [u for u in ref.get("urls", []) if isinstance(u, str)]
    year, date = _date(ref)
    arxiv = None
    for candidate in [*urls, _first(ref, "doi"), _first(ref, "journal_name", "secondary_title")]:
        if candidate and "arxiv" in candidate.lower():
            arxiv = split_arxiv_id(candidate)[0]
            if arxiv:
                break
    doi = normalise_doi(_first(ref, "doi"))
    if doi and doi.startswith("10.48550/arxiv."):
        doi = None
    venue = _first(ref, "secondary_title", "journal_name", "alternate_title3", "alternate_title1", "alternate_title2")
    if venue.lower().startswith("arxiv"):
        venue = ""
    start, end = _first(ref, "start_page"), _first(ref, "end_page")
    pages = f"{start}–{end}" if start and end else start
    kind = _TYPES.get(_first(ref, "type_of_reference").upper(), "misc")
    if kind in ("misc", "article") and arxiv and not venue and not doi:
        kind = "preprint"
    authors = [a for a in ref.get("authors", []) + ref.get("first_authors", []) if isinstance(a, str)]
    web = next((u for u in urls if u.startswith(("http://", "https://")) and "doi.org" not in u), None)
    return Record(
        where=where,
        title=_first(ref, "title", "primary_title", "translated_title"),
        authors=[_reading_order(a) for a in authors],
        year=year,
        date=date,
        abstract=_first(ref, "abstract", "notes_abstract"),
        arxiv_id=arxiv,
        doi=doi,
        url=web,
        venue=venue or None,
        type=kind,
        volume=_first(ref, "volume") or None,
        issue=_first(ref, "number") or None,
        pages=pages or None,
        publisher=_first(ref, "publisher") or None,
        keywords=[k for k in ref.get("keywords", []) if isinstance(k, str)],
        citation_key=_first(ref, "id") or None,
        source=source,
    )


def _reading_order(name: str) -> str:
    """RIS writes "Last, First[, Suffix]"; the corpus keeps "First Last Suffix"."""
    from pubchat.corpus.names import SUFFIXES, parse_name

    pieces = [p.strip() for p in name.split(",")]
    if len(pieces) == 3 and pieces[2].lower() in SUFFIXES:
        name = f"{pieces[0]}, {pieces[2]}, {pieces[1]}"  # BibTeX's order: von Last, Jr, First
    return parse_name(name).display


def import_ris_text(text: str, source: str) -> ImportResult:
    """Import RIS text (`source` names it in messages)."""
    starts = record_lines(text, source)
    refs = rispy.loads(text)
    if len(refs) != len(starts):
        raise CorpusError(f"{source}: read {len(refs)} of {len(starts)} records; check the 'TY'/'ER' lines")
    name = f"ris:{Path(source).name}"
    records = [_record(ref, f"{source}:{line}", name) for ref, line in zip(refs, starts)]
    return build_papers(records, read=len(refs))


def import_ris(path: Path) -> ImportResult:
    """Import a .ris file (a UTF-8 byte-order mark is fine)."""
    return import_ris_text(read_text(path), str(path))
