"""The help screen (F1): every key, generated from the bindings themselves so it stays complete."""

from __future__ import annotations

from collections.abc import Iterable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Header, Static


def _key_label(key: str) -> str:
    """`ctrl+r,f5` -> `Ctrl+R / F5`."""
    names = {"pageup": "PgUp", "pagedown": "PgDn", "escape": "Esc"}

    def one(k: str) -> str:
        """One key: `ctrl+r` -> `Ctrl+R`."""
        return "+".join(names.get(part, part.capitalize() if len(part) > 1 else part.upper())
                        for part in k.split("+"))

    return " / ".join(one(k.strip()) for k in key.split(","))


def bindings_table(title: str, bindings: Iterable[Binding]) -> Content:
    """A titled two-column list of key and description."""
    lines: list[Content] = [Content.styled(title, "bold $accent")]
    for binding in bindings:
        if not binding.description or binding.system:
            continue
        parts: list[str | tuple[str, str]] = [(f"  {_key_label(binding.key):<18}", "bold"), binding.description]
        if binding.tooltip:
            parts.append((f": {binding.tooltip}", "$text-muted"))
        lines.append(Content.assemble(*parts))
    return Content("\n").join(lines)


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
                yield Static(bindings_table(title, bindings), classes="help-section")
            yield Static(_NOTES, classes="help-section", markup=False)
        yield Footer(compact=True)

    def action_close(self) -> None:
        """Back to where help was opened."""
        self.dismiss(None)


_NOTES = Content.assemble(
    ("Copying\n", "bold $accent"),
    "  Copies go to the terminal clipboard (OSC 52, works over SSH) and to the system\n"
    "  clipboard when one is available. Inside tmux, OSC 52 needs `set -g set-clipboard on`.\n"
    "  If nothing arrives, F4 shows the last copied text to select by hand.\n",
    ("Lists\n", "bold $accent"),
    "  Sources and example questions: ↑/↓ to move, Enter to open or ask, Tab to leave.\n",
    ("Everything else\n", "bold $accent"),
    "  Every action is also in the command palette (Ctrl+P).",
)
