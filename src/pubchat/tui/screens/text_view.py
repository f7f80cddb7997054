"""The copied-text view: the fallback when no clipboard reaches the user's desktop.

The text fills the screen with no border, padding, line numbers, scrollbars or wrapping, so each
screen row holds exactly one line of the text from column 0: the terminal's own selection (often
Shift+drag while an app uses the mouse) copies it cleanly. `w` writes the text to a file instead and
shows the path on its own line, where it can be selected too.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, cast

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Label, Static, TextArea

from pubchat.tui.safe import clean, literal

if TYPE_CHECKING:
    from pubchat.tui.app import PubchatApp


class TextViewScreen(Screen[None]):
    """Show text in a read-only, unwrapped, borderless TextArea to select by hand or write to a file."""

    BINDINGS = [
        Binding("escape", "dismiss_view", "Close", id="textview.close"),
        Binding("ctrl+a", "select_everything", "Select all", id="textview.select_all"),
        Binding(
            "w",
            "write_file",
            "Write to a file",
            priority=True,
            id="textview.write",
            tooltip="Write the text to a file in the data folder; the path is shown on the last line",
        ),
    ]

    def __init__(self, title: str, text: str, file_stem: str = "pubchat-text") -> None:
        """What to show; `file_stem` names the file `w` writes."""
        super().__init__()
        self.title_text = title
        self.body = clean(text)
        self.file_stem = file_stem
        self.written: str | None = None  # the line saying where `w` wrote the text

    def compose(self) -> ComposeResult:
        """Title, the text, and how to copy it (the path once written)."""
        yield Label(literal(self.title_text, "bold", newlines=False), id="text-view-title")
        yield TextArea(
            self.body,
            read_only=True,
            soft_wrap=False,
            show_line_numbers=False,
            highlight_cursor_line=False,
            compact=True,
            id="text-view-body",
        )
        yield Static(
            "Shift+drag selects these lines as they are · w writes a file · Esc closes",
            id="text-view-hint",
            markup=False,
        )

    @property
    def pubchat(self) -> PubchatApp:
        """The app, typed."""
        return cast("PubchatApp", self.app)

    def on_mount(self) -> None:
        """Focus the text so the keyboard scrolls and selects it."""
        self.query_one(TextArea).focus()

    def action_select_everything(self) -> None:
        """Select the whole text."""
        self.query_one(TextArea).select_all()

    def action_write_file(self) -> None:
        """Write the text to a new file (a download in a browser); show where on the hint line."""
        name = f"{self.file_stem}-{dt.datetime.now():%Y%m%d-%H%M%S}.txt"
        text = self.body if self.body.endswith("\n") else self.body + "\n"
        written = self.pubchat.write_user_file(text, name, "copied", "the text")
        if written is not None:
            self.written = written
            self.query_one("#text-view-hint", Static).update(written)

    def action_dismiss_view(self) -> None:
        """Close the view."""
        self.dismiss(None)
