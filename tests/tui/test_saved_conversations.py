"""Saved conversations: Ctrl+S saves turns and collection, Ctrl+O reopens one to continue; unsaved work asks."""

from __future__ import annotations

import asyncio
import json
import os
from collections.abc import Callable
from pathlib import Path

from pilot_helpers import ask, settle, wait_until
from textual.widgets import Markdown, OptionList

from pubchat.tui.app import PubchatApp
from pubchat.tui.saved import ConversationFileError, list_saved, read_saved
from pubchat.tui.screens.chat import ChatScreen
from pubchat.tui.screens.reopen import ReopenScreen
from pubchat.tui.screens.unsaved import UnsavedScreen
from pubchat.tui.widgets.sources import SourcesPanel
from pubchat.tui.widgets.turns import AnswerTurn, QuestionTurn

MakeApp = Callable[..., PubchatApp]


def _notes(app: PubchatApp) -> list[str]:
    """Texts of the notifications shown so far."""
    return [n.message for n in app._notifications]


def _saved_files(data_dir: Path) -> list[Path]:
    return sorted((data_dir / "conversations").glob("*.json"))


def test_a_saved_conversation_reopens_with_its_turns_and_collection_and_continues(
    make_app: MakeApp, data_dir: Path
) -> None:
    first: dict[str, object] = {}

    async def save_one() -> None:
        app = make_app()
        async with app.run_test() as pilot:
            await settle(pilot)
            await ask(pilot, "face anti-spoofing")
            await ask(pilot, "add [1]")
            await ask(pilot, "deepfake detection")
            await ask(pilot, "add 2")
            turn = app.transcript.last_with_sources()
            assert turn is not None and turn.answer is not None and len(turn.answer.citations) >= 2
            first["questions"] = [t.question for t in app.transcript.turns]
            first["answer"] = turn.answer.answer
            first["cited"] = [c.id for c in turn.answer.citations]
            first["collection"] = list(app.collection.ids)
            await pilot.press("ctrl+s")
            await pilot.pause()
            await pilot.press("ctrl+q")  # saved: quits without asking
            await wait_until(pilot, lambda: app.return_code is not None, "the app to exit")

    asyncio.run(save_one())
    (saved,) = _saved_files(data_dir)
    assert saved.with_suffix(".md").is_file()  # the readable copy beside it
    assert len(first["collection"]) == 2  # type: ignore[arg-type]

    async def reopen() -> None:
        app = make_app()
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            await pilot.press("ctrl+o")
            await wait_until(pilot, lambda: isinstance(app.screen, ReopenScreen) and app.screen.entries, "the list")
            listed = app.screen.query_one(OptionList).get_option_at_index(0).prompt
            assert "face anti-spoofing" in listed.plain and "4 questions, 2 collected" in listed.plain
            await pilot.press("enter")
            await wait_until(pilot, lambda: isinstance(app.screen, ChatScreen) and bool(app.transcript.turns), "reopen")
            await settle(pilot)
            chat = app.screen
            assert [w.question for w in chat.query(QuestionTurn)] == first["questions"]
            bodies = [m.source for m in chat.query_one("#conversation").query(Markdown)]
            assert any(first["answer"] == body.strip() or first["answer"] in body for body in bodies)
            assert len(chat.query(AnswerTurn)) == 4
            assert [c.id for c in chat.query_one(SourcesPanel).citations] == first["cited"]
            assert app.collection.ids == first["collection"]
            assert not app.changed and app.saved_path == saved

            # continued: a follow-up refers to the reopened answer's numbers
            await ask(pilot, "bibtex for [2]")
            follow = app.transcript.turns[-1].answer
            assert follow is not None and follow.citations
            assert follow.citations[0].id == first["cited"][1]  # type: ignore[index]
            await pilot.press("ctrl+s")  # saved over its own file, not a second one
            await pilot.pause()

    asyncio.run(reopen())
    assert _saved_files(data_dir) == [saved]
    assert [t["question"] for t in json.loads(saved.read_text(encoding="utf-8"))["turns"]][-1] == "bibtex for [2]"


def test_quitting_or_clearing_with_unsaved_work_asks_first(make_app: MakeApp, data_dir: Path) -> None:
    async def run() -> None:
        app = make_app()
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            await ask(pilot, "face anti-spoofing")
            await pilot.press("ctrl+q")
            await wait_until(pilot, lambda: isinstance(app.screen, UnsavedScreen), "the unsaved-work question")
            assert "1 question" in str(app.screen.query_one("#unsaved-text").render())
            await pilot.press("escape")  # cancel: still running, the turn still there
            await pilot.pause()
            assert app.return_code is None and isinstance(app.screen, ChatScreen)
            assert len(app.transcript.turns) == 1

            await pilot.press("ctrl+l")
            await wait_until(pilot, lambda: isinstance(app.screen, UnsavedScreen), "the question on clear")
            await pilot.press("escape")
            await pilot.pause()
            assert len(app.transcript.turns) == 1  # cancelled clear keeps the turns

            await pilot.press("ctrl+q")
            await wait_until(pilot, lambda: isinstance(app.screen, UnsavedScreen), "the question again")
            await pilot.press("s")  # save, then quit
            await wait_until(pilot, lambda: app.return_code is not None, "the app to exit")

    asyncio.run(run())
    (saved,) = _saved_files(data_dir)
    assert read_saved(saved).turns[0].question == "face anti-spoofing"


def test_a_damaged_saved_file_is_named_in_one_line_never_a_crash(make_app: MakeApp, data_dir: Path) -> None:
    folder = data_dir / "conversations"
    folder.mkdir(parents=True)
    bad = folder / "pubchat-broken.json"
    bad.write_text('{"kind": "pubchat-conversation", "saved_at": "x", "turns": [{"status": 1}', encoding="utf-8")

    async def run() -> None:
        app = make_app()
        async with app.run_test() as pilot:
            await settle(pilot)
            await pilot.press("ctrl+o")
            await wait_until(pilot, lambda: isinstance(app.screen, ReopenScreen) and app.screen.entries, "the list")
            listed = app.screen.query_one(OptionList).get_option_at_index(0).prompt
            assert "unreadable: pubchat-broken.json" in listed.plain
            await pilot.press("enter")
            await pilot.pause()
            (note,) = [n for n in _notes(app) if "pubchat-broken.json" in n]
            assert "\n" not in note and "not valid JSON" in note
            assert isinstance(app.screen, ReopenScreen) and app.return_code is None

    asyncio.run(run())


def test_saved_files_are_checked_and_listed_newest_first(tmp_path: Path) -> None:
    cases = {
        "not-json.json": ("{", "line 1: not valid JSON"),
        "other.json": ('{"turns": []}', "not a pubchat conversation"),
        "wrong-field.json": (
            '{"kind": "pubchat-conversation", "saved_at": "t", "turns": [{"question": 3}]}',
            "field turns.0.question",
        ),
        "binary.json": (b"\xff\xfe\x00", "not UTF-8"),
    }
    for name, (content, _) in cases.items():
        path = tmp_path / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    for name, (_, expected) in cases.items():
        try:
            read_saved(tmp_path / name)
        except ConversationFileError as exc:
            message = str(exc)
            assert message.startswith(str(tmp_path / name)) and expected in message and "\n" not in message
        else:
            raise AssertionError(f"{name} was accepted")
    good = '{"kind": "pubchat-conversation", "saved_at": "t", "turns": [{"question": "%s"}]}'
    for i, question in enumerate(["oldest", "newest", "middle"]):
        path = tmp_path / f"ok-{question}.json"
        path.write_text(good % question, encoding="utf-8")
        os.utime(path, (1_000_000 + [0, 200, 100][i],) * 2)
    readable = [e.first_question for e in list_saved(tmp_path) if e.error is None]
    assert readable == ["newest", "middle", "oldest"]
