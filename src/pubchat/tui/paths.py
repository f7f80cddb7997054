"""Where the TUI keeps its files: the user data dir, overridable with PUBCHAT_DATA_DIR (tests)."""

from __future__ import annotations

import os
from pathlib import Path

DATA_DIR_ENV = "PUBCHAT_DATA_DIR"


def data_dir() -> Path:
    """The folder for input history and saved conversations (not created here)."""
    override = os.environ.get(DATA_DIR_ENV)
    if override:
        return Path(override).expanduser()
    from pubchat.userdirs import user_dir

    return user_dir("data")
