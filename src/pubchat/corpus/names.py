"""Person names split into BibTeX's parts (first, von, last, jr) with bibtexparser's name parser.

A name in a corpus is stored as written for reading ("Jan van der Berg Jr."); these helpers give its
parts for citation keys, initials and BibTeX's "von Last, Jr, First" form. BibTeX reads a trailing
"Jr." in "First Last Jr." as part of the surname; a known suffix there is moved to the jr part.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pubchat.lazyre import lazy

SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv", "v", "2nd", "3rd", "phd", "ph.d."})
# "First Middle Last" with every word capitalised and nothing BibTeX treats specially (commas, braces,
# backslashes, lower-case "von" words): BibTeX's rule gives last = the final word, first = the rest.
_PLAIN_NAME = lazy(r"(?:[^\W\d_][^\s,{}\\]* )*[^\W\d_][^\s,{}\\]*")


@dataclass(frozen=True)
class Name:
    """One person's name in BibTeX's four parts, each a space-joined string ("" when absent)."""

    first: str
    von: str
    last: str
    jr: str

    @property
    def surname(self) -> str:
        """von + last, as sorted and cited: "van der Berg"."""
        return " ".join(p for p in (self.von, self.last) if p)

    @property
    def display(self) -> str:
        """First-name-first reading order: "Jan van der Berg Jr."."""
        return " ".join(p for p in (self.first, self.von, self.last, self.jr) if p)

    @property
    def bibtex(self) -> str:
        """BibTeX's unambiguous "von Last, Jr, First" form (commas only where needed; a name of a group
        in braces, so BibTeX neither splits it on "and" nor takes its last word as a surname)."""
        if not self.first and not self.jr:
            return "{" + self.surname + "}" if " " in self.surname and not self.von else self.surname
        if self.jr:
            return f"{self.surname}, {self.jr}, {self.first}"
        return f"{self.surname}, {self.first}"


def _strip_braces(word: str) -> str:
    """Drop grouping braces left around a word ("{Barnes and Noble}" -> "Barnes and Noble")."""
    return word.replace("{", "").replace("}", "")


def parse_name(name: str) -> Name:
    """Split one name ("First von Last", "von Last, First", "von Last, Jr, First") into its parts."""
    text = " ".join(name.split())
    if not text:
        return Name("", "", "", "")
    if re.search(r" and |&", text) or (text.startswith("{") and text.endswith("}")):
        return Name("", "", _strip_braces(text), "")  # a group or company ("Barnes and Noble Research")
    words = text.split(" ")
    if _PLAIN_NAME.fullmatch(text) and all(w[0].isupper() for w in words) and words[-1].lower() not in SUFFIXES:
        return Name(" ".join(words[:-1]), "", words[-1], "")  # the common case, without loading the parser
    from bibtexparser.middlewares.names import InvalidNameError, parse_single_name_into_parts

    head, comma, tail = text.rpartition(",")
    if comma and head.count(",") == 0 and tail.strip().lower() in SUFFIXES:
        text = f"{head} {tail.strip()}"  # "Martin Luther King, Jr." is reading order with a suffix
    try:
        parts = parse_single_name_into_parts(text, strict=False)
    except InvalidNameError:
        return Name("", "", _strip_braces(text), "")
    first, von, last, jr = list(parts.first), list(parts.von), list(parts.last), list(parts.jr)
    # "Jan van der Berg Jr.": BibTeX's first-last form has no jr part; a known suffix is one.
    if not jr and last and last[-1].lower().rstrip(",") in SUFFIXES and (len(last) > 1 or first):
        jr = [last.pop().rstrip(",")]
        if last:
            last[-1] = last[-1].rstrip(",")
    if not last and first:  # "von Last" with only lower-case words: keep something as the surname
        last = [first.pop()]
    return Name(
        " ".join(_strip_braces(w) for w in first),
        " ".join(_strip_braces(w) for w in von),
        " ".join(_strip_braces(w) for w in last),
        " ".join(_strip_braces(w) for w in jr),
    )


def join_name(given: str, family: str, particle: str = "", suffix: str = "") -> str:
    """A reading-order name from separate parts (CSL-JSON, OpenAlex): "Jan van der Berg Jr."."""
    return " ".join(" ".join(p.split()) for p in (given, particle, family, suffix) if p and p.strip())
