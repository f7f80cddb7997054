"""A one-line progress bar on a terminal's stderr (embedding a corpus), nothing when stderr is not a terminal."""

from __future__ import annotations

from collections.abc import Callable
from typing import TextIO

WIDTH = 30  # characters of the bar itself


def terminal_progress(stream: TextIO, label: str = "embedding papers") -> Callable[[int, int], None] | None:
    """A `(done, total)` callback drawing `label [#####.....] done/total` on stream, or None if it is no terminal.

    The line is redrawn in place and ended with a newline when done reaches total.
    """
    try:
        if not stream.isatty():
            return None
    except (AttributeError, ValueError):  # closed or replaced streams
        return None

    def show(done: int, total: int) -> None:
        filled = WIDTH * done // total if total else WIDTH
        stream.write(f"\r{label} [{'#' * filled}{'.' * (WIDTH - filled)}] {done}/{total}")
        if done >= total:
            stream.write("\n")
        stream.flush()

    return show
