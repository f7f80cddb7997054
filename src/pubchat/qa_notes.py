"""Figures the judges' notes state for count and stats questions, and whether an answer states them.

A figure is a number, alone ("Opening must give the count 17") or tied to a label: a year ("2019: 3")
or a name ("Mei Wang 15 papers", "Lixiong Qin, Jiani Hu and Xuannan Liu 8 each").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_NAME = r"[A-Z][a-z]+(?: [A-Z][a-z]+)+"
_NAMED = re.compile(rf"({_NAME}(?:, {_NAME})*(?:,? and {_NAME})?) (\d+)(?= papers| each|[,.;)])")
_YEAR = re.compile(r"\b((?:19|20)\d\d): (\d+)\b")
_BARE = (
    re.compile(r"\bthe count (\d+)\b", re.IGNORECASE),
    re.compile(r"\((\d+) papers\)"),
    re.compile(r"\btotal (\d+)\b", re.IGNORECASE),
    re.compile(r"\b(\d+) of \d+\b"),
)
_NUMBER = re.compile(r"\d+")


@dataclass(frozen=True)
class Figure:
    """A stated number; `label` is the year or name it belongs to (None: the answer's own count)."""

    label: str | None
    value: int

    def __str__(self) -> str:
        return str(self.value) if self.label is None else f"{self.label}: {self.value}"


def stated_figures(notes: str) -> list[Figure]:
    """Every figure the notes state, in order, without repeats."""
    found: list[Figure] = []
    for match in _YEAR.finditer(notes):
        found.append(Figure(match.group(1), int(match.group(2))))
    for match in _NAMED.finditer(notes):
        for name in re.split(r",? and |, ", match.group(1)):
            found.append(Figure(name, int(match.group(2))))
    for pattern in _BARE:
        found.extend(Figure(None, int(m.group(1))) for m in pattern.finditer(notes))
    return list(dict.fromkeys(found))


def states(answer: str, figure: Figure) -> bool:
    """The answer gives the figure: a bare count in its opening paragraph; a labelled one as the first
    number after some mention of the label ("Mei Wang (15 papers)", "2019   3  ███")."""
    if figure.label is None:
        opening = answer.strip().split("\n\n")[0]
        return re.search(rf"(?<![\d.]){figure.value}(?!\d)", opening) is not None
    flat = " ".join(answer.split())
    for match in re.finditer(re.escape(figure.label), flat):
        after = _NUMBER.search(flat, match.end(), match.end() + 40)
        if after is not None and int(after.group()) == figure.value:
            return True
    return False
