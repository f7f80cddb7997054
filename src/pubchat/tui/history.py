"""Input history: earlier questions recalled with up/down and kept across runs in a JSON file.

A file that cannot be read or parsed is renamed aside (`history.json.corrupt`) and an empty history
is used, so a damaged file never stops the app; saving uses an atomic write.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from pubchat.storage import atomic_write_text


@dataclass
class History:
    """Questions oldest first, a cursor for browsing, and the file they persist to."""

    path: Path | None
    limit: int = 500
    entries: list[str] = field(default_factory=list)
    cursor: int | None = None  # index into entries while browsing; None = not browsing
    draft: str = ""  # what was typed before browsing started
    notice: str | None = None  # set when the file was set aside, for the UI to show

    @classmethod
    def load(cls, path: Path | None, limit: int) -> History:
        """Read the history file; a corrupt one is renamed aside and noted, never raised."""
        history = cls(path=path, limit=limit)
        if path is None or limit == 0 or not path.exists():
            return history
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            entries = data["questions"] if isinstance(data, dict) else None
            if not isinstance(entries, list) or not all(isinstance(e, str) for e in entries):
                raise ValueError("expected {'questions': [str, ...]}")
        except (OSError, UnicodeDecodeError, ValueError, KeyError) as exc:
            history.notice = history._set_aside(exc)
            return history
        history.entries = entries[-limit:]
        return history

    def _set_aside(self, exc: Exception) -> str:
        """Rename an unreadable history file out of the way; return a one-line notice."""
        assert self.path is not None
        aside = self.path.with_name(self.path.name + ".corrupt")
        try:
            self.path.replace(aside)
        except OSError:
            return f"History file {self.path} is unreadable ({type(exc).__name__}); history starts empty."
        return f"History file was unreadable ({type(exc).__name__}); moved to {aside}."

    def add(self, question: str) -> None:
        """Append a question (no blank lines, no immediate repeats) and stop browsing."""
        self.cursor = None
        self.draft = ""
        question = question.strip()
        if not question or self.limit == 0:
            return
        if self.entries and self.entries[-1] == question:
            return
        self.entries.append(question)
        del self.entries[: -self.limit]

    def save(self) -> str | None:
        """Write the file atomically; return an error line instead of raising."""
        if self.path is None or self.limit == 0:
            return None
        text = json.dumps({"version": 1, "questions": self.entries}, ensure_ascii=False, indent=0)
        try:
            atomic_write_text(self.path, text + "\n")
        except OSError as exc:
            return f"Could not save history to {self.path}: {exc.strerror or exc}"
        return None

    def previous(self, current: str) -> str | None:
        """The entry before the cursor (starting from the newest), or None at the oldest."""
        if not self.entries:
            return None
        if self.cursor is None:
            self.draft = current
            self.cursor = len(self.entries)
        if self.cursor == 0:
            return None
        self.cursor -= 1
        return self.entries[self.cursor]

    def next(self) -> str | None:
        """The entry after the cursor; past the newest, the draft typed before browsing."""
        if self.cursor is None:
            return None
        self.cursor += 1
        if self.cursor >= len(self.entries):
            self.cursor = None
            return self.draft
        return self.entries[self.cursor]
