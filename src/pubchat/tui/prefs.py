"""Choices made inside the TUI that persist across runs (the theme), in the user config dir.

The file is JSON written atomically; an unreadable one is ignored (with a notice), never fatal.
PUBCHAT_CONFIG_DIR moves it (tests). A theme chosen here wins over `tui.theme` in config.toml,
because it was chosen later; `pubchat config` says which one is in force and where it came from.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError

from pubchat.storage import atomic_write_text

CONFIG_DIR_ENV = "PUBCHAT_CONFIG_DIR"


class PrefsFile(BaseModel):
    """The file's contents (unknown keys are kept out, a wrong type rejects the file)."""

    model_config = ConfigDict(extra="ignore")

    theme: str | None = None


@dataclass
class Prefs:
    """The loaded preferences and where they live."""

    path: Path
    theme: str | None = None
    notice: str | None = None  # why the file was ignored, for the UI to show

    def save(self) -> str | None:
        """Write the file atomically; return an error line instead of raising."""
        text = PrefsFile(theme=self.theme).model_dump_json(indent=2)
        try:
            atomic_write_text(self.path, text + "\n")
        except OSError as exc:
            return f"Could not save preferences to {self.path}: {exc.strerror or exc}"
        return None


def prefs_path() -> Path:
    """The preferences file: PUBCHAT_CONFIG_DIR, else the user config dir (beside config.toml)."""
    override = os.environ.get(CONFIG_DIR_ENV)
    if override:
        return Path(override).expanduser() / "tui-prefs.json"
    from pubchat.userdirs import user_dir

    return user_dir("config") / "tui-prefs.json"


def load_prefs(path: Path | None = None) -> Prefs:
    """Read the preferences; a missing file gives none, an unreadable one a notice."""
    path = path or prefs_path()
    if not path.exists():
        return Prefs(path)
    try:
        data = PrefsFile.model_validate(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, UnicodeDecodeError, ValueError, ValidationError) as exc:
        return Prefs(path, notice=f"{path}: ignored ({type(exc).__name__}); using the configured theme")
    return Prefs(path, theme=data.theme)
