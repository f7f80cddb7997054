"""BibTeX files (Google Scholar, DBLP, Overleaf, Zotero/Better BibTeX) read with bibtexparser v2.

bibtexparser splits the file, resolves plain `@string` references and decodes LaTeX (accents to
Unicode); two things it leaves to the caller are done here: `#` concatenations of strings and
literals, and `crossref` (a child entry inherits the fields it lacks from its parent; the parent's
title becomes the child's booktitle).
"""

from __future__ import annotations

import contextlib
import logging
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import bibtexparser
from bibtexparser.library import Library
from bibtexparser.middlewares import (
    LatexDecodingMiddleware,
    LibraryMiddleware,
    SeparateCoAuthors,
)
from bibtexparser.model import DuplicateBlockKeyBlock, Entry, MiddlewareErrorBlock

from pubchat.corpus.names import parse_name
from pubchat.corpus.records import (
    ImportResult,
    Record,
    arxiv_id_of,
    build_papers,
    clean,
    normalise_doi,
    split_arxiv_id,
    year_of,
)
from pubchat.corpus.text import read_text
from pubchat.errors import CorpusError, one_line

_MONTHS = {m: i for i, m in enumerate("jan feb mar apr may jun jul aug sep oct nov dec".split(), start=1)}
_TYPES = {
    "article": "article",
    "inproceedings": "inproceedings",
    "conference": "inproceedings",
    "book": "book",
    "incollection": "incollection",
    "inbook": "incollection",
    "phdthesis": "thesis",
    "mastersthesis": "thesis",
    "thesis": "thesis",
    "techreport": "report",
    "report": "report",
    "unpublished": "preprint",
    "misc": "misc",
    "online": "misc",
}
_PIECE = re.compile(r'\s*(\{(?:[^{}]|\{(?:[^{}]|\{[^{}]*\})*\})*\}|"[^"]*"|[^\s#]+)\s*(#|$)')


def _concatenate(value: str, strings: dict[str, str]) -> str | None:
    """A `a # "b" # {c}` value joined into one braced literal; None when it is not a concatenation."""
    if "#" not in value or (value.startswith("{") and value.endswith("}") and _balanced(value[1:-1])):
        return None
    pieces: list[str] = []
    pos = 0
    while pos < len(value):
        match = _PIECE.match(value, pos)
        if not match or match.end() == pos:
            return None
        piece = match.group(1)
        if piece[0] in '{"':
            pieces.append(piece[1:-1])
        elif piece.isdigit():
            pieces.append(piece)
        else:
            resolved = strings.get(piece.lower())
            pieces.append(resolved if resolved is not None else piece)
        pos = match.end()
    return "{" + "".join(pieces) + "}"


def _balanced(text: str) -> bool:
    """Whether braces in text pair up (so `{a} # {b}` is not read as one braced value)."""
    depth = 0
    for ch in text:
        depth += (ch == "{") - (ch == "}")
        if depth < 0:
            return False
    return depth == 0


def _unenclose(value: str) -> str:
    """A string definition's value without its outer braces or quotes."""
    if len(value) >= 2 and (value[0], value[-1]) in {("{", "}"), ('"', '"')}:
        return value[1:-1]
    return value


class _ConcatenateStrings(LibraryMiddleware):
    """Resolve `@string` references inside `#` concatenations (bibtexparser resolves lone references only)."""

    def __init__(self) -> None:
        super().__init__(allow_inplace_modification=True)

    @classmethod
    def metadata_key(cls) -> str:
        """Where bibtexparser records that this middleware ran."""
        return "pubchat_concatenate_strings"

    def transform(self, library: Library) -> Library:
        """Join concatenated values of every entry and string definition."""
        strings: dict[str, str] = {}
        for string in library.strings:
            value = str(string.value)
            joined = _concatenate(value, strings)
            if joined is not None:
                string.value = joined
                value = joined
            strings[string.key.lower()] = _unenclose(value)
        for entry in library.entries:
            for fld in entry.fields:
                if isinstance(fld.value, str):
                    joined = _concatenate(fld.value, strings)
                    if joined is not None:
                        fld.value = joined
        return library


@contextlib.contextmanager
def _quiet_bibtexparser() -> Iterator[None]:
    """bibtexparser logs parse problems itself; they are reported here as one error line instead."""
    log = logging.getLogger("bibtexparser")
    previous = log.level
    log.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        log.setLevel(previous)


def _latex_decoder() -> Any:
    """bibtexparser's default LaTeX-to-Unicode decoder (pylatexenc; \\url{x} -> x, math kept verbatim),
    plus the text commands BibTeX writers use for characters that are special in BibTeX."""
    from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec, get_default_latex_context_db

    context = get_default_latex_context_db()
    context.add_context_category(
        "pubchat-bibtex",
        prepend=True,
        macros=[
            MacroTextSpec("url", simplify_repl="%s"),
            MacroTextSpec("textbraceleft", simplify_repl="{"),
            MacroTextSpec("textbraceright", simplify_repl="}"),
            MacroTextSpec("textasciicircum", simplify_repl="^"),
            MacroTextSpec("textasciitilde", simplify_repl="~"),
            MacroTextSpec("textbackslash", simplify_repl="\\"),
        ],
    )
    return LatexNodes2Text(latex_context=context, keep_braced_groups=False, math_mode="verbatim")


def parse_bibtex(text: str, source: str) -> Library:
    """Parse BibTeX text with strings, concatenations and LaTeX decoded; syntax errors name the line."""
    stack = [
        _ConcatenateStrings(),
        *bibtexparser.middlewares.default_parse_stack(),
        SeparateCoAuthors(name_fields=("author", "editor")),
        LatexDecodingMiddleware(decoder=_latex_decoder()),
    ]
    with _quiet_bibtexparser():
        library = bibtexparser.parse_string(text, parse_stack=stack)
    for block in library.failed_blocks:
        line = (block.start_line or 0) + 1
        if isinstance(block, DuplicateBlockKeyBlock):
            raise CorpusError(f"{source}:{line}: entry key {block.key!r}: duplicate citation key in the file")
        if isinstance(block, MiddlewareErrorBlock):
            raise CorpusError(f"{source}:{line}: cannot decode a field: {one_line(str(block.error), 120)}")
        reason = getattr(block.error, "abort_reason", "") or "unreadable entry"
        raise CorpusError(f"{source}:{line}: BibTeX syntax: {one_line(reason, 160)}")
    return library


def _fields(entry: Entry) -> dict[str, Any]:
    """An entry's fields with lower-case names."""
    return {f.key.lower(): f.value for f in entry.fields}


def _decode_name(name: str) -> str:
    """A name's LaTeX decoded after it was split on "and"; braces stay (they group a corporate name)."""
    if "\\" not in name:
        return name
    from pylatexenc.latex2text import LatexNodes2Text

    return LatexNodes2Text(keep_braced_groups=True).latex_to_text(name)


def _authors(value: object) -> tuple[list[str], bool]:
    """Reading-order author names and whether the list is complete ("and others" means it is not)."""
    names = value if isinstance(value, list) else [value] if isinstance(value, str) else []
    out: list[str] = []
    complete = True
    for raw in names:
        if raw.strip().lower() == "others":
            complete = False
            continue
        out.append(parse_name(_decode_name(raw)).display)
    return out, complete


def _inherit(entries: list[Entry]) -> tuple[dict[str, dict[str, Any]], set[str]]:
    """Field dicts after crossref inheritance, and the keys of parents only referenced (not cited alone)."""
    by_key = {e.key.lower(): e for e in entries}
    result: dict[str, dict[str, Any]] = {}
    parents: set[str] = set()
    for entry in entries:
        fields = _fields(entry)
        ref = fields.get("crossref")
        if isinstance(ref, str) and ref.strip():
            parent = by_key.get(ref.strip().lower())
            if parent is None:
                line = (entry.start_line or 0) + 1
                raise CorpusError(f"entry {entry.key!r} (line {line}): field 'crossref': no entry with key {ref!r}")
            parents.add(parent.key.lower())
            inherited = _fields(parent)
            if "title" in inherited and "booktitle" not in fields and "journal" not in fields:
                fields["booktitle"] = inherited["title"]
            for name, value in inherited.items():
                if name not in ("title", "crossref", "abstract", "doi", "eprint", "url", "keywords"):
                    fields.setdefault(name, value)
        result[entry.key] = fields
    return result, parents


def _text(fields: dict[str, Any], name: str) -> str:
    """A field as clean text ("" when absent or not text)."""
    value = fields.get(name)
    return clean(value) if isinstance(value, str) else ""


def _record(entry: Entry, fields: dict[str, Any], source: str) -> Record:
    """One BibTeX entry as a Record."""
    where = f"{source}: entry {entry.key!r} (line {(entry.start_line or 0) + 1})"
    authors, complete = _authors(fields.get("author"))
    eprint = _text(fields, "eprint")
    prefix = _text(fields, "archiveprefix").lower() or _text(fields, "eprinttype").lower()
    arxiv = None
    if eprint and (prefix in ("", "arxiv")):
        arxiv = arxiv_id_of(eprint)
    url = _text(fields, "url") or None
    if arxiv is None:
        for candidate in (url, _text(fields, "journal"), _text(fields, "note"), _text(fields, "doi")):
            if candidate and "arxiv" in candidate.lower():
                arxiv = split_arxiv_id(candidate)[0]
                if arxiv:
                    break
    journal = _text(fields, "journal") or _text(fields, "journaltitle")
    venue = journal or _text(fields, "booktitle") or _text(fields, "school") or _text(fields, "institution")
    if venue and arxiv and re.fullmatch(r"(arxiv|corr)\b.*", venue, re.IGNORECASE):
        venue = ""  # "arXiv preprint arXiv:2207.10299" / DBLP's "CoRR" name the preprint, not a venue
    entry_type = entry.entry_type.lower()
    kind = _TYPES.get(entry_type, "misc")
    if kind == "misc" and arxiv and not venue:
        kind = "preprint"
    if kind == "article" and not venue and arxiv:
        kind = "preprint"
    year = year_of(_text(fields, "year")) or year_of(_text(fields, "date"))
    keywords = [k for k in re.split(r"[;,]", _text(fields, "keywords")) if k.strip()]
    doi = normalise_doi(_text(fields, "doi"))
    if doi and doi.startswith("10.48550/arxiv."):
        doi = None  # arXiv's own DOI names the preprint, which the arXiv id already does
    return Record(
        where=where,
        title=_text(fields, "title"),
        authors=authors,
        authors_complete=complete,
        year=year,
        abstract=_text(fields, "abstract"),
        arxiv_id=arxiv,
        doi=doi,
        url=url if url and url.startswith(("http://", "https://")) else None,
        venue=venue or None,
        type=kind,
        volume=_text(fields, "volume") or None,
        issue=_text(fields, "number") or _text(fields, "issue") or None,
        pages=_text(fields, "pages") or None,
        publisher=_text(fields, "publisher") or None,
        keywords=keywords,
        category=_text(fields, "primaryclass") or None,
        citation_key=entry.key,
        source=f"bibtex:{Path(source).name}",
    )


def import_bibtex_text(text: str, source: str) -> ImportResult:
    """Import BibTeX text (`source` names it in messages)."""
    library = parse_bibtex(text, source)
    entries = list(library.entries)
    if not entries:
        raise CorpusError(f"{source}: no BibTeX entries found (expected lines like '@article{{key, ...}}')")
    fields_of, parents = _inherit(entries)
    records: list[Record] = []
    skipped: list[str] = []
    for entry in entries:
        if entry.key.lower() in parents and entry.entry_type.lower() in ("proceedings", "book", "collection"):
            skipped.append(
                f"{source}: entry {entry.key!r}: a cross-referenced {entry.entry_type} "
                "(its fields went to the entries citing it)"
            )
            continue
        records.append(_record(entry, fields_of[entry.key], source))
    return build_papers(records, read=len(entries), skipped=skipped)


def import_bibtex(path: Path) -> ImportResult:
    """Import a .bib file."""
    return import_bibtex_text(read_text(path), str(path))
