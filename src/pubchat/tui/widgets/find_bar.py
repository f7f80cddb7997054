"""Find in the conversation: a box that highlights every turn part holding the text, one as current."""

from __future__ import annotations

from textual.binding import Binding
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Input


def searchable_text(widget: Widget) -> str:
    """The text a conversation part holds: a question as typed, a Markdown block's source."""
    question = getattr(widget, "question", None)
    if isinstance(question, str):
        return question
    source = getattr(widget, "source", None)
    return source if isinstance(source, str) else ""


class FindBar(Input):
    """Ctrl+F opens it; typing finds, Enter/↓ next, ↑ previous, Esc closes (back to the question box)."""

    BINDINGS = [
        Binding("enter,down", "step(1)", "Next match", show=False, id="find.next"),
        Binding("up", "step(-1)", "Previous match", show=False, id="find.previous"),
        Binding("escape", "close", "Close find", show=False, id="find.close"),
    ]

    class Step(Message):
        """Move to the next (+1) or previous (-1) match."""

        def __init__(self, step: int) -> None:
            """Carry the direction."""
            super().__init__()
            self.step = step

    class Closed(Message):
        """The user closed the find box."""

    def action_step(self, step: int) -> None:
        """Ask for the next or previous match."""
        self.post_message(self.Step(step))

    def action_close(self) -> None:
        """Ask to close."""
        self.post_message(self.Closed())
