"""The empty state: what pubchat is, and example questions from the corpus to pick."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from pubchat.tui.safe import clean


class Welcome(Vertical):
    """Welcome text plus a keyboard-pickable list of example questions."""

    class Picked(Message):
        """An example question was chosen."""

        def __init__(self, question: str) -> None:
            """Carry the question text."""
            super().__init__()
            self.question = question

    def __init__(self, corpus_label: str, suggestions: list[str] | None = None, **kwargs: object) -> None:
        """Remember how to name the corpus in the greeting, and any example questions."""
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.corpus_label = corpus_label
        self.suggestions: list[str] = list(suggestions or [])

    def compose(self) -> ComposeResult:
        """Greeting, hint, and the (initially empty) suggestion list."""
        yield Static(self._greeting(), id="welcome-text")
        yield OptionList(id="suggestions")

    def _greeting(self) -> Content:
        """The intro text; the corpus name is shown literally."""
        return Content.assemble(
            ("Ask about ", ""),
            (clean(self.corpus_label, newlines=False), "bold"),
            (
                ".\nAnswers quote the abstracts and cite the papers [n]. "
                "Try one of these (Tab, then ↓ and Enter), or type your own:",
                "",
            ),
        )

    def set_corpus_label(self, label: str) -> None:
        """Update the greeting once the corpus is loaded."""
        self.corpus_label = label
        for text in self.query("#welcome-text").results(Static):
            text.update(self._greeting())

    def on_mount(self) -> None:
        """Show suggestions given before the list existed."""
        self.set_suggestions(self.suggestions)

    def set_suggestions(self, suggestions: list[str]) -> None:
        """Fill the list with example questions (kept until mounted)."""
        self.suggestions = [clean(s, newlines=False) for s in suggestions if s.strip()]
        found = self.query(OptionList)
        if not found:  # not composed yet: on_mount shows them
            return
        options = found.first()
        options.clear_options()
        options.add_options(Option(Content("› " + s)) for s in self.suggestions)
        options.display = bool(self.suggestions)

    def on_descendant_focus(self) -> None:
        """Entering the examples highlights the first, so Enter right away asks it."""
        options = self.query_one(OptionList)
        if options.highlighted is None and options.option_count:
            options.highlighted = 0

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Send the picked example question."""
        event.stop()
        if 0 <= event.option_index < len(self.suggestions):
            self.post_message(self.Picked(self.suggestions[event.option_index]))
