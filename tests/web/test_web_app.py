"""In a browser the app keeps nothing of a visitor's on the server: no history file read or written, no
theme kept, nothing put on the server's clipboard (visitors share the machine)."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.driver import Driver
from textual.drivers.web_driver import WebDriver

from pubchat.tui.app import PubchatApp
from pubchat.tui.history import History
from pubchat.tui.prefs import load_prefs


class BrowserApp(PubchatApp):
    """The app as textual-serve starts it (the web driver), without starting it."""

    def get_driver_class(self) -> type[Driver]:
        return WebDriver


def test_in_a_browser_the_server_owners_files_and_clipboard_are_left_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PUBCHAT_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("PUBCHAT_CONFIG_DIR", str(tmp_path / "config"))
    history = History.load(tmp_path / "data" / "history.json", 500)
    history.add("the owner's private question")
    assert history.save() is None
    prefs = load_prefs()
    prefs.theme = "nord"
    assert prefs.save() is None

    at_the_terminal = PubchatApp()
    assert at_the_terminal.history.entries == ["the owner's private question"]
    assert at_the_terminal.prefs is not None and at_the_terminal.theme == "nord"
    assert at_the_terminal.system_clipboard

    in_a_browser = BrowserApp()
    assert in_a_browser.history.path is None and in_a_browser.history.entries == []
    assert in_a_browser.prefs is None and in_a_browser.theme == "textual-dark"
    assert not in_a_browser.system_clipboard
