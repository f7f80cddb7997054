"""Patterns compiled on first use behave as the compiled ones, and cost nothing until used."""

from __future__ import annotations

import re

import pytest

from pubchat.lazyre import lazy


def test_a_lazy_pattern_matches_as_the_compiled_one() -> None:
    text = "Face Anti-Spoofing (FAS) and face-forgery detection, 2022-2024"
    for pattern, flags in ((r"\bface\b", re.IGNORECASE), (r"(\d{4})-(\d{4})", 0), (r"(?P<acr>[A-Z]{2,})", 0)):
        eager, late = re.compile(pattern, flags), lazy(pattern, flags)
        assert late.search(text).group(0) == eager.search(text).group(0)  # type: ignore[union-attr]
        assert late.findall(text) == eager.findall(text)
        assert late.sub("_", text) == eager.sub("_", text)
        assert late.split(text) == eager.split(text)
        assert [m.span() for m in late.finditer(text)] == [m.span() for m in eager.finditer(text)]
        assert (late.pattern, late.flags, late.groups, late.groupindex) == (
            eager.pattern,
            eager.flags,
            eager.groups,
            eager.groupindex,
        )


def test_a_pattern_is_compiled_only_when_first_used() -> None:
    broken = lazy("(unclosed")  # defining it compiles nothing, so no error yet
    with pytest.raises(re.error):
        broken.search("x")
