"""Importers for the files researchers have: BibTeX, CSL-JSON, RIS, arXiv Atom, OpenAlex, Semantic Scholar.

The fixtures in tests/data/imports are written the way the tools write them, awkward parts included;
malformed variants must stop with one line naming the file and place, exit status 2.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pubchat.answer.cite import cite_keys, format_references
from pubchat.cli import main
from pubchat.corpus import import_source
from pubchat.corpus.importers import guess_format
from pubchat.models import Paper

FIXTURES = Path(__file__).parent / "data" / "imports"


def _import(name: str, fmt: str = "auto") -> dict[str, Paper]:
    result = import_source(fmt, FIXTURES / name, page_year=2026)
    return {p.citation_key or p.id: p for p in result.papers}


def test_bibtex_strings_crossref_accents_and_names() -> None:
    result = import_source("bibtex", FIXTURES / "scholar.bib", page_year=2026)
    assert (result.read, len(result.papers), len(result.skipped)) == (5, 4, 1)
    assert "cross-referenced proceedings" in result.skipped[0]
    papers = {p.citation_key: p for p in result.papers}
    sface = papers["zhong2021sface"]
    # @string + "#" concatenation resolved; braces protecting case removed; DOI normalised
    assert sface.venue == "Proceedings of the IEEE/CVF Conference on Computer Vision and Pattern Recognition (CVPR)"
    assert sface.title.startswith("SFace: Sigmoid")
    assert (sface.doi, sface.type, sface.pages, sface.year) == (
        "10.1109/cvpr.2021.00001",
        "inproceedings",
        "1–10",
        2021,
    )
    naive = papers["muller2020naive"]
    assert naive.title == "On Naïve Façade Detection – a Study"
    assert naive.authors == ["Jörg Müller", "José González", "Jan van der Berg Jr.", "Barnes and Noble Research"]
    assert (naive.venue, naive.volume, naive.issue) == ("IEEE Transactions on Image Processing", "29", "4")
    assert naive.keywords == ["facades", "detection", "naive methods"]
    assert naive.code_urls == ["https://github.com/example/facade"] and naive.has_code
    learn = papers["zhang2022learn"]
    assert (learn.arxiv_id, learn.category, learn.type, learn.id) == ("2207.10299", "cs.CV", "preprint", "2207.10299")
    gan = papers["berg2022gan"]  # crossref: booktitle from the parent's title, year and publisher inherited
    assert (gan.venue, gan.year, gan.publisher) == (
        "Computer Vision - ECCV 2022 - 17th European Conference",
        2022,
        "Springer",
    )
    assert all(p.sources == ["bibtex:scholar.bib"] for p in result.papers)


def test_ris_with_bom_unknown_tags_and_suffixes() -> None:
    assert (FIXTURES / "endnote.ris").read_bytes().startswith(b"\xef\xbb\xbf")
    papers = _import("endnote.ris")
    sface = papers["zhong2021sface"]
    assert sface.authors == ["Yaoyao Zhong", "Weihong Deng", "Jan van der Berg Jr."]
    assert (sface.venue, sface.volume, sface.pages, sface.doi) == (
        "IEEE Transactions on Image Processing",
        "30",
        "2587–2598",
        "10.1109/tip.2021.3052939",
    )
    assert sface.date is not None and sface.date.isoformat() == "2021-01-22"
    assert sface.keywords == ["Face recognition", "Training"]
    learn = next(p for p in papers.values() if p.arxiv_id)
    assert (learn.arxiv_id, learn.url, learn.abstract) == ("2207.10299", "https://arxiv.org/abs/2207.10299", "")


def test_csl_json_date_parts_particles_and_literal_names() -> None:
    papers = _import("zotero.json")
    survey = papers["wang2021deep"]  # Better BibTeX's citation-key wins over Zotero's item URI
    assert survey.authors == ["Mei Wang", "Weihong Deng", "Jan van der Berg Jr."]
    assert survey.date is not None and survey.date.isoformat() == "2021-03-14"
    assert (survey.venue, survey.pages, survey.doi, survey.type) == (
        "Neurocomputing",
        "215-244",
        "10.1016/j.neucom.2020.10.081",
        "article",
    )
    preprint = papers["smith2020"]
    assert (preprint.year, preprint.date, preprint.arxiv_id) == (2020, None, "2005.01234")
    assert preprint.authors == ["The FER Consortium"] and preprint.type == "preprint"


def test_arxiv_feed_keeps_the_latest_version_and_reads_venues() -> None:
    result = import_source("arxiv", FIXTURES / "arxiv_feed.xml", page_year=2026)
    assert (result.read, len(result.papers), result.merged) == (3, 2, 1)
    learn, journal = result.papers
    assert learn.authors == ["Yuhang Zhang", "Chengrui Wang", "Xu Ling", "Weihong Deng"]  # from v2, not v1
    assert learn.abstract.endswith("traditional noisy label classification tasks.")
    assert (learn.venue, learn.category, learn.keywords) == ("ECCV 2022", "cs.CV", ["cs.LG"])
    assert learn.sources == ["arxiv:arxiv_feed.xml#v2"]
    assert (journal.doi, journal.venue, journal.type) == (
        "10.1109/tpami.2021.1234567",
        "IEEE TPAMI 44 (2021) 1-10",
        "article",
    )


def test_openalex_abstract_rebuilt_from_inverted_index() -> None:
    result = import_source("openalex", FIXTURES / "openalex.json", page_year=2026)
    sface, bare = result.papers
    assert sface.abstract == "Deep face recognition is hard; face matters."
    assert (sface.arxiv_id, sface.doi, sface.pages) == ("2205.12010", "10.1109/cvpr46437.2021.00063", "1234–1243")
    assert sface.venue == "2021 IEEE/CVF Conference on Computer Vision and Pattern Recognition (CVPR)"
    assert bare.abstract == "" and bare.title == "Untitled Abstractless Work"
    assert "1 without abstract" in result.summary()


def test_semantic_scholar_paper_json() -> None:
    (paper,) = import_source("semantic-scholar", FIXTURES / "semantic_scholar.json", page_year=2026).papers
    assert (paper.arxiv_id, paper.doi, paper.venue, paper.volume, paper.type) == (
        "2205.12010",
        "10.1109/tip.2021.3052939",
        "IEEE Transactions on Image Processing",
        "30",
        "article",
    )


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("scholar.bib", "bibtex"),
        ("endnote.ris", "ris"),
        ("zotero.json", "csl-json"),
        ("arxiv_feed.xml", "arxiv"),
        ("openalex.json", "openalex"),
        ("semantic_scholar.json", "semantic-scholar"),
    ],
)
def test_auto_guesses_each_format(name: str, fmt: str, tmp_path: Path) -> None:
    assert guess_format(FIXTURES / name) == fmt
    renamed = tmp_path / "download"  # no telling suffix: the content decides
    renamed.write_bytes((FIXTURES / name).read_bytes())
    assert guess_format(renamed) == fmt


@pytest.mark.parametrize("fmt", ["bibtex", "csl-json", "ris"])
def test_shipped_list_round_trips_through_each_export(fmt: str, shipped_papers: list[Paper], tmp_path: Path) -> None:
    path = tmp_path / f"export.{fmt}"
    path.write_text(format_references(shipped_papers, fmt, cite_keys(shipped_papers), abstracts=True), encoding="utf-8")
    back = import_source(fmt, path, page_year=2026).papers
    assert len(back) == len(shipped_papers) == 50

    def facts(p: Paper) -> tuple[object, ...]:
        return (p.title, p.authors, p.year, p.arxiv_id, p.abstract)

    assert [facts(p) for p in back] == [facts(p) for p in shipped_papers]
    assert [p.citation_key for p in back] == [cite_keys(shipped_papers)[p.id] for p in shipped_papers]


BAD = {
    "unclosed.bib": ("@article{a,\n  title = {Unclosed\n}\n@misc{b, title={B}}\n", "unclosed.bib:1: BibTeX syntax"),
    "crossref.bib": (
        "@inproceedings{a, title={A}, crossref={missing}}\n",
        "field 'crossref': no entry with key 'missing'",
    ),
    "dupkey.bib": ("@misc{a, title={A}}\n@misc{a, title={B}}\n", "dupkey.bib:2: entry key 'a': duplicate citation key"),
    "noer.ris": (
        "TY  - JOUR\nTI  - A\nER  - \n\nTY  - JOUR\nTI  - B\n",
        "noer.ris:5: field 'ER': the record is not closed",
    ),
    "noty.ris": ("TI  - A\nER  - \n", "noty.ris:1: field 'TI': outside a record"),
    "badtag.ris": ("TY  - JOUR\nTI - A\nER  - \n", "badtag.ris:2: malformed tag line"),
    "dates.json": (
        '[{"id": "a", "title": "A", "issued": {"date-parts": [[2021, 13, 1]]}}]',
        "dates.json:1: item 1 ('a'): field 'issued'",
    ),
    "names.json": (
        '[\n {"id": "a", "title": "A"},\n {"id": "b", "title": "B", "author": "Doe"}\n]',
        "names.json:3: item 2 ('b'): field 'author'",
    ),
    "syntax.json": ('[{"id": "a", "title": "A",}]', "syntax.json:1: invalid JSON"),
    "feed.xml": (
        '<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>x</id></feed>',
        "feed.xml:1: not well-formed XML",
    ),
    "notarxiv.xml": (
        '<feed xmlns="http://www.w3.org/2005/Atom">\n<entry><id>http://example.org/1</id><title>T</title></entry></feed>',
        "notarxiv.xml: entry 1: field 'id'",
    ),
    "inverted.json": (
        '{"results": [{"id": "https://openalex.org/W1", "title": "T", "abstract_inverted_index": {"a": "0"}}]}',
        "field 'abstract_inverted_index'",
    ),
    "s2.json": ('{"data": [{"paperId": "1", "title": "T", "authors": [{"authorId": "1"}]}]}', "field 'authors'"),
    "mystery.dat": ("hello\n", "cannot tell the format"),
}


@pytest.mark.parametrize("name", list(BAD))
def test_malformed_files_end_in_one_line_error_exit_2(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text, expected = BAD[name]
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    fmt = "openalex" if name == "inverted.json" else "semantic-scholar" if name == "s2.json" else "auto"
    if name in ("dates.json", "names.json", "syntax.json"):
        fmt = "csl-json"
    assert main(["import", fmt, str(path), "-o", str(tmp_path / "out.jsonl")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("pubchat: error: "), err
    assert expected in err, err
    assert not (tmp_path / "out.jsonl").exists()


def test_summary_counts_read_kept_skipped(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "lab.jsonl"
    assert main(["import", "auto", str(FIXTURES / "scholar.bib"), "-o", str(out)]) == 0
    captured = capsys.readouterr()
    assert "read 5 entries; wrote 4 papers" in captured.out
    assert "kept 4, merged 0, skipped 1 (3 without abstract: searched by title only)" in captured.out
    assert "skipped: " in captured.err and "DBLP:conf/eccv/2022" in captured.err
    assert len(out.read_text(encoding="utf-8").splitlines()) == 4
    assert main(["--corpus", str(out), "search", "facade"]) == 0
    assert "Naïve Façade" in capsys.readouterr().out


def test_imported_records_are_plain_json(tmp_path: Path) -> None:
    out = tmp_path / "c.jsonl"
    assert main(["import", "ris", str(FIXTURES / "endnote.ris"), "-o", str(out)]) == 0
    first = json.loads(out.read_text(encoding="utf-8").splitlines()[0])
    assert first["sources"] == ["ris:endnote.ris"] and first["citation_key"] == "zhong2021sface"


def test_a_preprint_and_its_published_version_in_one_file_become_one_record(tmp_path: Path) -> None:
    bib = tmp_path / "scholar.bib"
    bib.write_text(
        "@article{zhang2022learn,\n  title={Learn From All: Erasing Attention Consistency for Noisy Label Facial"
        " Expression Recognition},\n  author={Zhang, Yuhang and Wang, Chengrui},\n  journal={arXiv preprint"
        " arXiv:2207.10299},\n  year={2022}\n}\n\n@inproceedings{zhang2022learnfrom,\n  title={Learn from all:"
        " Erasing attention consistency for noisy label facial expression recognition},\n  author={Zhang, Yuhang"
        " and Wang, Chengrui and Ling, Xu and Deng, Weihong},\n  booktitle={ECCV},\n  pages={418--434},\n"
        "  year={2022},\n  doi={10.1007/978-3-031-19809-0_24}\n}\n",
        encoding="utf-8",
    )
    result = import_source("auto", bib, page_year=2026)
    (paper,) = result.papers
    assert (result.read, result.merged) == (2, 1)
    assert (paper.arxiv_id, paper.venue, paper.doi) == ("2207.10299", "ECCV", "10.1007/978-3-031-19809-0_24")
    assert paper.authors == ["Yuhang Zhang", "Chengrui Wang", "Xu Ling", "Weihong Deng"]
