"""A modal with selectable text: the fallback when no clipboard reaches the user's desktop."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, Static, TextArea

from pubchat.tui.safe import clean, literal


class TextViewScreen(ModalScreen[None]):
    """Show text in a read-only TextArea so it can be selected and copied by hand."""

    BINDINGS = [
        Binding("escape", "dismiss_view", "Close", id="textview.close"),
        Binding("ctrl+a", "select_everything", "Select all", id="textview.select_all"),
    ]

    def __init__(self, title: str, text: str) -> None:
        """Remember what to show."""
        super().__init__()
        self.title_text = title
        self.body = clean(text)

    def compose(self) -> ComposeResult:
        """Title, the text, and how to copy it."""
        with Vertical(id="text-view"):
            yield Label(literal(self.title_text, "bold", newlines=False), id="text-view-title")
            yield TextArea(self.body, read_only=True, soft_wrap=True, show_line_numbers=False, id="text-view-body")
            yield Static(
                "Select: mouse or Shift+arrows · Ctrl+C copies · Ctrl+A selects all · Esc closes",
                id="text-view-hint",
                markup=False,
            )

    def on_mount(self) -> None:
        """Focus the text so the keyboard selects it."""
        self.query_one(TextArea).focus()

    def action_select_everything(self) -> None:
        """Select the whole text."""
        self.query_one(TextArea).select_all()

    def action_dismiss_view(self) -> None:
        """Close the modal."""
        self.dismiss(None)
