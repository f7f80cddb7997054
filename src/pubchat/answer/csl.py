"""Text references in any CSL style, rendered by citeproc-py (offline: styles ship with pubchat,
the en-US locale ships with citeproc-py).

Named styles map to the .csl files in pubchat/answer/styles (see its README for sources and the
CC BY-SA 3.0 licence); the registry's `csl:FILE` renders with any style file. References keep the order given
(the order of an answer's citations), numbered [1], [2] ... by numeric styles.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from importlib import resources
from pathlib import Path

from pubchat.errors import PubchatError
from pubchat.models import Paper

_NUMBER_GLUED = re.compile(r"^(\[\d+\]|\d+\.)(?=\S)")


def styles_dir() -> Path:
    """The folder holding the shipped .csl files."""
    return Path(str(resources.files("pubchat.answer").joinpath("styles")))


def style_path(style: str) -> Path:
    """The .csl file: one shipped in pubchat/answer/styles (a bare file name), or a path (from `csl:FILE`)."""
    shipped = styles_dir() / style
    return shipped if "/" not in style and shipped.is_file() else Path(style)


def _plain(text: str) -> str:
    """citeproc's plain output with entities decoded and whitespace tidied."""
    text = re.sub(r"\s+", " ", html.unescape(str(text))).strip()
    return _NUMBER_GLUED.sub(r"\1 ", text)  # "[1]Y. Zhong" / "1.Zhong": margin and body blocks are joined bare


def render_csl(papers: Sequence[Paper], keys: dict[str, str], style: str) -> str:
    """The papers' bibliography in a CSL style (a shipped file name or a .csl path), one reference per
    paragraph, in the given order."""
    from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
    from citeproc.source.json import CiteProcJSON

    from pubchat.answer.export import csl_item

    path = style_path(style)
    ids = [f"ref{n}" for n in range(1, len(papers) + 1)]  # citeproc lower-cases ids; these stay unique
    items = [csl_item(p, ref) for p, ref in zip(papers, ids)]
    for item in items:
        item.pop("citation-key", None)
        if str(item.get("number", "")).startswith("arXiv:"):
            item["number"] = item["number"][6:]  # styles print their own "arXiv:" label before the number
    try:
        csl = CitationStylesStyle(str(path), validate=False)
    except Exception as exc:  # lxml and citeproc raise many kinds for a broken file
        raise PubchatError(f"{path}: cannot read the CSL style: {str(exc).splitlines()[0][:160]}") from None
    if not csl.has_bibliography():
        raise PubchatError(
            f"{path}: the CSL style has no <bibliography> section (citation-only styles cannot list references)"
        )
    bibliography = CitationStylesBibliography(csl, CiteProcJSON(items), formatter.plain)
    for ref in ids:
        bibliography.register(Citation([CitationItem(ref)]))
    try:
        rendered = [_plain(entry) for entry in bibliography.bibliography()]
    except Exception as exc:  # a style using a CSL feature citeproc-py lacks
        raise PubchatError(f"{path}: citeproc-py cannot render this style: {str(exc)[:160]}") from None
    return "\n\n".join(rendered)
