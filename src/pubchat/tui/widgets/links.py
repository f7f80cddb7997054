"""Real links: http(s) URLs in shown text become clickable and carry terminal hyperlinks (OSC 8).

A URL is linked only when `safe_url` accepts it (http/https, no spaces or control characters), so
the OSC 8 sequence Textual writes can never carry an escape from untrusted text.
"""

from __future__ import annotations

import re

from textual.content import Content
from textual.style import Style
from textual.widgets import Markdown, Static
from textual.widgets._markdown import MarkdownBlock, MarkdownParagraph

from pubchat.tui.safe import safe_url

_URL = re.compile(r"https?://[^\s<>\"'`\[\]{}|\\^]+", re.IGNORECASE)
_TRAILING = ".,;:!?)'\""


def find_urls(text: str) -> list[tuple[int, int, str]]:
    """(start, end, url) of each safe http(s) URL in text; trailing punctuation is not part of it."""
    found = []
    for match in _URL.finditer(text):
        url = match.group().rstrip(_TRAILING)
        if url.count("(") > url.count(")") and match.group()[len(url) :].startswith(")"):
            url += ")"  # a balanced parenthesis belongs to the URL (Wikipedia-style links)
        safe = safe_url(url)
        if safe:
            found.append((match.start(), match.start() + len(url), safe))
    return found


def linked(content: Content) -> Content:
    """Content with every safe URL made a link: underlined, clickable (`link` action), OSC 8 target."""
    for start, end, url in find_urls(content.plain):
        content = content.stylize(Style(underline=True, link=url), start, end)
        content = content.stylize(Style.from_meta({"@click": f"link({url!r})"}), start, end)
    return content


class LinkedParagraph(MarkdownParagraph):
    """A Markdown paragraph whose bare URLs are real links (Markdown's own links only click)."""

    def set_content(self, content: Content) -> None:
        """Link URLs before showing the paragraph."""
        super().set_content(linked(content))


class LinkedMarkdown(Markdown):
    """Markdown whose paragraphs link bare URLs; clicks post `Markdown.LinkClicked` (the app opens them)."""

    BLOCKS: dict[str, type[MarkdownBlock]] = {**Markdown.BLOCKS, "paragraph_open": LinkedParagraph}


class LinkText(Static):
    """A Static whose URLs are real links; a click opens the URL through `App.open_url`."""

    def __init__(self, content: Content, **kwargs: object) -> None:
        """Show content with its URLs linked (never parsed as markup)."""
        super().__init__(linked(content), markup=False, **kwargs)  # type: ignore[arg-type]

    def action_link(self, href: str) -> None:
        """Open a clicked link (the app shows what happened)."""
        self.app.open_url(href)
