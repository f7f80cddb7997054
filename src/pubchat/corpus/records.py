"""What every bibliographic importer shares: identifiers cleaned the same way, and raw records turned
into validated Papers with unique ids and citation keys and an import summary.

An importer reads its format into `Record`s (plain values, the place each came from); `build_papers`
does the rest, so ids, keys, URLs and the "read / kept / skipped" counts follow one rule.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from pubchat.corpus.text import find_urls, slugify
from pubchat.errors import CorpusError, one_line
from pubchat.models import Paper

# New-style (2207.10299, 2207.10299v3) and old-style (cs/0112017v1, math.GT/0309136) arXiv ids.
_ARXIV_ID = re.compile(
    r"(?:arxiv[:/\s]*|arxiv\.org/(?:abs|pdf)/)?"
    r"(?P<id>\d{4}\.\d{4,5}|[a-z][a-z\-]*(?:\.[A-Z]{2})?/\d{7})(?:v(?P<v>\d+))?(?:\.pdf)?",
    re.IGNORECASE,
)
_DOI = re.compile(r"10\.\d{4,9}/\S+", re.IGNORECASE)
_ARXIV_DOI = re.compile(r"10\.48550/arxiv\.(?P<id>.+)", re.IGNORECASE)
_YEAR = re.compile(r"(1[89]\d\d|20\d\d|2100)")
CODE_HOSTS = ("github.com", "gitlab.com", "bitbucket.org", "huggingface.co", "codeberg.org")


@dataclass
class Record:
    """One entry as read from a source file, before validation; `where` names it for errors."""

    where: str
    title: str = ""
    authors: list[str] = field(default_factory=list)
    authors_complete: bool = True
    year: int | None = None
    date: dt.date | None = None
    abstract: str = ""
    arxiv_id: str | None = None
    doi: str | None = None
    url: str | None = None
    pdf_url: str | None = None
    venue: str | None = None
    type: str | None = None
    volume: str | None = None
    issue: str | None = None
    pages: str | None = None
    publisher: str | None = None
    keywords: list[str] = field(default_factory=list)
    category: str | None = None
    citation_key: str | None = None
    code_urls: list[str] = field(default_factory=list)
    source: str = ""


@dataclass
class ImportResult:
    """Imported papers, what a person should know (warnings), and the counts of the summary line."""

    papers: list[Paper]
    warnings: list[str] = field(default_factory=list)
    read: int = 0
    skipped: list[str] = field(default_factory=list)  # one reason per entry left out
    merged: int = 0
    near_duplicates: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """ "kept 11, merged 0, skipped 1 (3 without abstract: searched by title only)"."""
        no_abstract = sum(1 for p in self.papers if not p.abstract.strip())
        text = f"kept {len(self.papers)}, merged {self.merged}, skipped {len(self.skipped)}"
        return text + (f" ({no_abstract} without abstract: searched by title only)" if no_abstract else "")


def split_arxiv_id(text: str | None) -> tuple[str | None, int | None]:
    """(id without version, version) from "2207.10299v2", "arXiv:2207.10299", an arXiv URL or DOI."""
    if not text:
        return None, None
    value = text.strip()
    doi = _ARXIV_DOI.search(value)
    if doi:
        value = doi.group("id")
    match = _ARXIV_ID.search(value)
    if not match:
        return None, None
    version = match.group("v")
    return match.group("id"), int(version) if version else None


def arxiv_id_of(text: str | None) -> str | None:
    """The versionless arXiv id in `text`, or None."""
    return split_arxiv_id(text)[0]


def normalise_doi(text: str | None) -> str | None:
    """A bare lower-case DOI ("10.1109/tip.2022.1") from a DOI, "doi:..." or a doi.org URL; None if absent."""
    if not text:
        return None
    match = _DOI.search(text.strip())
    if not match:
        return None
    return match.group(0).rstrip(".,;").lower()


def year_of(text: object) -> int | None:
    """The first plausible year in a value ("2021", "2021-06-01", "June 2021"), or None."""
    if isinstance(text, int) and not isinstance(text, bool):
        return text if 1900 <= text <= 2100 else None
    if not isinstance(text, str):
        return None
    match = _YEAR.search(text)
    return int(match.group(1)) if match else None


def clean(text: str | None) -> str:
    """Whitespace collapsed to single spaces ("" for None)."""
    return " ".join(text.split()) if text else ""


def json_text(item: dict[str, Any], key: str, where: str) -> str:
    """A text field of a JSON record ("" when absent or null; numbers read as text); another type is an
    error naming the place and field."""
    value = item.get(key)
    if value is None:
        return ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    if not isinstance(value, str):
        raise CorpusError(f"{where}: field '{key}': expected text, got {type(value).__name__}")
    return clean(value)


def code_links(abstract: str, extra: list[str] | None = None) -> list[str]:
    """Links written in the abstract (or given by the source) as the profile importer keeps them, first first."""
    return list(dict.fromkeys(find_urls(abstract) + list(extra or [])))


def has_code_link(urls: list[str]) -> bool:
    """Whether any link points at a code host (a list without a "Code" flag infers it from them)."""
    return any(host in u.lower() for u in urls for host in CODE_HOSTS)


def _unique(base: str, taken: set[str]) -> str:
    """base, or base-2, base-3 ... whichever is free."""
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    taken.add(candidate)
    return candidate


def record_id(record: Record) -> str:
    """The id a record gets: its arXiv id, else its DOI, else a slug of its title."""
    if record.arxiv_id:
        return record.arxiv_id
    if record.doi:
        return "doi:" + record.doi
    return slugify(record.title)


def build_papers(records: list[Record], read: int, skipped: list[str] | None = None) -> ImportResult:
    """Validate records into Papers: unique ids, unique citation keys, arXiv/DOI links, code links."""
    skipped = list(skipped or [])
    papers: list[Paper] = []
    warnings: list[str] = []
    ids: set[str] = set()
    keys: set[str] = set()
    for record in records:
        if not record.title.strip():
            skipped.append(f"{record.where}: field 'title': missing (entry left out)")
            continue
        arxiv = record.arxiv_id
        url = record.url
        if arxiv and (not url or "arxiv.org/" in url):
            url = f"https://arxiv.org/abs/{arxiv}"  # the versionless abstract page: always the latest version
        if not url and record.doi:
            url = f"https://doi.org/{record.doi}"
        key = record.citation_key
        if key is not None:
            if key in keys:
                new_key = _unique(key, keys)
                warnings.append(f"{record.where}: citation key {key!r} used twice; this one is now {new_key!r}")
                key = new_key
            else:
                keys.add(key)
        codes = code_links(record.abstract, record.code_urls)
        kind = record.type
        if kind is None:
            kind = "preprint" if arxiv and not (record.venue or record.doi) else None
        papers.append(
            make_paper(
                record.where,
                id=_unique(record_id(record), ids),
                title=clean(record.title),
                authors=[clean(a) for a in record.authors if clean(a)],
                authors_complete=record.authors_complete,
                date=record.date,
                year=record.year or (record.date.year if record.date else None),
                category=record.category,
                has_code=has_code_link(codes),
                abstract=clean(record.abstract),
                arxiv_id=arxiv,
                url=url,
                pdf_url=record.pdf_url or (f"https://arxiv.org/pdf/{arxiv}" if arxiv else None),
                code_urls=codes,
                venue=clean(record.venue) or None,
                doi=record.doi,
                type=kind,
                volume=clean(record.volume) or None,
                issue=clean(record.issue) or None,
                pages=clean(record.pages).replace("--", "–") or None,
                publisher=clean(record.publisher) or None,
                keywords=list(dict.fromkeys(clean(k) for k in record.keywords if clean(k))),
                citation_key=key,
                sources=[record.source] if record.source else [],
            )
        )
    return ImportResult(papers=papers, warnings=warnings, read=read, skipped=skipped)


def make_paper(where: str, **fields: object) -> Paper:
    """Validate one Paper, turning a validation failure into a CorpusError naming the place and field."""
    try:
        return Paper(**fields)  # type: ignore[arg-type]
    except ValidationError as exc:
        err = exc.errors()[0]
        field_name = ".".join(str(p) for p in err["loc"])
        raise CorpusError(f"{where}: field '{field_name}': {one_line(err['msg'])}") from None
