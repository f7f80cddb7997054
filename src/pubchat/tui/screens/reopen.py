"""The reopen screen: saved conversations, newest first; Enter reopens one to continue it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, cast

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Header, Label, OptionList, Static
from textual.widgets.option_list import Option

from pubchat.tui.safe import clean
from pubchat.tui.saved import SavedEntry, list_saved

if TYPE_CHECKING:
    from pubchat.tui.app import PubchatApp


def entry_prompt(entry: SavedEntry) -> Content:
    """One list line: `2026-12-07 22:41  first question  · 3 questions, 2 collected` (literal text)."""
    when = dt.datetime.fromtimestamp(entry.modified).strftime("%Y-%m-%d %H:%M")
    if entry.error is not None:
        return Content.assemble((f"{when} ", "dim"), (f"unreadable: {entry.path.name}", "italic $text-warning"))
    question = clean(entry.first_question, newlines=False) or "(no questions)"
    if len(question) > 70:
        question = question[:69].rstrip() + "…"
    counts = f"{entry.turns} question{'s' if entry.turns != 1 else ''}"
    if entry.papers:
        counts += f", {entry.papers} collected"
    return Content.assemble((f"{when} ", "dim"), question, (f" · {counts}", "dim"))


class ReopenScreen(Screen[None]):
    """Pick a saved conversation; it replaces the one on screen (asking first if that one is unsaved)."""

    BINDINGS = [
        Binding("escape", "app.back_to_chat", "Back", id="reopen.back", tooltip="Back to the chat"),
    ]

    def __init__(self, folder: Path) -> None:
        """The folder the conversations are saved in."""
        super().__init__()
        self.folder = folder
        self.entries: list[SavedEntry] = []

    @property
    def pubchat(self) -> PubchatApp:
        """The app, typed."""
        return cast("PubchatApp", self.app)

    def compose(self) -> ComposeResult:
        """Title, list, the highlighted file's path (selectable), footer."""
        yield Header()
        yield Label("Reading saved conversations…", id="reopen-title")
        yield OptionList(id="reopen-list")
        yield Static("", id="reopen-path", markup=False)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        """Read the folder off the UI thread."""
        self.query_one(OptionList).focus()
        self._load()

    @work(thread=True, exclusive=True, group="reopen-list", exit_on_error=False)
    def _load(self) -> None:
        """Read every saved conversation's summary."""
        entries = list_saved(self.folder)
        self.app.call_from_thread(self._show, entries)

    def _show(self, entries: list[SavedEntry]) -> None:
        """Fill the list, newest first."""
        self.entries = entries
        options = self.query_one(OptionList)
        options.clear_options()
        options.add_options(Option(entry_prompt(e), id=f"saved-{i}") for i, e in enumerate(entries))
        title = self.query_one("#reopen-title", Label)
        if not entries:
            title.update(f"No saved conversations yet (Ctrl+S saves one) in {self.folder}")
            return
        count = len(entries)
        title.update(f"{count} saved conversation{'s' if count != 1 else ''}, newest first · Enter reopens")
        options.highlighted = 0

    @on(OptionList.OptionHighlighted, "#reopen-list")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        """Show the highlighted file's path (or why it cannot be read) where it can be selected."""
        index = event.option_index
        if 0 <= index < len(self.entries):
            entry = self.entries[index]
            self.query_one("#reopen-path", Static).update(entry.error or str(entry.path))

    @on(OptionList.OptionSelected, "#reopen-list")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        """Reopen the picked conversation (a file that cannot be read says why, in one line)."""
        index = event.option_index
        if not 0 <= index < len(self.entries):
            return
        entry = self.entries[index]
        if entry.error is not None:
            self.app.notify(entry.error, title="Cannot reopen", severity="error", markup=False)
            return
        self.pubchat.reopen_conversation(entry.path)
