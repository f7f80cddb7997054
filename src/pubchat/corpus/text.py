"""Small text helpers for importers: decoding files, finding URLs, making slugs."""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pubchat.errors import CorpusError
from pubchat.lazyre import lazy
from pubchat.limits import MAX_CORPUS_BYTES, MAX_INT_DIGITS
from pubchat.storage import read_regular

_URL_START = lazy(r"(?:https?://|www\.)", re.IGNORECASE)
# A token that continues a URL broken by spaces ("https:// github.com/ user/ repo"): it must
# look like a host or path piece (has a dot, dash, underscore, slash or digit), not a word.
_URL_PIECE = lazy(r"[A-Za-z0-9][\w.\-~%#?=&+]*/?")
_URL_CHARS = lazy(r"[^\s<>\"'{}\\]+")
_TRAILING = ".,;:!?)]}>'\"`"


def iter_json_objects(text: str, source: object) -> Iterator[tuple[int, dict[str, Any]]]:
    """Yield (line number, object) for each non-blank JSON Lines line; bad lines name source:line."""
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
        except json.JSONDecodeError as exc:
            raise CorpusError(f"{source}:{number}: invalid JSON: {exc.msg} (column {exc.colno})") from None
        except RecursionError:
            raise CorpusError(f"{source}:{number}: invalid JSON: nested too deeply") from None
        except ValueError:  # an integer over MAX_INT_DIGITS digits
            raise CorpusError(f"{source}:{number}: invalid JSON: a number over {MAX_INT_DIGITS:,} digits") from None
        if not isinstance(data, dict):
            raise CorpusError(f"{source}:{number}: expected a JSON object, got {type(data).__name__}")
        yield number, data


def read_text(path: Path, limit: int = MAX_CORPUS_BYTES) -> str:
    """Read a regular UTF-8 text file of at most `limit` bytes; errors name the file (and the line for bad bytes)."""
    raw = read_regular(path, limit, "file", CorpusError)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise CorpusError(
            f"{path}:{line}: not UTF-8 text (byte offset {exc.start}); re-save the file as UTF-8"
        ) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _is_piece(token: str) -> bool:
    """Whether a whitespace-separated token plausibly continues a broken URL."""
    core = token.rstrip(_TRAILING)
    return bool(core) and bool(_URL_PIECE.fullmatch(core)) and any(c in core for c in "./-_0123456789")


_GAP = lazy(r"[ \t]+")
_TOKEN = lazy(r"\S+")
_URL_SHAPE = lazy(r"https?://[^/\s]+\.[^/\s]+(/\S*)?", re.IGNORECASE)


def find_urls(text: str) -> list[str]:
    """URLs written in text, cleaned: spaces inside broken URLs removed, `\\url{}` and trailing
    punctuation stripped, duplicates dropped (first occurrence order). Linear in the text's length."""
    found: dict[str, None] = {}
    pos = 0
    while (match := _URL_START.search(text, pos)) is not None:
        start = match.start()
        end = match.end()
        pieces = [text[start:end]]
        # Join pieces separated by spaces while the URL so far ends in "://" or "/".
        while True:
            chunk = _URL_CHARS.match(text, end)
            if chunk:
                pieces.append(chunk.group(0))
                end = chunk.end()
                continue
            gap = _GAP.match(text, end) if pieces[-1].endswith("/") else None
            nxt = _TOKEN.match(text, gap.end()) if gap else None
            if gap and nxt and _is_piece(nxt.group(0)):
                pieces.append(nxt.group(0))
                end = nxt.end()
                continue
            break
        pos = max(end, start + 1)
        url = "".join(pieces).rstrip(_TRAILING)
        if url.lower().startswith("www."):
            url = "http://" + url
        if _URL_SHAPE.fullmatch(url):
            found.setdefault(url, None)
    return list(found)


def slugify(text: str, words: int = 6) -> str:
    """A short ASCII id from a title: 'Learn From All: ...' -> 'learn-from-all-erasing-attention-consistency'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    parts = re.findall(r"[a-z0-9]+", ascii_text.lower())
    return "-".join(parts[:words]) or "paper"
