"""Citation formats: the one registry of their names, labels, question words and renderers.

Everything that lists, names, parses or renders a citation format (the CLI's choices, the config's
`cite.format`, "bibtex for [2]" in a question, the TUI's copy keys and notices) reads this table.
A renderer is imported on first use, so reading the table loads no formatting code. Besides the
named formats, `csl:FILE` names any CSL style file (rendered by citeproc-py like the shipped styles).
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pubchat.models import Paper


@dataclass(frozen=True)
class CiteFormatSpec:
    """One citation format."""

    name: str  # what the CLI, config and API take: "bibtex"
    label: str  # what people read: "BibTeX"
    words: tuple[str, ...]  # how a question names it ("as markdown", "bib for [2]")
    extension: str  # file name suffix for an export
    code_language: str  # the language of the code block an answer shows it in
    renderer: str  # "module:function" taking (papers, citation keys by paper id) -> text
    style: str | None = None  # a CSL style: a file shipped in pubchat/answer/styles, or a path (csl:FILE)
    records: bool = False  # whole records (BibTeX, RIS, CSL-JSON): the renderer takes `abstracts`

    def render(self, papers: Sequence[Paper], keys: dict[str, str], abstracts: bool = False) -> str:
        """The papers' references in this format, in the given order (`abstracts`: with abstracts and
        keywords, for formats that carry whole records)."""
        module, function = self.renderer.split(":")
        render: Any = getattr(importlib.import_module(module), function)
        options: dict[str, object] = {}
        if self.style is not None:
            options["style"] = self.style
        if self.records and abstracts:
            options["abstracts"] = True
        return str(render(papers, keys, **options))


# Question words are matched in this order: a more specific format comes first ("markdown text" is md,
# "apa csl" is apa-csl).
_CITE = "pubchat.answer.cite"
_CSL = "pubchat.answer.csl:render_csl"
_EXPORT = "pubchat.answer.export"
FORMATS: dict[str, CiteFormatSpec] = {
    spec.name: spec
    for spec in (
        CiteFormatSpec(
            name="bibtex",
            label="BibTeX",
            words=("bibtex", "bib", "biblatex", "latex"),
            extension=".bib",
            code_language="bibtex",
            renderer=f"{_CITE}:render_bibtex",
            records=True,
        ),
        CiteFormatSpec(
            name="apa-csl",
            label="APA (CSL)",
            words=("apa-csl", "apa csl", "csl apa"),
            extension=".txt",
            code_language="text",
            renderer=_CSL,
            style="apa.csl",
        ),
        CiteFormatSpec(
            name="apa",
            label="APA",
            words=("apa",),
            extension=".txt",
            code_language="text",
            renderer=f"{_CITE}:render_apa",
        ),
        CiteFormatSpec(
            name="md",
            label="Markdown",
            words=("markdown", "md"),
            extension=".md",
            code_language="markdown",
            renderer=f"{_CITE}:render_md",
        ),
        CiteFormatSpec(
            name="plain",
            label="Plain text",
            words=("plain text", "plain", "text", "txt"),
            extension=".txt",
            code_language="text",
            renderer=f"{_CITE}:render_plain",
        ),
        CiteFormatSpec(
            name="ieee",
            label="IEEE",
            words=("ieee",),
            extension=".txt",
            code_language="text",
            renderer=_CSL,
            style="ieee.csl",
        ),
        CiteFormatSpec(
            name="acm",
            label="ACM",
            words=("acm",),
            extension=".txt",
            code_language="text",
            renderer=_CSL,
            style="association-for-computing-machinery.csl",
        ),
        CiteFormatSpec(
            name="chicago",
            label="Chicago (author-date)",
            words=("chicago",),
            extension=".txt",
            code_language="text",
            renderer=_CSL,
            style="chicago-author-date.csl",
        ),
        CiteFormatSpec(
            name="nature",
            label="Nature",
            words=("nature style", "nature format", "as nature"),
            extension=".txt",
            code_language="text",
            renderer=_CSL,
            style="nature.csl",
        ),
        CiteFormatSpec(
            name="ris",
            label="RIS",
            words=("ris", "endnote", "mendeley"),
            extension=".ris",
            code_language="text",
            renderer=f"{_EXPORT}:to_ris",
            records=True,
        ),
        CiteFormatSpec(
            name="csl-json",
            label="CSL-JSON",
            words=("csl-json", "csl json", "csljson", "zotero", "json"),
            extension=".json",
            code_language="json",
            renderer=f"{_EXPORT}:to_csl_json",
            records=True,
        ),
    )
}


def format_names(records: bool | None = None) -> list[str]:
    """Format names in registry order: all of them, or only the whole-record exports (`records=True`)
    or only the reference styles (`records=False`)."""
    return [name for name, spec in FORMATS.items() if records is None or spec.records == records]


def get_format(name: str) -> CiteFormatSpec:
    """The format called `name`, or a CSL style file named `csl:FILE` (checked to exist and hold a
    <style>); ValueError naming the choices for any other name."""
    spec = FORMATS.get(name)
    if spec is None and name.startswith("csl:"):
        return _csl_file_format(name)
    if spec is None:
        raise ValueError(
            f"unknown citation format {name!r} (choose one of: {', '.join(FORMATS)}; or csl:FILE for a CSL style file)"
        )
    return spec


def _csl_file_format(name: str) -> CiteFormatSpec:
    """The spec of a user's CSL style file (`csl:FILE`)."""
    raw = name[4:].strip()
    if not raw:
        raise ValueError("csl: needs a style file, like csl:path/to/style.csl")
    path = Path(raw).expanduser()
    if not path.is_file():
        raise ValueError(f"{path}: CSL style file not found")
    try:
        head = path.read_bytes()[:4000].decode("utf-8", "replace")
    except OSError as exc:
        raise ValueError(f"{path}: cannot read: {exc.strerror or exc}") from None
    if "<style" not in head:
        raise ValueError(f"{path}: not a CSL style (no <style> element near the start)")
    return CiteFormatSpec(
        name=name,
        label=f"CSL style {path.name}",
        words=(),
        extension=".txt",
        code_language="text",
        renderer=_CSL,
        style=str(path),
    )


def check_format(name: str) -> str:
    """`name` if it names a format (for validators and argparse), else ValueError naming the choices."""
    return get_format(name).name


def option_format(name: str) -> str:
    """`name` checked for a command-line option: a one-line PubchatError (exit status 2) naming the choices."""
    from pubchat.errors import PubchatError

    try:
        return check_format(name)
    except ValueError as exc:
        raise PubchatError(str(exc)) from None
