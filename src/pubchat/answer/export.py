"""Reference exports other tools read back: CSL-JSON (Zotero, pandoc, citeproc) and RIS (EndNote,
Mendeley, Zotero, written with rispy).

Both carry the published version's venue, DOI, volume, issue and pages when a paper has them, the
arXiv id (CSL `number` "arXiv:ID" for preprints, a note otherwise), the abstract and the keywords.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import Any

from pubchat.corpus.names import parse_name
from pubchat.models import Paper

_CSL_TYPES = {
    "article": "article-journal",
    "inproceedings": "paper-conference",
    "preprint": "article",
    "book": "book",
    "incollection": "chapter",
    "thesis": "thesis",
    "report": "report",
    "misc": "document",
}
_RIS_TYPES = {
    "article": "JOUR",
    "inproceedings": "CPAPER",
    "preprint": "UNPB",
    "book": "BOOK",
    "incollection": "CHAP",
    "thesis": "THES",
    "report": "RPRT",
    "misc": "GEN",
}


def _kind(paper: Paper) -> str:
    """The record's type, defaulting from what it has: a venue means an article, an arXiv id a preprint."""
    if paper.type:
        return paper.type
    if paper.venue or paper.doi:
        return "article"
    return "preprint" if paper.arxiv_id else "misc"


def csl_name(name: str) -> dict[str, str]:
    """A CSL name object: {"family", "given", "non-dropping-particle", "suffix"} (only the parts present)."""
    parts = parse_name(name)
    if not parts.first and not parts.von and not parts.jr:
        return {"literal": parts.last} if " " in parts.last else {"family": parts.last}
    item = {"family": parts.last, "given": parts.first}
    if parts.von:
        item["non-dropping-particle"] = parts.von
    if parts.jr:
        item["suffix"] = parts.jr
    return {k: v for k, v in item.items() if v}


def csl_item(paper: Paper, key: str, abstract: bool = False) -> dict[str, Any]:
    """One paper as a CSL-JSON item with `id` = its citation key (`abstract`: with abstract and keywords)."""
    kind = _kind(paper)
    item: dict[str, Any] = {"id": key, "citation-key": key, "type": _CSL_TYPES.get(kind, "document")}
    item["title"] = " ".join(paper.title.split())
    if paper.authors:
        item["author"] = [csl_name(a) for a in paper.authors]
    if paper.date:
        item["issued"] = {"date-parts": [[paper.date.year, paper.date.month, paper.date.day]]}
    elif paper.year:
        item["issued"] = {"date-parts": [[paper.year]]}
    if paper.venue:
        item["container-title"] = paper.venue
    elif paper.arxiv_id:
        item["publisher"] = "arXiv"  # CSL 1.0.2 preprints: the repository is the publisher, the id its number
    if paper.arxiv_id:
        if paper.venue or paper.doi:
            item["note"] = f"arXiv:{paper.arxiv_id}"
        else:
            item["number"] = f"arXiv:{paper.arxiv_id}"
    for field, value in (("volume", paper.volume), ("issue", paper.issue), ("page", paper.pages)):
        if value:
            item[field] = value
    if paper.publisher:
        item["publisher"] = paper.publisher
    if paper.doi:
        item["DOI"] = paper.doi
    elif paper.arxiv_id:
        item["DOI"] = f"10.48550/arXiv.{paper.arxiv_id}"
    if paper.url:
        item["URL"] = paper.url
    if abstract and paper.abstract:
        item["abstract"] = paper.abstract
    if abstract and paper.keywords:
        item["keyword"] = ", ".join(paper.keywords)
    return item


def to_csl_json(papers: Sequence[Paper], keys: dict[str, str], abstracts: bool = False) -> str:
    """A CSL-JSON document (a list of items), indented like Zotero writes it."""
    items = [csl_item(p, keys.get(p.id, p.id), abstracts) for p in papers]
    return json.dumps(items, ensure_ascii=False, indent=2)


def ris_name(name: str) -> str:
    """RIS's "Last, First[, Suffix]" with particles in the surname."""
    parts = parse_name(name)
    text = parts.surname + (f", {parts.first}" if parts.first else "")
    return text + (f", {parts.jr}" if parts.jr else "")


def ris_record(paper: Paper, key: str, abstract: bool = False) -> dict[str, Any]:
    """One paper as a rispy record (`abstract`: with abstract and keywords)."""
    kind = _kind(paper)
    record: dict[str, Any] = {"type_of_reference": _RIS_TYPES.get(kind, "GEN"), "id": key}
    record["title"] = " ".join(paper.title.split())
    if paper.authors:
        record["authors"] = [ris_name(a) for a in paper.authors]
    if paper.year:
        record["year"] = str(paper.year)
    if paper.date:
        record["date"] = paper.date.strftime("%Y/%m/%d/")
    if paper.venue:
        record["secondary_title"] = paper.venue
    elif paper.arxiv_id:
        record["secondary_title"] = "arXiv"
    for field, value in (("volume", paper.volume), ("number", paper.issue), ("publisher", paper.publisher)):
        if value:
            record[field] = value
    if paper.pages:
        first, _, last = re.sub(r"\s*[-–—]+\s*", "-", paper.pages).partition("-")
        record["start_page"] = first
        if last:
            record["end_page"] = last
    if paper.doi:
        record["doi"] = paper.doi
    urls = [u for u in (paper.url,) if u]
    if paper.arxiv_id and f"https://arxiv.org/abs/{paper.arxiv_id}" not in urls:
        urls.append(f"https://arxiv.org/abs/{paper.arxiv_id}")
    if urls:
        record["urls"] = urls
    if abstract and paper.abstract:
        record["abstract"] = paper.abstract
    if abstract and paper.keywords:
        record["keywords"] = list(paper.keywords)
    return record


def to_ris(papers: Sequence[Paper], keys: dict[str, str], abstracts: bool = False) -> str:
    """An RIS document, one record per paper (without rispy's "1." numbering lines, as EndNote writes it)."""
    import rispy

    class _Writer(rispy.RisWriter):
        def set_header(self, count: int) -> str:
            return ""

    records = [ris_record(p, keys.get(p.id, p.id), abstracts) for p in papers]
    return rispy.dumps(records, implementation=_Writer).rstrip("\n")
