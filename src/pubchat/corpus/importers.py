"""`pubchat import FORMAT SOURCE`: turn a publication list into Papers, whatever tool wrote it.

Formats: a profile page, pubchat's JSONL, a BEIR folder, BibTeX, CSL-JSON, RIS, an arXiv API Atom
feed, OpenAlex works and Semantic Scholar papers saved as JSON; `auto` guesses from the file.
Every importer returns the papers, warnings and the counts of its summary; nothing is dropped silently.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from pubchat.corpus.import_formats import FORMATS
from pubchat.corpus.profile import ProfileEntry, read_profile
from pubchat.corpus.records import ImportResult, make_paper
from pubchat.corpus.store import parse_jsonl, read_jsonl
from pubchat.corpus.text import iter_json_objects, read_text, slugify
from pubchat.errors import CorpusError
from pubchat.limits import MAX_INT_DIGITS, MAX_SIDE_FILE_BYTES
from pubchat.models import Paper


@dataclass
class ArxivRecord:
    """One enrichment record: arXiv id and full authors for an exact title."""

    title: str
    arxiv_id: str | None
    authors: list[str]
    authors_complete: bool
    seed_date: str | None


def read_enrichment(path: Path) -> list[ArxivRecord]:
    """Read a seed_arxiv.json-style file: a JSON list of {title, arxiv_id, authors, ...}."""
    text = read_text(path, MAX_SIDE_FILE_BYTES)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise CorpusError(f"{path}:{exc.lineno}: invalid JSON: {exc.msg}") from None
    except RecursionError:
        raise CorpusError(f"{path}: invalid JSON: nested too deeply") from None
    except ValueError:  # an integer over MAX_INT_DIGITS digits
        raise CorpusError(f"{path}: invalid JSON: a number over {MAX_INT_DIGITS:,} digits") from None
    if not isinstance(data, list):
        raise CorpusError(f"{path}: expected a JSON list of records")
    records: list[ArxivRecord] = []
    for index, item in enumerate(data):
        where = f"{path}: record {index + 1}"
        if not isinstance(item, dict):
            raise CorpusError(f"{where}: expected an object")
        title = item.get("title")
        authors = item.get("authors", [])
        arxiv_id = item.get("arxiv_id")
        if not isinstance(title, str) or not title.strip():
            raise CorpusError(f"{where}: field 'title': missing or not a string")
        if not isinstance(authors, list) or not all(isinstance(a, str) for a in authors):
            raise CorpusError(f"{where}: field 'authors': expected a list of names")
        if arxiv_id is not None and not isinstance(arxiv_id, str):
            raise CorpusError(f"{where}: field 'arxiv_id': expected a string or null")
        records.append(
            ArxivRecord(
                title=title,
                arxiv_id=arxiv_id,
                authors=authors,
                authors_complete=bool(item.get("authors_complete", True)),
                seed_date=item.get("seed_date"),
            )
        )
    return records


def _unique_id(base: str, taken: set[str]) -> str:
    """base, or base-2, base-3 ... whichever is free."""
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    taken.add(candidate)
    return candidate


def papers_from_profile(
    entries: list[ProfileEntry], enrichment: list[ArxivRecord] | None, source: str = "profile"
) -> ImportResult:
    """Build Papers from profile entries, adding arXiv ids and full authors by exact title."""
    by_title = {r.title: r for r in enrichment or []}
    warnings: list[str] = []
    used: set[str] = set()
    taken: set[str] = set()
    papers: list[Paper] = []
    for entry in entries:
        record = by_title.get(entry.title)
        authors, complete, arxiv_id = entry.authors, entry.authors_complete, None
        if record is not None:
            used.add(record.title)
            arxiv_id = record.arxiv_id
            if record.authors:
                authors, complete = record.authors, record.authors_complete
            if record.seed_date and record.seed_date != entry.date.isoformat():
                warnings.append(
                    f"{source}:{entry.line}: date {entry.date} differs from the enrichment's {record.seed_date}"
                )
        elif enrichment is not None:
            warnings.append(
                f"{source}:{entry.line}: no enrichment record for title {entry.title!r} (kept without arXiv id)"
            )
        paper_id = _unique_id(arxiv_id or slugify(entry.title), taken)
        papers.append(
            make_paper(
                f"{source}:{entry.line}",
                id=paper_id,
                title=entry.title,
                authors=authors,
                authors_complete=complete,
                date=entry.date,
                year=entry.date.year,
                category=entry.category,
                has_code=entry.has_code,
                abstract=entry.abstract,
                arxiv_id=arxiv_id,
                url=f"https://arxiv.org/abs/{arxiv_id}" if arxiv_id else None,
                pdf_url=f"https://arxiv.org/pdf/{arxiv_id}" if arxiv_id else None,
                code_urls=entry.urls,
                sources=[f"profile:{Path(source).name}"],
            )
        )
    for record in enrichment or []:
        if record.title not in used:
            warnings.append(f"enrichment title not in the list: {record.title!r}")
    return ImportResult(papers=papers, warnings=warnings, read=len(entries))


def import_profile(source: Path, page_year: int, enrich: Path | None = None) -> ImportResult:
    """Import a profile-page text file, optionally enriched with arXiv ids and authors."""
    entries = read_profile(source, page_year)
    enrichment = read_enrichment(enrich) if enrich is not None else None
    return papers_from_profile(entries, enrichment, str(source))


def load_beir_corpus(folder: str | Path) -> list[Paper]:
    """Read a BEIR folder's corpus.jsonl ({_id, title, text}) as Papers (no authors, dates, links)."""
    folder = Path(folder)
    path = folder / "corpus.jsonl" if folder.is_dir() else folder
    text = read_text(path)
    papers: list[Paper] = []
    seen: set[str] = set()
    for number, data in iter_json_objects(text, path):
        doc_id = data.get("_id")
        if not isinstance(doc_id, (str, int)) or not str(doc_id).strip():
            raise CorpusError(f"{path}:{number}: field '_id': missing or empty")
        doc_id = str(doc_id)
        if doc_id in seen:
            raise CorpusError(f"{path}:{number}: field '_id': duplicate id {doc_id!r}")
        seen.add(doc_id)
        title = data.get("title") or ""
        body = data.get("text") or ""
        if not isinstance(title, str) or not isinstance(body, str):
            raise CorpusError(f"{path}:{number}: field 'title'/'text': expected strings")
        papers.append(
            make_paper(
                f"{path}:{number}",
                id=doc_id,
                title=title.strip() or f"Document {doc_id}",
                abstract=body,
                authors_complete=False,
            )
        )
    if not papers:
        raise CorpusError(f"{path}: the corpus is empty")
    return papers


def guess_format(path: Path) -> str:
    """The import format of a file from its name and first characters; a CorpusError when unclear."""
    if path.is_dir():
        return "beir"
    suffix = path.suffix.lower()
    by_suffix = {".bib": "bibtex", ".bibtex": "bibtex", ".ris": "ris", ".txt": "profile", ".jsonl": "jsonl"}
    if suffix in by_suffix:
        return by_suffix[suffix]
    head = read_text(path)[:4000].lstrip()
    if head.startswith("<"):
        return "arxiv"
    if re.search(r"^\s*@\w+\s*\{", head, re.MULTILINE):
        return "bibtex"
    if re.search(r"^TY  - ", head, re.MULTILINE):
        return "ris"
    if head.startswith(("[", "{")):
        if '"abstract_inverted_index"' in head or '"openalex.org' in head or "openalex" in head[:400]:
            return "openalex"
        if '"paperId"' in head or '"externalIds"' in head:
            return "semantic-scholar"
        if '"container-title"' in head or '"issued"' in head or '"type"' in head:
            return "csl-json"
    raise CorpusError(
        f"{path}: cannot tell the format from the name or content; name it: pubchat import FORMAT "
        f"(one of {', '.join(FORMATS[1:])})"
    )


def _folded(result: ImportResult) -> ImportResult:
    """A reference list with each paper once: a preprint and its published version in one file (as a
    Google Scholar export often has them) become one record, as `pubchat merge` would make them."""
    from pubchat.corpus.merge import merge_papers

    folded = merge_papers([], result.papers)
    result.papers = folded.papers
    result.merged += folded.merged
    result.near_duplicates += folded.near_duplicates
    return result


def import_source(fmt: str, source: str | Path, page_year: int, enrich: str | Path | None = None) -> ImportResult:
    """Dispatch on the import format name (`auto` guesses it)."""
    path = Path(source)
    if fmt == "auto":
        if not path.exists():
            raise CorpusError(f"{path}: file not found")
        fmt = guess_format(path)
    if enrich is not None and fmt != "profile":
        raise CorpusError(f"--enrich works with the profile format only, not {fmt!r}")
    if fmt == "profile":
        return import_profile(path, page_year, Path(enrich) if enrich else None)
    if fmt == "jsonl":
        label = [f"jsonl:{path.name}"]
        papers = [p if p.sources else p.model_copy(update={"sources": label}) for p in read_jsonl(path)]
        return ImportResult(papers=papers, read=len(papers))
    if fmt == "beir":
        papers = load_beir_corpus(path)
        return ImportResult(papers=papers, read=len(papers))
    if fmt == "bibtex":
        from pubchat.corpus.bibtex_import import import_bibtex

        return _folded(import_bibtex(path))
    if fmt == "csl-json":
        from pubchat.corpus.csljson_import import import_csl_json

        return _folded(import_csl_json(path))
    if fmt == "ris":
        from pubchat.corpus.ris_import import import_ris

        return _folded(import_ris(path))
    if fmt == "arxiv":
        from pubchat.corpus.arxiv_import import import_arxiv

        return _folded(import_arxiv(path))
    if fmt in ("openalex", "semantic-scholar"):
        from pubchat.corpus.scholarly_json_import import import_openalex, import_semantic_scholar

        return _folded(import_openalex(path) if fmt == "openalex" else import_semantic_scholar(path))
    raise CorpusError(f"unknown import format {fmt!r} (choose from {', '.join(FORMATS)})")


__all__ = ["FORMATS", "ImportResult", "guess_format", "import_source", "load_beir_corpus", "parse_jsonl"]
