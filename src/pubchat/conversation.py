"""Conversation state: what follow-up questions ("bibtex for [2]", "cite all") refer to.

The caller owns one `Conversation` per session and passes it to `Assistant.ask`, which updates it;
starting over means a new `Conversation()`. Nothing else keeps conversation state.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pubchat.models import CiteFormat, Paper


@dataclass
class Conversation:
    """One session's memory of earlier answers."""

    cited: list[Paper] = field(default_factory=list)  # papers of the last answer that cited any, in [n] order
    shown: list[Paper] = field(default_factory=list)  # papers of the last answer, references too ("now as apa")
    offered: list[Paper] = field(default_factory=list)  # candidates of an ambiguous citation request, [n] order
    offered_format: CiteFormat | None = None  # the format that request asked for
