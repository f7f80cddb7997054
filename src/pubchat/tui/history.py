"""Input history: earlier questions recalled with up/down and kept across runs in a JSON file.

A file that cannot be read or parsed is renamed aside (`history.json.corrupt`) and an empty history
is used, so a damaged file never stops the app. Saving merges: under a lock it re-reads the file and
appends this session's new questions to what other sessions saved meanwhile, then writes atomically.
Entries are terminal-safe one-liners (`pubchat.textsafe`): a recalled question never writes escapes.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from pubchat.storage import atomic_write_text, file_lock
from pubchat.textsafe import one_line


@dataclass
class History:
    """Questions oldest first, a cursor for browsing, and the file they persist to."""

    path: Path | None
    limit: int = 500
    entries: list[str] = field(default_factory=list)
    cursor: int | None = None  # index into entries while browsing; None = not browsing
    draft: str = ""  # what was typed before browsing started
    notice: str | None = None  # set when the file was set aside, for the UI to show
    pending: list[str] = field(default_factory=list)  # added since the last save (merged into the file)
    save_failed: bool = False  # a failed save is reported once per session

    @classmethod
    def load(cls, path: Path | None, limit: int) -> History:
        """Read the history file; a corrupt one is renamed aside and noted, never raised."""
        history = cls(path=path, limit=limit)
        if path is None or limit == 0 or not path.exists():
            return history
        try:
            history.entries = _read_entries(path)[-limit:]
        except (OSError, UnicodeDecodeError, ValueError, KeyError, RecursionError) as exc:
            history.notice = history._set_aside(exc)
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
        question = one_line(question).strip()
        if not question or self.limit == 0:
            return
        if self.entries and self.entries[-1] == question:
            return
        self.entries.append(question)
        self.pending.append(question)
        del self.entries[: -self.limit]

    def save(self) -> str | None:
        """Merge this session's new questions into the file and write it atomically.

        Returns an error line the first time a save fails (later failures are silent: one note per
        session), else None.
        """
        if self.path is None or self.limit == 0 or not self.pending:
            return None
        try:
            with file_lock(self.path):
                try:
                    on_disk = _read_entries(self.path) if self.path.exists() else []
                except (UnicodeDecodeError, ValueError, KeyError, RecursionError):
                    on_disk = []  # damaged since we loaded it: ours replaces it
                merged = _merge(on_disk, self.pending)[-self.limit :]
                text = json.dumps({"version": 1, "questions": merged}, ensure_ascii=False, indent=0)
                atomic_write_text(self.path, text + "\n")
        except OSError as exc:
            if self.save_failed:
                return None
            self.save_failed = True
            reason = exc.strerror or exc
            return f"Could not save history to {self.path}: {reason}; this session's questions stay in memory."
        self.pending.clear()
        if self.cursor is None:
            self.entries = merged
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


def _read_entries(path: Path) -> list[str]:
    """The questions in a history file, made terminal-safe; ValueError when it is not a history file."""
    data = json.loads(path.read_text(encoding="utf-8"))
    entries = data["questions"] if isinstance(data, dict) else None
    if not isinstance(entries, list) or not all(isinstance(e, str) for e in entries):
        raise ValueError("expected {'questions': [str, ...]}")
    safe = [one_line(e).strip() for e in entries]
    return [e for e in safe if e]


def _merge(on_disk: list[str], new: list[str]) -> list[str]:
    """The file's questions, then this session's new ones (an immediate repeat is kept once)."""
    merged = list(on_disk)
    for question in new:
        if not merged or merged[-1] != question:
            merged.append(question)
    return merged
