"""Terminal safety for untrusted text: escape sequences and control characters never reach a screen.

Questions, titles and abstracts are data. Before the CLI prints them (and before the TUI shows
them) they pass through `clean`, which removes ANSI/VT escape sequences (CSI, OSC, DCS, single
ESC codes), C0/C1 control characters (except newline and optionally tab), bidi overrides and
zero-width characters that can disguise text, and lone surrogates that cannot be encoded.
No Textual import here: the engine and the CLI use it.
"""

from __future__ import annotations

import re

# CSI (ESC [ ... final), OSC (ESC ] ... BEL or ST), DCS/SOS/PM/APC (ESC P|X|^|_ ... ST),
# 8-bit CSI (\x9b ... final), then any other two-byte ESC sequence or a lone ESC.
_ESCAPES = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]?"
    r"|\x9b[0-?]*[ -/]*[@-~]?"
    r"|\x1b\][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"
    r"|\x9d[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"
    r"|\x1b[PX^_][^\x1b\x9c]*(?:\x1b\\|\x9c)?"
    r"|[\x90\x98\x9e\x9f][^\x1b\x9c]*(?:\x1b\\|\x9c)?"
    r"|\x1b[ -/]*[0-~]?"
)
# C0 except \t \n, DEL, C1, zero-width and bidi embedding/override/isolate controls, BOM.
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
_SURROGATES = re.compile("[\ud800-\udfff]")


def clean(text: object, *, newlines: bool = True, tabs: bool = False) -> str:
    """Text safe to write to a terminal: escapes, controls and lone surrogates removed.

    `newlines=False` folds all whitespace runs into single spaces (one-line labels);
    `tabs=False` turns tabs into spaces.
    """
    value = str(text)
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    value = _ESCAPES.sub("", value)
    value = _CONTROLS.sub("", value) if tabs else _CONTROLS.sub("", value.replace("\t", " "))
    value = _SURROGATES.sub("\ufffd", value)
    if not newlines:
        value = " ".join(value.split())
    return value


def one_line(text: object, limit: int | None = None) -> str:
    """`clean` folded to one line, optionally cut to `limit` characters with an ellipsis."""
    value = clean(text, newlines=False)
    if limit is not None and len(value) > limit:
        value = value[: max(0, limit - 1)].rstrip() + "…"
    return value


def is_safe(text: str) -> bool:
    """True when `text` holds no escape, control (other than newline) or surrogate character."""
    return clean(text) == text.replace("\t", " ") and "\r" not in text


def safe_text(text: object) -> str:
    """One-line terminal-safe text for table cells and labels (alias of `one_line` without a limit)."""
    return one_line(text)
