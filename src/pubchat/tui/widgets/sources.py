"""The sources panel: the last answer's citations (n, year, title, code badge), selectable."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from pubchat.models import Citation
from pubchat.tui.safe import clean


def citation_prompt(citation: Citation) -> Content:
    """One source line: `[n] year title  code`, the title shown literally."""
    year = str(citation.year) if citation.year else "n.d."
    parts: list[Content | tuple[str, str] | str] = [
        (f"[{citation.n}] ", "bold $accent"),
        (f"{year} ", "dim"),
        clean(citation.title, newlines=False),
    ]
    if citation.code_url:
        parts += [" ", (" code ", "bold $text-success on $success-muted")]
    return Content.assemble(*parts)


class SourcesPanel(Vertical):
    """Citations of the newest answer; Enter (or a click) asks the app to open that paper."""

    class OpenPaper(Message):
        """The user picked a source."""

        def __init__(self, citation: Citation) -> None:
            """Carry the chosen citation."""
            super().__init__()
            self.citation = citation

    def __init__(self, **kwargs: object) -> None:
        """No citations until an answer arrives."""
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.citations: list[Citation] = []

    def compose(self) -> ComposeResult:
        """A title and the list."""
        yield Label("Sources", id="sources-title")
        yield OptionList(id="sources-list")

    def on_mount(self) -> None:
        """Start with the hint shown in an empty list."""
        self.show_citations([])

    def show_citations(self, citations: list[Citation], question: str = "") -> None:
        """Replace the list with these citations (best first), numbered as in their answer."""
        self.citations = list(citations)
        options = self.query_one(OptionList)
        options.clear_options()
        if citations:
            options.add_options(Option(citation_prompt(c), id=f"cite-{c.n}") for c in citations)
            options.highlighted = 0
            options.disabled = False
        else:
            options.add_option(Option(Content("The last answer's sources appear here."), disabled=True))
            options.disabled = True
        title = Content(f"Sources ({len(citations)})" if citations else "Sources")
        if citations and question:
            title = Content.assemble(title, (f" · {clean(question, newlines=False)}", "dim"))
        self.query_one("#sources-title", Label).update(title)

    def highlighted_citation(self) -> Citation | None:
        """The citation under the list's highlight, if any."""
        index = self.query_one(OptionList).highlighted
        if index is None or not 0 <= index < len(self.citations):
            return None
        return self.citations[index]

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Turn a selected option into an OpenPaper request."""
        event.stop()
        if 0 <= event.option_index < len(self.citations):
            self.post_message(self.OpenPaper(self.citations[event.option_index]))
