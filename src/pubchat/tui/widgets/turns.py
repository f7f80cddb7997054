"""One widget per conversation turn: the question as typed, and the answer as Markdown."""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import LoadingIndicator, Static

from pubchat.models import Answer
from pubchat.tui.conversation import Turn
from pubchat.tui.safe import clean, literal

# A pasted page of text would fill the screen and push its answer out of view: show its start only.
QUESTION_SHOWN_CHARS = 300


class QuestionTurn(Static):
    """The user's question, shown literally (never parsed as markup); a very long one is shortened."""

    def __init__(self, question: str) -> None:
        """Render the question text as plain Content (the whole question stays in `question`)."""
        super().__init__(shown_question(question), classes="question-turn", markup=False)
        self.question = question


def shown_question(question: str) -> Content:
    """The question as shown: literal, and cut after QUESTION_SHOWN_CHARS with its full length noted."""
    text = clean(question, newlines=False)
    if len(text) <= QUESTION_SHOWN_CHARS:
        return Content(text)
    cut = text[:QUESTION_SHOWN_CHARS].rstrip()
    return Content.assemble(cut, (f" … ({len(text):,} characters; Ctrl+S saves it in full)", "italic dim"))


class HiddenTurnsNote(Static):
    """The line above the shown turns saying how many older ones are hidden and how to keep them."""

    def __init__(self, hidden: int) -> None:
        """Start with the number of hidden turns."""
        super().__init__(hidden_note(hidden), classes="hidden-turns", markup=False)
        self.hidden = hidden

    def set_hidden(self, hidden: int) -> None:
        """Update the count."""
        self.hidden = hidden
        self.update(hidden_note(hidden))


def hidden_note(hidden: int) -> Content:
    """`12 earlier questions hidden · Ctrl+S saves the whole conversation`."""
    return Content.assemble(
        (f"↑ {hidden} earlier question{'s' if hidden != 1 else ''} hidden", "bold"),
        " · Ctrl+S saves the whole conversation",
    )


class SavedNote(Static):
    """Where Ctrl+S saved the conversation: each path on a line of its own, selectable whole."""

    def __init__(self, *paths: Path) -> None:
        """The files written."""
        super().__init__(
            Content.assemble(("Saved (Ctrl+O reopens it):", "bold"), *(f"\n{clean(str(p))}" for p in paths)),
            classes="saved-note",
            markup=False,
        )
        self.paths = paths


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
        from pubchat.tui.widgets.links import LinkedMarkdown  # deferred: markdown-it is not needed for the first paint
        from pubchat.tui.widgets.stats_chart import answer_markdown, stats_charts

        await self.remove_children()
        self.remove_class("pending")
        markdown = LinkedMarkdown(clean(answer_markdown(answer)), open_links=False, classes="answer-body")
        meta = _meta_line(answer)
        widgets = [markdown, *stats_charts(answer)] + ([Static(literal(meta), classes="answer-meta")] if meta else [])
        await self.mount_all(widgets)

    async def show_turn(self, turn: Turn) -> None:
        """Show a finished turn again (a reopened conversation): its answer, note, text or status."""
        if turn.answer is not None:
            await self.show_answer(turn.answer)
        elif turn.intent == "note" and turn.text is not None:
            await self.show_message(turn.text, "note")
        elif turn.text is not None:
            from pubchat.tui.widgets.links import LinkedMarkdown

            await self.remove_children()
            self.remove_class("pending")
            await self.mount(LinkedMarkdown(clean(turn.text), open_links=False, classes="answer-body"))
        else:
            kind = turn.status if turn.status in ("superseded", "failed") else "failed"
            await self.show_message(turn.error or "No answer.", kind)

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
