"""Terminal safety for untrusted text: escape sequences and control characters never reach a screen.

`clean` is the one gate every byte pubchat writes for a person passes (CLI output and errors, the
TUI, the clipboard, saved transcripts, exported references). It removes ANSI/VT escape sequences
(CSI, OSC, DCS, SOS, PM, APC, single ESC codes, 7- and 8-bit), C0/C1 control characters (except
newline and optionally tab), bidi overrides and zero-width characters that can disguise text, and
lone surrogates that cannot be encoded. Apply it to each untrusted field before formatting: an
unterminated string sequence then loses only its introducer and never eats the text after it.
Every pattern here scans in linear time. No Textual import here: the engine and the CLI use it.
"""

from __future__ import annotations

from typing import TextIO

from pubchat.lazyre import lazy

# Characters that start a sequence: a string body stops at any of them, so no scan runs past the next
# sequence (linear time) and an unterminated body is never swallowed.
_STARTS = "\x1b\x07\x90\x98\x9b-\x9f"
_ESCAPES = lazy(
    r"\x1b\[[0-?]*[ -/]*[@-~]?"  # CSI
    r"|\x9b[0-?]*[ -/]*[@-~]?"  # 8-bit CSI
    rf"|(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])[^{_STARTS}]*(?:\x07|\x1b\\|\x9c)"  # OSC/DCS/SOS/PM/APC, terminated
    r"|\x1b[ -/]*[0-~]?"  # any other ESC code (and the introducer of an unterminated string)
)
# C0 except \t \n, DEL, C1, zero-width and bidi embedding/override/isolate controls, BOM,
# line/paragraph separators (they break one-line output in some terminals).
_CONTROLS = lazy("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
_SURROGATES = lazy("[\ud800-\udfff]")


def clean(text: object, *, newlines: bool = True, tabs: bool = False) -> str:
    """Text safe to write to a terminal: escapes, controls and lone surrogates removed.

    `newlines=False` folds all whitespace runs into single spaces (one-line labels);
    `tabs=False` turns tabs into spaces.
    """
    value = str(text)
    if value.isprintable():  # no control, format, separator (but space) or surrogate character: nothing to remove
        return value if newlines else " ".join(value.split())
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


class SafeStream:
    """A text stream that passes every write through `clean` (the CLI's stdout and stderr).

    Each write is cleaned on its own, so a sequence split across writes loses its ESC and stays inert.
    """

    def __init__(self, stream: TextIO, *, tabs: bool = True) -> None:
        """Wrap `stream`; `tabs=True` keeps tabs (tables and TREC output use them)."""
        self._stream = stream
        self._tabs = tabs

    def write(self, text: str) -> int:
        """Write the cleaned text; return the length of what was given (callers count their input)."""
        self._stream.write(clean(text, tabs=self._tabs))
        return len(text)

    def writelines(self, lines: list[str]) -> None:
        """Write each line cleaned."""
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str) -> object:
        """Everything else (flush, fileno, encoding, isatty, buffer) is the wrapped stream's."""
        return getattr(self._stream, name)
