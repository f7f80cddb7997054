"""Text analysis shared by documents and queries: normalise, tokenise, drop stopwords, stem.

The same `Analyzer` runs over abstracts and questions so that both sides meet on the same
terms. Tokens keep what matters in this domain: `3d`, `2d`, `rgb-d`, `cifar-100`, `ijb-c`.
A hyphenated or letter+digit compound is kept whole *and* split into its parts, so that
"super-resolution" matches "super resolution" and "CIFAR100" matches "CIFAR-100".
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from pubchat.stopwords import STOPWORDS

# A word: letters/digits, optionally joined by single hyphens (rgb-d, cifar-100, out-of-distribution).
_TOKEN_RE = re.compile(r"[^\W_]+(?:[-‐‑–][^\W_]+)*")
_ASCII_TOKEN_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")  # the same words in folded ASCII text, matched faster
_ALNUM_SPLIT_RE = re.compile(r"^([a-z]{2,})(\d{2,})$")  # cifar100 -> cifar, 100
_POSSESSIVE_RE = re.compile(r"(\w)['’]s\b")
_DASHES_RE = re.compile(r"[‐‑–]")  # Unicode hyphens/en dash -> "-"


def fold(text: str) -> str:
    """NFKC-normalise, casefold and strip accents (Zoë -> zoe), so matching ignores case and accents."""
    if text.isascii():  # fast path (same result): ASCII is NFKC/NFKD-stable and casefold == lower
        return text.lower()
    text = unicodedata.normalize("NFKC", text).casefold()
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", stripped)


@dataclass
class Analyzer:
    """Turns text into index terms: fold, tokenise (compounds kept), drop stopwords, Snowball-stem.

    `analyze(text)` gives the stemmed terms used by the index; `surface(text)` gives the folded
    words before stopword removal and stemming (for display, spelling and phrase matching).
    """

    stopwords: frozenset[str] = STOPWORDS
    stem_words: bool = True
    language: str = "english"
    _stemmer: Any = field(default=None, init=False, repr=False, compare=False)
    _cache: dict[str, str] = field(default_factory=dict, init=False, repr=False, compare=False)
    _terms: dict[str, tuple[str, ...]] = field(default_factory=dict, init=False, repr=False, compare=False)

    def stem(self, word: str) -> str:
        """Snowball stem of one folded word (compounds are stemmed part by part)."""
        if not self.stem_words:
            return word
        cached = self._cache.get(word)
        if cached is not None:
            return cached
        if self._stemmer is None:
            import Stemmer  # PyStemmer, deferred: only loaded when text is analysed

            self._stemmer = Stemmer.Stemmer(self.language)
        if "-" in word:
            result = "-".join(self._stemmer.stemWord(part) for part in word.split("-"))
        else:
            result = self._stemmer.stemWord(word)
        self._cache[word] = result
        return result

    def surface(self, text: str) -> list[str]:
        """Folded word tokens in order, possessives removed, dashes unified; stopwords kept."""
        text = fold(text)
        if "'" in text or "’" in text:
            text = _POSSESSIVE_RE.sub(r"\1", text)
        if text.isascii():  # folded ASCII is lower case and holds no Unicode dashes
            return _ASCII_TOKEN_RE.findall(text)
        return [_DASHES_RE.sub("-", w) for w in _TOKEN_RE.findall(text)]

    def expand_token(self, token: str) -> list[str]:
        """A surface token and the parts of a compound: rgb-d -> rgb-d, rgb; cifar100 -> cifar100, cifar, 100."""
        out = [token]
        if "-" in token:
            out.extend(part for part in token.split("-") if len(part) >= 2 or part.isdigit())
        else:
            split = _ALNUM_SPLIT_RE.match(token)
            if split:
                out.extend([f"{split.group(1)}-{split.group(2)}", split.group(1), split.group(2)])
        return out

    def is_stopword(self, word: str) -> bool:
        """True for a stopword (a compound is never one)."""
        return word in self.stopwords

    def analyze(self, text: str) -> list[str]:
        """Index terms of `text`: folded, tokenised (compounds whole and split), stopwords dropped, stemmed."""
        return self.terms(self.surface(text))

    def terms(self, words: list[str]) -> list[str]:
        """Index terms of the surface words `surface(text)` gave (so a caller can use both)."""
        terms: list[str] = []
        cache = self._terms
        for token in words:
            found = cache.get(token)
            if found is None:  # a token's terms depend on the token alone: computed once per word
                found = cache[token] = tuple(
                    self.stem(piece)
                    for piece in self.expand_token(token)
                    if not (piece in self.stopwords or (len(piece) == 1 and not piece.isdigit()))
                )
            terms.extend(found)
        return terms

    def analyze_words(self, words: list[str]) -> list[str]:
        """Index terms of already-tokenised surface words (same rules as `analyze`)."""
        return self.analyze(" ".join(words))
