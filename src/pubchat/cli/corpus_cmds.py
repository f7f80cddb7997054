"""Corpus and configuration commands: `import`, `papers`, `config`."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from pubchat.citeformats import format_names
from pubchat.corpus.import_formats import FORMATS
from pubchat.errors import CorpusError

if TYPE_CHECKING:  # imported where used: `pubchat ask` registers these commands but never runs them
    from pubchat.assistant import Assistant
    from pubchat.config import LoadedSettings
    from pubchat.corpus.records import ImportResult


def register(sub: argparse._SubParsersAction) -> None:
    """Add the corpus commands to the CLI."""
    imp = sub.add_parser(
        "import",
        help="import a publication list into pubchat's JSONL corpus format",
        description="Import a publication list: 'bibtex' (Google Scholar, DBLP, Zotero), 'csl-json' "
        "(Zotero, pandoc), 'ris' (EndNote, Mendeley, Web of Science), 'arxiv' (a saved arXiv API Atom "
        "feed), 'openalex' / 'semantic-scholar' (saved API JSON), 'profile' (profile-page text), 'jsonl' "
        "(pubchat's own format, validated), 'beir' (a BEIR folder) or 'auto' (guessed from the file).",
    )
    imp.add_argument("format", choices=FORMATS, help="source format ('auto' guesses it)")
    imp.add_argument("source", help="source file, or a BEIR folder")
    imp.add_argument("-o", "--output", required=True, metavar="OUT.jsonl", help="corpus file to write")
    imp.add_argument(
        "--year",
        type=int,
        default=dt.date.today().year,
        help="page year for profile dates written without a year, like 'Apr 19' "
        "(default: the current year, as profile pages omit it only for this year)",
    )
    imp.add_argument(
        "--enrich",
        metavar="ARXIV.json",
        help="add arXiv ids and full author lists from a JSON list matched by exact title",
    )
    imp.add_argument(
        "--merge",
        metavar="EXISTING.jsonl",
        help="merge into this corpus: the same paper (DOI, arXiv id, or title + first author + year) "
        "becomes one record",
    )
    imp.set_defaults(handler=cmd_import)

    merge = sub.add_parser(
        "merge",
        help="merge publication lists into one corpus without duplicates",
        description="Merge lists (any importable format, guessed from each file) into one corpus: the same "
        "paper from several lists or arXiv versions becomes one record with fields combined; likely "
        "duplicates below the match threshold are listed for you to check.",
    )
    merge.add_argument("lists", nargs="+", metavar="LIST", help="corpus JSONL files or other lists, in priority order")
    merge.add_argument("-o", "--output", required=True, metavar="OUT.jsonl", help="corpus file to write")
    merge.set_defaults(handler=cmd_merge)

    export = sub.add_parser(
        "export",
        help="write the whole corpus as BibTeX, RIS or CSL-JSON (with abstracts), or as a reference list",
        description=f"Export every paper of the corpus for a reference manager: {', '.join(format_names(True))} "
        "carry abstracts and keywords and import back into pubchat unchanged; text styles "
        f"({', '.join(format_names(False))}, csl:FILE) give a reference list.",
    )
    export.add_argument("format", metavar="FORMAT", help=f"{', '.join(format_names(True))}, or a text style")
    export.add_argument("-o", "--output", metavar="FILE", help="file to write (default: standard output)")
    export.set_defaults(handler=cmd_export)

    papers = sub.add_parser("papers", help="list the corpus (id, year, code, title), newest first")
    papers.add_argument("--json", action="store_true", help="print the records as JSON Lines")
    papers.set_defaults(handler=cmd_papers)

    cfg = sub.add_parser("config", help="print the effective settings and where they came from")
    cfg.set_defaults(handler=cmd_config)


def resolve_settings(args: argparse.Namespace) -> LoadedSettings:
    """Settings per the global --config option."""
    from pubchat.config import load_settings

    return load_settings(getattr(args, "config", None))


def open_engine(args: argparse.Namespace) -> Assistant:
    """The Assistant over the corpus the command should use (--corpus, else the configured one)."""
    from pubchat.engine import open_assistant

    loaded = resolve_settings(args)
    from pubchat.cli.progress import terminal_progress

    assistant = open_assistant(loaded.settings, loaded.corpus_file(getattr(args, "corpus", None)))
    assistant.embed_progress = terminal_progress(sys.stderr)  # a user's corpus is embedded once, on first need
    return assistant


def cmd_import(args: argparse.Namespace) -> int:
    """Import a source (optionally merged into an existing corpus) and write the corpus atomically."""
    from pubchat.corpus import import_source

    if not 1900 <= args.year <= 2100:
        raise CorpusError(f"--year {args.year}: expected a year between 1900 and 2100")
    result = import_source(args.format, args.source, page_year=args.year, enrich=args.enrich)
    if args.merge:
        from pubchat.corpus import read_jsonl
        from pubchat.corpus.merge import merge_papers

        merged = merge_papers(read_jsonl(args.merge), result.papers)
        result.merged += merged.merged
        result.near_duplicates += merged.near_duplicates
        result.papers = merged.papers
    _write_corpus(Path(args.output), result)
    return 0


def cmd_merge(args: argparse.Namespace) -> int:
    """Merge several lists into one corpus."""
    from pubchat.corpus import ImportResult, import_source
    from pubchat.corpus.merge import merge_papers

    total = ImportResult(papers=[])
    for source in args.lists:
        part = import_source("auto", source, page_year=dt.date.today().year)
        total.read += part.read
        total.warnings += part.warnings
        total.skipped += part.skipped
        merged = merge_papers(total.papers, part.papers)
        total.papers = merged.papers
        total.merged += part.merged + merged.merged
        total.near_duplicates += merged.near_duplicates
    _write_corpus(Path(args.output), total)
    return 0


def _write_corpus(out: Path, result: ImportResult) -> None:
    """Write the corpus and print the summary; warnings, skipped entries and near duplicates go to stderr."""
    from pubchat.corpus import dump_jsonl
    from pubchat.storage import atomic_write_text
    from pubchat.textsafe import one_line as clean_line

    for warning in result.warnings:
        print(f"pubchat: warning: {clean_line(warning)}", file=sys.stderr)
    for reason in result.skipped:
        print(f"pubchat: skipped: {clean_line(reason)}", file=sys.stderr)
    for pair in result.near_duplicates:
        print(f"pubchat: possible duplicate: {clean_line(pair)}", file=sys.stderr)
    try:
        atomic_write_text(out, dump_jsonl(result.papers))
    except OSError as exc:
        raise CorpusError(f"{out}: cannot write: {exc.strerror or exc}") from None
    with_id = sum(1 for p in result.papers if p.arxiv_id)
    print(
        f"read {result.read} entries; wrote {len(result.papers)} papers to {out} "
        f"({with_id} with arXiv ids, {len(result.warnings)} warnings; "
        f"{result.summary()}"
        + (f"; {len(result.near_duplicates)} possible duplicates to check" if result.near_duplicates else "")
        + ")"
    )


def cmd_export(args: argparse.Namespace) -> int:
    """Write the corpus in a reference format."""
    from pubchat.answer.cite import format_references
    from pubchat.citeformats import option_format
    from pubchat.storage import atomic_write_text
    from pubchat.textsafe import clean

    fmt = option_format(args.format)
    assistant = open_engine(args)
    papers = assistant.papers
    text = format_references(papers, fmt, assistant.keys, abstracts=True) + "\n"
    if not args.output or args.output == "-":
        sys.stdout.write(clean(text))
        return 0
    out = Path(args.output)
    try:
        atomic_write_text(out, text)
    except OSError as exc:
        raise CorpusError(f"{out}: cannot write: {exc.strerror or exc}") from None
    print(f"wrote {len(papers)} references to {out} ({fmt})")
    return 0


def cmd_papers(args: argparse.Namespace) -> int:
    """Print the corpus as a table (or JSON Lines)."""
    from pubchat.corpus import dump_jsonl
    from pubchat.recency import newest_first
    from pubchat.textsafe import safe_text

    papers = newest_first(open_engine(args).papers)
    if args.json:
        sys.stdout.write(dump_jsonl(papers))
        return 0
    width = max(len(p.id) for p in papers)
    print(f"{'id':<{width}}  year  code  title")
    for p in papers:
        year = str(p.year) if p.year else "   -"
        code = "code" if p.has_code else "    "
        print(f"{safe_text(p.id):<{width}}  {year}  {code}  {safe_text(p.title)}")
    print(f"{len(papers)} papers")
    return 0


def _semantic_note(loaded: LoadedSettings) -> str:
    """A comment line: whether the sentence encoder is used for the configured corpus, and the size rule."""
    from pubchat.search.semantic import off_reason  # cheap: checks files, loads nothing

    search = loaded.settings.search
    rule = (
        f'with semantic = "auto" it is off for corpora over semantic_max_docs = {search.semantic_max_docs} papers'
        if search.semantic == "auto"
        else ""
    )
    try:
        from pubchat.corpus import shipped_corpus_path

        path = loaded.corpus_file() or shipped_corpus_path()
        with open(path, "rb") as handle:
            count = sum(1 for line in handle if line.strip())
    except OSError:
        return f"# the sentence encoder (semantic search): {rule or 'see search.semantic'}"
    reason = off_reason(count, search)
    state = "on" if reason is None else f"off: {reason}"
    return f"# the sentence encoder (semantic search) for this corpus ({count} papers): {state}" + (
        f"; {rule}" if rule and reason is None else ""
    )


def cmd_config(args: argparse.Namespace) -> int:
    """Print the effective settings as TOML-like text with their source."""
    loaded = resolve_settings(args)
    print(f"# settings from: {loaded.source}")
    data = loaded.settings.model_dump(mode="json")
    for section, values in data.items():
        print(f"\n[{section}]")
        for key, value in values.items():
            if value is None:
                print(f"# {key} is unset (default behaviour)")
            else:
                print(f"{key} = {json.dumps(value)}")
            if section == "search" and key == "semantic":
                print(_semantic_note(loaded))
            if section == "tui" and key == "theme":
                print(_theme_note(value))
    return 0


def _theme_note(configured: str) -> str:
    """Which theme the TUI uses and where that came from (a theme picked in the TUI is kept apart)."""
    from pubchat.tui.prefs import load_prefs

    prefs = load_prefs()
    if prefs.theme:
        return f"# the TUI uses theme {json.dumps(prefs.theme)}, chosen in the TUI and kept in {prefs.path}"
    return f"# the TUI uses theme {json.dumps(configured)} from: the settings above (nothing chosen in {prefs.path})"
