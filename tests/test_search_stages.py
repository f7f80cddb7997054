"""The search pipeline's stages, each on its own: expand, filters, dense, fuse, match, and the result arrays."""

from __future__ import annotations

import numpy as np
import pytest

from pubchat.config import SearchSettings
from pubchat.models import Filters, Paper, Query
from pubchat.search.expand import expand
from pubchat.search.filters import allowed_mask
from pubchat.search.fuse import fuse
from pubchat.search.index import Index
from pubchat.search.match import decide_lexical
from pubchat.search.pipeline import search
from pubchat.search.semantic_signal import EncoderSignal


def paper(i: int, title: str, abstract: str = "", authors: list[str] | None = None, year: int = 2024) -> Paper:
    return Paper(id=f"p{i}", title=title, abstract=abstract, authors=authors or ["Ann Lee"], year=year)


@pytest.fixture(scope="module")
def small() -> Index:
    papers = [
        paper(
            0,
            "Facial expression recognition (FER) in the wild",
            "We study facial expression recognition.",
            ["Ann Lee", "Bo Chen"],
        ),
        paper(1, "Face recognition with margins", "Facial recognition with an angular margin loss.", ["Bo Chen"]),
        paper(2, "Oracle bone characters", "Reading ancient oracle bone inscriptions.", ["Ann Lee"], 2021),
        paper(3, "Pose estimation of human joints", "Locating body joints in images.", ["Cy Park"], 2022),
    ]
    return Index.build(papers, SearchSettings(semantic=False, feedback=False))


def test_expand_adds_an_acronyms_long_form_with_its_weight(small) -> None:
    exp = expand(small, "FER")
    assert exp.terms == ["fer"]
    assert exp.added == ["facial", "express", "recognit"]
    assert exp.pairs == [("fer", ["facial", "express", "recognit"], "long")]
    assert all(exp.weighted[t] == small.settings.acronym_weight for t in exp.added)
    assert exp.weighted["fer"] == 1.0


def test_filters_any_author_or_all_of_them_for_coauthorship(small) -> None:
    anyone = Filters(authors=["Ann Lee", "Bo Chen"])
    both = Filters(authors=["Ann Lee", "Bo Chen"], all_authors=True)
    assert allowed_mask(small.papers, anyone).tolist() == [True, True, True, False]
    assert allowed_mask(small.papers, both).tolist() == [True, False, False, False]


class FakeEncoder:
    """Maps a text to a fixed unit vector by its first word (stands in for the sentence encoder)."""

    def __init__(self, table: dict[str, list[float]]) -> None:
        self.table = table

    def encode(self, texts: list[str]) -> np.ndarray:
        rows = [np.array(self.table[t.split()[0]], dtype=np.float32) for t in texts]
        return np.array([r / np.linalg.norm(r) for r in rows])


def test_dense_signal_gives_the_raw_cosine_per_paper() -> None:
    docs = np.array([[1.0, 0.0], [0.0, 1.0], [0.6, 0.8]], dtype=np.float32)
    signal = EncoderSignal(FakeEncoder({"x": [1.0, 1.0]}), docs)
    assert signal.cosines("x y") == pytest.approx([0.7071, 0.7071, 0.9899], abs=1e-4)


def test_fuse_is_bm25_alone_without_dense_and_a_weighted_mix_with_it() -> None:
    lex = np.array([4.0, 2.0, 0.0])
    allowed = np.ones(3, dtype=bool)
    assert fuse(lex, None, allowed, 0.5) is lex
    assert fuse(lex, np.array([0.0, 0.5, -0.2]), allowed, 0.5) == pytest.approx([0.5, 0.5, 0.0])


def test_match_needs_the_best_paper_over_the_floor_on_raw_coverage() -> None:
    s = SearchSettings()
    scores = np.array([3.0, 1.0, 0.5])
    allowed = np.ones(3, dtype=bool)
    strong = decide_lexical(scores, np.array([1.0, 0.6, 0.2]), allowed, 2, 3, s)
    assert strong.matching.tolist() == [True, True, False]  # half the best coverage and above
    weak = decide_lexical(scores, np.array([0.3, 0.2, 0.1]), allowed, 2, 3, s)
    assert not weak.matching.any()  # no paper holds half of a two-word question


def test_a_short_questions_matches_hold_half_of_what_the_best_paper_holds() -> None:
    # five words: the floor is two words' worth (0.4), but when the best paper holds all five, a
    # paper holding two of them is no match (a count must not include it)
    s = SearchSettings()
    scores = np.array([3.0, 2.0, 1.0])
    allowed = np.ones(3, dtype=bool)
    short = decide_lexical(scores, np.array([1.0, 0.55, 0.45]), allowed, 5, 6, s)
    assert short.matching.tolist() == [True, True, False]
    # a long description in the asker's own words keeps the looser share (its words are diffuse)
    long = decide_lexical(scores, np.array([0.3, 0.14, 0.12]), allowed, 5, s.long_query_words, s)
    assert long.matching.tolist() == [True, True, True]


def test_result_arrays_hits_and_explain_agree(small) -> None:
    result = search(small, Query(raw="oracle bone", text="oracle bone"))
    assert result.order.tolist() == [2]
    assert result.total == result.matching == 1 and result.related == 0
    hit = result.hits[0]
    assert hit.paper.title == "Oracle bone characters" and hit.index == 2 and hit.matching
    assert set(result.explain(2)) == {"oracle", "bone"}
    assert result.score[0] == pytest.approx(hit.score, abs=1e-4)


def test_a_query_without_topic_lists_the_filtered_papers_newest_first(small) -> None:
    result = search(small, Query(raw="papers by Ann Lee", text="", filters=Filters(authors=["Ann Lee"])))
    assert [small.papers[i].id for i in result.order] == ["p0", "p2"]


def _decision(best_coverage: float, words: list[bool]):
    from pubchat.search.match import Decision

    mask = np.array(words)
    return Decision(matching=mask, related=np.zeros_like(mask), best_coverage=best_coverage)


def test_papers_sharing_only_generic_words_are_not_matches() -> None:
    from pubchat.search.match import decide

    s = SearchSettings()
    allowed = np.ones(3, dtype=bool)
    distinct = np.array([True, False, True])  # paper 1 holds only the question's generic words
    out = decide(_decision(0.9, [True, True, False]), distinct, None, allowed, s)
    assert out.matching.tolist() == [True, False, False]


def test_meaning_decides_on_raw_cosines() -> None:
    from pubchat.search.match import decide

    s = SearchSettings(dense_match=0.5, dense_related=0.4, dense_floor=0.3)
    allowed = np.ones(4, dtype=bool)
    everything = np.ones(4, dtype=bool)
    cosine = np.array([0.55, 0.42, 0.2, 0.1])
    strong = decide(_decision(0.9, [False, False, True, False]), everything, cosine, allowed, s)
    assert strong.matching.tolist() == [True, False, True, False]  # words or meaning alone
    assert strong.related.tolist() == [False, True, False, False]  # "may be related"
    weak = decide(_decision(0.2, [False, False, True, False]), everything, cosine, allowed, s)
    assert weak.matching.tolist() == [True, False, False, False]  # weak words are only related
    assert weak.related.tolist() == [False, True, True, False]
    chance = decide(_decision(0.2, [False, False, True, False]), everything, cosine * 0.5, allowed, s)
    assert not chance.matching.any() and not chance.related.any()  # nothing close in meaning: chance words


def test_the_dense_stage_recalls_papers_without_the_questions_words(small) -> None:
    class Meaning:
        def cosines(self, text: str) -> np.ndarray:
            return np.array([0.1, 0.1, 0.1, 0.8])  # paper 3 (body joints) is close in meaning

    result = search(small, Query(raw="where are the elbows in a photo", text="elbows photo"), Meaning())
    assert result.order.tolist() == [3]
    assert result.matching == 1 and result.dense is not None and result.dense[0] == pytest.approx(0.8)
    assert result.explain(3) == {"(meaning)": 0.8}


def test_a_count_of_an_acronym_needs_its_distinctive_word(shipped_papers) -> None:
    index = Index.build(shipped_papers, SearchSettings())
    from pubchat.search.query import parse_query

    result = search(index, parse_query("papers on FER", index, index.settings))
    titles = [index.papers[i].title + " " + index.papers[i].abstract for i in result.order[: result.matching]]
    assert titles and all("xpression" in t or "FER" in t for t in titles)
