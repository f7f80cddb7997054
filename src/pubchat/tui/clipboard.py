"""Copying text: OSC 52 through Textual (works over SSH) plus the system clipboard via pyperclip.

pyperclip may be missing a backend (headless Linux, containers) or fail in odd ways; any error is
caught and reported as "system clipboard unavailable", never raised.
"""

from __future__ import annotations


def copy_to_system(text: str) -> str | None:
    """Put text on the OS clipboard with pyperclip; return None on success, else why it failed."""
    try:
        import pyperclip
    except Exception as exc:
        return f"pyperclip unavailable ({type(exc).__name__})"
    try:
        pyperclip.copy(text)
    except Exception as exc:
        return f"no system clipboard ({type(exc).__name__})"
    return None
