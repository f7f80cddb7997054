"""Works saved from the OpenAlex and Semantic Scholar APIs (read from files; nothing is fetched).

OpenAlex: one work, a list of works, or a page `{"results": [...]}`; the abstract is rebuilt from
`abstract_inverted_index` ({word: [positions]}). Semantic Scholar: one paper, a list, or a page
`{"data": [...]}`, with `externalIds` ({DOI, ArXiv}), `journal`, `venue` and `authors`.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from pubchat.corpus.csljson_import import item_line, load_json
from pubchat.corpus.records import (
    ImportResult,
    Record,
    build_papers,
    clean,
    json_text,
    normalise_doi,
    split_arxiv_id,
    year_of,
)
from pubchat.corpus.text import read_text
from pubchat.errors import CorpusError

_OPENALEX_TYPES = {
    "article": "article",
    "preprint": "preprint",
    "book": "book",
    "book-chapter": "incollection",
    "dissertation": "thesis",
    "report": "report",
}


def _items(data: object, page_key: str, path: Path) -> tuple[list[Any], bool]:
    """The records of a saved response, and whether they sit in a top-level list (for line numbers)."""
    if isinstance(data, list):
        return data, True
    if isinstance(data, dict) and isinstance(data.get(page_key), list):
        return data[page_key], False
    if isinstance(data, dict):
        return [data], False
    raise CorpusError(f"{path}: expected a JSON object, a list, or a page with '{page_key}'")


def _where(path: Path, text: str, index: int, top_level: bool) -> str:
    """ "file:line: record N" for a record in a saved response."""
    line = item_line(text, index) if top_level else 1
    return f"{path}:{line}: record {index + 1}"


def _obj(item: dict[str, Any], key: str) -> dict[str, Any]:
    """A nested object field ({} when absent, null or not an object)."""
    value = item.get(key)
    return value if isinstance(value, dict) else {}


def _date(text: str, where: str, field: str) -> dt.date | None:
    """An ISO date field (None when empty)."""
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        raise CorpusError(f"{where}: field '{field}': {text[:30]!r} is not a date like 2021-06-01") from None


def abstract_from_inverted_index(index: object, where: str) -> str:
    """OpenAlex's {word: [positions]} back into running text."""
    if index is None:
        return ""
    if not isinstance(index, dict):
        raise CorpusError(f"{where}: field 'abstract_inverted_index': expected an object of word -> positions")
    slots: dict[int, str] = {}
    for word, positions in index.items():
        if not isinstance(positions, list) or not all(isinstance(p, int) and p >= 0 for p in positions):
            raise CorpusError(
                f"{where}: field 'abstract_inverted_index': positions of {word!r} must be a list of numbers"
            )
        for position in positions:
            slots[position] = word
    return " ".join(slots[p] for p in sorted(slots))


def _openalex_record(item: dict[str, Any], where: str, source: str) -> Record:
    """One OpenAlex work as a Record."""
    authors = []
    for authorship in item.get("authorships") or []:
        author = authorship.get("author") if isinstance(authorship, dict) else None
        name = author.get("display_name") if isinstance(author, dict) else None
        if not isinstance(name, str):
            raise CorpusError(f"{where}: field 'authorships': each needs author.display_name")
        authors.append(name)
    ids = _obj(item, "ids")
    locations = [loc for loc in item.get("locations") or [] if isinstance(loc, dict)]
    primary = _obj(item, "primary_location")
    arxiv = None
    for loc in [primary, *locations]:
        for key in ("landing_page_url", "pdf_url"):
            url = loc.get(key)
            if isinstance(url, str) and "arxiv.org" in url:
                arxiv = arxiv or split_arxiv_id(url)[0]
    doi = normalise_doi(json_text(item, "doi", where) or str(ids.get("doi") or ""))
    if doi and doi.startswith("10.48550/arxiv."):
        arxiv = arxiv or split_arxiv_id(doi)[0]
        doi = None
    src = _obj(primary, "source")
    venue = src["display_name"] if isinstance(src.get("display_name"), str) else ""
    if "arxiv" in venue.lower():
        venue = ""
    biblio = _obj(item, "biblio")
    first, last = biblio.get("first_page"), biblio.get("last_page")
    pages = f"{first}–{last}" if first and last and first != last else (first or None)
    keywords = [k.get("display_name", "") for k in item.get("keywords") or [] if isinstance(k, dict)]
    date = _date(json_text(item, "publication_date", where), where, "publication_date")
    kind = _OPENALEX_TYPES.get(json_text(item, "type", where))
    if kind == "article" and not venue and arxiv and not doi:
        kind = "preprint"
    landing = primary.get("landing_page_url") if isinstance(primary.get("landing_page_url"), str) else None
    return Record(
        where=where,
        title=json_text(item, "title", where) or json_text(item, "display_name", where),
        authors=authors,
        year=year_of(item.get("publication_year")),
        date=date,
        abstract=abstract_from_inverted_index(item.get("abstract_inverted_index"), where),
        arxiv_id=arxiv,
        doi=doi,
        url=None if arxiv else landing,
        venue=venue or None,
        type=kind,
        volume=str(biblio["volume"]) if biblio.get("volume") else None,
        issue=str(biblio["issue"]) if biblio.get("issue") else None,
        pages=str(pages) if pages else None,
        keywords=[k for k in keywords if isinstance(k, str)],
        source=source,
    )


def _s2_record(item: dict[str, Any], where: str, source: str) -> Record:
    """One Semantic Scholar paper as a Record."""
    external = _obj(item, "externalIds")
    authors = []
    for author in item.get("authors") or []:
        name = author.get("name") if isinstance(author, dict) else None
        if not isinstance(name, str):
            raise CorpusError(f"{where}: field 'authors': each needs a 'name'")
        authors.append(name)
    journal = _obj(item, "journal")
    pub_venue = _obj(item, "publicationVenue")
    venue = (
        (journal.get("name") if isinstance(journal.get("name"), str) else "")
        or (pub_venue.get("name") if isinstance(pub_venue.get("name"), str) else "")
        or json_text(item, "venue", where)
    )
    if "arxiv" in venue.lower():
        venue = ""
    arxiv = split_arxiv_id(str(external.get("ArXiv") or ""))[0]
    doi = normalise_doi(str(external.get("DOI") or ""))
    if doi and doi.startswith("10.48550/arxiv."):
        doi = None
    types = item.get("publicationTypes") or []
    kind = "article" if "JournalArticle" in types else "inproceedings" if "Conference" in types else None
    if kind is None and arxiv and not venue:
        kind = "preprint"
    return Record(
        where=where,
        title=json_text(item, "title", where),
        authors=authors,
        year=year_of(item.get("year")),
        date=_date(json_text(item, "publicationDate", where), where, "publicationDate"),
        abstract=json_text(item, "abstract", where),
        arxiv_id=arxiv,
        doi=doi,
        url=None if arxiv or doi else (json_text(item, "url", where) or None),
        venue=venue or None,
        type=kind,
        volume=clean(str(journal["volume"])) if journal.get("volume") else None,
        pages=clean(str(journal["pages"])) if journal.get("pages") else None,
        keywords=[f for f in item.get("fieldsOfStudy") or [] if isinstance(f, str)],
        source=source,
    )


def _import(path: Path, page_key: str, build: Any, prefix: str) -> ImportResult:
    """Shared reading loop of the two JSON importers."""
    data = load_json(path)
    items, top_level = _items(data, page_key, path)
    if not items:
        raise CorpusError(f"{path}: no records in the file")
    text = read_text(path)
    records = []
    for index, item in enumerate(items):
        where = _where(path, text, index, top_level)
        if not isinstance(item, dict):
            raise CorpusError(f"{where}: expected a JSON object, got {type(item).__name__}")
        records.append(build(item, where, f"{prefix}:{path.name}"))
    return build_papers(records, read=len(items))


def import_openalex(path: Path) -> ImportResult:
    """Import works saved from the OpenAlex API."""
    return _import(path, "results", _openalex_record, "openalex")


def import_semantic_scholar(path: Path) -> ImportResult:
    """Import papers saved from the Semantic Scholar Graph API."""
    return _import(path, "data", _s2_record, "semantic-scholar")
