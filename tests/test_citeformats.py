"""Every place that offers citation formats offers exactly the registry's (pubchat.citeformats)."""

from __future__ import annotations

import re

import pytest

from pubchat.answer.intent import detect_intent
from pubchat.citeformats import FORMATS, format_names, get_format
from pubchat.cli import build_parser
from pubchat.config import parse_settings
from pubchat.errors import ConfigError
from pubchat.models import Paper


def test_cli_cite_offers_the_registry() -> None:
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command").choices  # type: ignore[union-attr]
    fmt = next(a for a in sub["cite"]._actions if a.dest == "format")
    # no argparse choices (csl:FILE is open-ended): the help lists the registry, cmd_cite checks the name
    assert fmt.choices is None and f"one of {', '.join(format_names())}, or csl:FILE" in (fmt.help or "")


@pytest.mark.parametrize("name", format_names())
def test_config_accepts_each_format(name: str) -> None:
    assert parse_settings(f'[cite]\nformat = "{name}"\n', "c.toml").cite.format == name


def test_config_rejects_an_unknown_format_naming_the_choices() -> None:
    with pytest.raises(ConfigError, match=r"cite\.format.*bibtex, apa"):
        parse_settings('[cite]\nformat = "mla"\n', "c.toml")


@pytest.mark.parametrize(("name", "word"), [(s.name, w) for s in FORMATS.values() for w in s.words])
def test_questions_name_each_format_by_its_words(name: str, word: str) -> None:
    info = detect_intent(f"cite all as {word}")
    assert info.intent == "cite" and info.cite_format == name


@pytest.mark.parametrize("name", format_names())
def test_each_format_renders(name: str) -> None:
    paper = Paper(id="x", title="A study of flows", authors=["Ada Lovelace"], year=2020, arxiv_id="2001.00001")
    text = get_format(name).render([paper], {"x": "lovelace2020study"})
    assert "A study of flows" in text or "A study of flows".lower() in text.lower()


def test_tui_paper_view_has_a_copy_key_for_each_format() -> None:
    from pubchat.tui.screens.paper import PaperScreen

    actions = [b.action for b in PaperScreen.BINDINGS if hasattr(b, "action")]  # type: ignore[union-attr]
    copied = {m.group(1) for a in actions if (m := re.fullmatch(r"copy_format\('([\w-]+)'\)", a))}
    assert copied == set(format_names())
