"""F4, the clipboard fallback: the copied text unwrapped and borderless (a terminal selection copies it
clean), and written to a file whose path is shown on a line of its own."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path

from pilot_helpers import ask, settle, wait_until
from textual.widgets import Static, TextArea

from pubchat.tui.app import PubchatApp
from pubchat.tui.screens.text_view import TextViewScreen

MakeApp = Callable[..., PubchatApp]


def test_f4_shows_the_copied_lines_from_column_zero_and_writes_them_to_a_file(
    make_app: MakeApp, data_dir: Path
) -> None:
    async def run() -> None:
        app = make_app()
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            await ask(pilot, "face anti-spoofing")
            await pilot.press("ctrl+r")  # copy the references (lines longer than the screen)
            await settle(pilot)
            copied = app.clipboard
            lines = copied.splitlines()
            assert len(lines) >= 2 and max(len(line) for line in lines) > 80
            await pilot.press("f4")
            await wait_until(pilot, lambda: isinstance(app.screen, TextViewScreen), "the copied-text view")
            app.clear_notifications()
            await settle(pilot)
            area = app.screen.query_one(TextArea)
            assert area.region.x == 0 and area.region.width == 80 and not area.soft_wrap
            rows = [strip.text for strip in app.screen._compositor.render_strips()]
            shown = rows[area.region.y : area.region.y + min(len(lines), area.region.height)]
            # each screen row is one line of the text from column 0: no border, gutter, wrap or scrollbar
            assert [row.rstrip() for row in shown] == [line[:80].rstrip() for line in lines[: len(shown)]]

            await pilot.press("w")
            await settle(pilot)
            (written,) = (data_dir / "copied").glob("pubchat-copied-*.txt")
            assert written.read_text(encoding="utf-8") == copied.rstrip("\n") + "\n"
            hint = app.screen.query_one("#text-view-hint", Static)
            assert str(written) in str(hint.render()).splitlines()  # the path alone on its line
            await pilot.press("escape")
            await pilot.pause()
            assert not isinstance(app.screen, TextViewScreen)

    asyncio.run(run())
