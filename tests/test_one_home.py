"""Each rule has one home in src/: a second copy (that could drift from the first) fails here."""

from __future__ import annotations

import ast

import pytest
from repo_paths import REPO

from pubchat.citeformats import format_names

SRC = REPO / "src" / "pubchat"


def _modules() -> list[tuple[str, ast.Module]]:
    return [(str(p.relative_to(SRC)), ast.parse(p.read_text(encoding="utf-8"))) for p in sorted(SRC.rglob("*.py"))]


def _defined(name: str) -> list[str]:
    """Modules that define a function called `name`."""
    return [
        path
        for path, tree in _modules()
        for node in ast.walk(tree)
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name == name
    ]


@pytest.mark.parametrize(
    ("function", "home"),
    [
        ("safe_url", "markup.py"),
        ("md_escape", "markup.py"),
        ("recency_key", "recency.py"),
        ("newest_first", "recency.py"),
        ("corpus_file", "config.py"),
        ("open_assistant", "engine.py"),
    ],
)
def test_rule_is_defined_once(function: str, home: str) -> None:
    assert _defined(function) == [home]


def test_only_recency_turns_dates_into_an_order() -> None:
    users = [
        path
        for path, tree in _modules()
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute) and node.attr == "toordinal"
    ]
    assert set(users) == {"recency.py"}


def test_only_config_reads_the_configured_corpus_path() -> None:
    readers = [
        path
        for path, tree in _modules()
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute)
        and node.attr == "path"
        and isinstance(node.value, ast.Attribute)
        and node.value.attr == "corpus"
    ]
    assert set(readers) == {"config.py"}


def test_format_names_are_listed_only_in_the_registry() -> None:
    names = set(format_names())
    listings = []
    for path, tree in _modules():
        for node in ast.walk(tree):
            items = node.keys if isinstance(node, ast.Dict) else getattr(node, "elts", None)
            if isinstance(node, (ast.Dict, ast.Tuple, ast.List, ast.Set)) and items:
                found = {i.value for i in items if isinstance(i, ast.Constant) and i.value in names}
                if len(found) >= 2:
                    listings.append(path)
    assert listings == []  # the registry builds its dict from specs, not from a literal list of names


def test_one_stopword_list() -> None:
    from pubchat.answer import text
    from pubchat.search.analyzer import Analyzer
    from pubchat.stopwords import STOPWORDS

    assert Analyzer().stopwords is STOPWORDS and text.STOPWORDS is STOPWORDS
    word_sets = [
        path
        for path, tree in _modules()
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id in {"frozenset", "set"}
        and node.args
        and (words := _split_words(node.args[0])) is not None
        and len(words) >= 50
        and {"the", "and", "of"} <= set(words)
    ]
    assert word_sets == ["stopwords.py"]


def _split_words(node: ast.expr) -> list[str] | None:
    """The words of a `"...".split()` expression, else None."""
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "split"
        and isinstance(node.func.value, ast.Constant)
        and isinstance(node.func.value.value, str)
    ):
        return node.func.value.value.split()
    return None
