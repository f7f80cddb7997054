"""Error types the CLI turns into one-line messages (no traceback, exit status 2)."""

from __future__ import annotations


class PubchatError(Exception):
    """A user-facing error: its str() is one line naming the place (file:line, field or key)."""

    exit_code = 2


class CorpusError(PubchatError):
    """A corpus or import source that cannot be read or validated."""


class ConfigError(PubchatError):
    """A config.toml that cannot be read or validated."""


def one_line(text: str, limit: int = 300) -> str:
    """A message made terminal-safe (`pubchat.textsafe.clean`) on one line, capped in length."""
    from pubchat.textsafe import one_line as safe_line

    return safe_line(text, limit)
