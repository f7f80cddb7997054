"""The session's collection (a bibliography the user builds): paper ids in the order they were added.

Formats and file extensions come from the citation format registry (pubchat.citeformats), never a list here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pubchat.citeformats import format_names, get_format
from pubchat.models import CiteFormat


def cite_formats() -> list[CiteFormat]:
    """Every citation format the engine can write, in registry order."""
    return format_names()


def format_extension(fmt: CiteFormat) -> str:
    """The file extension for an export in `fmt` (without the dot)."""
    return get_format(fmt).extension.lstrip(".")


@dataclass
class Collection:
    """Paper ids, oldest addition first, each once."""

    ids: list[str] = field(default_factory=list)

    def add(self, paper_ids: list[str]) -> list[str]:
        """Add papers not yet in the collection; return the ids that were new."""
        new = [pid for pid in dict.fromkeys(paper_ids) if pid not in self.ids]
        self.ids.extend(new)
        return new

    def remove(self, paper_id: str) -> bool:
        """Take a paper out; False if it was not in the collection."""
        if paper_id in self.ids:
            self.ids.remove(paper_id)
            return True
        return False

    def clear(self) -> None:
        """Empty the collection."""
        self.ids.clear()

    def __len__(self) -> int:
        """How many papers are collected."""
        return len(self.ids)
