"""Citation formats: the one registry of their names, labels, question words and renderers.

Everything that lists, names, parses or renders a citation format (the CLI's choices, the config's
`cite.format`, "bibtex for [2]" in a question, the TUI's copy keys and notices) reads this table.
A renderer is imported on first use, so reading the table loads no formatting code.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pubchat.models import Paper

Renderer = Callable[["Sequence[Paper]", "dict[str, str]"], str]


@dataclass(frozen=True)
class CiteFormatSpec:
    """One citation format."""

    name: str  # what the CLI, config and API take: "bibtex"
    label: str  # what people read: "BibTeX"
    words: tuple[str, ...]  # how a question names it ("as markdown", "bib for [2]")
    extension: str  # file name suffix for an export
    code_language: str  # the language of the code block an answer shows it in
    renderer: str  # "module:function" taking (papers, citation keys by paper id) -> text

    def render(self, papers: Sequence[Paper], keys: dict[str, str]) -> str:
        """The papers' references in this format, in the given order."""
        module, function = self.renderer.split(":")
        render: Renderer = getattr(importlib.import_module(module), function)
        return render(papers, keys)


# Question words are matched in this order: a more specific format comes first ("markdown text" is md).
_CITE = "pubchat.answer.cite"
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
    )
}


def format_names() -> list[str]:
    """Every format name, in registry order."""
    return list(FORMATS)


def get_format(name: str) -> CiteFormatSpec:
    """The format called `name`; ValueError naming the choices for any other name."""
    spec = FORMATS.get(name)
    if spec is None:
        raise ValueError(f"unknown citation format {name!r} (choose one of: {', '.join(FORMATS)})")
    return spec


def check_format(name: str) -> str:
    """`name` if it names a format (for validators and argparse), else ValueError naming the choices."""
    return get_format(name).name
