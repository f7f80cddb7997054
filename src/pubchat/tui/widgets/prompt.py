"""The question box: a few-line text area that grows with what is typed or pasted, asks on Enter and
recalls earlier questions with up/down at its first or last row."""

from __future__ import annotations

from textual import events
from textual.binding import Binding
from textual.message import Message
from textual.widgets import TextArea

from pubchat.tui.history import History

# TextArea keys the app or chat screen uses for something else (F6 collection, Ctrl+Y copy answer),
# and up/down, which the box handles itself (history at its edges).
_TAKEN_KEYS = {"f6", "f7", "ctrl+y,super+y", "up", "down"}


class QuestionInput(TextArea, inherit_bindings=False):
    """Enter asks; Ctrl+J (or Shift+Enter where the terminal tells it from Enter) starts a new line; a paste
    keeps its lines."""

    BINDINGS = [
        *(b for b in TextArea.BINDINGS if isinstance(b, Binding) and b.key not in _TAKEN_KEYS),
        Binding("up", "up", "Previous question (on the first row)", show=False, id="prompt.history_previous"),
        Binding("down", "down", "Next question (on the last row)", show=False, id="prompt.history_next"),
        Binding("ctrl+j,shift+enter", "newline", "New line in the question", show=False, id="prompt.newline"),
    ]

    @classmethod
    def own_bindings(cls) -> list[Binding]:
        """The keys this box adds to a TextArea's (for the help screen)."""
        return [b for b in cls.BINDINGS if isinstance(b, Binding) and (b.id or "").startswith("prompt.")]

    class Submitted(Message):
        """Enter was pressed: `value` is the whole text of the box, as shown."""

        def __init__(self, box: QuestionInput, value: str) -> None:
            """The box and its text."""
            super().__init__()
            self.box = box
            self.value = value

        @property
        def control(self) -> QuestionInput:
            """The box (for @on selectors)."""
            return self.box

    def __init__(self, history: History, *, placeholder: str = "", id: str | None = None) -> None:
        """Keep the shared History object the app loads and saves."""
        super().__init__(
            soft_wrap=True,
            tab_behavior="focus",
            show_line_numbers=False,
            highlight_cursor_line=False,
            placeholder=placeholder,
            id=id,
        )
        self.questions = history

    @property
    def value(self) -> str:
        """The question as typed (every line)."""
        return self.text

    @value.setter
    def value(self, text: str) -> None:
        """Replace the text; the cursor goes to its end."""
        self.load_text(text)
        self.move_cursor(self.document.end)

    async def _on_key(self, event: events.Key) -> None:
        """Enter asks exactly what the box shows and empties it (TextArea's own handler, next in the MRO, is skipped).

        Every other key goes on to TextArea's handler, which Textual calls after this one.
        """
        if event.key == "enter":
            event.stop()
            event.prevent_default()
            question = self.text
            self.value = ""  # emptied now: keys typed before the message is handled land in the empty box
            self.post_message(self.Submitted(self, question))

    def action_newline(self) -> None:
        """Start a new line in the question."""
        self.insert("\n")

    def _on_first_row(self) -> bool:
        """True when the cursor is on the box's first visual row (Up there recalls history)."""
        return self.wrapped_document.location_to_offset(self.cursor_location).y == 0

    def _on_last_row(self) -> bool:
        """True when the cursor is on the box's last visual row (Down there recalls history)."""
        return self.wrapped_document.location_to_offset(self.cursor_location).y >= self.wrapped_document.height - 1

    def action_up(self) -> None:
        """Up: the previous question from the history on the first row, else the row above."""
        if not self._on_first_row():
            self.action_cursor_up()
            return
        entry = self.questions.previous(self.value)
        if entry is not None:
            self.value = entry

    def action_down(self) -> None:
        """Down: the next question (or the draft) on the last row, else the row below; never moves focus."""
        if not self._on_last_row():
            self.action_cursor_down()
            return
        entry = self.questions.next()
        if entry is not None:
            self.value = entry

    def type_character(self, character: str) -> None:
        """Insert a character typed while focus was elsewhere, and take the focus."""
        self.focus()
        self.insert(character)
