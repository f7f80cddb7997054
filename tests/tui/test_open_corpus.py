"""The TUI opens the corpus a config file names relative to itself, like every command does."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest
from pilot_helpers import settle

from pubchat.tui.app import build_app


def test_tui_opens_a_corpus_named_relative_to_its_config(
    tmp_path: Path, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = tmp_path / "project"
    project.mkdir()
    papers = [
        {"id": "p1", "title": "Shock waves in rarefied gas", "abstract": "We study shock waves.", "year": 2021},
        {"id": "p2", "title": "Laminar flow over plates", "abstract": "Laminar flow is measured.", "year": 2020},
    ]
    (project / "mine.jsonl").write_text("".join(json.dumps(p) + "\n" for p in papers), encoding="utf-8")
    config = project / "config.toml"
    config.write_text('[corpus]\npath = "mine.jsonl"\n\n[tui]\ncursor_blink = false\n', encoding="utf-8")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)  # the path is relative to the config file, not to the working directory

    async def run() -> None:
        app = build_app(str(config), None)
        async with app.run_test() as pilot:
            await settle(pilot)
            assert app.engine_error is None
            assert [p.id for p in app.engine().papers] == ["p1", "p2"]
            assert app.sub_title.endswith("· 2 papers")

    asyncio.run(run())
