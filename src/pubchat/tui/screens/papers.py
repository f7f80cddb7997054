"""The papers screen: every paper, newest first, filtered as you type; Enter opens the paper view."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, Label, OptionList
from textual.widgets.option_list import Option

from pubchat.models import Paper
from pubchat.recency import newest_first
from pubchat.tui.paper_filter import filter_papers
from pubchat.tui.safe import clean

if TYPE_CHECKING:
    from pubchat.tui.app import PubchatApp


def paper_prompt(paper: Paper) -> Content:
    """One list line: `year  title  code · first author`, all shown literally."""
    year = str(paper.year) if paper.year else "n.d."
    parts: list[Content | tuple[str, str] | str] = [(f"{year} ", "dim"), clean(paper.title, newlines=False)]
    if paper.has_code or paper.code_urls:
        parts += [" ", (" code ", "bold $text-success on $success-muted")]
    if paper.authors:
        more = " et al." if len(paper.authors) > 1 else ""
        parts.append((f" · {clean(paper.authors[0], newlines=False)}{more}", "dim"))
    return Content.assemble(*parts)


class PapersScreen(Screen[None]):
    """Browse the whole list: type to filter, ↑/↓ to move, Enter to open."""

    BINDINGS = [
        Binding("escape", "app.back_to_chat", "Back", id="papers.back", tooltip="Back to the chat"),
        Binding("up", "move(-1)", "Previous paper", show=False, priority=True, id="papers.up"),
        Binding("down", "move(1)", "Next paper", show=False, priority=True, id="papers.down"),
        Binding("ctrl+b", "collect", "Collect", id="papers.collect", tooltip="Add the highlighted paper"),
    ]

    def __init__(self, papers: list[Paper]) -> None:
        """Every paper of the corpus (sorted here, newest first)."""
        super().__init__()
        self.all_papers = newest_first(papers)
        self.shown: list[Paper] = list(self.all_papers)

    @property
    def pubchat(self) -> PubchatApp:
        """The app, typed."""
        return cast("PubchatApp", self.app)

    def compose(self) -> ComposeResult:
        """Filter box, count, list."""
        yield Header()
        yield Input(placeholder="Filter: title words, an author, a year, code", id="papers-filter")
        yield Label("", id="papers-count")
        yield OptionList(id="papers-list")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        """Show every paper; the cursor is in the filter box."""
        self._show("")
        self.query_one("#papers-filter", Input).focus()

    @on(Input.Changed, "#papers-filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        """Narrow the list as the user types."""
        self._show(event.value)

    def _show(self, query: str) -> None:
        """Fill the list with the papers matching query."""
        self.shown = filter_papers(self.all_papers, query)
        options = self.query_one(OptionList)
        options.clear_options()
        options.add_options(Option(paper_prompt(p), id=f"paper-{i}") for i, p in enumerate(self.shown))
        if self.shown:
            options.highlighted = 0
        total = len(self.all_papers)
        count = f"{len(self.shown)} of {total} papers" if query.strip() else f"{total} papers, newest first"
        self.query_one("#papers-count", Label).update(count)

    def action_move(self, step: int) -> None:
        """Move the highlight without leaving the filter box."""
        options = self.query_one(OptionList)
        if not self.shown:
            return
        current = options.highlighted if options.highlighted is not None else -step
        options.highlighted = max(0, min(len(self.shown) - 1, current + step))

    @on(Input.Submitted, "#papers-filter")
    def _open_highlighted(self) -> None:
        """Enter in the filter box opens the highlighted paper."""
        index = self.query_one(OptionList).highlighted
        if index is not None and 0 <= index < len(self.shown):
            self.pubchat.open_paper(self.shown[index].id, [])

    @on(OptionList.OptionSelected, "#papers-list")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        """A click (or Enter in the list) opens that paper."""
        if 0 <= event.option_index < len(self.shown):
            self.pubchat.open_paper(self.shown[event.option_index].id, [])

    def action_collect(self) -> None:
        """Add the highlighted paper to the collection."""
        index = self.query_one(OptionList).highlighted
        if index is not None and 0 <= index < len(self.shown):
            self.pubchat.add_to_collection([self.shown[index].id])
