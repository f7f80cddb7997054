"""Error types the CLI turns into one-line messages (no traceback, exit status 2)."""

from __future__ import annotations


class PubchatError(Exception):
    """A user-facing error: its str() is one line naming the place (file:line, field or key)."""

    exit_code = 2

    def __init__(self, message: object = "") -> None:
        """Keep the message as one terminal-safe line: a key or value quoted from a file cannot carry escapes."""
        from pubchat.textsafe import one_line as safe_line

        super().__init__(safe_line(message))


class CorpusError(PubchatError):
    """A corpus or import source that cannot be read or validated."""


class ConfigError(PubchatError):
    """A config.toml that cannot be read or validated."""


def one_line(text: str, limit: int = 300) -> str:
    """A message made terminal-safe (`pubchat.textsafe.clean`) on one line, capped in length."""
    from pubchat.textsafe import one_line as safe_line

    return safe_line(text, limit)
