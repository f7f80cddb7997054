"""LaTeX in titles and abstracts shown as text: `28$\\times$28` -> `28×28`, `\\url{x}` -> `x`, `--` -> `–`.

Uses pylatexenc's LaTeX-to-text converter (imported on first use). Text without LaTeX markup comes
back unchanged, and characters that are ordinary in plain abstracts but special to LaTeX (`%`, a
lone `$`, `~`) are kept as written. BibTeX output does not use this: it keeps the source text.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from pubchat.lazyre import lazy

# Markup worth converting: a macro, inline math, a TeX dash or TeX quotes.
_MARKUP = lazy(r"\\[A-Za-z]+|\\[%&$#_{}]|\$[^$]+\$|--|``|''")
# `%` starts a LaTeX comment (it would swallow the rest of the line); in an abstract it is a percent sign.
_BARE_PERCENT = lazy(r"(?<!\\)%")
_BARE_TILDE = lazy(r"(?<!\\)~")
_LONE_DOLLAR = lazy(r"(?<!\\)\$")


@lru_cache(maxsize=1)
def _converter() -> Any:
    """The pylatexenc converter: math as text, \\url as its plain address."""
    from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec, get_default_latex_context_db

    db = get_default_latex_context_db()
    db.add_context_category(  # pylatexenc 2.x: a fresh db per call, so adding to it changes nothing shared
        "pubchat-plain-urls",
        macros=[MacroTextSpec("url", simplify_repl="%s")],
        prepend=True,
    )
    return LatexNodes2Text(latex_context=db, math_mode="text", strict_latex_spaces=False)


@lru_cache(maxsize=8192)
def to_text(text: str) -> str:
    """`text` with its LaTeX markup converted to Unicode text (unchanged when it has none)."""
    if not _MARKUP.search(text):
        return text
    source = _BARE_PERCENT.sub(r"\\%", text)
    source = _BARE_TILDE.sub(r"\\textasciitilde{}", source) if "$" not in source else source
    if source.count("$") - source.count(r"\$") & 1:  # an unpaired dollar is a dollar sign
        source = _LONE_DOLLAR.sub(r"\\$", source)
    try:
        converted = str(_converter().latex_to_text(source))
    except Exception:  # malformed markup: show the text as written rather than lose it
        return text
    converted = converted.replace("\u00a0", " ")
    return " ".join(converted.split()) if converted.strip() else text
