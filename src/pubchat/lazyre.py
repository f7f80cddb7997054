"""Regular expressions compiled on first use.

A module that defines its patterns with `lazy` pays for compiling only the ones a run uses: a one-shot
`pubchat ask` uses a fraction of the hundreds of patterns the answer and parser modules hold, and
compiling a pattern costs far more than matching it.
"""

from __future__ import annotations

import re
from typing import Any, cast

# the compiled pattern's attributes a caller reads; once compiled they are set on the wrapper itself,
# so later calls go straight to the compiled pattern's methods
_ATTRIBUTES = (
    "search",
    "match",
    "fullmatch",
    "sub",
    "subn",
    "split",
    "findall",
    "finditer",
    "scanner",
    "pattern",
    "flags",
    "groups",
    "groupindex",
)


class _Lazy:
    """A pattern and its flags; the first attribute read compiles it."""

    def __init__(self, pattern: str, flags: int) -> None:
        self._source = (pattern, flags)

    def __getattr__(self, name: str) -> Any:
        compiled = re.compile(*self._source)
        for attribute in _ATTRIBUTES:
            setattr(self, attribute, getattr(compiled, attribute))
        return getattr(compiled, name)


def lazy(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """`re.compile(pattern, flags)`, compiled when the pattern is first used."""
    return cast("re.Pattern[str]", _Lazy(pattern, flags))
