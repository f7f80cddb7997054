"""Snapshot tests (pytest-textual-snapshot) at 80x24 and 120x40: empty state, answer, paper, help.

Deterministic: the test settings turn off the cursor blink, the header shows no clock, the data
dir is a temp folder (no history), no notification is on screen when the picture is taken.
Update after an intended change with `pytest tests/tui --snapshot-update` and review the SVGs.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from pilot_helpers import ask, settle, wait_until
from textual.pilot import Pilot

SIZES = [(80, 24), (120, 40)]
QUESTION = "face anti-spoofing"


async def _empty(pilot: Pilot[Any]) -> None:
    await settle(pilot)


async def _answer(pilot: Pilot[Any]) -> None:
    await settle(pilot)
    await ask(pilot, QUESTION)


async def _paper(pilot: Pilot[Any]) -> None:
    from pubchat.tui.screens.paper import PaperScreen

    await _answer(pilot)
    await pilot.press("f2", "enter")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, PaperScreen), "the paper view")
    await settle(pilot)


async def _help(pilot: Pilot[Any]) -> None:
    from pubchat.tui.screens.help import HelpScreen

    await settle(pilot)
    await pilot.press("f1")
    await wait_until(
        pilot, lambda: isinstance(pilot.app.screen, HelpScreen) and pilot.app.screen.is_mounted, "the help screen"
    )
    await settle(pilot)


SCENES: dict[str, Callable[[Pilot[Any]], Awaitable[None]]] = {
    "empty": _empty,
    "answer": _answer,
    "paper": _paper,
    "help": _help,
}


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("scene", list(SCENES))
def test_snapshot(snap_compare: Any, make_app: Any, scene: str, size: tuple[int, int]) -> None:
    assert snap_compare(make_app(), terminal_size=size, run_before=SCENES[scene])
