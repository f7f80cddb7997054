"""Shared fixtures: the shipped corpus, and isolation from the user's own config and data dirs."""

from __future__ import annotations

import pytest

from pubchat.corpus import load_corpus
from pubchat.models import Paper


@pytest.fixture(autouse=True, scope="session")
def _isolated_user_dirs(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Point XDG dirs (config, data, cache) at temp folders so tests never read or write the user's."""
    base = tmp_path_factory.mktemp("xdg")
    mp = pytest.MonkeyPatch()
    for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        folder = base / name.lower()
        folder.mkdir()
        mp.setenv(name, str(folder))
    mp.setenv("PUBCHAT_DATA_DIR", str(base / "pubchat-data"))
    yield
    mp.undo()


@pytest.fixture(scope="session")
def shipped_papers() -> list[Paper]:
    """The 50 papers shipped with pubchat."""
    return load_corpus(None)
