"""Saved conversations: the JSON file Ctrl+S writes and the reopen list reads.

A file holds the turns (whole answers where the session still had them), the collection, and the
follow-up state (`pubchat.conversation.Conversation`, by paper id) so a reopened conversation can be
continued ("bibtex for [2]", "the second one"). It is read through a pydantic model: a damaged file
gives one line naming it, never a traceback.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from pubchat.conversation import Conversation
from pubchat.errors import PubchatError
from pubchat.models import Answer, Paper
from pubchat.storage import atomic_write_text, read_regular, write_unique
from pubchat.textsafe import one_line
from pubchat.tui.collection import Collection
from pubchat.tui.conversation import Transcript, Turn

SAVED_LIMIT = 64 * 1024 * 1024  # bytes; a conversation of thousands of answers stays far below
SAVED_SUFFIX = ".json"
KIND: Literal["pubchat-conversation"] = "pubchat-conversation"


class ConversationFileError(PubchatError):
    """A saved conversation that cannot be read: the message names the file and what is wrong."""


class SavedTurn(BaseModel):
    """One question and what came of it."""

    model_config = ConfigDict(extra="ignore")

    question: str
    status: Literal["pending", "done", "superseded", "failed"] = "done"
    error: str | None = None
    answer: Answer | None = None  # the whole answer, while the session still held it
    text: str | None = None  # else its Markdown, cited ids and intent
    cited_ids: list[str] = Field(default_factory=list)
    intent: str = ""


class SavedState(BaseModel):
    """What follow-up questions refer to, by paper id (see pubchat.conversation.Conversation)."""

    model_config = ConfigDict(extra="ignore")

    cited: list[str] = Field(default_factory=list)
    shown: list[str] = Field(default_factory=list)
    offered: list[str] = Field(default_factory=list)
    offered_format: str | None = None


class SavedConversation(BaseModel):
    """The whole file."""

    model_config = ConfigDict(extra="ignore")

    kind: Literal["pubchat-conversation"] = KIND
    version: Literal[1] = 1
    saved_at: str
    corpus: str = ""
    turns: list[SavedTurn] = Field(default_factory=list)
    collection: list[str] = Field(default_factory=list)
    state: SavedState = Field(default_factory=SavedState)


@dataclass
class Restored:
    """A saved conversation turned back into the session's objects."""

    transcript: Transcript
    collection: Collection
    conversation: Conversation
    corpus: str


@dataclass(frozen=True)
class SavedEntry:
    """One line of the reopen list: a file, when it was saved, and what it is about (or why not)."""

    path: Path
    modified: float  # the file's mtime: the list's order, newest first
    first_question: str = ""
    turns: int = 0
    papers: int = 0
    error: str | None = None


def to_saved(
    transcript: Transcript, collection: Collection, conversation: Conversation, *, corpus: str, saved_at: str
) -> SavedConversation:
    """The session as a file model."""
    turns = [
        SavedTurn(
            question=turn.question,
            status=turn.status,  # type: ignore[arg-type]
            error=turn.error,
            answer=turn.answer,
            text=None if turn.answer is not None else turn.text,
            cited_ids=[] if turn.answer is not None else list(turn.cited_ids),
            intent="" if turn.answer is not None else turn.intent,
        )
        for turn in transcript.turns
    ]
    state = SavedState(
        cited=[p.id for p in conversation.cited],
        shown=[p.id for p in conversation.shown],
        offered=[p.id for p in conversation.offered],
        offered_format=conversation.offered_format,
    )
    return SavedConversation(
        saved_at=saved_at, corpus=corpus, turns=turns, collection=list(collection.ids), state=state
    )


def restore(saved: SavedConversation, paper: Callable[[str], Paper | None]) -> Restored:
    """The session objects for a saved file; `paper` looks ids up in the loaded corpus.

    A follow-up list with a paper no longer in the corpus is dropped whole (shifting the other
    numbers would make "[2]" mean a different paper than the answer on screen says).
    """
    turns: list[Turn] = []
    for item in saved.turns:
        status, error = item.status, item.error
        if status == "pending":  # saved while it was running: it has no answer
            status, error = "superseded", "Not answered before the conversation was saved."
        turns.append(
            Turn(
                question=item.question,
                answer=item.answer,
                status=status,
                error=error,
                text=item.text,
                cited_ids=tuple(item.cited_ids),
                intent=item.intent,
            )
        )
    transcript = Transcript(turns=turns)

    def papers(ids: list[str]) -> list[Paper]:
        found = [p for pid in ids if (p := paper(pid)) is not None]
        return found if len(found) == len(ids) else []

    offered = papers(saved.state.offered)
    conversation = Conversation(
        cited=papers(saved.state.cited),
        shown=papers(saved.state.shown),
        offered=offered,
        offered_format=saved.state.offered_format if offered else None,
    )
    return Restored(transcript, Collection(list(dict.fromkeys(saved.collection))), conversation, saved.corpus)


def save_json(saved: SavedConversation, folder: Path, path: Path | None = None) -> Path:
    """Write the file atomically: over `path` (the conversation's own file), else under a new name."""
    text = saved.model_dump_json(indent=1, exclude_none=True) + "\n"
    if path is not None:
        return atomic_write_text(path, text)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    return write_unique(folder / f"pubchat-{stamp}{SAVED_SUFFIX}", text)


def read_saved(path: Path) -> SavedConversation:
    """Read one saved conversation; ConversationFileError (one line naming the file) if it is unusable."""
    data = read_regular(path, SAVED_LIMIT, "saved conversation", ConversationFileError)
    try:
        raw = json.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise ConversationFileError(f"{path}: not UTF-8 text, not a saved conversation") from None
    except json.JSONDecodeError as exc:
        raise ConversationFileError(f"{path}: line {exc.lineno}: not valid JSON ({exc.msg})") from None
    if not isinstance(raw, dict) or raw.get("kind") != KIND:
        raise ConversationFileError(f'{path}: not a pubchat conversation (no "kind": "{KIND}")')
    try:
        return SavedConversation.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "the file"
        raise ConversationFileError(f"{path}: field {where}: {one_line(first['msg'], 200)}") from None


def list_saved(folder: Path) -> list[SavedEntry]:
    """Every saved conversation in folder, newest first (by the file's modification time).

    An unreadable file is listed with its error, so the user sees it rather than losing it silently.
    """
    try:
        files = [p for p in folder.glob(f"*{SAVED_SUFFIX}") if p.is_file()]
    except OSError:
        return []
    entries: list[SavedEntry] = []
    for path in files:
        try:
            modified = path.stat().st_mtime
        except OSError:
            continue
        try:
            saved = read_saved(path)
        except ConversationFileError as exc:
            entries.append(SavedEntry(path, modified, error=str(exc)))
            continue
        first = saved.turns[0].question if saved.turns else ""
        entries.append(SavedEntry(path, modified, first, len(saved.turns), len(saved.collection)))
    return sorted(entries, key=lambda e: e.modified, reverse=True)
