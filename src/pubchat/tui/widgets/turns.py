"""One widget per conversation turn: the question as typed, and the answer as Markdown."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import LoadingIndicator, Static

from pubchat.models import Answer
from pubchat.tui.safe import clean, literal


class QuestionTurn(Static):
    """The user's question, shown literally (never parsed as markup)."""

    def __init__(self, question: str) -> None:
        """Render the question text as plain Content."""
        super().__init__(literal(question, newlines=False), classes="question-turn", markup=False)
        self.question = question


class AnswerTurn(Vertical):
    """An answer: a loading indicator while the question runs, then the Markdown answer."""

    def __init__(self) -> None:
        """Start in the pending state."""
        super().__init__(classes="answer-turn pending")

    def compose(self) -> ComposeResult:
        """The loading indicator until the answer arrives."""
        yield LoadingIndicator()

    async def show_answer(self, answer: Answer) -> None:
        """Replace the indicator with the answer's Markdown and a one-line summary."""
        from textual.widgets import Markdown  # deferred: markdown-it is not needed for the first paint

        await self.remove_children()
        self.remove_class("pending")
        markdown = Markdown(clean(answer.answer), open_links=False, classes="answer-body")
        meta = _meta_line(answer)
        widgets = [markdown] + ([Static(literal(meta), classes="answer-meta")] if meta else [])
        await self.mount_all(widgets)

    async def show_message(self, text: str, kind: str) -> None:
        """Replace the indicator with a one-line status (superseded, failed)."""
        await self.remove_children()
        self.remove_class("pending")
        self.add_class(kind)
        await self.mount(Static(literal(text), classes="answer-status"))


def _meta_line(answer: Answer) -> str:
    """A short line under the answer: how many papers matched and were cited."""
    if not answer.citations:
        return ""
    cited = len(answer.citations)
    with_code = sum(1 for c in answer.citations if c.code_url)
    parts = [f"{answer.total} matched", f"{cited} cited"]
    if with_code:
        parts.append(f"{with_code} with code")
    return " · ".join(parts) + " · F2: sources"
