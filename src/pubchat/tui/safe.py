"""Untrusted text made safe for the screen: control characters and escape sequences removed.

Everything the TUI shows from a question, a title or an abstract goes through `clean` and is then
wrapped in a `Content` (never parsed as markup), so `[bold`, `[/]` and `\\x1b[31m` show literally.
"""

from __future__ import annotations

import re

from textual.content import Content

# CSI / OSC / other ESC sequences first, then any remaining C0/C1 control character except \n and \t.
_ESCAPES = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[@-_]?")
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")


def clean(text: object, *, newlines: bool = True) -> str:
    """Strip terminal escapes and control characters; optionally fold newlines into spaces."""
    value = _ESCAPES.sub("", str(text))
    value = value.replace("\r\n", "\n").replace("\r", "\n").replace("\t", "    ")
    value = _CONTROLS.sub("", value)
    if not newlines:
        value = " ".join(value.split())
    return value


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
