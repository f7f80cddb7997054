"""The pubchat Textual app: loads the engine in a worker, owns history, clipboard and saving."""

from __future__ import annotations

import contextlib
import datetime as dt
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, Protocol

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.driver import Driver
from textual.events import Key
from textual.notifications import SeverityLevel
from textual.screen import Screen

from pubchat.config import Settings
from pubchat.conversation import Conversation
from pubchat.errors import CorpusError, PubchatError, one_line
from pubchat.models import Answer, CiteFormat, Paper
from pubchat.storage import atomic_write_text, write_unique
from pubchat.tui.clipboard import copy_to_system
from pubchat.tui.collection import Collection, format_extension
from pubchat.tui.conversation import Transcript, format_label, to_markdown
from pubchat.tui.history import History
from pubchat.tui.paths import data_dir
from pubchat.tui.prefs import load_prefs
from pubchat.tui.safe import clean, safe_url
from pubchat.tui.screens.chat import ChatScreen

if TYPE_CHECKING:
    from pubchat.tui.saved import Restored


class Engine(Protocol):
    """The parts of pubchat.assistant.Assistant the TUI calls."""

    papers: Sequence[Paper]

    def paper(self, paper_id: str) -> Paper | None: ...
    def ask(self, question: str, conversation: Conversation | None = None, *, top_k: int | None = None) -> Answer: ...
    def explain(self, question: str, paper_id: str) -> list[tuple[str, float]]: ...
    def cite(self, paper_ids: list[str], fmt: CiteFormat) -> str: ...
    def references(self, answer: Answer, fmt: CiteFormat) -> str: ...
    def suggestions(self) -> list[str]: ...
    def prepare(self) -> None: ...


EngineFactory = Callable[[Settings, "str | None"], Engine]


def default_engine_factory(settings: Settings, corpus_path: str | None) -> Engine:
    """Open the real Assistant (imported lazily so the first paint does not wait for it)."""
    from pubchat.engine import open_assistant

    return open_assistant(settings, corpus_path)


def corpus_label(settings: Settings, papers: Sequence[Paper], corpus_path: str | None) -> str:
    """The header's corpus name: the configured one, else the author on most papers, else the file."""
    if settings.corpus.name:
        return clean(settings.corpus.name, newlines=False)
    counts = Counter(author for paper in papers for author in set(paper.authors))
    if counts:
        author, count = counts.most_common(1)[0]
        if count * 2 >= len(papers):
            return f"{clean(author, newlines=False)}'s papers"
    if corpus_path:
        return clean(Path(corpus_path).stem, newlines=False)
    return "publication list"


class PubchatApp(App[None], inherit_bindings=False):
    """Chat with a publication list: ask, read, inspect, copy, save."""

    CSS_PATH = Path(__file__).with_name("pubchat.tcss")  # absolute: subclasses live elsewhere
    TITLE = "pubchat"
    NOTIFICATION_TIMEOUT = 4

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f1", "help", "Help", id="app.help"),
        Binding(
            "f4",
            "show_copied",
            "Show copied text",
            show=False,
            id="app.show_copied",
            tooltip="Show the last copied text to select by hand (when no clipboard reaches you)",
        ),
        Binding("f5", "papers", "Papers", id="app.papers", tooltip="Every paper, newest first, filtered as you type"),
        Binding(
            "f6",
            "collection",
            "Collection",
            id="app.collection",
            tooltip="The papers collected this session: copy or export them in any citation format",
        ),
        Binding(
            "ctrl+o",
            "reopen",
            "Reopen",
            show=False,
            id="app.reopen",
            tooltip="Reopen a saved conversation (newest first) and continue it",
        ),
        Binding("ctrl+p", "command_palette", "Commands", show=False, priority=True, id="app.command_palette"),
        Binding("ctrl+q", "quit", "Quit", priority=True, id="app.quit"),
        Binding("ctrl+c", "help_quit", "How to quit", show=False, system=True, id="app.help_quit"),
    ]

    def __init__(
        self,
        settings: Settings | None = None,
        corpus_path: str | None = None,
        *,
        engine_factory: EngineFactory | None = None,
        system_clipboard: bool = True,
        history_path: Path | bool | None = True,
        prefs: bool = True,
    ) -> None:
        """Settings, the corpus to load, and seams for tests (engine, clipboard, history file)."""
        super().__init__()
        self.settings = settings or Settings()
        self.corpus_path = corpus_path
        self.engine_factory = engine_factory or default_engine_factory
        # In a browser (`pubchat serve`) visitors share this machine: nothing of theirs is read from or kept in
        # its files or put on its clipboard (copies reach the visitor's browser through OSC 52 only).
        in_browser = runs_in_browser(self.driver_class)
        self.system_clipboard = system_clipboard and not in_browser
        if history_path is True:
            history_file: Path | None = None if in_browser else data_dir() / "history.json"
        else:
            history_file = history_path or None
        self.history = History.load(history_file, self.settings.tui.history_size)
        self.transcript = Transcript()  # the turns on screen and saved
        self.conversation = Conversation()  # what follow-ups refer to; a clear starts a new one
        self.collection = Collection()
        self.changed = False  # turns or collection changed since the last save or reopen
        self.saved_path: Path | None = None  # the JSON file this conversation was saved to or reopened from
        self.corpus_label = "loading the corpus…"
        self.suggestions: list[str] = []
        self.last_copied: tuple[str, str] | None = None
        self._engine: Engine | None = None
        self._engine_error: str | None = None
        self._engine_ready = threading.Event()
        self._quitting = threading.Event()  # set on exit: waiting workers and the loader give up
        self._engine_lock = threading.Lock()
        self.corpus_loaded = False  # True once the header and welcome show the loaded corpus (or it failed)
        self.prefs = load_prefs() if prefs and not in_browser else None
        chosen = self.prefs.theme if self.prefs and self.prefs.theme in self.available_themes else None
        wanted = chosen or self.settings.tui.theme
        self._theme_unknown = wanted not in self.available_themes
        self.theme = "textual-dark" if self._theme_unknown else wanted

    # -- start-up -------------------------------------------------------------------------------

    def get_default_screen(self) -> Screen[Any]:
        """The chat is the main screen."""
        return ChatScreen()

    def on_mount(self) -> None:
        """Show the header state and warn about a set-aside history file."""
        self.sub_title = "loading…"
        self.theme_changed_signal.subscribe(self, self._theme_chosen)
        if self.prefs is not None and self.prefs.notice:
            self.notify(self.prefs.notice, title="Preferences", severity="warning", markup=False)
        if self.history.notice:
            self.notify(self.history.notice, title="History", severity="warning", markup=False)
        if self._theme_unknown:
            self.notify(
                f"Unknown theme {self.settings.tui.theme!r} (tui.theme): using textual-dark (Ctrl+P → Theme)",
                title="Theme",
                severity="warning",
                markup=False,
            )

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """A one-line notification over the header row: the message only (its colour marks the severity).

        The toast has one row so it never covers the conversation, the question box or a dialog; a
        title would take that row, so it is dropped; only the newest toast shows (pubchat.tcss).
        Messages are written to stand alone and short.
        """
        super().notify(" ".join(message.split()), severity=severity, timeout=timeout, markup=markup)

    def action_help_quit(self) -> None:
        """Ctrl+C outside a text box: say how to quit (in one line)."""
        self.notify("Ctrl+Q quits (Ctrl+C copies selected text).", markup=False)

    def _theme_chosen(self, theme: object) -> None:
        """Keep a theme picked in the palette for the next run (atomic write to the user config dir)."""
        if self.prefs is None or self.prefs.theme == self.theme:
            return
        self.prefs.theme = self.theme
        error = self.prefs.save()
        if error:
            self.notify(error, title="Theme", severity="warning", markup=False)

    def on_ready(self) -> None:
        """After the first frame is on screen, load the engine (so it does not delay that frame).

        The loader is a daemon thread, not a worker: a load stuck on a slow disk never holds the exit
        (Ctrl+Q), which waits for workers but not for daemon threads.
        """
        threading.Thread(target=self._load_engine, name="pubchat-loader", daemon=True).start()

    def exit(self, result: None = None, return_code: int = 0, message: Any = None) -> None:
        """Quit; questions still waiting for the engine stop waiting (so the exit never blocks on them)."""
        self._quitting.set()
        super().exit(result, return_code, message)

    def _from_loader(self, callback: Callable[..., Any], *args: Any) -> None:
        """Run callback on the UI thread, unless the app has already gone (the user quit while loading)."""
        if self._quitting.is_set():
            return
        with contextlib.suppress(RuntimeError):  # the app stopped meanwhile
            self.call_from_thread(callback, *args)

    def _load_engine(self) -> None:
        """Load the corpus and build the index off the UI thread."""
        try:
            engine = self.engine_factory(self.settings, self.corpus_path)
            engine.prepare()  # build the index and answer models now, off-screen, not on the first question
            suggestions = list(engine.suggestions())
            label = corpus_label(self.settings, engine.papers, self.corpus_path)
        except Exception as exc:  # any failure is shown, never a screen stuck at "loading…"
            message = (
                str(exc) if isinstance(exc, PubchatError) else f"cannot load the corpus: {type(exc).__name__}: {exc}"
            )
            self._engine_error = one_line(message, 1000)
            self._engine_ready.set()
            self.corpus_loaded = True
            self._from_loader(self.exit, None, 2)  # run_tui reports the error as one line
            return
        self._engine = engine
        self._engine_ready.set()
        self._from_loader(self._engine_loaded, label, suggestions, len(engine.papers))

    def _engine_loaded(self, label: str, suggestions: list[str], count: int) -> None:
        """Update the header and the welcome once the corpus is in."""
        self.corpus_label = label
        self.suggestions = suggestions
        self.sub_title = f"{label} · {count} paper{'s' if count != 1 else ''}"
        for screen in self.screen_stack:
            if isinstance(screen, ChatScreen):
                screen.corpus_ready(label, suggestions)
        self.corpus_loaded = True

    def on_key(self, event: Key) -> None:
        """A printable key that comes back unhandled while the chat is on top goes into the question box.

        Textual routes a key to the screen on top when the key arrives; typed just after Esc (or F1,
        Esc) on a busy machine, it reaches a screen that closes before handling it and bubbles up here.
        """
        if isinstance(self.screen, ChatScreen):
            self.screen.take_stray_key(event)

    # -- engine calls (thread-safe: one at a time) --------------------------------------------------

    @property
    def engine_error(self) -> str | None:
        """Why the corpus could not be loaded (the app exits with status 2), else None."""
        return self._engine_error

    def engine(self) -> Engine:
        """The loaded engine; waits for the loader (called from workers), raises if it failed."""
        while not self._engine_ready.wait(0.1):
            if self._quitting.is_set():
                raise PubchatError("the app is closing")
        if self._engine is None:
            raise PubchatError(self._engine_error or "the corpus could not be loaded")
        return self._engine

    def engine_ask(self, question: str, conversation: Conversation) -> Answer | None:
        """Answer a question in the conversation it was asked in (one engine call at a time).

        None when that conversation has been cleared meanwhile: the question is not run.
        """
        engine = self.engine()
        with self._engine_lock:
            if conversation is not self.conversation:
                return None
            return engine.ask(question, conversation)

    def forget_conversation(self) -> None:
        """Clear the turns and start a new conversation, so "bibtex for [2]" refers to nothing old.

        The collection stays; it is unsaved work of the new conversation.
        """
        self.transcript.clear()
        self.conversation = Conversation()
        self.saved_path = None
        self.changed = bool(len(self.collection))

    def engine_references(self, answer: Answer, fmt: CiteFormat) -> str:
        """An answer's references in a format."""
        with self._engine_lock:
            return self.engine().references(answer, fmt)

    def engine_cite(self, paper_ids: list[str], fmt: CiteFormat) -> str:
        """References for papers (in the given order) in a format."""
        with self._engine_lock:
            return self.engine().cite(paper_ids, fmt)

    def mark_changed(self) -> None:
        """Note unsaved work (quitting or clearing then asks first)."""
        self.changed = True

    def unsaved_work(self) -> str | None:
        """What would be lost now ("2 questions and 3 collected papers"), or None if nothing is unsaved."""
        if not self.changed:
            return None
        turns, papers = len(self.transcript.turns), len(self.collection)
        parts = [f"{turns} question{'s' if turns != 1 else ''}"] if turns else []
        parts += [f"{papers} collected paper{'s' if papers != 1 else ''}"] if papers else []
        return f"this conversation ({' and '.join(parts)})" if parts else None

    def confirm_unsaved(self, then: Callable[[], Any], doing: str) -> None:
        """Run `then` now if nothing is unsaved, else after the user saves or discards (not on cancel).

        A dialog rather than an undo: quitting cannot be undone, so the same question serves quit,
        clear and reopen alike.
        """
        from pubchat.tui.screens.unsaved import UnsavedChoice, UnsavedScreen

        what = self.unsaved_work()
        if what is None:
            self.call_later(then)
            return

        def chosen(choice: UnsavedChoice | None) -> None:
            """Save first if asked; go on unless cancelled or the save failed."""
            if choice == "save" and self.save_conversation() is None:
                return
            if choice in ("save", "discard"):
                self.call_later(then)

        self.push_screen(UnsavedScreen(what, doing), chosen)

    async def action_quit(self) -> None:
        """Quit, asking first when the conversation has unsaved work."""
        from pubchat.tui.screens.unsaved import UnsavedScreen

        if isinstance(self.screen, UnsavedScreen):  # the question is already on screen
            return
        self.confirm_unsaved(self.exit, "quitting")

    # -- the collection ---------------------------------------------------------------------------

    def collection_papers(self) -> list[Paper]:
        """The collected papers, in the order they were added (ids no longer in the corpus skipped)."""
        engine = self._engine
        if engine is None:
            return []
        return [p for pid in self.collection.ids if (p := engine.paper(pid)) is not None]

    def remove_from_collection(self, paper_id: str) -> None:
        """Take a paper out of the collection."""
        if self.collection.remove(paper_id):
            self.mark_changed()

    def copy_collection(self, fmt: CiteFormat) -> None:
        """Copy every collected paper's citation in a format."""
        count = len(self.collection)
        text = self.engine_cite(list(self.collection.ids), fmt)
        self.copy_text(text, f"the collection ({count} paper{'s' if count != 1 else ''}, {format_label(fmt)})")

    def export_collection(self, fmt: CiteFormat) -> str | None:
        """Write the collection in a format to a file (a download in a browser); return where it went."""
        text = self.engine_cite(list(self.collection.ids), fmt)
        name = f"pubchat-collection-{dt.datetime.now():%Y%m%d-%H%M%S}.{format_extension(fmt)}"
        return self.write_user_file(text, name, "exports", f"the collection ({format_label(fmt)})")

    def write_user_file(self, text: str, name: str, folder: str, what: str) -> str | None:
        """Save text for the user: a download in a browser, else a file in the data folder (atomically).

        Returns what it says about where it went (also notified), or None if writing failed (notified).
        """
        if self.is_web:
            import io

            self.deliver_text(io.StringIO(text), save_filename=name)
            message = f"Sent {what} to your browser as a download: {name}"
        else:
            path = data_dir() / folder / name
            try:
                path = write_unique(path, text)  # never overwrites an earlier export
            except OSError as exc:
                self.notify(f"Could not write {path}: {exc.strerror or exc}", severity="error", markup=False)
                return None
            message = f"Wrote {what} to\n{path}"  # the path on a line of its own: selectable whole
        self.notify(message if self.is_web else f"Wrote {what} to {path.name}", markup=False, timeout=8)
        return message

    # -- navigation between screens ----------------------------------------------------------------

    def chat_screen(self) -> ChatScreen:
        """The chat screen (always at the bottom of the stack)."""
        return next(s for s in self.screen_stack if isinstance(s, ChatScreen))

    def back_to_chat(self, prefill: str | None = None) -> None:
        """Close every screen above the chat; the cursor goes to the question box (with `prefill`)."""
        while len(self.screen_stack) > 1 and not isinstance(self.screen, ChatScreen):
            self.pop_screen()
        chat = self.chat_screen()
        if prefill is not None:
            chat.prefill(prefill)
        chat.action_focus_input()

    def action_back_to_chat(self) -> None:
        """Esc on any screen: back to the chat with the cursor in the question box."""
        self.back_to_chat()

    def ask_in_chat(self, question: str) -> None:
        """Go back to the chat and ask a question there."""
        self.back_to_chat()
        self.call_later(self.chat_screen().ask, question)

    def add_to_collection(self, paper_ids: list[str]) -> list[str]:
        """Add papers to the session's collection and say which (a paper already in it is not repeated)."""
        new = self.collection.add(paper_ids)
        engine = self._engine
        if not new:
            self.notify("Already in the collection.", title="Collection", markup=False)
            return new
        self.mark_changed()
        what = (
            f"“{short_title(engine.paper(new[0]).title, 36)}”"  # type: ignore[union-attr]
            if len(new) == 1 and engine is not None and engine.paper(new[0]) is not None
            else f"{len(new)} papers"
        )
        self.notify(f"Added {what}; {len(self.collection)} in the collection (F6).", title="Collection", markup=False)
        return new

    # -- actions --------------------------------------------------------------------------------

    def remember_question(self, question: str) -> None:
        """Add to the input history and persist it."""
        self.history.add(question)
        error = self.history.save()
        if error:
            self.notify(error, title="History", severity="warning", markup=False)

    def open_paper(self, paper_id: str, questions: list[str], n: int | None = None) -> None:
        """Show one paper with why it matched: the first of `questions` whose terms it matches."""
        from pubchat.tui.screens.paper import PaperScreen

        engine = self._engine
        paper = engine.paper(paper_id) if engine else None
        if engine is None or paper is None:
            self.notify(f"Paper {paper_id} is not in the corpus.", severity="error", markup=False)
            return
        question, explained = (questions[0] if questions else ""), []
        with self._engine_lock:
            for candidate in questions:
                found = engine.explain(candidate, paper_id) if candidate.strip() else []
                if found:
                    question, explained = candidate, found
                    break
        self.push_screen(PaperScreen(paper, question, explained, n))

    def copy_citation(self, paper: Paper, fmt: CiteFormat) -> None:
        """Copy one paper's citation in a format."""
        if self._engine is None:
            return
        with self._engine_lock:
            text = self._engine.cite([paper.id], fmt)
        self.copy_text(text, f"{format_label(fmt)} citation for “{short_title(paper.title)}”")

    def copy_text(self, text: str, what: str) -> None:
        """Copy via OSC 52 (Textual) and the system clipboard; say what was copied.

        The text passes the terminal-safety gate first: a pasted copy never carries escape sequences.
        """
        text = clean(text, tabs=True)
        self.copy_to_clipboard(text)
        self.last_copied = (what, text)
        if self.system_clipboard:
            self._copy_system(text, what)
        else:
            self._notify_copied(what, None)

    @work(thread=True, group="clipboard", exit_on_error=False)
    def _copy_system(self, text: str, what: str) -> None:
        """pyperclip can be slow or missing; run it off the UI thread."""
        problem = copy_to_system(text)
        self.call_from_thread(self._notify_copied, what, problem)

    def _notify_copied(self, what: str, problem: str | None) -> None:
        """One notification saying what was copied and where."""
        where = "terminal + system clipboard" if not problem and self.system_clipboard else "terminal clipboard"
        self.notify(f"Copied {what} to the {where} · F4 shows it", markup=False)

    def action_show_copied(self) -> None:
        """Show the last copied text in a selectable modal (the clipboard fallback)."""
        from pubchat.tui.screens.text_view import TextViewScreen

        if self.last_copied is None:
            self.notify("Nothing copied yet.", severity="warning", markup=False)
            return
        what, text = self.last_copied
        self.push_screen(TextViewScreen(f"Copied: {what}", text, "pubchat-copied"))

    def open_link(self, url: str | None, what: str) -> None:
        """Open an http(s) link in the browser and show the URL (it may not open over SSH)."""
        safe = safe_url(url)
        if safe is None:
            message = f"No {what} link." if not url else f"Not opening {what} link (only http/https): {clean(url)}"
            self.notify(message, severity="warning", markup=False)
            return
        if self.is_web:  # the visitor's browser opens it in a new tab
            super().open_url(safe, new_tab=True)
            return
        self._open_in_browser(safe, what)

    def open_url(self, url: str, *, new_tab: bool = True) -> None:
        """Open a link: in the browser tab's browser (web mode) or a graphical browser, never a console one."""
        self.open_link(url, "link")

    @work(thread=True, group="browser", exit_on_error=False)
    def _open_in_browser(self, url: str, what: str) -> None:
        """Launch the browser off the UI thread, then say what happened, always with the URL."""
        problem = self.launch_browser(url)
        if problem is None:
            self.call_from_thread(self.notify, f"Opened {url}", title=f"Open {what}", markup=False)
        else:
            self.call_from_thread(
                self.notify,
                f"Could not open a browser ({problem}). The link: {url}",
                title=f"Open {what}",
                severity="warning",
                markup=False,
                timeout=12,
            )

    def launch_browser(self, url: str) -> str | None:
        """Open url in a graphical browser; None on success, else why not (never a console browser)."""
        import webbrowser

        try:
            browser = webbrowser.get()
        except webbrowser.Error:
            return "no browser found"
        if type(browser) is webbrowser.GenericBrowser:  # lynx/w3m would take over this terminal
            return "only a console browser is available"
        try:
            opened = browser.open(url, new=2)
        except Exception as exc:
            return type(exc).__name__
        return None if opened else "the browser did not start"

    def save_conversation(self) -> Path | None:
        """Save the conversation (JSON, to reopen; Markdown beside it, to read), atomically; show where.

        A conversation saved before (or reopened) is saved over its own file; a new one gets a new name.
        """
        from pubchat.tui.saved import save_json, to_saved

        if not self.transcript.turns and not len(self.collection):
            self.notify("Nothing to save yet.", severity="warning", markup=False)
            return None
        now = dt.datetime.now()
        engine = self._engine

        def references(cited: tuple[str, ...]) -> str:
            """An answer's references (its cited ids, in [n] order) as Markdown, for the saved file."""
            if engine is None:
                return ""
            with self._engine_lock:
                return engine.cite(list(cited), "md")

        markdown = to_markdown(
            self.transcript, references, corpus_name=self.corpus_label, saved_at=now.strftime("%Y-%m-%d %H:%M")
        )
        if self.is_web:  # a visitor gets a download (the readable copy), never a file on the server
            name = f"pubchat-{now:%Y%m%d-%H%M%S}.md"
            if self.write_user_file(markdown, name, "conversations", "the conversation") is None:
                return None
            self.changed = False
            return Path(name)
        saved = to_saved(
            self.transcript,
            self.collection,
            self.conversation,
            corpus=self.corpus_label,
            saved_at=now.isoformat(timespec="seconds"),
        )
        folder = data_dir() / "conversations"
        try:
            path = save_json(saved, folder, self.saved_path)
            atomic_write_text(path.with_suffix(".md"), markdown)
        except OSError as exc:
            where = exc.filename or self.saved_path or folder
            self.notify(f"Could not save to {where}: {exc.strerror or exc}", severity="error", markup=False)
            return None
        self.saved_path = path
        self.changed = False
        self.chat_screen().show_saved(path.with_suffix(".md"), path)
        self.notify(f"Saved {path.stem} (.md to read, .json to reopen); paths below", markup=False, timeout=6)
        return path

    def action_reopen(self) -> None:
        """List the saved conversations, newest first."""
        from pubchat.tui.screens.reopen import ReopenScreen

        if self.is_web:  # the saved files are the server's, shared by every visitor
            self.notify("Reopening saved conversations is not available in a browser.", markup=False)
            return
        if not isinstance(self.screen, ReopenScreen):
            self.push_screen(ReopenScreen(data_dir() / "conversations"))

    def reopen_conversation(self, path: Path) -> None:
        """Replace the conversation on screen with a saved one (asking first if this one is unsaved)."""
        self.confirm_unsaved(lambda: self._read_conversation(path), "opening another")

    @work(thread=True, group="reopen", exclusive=True, exit_on_error=False)
    def _read_conversation(self, path: Path) -> None:
        """Read and check the file off the UI thread; papers are looked up in the loaded corpus."""
        from pubchat.tui.saved import ConversationFileError, read_saved, restore

        try:
            saved = read_saved(path)
            engine = self.engine()
            with self._engine_lock:
                restored = restore(saved, engine.paper)
        except (ConversationFileError, PubchatError) as exc:
            self.call_from_thread(
                self.notify, one_line(str(exc), 300), title="Cannot reopen", severity="error", markup=False
            )
            return
        # mypy infers Never for an async callback through call_from_thread's overloads
        self.call_from_thread(self._show_restored, restored, path)  # type: ignore[arg-type]

    async def _show_restored(self, restored: Restored, path: Path) -> None:
        """Make the restored conversation the current one and show it in the chat."""
        chat = self.chat_screen()
        self.transcript = restored.transcript
        self.collection = restored.collection
        self.conversation = restored.conversation
        self.saved_path = path
        self.changed = False
        self.back_to_chat()
        await chat.show_transcript()
        turns = len(self.transcript.turns)
        message = f"Reopened: {turns} question{'s' if turns != 1 else ''}"
        if len(self.collection):
            message += f", {len(self.collection)} collected (F6)"
        if restored.corpus and restored.corpus != self.corpus_label:
            message += f"; saved on another corpus ({restored.corpus})"
        self.notify(message, markup=False)

    def action_papers(self) -> None:
        """Show every paper, newest first, filtered as you type."""
        from pubchat.tui.screens.papers import PapersScreen

        if self._engine is None:
            self.notify("The corpus is still loading.", severity="warning", markup=False)
            return
        if not isinstance(self.screen, PapersScreen):
            self.push_screen(PapersScreen(list(self._engine.papers)))

    def action_collection(self) -> None:
        """Show the collection (copy or export it)."""
        from pubchat.tui.screens.collection import CollectionScreen

        if isinstance(self.screen, CollectionScreen):
            return
        self.push_screen(CollectionScreen())

    def action_help(self) -> None:
        """Show every key."""
        from pubchat.tui.screens.collection import CollectionScreen
        from pubchat.tui.screens.help import HelpScreen
        from pubchat.tui.screens.paper import PaperScreen
        from pubchat.tui.screens.papers import PapersScreen
        from pubchat.tui.screens.reopen import ReopenScreen
        from pubchat.tui.screens.text_view import TextViewScreen
        from pubchat.tui.screens.unsaved import UnsavedScreen
        from pubchat.tui.widgets.prompt import QuestionInput

        if self.screen.__class__.__name__ == "HelpScreen":
            self.screen.dismiss(None)
            return
        sections: list[tuple[str, list[Any]]] = [
            ("Anywhere", list(self.BINDINGS)),
            ("Chat", list(ChatScreen.BINDINGS)),
            (
                "Question box",
                [Binding("enter", "", "Ask the question"), *QuestionInput.own_bindings()],
            ),
            ("Paper view", list(PaperScreen.BINDINGS)),
            ("Papers", list(PapersScreen.BINDINGS)),
            ("Collection", list(CollectionScreen.BINDINGS)),
            ("Saved conversations (Ctrl+O)", list(ReopenScreen.BINDINGS)),
            ("Unsaved-work question", list(UnsavedScreen.BINDINGS)),
            ("Copied-text view", list(TextViewScreen.BINDINGS)),
        ]
        self.push_screen(HelpScreen(_only_bindings(sections)))

    # -- command palette --------------------------------------------------------------------------

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """Every binding of the current screen and the app, plus Textual's own commands."""
        seen: set[str] = set()
        for node, bindings in ((screen, getattr(type(screen), "BINDINGS", [])), (self, self.BINDINGS)):
            for binding in bindings:
                if not isinstance(binding, Binding) or not binding.id or binding.id in seen:
                    continue
                if binding.system or not binding.description or binding.action.endswith("command_palette"):
                    continue
                seen.add(binding.id)
                key = binding.key.split(",")[0]
                yield SystemCommand(
                    binding.description,
                    binding.tooltip or f"{binding.description} ({key})",
                    _runner(self, binding.action, node),
                )
        yield from (c for c in super().get_system_commands(screen) if c.title not in ("Quit", "Keys"))


def runs_in_browser(driver_class: type[Driver]) -> bool:
    """True when the app is drawn in a web page (textual-serve picks the web driver), not a terminal."""
    from textual.drivers.web_driver import WebDriver

    return issubclass(driver_class, WebDriver)


def short_title(title: str, limit: int = 100) -> str:
    """A title for a one-line notice: whole if it fits, else cut at a word boundary with an ellipsis."""
    text = clean(title, newlines=False)
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space >= limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:-–—") + "…"


def _runner(app: App[Any], action: str, node: Any) -> Callable[[], Any]:
    """A palette callback that runs an action in the namespace it was bound in."""

    async def run() -> None:
        """Run the bound action."""
        await app.run_action(action, node)

    return run


def _only_bindings(sections: list[tuple[str, list[Any]]]) -> list[tuple[str, list[Binding]]]:
    """Drop tuple-style bindings (none are used; keeps the help screen's types simple)."""
    return [(title, [b for b in items if isinstance(b, Binding)]) for title, items in sections]


def build_app(config: str | None = None, corpus: str | None = None) -> PubchatApp:
    """The app for `--config` and `--corpus`: the corpus resolved as for every command (LoadedSettings.corpus_file)."""
    from pubchat.config import load_settings

    loaded = load_settings(config)
    corpus_file = loaded.corpus_file(corpus)
    if corpus_file is not None and not corpus_file.is_file():  # fail before the screen switches over
        raise CorpusError(f"{corpus_file}: corpus file not found")
    return PubchatApp(loaded.settings, None if corpus_file is None else str(corpus_file))


def run_tui(config: str | None = None, corpus: str | None = None) -> int:
    """Entry point for `pubchat` / `pubchat tui`: load settings, run the app, return the exit status."""
    import logging

    from textual.logging import TextualHandler

    root = logging.getLogger()
    if not root.handlers:  # engine warnings go to Textual's log, never onto the screen
        root.addHandler(TextualHandler())
    app = build_app(config, corpus)
    app.run()
    if app.engine_error:
        raise PubchatError(app.engine_error)
    return app.return_code or 0
