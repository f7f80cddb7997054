"""Reference export: BibTeX parses and has unique keys, APA/plain/Markdown carry the facts, escaping holds."""

from __future__ import annotations

import bibtexparser
import pytest

from pubchat.answer.cite import (
    apa_authors,
    bibtex_escape,
    cite_keys,
    format_apa,
    format_bibtex,
    format_md,
    format_plain,
    format_references,
    sentence_case,
)
from pubchat.citeformats import format_names
from pubchat.models import Paper


def _paper(**kw: object) -> Paper:
    base: dict[str, object] = {"id": "x1", "title": "A Study of Things", "authors": ["Ann Lee"], "year": 2022}
    base.update(kw)
    return Paper(**base)  # type: ignore[arg-type]


def test_bibtex_for_every_shipped_paper_parses_with_unique_keys(shipped_papers: list[Paper]) -> None:
    keys = cite_keys(shipped_papers)
    text = format_references(shipped_papers, "bibtex", keys)
    library = bibtexparser.parse_string(text)
    assert not library.failed_blocks
    assert len(library.entries) == len(shipped_papers)
    parsed_keys = [e.key for e in library.entries]
    assert len(set(parsed_keys)) == len(parsed_keys)
    by_key = {e.key: e for e in library.entries}
    for paper in shipped_papers:
        entry = by_key[keys[paper.id]]
        assert entry.entry_type == "misc"
        assert entry.fields_dict["eprint"].value == paper.arxiv_id
        assert entry.fields_dict["archivePrefix"].value == "arXiv"
        assert entry.fields_dict["primaryClass"].value == paper.category
        assert entry.fields_dict["year"].value == str(paper.year)
        assert entry.fields_dict["url"].value == paper.url
        names = entry.fields_dict["author"].value.split(" and ")
        assert names == paper.authors + ([] if paper.authors_complete else ["others"])


def test_keys_follow_surname_year_word_and_get_suffixes_on_collision() -> None:
    a = _paper(id="a", title="Learn From All: Erasing Attention", authors=["Yuhang Zhang", "W. Deng"])
    b = _paper(id="b", title="The Learn Trick", authors=["Yu Zhang"])
    c = _paper(id="c", title="On Müller Things", authors=["Jörg Müller"], year=None)
    keys = cite_keys([a, b, c])
    assert keys["a"] == "zhang2022learna"
    assert keys["b"] == "zhang2022learnb"
    assert keys["c"] == "mullerndmuller"


def test_special_characters_are_escaped_and_entry_still_parses() -> None:
    paper = _paper(title="Cats & Dogs: 100% of $5 #1 under_score {braces}", authors=["José Ñúñez"])
    entry = format_bibtex(paper, "k")
    for _raw, escaped in (("&", r"\&"), ("%", r"\%"), ("$", r"\$"), ("#", r"\#"), ("_", r"\_")):
        assert escaped in entry
    # BibTeX counts a brace even after a backslash: literal braces become text commands, so fields balance
    assert r"\textbraceleft{}braces\textbraceright{}" in entry
    assert "José Ñúñez" in entry  # accents kept as UTF-8
    library = bibtexparser.parse_string(entry)
    assert len(library.entries) == 1 and not library.failed_blocks
    assert bibtex_escape("a\\b") == r"a\textbackslash{}b"


def test_paper_without_arxiv_id_is_misc_without_eprint() -> None:
    paper = _paper(id="beir-17", title="experimental investigation of wings", authors=[], year=None)
    entry = format_bibtex(paper, cite_keys([paper])["beir-17"])
    assert entry.startswith("@misc{anonndexperimental,")
    assert "eprint" not in entry and "archivePrefix" not in entry and "author" not in entry
    assert bibtexparser.parse_string(entry).entries[0].fields_dict["title"].value
    assert format_apa(paper).startswith("Experimental investigation of wings. (n.d.).")
    assert format_plain(paper) == "experimental investigation of wings."


def test_apa_has_authors_year_sentence_case_title_and_doi() -> None:
    paper = _paper(
        title="SFace: Sigmoid-Constrained Hypersphere Loss for Robust Face Recognition",
        authors=["Yaoyao Zhong", "Weihong Deng", "Jean-Paul Marie Dupont"],
        arxiv_id="2205.12010",
        year=2022,
    )
    text = format_apa(paper)
    assert text.startswith("Zhong, Y., Deng, W., & Dupont, J.-P. M. (2022). ")
    assert "SFace: Sigmoid-constrained hypersphere loss for robust face recognition (arXiv:2205.12010)" in text
    assert text.endswith("arXiv. https://doi.org/10.48550/arXiv.2205.12010")


def test_sentence_case_keeps_acronyms_names_and_proper_nouns() -> None:
    assert (
        sentence_case("MMFakeBench: A Mixed-Source Benchmark for LVLMs")
        == "MMFakeBench: A mixed-source benchmark for LVLMs"
    )
    assert sentence_case("Confidence-Aware RGB-D Face Recognition") == "Confidence-aware RGB-D face recognition"
    assert (
        sentence_case("Learning on Chinese Oracle Bones", "we study oracle bones from ancient Chinese sites")
        == "Learning on Chinese oracle bones"
    )


def test_apa_author_list_rules() -> None:
    assert apa_authors(["Ann Lee"]) == "Lee, A."
    many = [f"Given{i} Name{i}" for i in range(25)]
    text = apa_authors(many)
    assert text.startswith("Name0, G., Name1, G.") and ", . . . Name24, G." in text
    assert text.count("Name") == 20
    assert apa_authors(["Ann Lee", "Bo Chen"], complete=False) == "Lee, A., Chen, B., et al."


def test_plain_and_markdown_carry_the_reference_facts() -> None:
    paper = _paper(
        title="Learn *From* [All]",
        authors=["Yuhang Zhang", "Weihong Deng"],
        arxiv_id="2207.10299",
        url="https://arxiv.org/abs/2207.10299",
        has_code=True,
        code_urls=["https://github.com/z/eac"],
    )
    plain = format_plain(paper)
    assert plain == (
        "Y. Zhang, W. Deng. Learn *From* [All]. arXiv:2207.10299, 2022. "
        "https://arxiv.org/abs/2207.10299 (code: https://github.com/z/eac)"
    )
    md = format_md(paper)
    assert r"*Learn \*From\* \[All\]*" in md  # title markup is escaped
    assert "[arXiv:2207.10299](<https://arxiv.org/abs/2207.10299>)" in md
    assert "Code: <https://github.com/z/eac>" in md


def test_code_link_only_when_the_list_flags_code() -> None:
    paper = _paper(code_urls=["http://example.org/dataset"], has_code=False)
    assert "example.org" not in format_plain(paper)


@pytest.mark.parametrize("fmt", format_names())
def test_every_format_renders_every_shipped_paper(shipped_papers: list[Paper], fmt: str) -> None:
    keys = cite_keys(shipped_papers)
    text = format_references(shipped_papers, fmt, keys)
    for paper in shipped_papers:
        assert (paper.arxiv_id or "") in text
    assert "\x1b" not in text
