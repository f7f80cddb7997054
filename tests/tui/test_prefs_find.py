"""Pilot tests: a theme chosen in the TUI survives a restart; `pubchat config` says where it came from."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path

import pytest
from pilot_helpers import settle

from pubchat.cli import main
from pubchat.tui.app import PubchatApp

MakeApp = Callable[..., PubchatApp]


def test_a_chosen_theme_survives_a_restart(
    make_app: MakeApp, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    async def first() -> None:
        app = make_app()
        async with app.run_test() as pilot:
            await settle(pilot)
            assert app.theme == "textual-dark"
            app.theme = "nord"  # what picking it in the palette (Ctrl+P → Theme) does
            await pilot.pause()

    async def second() -> str:
        app = make_app()
        async with app.run_test() as pilot:
            await settle(pilot)
            return app.theme

    asyncio.run(first())
    prefs = tmp_path / "config" / "tui-prefs.json"
    assert prefs.is_file() and "nord" in prefs.read_text(encoding="utf-8")
    assert asyncio.run(second()) == "nord"

    assert main(["config"]) == 0
    out = capsys.readouterr().out
    assert f'the TUI uses theme "nord", chosen in the TUI and kept in {prefs}' in out


def test_find_highlights_a_match_in_an_earlier_turn(make_app: MakeApp) -> None:
    from pilot_helpers import ask

    from pubchat.tui.widgets.find_bar import FindBar
    from pubchat.tui.widgets.prompt import QuestionInput
    from pubchat.tui.widgets.turns import AnswerTurn, QuestionTurn

    async def run() -> None:
        app = make_app()
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            await ask(pilot, "face anti-spoofing")
            await ask(pilot, "oracle character recognition")
            await ask(pilot, "gait recognition")
            await pilot.press("ctrl+f", *"Shuffled Style")  # only in the first answer
            await pilot.pause()
            current = app.screen.query(".find-current")
            assert len(current) == 1
            widget = current.first()
            first_answer = app.screen.query(AnswerTurn).first()
            assert widget in first_answer.walk_children() and widget.region.height > 0  # scrolled into view
            assert "shuffled style" in widget.source.casefold()
            assert app.screen.query_one(FindBar).has_focus
            await pilot.press("escape")
            assert not app.screen.query(".find-match") and app.screen.query_one(QuestionInput).has_focus
            await pilot.press("ctrl+f")
            app.screen.query_one(FindBar).value = "recognition"
            await pilot.pause()
            newest = app.screen.query(".find-current").first()
            await pilot.press("up")  # the previous match, further up
            await pilot.pause()
            previous = app.screen.query(".find-current").first()
            assert previous is not newest and previous.has_class("find-match")
            assert isinstance(newest, QuestionTurn) or newest.region.y >= 0

    asyncio.run(run())
