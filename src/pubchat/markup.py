"""Untrusted text in Markdown: the one escaper and the one link check (answers, references, the TUI)."""

from __future__ import annotations

import re

from pubchat.lazyre import lazy

_MD_SPECIALS = lazy(r"([\\`*_\[\]<>|#])")
# http(s) only; no spaces, controls, or characters that could end a Markdown link or autolink early.
_SAFE_URL = lazy(r"https?://[^\s\x00-\x1f\x7f-\x9f<>()\[\]`\\]+", re.IGNORECASE)


def md_escape(text: str) -> str:
    """Backslash-escape Markdown specials so untrusted text never becomes markup (spacing kept)."""
    return _MD_SPECIALS.sub(r"\\\1", text)


def safe_url(url: str | None) -> str | None:
    """The URL (trimmed) if it is a plain http(s) link safe to show, link and open; else None."""
    if not url:
        return None
    value = url.strip()
    return value if _SAFE_URL.fullmatch(value) else None
