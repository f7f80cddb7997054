"""Every command opens the engine one way: the same corpus path rule, the index cache, one Conversation per batch."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from pubchat.cli import main
from pubchat.config import load_settings
from pubchat.models import Answer

TOPICS = [
    "shock waves in rarefied gas",
    "laminar flow over flat plates",
    "heat transfer in slip flow",
    "buckling of thin shells",
    "vortex shedding behind cylinders",
]


def _corpus(path: Path, n: int) -> Path:
    """A corpus of n small papers on different topics; p0 is the only one on shock waves."""
    lines = []
    for i in range(n):
        topic = TOPICS[i % len(TOPICS)] if i < len(TOPICS) else f"{TOPICS[1 + i % (len(TOPICS) - 1)]} case {i}"
        lines.append(json.dumps({"id": f"p{i}", "title": topic.capitalize(), "abstract": f"We study {topic}."}))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    assert main(argv) == 0, capsys.readouterr().err
    return capsys.readouterr().out


def test_stdin_batch_is_one_conversation(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(sys, "stdin", io.StringIO("facial expression recognition\nbibtex for [2]\n"))
    first, follow = (Answer.model_validate_json(line) for line in _run(["ask", "-"], capsys).splitlines())
    assert len(first.citations) >= 2
    assert [c.id for c in follow.citations] == [first.citations[1].id]
    alone = Answer.model_validate_json(_run(["ask", "bibtex for [2]", "--json"], capsys))
    assert alone.citations == [] and "no previous answer" in alone.answer  # a one-shot question has no past


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["papers", "--json"], '"id": "p0"'),
        (["search", "shock waves"], "Shock waves in rarefied gas"),
        (["ask", "shock waves", "--json"], '"id": "p0"'),
        (["cite", "p0"], "Shock waves in rarefied gas"),
        (["eval", "qa", "QA"], "topical          1    1.000"),
        (["eval", "qa", "QA", "--engine", "search"], "topical          1    1.000"),
    ],
    ids=lambda v: " ".join(v) if isinstance(v, list) else "",
)
def test_every_command_reads_the_corpus_relative_to_its_config(
    argv: list[str], expected: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    project = tmp_path / "project"
    (project / "data").mkdir(parents=True)
    _corpus(project / "data" / "mine.jsonl", len(TOPICS))
    config = project / "config.toml"
    config.write_text('[corpus]\npath = "data/mine.jsonl"\n', encoding="utf-8")
    qa = tmp_path / "qa.jsonl"
    judged = {"id": "q1", "question": "shock waves", "type": "topical", "relevant": {"Shock waves in rarefied gas": 2}}
    qa.write_text(json.dumps(judged) + "\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)  # not the config's folder
    out = _run(["--config", str(config), *[str(qa) if a == "QA" else a for a in argv]], capsys)
    assert expected in out


def test_corpus_file_rule(tmp_path: Path) -> None:
    config = tmp_path / "conf" / "config.toml"
    config.parent.mkdir()
    config.write_text('[corpus]\npath = "papers.jsonl"\n', encoding="utf-8")
    loaded = load_settings(config)
    assert loaded.corpus_file() == config.parent / "papers.jsonl"
    assert loaded.corpus_file("other.jsonl") == Path("other.jsonl")  # --corpus: as given
    assert load_settings(config).settings.corpus.path == "papers.jsonl"
    assert load_settings(None, cwd=tmp_path).corpus_file() is None  # built-in defaults: the shipped corpus


def test_search_loads_the_index_cache_on_its_second_run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    min_docs = 20
    _corpus(tmp_path / "big.jsonl", min_docs)
    config = tmp_path / "config.toml"
    config.write_text(
        f'[corpus]\npath = "big.jsonl"\n\n[cache]\ndir = "{tmp_path / "cache"}"\nmin_docs = {min_docs}\n',
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    first = _run(["--config", str(config), "search", "shock waves"], capsys)
    assert len(list((tmp_path / "cache").glob("index-*"))) == 1

    import pubchat.search.index as index_mod

    def no_analysis(*args: object) -> object:
        raise AssertionError("the corpus was analysed again instead of loaded from the cache")

    monkeypatch.setattr(index_mod, "analyze_and_count", no_analysis)
    assert _run(["--config", str(config), "search", "shock waves"], capsys) == first
    uncached = tmp_path / "uncached.toml"  # the control: without the cache the spy does fire
    uncached.write_text('[corpus]\npath = "big.jsonl"\n\n[cache]\nenabled = false\n', encoding="utf-8")
    with pytest.raises(AssertionError, match="analysed again"):
        main(["--config", str(uncached), "search", "shock waves"])
