"""The help screen (F1): every key, generated from the bindings themselves so it stays complete."""

from __future__ import annotations

from collections.abc import Iterable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Header, Static


def _key_label(key: str) -> str:
    """`ctrl+r,f5` -> `Ctrl+R / F5`."""
    names = {"pageup": "PgUp", "pagedown": "PgDn", "escape": "Esc"}

    def one(k: str) -> str:
        """One key: `ctrl+r` -> `Ctrl+R`; a bare letter stays as typed (`c`, not `C`, which reads as Shift+C)."""
        parts = k.split("+")
        if len(parts) == 1 and len(k) == 1:
            return k
        return "+".join(names.get(part, part.capitalize() if len(part) > 1 else part.upper()) for part in parts)

    return " / ".join(one(k.strip()) for k in key.split(","))


def binding_rows(bindings: Iterable[Binding]) -> list[tuple[str, Content]]:
    """(key label, description) for each listed binding; the tooltip follows the description."""
    rows = []
    for binding in bindings:
        if not binding.description or binding.system:
            continue
        parts: list[str | tuple[str, str]] = [binding.description]
        if binding.tooltip:
            parts.append((f": {binding.tooltip}", "dim"))
        rows.append((_key_label(binding.key), Content.assemble(*parts)))
    return rows


class HelpSection(Vertical):
    """A titled two-column list: key, then its description wrapped in its own column."""

    def __init__(self, title: str, bindings: Iterable[Binding]) -> None:
        """The section title and its bindings."""
        super().__init__(classes="help-section")
        self.title_text = title
        self.rows = binding_rows(bindings)

    def compose(self) -> ComposeResult:
        """The title, then one row per key."""
        yield Static(Content.styled(self.title_text, "bold $accent"), classes="help-section-title")
        for key, description in self.rows:
            with Horizontal(classes="help-row"):
                yield Static(Content.styled(key, "bold"), classes="help-key")
                yield Static(description, classes="help-desc")

    @property
    def plain(self) -> str:
        """The section as plain text, one key per line (what a reader sees)."""
        return "\n".join([self.title_text] + [f"{key}  {desc.plain}" for key, desc in self.rows])


class HelpScreen(Screen[None]):
    """Keys for the chat, the question box, the lists and the paper view, plus copy notes."""

    BINDINGS = [
        Binding("escape,f1,q", "close", "Close help", id="help.close"),
    ]

    def __init__(self, sections: list[tuple[str, list[Binding]]]) -> None:
        """Sections of (title, bindings) collected by the app."""
        super().__init__()
        self.sections = sections

    def compose(self) -> ComposeResult:
        """Header, the key tables, the notes, footer."""
        yield Header()
        with VerticalScroll(id="help-body"):
            yield Static(Content.styled("pubchat: keys", "bold"), id="help-title")
            for title, bindings in self.sections:
                yield HelpSection(title, bindings)
            with Vertical(classes="help-section help-notes"):
                for title, text in _NOTES:
                    yield Static(Content.styled(title, "bold $accent"), classes="help-section-title")
                    yield Static(Content(text), classes="help-note")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        """Focus the text so ↑/↓, PgUp/PgDn, Home and End scroll it."""
        self.query_one("#help-body", VerticalScroll).focus()

    def action_close(self) -> None:
        """Back to where help was opened."""
        self.dismiss(None)


# Notes under the key lists: (title, text); the text wraps to the terminal's width.
_NOTES = [
    (
        "Copying",
        "Copies go to the terminal clipboard (OSC 52, works over SSH) and to the system clipboard "
        "when one is available. Inside tmux, OSC 52 needs `set -g set-clipboard on`. If nothing "
        "arrives, F4 shows the last copied text to select by hand.",
    ),
    ("Lists", "Sources and example questions: ↑/↓ to move, Enter to open or ask, Tab to leave."),
    (
        "Long conversations",
        "Only the newest questions stay on screen (tui.turns_on_screen); a note at the "
        "top says how many are hidden. Ctrl+S saves the whole conversation.",
    ),
    ("Everything else", "Every action is also in the command palette (Ctrl+P)."),
]
