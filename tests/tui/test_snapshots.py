"""Snapshot tests (pytest-textual-snapshot) at 80x24 and 120x40: empty, answer, paper, help, papers, collection.

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


async def _papers(pilot: Pilot[Any]) -> None:
    from pubchat.tui.screens.papers import PapersScreen

    await settle(pilot)
    await pilot.press("f5")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, PapersScreen), "the papers screen")
    await pilot.press(*"face 2022")
    await settle(pilot)


async def _collection(pilot: Pilot[Any]) -> None:
    from pubchat.tui.screens.collection import CollectionScreen

    await _answer(pilot)
    await ask(pilot, "face recognition")
    await ask(pilot, "add 1, 2 and 3")
    await pilot.press("f6")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, CollectionScreen), "the collection")
    pilot.app.clear_notifications()
    await settle(pilot)


SCENES: dict[str, Callable[[Pilot[Any]], Awaitable[None]]] = {
    "empty": _empty,
    "answer": _answer,
    "paper": _paper,
    "help": _help,
    "papers": _papers,
    "collection": _collection,
}


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("scene", list(SCENES))
def test_snapshot(snap_compare: Any, make_app: Any, scene: str, size: tuple[int, int]) -> None:
    assert snap_compare(make_app(), terminal_size=size, run_before=SCENES[scene])
