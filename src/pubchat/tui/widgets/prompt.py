"""The question input: an Input that recalls earlier questions with up/down."""

from __future__ import annotations

from textual.binding import Binding
from textual.message import Message
from textual.widgets import Input

from pubchat.tui.history import History


class QuestionInput(Input):
    """Single-line question box; up/down browse the persisted history."""

    BINDINGS = [
        Binding("up", "history_previous", "Previous question", show=False, id="prompt.history_previous"),
        Binding("down", "history_next", "Next question", show=False, id="prompt.history_next"),
    ]

    class LeaveDown(Message):
        """Down was pressed with nothing newer in the history (the chat may move focus on)."""

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
        """Show the next question, or the draft once past the newest; else announce leaving down."""
        entry = self.history.next()
        if entry is None:
            self.post_message(self.LeaveDown())
            return
        self.value = entry
        self.cursor_position = len(entry)
