"""TUI test helpers: a deterministic app (no cursor blink, own data dir, no system clipboard)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from pubchat.config import Settings, TuiSettings
from pubchat.tui.app import PubchatApp


def quiet_settings() -> Settings:
    """Settings for tests: everything default except the blinking cursor (Posting's approach)."""
    return Settings(tui=TuiSettings(cursor_blink=False))


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh PUBCHAT_DATA_DIR for the test (history and saved conversations go here)."""
    folder = tmp_path / "data"
    monkeypatch.setenv("PUBCHAT_DATA_DIR", str(folder))
    monkeypatch.setenv("PUBCHAT_CONFIG_DIR", str(tmp_path / "config"))  # theme preferences too
    return folder


@pytest.fixture
def make_app(data_dir: Path) -> Callable[..., PubchatApp]:
    """Build an app on the shipped corpus that never touches the real clipboard."""

    def make(**kwargs: Any) -> PubchatApp:
        kwargs.setdefault("system_clipboard", False)
        return PubchatApp(kwargs.pop("settings", quiet_settings()), kwargs.pop("corpus_path", None), **kwargs)

    return make
