"""The collection screen: the papers collected this session, copied or exported in any citation format."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Header, Label, OptionList, Static
from textual.widgets.option_list import Option

from pubchat.models import CiteFormat, Paper
from pubchat.tui.collection import cite_formats, format_extension
from pubchat.tui.conversation import format_label
from pubchat.tui.safe import literal
from pubchat.tui.screens.papers import paper_prompt

if TYPE_CHECKING:
    from pubchat.tui.app import PubchatApp


class CollectionScreen(Screen[None]):
    """The collected papers (Enter opens one, Delete removes it) and the formats to copy or export them in."""

    BINDINGS = [
        Binding("escape", "app.back_to_chat", "Back", id="collection.back", tooltip="Back to the chat"),
        Binding("e", "export", "Export", id="collection.export", tooltip="Write the collection to a file"),
        Binding("c", "copy", "Copy", id="collection.copy", tooltip="Copy the collection in the chosen format"),
        Binding("delete", "remove", "Remove", id="collection.remove", tooltip="Take the highlighted paper out"),
    ]

    def __init__(self) -> None:
        """Read the app's collection when mounted."""
        super().__init__()
        self.formats = cite_formats()
        self.papers: list[Paper] = []

    @property
    def pubchat(self) -> PubchatApp:
        """The app, typed."""
        return cast("PubchatApp", self.app)

    def compose(self) -> ComposeResult:
        """Papers on the left, formats on the right, the last export's path below."""
        yield Header()
        with Horizontal(id="collection-main"):
            with Vertical(id="collection-papers"):
                yield Label("", id="collection-title")
                yield OptionList(id="collection-list")
            with Vertical(id="collection-formats"):
                yield Label("Format", id="collection-formats-title")
                yield OptionList(
                    *(Option(f"{format_label(f)} (.{format_extension(f)})", id=f"fmt-{f}") for f in self.formats),
                    id="collection-format-list",
                )
        yield Static(
            "c copies, e (or Enter on a format) exports; the file's path appears here.", id="collection-result"
        )
        yield Footer(compact=True)

    def on_mount(self) -> None:
        """List the papers; the configured citation format is preselected."""
        formats = self.query_one("#collection-format-list", OptionList)
        configured = self.pubchat.settings.cite.format
        formats.highlighted = self.formats.index(configured) if configured in self.formats else 0
        self.refresh_papers()
        self.query_one("#collection-list", OptionList).focus()

    def refresh_papers(self) -> None:
        """Show the collection as it is now."""
        self.papers = self.pubchat.collection_papers()
        options = self.query_one("#collection-list", OptionList)
        options.clear_options()
        if self.papers:
            options.add_options(
                Option(Content.assemble((f"{i}. ", "bold $accent"), paper_prompt(p)), id=f"col-{i}")
                for i, p in enumerate(self.papers, 1)
            )
            options.highlighted = 0
        else:
            options.add_option(
                Option(
                    Content("Nothing collected yet: Ctrl+B on a source or a paper, or type “add [2]”."), disabled=True
                )
            )
        count = len(self.papers)
        self.query_one("#collection-title", Label).update(f"Collection: {count} paper{'s' if count != 1 else ''}")

    @property
    def chosen_format(self) -> CiteFormat:
        """The highlighted format."""
        index = self.query_one("#collection-format-list", OptionList).highlighted
        return self.formats[index if index is not None else 0]

    def show_result(self, text: str) -> None:
        """Say what happened (a path stays on screen to be selected and copied)."""
        self.query_one("#collection-result", Static).update(literal(text))

    def action_copy(self) -> None:
        """Copy every collected paper in the chosen format."""
        if self.papers:
            self.pubchat.copy_collection(self.chosen_format)

    def action_export(self) -> None:
        """Write the collection in the chosen format to a file (a download in a browser)."""
        if not self.papers:
            self.show_result("Nothing to export yet.")
            return
        result = self.pubchat.export_collection(self.chosen_format)
        if result:
            self.show_result(result)

    @on(OptionList.OptionSelected, "#collection-format-list")
    def _format_picked(self) -> None:
        """Enter on a format exports in it."""
        self.action_export()

    @on(OptionList.OptionSelected, "#collection-list")
    def _paper_picked(self, event: OptionList.OptionSelected) -> None:
        """Enter on a paper opens it."""
        if 0 <= event.option_index < len(self.papers):
            self.pubchat.open_paper(self.papers[event.option_index].id, [])

    def action_remove(self) -> None:
        """Take the highlighted paper out of the collection."""
        index = self.query_one("#collection-list", OptionList).highlighted
        if index is not None and 0 <= index < len(self.papers):
            self.pubchat.remove_from_collection(self.papers[index].id)
            self.refresh_papers()
