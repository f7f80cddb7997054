"""Requests the TUI handles itself before a question reaches the engine: "add [2]", "add 1 and 3", "add all"."""

from __future__ import annotations

import re

_ADD = re.compile(
    r"^\s*(?:add|collect|keep)\s+(?P<refs>all|(?:\[?\d+\]?)(?:\s*(?:,|and|&|\s)\s*\[?\d+\]?)*)"
    r"(?:\s+to\s+(?:the\s+|my\s+)?(?:collection|bibliography))?\s*[.!]?\s*$",
    re.IGNORECASE,
)


def parse_add(text: str) -> list[int] | str | None:
    """The [n] numbers of an "add" request, "all" for "add all", or None when text is not one."""
    match = _ADD.match(text)
    if match is None:
        return None
    refs = match.group("refs")
    if refs.lower() == "all":
        return "all"
    return [int(n) for n in re.findall(r"\d+", refs)]
