"""Merging lists without duplicates, citing the published version, CSL styles and reference exports."""

from __future__ import annotations

import json
import shutil
import socket
from pathlib import Path

import bibtexparser
import pytest

from pubchat.answer.cite import apa_authors, cite_keys, format_apa, format_bibtex, format_references
from pubchat.answer.csl import render_csl, styles_dir
from pubchat.assistant import Assistant
from pubchat.citeformats import FORMATS
from pubchat.cli import main
from pubchat.config import Settings
from pubchat.corpus import read_jsonl, shipped_corpus_path
from pubchat.corpus.merge import merge_papers
from pubchat.corpus.names import parse_name
from pubchat.models import Paper

FIXTURES = Path(__file__).parent / "data" / "imports"


def _parse_bibtex(text: str) -> list[str]:
    library = bibtexparser.parse_string(text)
    assert not library.failed_blocks, [b.raw[:80] for b in library.failed_blocks]
    return [e.key for e in library.entries]


@pytest.fixture(scope="module")
def lab(tmp_path_factory: pytest.TempPathFactory) -> list[Paper]:
    """The shipped list merged with a second list sharing 3 papers (DOI-only, upper-cased title, later version)."""
    out = tmp_path_factory.mktemp("merge") / "lab.jsonl"
    assert main(["merge", str(shipped_corpus_path()), str(FIXTURES / "second_list.bib"), "-o", str(out)]) == 0
    return read_jsonl(out)


def test_merge_folds_the_three_shared_papers(lab: list[Paper], shipped_papers: list[Paper]) -> None:
    assert len(lab) == 50 + 5 - 3
    by_id = {p.id: p for p in lab}
    sface = by_id["2205.12010"]  # matched by title + first author + year (the journal copy has no arXiv id)
    assert (sface.venue, sface.doi, sface.volume, sface.pages) == (
        "IEEE Transactions on Image Processing",
        "10.1109/tip.2021.3052939",
        "30",
        "2587–2598",
    )
    assert sface.abstract and sface.arxiv_id == "2205.12010"
    assert sface.sources == ["profile:weihong-deng-profile.txt", "bibtex:second_list.bib"]
    learn = by_id["2207.10299"]  # matched through the upper-cased title
    assert learn.title.startswith("Learn From All") and learn.venue == "European Conference on Computer Vision (ECCV)"
    assert learn.doi == "10.1007/978-3-031-19809-0_24"
    ssan = by_id["2203.05340"]  # arXiv id with a later version
    assert ssan.venue is None and len(ssan.sources) == 2
    shipped_ids = {p.id for p in shipped_papers}
    assert shipped_ids <= set(by_id)


def test_merge_via_import_merge_option(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "lab.jsonl"
    code = main(
        ["import", "bibtex", str(FIXTURES / "second_list.bib"), "--merge", str(shipped_corpus_path()), "-o", str(out)]
    )
    assert code == 0
    assert "kept 52, merged 3" in capsys.readouterr().out
    assert len(read_jsonl(out)) == 52


def test_every_bibtex_entry_of_shipped_and_merged_lists_parses_with_unique_keys(
    lab: list[Paper], shipped_papers: list[Paper]
) -> None:
    for papers in (shipped_papers, lab):
        keys = _parse_bibtex(format_references(papers, "bibtex", cite_keys(papers), abstracts=True))
        assert len(keys) == len(papers) == len(set(keys))
    keys = cite_keys(lab)
    assert keys["2205.12010"] == "zhong2021sface"  # the source's own key is kept


def test_published_version_is_cited_with_the_arxiv_id_as_eprint(lab: list[Paper]) -> None:
    sface = next(p for p in lab if p.id == "2205.12010")
    entry = format_bibtex(sface, "zhong2021sface")
    assert entry.startswith("@article{zhong2021sface,")
    assert "journal = {IEEE Transactions on Image Processing}" in entry and "doi = {10.1109/tip.2021.3052939}" in entry
    assert "eprint = {2205.12010}" in entry and "pages = {2587--2598}" in entry
    apa = format_apa(sface)
    assert "IEEE Transactions on Image Processing, 30, 2587–2598. https://doi.org/10.1109/tip.2021.3052939" in apa
    assert apa.endswith("(arXiv:2205.12010)") and "(2021)" in apa
    preprint = next(p for p in lab if p.id == "2203.05340")
    assert format_bibtex(preprint, "k").startswith("@misc{k,")


def test_near_duplicates_are_reported_not_merged(tmp_path: Path) -> None:
    base = [Paper(id="a", title="Robust Face Recognition with Noisy Labels", authors=["Ann Lee"], year=2022)]
    near = [Paper(id="b", title="Robust Face Recognition under Noisy Labels", authors=["Ann Lee"], year=2022)]
    result = merge_papers(base, near)
    assert len(result.papers) == 2 and result.merged == 0
    assert len(result.near_duplicates) == 1 and "kept both" in result.near_duplicates[0]


def test_duplicate_ids_in_a_corpus_still_name_both_lines(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "dup.jsonl"
    bad.write_text(
        '{"id": "x", "title": "A"}\n{"id": "y", "title": "B"}\n{"id": "x", "title": "C"}\n', encoding="utf-8"
    )
    assert main(["--corpus", str(bad), "papers"]) == 2
    err = capsys.readouterr().err
    assert "dup.jsonl:3: field 'id': duplicate id 'x' (first on line 1)" in err and err.count("\n") == 1


@pytest.mark.parametrize(
    ("name", "first", "surname", "jr", "apa"),
    [
        ("Jan van der Berg Jr.", "Jan", "van der Berg", "Jr.", "van der Berg, J., Jr."),
        ("van der Berg, Jr., Jan", "Jan", "van der Berg", "Jr.", "van der Berg, J., Jr."),
        ("Martin Luther King, Jr.", "Martin Luther", "King", "Jr.", "King, M. L., Jr."),
        ("Ludwig van Beethoven", "Ludwig", "van Beethoven", "", "van Beethoven, L."),
        ("Yuhang Zhang", "Yuhang", "Zhang", "", "Zhang, Y."),
    ],
)
def test_name_particles_and_suffixes(name: str, first: str, surname: str, jr: str, apa: str) -> None:
    parts = parse_name(name)
    assert (parts.first, parts.surname, parts.jr) == (first, surname, jr)
    assert apa_authors([name]) == apa


def test_key_of_a_suffixed_name_uses_the_surname() -> None:
    paper = Paper(id="g", title="A GAN for Faces", authors=["Jan van der Berg Jr."], year=2022)
    assert cite_keys([paper])["g"] == "vanderberg2022gan"
    assert "author = {van der Berg, Jr., Jan}" in format_bibtex(paper, "k")


@pytest.mark.parametrize("name", [spec.name for spec in FORMATS.values() if spec.style])
def test_every_shipped_style_renders_the_shipped_list(name: str, shipped_papers: list[Paper]) -> None:
    text = format_references(shipped_papers[:5], name, {})
    refs = text.split("\n\n")
    assert len(refs) == 5
    for paper, ref in zip(shipped_papers[:5], refs):
        assert paper.title.split(":")[0][:25].lower() in ref.lower()
        assert str(paper.year) in ref


def test_cite_sface_in_ieee_and_with_a_csl_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["cite", "SFace", "--format", "ieee"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("[1] Y. Zhong, W. Deng, J. Hu, D. Zhao, X. Li, and D. Wen, “SFace: Sigmoid-Constrained")
    assert "arXiv: 2205.12010" in out
    style = tmp_path / "my-style.csl"
    shutil.copy(styles_dir() / "nature.csl", style)
    assert main(["cite", "SFace", "--format", f"csl:{style}"]) == 0
    assert capsys.readouterr().out.startswith("1. Zhong, Y. et al. SFace: Sigmoid-Constrained Hypersphere Loss")
    assert main(["cite", "SFace", "--format", f"csl:{tmp_path / 'missing.csl'}"]) == 2
    err = capsys.readouterr().err
    assert "missing.csl: CSL style file not found" in err and err.count("\n") == 1
    assert main(["cite", "SFace", "--format", "mla"]) == 2
    assert "unknown citation format 'mla'" in capsys.readouterr().err


def test_styles_render_offline(shipped_papers: list[Paper], monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("network use while rendering a CSL style")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    assert render_csl(shipped_papers[:2], {}, "chicago-author-date.csl").count("\n\n") == 1


def test_ris_and_csl_json_exports_from_cite(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["cite", "SFace", "--format", "ris"]) == 0
    ris = capsys.readouterr().out
    assert ris.startswith("TY  - UNPB\n") and "AU  - Zhong, Yaoyao\n" in ris and ris.rstrip().endswith("ER  -")
    assert main(["cite", "SFace", "--format", "csl-json"]) == 0
    (item,) = json.loads(capsys.readouterr().out)
    assert item["id"] == "zhong2022sface" and item["author"][0] == {"family": "Zhong", "given": "Yaoyao"}
    assert item["issued"] == {"date-parts": [[2022, 5, 24]]} and item["number"] == "arXiv:2205.12010"


def test_answer_exports_the_previous_references_as_ris(shipped_papers: list[Paper]) -> None:
    from pubchat.conversation import Conversation  # house's per-session state

    assistant = Assistant(shipped_papers, Settings())
    conversation = Conversation()
    first = assistant.ask("face anti-spoofing", conversation)
    exported = assistant.ask("export the references as ris", conversation)
    assert exported.intent == "cite"
    assert exported.answer.count("TY  - ") == len(first.citations) >= 1
    assert exported.answer.startswith("RIS for ") and "of the previous answer" in exported.answer


def test_export_command_writes_the_whole_corpus(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "lab.bib"
    assert main(["export", "bibtex", "-o", str(out)]) == 0
    assert "wrote 50 references" in capsys.readouterr().out
    text = out.read_text(encoding="utf-8")
    assert len(_parse_bibtex(text)) == 50 and text.count("abstract = {") == 50
