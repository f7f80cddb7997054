"""Untrusted text made safe for the screen: control characters and escape sequences removed.

Everything the TUI shows from a question, a title or an abstract goes through `clean` (the engine's
pubchat.textsafe, shared with the CLI) and is then wrapped in a `Content` (never parsed as markup),
so `[bold`, `[/]` and `\\x1b[31m` show literally.
"""

from __future__ import annotations

from textual.content import Content

from pubchat.markup import safe_url
from pubchat.textsafe import clean

__all__ = ["clean", "literal", "safe_url"]


def literal(text: object, style: str = "", *, newlines: bool = True) -> Content:
    """A Content showing `text` exactly as written (after `clean`), optionally styled."""
    cleaned = clean(text, newlines=newlines)
    return Content.styled(cleaned, style) if style else Content(cleaned)
