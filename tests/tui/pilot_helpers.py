"""Pilot helpers shared by the TUI tests: wait for workers, ask a question like a user."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.pilot import Pilot


async def wait_until(pilot: Pilot[Any], condition: Callable[[], bool], what: str, rounds: int = 500) -> None:
    """Let the app run (idle-waits, no fixed sleeps) until `condition` holds; fail saying `what` if never."""
    for _ in range(rounds):
        if condition():
            return
        await pilot.pause()
    raise AssertionError(f"timed out waiting for {what}")


async def settle(pilot: Pilot[Any]) -> None:
    """Wait for the corpus to be loaded and shown, for workers (questions) and the refreshes they cause.

    The loader starts when the app is ready (after its first frame), which can come after a first
    `wait_for_complete()` on a busy machine: wait for the app to say the corpus is in.
    """
    app = pilot.app
    await wait_until(pilot, lambda: app.corpus_loaded or app.return_code is not None, "the corpus to load")
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
    asked = len(pilot.app.transcript.turns)
    await pilot.press("enter")
    if question.strip():  # a blank question is not asked
        turns = pilot.app.transcript.turns
        await wait_until(pilot, lambda: len(turns) > asked and turns[-1].status != "pending", "the answer")
    await settle(pilot)
