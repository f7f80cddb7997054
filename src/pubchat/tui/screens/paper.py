"""The paper view: everything about one cited paper, and why it matched the question."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, cast

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from pubchat.answer.latex import to_text
from pubchat.citeformats import FORMATS
from pubchat.models import Paper
from pubchat.tui.safe import clean, literal, safe_url
from pubchat.tui.widgets.links import LinkText

if TYPE_CHECKING:
    from pubchat.tui.app import PubchatApp

_QUESTION_WORD = re.compile(r"[^\W_]{3,}", re.UNICODE)
# Question words that say what is being asked rather than what about; never highlighted.
_ASKING_WORDS = frozenset(
    "the and for what which who whom whose have has had papers paper with from about does did they "
    "their them this that these those how many much are was were since show find list any work works "
    "done give tell all some there into onto than then also can could would should between".split()
)


def highlight_terms(question: str, explained: list[tuple[str, float]]) -> list[str]:
    """Words to highlight in the abstract: the question's content words and the matched terms."""
    terms = {t.lower() for t in _QUESTION_WORD.findall(question)} - _ASKING_WORDS
    terms |= {t.lower() for t, _ in explained if len(t) >= 3}
    return sorted(terms, key=len, reverse=True)


def highlighted(text: str, terms: list[str]) -> Content:
    """Content of text with each word starting with one of `terms` highlighted (text stays literal)."""
    content = Content(clean(text))
    if not terms:
        return content
    pattern = re.compile(r"\b(?:" + "|".join(re.escape(t) for t in terms) + r")\w*", re.IGNORECASE)
    for match in pattern.finditer(content.plain):
        content = content.stylize("bold $text-warning on $warning-muted", match.start(), match.end())
    return content


def why_table(explained: list[tuple[str, float]]) -> Content:
    """Matched terms with their weights and a bar, strongest first."""
    if not explained:
        return Content(
            "No question terms matched this paper directly: it matched a filter, "
            "or was found close in meaning to the question."
        )
    rows = sorted(explained, key=lambda tw: -tw[1])[:12]
    top = max(w for _, w in rows) or 1.0
    lines = []
    for term, weight in rows:
        bar = "█" * max(1, round(12 * weight / top)) if weight > 0 else ""
        lines.append(
            Content.assemble((f"{clean(term, newlines=False)[:24]:<24} ", "bold"), f"{weight:7.2f}  ", (bar, "$accent"))
        )
    return Content("\n").join(lines)


class PaperScreen(Screen[None]):
    """Title, all authors, date, category, links, the highlighted abstract, and 'why this paper'."""

    BINDINGS = [
        Binding(
            "escape", "app.back_to_chat", "Back", id="paper.back_to_chat", tooltip="Back to the chat (the question box)"
        ),
        Binding("backspace", "back", "Back", show=False, id="paper.back", tooltip="Back one screen"),
        Binding("s", "similar", "Similar papers", id="paper.similar"),
        Binding(
            "question_mark",
            "ask_about",
            "Ask about it",
            show=False,
            id="paper.ask_about",
            tooltip="Back to the question box with this paper's title to ask about",
        ),
        Binding(
            "ctrl+b",
            "add_to_collection",
            "Collect",
            id="paper.add_to_collection",
            tooltip="Add this paper to the session's collection (F6 shows it)",
        ),
        Binding(
            "c",
            "copy_citation",
            "Copy citation",
            show=False,
            id="paper.copy_citation",
            tooltip="Copy this paper's citation in the configured format (cite.format)",
        ),
        Binding("b", "copy_format('bibtex')", "Copy BibTeX", id="paper.copy_bibtex"),
        Binding("a", "copy_format('apa')", "Copy APA", show=False, id="paper.copy_apa"),
        Binding("p", "copy_format('plain')", "Copy plain", show=False, id="paper.copy_plain"),
        Binding("m", "copy_format('md')", "Copy Markdown", show=False, id="paper.copy_md"),
        Binding("i", "copy_format('ieee')", "Copy IEEE", show=False, id="paper.copy_ieee"),
        Binding("k", "copy_format('acm')", "Copy ACM", show=False, id="paper.copy_acm"),
        Binding("h", "copy_format('chicago')", "Copy Chicago", show=False, id="paper.copy_chicago"),
        Binding("n", "copy_format('nature')", "Copy Nature", show=False, id="paper.copy_nature"),
        Binding("A", "copy_format('apa-csl')", "Copy APA (CSL)", show=False, id="paper.copy_apa_csl"),
        Binding("r", "copy_format('ris')", "Copy RIS", show=False, id="paper.copy_ris"),
        Binding("j", "copy_format('csl-json')", "Copy CSL-JSON", show=False, id="paper.copy_csl_json"),
        Binding("o", "open_link('url')", "Open arXiv", id="paper.open_arxiv"),
        Binding("g", "open_link('code')", "Open code", id="paper.open_code"),
        Binding(
            "u",
            "show_links",
            "Show links",
            show=False,
            id="paper.show_links",
            tooltip="Show the arXiv, PDF and code links as selectable text",
        ),
    ]

    def __init__(self, paper: Paper, question: str, explained: list[tuple[str, float]], n: int | None = None) -> None:
        """The paper, the question it was found for, and the engine's explanation."""
        super().__init__()
        self.paper = paper
        self.question = question
        self.explained = explained
        self.n = n

    @property
    def pubchat(self) -> PubchatApp:
        """The app, typed."""
        return cast("PubchatApp", self.app)

    def compose(self) -> ComposeResult:
        """The paper's fields, top to bottom, in a scroll view."""
        paper = self.paper
        yield Header()
        yield Footer(compact=True)
        with VerticalScroll(id="paper-body"):
            prefix = f"[{self.n}] " if self.n else ""
            yield Static(literal(prefix + to_text(paper.title), "bold", newlines=False), id="paper-title")
            authors = ", ".join(clean(a, newlines=False) for a in paper.authors) or "unknown authors"
            if paper.authors and not paper.authors_complete:
                authors += " (list incomplete)"
            yield Static(literal(authors), id="paper-authors")
            yield Static(Content(self._meta_line()), id="paper-meta")
            yield LinkText(self._links(), id="paper-links")
            yield Static(Content.styled("Abstract", "bold $accent"), classes="paper-heading")
            terms = highlight_terms(self.question, self.explained)
            abstract = to_text(paper.abstract) if paper.abstract else "(no abstract)"  # LaTeX shown as text
            yield LinkText(highlighted(abstract, terms), id="paper-abstract")
            if not self.question:  # opened from the papers list or the collection: no question to explain
                return
            yield Static(
                Content.assemble(
                    ("Why this paper", "bold $accent"),
                    (" (matched terms and their weight for: ", "dim"),
                    (clean(self.question, newlines=False), "italic"),
                    (")", "dim"),
                ),
                classes="paper-heading",
            )
            yield Static(why_table(self.explained), id="paper-why")

    def _meta_line(self) -> str:
        """Date, category and arXiv id on one line."""
        paper = self.paper
        parts = [paper.date.isoformat() if paper.date else (str(paper.year) if paper.year else "undated")]
        if paper.category:
            parts.append(clean(paper.category, newlines=False))
        if paper.arxiv_id:
            parts.append(f"arXiv:{clean(paper.arxiv_id, newlines=False)}")
        parts.append("code available" if paper.has_code or paper.code_urls else "no code link")
        return " · ".join(parts)

    def _links(self) -> Content:
        """The arXiv and code URLs, always written out (they may not open from a terminal)."""
        url = safe_url(self.paper.url)
        code = safe_url(self.paper.code_url)
        return Content.assemble(
            ("arXiv  ", "bold"),
            (url or "none", "" if url else "dim"),
            "\n",
            ("Code   ", "bold"),
            (code or "none", "" if code else "dim"),
        )

    def action_back(self) -> None:
        """Return to the previous screen."""
        self.dismiss(None)

    def action_similar(self) -> None:
        """Ask the engine for papers similar to this one, in the chat."""
        self.pubchat.ask_in_chat(f"papers similar to {' '.join(self.paper.title.split())}")

    def action_ask_about(self) -> None:
        """Back to the question box, with this paper's title in it, to ask about it."""
        self.pubchat.back_to_chat(prefill=f"{' '.join(self.paper.title.split())}: ")

    def action_add_to_collection(self) -> None:
        """Add this paper to the session's collection."""
        self.pubchat.add_to_collection([self.paper.id])

    def action_copy_citation(self) -> None:
        """Copy this paper's citation in the configured format."""
        self.pubchat.copy_citation(self.paper, self.pubchat.settings.cite.format)

    def action_copy_format(self, fmt: str) -> None:
        """Copy this paper's citation in the chosen format."""
        if fmt in FORMATS:
            self.pubchat.copy_citation(self.paper, fmt)

    def action_open_link(self, which: str) -> None:
        """Open the arXiv page or the code link in the browser (http/https only)."""
        url = self.paper.url if which == "url" else self.paper.code_url
        self.pubchat.open_link(url, "arXiv page" if which == "url" else "code")

    def action_show_links(self) -> None:
        """Show the links in a selectable modal."""
        links = [u for u in (self.paper.url, self.paper.pdf_url, *self.paper.code_urls) if u]
        from pubchat.tui.screens.text_view import TextViewScreen

        self.app.push_screen(TextViewScreen("Links", "\n".join(links) or "No links.", "pubchat-links"))
