"""The question input: an Input that recalls earlier questions with up/down and keeps whole pastes."""

from __future__ import annotations

from textual import events
from textual.binding import Binding
from textual.widgets import Input

from pubchat.tui.history import History


class QuestionInput(Input):
    """Single-line question box; up/down browse the persisted history and never move focus away."""

    BINDINGS = [
        Binding("up", "history_previous", "Previous question", show=False, id="prompt.history_previous"),
        Binding("down", "history_next", "Next question", show=False, id="prompt.history_next"),
    ]

    def __init__(self, history: History, **kwargs: object) -> None:
        """Keep the shared History object the app loads and saves."""
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.history = history

    def action_history_previous(self) -> None:
        """Show the previous question from the history."""
        entry = self.history.previous(self.value)
        if entry is not None:
            self.value = entry
            self.cursor_position = len(entry)

    def action_history_next(self) -> None:
        """Show the next question, or the draft once past the newest; past that, nothing happens."""
        entry = self.history.next()
        if entry is None:
            return
        self.value = entry
        self.cursor_position = len(entry)

    def _on_paste(self, event: events.Paste) -> None:
        """Keep every line of a pasted text (joined by spaces): Input alone keeps only the first line."""
        text = " ".join(line.strip() for line in event.text.splitlines() if line.strip())
        if text:
            selection = self.selection
            if selection.is_empty:
                self.insert_text_at_cursor(text)
            else:
                self.replace(text, *selection)
        event.stop()
        event.prevent_default()

    def type_character(self, character: str) -> None:
        """Insert a character typed while focus was elsewhere, and take the focus."""
        self.focus()
        self.insert_text_at_cursor(character)
