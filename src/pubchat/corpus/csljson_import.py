"""CSL-JSON files (Zotero "Export Collection > CSL JSON", Better CSL JSON, pandoc-citeproc).

A JSON list of items with `title`, `author` ([{family, given, non-dropping-particle, suffix}] or
{literal}), `issued` ({"date-parts": [[2021, 6, 1]]} or {"raw"/"literal": "2021"}),
`container-title`, `DOI`, `URL`, `abstract`, `type` and `id` (kept as the citation key).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from pubchat.corpus.names import join_name
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

_TYPES = {
    "article-journal": "article",
    "article": "preprint",
    "paper-conference": "inproceedings",
    "book": "book",
    "chapter": "incollection",
    "thesis": "thesis",
    "report": "report",
    "manuscript": "preprint",
}


def load_json(path: Path) -> Any:
    """A JSON file's value; a syntax error names file, line and column."""
    text = read_text(path)
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise CorpusError(f"{path}:{exc.lineno}: invalid JSON: {exc.msg} (column {exc.colno})") from None
    except RecursionError:
        raise CorpusError(f"{path}: invalid JSON: nested too deeply") from None


def item_line(text: str, index: int) -> int:
    """Best-effort line of the index-th top-level object in a JSON list (for messages)."""
    depth = 0
    count = -1
    in_string = escape = False
    for pos, ch in enumerate(text):
        if in_string:
            if escape:
                escape = False
            elif ch == "\\":
                escape = True
            elif ch == '"':
                in_string = False
            continue
        if ch == '"':
            in_string = True
        elif ch in "[{":
            if depth == 1 and ch == "{":
                count += 1
                if count == index:
                    return text.count("\n", 0, pos) + 1
            depth += 1
        elif ch in "]}":
            depth -= 1
    return 1


def _names(value: object, where: str) -> list[str]:
    """CSL name objects as reading-order names."""
    if value is None:
        return []
    if not isinstance(value, list):
        raise CorpusError(f"{where}: field 'author': expected a list of names")
    names = []
    for person in value:
        if not isinstance(person, dict):
            raise CorpusError(f'{where}: field \'author\': expected name objects like {{"family": ..., "given": ...}}')
        if isinstance(person.get("literal"), str):
            names.append(clean(person["literal"]))
            continue
        parts = [person.get(k) or "" for k in ("given", "family", "non-dropping-particle", "suffix")]
        if not all(isinstance(p, str) for p in parts):
            raise CorpusError(f"{where}: field 'author': name parts must be text")
        given, family, particle, suffix = parts
        dropping = person.get("dropping-particle") or ""
        given = f"{given} {dropping}".strip() if isinstance(dropping, str) else given
        name = join_name(given, family, particle, suffix)
        if name:
            names.append(name)
    return names


def _issued(value: object, where: str) -> tuple[int | None, dt.date | None]:
    """Year and (when complete) date from a CSL date: date-parts, raw or literal."""
    if value is None:
        return None, None
    if isinstance(value, (str, int)):
        return year_of(value), None
    if not isinstance(value, dict):
        raise CorpusError(f"{where}: field 'issued': expected a date object")
    parts = value.get("date-parts")
    if parts is not None:
        if not (isinstance(parts, list) and parts and isinstance(parts[0], list) and parts[0]):
            raise CorpusError(f"{where}: field 'issued': 'date-parts' must look like [[2021, 6, 1]]")
        try:
            numbers = [int(p) for p in parts[0][:3]]
        except (TypeError, ValueError):
            raise CorpusError(f"{where}: field 'issued': 'date-parts' must hold numbers") from None
        year = numbers[0] if 1900 <= numbers[0] <= 2100 else None
        date = None
        if year and len(numbers) == 3:
            try:
                date = dt.date(*numbers)
            except ValueError:
                raise CorpusError(f"{where}: field 'issued': {numbers} is not a date") from None
        return year, date
    for key in ("raw", "literal", "season"):
        if isinstance(value.get(key), (str, int)):
            return year_of(value[key]), None
    return None, None


def record_from_csl(item: dict[str, Any], where: str, source: str) -> Record:
    """One CSL-JSON item as a Record."""
    year, date = _issued(item.get("issued"), where)
    url = json_text(item, "URL", where)
    number = json_text(item, "number", where)
    arxiv = None
    for candidate in (number, url, json_text(item, "archive_location", where), json_text(item, "DOI", where)):
        if candidate and ("arxiv" in candidate.lower() or item.get("type") == "article"):
            arxiv = split_arxiv_id(candidate)[0]
            if arxiv:
                break
    doi = normalise_doi(json_text(item, "DOI", where))
    if doi and doi.startswith("10.48550/arxiv."):
        doi = None
    venue = json_text(item, "container-title", where)
    if venue.lower().startswith("arxiv"):
        venue = ""
    keywords = json_text(item, "keyword", where)
    key = item.get("citation-key") or item.get("id")
    return Record(
        where=where,
        title=json_text(item, "title", where),
        authors=_names(item.get("author"), where),
        year=year,
        date=date,
        abstract=json_text(item, "abstract", where),
        arxiv_id=arxiv,
        doi=doi,
        url=url if url.startswith(("http://", "https://")) else None,
        venue=venue or None,
        type=_TYPES.get(str(item.get("type")), "misc") if item.get("type") else None,
        volume=json_text(item, "volume", where) or None,
        issue=json_text(item, "issue", where) or None,
        pages=json_text(item, "page", where) or None,
        publisher=json_text(item, "publisher", where) or None,
        keywords=[k for k in keywords.replace(";", ",").split(",") if k.strip()],
        citation_key=str(key) if isinstance(key, (str, int)) and str(key).strip() else None,
        source=source,
    )


def import_csl_json(path: Path) -> ImportResult:
    """Import a CSL-JSON file (a list of items, or one item)."""
    data = load_json(path)
    items = data if isinstance(data, list) else [data] if isinstance(data, dict) else None
    if items is None:
        raise CorpusError(f"{path}: expected a JSON list of CSL items")
    if not items:
        raise CorpusError(f"{path}: no items in the file")
    text = read_text(path)
    records = []
    for index, item in enumerate(items):
        where = f"{path}:{item_line(text, index) if isinstance(data, list) else 1}: item {index + 1}"
        if not isinstance(item, dict):
            raise CorpusError(f"{where}: expected a JSON object, got {type(item).__name__}")
        if isinstance(item.get("id"), (str, int)):
            where += f" ({item['id']!r})"
        records.append(record_from_csl(item, where, f"csl-json:{path.name}"))
    return build_papers(records, read=len(items))
