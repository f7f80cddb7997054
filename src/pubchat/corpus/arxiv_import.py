"""An arXiv API Atom feed saved to a file (http://export.arxiv.org/api/query?search_query=au:...).

Each `<entry>` gives the versioned id, dates, title, abstract (`summary`), authors, categories, and
optionally `arxiv:doi`, `arxiv:journal_ref` and `arxiv:comment` ("Accepted to CVPR 2023"). When the
feed holds several versions of one paper, the latest version is kept and the others counted as merged.
"""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from pathlib import Path

from pubchat.corpus.records import ImportResult, Record, build_papers, clean, normalise_doi, split_arxiv_id
from pubchat.corpus.text import read_text
from pubchat.errors import CorpusError

NS = {"atom": "http://www.w3.org/2005/Atom", "arxiv": "http://arxiv.org/schemas/atom"}
_VENUE_IN_COMMENT = re.compile(
    r"\b(?:accepted|published|to appear|appears?)\s+(?:(?:for\s+publication\s+)?(?:by|to|at|in|as)\s+)"
    r"(?:the\s+)?(?:a\s+\w+\s+(?:paper\s+)?(?:at|in)\s+)?"
    r"(?P<venue>[A-Z][^.;()]*?\d{4}|[A-Z][A-Za-z&\- ]{2,60}?)(?=[.;,()]|$)",
    re.IGNORECASE,
)


def _text(node: ET.Element, path: str) -> str:
    """Whitespace-collapsed text of a child ("" when absent)."""
    child = node.find(path, NS)
    return clean(child.text) if child is not None and child.text else ""


def venue_from_comment(comment: str) -> str | None:
    """ "Accepted to CVPR 2023; 10 pages" -> "CVPR 2023" (None when the comment names no venue)."""
    match = _VENUE_IN_COMMENT.search(comment)
    return clean(match.group("venue")) if match else None


def _entry(node: ET.Element, where: str, source: str) -> tuple[Record, int]:
    """One feed entry as a Record, and its arXiv version (0 when the id has none)."""
    raw_id = _text(node, "atom:id")
    arxiv, version = split_arxiv_id(raw_id)
    if arxiv is None:
        raise CorpusError(f"{where}: field 'id': {raw_id[:80]!r} is not an arXiv abstract URL")
    published = _text(node, "atom:published")
    date = None
    if published:
        try:
            date = dt.date.fromisoformat(published[:10])
        except ValueError:
            raise CorpusError(f"{where}: field 'published': {published[:30]!r} is not a date") from None
    authors = [clean(a.text) for a in node.findall("atom:author/atom:name", NS) if a.text and a.text.strip()]
    primary = node.find("arxiv:primary_category", NS)
    category = primary.get("term") if primary is not None else None
    keywords = [c.get("term", "") for c in node.findall("atom:category", NS)]
    comment = _text(node, "arxiv:comment")
    journal = _text(node, "arxiv:journal_ref")
    doi = normalise_doi(_text(node, "arxiv:doi"))
    venue = journal or (venue_from_comment(comment) if comment else None)
    record = Record(
        where=where,
        title=_text(node, "atom:title"),
        authors=authors,
        date=date,
        abstract=_text(node, "atom:summary"),
        arxiv_id=arxiv,
        doi=doi,
        url=f"https://arxiv.org/abs/{arxiv}",
        venue=venue or None,
        type="article" if journal or doi else "inproceedings" if venue else "preprint",
        keywords=[k for k in keywords if k and k != category],
        category=category,
        source=f"arxiv:{Path(source).name}" + (f"#v{version}" if version else ""),
    )
    return record, version or 0


def import_arxiv_text(text: str, source: str) -> ImportResult:
    """Import an arXiv Atom feed's text; the latest version of each paper is kept."""
    try:
        root = ET.fromstring(text)
    except ET.ParseError as exc:
        line, column = exc.position
        raise CorpusError(f"{source}:{line}: not well-formed XML (column {column + 1})") from None
    if root.tag != f"{{{NS['atom']}}}feed":
        raise CorpusError(f"{source}:1: expected an Atom <feed> from the arXiv API, found <{root.tag.split('}')[-1]}>")
    nodes = root.findall("atom:entry", NS)
    if not nodes:
        raise CorpusError(f"{source}: the feed has no <entry> (did the query match nothing?)")
    latest: dict[str, tuple[Record, int]] = {}
    order: list[str] = []
    for index, node in enumerate(nodes, start=1):
        record, version = _entry(node, f"{source}: entry {index}", source)
        key = record.arxiv_id or ""
        if key not in latest:
            order.append(key)
            latest[key] = (record, version)
        elif version > latest[key][1]:
            latest[key] = (record, version)
    result = build_papers([latest[k][0] for k in order], read=len(nodes))
    result.merged = len(nodes) - len(order)
    return result


def import_arxiv(path: Path) -> ImportResult:
    """Import a saved arXiv API response."""
    return import_arxiv_text(read_text(path), str(path))
