"""Pilot helpers shared by the TUI tests: wait for workers, ask a question like a user."""

from __future__ import annotations

from typing import Any

from textual.pilot import Pilot


async def settle(pilot: Pilot[Any]) -> None:
    """Wait for workers (corpus load, questions) and the refreshes they cause."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.wait_for_scheduled_animations()
    await pilot.pause()


async def ask(pilot: Pilot[Any], question: str, *, typed: bool = False) -> None:
    """Put a question in the box (typed key by key when `typed`) and press Enter."""
    from pubchat.tui.widgets.prompt import QuestionInput

    box = pilot.app.screen.query_one(QuestionInput)
    box.focus()
    if typed:
        await pilot.press(*question)
    else:
        box.value = question
    await pilot.press("enter")
    await settle(pilot)
