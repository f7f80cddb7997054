"""The shipped corpus and the JSONL loader: valid, regenerable, strict about bad lines."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from repo_paths import REPO

from pubchat.corpus import dump_jsonl, import_source, read_jsonl
from pubchat.errors import CorpusError
from pubchat.models import Paper


def test_shipped_corpus_has_50_valid_papers_with_arxiv_links(shipped_papers: list[Paper]) -> None:
    assert len(shipped_papers) == 50
    assert len({p.id for p in shipped_papers}) == 50
    for paper in shipped_papers:
        assert paper.arxiv_id and paper.id == paper.arxiv_id
        assert paper.url == f"https://arxiv.org/abs/{paper.arxiv_id}"
        assert paper.pdf_url == f"https://arxiv.org/pdf/{paper.arxiv_id}"
        assert paper.year == paper.date.year and paper.category in {"cs.CV", "cs.CL"}
        assert paper.authors and paper.abstract


def test_every_url_written_in_an_abstract_is_a_clean_link(shipped_papers: list[Paper]) -> None:
    written = 0
    for paper in shipped_papers:
        written += len(re.findall(r"https?://|www\.", paper.abstract))
        for url in paper.code_urls:
            assert re.fullmatch(r"https?://[^\s]+", url), url
            assert not url.endswith((".", ",", ")", "}", ";")), url
            assert url in paper.abstract or " " in paper.abstract  # broken ones were re-joined
    restoration = [p for p in shipped_papers if "Face Restoration" in p.title and "Survey" in p.title]
    assert restoration and "https://github.com/24wenjie-li/Awesome-Face-Restoration" in restoration[0].code_urls
    found = sum(len(p.code_urls) for p in shipped_papers)
    assert found >= 20 and written >= found


def test_regenerating_the_shipped_corpus_is_byte_identical() -> None:
    result = import_source(
        "profile",
        REPO / "corpus" / "weihong-deng-profile.txt",
        page_year=2026,
        enrich=REPO / "corpus" / "seed_arxiv.json",
    )
    assert result.warnings == []
    assert dump_jsonl(result.papers) == (REPO / "corpus" / "papers.jsonl").read_text(encoding="utf-8")


def _write(tmp_path: Path, lines: list[str]) -> Path:
    path = tmp_path / "papers.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


GOOD = json.dumps({"id": "p1", "title": "A paper", "year": 2022})


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        ([GOOD, '{"id": "p2", "title": "B", "year": "soon"}'], r"papers\.jsonl:2: field 'year': "),
        (
            [GOOD, '{"id": "p2", "title": "B", "year": 1200}'],
            r"papers\.jsonl:2: field 'year': .*greater than or equal to 1900",
        ),
        ([GOOD, '{"id": "p2", "titel": "B"}'], r"papers\.jsonl:2: field 'title': required field is missing"),
        ([GOOD, '{"id": "p2", "title": "B", "colour": 1}'], r"papers\.jsonl:2: field 'colour': unknown field"),
        ([GOOD, '{"id": "p2", "title": "B"'], r"papers\.jsonl:2: invalid JSON"),
        ([GOOD, GOOD], r"papers\.jsonl:2: field 'id': duplicate id 'p1' \(first on line 1\)"),
        (["", "  "], r"papers\.jsonl: the corpus is empty; import"),
        (["[1, 2]"], r"papers\.jsonl:1: expected a JSON object"),
    ],
)
def test_bad_corpus_lines_are_reported_with_file_line_and_field(
    tmp_path: Path, lines: list[str], expected: str
) -> None:
    with pytest.raises(CorpusError) as info:
        read_jsonl(_write(tmp_path, lines))
    assert "\n" not in str(info.value)
    assert re.search(expected, str(info.value)), str(info.value)


def test_missing_corpus_file_has_a_hint(tmp_path: Path) -> None:
    with pytest.raises(CorpusError, match=r"corpus file not found; create one with `pubchat import"):
        read_jsonl(tmp_path / "absent.jsonl")


def test_jsonl_round_trip_keeps_every_field(shipped_papers: list[Paper], tmp_path: Path) -> None:
    path = tmp_path / "copy.jsonl"
    path.write_text(dump_jsonl(shipped_papers), encoding="utf-8")
    assert read_jsonl(path) == shipped_papers
