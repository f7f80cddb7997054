"""Finding a paper by id, key or name reads the index file's columns and records, and finds exactly what
reading every paper finds."""

from __future__ import annotations

from pathlib import Path

import pytest

from pubchat.answer.cite import cite_keys
from pubchat.answer.lookup import candidates, resolve_id, resolve_name
from pubchat.config import Settings
from pubchat.corpus import lazy
from pubchat.corpus.lazy import LazyPapers
from pubchat.corpus.store import dump_jsonl, load_corpus
from pubchat.models import Paper
from pubchat.search.cache import load_or_build_index, stored_papers


def _stored(tmp_path: Path, papers: list[Paper]) -> tuple[LazyPapers, list[Paper]]:
    """The papers as read back from their index file (on demand), and as parsed from the corpus file."""
    settings = Settings.model_validate({"cache": {"dir": str(tmp_path / "cache"), "min_docs": 0}})
    corpus = tmp_path / "papers.jsonl"
    corpus.write_text(dump_jsonl(papers), encoding="utf-8")
    load_or_build_index(load_corpus(corpus), settings, corpus)
    read = stored_papers(corpus, settings)
    assert isinstance(read, LazyPapers)
    return read, load_corpus(corpus)


def _tokens(papers: list[Paper], keys: dict[str, str]) -> list[str]:
    """What a user may type to name a paper: ids, arXiv ids (versioned), keys, titles, title heads and
    words, and names written in abstracts."""
    out = ["", "arxiv:", "SFace", "sface", "IJB-C", "DFA-GPT", "face recognition", "the", "oracle mnist", "rgb-d face"]
    for p in papers[:12]:
        out += [p.id, keys[p.id], p.title, p.title.upper(), p.title.split(":")[0], " ".join(p.title.split()[:3])]
        if p.arxiv_id:
            out += [p.arxiv_id, f"arXiv:{p.arxiv_id}v3"]
        out += [w for w in p.abstract.split()[:40] if any(ch.isupper() for ch in w[1:])]
    return out


def test_lookups_on_the_stored_corpus_find_what_reading_every_paper_finds(shipped_papers, tmp_path) -> None:
    """Ids, arXiv ids, citation keys, titles, title prefixes, phrases and names resolve to the same papers
    from the index file's columns as from the parsed papers."""
    stored, parsed = _stored(tmp_path, list(shipped_papers))
    keys = cite_keys(parsed)
    tokens = _tokens(parsed, keys)
    assert len(tokens) > 100
    for token in tokens:
        assert resolve_id(token, stored, keys) == resolve_id(token, parsed, keys), token
        for strict in (False, True):
            assert resolve_name(token, stored, strict=strict) == resolve_name(token, parsed, strict=strict), token
        assert candidates(token, stored, keys) == candidates(token, parsed, keys), token
    assert resolve_id(keys[parsed[3].id], stored, keys) == parsed[3]  # a generated key still resolves


def test_a_name_and_a_key_are_found_whatever_the_record_escapes(tmp_path, monkeypatch) -> None:
    """Names match in titles and abstracts however the stored JSON writes them (non-ASCII text, quotes,
    letters that match ASCII ones case-insensitively, such as the long s), and a source's own key resolves."""
    papers = [
        Paper(id="a", title="Plain paper", abstract="We use the ſFace loss ( \u017fface ) here."),
        Paper(id="b", title="Ünïcode “quoted” title: KNet", abstract='A "quoted" KNet\nname.', citation_key="Mine:20"),
        Paper(id="c", title="Other", abstract="Nothing named.", arxiv_id="2101.00001"),
        Paper(id="d", title="Other", abstract="The \u212aNet model.", arxiv_id="2101.00001"),
    ]
    stored, parsed = _stored(tmp_path, papers)
    for token in ("SFace", "KNet", "Ünïcode “quoted” title", "Mine:20", "2101.00001v2", "knet", "Other"):
        assert resolve_name(token, stored) == resolve_name(token, parsed), token
        assert candidates(token, stored, cite_keys(parsed)) == candidates(token, parsed, cite_keys(parsed)), token
    assert resolve_name("SFace", stored) == parsed[0]
    found = stored.holding("knet")
    assert found is not None and {1, 3} <= set(found) and 2 not in found  # the Kelvin sign's K matches k
    sface = stored.holding("SFACE")
    assert sface is not None and 0 in sface and 2 not in sface
    for chunk in (5, 7, 64):  # records searched a few bytes at a time find the same papers
        monkeypatch.setattr(lazy, "_CHUNK", chunk)
        assert stored.holding("knet") == found and stored.holding("SFACE") == sface
    assert resolve_id("Mine:20", stored, cite_keys(parsed)) == parsed[1]
    assert resolve_id("2101.00001v2", stored) == parsed[2]  # the first paper holding a repeated arXiv id


@pytest.mark.parametrize("token", ["boundary layer flutter", "SFace", "Oracle-MNIST"])
def test_a_name_that_cannot_be_a_key_never_computes_the_keys(shipped_papers, token) -> None:
    """Keys are worked out over the whole corpus, so a lookup computes them only for a token shaped like one
    (a multi-word name, or capitals in a name no source gave as its key, cannot be one)."""
    asked: list[str] = []

    class Keys(dict[str, str]):
        def get(self, key: str, default: str | None = None) -> str | None:  # type: ignore[override]
            asked.append(key)
            return super().get(key, default)

    keys = Keys(cite_keys(list(shipped_papers)))
    resolve_id(token, list(shipped_papers), keys)
    assert asked == []
    resolve_id("zhang2099nothing", list(shipped_papers), keys)
    assert asked  # the generated form is looked up


def test_an_id_is_found_whole_not_inside_a_longer_id(tmp_path) -> None:
    """An id that is part of other ids (or of two ids side by side) names only the paper holding exactly it."""
    papers = [Paper(id=pid, title=f"Paper {pid}") for pid in ("ab", "b", "abc", "c", "bcd")]
    stored, parsed = _stored(tmp_path, papers)
    for token in ("ab", "b", "abc", "c", "bc", "a", "bab", "cb"):
        assert resolve_id(token, stored) == resolve_id(token, parsed), token
    found = resolve_id("b", stored)
    assert found is not None and found.title == "Paper b" and stored.catalog().first_index("ids", "b") == 1
    assert resolve_id("bc", stored) is None
