"""The question asked before unsaved work would be lost (quit, clear, reopen): save, discard or cancel."""

from __future__ import annotations

from typing import Literal

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

UnsavedChoice = Literal["save", "discard", "cancel"]


class UnsavedScreen(ModalScreen[UnsavedChoice]):
    """A small dialog; its result is what the user chose (Esc cancels)."""

    BINDINGS = [
        Binding("s", "choose('save')", "Save", id="unsaved.save"),
        Binding("d", "choose('discard')", "Discard", id="unsaved.discard"),
        Binding("escape,c", "choose('cancel')", "Cancel", id="unsaved.cancel"),
        Binding("left", "app.focus_previous", "Previous button", show=False, id="unsaved.left"),
        Binding("right", "app.focus_next", "Next button", show=False, id="unsaved.right"),
    ]

    def __init__(self, what: str, doing: str) -> None:
        """`what` names the unsaved work, `doing` what would lose it ("quitting", "clearing")."""
        super().__init__()
        self.what = what
        self.doing = doing

    def compose(self) -> ComposeResult:
        """The question and three buttons."""
        with Vertical(id="unsaved"):
            yield Static(f"Save {self.what} before {self.doing}?", id="unsaved-text", markup=False)
            with Horizontal(id="unsaved-buttons"):
                yield Button("Save (s)", variant="primary", id="unsaved-save", compact=True)
                yield Button("Discard (d)", variant="error", id="unsaved-discard", compact=True)
                yield Button("Cancel (Esc)", id="unsaved-cancel", compact=True)

    def on_mount(self) -> None:
        """Save is the default: Enter saves."""
        self.query_one("#unsaved-save", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        """A button was clicked or pressed with Enter."""
        choice = (event.button.id or "").removeprefix("unsaved-")
        self.action_choose(choice)

    def action_choose(self, choice: str) -> None:
        """Close the dialog with the choice."""
        if choice in ("save", "discard", "cancel"):
            self.dismiss(choice)  # type: ignore[arg-type]
