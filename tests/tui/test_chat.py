"""Pilot tests: asking, sources, history, papers, copying, saving, help, as a user would see them."""

from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import Callable
from pathlib import Path

import bibtexparser
import pytest
from pilot_helpers import ask, settle, wait_until
from textual.widgets import Markdown, OptionList

from pubchat.tui.app import PubchatApp
from pubchat.tui.screens.help import HelpScreen
from pubchat.tui.screens.paper import PaperScreen
from pubchat.tui.screens.text_view import TextViewScreen
from pubchat.tui.screens.unsaved import UnsavedScreen
from pubchat.tui.widgets.prompt import QuestionInput
from pubchat.tui.widgets.sources import SourcesPanel
from pubchat.tui.widgets.turns import AnswerTurn, QuestionTurn, SavedNote

MakeApp = Callable[..., PubchatApp]
QUESTION = "face anti-spoofing"


def _notes(app: PubchatApp) -> list[str]:
    """Texts of the notifications shown so far."""
    return [n.message for n in app._notifications]


def test_ask_shows_answer_with_citations_and_sources(make_app: MakeApp) -> None:
    async def run() -> None:
        app = make_app()
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            assert "50 papers" in app.sub_title
            await ask(pilot, QUESTION, typed=True)
            turn = app.transcript.last_answered()
            assert turn is not None and turn.answer is not None
            answer = turn.answer
            assert answer.citations, "a topic the corpus covers must cite papers"
            body = app.screen.query_one(AnswerTurn).query_one(Markdown)
            assert "[1]" in body.source
            sources = app.screen.query_one(SourcesPanel)
            assert [c.id for c in sources.citations] == [c.id for c in answer.citations]
            options = sources.query_one(OptionList)
            first = options.get_option_at_index(0).prompt
            assert answer.citations[0].title in first.plain and first.plain.startswith("[1]")
            assert app.screen.query_one(QuestionInput).value == ""  # cleared for the next question

    asyncio.run(run())


def test_history_is_recalled_after_a_restart(make_app: MakeApp, data_dir: Path) -> None:
    async def first_run() -> None:
        app = make_app()
        async with app.run_test() as pilot:
            await settle(pilot)
            await ask(pilot, "deepfake detection", typed=True)
            await ask(pilot, "papers from 2023")

    async def second_run() -> None:
        app = make_app()
        async with app.run_test() as pilot:
            await settle(pilot)
            box = app.screen.query_one(QuestionInput)
            await pilot.press(*"draft")
            await pilot.press("up")
            assert box.value == "papers from 2023"
            await pilot.press("up")
            assert box.value == "deepfake detection"
            await pilot.press("up")  # already at the oldest
            assert box.value == "deepfake detection"
            await pilot.press("down")
            assert box.value == "papers from 2023"
            await pilot.press("down")
            assert box.value == "draft"

    asyncio.run(first_run())
    assert json.loads((data_dir / "history.json").read_text())["questions"] == [
        "deepfake detection",
        "papers from 2023",
    ]
    asyncio.run(second_run())


def test_corrupt_history_is_set_aside_not_fatal(make_app: MakeApp, data_dir: Path) -> None:
    data_dir.mkdir(parents=True)
    (data_dir / "history.json").write_bytes(b"\xff\xfe{not json")

    async def run() -> None:
        app = make_app()
        async with app.run_test() as pilot:
            await settle(pilot)
            assert any("moved to" in n for n in _notes(app))
            await ask(pilot, QUESTION)
            assert app.transcript.last_answered() is not None

    asyncio.run(run())
    assert (data_dir / "history.json.corrupt").read_bytes() == b"\xff\xfe{not json"
    assert json.loads((data_dir / "history.json").read_text())["questions"] == [QUESTION]


def test_open_a_paper_from_the_sources(make_app: MakeApp) -> None:
    async def run() -> None:
        app = make_app()
        opened: list[str] = []
        app.launch_browser = lambda url: opened.append(url)  # type: ignore[method-assign,func-returns-value]
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            await ask(pilot, QUESTION)
            answer = app.transcript.last_answered().answer
            await pilot.press("f2", "end", "enter")  # the last source
            await wait_until(pilot, lambda: isinstance(app.screen, PaperScreen), "the paper view")
            screen = app.screen
            assert isinstance(screen, PaperScreen)
            cited = answer.citations[-1]
            paper = screen.paper
            assert paper.id == cited.id
            title = screen.query_one("#paper-title").render().plain
            assert cited.title in title and title.startswith(f"[{cited.n}]")
            authors = screen.query_one("#paper-authors").render().plain
            assert all(a in authors for a in paper.authors)
            links = screen.query_one("#paper-links").render().plain
            assert paper.url and paper.url in links
            abstract = screen.query_one("#paper-abstract").render()
            assert abstract.plain.startswith(paper.abstract[:40])
            assert abstract.spans, "the question's terms are highlighted in the abstract"
            why = screen.query_one("#paper-why").render().plain
            assert screen.explained and screen.explained[0][0] in why
            await pilot.press("o")
            await settle(pilot)
            assert opened == [paper.url]
            assert any(f"Opened {paper.url}" in n for n in _notes(app))
            await pilot.press("escape")
            assert not isinstance(app.screen, PaperScreen)

    asyncio.run(run())


def test_copy_references_a_bibtex_entry_and_the_answer(make_app: MakeApp) -> None:
    async def run() -> None:
        app = make_app()
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            await pilot.press("ctrl+r")
            assert app.clipboard == "" and any("No references" in n for n in _notes(app))
            await ask(pilot, QUESTION)
            answer = app.transcript.last_answered().answer
            assert app.settings.cite.format == "bibtex"
            await pilot.press("ctrl+r")
            library = bibtexparser.parse_string(app.clipboard)
            assert len(library.entries) == len(answer.citations)
            titles = [" ".join(e["title"].replace("{", "").replace("}", "").split()) for e in library.entries]
            assert titles[0] == " ".join(answer.citations[0].title.split())
            count = len(answer.citations)
            assert any(f"{count} reference{'s' if count > 1 else ''} (BibTeX)" in n for n in _notes(app))

            await pilot.press("ctrl+y")
            assert app.clipboard == answer.answer

            await pilot.press("f2", "enter")
            await wait_until(pilot, lambda: isinstance(app.screen, PaperScreen), "the paper view")
            paper = app.screen.paper
            await pilot.press("b")
            entries = bibtexparser.parse_string(app.clipboard).entries
            assert len(entries) == 1
            assert " ".join(entries[0]["title"].replace("{", "").replace("}", "").split()) == " ".join(
                paper.title.split()
            )
            await pilot.press("a")
            assert not app.clipboard.lstrip().startswith("@") and paper.authors[0].split()[-1] in app.clipboard
            assert any("APA citation" in n for n in _notes(app))
            await pilot.press("f4")  # the fallback: the copied text in a selectable view
            await wait_until(pilot, lambda: isinstance(app.screen, TextViewScreen), "the copied-text view")
            assert isinstance(app.screen, TextViewScreen)
            assert app.screen.body == app.clipboard

    asyncio.run(run())


def test_save_the_conversation_as_markdown(make_app: MakeApp, data_dir: Path) -> None:
    async def run() -> PubchatApp:
        app = make_app()
        async with app.run_test() as pilot:
            await settle(pilot)
            await ask(pilot, QUESTION)
            await ask(pilot, "deepfake detection")
            await pilot.press("ctrl+s")
            await pilot.pause()
            (note,) = app.screen.query(SavedNote)  # the paths stay in the conversation, each on its own line
            shown_paths.extend(str(note.render()).splitlines()[1:])
        return app

    shown_paths: list[str] = []
    app = asyncio.run(run())
    saved = list((data_dir / "conversations").glob("*.md"))
    assert len(saved) == 1
    text = saved[0].read_text(encoding="utf-8")
    assert f"## 1. {QUESTION}" in text and "## 2. deepfake detection" in text
    first = app.transcript.turns[0].answer
    assert first is not None and first.answer.strip() in text
    assert "References" in text and first.citations[0].title.split()[0] in text
    assert text.count("References") == sum(1 for t in app.transcript.turns if t.answer and t.answer.citations)
    assert shown_paths == [str(saved[0]), str(saved[0].with_suffix(".json"))]


def test_help_screen_lists_every_key(make_app: MakeApp) -> None:
    async def run() -> None:
        app = make_app()
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            await pilot.press("f1")
            await wait_until(
                pilot,
                lambda: (
                    isinstance(app.screen, HelpScreen)
                    and app.screen.is_mounted
                    and bool(app.screen.query(".help-desc"))
                ),
                "the help screen",
            )
            rows = [
                (row.query_one(".help-key").render().plain, row.query_one(".help-desc").render().plain)
                for row in app.screen.query(".help-row")
            ]
            for bindings in (PubchatApp.BINDINGS, type(app.get_default_screen()).BINDINGS, PaperScreen.BINDINGS):
                for binding in bindings:
                    assert binding.id and binding.description, binding
                    if not binding.system:  # system bindings (Ctrl+C: how to quit) stay out of lists
                        assert any(desc.startswith(binding.description) for _, desc in rows), binding
            keys = {desc.split(":")[0]: key for key, desc in rows}
            assert keys["Copy BibTeX"] == "b" and keys["Copy refs"] == "Ctrl+R"  # a bare letter is not Shift+B
            await pilot.press("escape")
            await wait_until(pilot, lambda: not isinstance(app.screen, HelpScreen), "help to close")

    asyncio.run(run())


def test_every_chat_action_is_in_the_command_palette(make_app: MakeApp) -> None:
    async def run() -> None:
        app = make_app()
        async with app.run_test() as pilot:
            await settle(pilot)
            titles = {c.title for c in app.get_system_commands(app.screen)}
            for binding in type(app.screen).BINDINGS:
                if binding.description and not binding.system:
                    assert binding.description in titles
            assert "Help" in titles and "Quit" in titles

    asyncio.run(run())


ODD = [
    "[bold]red[/] [link=x]y",
    "[/]",
    "[bold",
    "\x1b[31mred\x1b[0m face",
    "😀 face 🧪 [b]",
    "]]][[[ \\[ \\",
    "   ",
    "a" * 3000,
]


def test_odd_questions_render_literally(make_app: MakeApp) -> None:
    async def run() -> None:
        app = make_app()
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            for question in ODD:
                await ask(pilot, question)
            questions = [w.render().plain for w in app.screen.query(QuestionTurn)]
            assert questions[0] == "[bold]red[/] [link=x]y"
            assert questions[1] == "[/]" and questions[2] == "[bold"
            assert questions[3] == "red face"  # escape sequences removed, text kept
            assert questions[4] == "😀 face 🧪 [b]"
            assert len(questions) == len(ODD) - 1  # the blank question is not asked
            statuses = [t.status for t in app.transcript.turns]
            assert statuses == ["done"] * len(statuses)
            await pilot.press("ctrl+r", "ctrl+y", "ctrl+s", "f1", "escape")

    asyncio.run(run())


def test_odd_titles_and_abstracts_render_literally(make_app: MakeApp, tmp_path: Path) -> None:
    odd_title = "[bold]Spoof[/] \x1b[31mfaces\x1b[0m [link=https://x]😀"
    papers = [
        {
            "id": "odd1",
            "title": odd_title,
            "authors": ["A. [red]Author", "B. Writer"],
            "year": 2024,
            "abstract": "We study [bold face spoofing [/] with \x1b[1mescapes\x1b[0m and emoji 🧪.",
            "url": "javascript:alert(1)",
            "code_urls": [],
        },
        {
            "id": "odd2",
            "title": "Plain face paper",
            "authors": ["C. Person"],
            "year": 2023,
            "abstract": "Face spoofing detection, plainly.",
            "url": "https://arxiv.org/abs/0000.00000",
        },
    ] + [
        {
            "id": f"filler{i}",
            "title": f"Filler study {i} of {topic}",
            "authors": ["D. Filler"],
            "year": 2020 + i,
            "abstract": f"We study {topic} with a new method and report results on {topic} benchmarks.",
        }
        for i, topic in enumerate(
            [
                "oracle bone characters",
                "speech enhancement",
                "graph databases",
                "protein folding",
                "weather forecasting",
                "music generation",
            ]
        )
    ]
    corpus = tmp_path / "odd.jsonl"
    corpus.write_text("\n".join(json.dumps(p) for p in papers) + "\n", encoding="utf-8")

    async def run() -> None:
        app = make_app(corpus_path=str(corpus))
        opened: list[str] = []
        app.launch_browser = lambda url: opened.append(url)  # type: ignore[method-assign,func-returns-value]
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            await ask(pilot, "face spoofing")
            answer = app.transcript.last_answered().answer
            ids = [c.id for c in answer.citations]
            assert "odd1" in ids
            options = app.screen.query_one(SourcesPanel).query_one(OptionList)
            prompts = [options.get_option_at_index(i).prompt.plain for i in range(options.option_count)]
            assert any("[bold]Spoof[/] faces [link=https://x]😀" in p for p in prompts)
            await pilot.press("f2", *["down"] * ids.index("odd1"), "enter")
            await wait_until(pilot, lambda: isinstance(app.screen, PaperScreen), "the paper view")
            screen = app.screen
            assert isinstance(screen, PaperScreen) and screen.paper.id == "odd1"
            assert "[bold]Spoof[/] faces [link=https://x]😀" in screen.query_one("#paper-title").render().plain
            assert "A. [red]Author" in screen.query_one("#paper-authors").render().plain
            abstract = screen.query_one("#paper-abstract").render().plain
            assert abstract == "We study [bold face spoofing [/] with escapes and emoji 🧪."
            await pilot.press("o")  # javascript: is never opened
            assert opened == []
            assert any("only http/https" in n for n in _notes(app))
            await pilot.press("c")  # the notification names the odd title literally
            assert any("[bold]Spoof[/]" in n for n in _notes(app))
            await pilot.pause()

    asyncio.run(run())


def test_a_new_question_supersedes_an_unfinished_one(make_app: MakeApp) -> None:
    from pubchat.tui.app import default_engine_factory

    release = threading.Event()

    def slow_first(settings, corpus_path):  # type: ignore[no-untyped-def]
        engine = default_engine_factory(settings, corpus_path)
        real_ask = engine.ask

        def ask_(question: str, conversation=None, *, top_k: int | None = None):  # type: ignore[no-untyped-def]
            if question == "slow question":
                release.wait(5)
            return real_ask(question, conversation, top_k=top_k)

        engine.ask = ask_  # type: ignore[method-assign]
        return engine

    async def run() -> None:
        app = make_app(engine_factory=slow_first)
        async with app.run_test() as pilot:
            await settle(pilot)
            box = app.screen.query_one(QuestionInput)
            box.value = "slow question"
            await pilot.press("enter")
            await pilot.pause()
            assert app.screen.query_one(AnswerTurn).has_class("pending")  # the loading indicator shows
            box.value = QUESTION
            await pilot.press("enter")
            await pilot.pause()
            release.set()
            await settle(pilot)
            first, second = app.transcript.turns
            assert first.status == "superseded" and first.answer is None
            assert second.status == "done" and second.answer is not None
            sources = app.screen.query_one(SourcesPanel)
            assert [c.id for c in sources.citations] == [c.id for c in second.answer.citations]

    asyncio.run(run())


def test_example_questions_are_picked_with_the_keyboard(make_app: MakeApp) -> None:
    async def run() -> None:
        app = make_app()
        async with app.run_test() as pilot:
            await settle(pilot)
            assert app.suggestions
            await pilot.press("tab")  # from the question box into the examples (the highlight shows it)
            assert app.screen.query_one("#suggestions").has_focus
            await pilot.press("down", "enter")
            turns = app.transcript.turns
            await wait_until(pilot, lambda: bool(turns) and turns[-1].status != "pending", "the example's answer")
            await settle(pilot)
            assert [t.question for t in app.transcript.turns] == [app.suggestions[1]]
            assert app.screen.query_one(QuestionInput).has_focus

    asyncio.run(run())


@pytest.mark.parametrize(("size", "narrow"), [((80, 24), True), ((200, 50), False)])
def test_sources_move_below_on_small_terminals(make_app: MakeApp, size: tuple[int, int], narrow: bool) -> None:
    async def run() -> None:
        app = make_app()
        async with app.run_test(size=size) as pilot:
            await settle(pilot)
            sources = app.screen.query_one(SourcesPanel)
            assert app.screen.has_class("narrow") is narrow
            await ask(pilot, QUESTION)
            conversation = app.screen.query_one("#conversation")
            assert sources.region.height > 0
            if narrow:
                assert sources.region.y >= conversation.region.bottom
            else:
                assert sources.region.x >= conversation.region.right
            await pilot.press("f3")
            await pilot.pause()
            assert sources.region.height == 0 or not sources.display
            await pilot.press("f2")  # F2 shows them again and focuses the list
            await pilot.pause()
            assert sources.query_one(OptionList).has_focus

    asyncio.run(run())


def test_an_unreadable_corpus_exits_with_a_one_line_error(make_app: MakeApp, tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "x"}\n', encoding="utf-8")  # no title

    async def run() -> PubchatApp:
        app = make_app(corpus_path=str(bad))
        async with app.run_test() as pilot:
            for _ in range(200):
                if app.return_code is not None:
                    break
                await pilot.pause(0.01)
        return app

    app = asyncio.run(run())
    assert app.return_code == 2
    assert app.engine_error and "bad.jsonl:1" in app.engine_error and "\n" not in app.engine_error


def test_clear_returns_to_the_welcome(make_app: MakeApp) -> None:
    from pubchat.tui.widgets.welcome import Welcome

    async def run() -> None:
        app = make_app()
        async with app.run_test() as pilot:
            await settle(pilot)
            await ask(pilot, QUESTION)
            assert not app.screen.query(Welcome)
            answer = app.transcript.last_answered().answer
            assert answer.citations, "the follow-up below needs an answer that cited something"
            first_cited = answer.citations[0].title
            await pilot.press("ctrl+l")  # unsaved: the app asks first
            await wait_until(pilot, lambda: isinstance(app.screen, UnsavedScreen), "the unsaved-work question")
            await pilot.press("d")  # discard
            await settle(pilot)
            assert app.transcript.turns == [] and not app.screen.query(AnswerTurn)
            welcome = app.screen.query_one(Welcome)
            assert welcome.suggestions == app.suggestions
            assert app.screen.query_one(SourcesPanel).citations == []
            await pilot.press("ctrl+s")
            assert any("Nothing to save" in n for n in _notes(app))

            # the engine forgot the cleared answer too: a follow-up has nothing to refer to
            await ask(pilot, "bibtex for [1]")
            follow_up = app.transcript.last_answered()
            assert follow_up is not None and follow_up.answer is not None
            assert follow_up.answer.citations == [] and "@" not in follow_up.answer.answer
            assert first_cited not in follow_up.answer.answer

    asyncio.run(run())


def test_an_unknown_theme_falls_back_with_a_warning(make_app: MakeApp) -> None:
    from pubchat.config import Settings, TuiSettings

    async def run() -> None:
        app = make_app(settings=Settings(tui=TuiSettings(theme="no-such-theme", cursor_blink=False)))
        async with app.run_test() as pilot:
            await settle(pilot)
            assert app.theme == "textual-dark"
            assert any("no-such-theme" in n for n in _notes(app))

    asyncio.run(run())


def test_why_this_paper_uses_the_question_that_found_it(make_app: MakeApp) -> None:
    async def run() -> None:
        app = make_app()
        async with app.run_test() as pilot:
            await settle(pilot)
            await ask(pilot, "deepfake analysis")
            await ask(pilot, "bibtex for [1]")  # a follow-up whose words match no abstract
            follow_up = app.transcript.turns[-1].answer
            assert follow_up is not None and follow_up.citations
            await pilot.press("f2", "enter")
            await wait_until(pilot, lambda: isinstance(app.screen, PaperScreen), "the paper view")
            screen = app.screen
            assert isinstance(screen, PaperScreen)
            assert screen.question == "deepfake analysis" and screen.explained
            assert "deepfake analysis" in screen.query(".paper-heading").last().render().plain

    asyncio.run(run())


def test_a_long_conversation_keeps_only_the_newest_turns_on_screen(make_app: MakeApp, data_dir: Path) -> None:
    from pubchat.config import Settings, TuiSettings
    from pubchat.tui.widgets.turns import HiddenTurnsNote

    questions = ["deepfake detection", QUESTION, "noisy labels", "papers from 2023", "privacy", "oracle characters"]

    async def run() -> PubchatApp:
        app = make_app(settings=Settings(tui=TuiSettings(cursor_blink=False, turns_on_screen=3)))
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            for question in questions[:3]:
                await ask(pilot, question)
            assert not app.screen.query(HiddenTurnsNote)  # nothing hidden yet
            for question in questions[3:]:
                await ask(pilot, question)
            shown = [w.question for w in app.screen.query(QuestionTurn)]
            assert shown == questions[-3:]
            assert len(app.screen.query(AnswerTurn)) == 3
            note = app.screen.query_one(HiddenTurnsNote)
            conversation = app.screen.query_one("#conversation")
            assert conversation.children[0] is note  # the note sits above the shown turns
            assert note.render().plain.startswith("↑ 3 earlier questions hidden") and "Ctrl+S" in note.render().plain
            await pilot.press("ctrl+s")
            await pilot.pause()
        return app

    app = asyncio.run(run())
    assert [t.question for t in app.transcript.turns] == questions
    text = next((data_dir / "conversations").glob("*.md")).read_text(encoding="utf-8")
    for number, question in enumerate(questions, start=1):
        assert f"## {number}. {question}" in text
    first = app.transcript.turns[0]
    assert first.answer_text and first.answer_text.strip() in text  # the hidden answers are saved in full
    assert first.cited and all(paper_id in text for paper_id in first.cited)  # with their references


def test_paper_view_shows_latex_in_the_abstract_as_text(make_app: MakeApp) -> None:
    async def run() -> None:
        app = make_app()
        async with app.run_test(size=(100, 40)) as pilot:
            await settle(pilot)
            await ask(pilot, "what is Oracle-MNIST?")
            await pilot.press("f2", "enter")
            await wait_until(pilot, lambda: isinstance(app.screen, PaperScreen), "the paper view")
            screen = app.screen
            assert isinstance(screen, PaperScreen) and "$" in screen.paper.abstract  # the source has LaTeX math
            abstract = screen.query_one("#paper-abstract").render().plain
            assert "28×28" in abstract and "$" not in abstract and "\\times" not in abstract

    asyncio.run(run())
