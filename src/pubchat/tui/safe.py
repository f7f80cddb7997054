"""Untrusted text made safe for the screen: control characters and escape sequences removed.

Everything the TUI shows from a question, a title or an abstract goes through `clean` (the engine's
pubchat.textsafe, shared with the CLI) and is then wrapped in a `Content` (never parsed as markup),
so `[bold`, `[/]` and `\\x1b[31m` show literally.
"""

from __future__ import annotations

import re

from textual.content import Content

from pubchat.textsafe import clean

__all__ = ["clean", "literal", "safe_url"]


def literal(text: object, style: str = "", *, newlines: bool = True) -> Content:
    """A Content showing `text` exactly as written (after `clean`), optionally styled."""
    cleaned = clean(text, newlines=newlines)
    return Content.styled(cleaned, style) if style else Content(cleaned)


def safe_url(url: str | None) -> str | None:
    """The URL if it is a plain http(s) link without spaces or control characters, else None."""
    if not url:
        return None
    value = url.strip()
    if not re.fullmatch(r"https?://[^\s\x00-\x1f\x7f]+", value, flags=re.IGNORECASE):
        return None
    return value
