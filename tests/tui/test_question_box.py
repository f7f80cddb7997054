"""The question box takes a long multi-line paste and shows it whole; Enter asks exactly that."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from pilot_helpers import settle, wait_until
from textual import events

from pubchat.tui.app import PubchatApp
from pubchat.tui.screens.help import HelpScreen
from pubchat.tui.widgets.prompt import QuestionInput

MakeApp = Callable[..., PubchatApp]

PASTED = "\n".join(
    [
        "papers about face recognition",
        "that use a transformer backbone",
        "and were published after 2022",
        "with code available",
    ]
)


def test_a_multi_line_paste_is_shown_whole_and_asked_as_shown(make_app: MakeApp) -> None:
    async def run() -> None:
        app = make_app()
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            box = app.screen.query_one(QuestionInput)
            assert box.region.height == 3  # one row when empty
            app.post_message(events.Paste(PASTED))  # as the terminal delivers a paste
            await pilot.pause()
            assert box.value == PASTED  # every line kept, as lines
            assert box.region.height == 4 + 2  # grown: four rows inside its border
            rows = [strip.text for strip in app.screen._compositor.render_strips()]
            inside = rows[box.region.y + 1 : box.region.bottom - 1]
            assert [row.strip(" ▊▎") for row in inside] == PASTED.splitlines()

            await pilot.press("enter", *"next")  # asked as shown; keys right after Enter go to the empty box
            turns = app.transcript.turns
            await wait_until(pilot, lambda: bool(turns) and turns[-1].status != "pending", "the answer")
            await settle(pilot)
            assert turns[-1].question == PASTED
            assert box.value == "next" and box.has_focus
            assert box.region.height == 3  # back to one row

    asyncio.run(run())


def test_ctrl_j_starts_a_new_line_and_up_moves_between_lines_before_history(make_app: MakeApp) -> None:
    async def run() -> None:
        app = make_app()
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            box = app.screen.query_one(QuestionInput)
            await pilot.press(*"older", "enter")
            await settle(pilot)
            await pilot.press(*"one", "ctrl+j", *"two")
            assert box.value == "one\ntwo"
            await pilot.press("up")  # the row above, not the history
            assert box.value == "one\ntwo" and box.cursor_location[0] == 0
            await pilot.press("up")  # on the first row: the previous question
            assert box.value == "older"
            await pilot.press("down")  # back to the draft
            assert box.value == "one\ntwo"
            await pilot.press("down", "down")  # past the newest: nothing happens, focus stays
            assert box.value == "one\ntwo" and box.has_focus

    asyncio.run(run())


def test_keys_typed_while_the_app_starts_reach_the_box(make_app: MakeApp) -> None:
    """Keys typed before the box is mounted are delivered to the chat screen; they are typed, in order."""

    async def run() -> None:
        app = make_app()
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            box = app.screen.query_one(QuestionInput)
            await wait_until(pilot, lambda: box.has_focus, "the box to take focus")
            for character in "which":  # sent to the screen, as the terminal's early input is
                app.screen._forward_event(events.Key(character, character))
            await wait_until(pilot, lambda: box.value == "which", "the early keys in the box")
            await pilot.press(*" papers")  # then typed into the focused box
            assert box.value == "which papers"

    asyncio.run(run())


def test_keys_routed_to_a_screen_that_closes_first_reach_the_box(make_app: MakeApp) -> None:
    """F1, Esc and typing on a busy machine: the keys arrive while help is on top and are handled after it closed."""

    async def run() -> None:
        app = make_app()
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            await pilot.press("f1")
            await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen), "the help")
            help_screen = app.screen
            target = help_screen.focused or help_screen
            for character in "uvw":  # routed to the help screen, as Textual does for keys arriving now
                target._forward_event(events.Key(character, character))
            help_screen.dismiss(None)  # the Esc before them closes it first
            await wait_until(pilot, lambda: not isinstance(app.screen, HelpScreen), "the chat")
            await settle(pilot)
            box = app.screen.query_one(QuestionInput)
            assert box.value == "uvw" and box.has_focus

    asyncio.run(run())
