"""Pilot tests: the papers screen filters the whole list; the collection exports a .bib that parses."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path

import bibtexparser
from pilot_helpers import ask, settle, wait_until
from textual.widgets import Input

from pubchat.corpus import load_corpus
from pubchat.tui.app import PubchatApp
from pubchat.tui.screens.collection import CollectionScreen
from pubchat.tui.screens.paper import PaperScreen
from pubchat.tui.screens.papers import PapersScreen
from pubchat.tui.widgets.prompt import QuestionInput

MakeApp = Callable[..., PubchatApp]


def _bib_titles(text: str) -> list[str]:
    """Titles of the BibTeX entries in text, braces and spacing removed."""
    entries = bibtexparser.parse_string(text).entries
    return [" ".join(e["title"].replace("{", "").replace("}", "").split()) for e in entries]


def test_the_papers_screen_filters_every_paper_as_you_type(make_app: MakeApp) -> None:
    papers = load_corpus(None)
    assert len(papers) == 50
    by_title = {p.id for p in papers if "oracle" in p.title.lower()}
    by_author = {p.id for p in papers if any("Zhong" in a for a in p.authors)}
    by_year = {p.id for p in papers if p.year == 2023}
    assert 0 < len(by_title) < 50 and 0 < len(by_author) < 50 and 0 < len(by_year) < 50

    async def run() -> None:
        app = make_app()
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            await pilot.press("f5")
            await wait_until(pilot, lambda: isinstance(app.screen, PapersScreen), "the papers screen")
            screen = app.screen
            assert isinstance(screen, PapersScreen)
            assert len(screen.shown) == 50
            dates = [(p.date or p.year) for p in screen.shown]
            assert [p.year for p in screen.shown] == sorted((p.year or 0 for p in screen.shown), reverse=True), dates
            for query, expected in (("Oracle", by_title), ("zhong", by_author), ("2023", by_year)):
                screen.query_one(Input).clear()
                await pilot.press(*query)
                await pilot.pause()
                assert {p.id for p in screen.shown} == expected, query
            screen.query_one(Input).clear()
            await pilot.press(*"2023 code")
            await pilot.pause()
            assert {p.id for p in screen.shown} == {p.id for p in papers if p.year == 2023 and p.has_code}
            first = screen.shown[0]
            await pilot.press("enter")
            await wait_until(pilot, lambda: isinstance(app.screen, PaperScreen), "the paper view")
            assert app.screen.paper.id == first.id
            await pilot.press("escape")
            await wait_until(pilot, lambda: not isinstance(app.screen, (PaperScreen, PapersScreen)), "the chat")
            assert app.screen.query_one(QuestionInput).has_focus

    asyncio.run(run())


def test_a_collection_of_three_papers_exports_a_bib_file(make_app: MakeApp, data_dir: Path) -> None:
    async def run() -> None:
        app = make_app()
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            await ask(pilot, "facial expression recognition")
            answer = app.transcript.turns[-1].answer
            assert answer is not None and len(answer.citations) >= 4
            await ask(pilot, "add [1] and [3]")
            await pilot.press("f2", "down", "down", "down", "ctrl+b")  # the fourth source
            await pilot.press("f2", "down", "ctrl+b")  # [2]; a repeat of [1]/[3] would not be added twice
            await ask(pilot, "add 1")
            wanted = [answer.citations[i].id for i in (0, 2, 3)]
            assert app.collection.ids == wanted
            await pilot.press("f6")
            await wait_until(pilot, lambda: isinstance(app.screen, CollectionScreen), "the collection")
            screen = app.screen
            assert isinstance(screen, CollectionScreen)
            assert [p.id for p in screen.papers] == wanted
            await pilot.press("e")  # the configured format: BibTeX
            await pilot.pause()
            result = str(screen.query_one("#collection-result").render())
            assert ".bib" in result

        exported = list((data_dir / "exports").glob("*.bib"))
        assert len(exported) == 1 and str(exported[0]) in result
        titles = _bib_titles(exported[0].read_text(encoding="utf-8"))
        assert titles == [" ".join(answer.citations[i].title.split()) for i in (0, 2, 3)]

    asyncio.run(run())
