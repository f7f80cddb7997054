"""Notifications at 80x24: one line over the header row, never over the conversation, the question box or a dialog."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from pilot_helpers import ask, settle, wait_until
from textual.geometry import Region
from textual.widgets._toast import Toast

from pubchat.tui.app import PubchatApp
from pubchat.tui.screens.unsaved import UnsavedScreen
from pubchat.tui.widgets.prompt import QuestionInput

MakeApp = Callable[..., PubchatApp]


def _toast_regions(app: PubchatApp) -> list[Region]:
    return [toast.region for toast in app.screen.query(Toast) if toast.region]


def test_toasts_take_only_the_header_row_at_80x24(make_app: MakeApp) -> None:
    async def run() -> None:
        app = make_app()
        async with app.run_test(size=(80, 24), notifications=True) as pilot:
            await settle(pilot)
            await ask(pilot, "face anti-spoofing")
            await pilot.press("ctrl+r", "ctrl+y")  # two notifications at once: the newest is the one shown
            await settle(pilot)
            regions = _toast_regions(app)
            assert regions, "copying shows a notification"
            visible = [r for r in regions if r.y == 0 and r.height == 1]
            assert visible, regions
            box = app.screen.query_one(QuestionInput).region
            conversation = app.screen.query_one("#conversation").region
            for region in visible:
                assert not region.overlaps(box) and not region.overlaps(conversation)
            assert "answer text" in " ".join(t.render().plain for t in app.screen.query(Toast) if t.region.y == 0)
            await pilot.press("x")  # typing goes on into the box while a toast is shown
            assert app.screen.query_one(QuestionInput).value == "x"

            await pilot.press("ctrl+q")  # a dialog: a notification shown now stays off its text
            await wait_until(pilot, lambda: isinstance(app.screen, UnsavedScreen), "the dialog")
            app.notify("A long notification that would have covered the dialog's question at eighty columns wide.")
            await settle(pilot)
            dialog = app.screen.query_one("#unsaved").region
            assert _toast_regions(app) and not any(r.overlaps(dialog) for r in _toast_regions(app))

    asyncio.run(run())
