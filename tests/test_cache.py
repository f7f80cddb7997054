"""The index cache: a second load reuses analysed tokens; stale, corrupt or unwritable caches never break search."""

from __future__ import annotations

from pathlib import Path

import pytest

from pubchat.config import Settings
from pubchat.models import Paper, Query
from pubchat.search import cache as cache_mod
from pubchat.search.analyzer import Analyzer
from pubchat.search.cache import load_or_build_index
from pubchat.search.index import CorpusAnalysis, Index
from pubchat.search.query import parse_query


def _settings(tmp_path: Path, **cache: object) -> Settings:
    """Settings with the cache in a temp folder and no size threshold."""
    return Settings.model_validate({"cache": {"dir": str(tmp_path / "cache"), "min_docs": 0, **cache}})


def _files(tmp_path: Path) -> list[Path]:
    """Cache files written so far."""
    return sorted((tmp_path / "cache").glob("index-*.npz"))


def _top(index: Index, text: str) -> list[str]:
    """Top-5 paper ids for a free-text query."""
    return [h.paper.id for h in index.search(Query(raw=text, text=text)).top(5)]


def _same_analysis(a: CorpusAnalysis, b: CorpusAnalysis) -> None:
    """Tokens, vocabulary (with its order) and acronym table are equal."""
    assert a.tokens.to_dict() == b.tokens.to_dict()
    assert list(a.vocabulary.items()) == list(b.vocabulary.items())
    assert a.acronyms == b.acronyms and list(a.acronyms.long_forms) == list(b.acronyms.long_forms)
    assert list(a.postings.terms.items()) == list(b.postings.terms.items())
    assert a.postings.offsets.tolist() == b.postings.offsets.tolist()
    assert (
        a.postings.doc_ids.tolist() == b.postings.doc_ids.tolist()
        and a.postings.doc_ids.dtype == b.postings.doc_ids.dtype
    )


def test_round_trip_gives_the_same_analysis_and_rankings(shipped_papers, tmp_path) -> None:
    """The cached analysis equals a fresh one, so the cached index ranks and explains exactly like a fresh one."""
    settings = _settings(tmp_path)
    first = load_or_build_index(shipped_papers, settings)
    assert len(_files(tmp_path)) == 1
    second = load_or_build_index(shipped_papers, settings)
    _same_analysis(
        cache_mod.load_or_build_analysis(shipped_papers, settings, Analyzer()),
        CorpusAnalysis.of(shipped_papers, Analyzer()),
    )
    fresh = Index.build(shipped_papers, settings.search)
    assert second.acronyms.long_forms and list(second.vocabulary.items()) == list(fresh.vocabulary.items())
    for text in ("face anti-spoofing", "noisy labels expression", "deepfake detection code", "FER", "facail expresion"):
        q = parse_query(text, second, settings.search)
        assert q == parse_query(text, fresh, settings.search)
        hits = [(h.paper.id, h.score, dict(h.matched)) for h in second.search(q).hits]
        assert hits == [(h.paper.id, h.score, dict(h.matched)) for h in fresh.search(q).hits]
        assert _top(first, text) == _top(second, text)


def test_second_load_does_not_analyse_again(shipped_papers, tmp_path, monkeypatch) -> None:
    """With a warm cache the corpus is not re-analysed."""
    settings = _settings(tmp_path)
    load_or_build_index(shipped_papers, settings)
    calls = []
    import pubchat.search.acronyms as acronyms_mod
    import pubchat.search.index as index_mod

    real_analyze, real_mine = index_mod.analyze_and_count, acronyms_mod.AcronymTable.mine
    monkeypatch.setattr(index_mod, "analyze_and_count", lambda *a: calls.append("analyse") or real_analyze(*a))
    monkeypatch.setattr(acronyms_mod.AcronymTable, "mine", lambda *a: calls.append("mine") or real_mine(*a))
    monkeypatch.setattr(index_mod, "count_vocabulary", lambda *a: calls.append("count") or {})
    load_or_build_index(shipped_papers, settings)
    assert calls == []
    load_or_build_index(shipped_papers[:-1], settings)  # a different corpus: analysed (the spies work)
    assert "analyse" in calls and "mine" in calls


def test_changed_corpus_gets_a_new_key(shipped_papers, tmp_path) -> None:
    """Editing one abstract makes the old cache stale: the new index sees the new text."""
    settings = _settings(tmp_path)
    load_or_build_index(shipped_papers, settings)
    edited = list(shipped_papers)
    edited[0] = edited[0].model_copy(update={"abstract": "zyxwvut quantum origami for tardigrades"})
    index = load_or_build_index(edited, settings)
    assert _top(index, "tardigrades origami") == [edited[0].id]
    assert len(_files(tmp_path)) == 2


@pytest.mark.parametrize("damage", [b"", b"not a zip file", b"PK\x03\x04" + b"\x00" * 64])
def test_corrupt_cache_is_rebuilt_and_replaced(shipped_papers, tmp_path, damage: bytes) -> None:
    """A truncated or garbage cache file is ignored, rebuilt, and overwritten with a good one."""
    settings = _settings(tmp_path)
    load_or_build_index(shipped_papers, settings)
    (path,) = _files(tmp_path)
    good = path.read_bytes()
    path.write_bytes(damage)
    index = load_or_build_index(shipped_papers, settings)
    assert _top(index, "face anti-spoofing")
    assert path.read_bytes() == good


def test_truncated_cache_is_rebuilt(shipped_papers, tmp_path) -> None:
    """Half a cache file (an interrupted copy) is not trusted."""
    settings = _settings(tmp_path)
    load_or_build_index(shipped_papers, settings)
    (path,) = _files(tmp_path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    assert _top(load_or_build_index(shipped_papers, settings), "face anti-spoofing")
    assert path.read_bytes() == data


def test_cache_file_holds_no_pickle(shipped_papers, tmp_path) -> None:
    """The cache loads with allow_pickle=False: only plain numeric arrays inside."""
    import numpy as np

    load_or_build_index(shipped_papers, _settings(tmp_path))
    (path,) = _files(tmp_path)
    with np.load(path, allow_pickle=False) as data:
        assert all(data[name].dtype != object for name in data.files)


def test_small_corpus_and_disabled_cache_write_nothing(shipped_papers, tmp_path) -> None:
    """Below min_docs, or with the cache off, no file is written and search still works."""
    for settings in (_settings(tmp_path, min_docs=10_000), _settings(tmp_path, enabled=False)):
        assert _top(load_or_build_index(shipped_papers, settings), "face anti-spoofing")
    assert _files(tmp_path) == []


def test_unwritable_cache_dir_is_skipped(shipped_papers, tmp_path) -> None:
    """A cache dir that is really a file cannot be written: search works anyway."""
    blocker = tmp_path / "cache"
    blocker.write_text("I am a file")
    index = load_or_build_index(shipped_papers, _settings(tmp_path))
    assert _top(index, "face anti-spoofing")


def test_default_cache_dir_is_the_user_cache_dir(tmp_path) -> None:
    """Without cache.dir the user cache directory (XDG_CACHE_HOME in tests) holds the cache."""
    import os

    path = cache_mod.cache_dir(Settings())
    assert str(path).startswith(os.environ.get("XDG_CACHE_HOME", str(Path.home())))


def test_unusual_text_survives_the_cache(tmp_path) -> None:
    """Non-ASCII, RTL and astral-plane tokens round-trip through the cache unchanged."""
    papers = [
        Paper(id=f"p{i}", title=t, abstract=a, authors=["Zoë Ünal", "محمد"])
        for i, (t, a) in enumerate([("Ñandú 𝔘𝔫𝔦𝔠𝔬𝔡𝔢", "שלום עולם résumé"), ("x", "")])
    ]
    settings = _settings(tmp_path)
    first = load_or_build_index(papers, settings)
    second = load_or_build_index(papers, settings)
    assert len(_files(tmp_path)) == 1
    _same_analysis(
        cache_mod.load_or_build_analysis(papers, settings, Analyzer()), CorpusAnalysis.of(papers, Analyzer())
    )
    for text in ("ñandú", "résumé", "zoe"):
        assert _top(second, text) == _top(first, text)


def test_cache_with_bad_postings_is_rebuilt(shipped_papers, tmp_path) -> None:
    """A well-formed file whose postings point past the corpus (tampered, or a bug) is not trusted."""
    import numpy as np

    settings = _settings(tmp_path)
    fresh = load_or_build_index(shipped_papers, settings)
    (path,) = _files(tmp_path)
    good = path.read_bytes()
    with np.load(path, allow_pickle=False) as data:
        arrays = {name: data[name] for name in data.files}
    arrays["postings_docs"] = arrays["postings_docs"].copy()
    arrays["postings_docs"][-1] = len(shipped_papers)
    with path.open("wb") as handle:
        np.savez(handle, **arrays)
    index = load_or_build_index(shipped_papers, settings)
    assert _top(index, "face anti-spoofing") == _top(fresh, "face anti-spoofing")
    assert path.read_bytes() == good
