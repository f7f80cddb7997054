"""TUI exits through the safety gate (clipboard OSC 52 payload, saved transcript, history recall),
two sessions on one data dir, and a loader that fails or hangs never traps the user."""

from __future__ import annotations

import asyncio
import base64
import json
import re
import threading
from collections.abc import Callable
from pathlib import Path

from pilot_helpers import ask, settle, wait_until

from pubchat.tui.app import PubchatApp, default_engine_factory
from pubchat.tui.widgets.prompt import QuestionInput

MakeApp = Callable[..., PubchatApp]
HOSTILE = "\x1b]52;c;cHduZWQ=\x07\x1bc\x1bP+q544e\x1b\\\x9b31m\x85"
FORBIDDEN = [b"\x1b", b"\x07"] + [bytes([0xC2, c]) for c in range(0x80, 0xA0)]


def assert_inert(raw: bytes) -> None:
    """No ESC, BEL or C1 control byte."""
    for bad in FORBIDDEN:
        assert bad not in raw, (bad, raw[:300])


def hostile_corpus(tmp_path: Path) -> Path:
    """Two papers about faces whose title, authors and abstract carry escapes (one unterminated)."""
    records = [
        {
            "id": "a",
            "title": f"Face recognition {HOSTILE} with margins \x1b]0;",
            "authors": [f"Ann {HOSTILE}Lee"],
            "year": 2022,
            "abstract": f"Face recognition {HOSTILE} learns margins for faces.",
        },
        {"id": "b", "title": "Face anti-spoofing", "authors": ["Bo Chen"], "year": 2023, "abstract": "Face spoofing."},
    ]
    path = tmp_path / "hostile.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def test_clipboard_transcript_and_history_bytes_are_inert(make_app: MakeApp, data_dir: Path, tmp_path: Path) -> None:
    """A hostile question over hostile papers: OSC 52 payloads, the saved file and history.json hold no escapes."""
    payloads: list[bytes] = []

    async def run() -> None:
        app = make_app(corpus_path=str(hostile_corpus(tmp_path)))
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            real_write = app._driver.write

            def spy(data: str) -> None:
                for match in re.finditer(r"\x1b\]52;c;([A-Za-z0-9+/=]*)\x07", data):
                    payloads.append(base64.b64decode(match.group(1)))
                real_write(data)

            app._driver.write = spy  # type: ignore[method-assign]
            await ask(pilot, f"face {HOSTILE}")
            await pilot.press("ctrl+r")  # references
            await pilot.press("ctrl+y")  # answer text
            await settle(pilot)
            await pilot.press("ctrl+s")
            await settle(pilot)

    asyncio.run(run())
    assert len(payloads) == 2
    for payload in payloads:
        assert_inert(payload)
    assert b"Face anti-spoofing" in payloads[0]  # the unterminated sequence ate no later reference
    (saved,) = (data_dir / "conversations").glob("*.md")
    raw = saved.read_bytes()
    assert_inert(raw)
    assert b"## 1. face" in raw and b"Face anti-spoofing" in raw
    history = (data_dir / "history.json").read_bytes()
    assert_inert(history.replace(b"\\u001b", b"").replace(b"\\u0007", b""))
    assert "\x1b" not in json.loads(history)["questions"][0]


def test_recalled_history_entry_holds_no_escapes(make_app: MakeApp, data_dir: Path) -> None:
    """A history file written by something else: the recalled question reaches the input box clean."""
    data_dir.mkdir(parents=True)
    (data_dir / "history.json").write_text(json.dumps({"questions": [f"faces {HOSTILE} please"]}), encoding="utf-8")

    async def run() -> str:
        app = make_app()
        async with app.run_test() as pilot:
            await settle(pilot)
            app.screen.query_one(QuestionInput).focus()
            await pilot.press("up")
            return app.screen.query_one(QuestionInput).value

    value = asyncio.run(run())
    assert_inert(value.encode())
    assert value.startswith("faces") and value.endswith("please")


def test_two_sessions_on_one_data_dir_keep_all_history_and_both_transcripts(make_app: MakeApp, data_dir: Path) -> None:
    """Both apps start before either saves: history merges (all four questions), saves never collide."""

    async def run() -> None:
        first, second = make_app(), make_app()
        async with first.run_test() as one, second.run_test() as two:
            await settle(one)
            await settle(two)
            await ask(one, "deepfake detection")
            await ask(two, "face anti-spoofing")
            await ask(one, "papers from 2023")
            await ask(two, "noisy labels")
            await one.press("ctrl+s")
            await two.press("ctrl+s")
            await settle(one)
            await settle(two)

    asyncio.run(run())
    questions = json.loads((data_dir / "history.json").read_text(encoding="utf-8"))["questions"]
    assert sorted(questions) == sorted(["deepfake detection", "face anti-spoofing", "papers from 2023", "noisy labels"])
    saved = sorted((data_dir / "conversations").glob("*.md"))
    assert len(saved) == 2
    texts = [p.read_text(encoding="utf-8") for p in saved]
    assert any("deepfake detection" in t and "noisy labels" not in t for t in texts)
    assert any("noisy labels" in t and "deepfake detection" not in t for t in texts)


def test_unexpected_loading_failure_exits_with_the_error(make_app: MakeApp) -> None:
    """An error that is not pubchat's own (a bug, a MemoryError...) is reported, not a stuck "loading…"."""

    def broken(settings, corpus_path):  # type: ignore[no-untyped-def]
        raise RuntimeError("index exploded")

    async def run() -> PubchatApp:
        app = make_app(engine_factory=broken)
        async with app.run_test() as pilot:
            await wait_until(pilot, lambda: app.return_code is not None, "the app to exit")
        return app

    app = asyncio.run(run())
    assert app.return_code == 2
    assert app.engine_error is not None and "RuntimeError: index exploded" in app.engine_error


def test_ctrl_q_quits_while_the_corpus_is_still_loading(make_app: MakeApp) -> None:
    """A loader that never finishes (a slow disk), with a question waiting for it: Ctrl+Q still exits."""
    release = threading.Event()

    def stuck(settings, corpus_path):  # type: ignore[no-untyped-def]
        release.wait(30)
        return default_engine_factory(settings, corpus_path)

    async def run() -> PubchatApp:
        app = make_app(engine_factory=stuck)
        async with app.run_test() as pilot:
            await pilot.pause()
            box = app.screen.query_one(QuestionInput)
            box.value = "face recognition"
            await pilot.press("enter")  # its worker waits for the engine that never comes
            await pilot.pause()
            await pilot.press("ctrl+q")
            await wait_until(pilot, lambda: app.return_code is not None, "the app to exit")
        return app

    try:
        app = asyncio.run(asyncio.wait_for(run(), 20))
    finally:
        release.set()
    assert app.return_code == 0
