"""The per-user folders (config, data, cache), with a fallback when the user has no home directory.

platformdirs needs a home (HOME, or a passwd entry for the uid); a container running as an arbitrary
uid has neither. Then pubchat uses a private folder under the system temp dir and says so once on
stderr (a note, not an error), and every command keeps working.
"""

from __future__ import annotations

import functools
import logging
import os
import stat
import tempfile
from pathlib import Path
from typing import Literal

APP_NAME = "pubchat"
Kind = Literal["config", "data", "cache"]

log = logging.getLogger(__name__)


def user_dir(kind: Kind) -> Path:
    """The user's folder of this kind (not created here), or the temp-dir fallback when there is no home."""
    import platformdirs

    find = {
        "config": platformdirs.user_config_dir,
        "data": platformdirs.user_data_dir,
        "cache": platformdirs.user_cache_dir,
    }[kind]
    try:
        return Path(find(APP_NAME))
    except (RuntimeError, KeyError, OSError):  # no HOME and no passwd entry
        return _fallback_base() / kind


@functools.cache
def _fallback_base() -> Path:
    """A private folder in the temp dir for this uid (created 0700; a foreign or linked one is not used)."""
    uid = os.getuid() if hasattr(os, "getuid") else 0
    base = Path(tempfile.gettempdir()) / f"{APP_NAME}-{uid}"
    try:
        base.mkdir(mode=0o700, exist_ok=True)
        info = os.lstat(base)
        if not stat.S_ISDIR(info.st_mode) or (hasattr(os, "getuid") and info.st_uid != uid):
            base = Path(tempfile.mkdtemp(prefix=f"{APP_NAME}-"))
    except OSError:
        base = Path(tempfile.mkdtemp(prefix=f"{APP_NAME}-"))
    log.warning("pubchat: note: no home directory (HOME unset, no passwd entry); using %s for data and cache", base)
    return base
