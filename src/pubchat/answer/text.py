"""Text helpers for answers: sentence splitting, word tokens with their surface forms, stems.

Kept separate from the search analyzer on purpose: answers need the words as written (to show
themes readably and to quote sentences verbatim), not only index terms.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from pubchat.lazyre import lazy
from pubchat.stopwords import STOPWORDS

# Tokens that end with a period but do not end a sentence when a capital follows.
_ABBREVIATIONS = frozenset(
    "e.g i.e et al etc.al vs cf fig figs eq eqs ref refs sec no nos approx resp dr mr mrs ms prof "
    "st inc ltd co jr sr viz ca est al".split()
)
_SENTENCE_END = lazy(r"[.!?](?:[\"'”’)\]]*)\s+(?=[\"'“‘(\[]?[A-Z0-9])")
_WORD = lazy(r"[A-Za-z][A-Za-z0-9]*(?:[-'][A-Za-z0-9]+)*|[0-9]+[A-Za-z][A-Za-z0-9-]*")

# Words that are never a topic in a question: words about papers in general ("which papers study ...",
# "what has X published") and question filler ("papers using X", "just the X work please"). The filler
# stays searchable (not in STOPWORDS): in abstracts it still helps ranking.
META_WORDS = frozenset(
    """paper papers work works working worked publish published publishes publication publications
    article articles research researched researcher study studies studied studying topic topics
    list tell give find show see get know look looking want need something anything everything
    anybody somebody someone author authors authored co-authored coauthored wrote write writes written
    put release released exist exists available code codes recent recently latest newest oldest
    new old year years since before after between until during from onward onwards ago last past
    ever newest earliest group groups lab labs team teams do does did done doing
    almost although always among another anyone around either else enough even every however just
    least less let like made make many much neither now often one onto others per please rather
    several therefore though thus toward towards upon use used uses using well whatever whether
    whose within without yet""".split()
)


@dataclass(frozen=True)
class Token:
    """A word as written (`surface`), lower-cased (`lower`) and stemmed (`stem`)."""

    surface: str
    lower: str
    stem: str


@lru_cache(maxsize=1)
def _stemmer() -> Any:
    """The English Snowball stemmer (PyStemmer), created once per process."""
    import Stemmer

    return Stemmer.Stemmer("english")


@lru_cache(maxsize=50_000)
def stem(word: str) -> str:
    """Snowball stem of a lower-case word."""
    return str(_stemmer().stemWord(word))


def tokens(text: str, *, keep_stopwords: bool = False) -> list[Token]:
    """Word tokens of `text` (hyphenated words stay whole), stopwords dropped unless asked."""
    out = []
    for match in _WORD.finditer(text):
        surface = match.group(0)
        lower = surface.lower()
        if not keep_stopwords and (lower in STOPWORDS or len(lower) < 2):
            continue
        out.append(Token(surface, lower, stem(lower)))
    return out


def word_surfaces(text: str) -> list[str]:
    """The words of `text` as written, stopwords included (what `tokens` keeps with keep_stopwords)."""
    return _WORD.findall(text)


def stems(text: str) -> list[str]:
    """Stems of the content words of `text`."""
    return [t.stem for t in tokens(text)]


def split_sentences(text: str) -> list[str]:
    """Split an abstract into sentences; each is an exact (stripped) substring of `text`.

    A sentence ends at . ! or ? followed by space and a capital or digit, except after common
    abbreviations (e.g., i.e., et al., Fig.) and single-letter initials; decimals (90.97%) and
    URLs contain no space after their periods and so never split.
    """
    sentences: list[str] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        end = match.start() + 1
        head = text[start:end]
        last = re.search(r"(\S+)\.$", head)
        if last and text[match.start()] == ".":
            word = last.group(1).lower().lstrip("(\"'")
            if word in _ABBREVIATIONS or word.rstrip(".") in _ABBREVIATIONS:
                continue
            if re.fullmatch(r"[a-z]", word) or re.fullmatch(r"(?:[a-z]\.)+[a-z]", word):
                continue
        piece = text[start : match.end()].strip()
        if piece:
            sentences.append(piece)
        start = match.end()
    tail = text[start:].strip()
    if tail:
        sentences.append(tail)
    return sentences


def normalise_space(text: str) -> str:
    """Collapse runs of whitespace to single spaces."""
    return " ".join(text.split())
