"""Pilot tests: typing is never lost (the three focus traps) and one numbering of papers everywhere."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable
from pathlib import Path

from pilot_helpers import ask, settle, wait_until
from textual.widgets import Markdown

from pubchat.tui.app import PubchatApp
from pubchat.tui.screens.paper import PaperScreen
from pubchat.tui.widgets.prompt import QuestionInput
from pubchat.tui.widgets.sources import SourcesPanel

MakeApp = Callable[..., PubchatApp]


async def _type_and_ask(pilot, text: str) -> None:  # type: ignore[no-untyped-def]
    """Type text key by key wherever the focus is, then press Enter; wait for the answer."""
    turns = pilot.app.transcript.turns
    asked = len(turns)
    await pilot.press(*text)
    await pilot.press("enter")
    await wait_until(pilot, lambda: len(turns) > asked and turns[-1].status != "pending", "the answer")
    await settle(pilot)


def test_down_in_the_empty_box_keeps_the_typing_in_the_box(make_app: MakeApp) -> None:
    async def run() -> None:
        app = make_app()
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            box = app.screen.query_one(QuestionInput)
            assert app.suggestions, "the examples list is shown (the old trap moved focus into it)"
            await pilot.press("down", "down")
            assert box.has_focus
            await _type_and_ask(pilot, "deepfake detection")
            assert [t.question for t in app.transcript.turns] == ["deepfake detection"]

    asyncio.run(run())


def test_typing_after_esc_from_a_paper_or_a_tab_goes_to_the_box(make_app: MakeApp) -> None:
    async def run() -> None:
        app = make_app()
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            await ask(pilot, "face recognition")
            await pilot.press("f2", "enter")
            await wait_until(pilot, lambda: isinstance(app.screen, PaperScreen), "the paper view")
            await pilot.press("escape")
            await wait_until(pilot, lambda: not isinstance(app.screen, PaperScreen), "the chat")
            box = app.screen.query_one(QuestionInput)
            assert box.has_focus
            await _type_and_ask(pilot, "oracle characters")
            assert app.transcript.turns[-1].question == "oracle characters"

            await pilot.press("f2")  # focus in the sources list, then typing
            assert not box.has_focus
            await _type_and_ask(pilot, "expression")
            assert app.transcript.turns[-1].question == "expression"

            await pilot.press("tab", "tab")  # wherever Tab lands, typed words arrive in the box
            await _type_and_ask(pilot, "gait")
            assert app.transcript.turns[-1].question == "gait"
            assert box.has_focus

    asyncio.run(run())


def test_an_answer_its_sources_panel_and_the_transcript_number_papers_alike(make_app: MakeApp, data_dir: Path) -> None:
    async def run() -> None:
        app = make_app()
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            await ask(pilot, "facial expression recognition")
            first = app.transcript.turns[-1].answer
            assert first is not None and len(first.citations) >= 3
            second = first.citations[1]
            await ask(pilot, "bibtex for [2]")
            follow_up = app.transcript.turns[-1].answer
            assert follow_up is not None and follow_up.intent == "cite"
            body = app.screen.query(Markdown).last().source
            shown = re.search(r"\[(\d+)\]\s+(\S[^\n:]*)", body.replace("\\[", "[").replace("\\]", "]"))
            assert shown is not None and shown.group(1) == "2" and second.title.startswith(shown.group(2)[:30])
            sources = app.screen.query_one(SourcesPanel)
            assert [c.id for c in sources.citations] == [c.id for c in first.citations]  # the panel kept [1]..[n]
            assert sources.citations[1].n == 2 and sources.citations[1].id == second.id

            await ask(pilot, "zzzqqq xyzzy")  # no match: the panel and Ctrl+R still mean the numbered answer
            assert [c.id for c in sources.citations] == [c.id for c in first.citations]
            await pilot.press("ctrl+r")
            assert app.clipboard.count("@") == len(first.citations)
            await pilot.press("ctrl+s")
            await pilot.pause()

        saved = next((data_dir / "conversations").glob("*.md")).read_text(encoding="utf-8")
        ref = re.search(r"^\[2\] (.+)$", saved, flags=re.MULTILINE)
        assert ref is not None and second.title.split()[0] in ref.group(1)

    asyncio.run(run())
