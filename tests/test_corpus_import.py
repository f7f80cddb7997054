"""Importer tests: the profile-page format, enrichment, BEIR; bad input gives one-line errors."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from pubchat.corpus import import_source, load_beir_corpus
from pubchat.corpus.profile import parse_profile_text
from pubchat.corpus.text import find_urls
from pubchat.errors import CorpusError

HEADER = "Jane Doe\n\nCV\nh-index12\n3papers\n\n3 Papers\n\n"


def entry(head: str, title: str, authors: str | None, abstract: str | None) -> str:
    """One profile entry as the page prints it."""
    parts = [head, title]
    if authors is not None:
        parts += ["", authors]
    if abstract is not None:
        parts += ["", abstract]
    return "\n".join(parts) + "\n\n"


def test_profile_entry_fields() -> None:
    text = HEADER + entry(
        "CVJul 21, 2022Code", "A Title", "Ann Lee, Bo Chen, Cy Wu et al.", "We do X. Code at https://github.com/a/b."
    )
    (e,) = parse_profile_text(text, "page.txt", page_year=2026)
    assert (e.category, e.date.isoformat(), e.has_code) == ("cs.CV", "2022-07-21", True)
    assert e.title == "A Title"
    assert e.authors == ["Ann Lee", "Bo Chen", "Cy Wu"] and e.authors_complete is False
    assert e.urls == ["https://github.com/a/b"]


def test_profile_entry_without_code_flag_or_year_uses_page_year() -> None:
    text = HEADER + entry("CLApr 19", "Speech Things", "Ann Lee, Bo Chen", "Abstract text.")
    (e,) = parse_profile_text(text, "page.txt", page_year=2024)
    assert e.has_code is False and e.category == "cs.CL"
    assert e.date.isoformat() == "2024-04-19"
    assert e.authors == ["Ann Lee", "Bo Chen"] and e.authors_complete is True


def test_multiline_abstract_is_joined_and_header_block_ignored() -> None:
    text = HEADER + entry("CVMar 2, 2022", "T", "A B", "First line\ncontinues here.")
    (e,) = parse_profile_text(text, "p", 2026)
    assert e.abstract == "First line continues here."


@pytest.mark.parametrize(
    ("written", "clean"),
    [
        (
            "at https:// github.com/ 24wenjie-li/ Awesome-Face-Restoration. Next",
            ["https://github.com/24wenjie-li/Awesome-Face-Restoration"],
        ),
        ("see \\url{https://github.com/IVIPLab/FIWHN}.", ["https://github.com/IVIPLab/FIWHN"]),
        ("page http://www.bhchen.cn/}. and (https://x.org/a_b).", ["http://www.bhchen.cn/", "https://x.org/a_b"]),
        ("at https://github.com/u/ and more words", ["https://github.com/u/"]),
        ("twice https://a.io/x, https://a.io/x.", ["https://a.io/x"]),
    ],
)
def test_urls_in_abstracts_are_cleaned(written: str, clean: list[str]) -> None:
    assert find_urls(written) == clean


@pytest.mark.parametrize(
    ("text", "pattern"),
    [
        (HEADER + entry("CVJul 21, 2022", "Only A Title", None, None), r"^p:10: field 'authors': missing"),
        (HEADER + entry("CVJul 21, 2022", "Title", "Ann Lee", None), r"^p:12: field 'abstract': missing"),
        (HEADER + entry("CVFeb 31, 2022Code", "T", "A", "B"), r"^p:9: field 'date': 'Feb 31, 2022Code'"),
        (HEADER + entry("CVJun 2O, 2022", "T", "A", "B"), r"^p:9: field 'date': cannot read"),
        (HEADER + entry("QQJul 1, 2022", "T", "A", "B"), r"^p:9: field 'category': unknown category 'QQ'"),
        (HEADER + "CVJul 1, 2022\n", r"^p:9: field 'title': entry has no title"),
        ("just some text\n\nwith no entries\n", r"^p: no entries found"),
    ],
)
def test_malformed_profile_gives_one_line_error_with_place(text: str, pattern: str) -> None:
    with pytest.raises(CorpusError) as info:
        parse_profile_text(text, "p", 2026)
    message = str(info.value)
    assert "\n" not in message
    assert re.search(pattern, message), message


def test_non_utf8_file_names_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "page.txt"
    bad.write_bytes((HEADER + "CVJul 1, 2022\nCaf\xe9 title\n").encode("latin-1"))
    with pytest.raises(CorpusError, match=r"page\.txt:10: not UTF-8"):
        import_source("profile", bad, page_year=2026)


def test_missing_source_file(tmp_path: Path) -> None:
    with pytest.raises(CorpusError, match=r"nope\.txt: file not found"):
        import_source("profile", tmp_path / "nope.txt", page_year=2026)


def test_enrichment_adds_ids_links_and_reports_unmatched(tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    page.write_text(
        HEADER
        + entry("CVJul 1, 2022", "Known Paper", "Ann Lee et al.", "We do X.")
        + entry("CVJul 2, 2022", "Unknown Paper", "Bo Chen", "We do Y."),
        encoding="utf-8",
    )
    enrich = tmp_path / "arxiv.json"
    enrich.write_text(
        json.dumps(
            [
                {
                    "title": "Known Paper",
                    "arxiv_id": "2207.00001",
                    "authors": ["Ann Lee", "Zed Full"],
                    "authors_complete": True,
                },
                {"title": "Not On Page", "arxiv_id": "2207.00002", "authors": ["X Y"]},
            ]
        ),
        encoding="utf-8",
    )
    result = import_source("profile", page, page_year=2026, enrich=enrich)
    known, unknown = result.papers
    assert known.id == "2207.00001" and known.url == "https://arxiv.org/abs/2207.00001"
    assert known.pdf_url == "https://arxiv.org/pdf/2207.00001"
    assert known.authors == ["Ann Lee", "Zed Full"] and known.authors_complete
    assert unknown.id == "unknown-paper" and unknown.arxiv_id is None and unknown.url is None
    assert any("Unknown Paper" in w for w in result.warnings)
    assert any("Not On Page" in w for w in result.warnings)


def test_beir_corpus_reads_and_validates(tmp_path: Path) -> None:
    (tmp_path / "corpus.jsonl").write_text(
        '{"_id": "1", "title": "wings", "text": "lift on wings"}\n{"_id": 2, "title": "", "text": "body"}\n',
        encoding="utf-8",
    )
    papers = load_beir_corpus(tmp_path)
    assert [p.id for p in papers] == ["1", "2"]
    assert papers[1].title == "Document 2" and papers[1].abstract == "body"
    (tmp_path / "corpus.jsonl").write_text('{"_id": "1", "text": "a"}\n{"title": "x"}\n', encoding="utf-8")
    with pytest.raises(CorpusError, match=r"corpus\.jsonl:2: field '_id': missing"):
        load_beir_corpus(tmp_path)
