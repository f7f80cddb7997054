"""The on-disk index: a warm start maps it (no analysis, no rebuild); a changed, corrupt or unwritable one never
breaks search."""

from __future__ import annotations

import json
import mmap
import os
from pathlib import Path

import numpy as np
import pytest

from pubchat.config import Settings
from pubchat.corpus.store import dump_jsonl, load_corpus, shipped_corpus_path
from pubchat.models import Paper, Query
from pubchat.search import cache as cache_mod
from pubchat.search.cache import load_or_build_index, read_index
from pubchat.search.index import Index
from pubchat.search.query import parse_query

QUESTIONS = ("face anti-spoofing", "noisy labels expression", "deepfake detection code", "FER", "facail expresion")


def _settings(tmp_path: Path, **cache: object) -> Settings:
    """Settings with the cache in a temp folder and no size threshold."""
    return Settings.model_validate({"cache": {"dir": str(tmp_path / "cache"), "min_docs": 0, **cache}})


def _files(tmp_path: Path) -> list[Path]:
    """Index files written so far."""
    return sorted((tmp_path / "cache").glob(f"index-*{cache_mod.SUFFIX}"))


def _corpus(tmp_path: Path, papers: list[Paper], name: str = "papers.jsonl") -> Path:
    """Write papers as a corpus file."""
    path = tmp_path / name
    path.write_text(dump_jsonl(papers), encoding="utf-8")
    return path


def _top(index: Index, text: str) -> list[str]:
    """Top-5 paper ids for a free-text query."""
    return [h.paper.id for h in index.search(Query(raw=text, text=text)).top(5)]


def _mapped(array: np.ndarray) -> bool:
    """True when the array's memory is a memory-mapped file."""
    base: object = array
    while isinstance(base, np.ndarray):
        base = base.base
    if isinstance(base, memoryview):
        base = base.obj
    return isinstance(base, mmap.mmap)


def _no_build(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record every Index.build (a warm start must not call it)."""
    calls: list[str] = []
    real = Index.build.__func__  # type: ignore[attr-defined]
    monkeypatch.setattr(Index, "build", classmethod(lambda cls, *a, **k: calls.append("build") or real(cls, *a, **k)))
    return calls


def test_warm_start_maps_the_index_and_ranks_like_a_fresh_build(shipped_papers, tmp_path, monkeypatch) -> None:
    """Second open: no rebuild, arrays are views of the mapped file, and every answer's hits are identical."""
    settings = _settings(tmp_path)
    corpus = _corpus(tmp_path, shipped_papers)
    papers = load_corpus(corpus)
    load_or_build_index(papers, settings, corpus)
    assert len(_files(tmp_path)) == 1
    calls = _no_build(monkeypatch)
    warm = load_or_build_index(papers, settings, corpus)
    assert calls == []
    assert _mapped(warm.postings.doc_ids) and all(_mapped(s.data) for s in warm.scorers.values())
    monkeypatch.undo()
    fresh = Index.build(papers, settings.search)
    assert list(warm.vocabulary.items()) == list(fresh.vocabulary.items()) and warm.stems == fresh.stems
    assert warm.acronyms == fresh.acronyms and warm.author_names == fresh.author_names
    for text in QUESTIONS:
        q = parse_query(text, warm, settings.search)
        assert q == parse_query(text, fresh, settings.search)
        hits = [(h.paper.id, h.score, h.coverage, dict(h.matched)) for h in warm.search(q).hits]
        assert hits == [(h.paper.id, h.score, h.coverage, dict(h.matched)) for h in fresh.search(q).hits]


def test_changed_corpus_file_is_rebuilt_and_a_touched_one_is_not(shipped_papers, tmp_path, monkeypatch) -> None:
    """New bytes in the corpus file: rebuilt, and the new text is found. Same bytes, new mtime: mapped again."""
    settings = _settings(tmp_path)
    corpus = _corpus(tmp_path, shipped_papers)
    load_or_build_index(load_corpus(corpus), settings, corpus)
    calls = _no_build(monkeypatch)
    os.utime(corpus, ns=(1, 1))  # touched: same bytes, other mtime
    load_or_build_index(load_corpus(corpus), settings, corpus)
    assert calls == []
    edited = list(shipped_papers)
    edited[0] = edited[0].model_copy(update={"abstract": "zyxwvut quantum origami for tardigrades"})
    corpus.write_text(dump_jsonl(edited), encoding="utf-8")
    index = load_or_build_index(load_corpus(corpus), settings, corpus)
    assert calls == ["build"]
    assert _top(index, "tardigrades origami") == [edited[0].id]
    assert len(_files(tmp_path)) == 1  # one index file per corpus file, replaced
    calls.clear()
    load_or_build_index(load_corpus(corpus), settings, corpus)
    assert calls == []


@pytest.mark.parametrize("damage", [b"", b"not an index", cache_mod.MAGIC + b"\xff\xff\xff\x7f{}"])
def test_corrupt_index_is_rebuilt_and_replaced(shipped_papers, tmp_path, damage: bytes) -> None:
    """A garbage or truncated-header file is ignored, rebuilt, and overwritten with a good one."""
    settings = _settings(tmp_path)
    corpus = _corpus(tmp_path, shipped_papers)
    load_or_build_index(shipped_papers, settings, corpus)
    (path,) = _files(tmp_path)
    good = path.read_bytes()
    path.write_bytes(damage)
    assert _top(load_or_build_index(shipped_papers, settings, corpus), "face anti-spoofing")
    assert path.read_bytes() == good


def test_truncated_index_is_rebuilt(shipped_papers, tmp_path) -> None:
    """Half an index file (an interrupted copy) is not trusted."""
    settings = _settings(tmp_path)
    corpus = _corpus(tmp_path, shipped_papers)
    load_or_build_index(shipped_papers, settings, corpus)
    (path,) = _files(tmp_path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(ValueError):
        read_index(path)
    assert _top(load_or_build_index(shipped_papers, settings, corpus), "face anti-spoofing")
    assert path.read_bytes() == data


def _rewrite_array(path: Path, name: str, change) -> None:
    """Edit one stored array in place (a crafted file with a valid header)."""
    stored = read_index(path)
    data = bytearray(path.read_bytes())
    array = stored.arrays[name].copy()
    change(array)
    (length,) = np.frombuffer(data[len(cache_mod.MAGIC) : len(cache_mod.MAGIC) + 4], dtype="<u4")
    header = json.loads(bytes(data[len(cache_mod.MAGIC) + 4 : len(cache_mod.MAGIC) + 4 + int(length)]))
    start = len(cache_mod.MAGIC) + 4 + int(length) + header["arrays"][name]["offset"]
    data[start : start + array.nbytes] = array.tobytes()
    path.write_bytes(bytes(data))


@pytest.mark.parametrize(
    "name,change",
    [
        ("postings.docs", lambda a: a.__setitem__(-1, 10_000)),  # a paper past the corpus
        ("abstract.indptr", lambda a: a.__setitem__(1, a[-1] + 5)),  # offsets out of order
        ("terms.offsets", lambda a: a.__setitem__(-1, a[-1] - 1)),  # string table short
        ("acronyms.json", lambda a: a.__setitem__(0, ord("["))),  # not the JSON object expected
    ],
)
def test_inconsistent_arrays_are_rejected_and_rebuilt(shipped_papers, tmp_path, name, change) -> None:
    """A well-formed file whose arrays disagree (tampered, or a bug) is not trusted."""
    settings = _settings(tmp_path)
    corpus = _corpus(tmp_path, shipped_papers)
    fresh = load_or_build_index(shipped_papers, settings, corpus)
    (path,) = _files(tmp_path)
    good = path.read_bytes()
    _rewrite_array(path, name, change)
    index = load_or_build_index(shipped_papers, settings, corpus)
    assert _top(index, "face anti-spoofing") == _top(fresh, "face anti-spoofing")
    assert path.read_bytes() == good


def test_small_corpus_disabled_cache_and_papers_without_a_file_write_nothing(shipped_papers, tmp_path) -> None:
    """Below min_docs, with the cache off, or for papers not read from a file, no index file is written."""
    corpus = _corpus(tmp_path, shipped_papers)
    for settings in (_settings(tmp_path, min_docs=10_000), _settings(tmp_path, enabled=False)):
        assert _top(load_or_build_index(shipped_papers, settings, corpus), "face anti-spoofing")
    assert _top(load_or_build_index(shipped_papers, _settings(tmp_path)), "face anti-spoofing")
    assert _files(tmp_path) == []


def test_unwritable_cache_dir_is_skipped(shipped_papers, tmp_path) -> None:
    """A cache dir that is really a file cannot be written: search works anyway."""
    corpus = _corpus(tmp_path, shipped_papers)
    (tmp_path / "cache").write_text("I am a file")
    assert _top(load_or_build_index(shipped_papers, _settings(tmp_path), corpus), "face anti-spoofing")


def test_default_cache_dir_is_the_user_cache_dir() -> None:
    """Without cache.dir the user cache directory (XDG_CACHE_HOME in tests) holds the index files."""
    path = cache_mod.cache_dir(Settings())
    assert str(path).startswith(os.environ.get("XDG_CACHE_HOME", str(Path.home())))


def test_unusual_text_survives_the_index_file(tmp_path) -> None:
    """Non-ASCII, RTL and astral-plane tokens round-trip through the file unchanged."""
    papers = [
        Paper(id=f"p{i}", title=t, abstract=a, authors=["Zoë Ünal", "محمد"])
        for i, (t, a) in enumerate([("Ñandú 𝔘𝔫𝔦𝔠𝔬𝔡𝔢", "שלום עולם résumé"), ("x", "")])
    ]
    settings = _settings(tmp_path)
    corpus = _corpus(tmp_path, papers)
    first = load_or_build_index(papers, settings, corpus)
    second = load_or_build_index(papers, settings, corpus)
    assert len(_files(tmp_path)) == 1 and _mapped(second.postings.doc_ids)
    assert list(second.vocabulary.items()) == list(first.vocabulary.items())
    assert second.surface_of == first.surface_of and second.author_names == first.author_names
    for text in ("ñandú", "résumé", "zoe"):
        assert _top(second, text) == _top(first, text)


def test_shipped_corpus_ships_its_current_index(shipped_papers, tmp_path, monkeypatch) -> None:
    """The prebuilt index next to the shipped corpus is current (rebuild with scripts/build_index.py) and is used."""
    shipped = cache_mod.shipped_index_path()
    assert shipped.is_file(), "run: python scripts/build_index.py"
    settings = _settings(tmp_path, min_docs=10_000)
    calls = _no_build(monkeypatch)
    index = load_or_build_index(shipped_papers, settings, shipped_corpus_path())
    assert calls == [], "the shipped index is stale: run python scripts/build_index.py"
    assert _mapped(index.postings.doc_ids)
    monkeypatch.undo()
    fresh = Index.build(shipped_papers, settings.search)
    key = cache_mod.index_key(fresh.analyzer, settings.search)
    stamp = cache_mod.CorpusStamp.of(shipped_corpus_path(), len(shipped_papers))
    rebuilt = cache_mod.encode_index(fresh, key, stamp)
    assert read_index(shipped).arrays.keys() == read_index(_write(tmp_path, rebuilt)).arrays.keys()
    for name, array in read_index(shipped).arrays.items():
        assert np.array_equal(array, read_index(tmp_path / "fresh.pcx").arrays[name]), name


def _write(tmp_path: Path, data: bytes) -> Path:
    path = tmp_path / "fresh.pcx"
    path.write_bytes(data)
    return path


def test_warm_start_reads_papers_from_the_index_file_not_the_corpus(shipped_papers, tmp_path, monkeypatch) -> None:
    """With a current index file the corpus is not parsed: each paper is read from the file when an answer
    uses it, equal to the parsed one; the same answers come out. A changed corpus file is parsed again."""
    from pubchat.corpus import store
    from pubchat.corpus.lazy import LazyPapers
    from pubchat.engine import open_assistant

    settings = _settings(tmp_path)
    corpus = _corpus(tmp_path, shipped_papers)
    cold = open_assistant(settings, corpus)
    cold_answers = [cold.ask(q).model_dump() for q in QUESTIONS]
    parsed: list[str] = []
    real = store.read_jsonl
    monkeypatch.setattr(store, "read_jsonl", lambda path: parsed.append(str(path)) or real(path))
    warm = open_assistant(settings, corpus)
    assert isinstance(warm.papers, LazyPapers) and parsed == []
    for q in QUESTIONS:  # parsing and ranking read no record (filters and categories are stored columns)
        warm.index.search(parse_query(q + " from 2020 cs.CV papers", warm.index, settings.search))
    assert sum(p is not None for p in warm.papers._papers) == 0
    assert [warm.ask(q).model_dump() for q in QUESTIONS] == cold_answers
    assert list(warm.papers) == shipped_papers
    assert warm.paper(shipped_papers[7].id) == shipped_papers[7]
    fresh = Index.build(shipped_papers, settings.search)
    assert warm.index.filter_columns().categories == fresh.filter_columns().categories
    corpus.write_text(dump_jsonl(shipped_papers[:20]), encoding="utf-8")
    changed = open_assistant(settings, corpus)
    assert parsed == [str(corpus)] and not isinstance(changed.papers, LazyPapers) and len(changed.papers) == 20


def test_unusual_text_records_round_trip_through_the_index_file(tmp_path) -> None:
    """Records read back from the index file equal the parsed papers, whatever their text."""
    from pubchat.search.cache import stored_papers

    papers = [
        Paper(id="p0", title="Ñandú 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 \u202e", abstract="שלום\nעולם", authors=["Zoë Ünal"], year=2020),
        Paper(id="p1", title="x", date="2021-02-03", category="cs.CV", keywords=["a", "b"], doi="10.1/x"),
    ]
    settings = _settings(tmp_path)
    corpus = _corpus(tmp_path, papers)
    load_or_build_index(load_corpus(corpus), settings, corpus)
    read = stored_papers(corpus, settings)
    assert read is not None and list(read) == load_corpus(corpus) and read[-1] == read[1]


def test_the_shipped_index_records_decode_to_the_validated_papers() -> None:
    """The shipped corpus' index is trusted package data (decoded without a validator): every paper it
    gives equals the paper validated from corpus/papers.jsonl."""
    from pubchat.corpus import load_corpus
    from pubchat.corpus.lazy import LazyPapers
    from pubchat.corpus.store import shipped_corpus_path
    from pubchat.search.cache import stored_papers

    shipped = stored_papers(shipped_corpus_path(), Settings())
    assert isinstance(shipped, LazyPapers) and shipped.trusted
    validated = load_corpus(None)
    assert list(shipped) == validated
    assert [p.model_dump() for p in shipped] == [p.model_dump() for p in validated]
    assert any(p.date is not None for p in shipped)
