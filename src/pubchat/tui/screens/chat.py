"""The chat screen: conversation, sources panel, question box; questions run in a worker."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, cast

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.events import Key, Resize
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer, Header, Input, Markdown, OptionList, TextArea
from textual.worker import get_current_worker

from pubchat.models import Answer
from pubchat.tui.commands import parse_add
from pubchat.tui.conversation import Turn, format_label
from pubchat.tui.widgets.find_bar import FindBar, searchable_text
from pubchat.tui.widgets.prompt import QuestionInput
from pubchat.tui.widgets.sources import SourcesPanel
from pubchat.tui.widgets.turns import AnswerTurn, HiddenTurnsNote, QuestionTurn, SavedNote
from pubchat.tui.widgets.welcome import Welcome

if TYPE_CHECKING:
    from pubchat.conversation import Conversation
    from pubchat.tui.app import PubchatApp


class ChatScreen(Screen[None], inherit_bindings=False):
    """Ask questions, read answers, pick sources."""

    BINDINGS = [
        Binding(
            "f2",
            "focus_sources",
            "Sources",
            id="chat.focus_sources",
            tooltip="Move to the sources list (Enter opens a paper); press again to return",
        ),
        Binding(
            "f3",
            "toggle_sources",
            "Show/hide sources",
            show=False,
            id="chat.toggle_sources",
            tooltip="Hide or show the sources panel (more room on small terminals)",
        ),
        Binding(
            "ctrl+r",
            "copy_references",
            "Copy refs",
            id="chat.copy_references",
            tooltip="Copy the last answer's references in the configured format (cite.format)",
        ),
        Binding(
            "ctrl+y",
            "copy_answer",
            "Copy answer",
            id="chat.copy_answer",
            tooltip="Copy the last answer's text (Markdown)",
        ),
        Binding(
            "ctrl+s",
            "save",
            "Save",
            id="chat.save",
            tooltip="Save the conversation and collection (JSON to reopen, Markdown to read); the path is shown",
        ),
        Binding(
            "ctrl+l",
            "clear",
            "Clear",
            show=False,
            id="chat.clear",
            tooltip="Clear the conversation and show the example questions again",
        ),
        Binding(
            "ctrl+b",
            "add_source",
            "Add to collection",
            show=False,
            id="chat.add_source",
            tooltip="Add the highlighted source to the collection (or type “add [2]”)",
        ),
        Binding(
            "ctrl+f",
            "find",
            "Find",
            show=False,
            id="chat.find",
            tooltip="Find text in the conversation; matches are highlighted, Enter/↑ move between them",
        ),
        Binding("escape", "focus_input", "Back to the question box", show=False, id="chat.focus_input"),
        Binding(
            "pageup",
            "scroll_conversation(-1)",
            "Scroll the conversation up",
            show=False,
            priority=True,
            id="chat.page_up",
        ),
        Binding(
            "pagedown",
            "scroll_conversation(1)",
            "Scroll the conversation down",
            show=False,
            priority=True,
            id="chat.page_down",
        ),
        Binding(
            "tab",
            "app.focus_next",
            "Next area",
            show=False,
            id="chat.focus_next",
            tooltip="Move between the question box, the examples and the sources",
        ),
        Binding("shift+tab", "app.focus_previous", "Previous area", show=False, id="chat.focus_previous"),
        Binding("ctrl+c,super+c", "screen.copy_text", "Copy selected text", show=False, id="chat.copy_selection"),
    ]

    def __init__(self) -> None:
        """No turns yet; the app holds the conversation data."""
        super().__init__(id="chat")
        self._pending: tuple[Turn, AnswerTurn] | None = None

    @property
    def pubchat(self) -> PubchatApp:
        """The app, typed."""
        return cast("PubchatApp", self.app)

    def compose(self) -> ComposeResult:
        """Header, conversation beside (or above) sources, the question box, footer."""
        yield Header()
        with Horizontal(id="main"):
            with Vertical(id="chat-column"), VerticalScroll(id="conversation", can_focus=False):
                yield Welcome(self.pubchat.corpus_label, self.pubchat.suggestions, id="welcome")
            yield SourcesPanel(id="sources", classes="empty")
        yield FindBar(placeholder="Find in the conversation (Enter/↓ next, ↑ previous, Esc closes)", id="find")
        yield QuestionInput(
            self.pubchat.history,
            placeholder="Ask about the papers… (Enter asks, Ctrl+J new line, ↑/↓ history, F1 help)",
            id="prompt",
        )
        yield Footer(compact=True)

    def on_mount(self) -> None:
        """Focus the question box and pick the layout for the size."""
        self.query_one(QuestionInput).cursor_blink = self.pubchat.settings.tui.cursor_blink
        self.query_one(QuestionInput).focus()
        self._apply_width(self.app.size.width)

    def on_resize(self, event: Resize) -> None:
        """Move the sources panel under the chat below the configured width."""
        self._apply_width(event.size.width)

    def _apply_width(self, width: int) -> None:
        """Toggle the narrow layout."""
        self.set_class(width < self.pubchat.settings.tui.sources_min_width, "narrow")

    # -- corpus ready ---------------------------------------------------------------------------

    def corpus_ready(self, label: str, suggestions: list[str]) -> None:
        """Fill the welcome with the corpus name and example questions."""
        for welcome in self.query(Welcome):
            welcome.set_corpus_label(label)
            welcome.set_suggestions(suggestions)

    # -- asking ---------------------------------------------------------------------------------

    @on(QuestionInput.Submitted, "#prompt")
    async def _submitted(self, event: QuestionInput.Submitted) -> None:
        """Ask what was typed (the box emptied itself when Enter was pressed)."""
        await self.ask(event.value)

    @on(Welcome.Picked)
    async def _picked(self, event: Welcome.Picked) -> None:
        """Ask an example question."""
        await self.ask(event.question)
        self.query_one(QuestionInput).focus()

    def on_key(self, event: Key) -> None:
        """A printable key typed outside a text box goes into the question box: typing is never lost."""
        self.take_stray_key(event)

    def take_stray_key(self, event: Key) -> bool:
        """Type a printable key that no text box took into the question box; True if it was typed.

        A key typed outside a text box, or one that reached the screen itself while the box has
        the focus (typed during start-up, before the box was mounted, or routed to a screen that
        closed before it was handled): the box stops every key it receives, so this one missed it.
        """
        if not event.is_printable or event.character is None:
            return False
        focused = self.focused
        if isinstance(focused, (Input, TextArea)) and not isinstance(focused, QuestionInput):
            return False
        event.stop()
        event.prevent_default()
        self.query_one(QuestionInput).type_character(event.character)
        return True

    # -- find in the conversation ------------------------------------------------------------------

    def action_find(self) -> None:
        """Open the find box (its text is kept from the last search)."""
        bar = self.query_one(FindBar)
        bar.add_class("open")
        bar.focus()
        self._find(bar.value, 0)

    @on(Input.Changed, "#find")
    def _find_changed(self, event: Input.Changed) -> None:
        """Search again as the text changes; the newest match is current."""
        self._find(event.value, 0)

    @on(FindBar.Step)
    def _find_step(self, event: FindBar.Step) -> None:
        """Move the current match."""
        self._find(self.query_one(FindBar).value, event.step)

    @on(FindBar.Closed)
    def _find_closed(self) -> None:
        """Close the box, drop the highlights, back to the question box."""
        self.query_one(FindBar).remove_class("open")
        for widget in self.query(".find-match"):
            widget.remove_class("find-match", "find-current")
        self.action_focus_input()

    def _find(self, text: str, step: int) -> None:
        """Highlight every question and answer block holding text; make one current and scroll to it."""
        conversation = self.query_one("#conversation", VerticalScroll)
        needle = text.casefold().strip()
        parts = list(conversation.query("QuestionTurn, MarkdownParagraph, MarkdownFence, MarkdownHeader"))
        found = [w for w in parts if needle and needle in searchable_text(w).casefold()]
        current = next((i for i, w in enumerate(found) if w.has_class("find-current")), None)
        for widget in parts:
            widget.remove_class("find-match", "find-current")
        bar = self.query_one(FindBar)
        if not found:
            bar.border_subtitle = "no match" if needle else ""
            return
        for widget in found:
            widget.add_class("find-match")
        index = len(found) - 1 if current is None else (current + step) % len(found)
        found[index].add_class("find-current")
        bar.border_subtitle = f"{index + 1} of {len(found)}"
        conversation.scroll_to_widget(found[index], animate=False, top=True)

    def on_screen_resume(self) -> None:
        """Coming back from any other screen puts the cursor in the question box."""
        self.action_focus_input()

    @on(Markdown.LinkClicked)
    def _link_clicked(self, event: Markdown.LinkClicked) -> None:
        """A link in an answer was clicked: open it (http/https only)."""
        event.stop()
        self.pubchat.open_link(event.href, "link")

    async def ask(self, question: str) -> None:
        """Start answering a question; a newer question supersedes an unfinished one."""
        if not question.strip():
            return
        self.pubchat.remember_question(question)
        refs = parse_add(question)
        if refs is not None:
            await self.post_note(question, self.add_numbers(refs))
            return
        await self._supersede_pending()
        conversation = self.query_one("#conversation", VerticalScroll)
        await conversation.query(Welcome).remove()
        turn = Turn(question=question)
        self.pubchat.transcript.turns.append(turn)
        question_widget = QuestionTurn(question)
        answer_widget = AnswerTurn()
        await conversation.mount_all([question_widget, answer_widget])
        self._pending = (turn, answer_widget)
        await self._hide_old_turns(conversation)
        conversation.scroll_end(animate=False)
        self._run_question(turn, answer_widget, question_widget, self.pubchat.conversation)

    async def _supersede_pending(self) -> None:
        """Mark an unfinished question as superseded."""
        if self._pending is None:
            return
        turn, widget = self._pending
        self._pending = None
        if turn.status == "pending":
            turn.status = "superseded"
            await widget.show_message("Superseded by a newer question.", "superseded")

    async def _hide_old_turns(self, conversation: VerticalScroll) -> None:
        """Keep only the newest `tui.turns_on_screen` turns mounted, so a long chat stays fast and small.

        The turns themselves stay in the app's Transcript (saving writes them all); a note at the
        top says how many are hidden.
        """
        limit = self.pubchat.settings.tui.turns_on_screen
        shown = [w for w in conversation.children if isinstance(w, (QuestionTurn, AnswerTurn))]
        starts = [i for i, w in enumerate(shown) if isinstance(w, QuestionTurn)]
        if len(starts) <= limit:
            return
        await conversation.remove_children(shown[: starts[-limit]])
        self.pubchat.transcript.compact_all_but(limit)
        hidden = len(self.pubchat.transcript.turns) - limit
        notes = conversation.query_children(HiddenTurnsNote)
        if notes:
            notes.first().set_hidden(hidden)
        else:
            await conversation.mount(HiddenTurnsNote(hidden), before=0)

    @work(thread=True, exclusive=True, group="ask", exit_on_error=False)
    def _run_question(
        self, turn: Turn, widget: AnswerTurn, question_widget: QuestionTurn, conversation: Conversation
    ) -> None:
        """Run the engine off the UI thread; drop the result if a newer question came in or a clear."""
        worker = get_current_worker()
        try:
            answer: Answer | None = self.pubchat.engine_ask(turn.question, conversation)
            error = None
        except Exception as exc:
            answer, error = None, f"Could not answer: {type(exc).__name__}: {exc}"
        if worker.is_cancelled or conversation is not self.pubchat.conversation:
            return
        # mypy infers Never for an async callback through call_from_thread's overloads
        self.app.call_from_thread(self._deliver, turn, widget, question_widget, answer, error)  # type: ignore[arg-type]

    async def _deliver(
        self, turn: Turn, widget: AnswerTurn, question_widget: QuestionTurn, answer: Answer | None, error: str | None
    ) -> None:
        """Show the answer (or the failure) and its sources; keep the newest answer in view."""
        if turn.status != "pending" or not widget.is_attached:
            return
        self._pending = None
        if answer is None:
            turn.status, turn.error = "failed", error
            await widget.show_message(error or "Could not answer.", "failed")
            return
        turn.status, turn.answer = "done", answer
        self.pubchat.mark_changed()
        await widget.show_answer(answer)
        if turn.has_sources:  # other answers (no match, a citation follow-up) keep the numbers shown
            sources = self.query_one(SourcesPanel)
            sources.show_citations(answer.citations, turn.question)
            sources.remove_class("empty")
        self.call_after_refresh(self._scroll_to_turn, question_widget)

    def _scroll_to_turn(self, question_widget: QuestionTurn) -> None:
        """Put the newest question at the top of the view (or scroll to the end if it fits)."""
        conversation = self.query_one("#conversation", VerticalScroll)
        if question_widget.is_attached:
            conversation.scroll_to_widget(question_widget, animate=False, top=True)

    # -- sources and papers -----------------------------------------------------------------------

    @on(SourcesPanel.OpenPaper)
    def _open_paper(self, event: SourcesPanel.OpenPaper) -> None:
        """Open the picked source; 'why' uses the newest question that cited it by its terms."""
        paper_id = event.citation.id
        questions = [turn.question for turn in reversed(self.pubchat.transcript.turns) if paper_id in turn.cited]
        self.pubchat.open_paper(paper_id, questions, event.citation.n)

    def action_focus_sources(self) -> None:
        """Move to the sources list (showing the panel if it was hidden); again returns to input."""
        sources = self.query_one(SourcesPanel)
        options = sources.query_one(OptionList)
        if options.has_focus:
            self.action_focus_input()
            return
        if not sources.citations:
            self.app.notify("No sources yet: ask a question first.", severity="warning", markup=False)
            return
        sources.remove_class("hidden")
        options.focus()

    def action_toggle_sources(self) -> None:
        """Show or hide the sources panel (useful on small terminals)."""
        sources = self.query_one(SourcesPanel)
        sources.toggle_class("hidden")
        if sources.has_class("hidden") and sources.query_one(OptionList).has_focus:
            self.action_focus_input()

    def action_focus_input(self) -> None:
        """Put the cursor back in the question box."""
        self.query_one(QuestionInput).focus()

    def prefill(self, text: str) -> None:
        """Put text in the question box, cursor at its end, for the user to finish."""
        self.query_one(QuestionInput).value = text

    def action_scroll_conversation(self, direction: int) -> None:
        """Page the conversation up or down without leaving the question box."""
        conversation = self.query_one("#conversation", VerticalScroll)
        if direction < 0:
            conversation.scroll_page_up(animate=False)
        else:
            conversation.scroll_page_down(animate=False)

    # -- copy, save, clear ----------------------------------------------------------------------

    def action_copy_references(self) -> None:
        """Copy the references of the last answer with sources (the numbers in the sources panel)."""
        turn = self.pubchat.transcript.last_with_sources()
        if turn is None:
            self.app.notify("No references to copy yet: ask a question first.", severity="warning", markup=False)
            return
        fmt = self.pubchat.settings.cite.format
        text = self.pubchat.engine_cite(list(turn.cited), fmt)
        count = len(turn.cited)
        self.pubchat.copy_text(text, f"{count} reference{'s' if count != 1 else ''} ({format_label(fmt)})")

    def add_numbers(self, refs: list[int] | str) -> str:
        """Add papers [n] of the last answer with sources (or all of them) to the collection; say what happened."""
        turn = self.pubchat.transcript.last_with_sources()
        if turn is None:
            return "No numbered papers yet: ask a question first, then e.g. “add [2]”."
        cited = turn.cited
        numbers: list[int] = list(range(1, len(cited) + 1)) if isinstance(refs, str) else list(refs)
        bad = [n for n in numbers if not 1 <= n <= len(cited)]
        if bad:
            span = "[1]" if len(cited) == 1 else f"[1] to [{len(cited)}]"
            shown = ", ".join(f"[{n}]" for n in bad)
            return f"The sources are {span}; there is no {shown}. Nothing was added."
        new = self.pubchat.add_to_collection([cited[n - 1] for n in numbers])
        added = [n for n in numbers if cited[n - 1] in new]
        count = len(self.pubchat.collection)
        if not added:
            return f"Already in the collection ({count} paper{'s' if count != 1 else ''}; F6 shows it)."
        shown = ", ".join(f"[{n}]" for n in added)
        return f"Added {shown} to the collection: {count} paper{'s' if count != 1 else ''} (F6 shows it)."

    async def post_note(self, request: str, note: str) -> None:
        """Show a request the TUI handled itself (and its reply) as a turn of the conversation."""
        conversation = self.query_one("#conversation", VerticalScroll)
        await conversation.query(Welcome).remove()
        turn = Turn(question=request, status="done", text=note, intent="note")
        self.pubchat.transcript.turns.append(turn)
        answer_widget = AnswerTurn()
        await conversation.mount_all([QuestionTurn(request), answer_widget])
        await answer_widget.show_message(note, "note")
        await self._hide_old_turns(conversation)
        conversation.scroll_end(animate=False)

    def action_add_source(self) -> None:
        """Add the highlighted source to the collection."""
        sources = self.query_one(SourcesPanel)
        citation = sources.highlighted_citation()
        if citation is None:
            self.app.notify("No source is highlighted: F2 moves to the sources.", severity="warning", markup=False)
            return
        self.pubchat.add_to_collection([citation.id])

    def action_copy_answer(self) -> None:
        """Copy the last answer's Markdown text."""
        turn = self.pubchat.transcript.last_answered()
        if turn is None or turn.answer is None:
            self.app.notify("No answer to copy yet.", severity="warning", markup=False)
            return
        self.pubchat.copy_text(turn.answer.answer, "the answer text (Markdown)")

    def action_save(self) -> None:
        """Save the conversation as Markdown."""
        self.pubchat.save_conversation()

    def show_saved(self, *paths: Path) -> None:
        """Show where the conversation was saved at the end of the conversation (an earlier note goes)."""
        conversation = self.query_one("#conversation", VerticalScroll)
        conversation.query(SavedNote).remove()
        note = SavedNote(*paths)
        conversation.mount(note)
        conversation.call_after_refresh(conversation.scroll_end, animate=False)

    def action_clear(self) -> None:
        """Forget the conversation (asking first if it is unsaved)."""
        self.pubchat.confirm_unsaved(self.clear, "clearing")

    async def clear(self) -> None:
        """Forget the conversation (on screen and the engine's follow-up memory); show the welcome again."""
        self.pubchat.forget_conversation()
        await self.show_transcript()

    async def show_transcript(self) -> None:
        """Show the app's transcript afresh (after a clear or a reopen): its newest turns and their sources.

        Only the newest `tui.turns_on_screen` turns are mounted, as while asking; no turns shows the welcome.
        """
        self.workers.cancel_group(self, "ask")
        self._pending = None
        transcript = self.pubchat.transcript
        limit = self.pubchat.settings.tui.turns_on_screen
        transcript.compact_all_but(limit)
        shown = transcript.turns[-limit:] if limit > 0 else []
        conversation = self.query_one("#conversation", VerticalScroll)
        await conversation.remove_children()
        widgets: list[Widget] = []
        if len(transcript.turns) > len(shown):
            widgets.append(HiddenTurnsNote(len(transcript.turns) - len(shown)))
        answers = [AnswerTurn() for _ in shown]
        for turn, answer_widget in zip(shown, answers, strict=True):
            widgets += [QuestionTurn(turn.question), answer_widget]
        if not transcript.turns:
            widgets.append(Welcome(self.pubchat.corpus_label, self.pubchat.suggestions, id="welcome"))
        await conversation.mount_all(widgets)
        for turn, answer_widget in zip(shown, answers, strict=True):
            await answer_widget.show_turn(turn)
        sources = self.query_one(SourcesPanel)
        numbered = transcript.last_with_sources()
        if numbered is not None and numbered.answer is not None:
            sources.show_citations(numbered.answer.citations, numbered.question)
            sources.remove_class("empty")
        else:
            sources.show_citations([])
            sources.add_class("empty")
        conversation.scroll_end(animate=False)
        self.action_focus_input()
