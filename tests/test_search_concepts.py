"""Multi-word concepts and "X or Y" alternatives: what a question's words mean together, and what counts."""

from __future__ import annotations

import numpy as np
import pytest

from pubchat.assistant import Assistant
from pubchat.config import SearchSettings, Settings
from pubchat.models import Paper
from pubchat.search.analyzer import Analyzer
from pubchat.search.coverage import read_question
from pubchat.search.index import Index
from pubchat.search.phrases import PairPostings, adjacent_pairs
from pubchat.search.query import parse_query


def paper(i: int, title: str, abstract: str) -> Paper:
    return Paper(id=f"p{i}", title=title, abstract=abstract, authors=["Ann Lee"], year=2024)


PAPERS = [
    paper(0, "Facial landmark localisation with heatmaps", "We detect facial landmarks on faces in the wild."),
    paper(1, "Keypoint heatmaps for body joints", "Body keypoints are detected from heatmaps."),
    paper(2, "Facial expression recognition", "We detect facial expressions and noisy samples."),
    paper(3, "Facial attribute editing", "Detecting and editing facial attributes of a face."),
    paper(4, "Facial age estimation", "We estimate the age of a person from facial images."),
    paper(5, "Oracle bone characters", "Reading oracle characters on ancient bones."),
    paper(6, "Person re-identification across cameras", "Finding the same person on another camera."),
    paper(7, "Speech emotion", "Emotion in the voice of a speaker, not the facial kind."),
    *(
        paper(8 + k, f"{topic} study", f"A study of {topic}.")
        for k, topic in enumerate(
            [
                "graph networks",
                "protein folding",
                "weather forecasts",
                "crop yields",
                "stock prices",
                "traffic flow",
                "music genres",
                "river levels",
            ]
        )
    ),
]


def build(**changes: object) -> Index:
    return Index.build(PAPERS, SearchSettings(semantic=False, feedback=False).model_copy(update=changes))


@pytest.fixture(scope="module")
def index() -> Index:
    return build()


def ask(index: Index, question: str) -> list[int]:
    """Paper numbers of the precise matches, best first."""
    result = index.search(parse_query(question, index, index.settings))
    return [int(i) for i in result.order[: result.matching]]


def test_adjacent_words_pair_up_but_a_stopword_between_them_breaks_the_pair() -> None:
    analyzer = Analyzer()
    assert adjacent_pairs(analyzer, analyzer.surface("human pose estimation")) == [
        ("human", "pose"),
        ("pose", "estim"),
    ]
    assert adjacent_pairs(analyzer, analyzer.surface("learning with noisy labels")) == [("noisi", "label")]
    assert ("super", "resolut") in adjacent_pairs(analyzer, analyzer.surface("image super-resolution"))


def test_pair_postings_list_the_papers_holding_two_terms_side_by_side() -> None:
    terms = {"human": 0, "pose": 1, "estim": 2}
    pairs = PairPostings.build([[("human", "pose")], [("pose", "estim"), ("human", "pose")], []], terms)
    assert pairs.docs_of(0, 1).tolist() == [0, 1]
    assert pairs.docs_of(1, 2).tolist() == [1]
    assert pairs.docs_of(1, 0).tolist() == []  # order matters: "pose human" is another pair


def test_a_question_reads_concepts_the_list_uses_and_its_or_alternatives(index: Index) -> None:
    words = read_question(index, "facial landmarks", "how many papers on facial landmarks?")
    assert words.concepts == [["facial", "landmark"]] and words.groups == []
    unseen = read_question(index, "facial keypoints", "facial keypoints")
    assert unseen.concepts == []  # no paper says "facial keypoint": the words stay apart
    either = read_question(index, "keypoints facial landmarks", "keypoints or facial landmarks")
    assert either.groups == [[["keypoint"], ["facial", "landmark"]]] and either.n_terms == 1
    slash = read_question(index, "keypoints landmarks", "keypoints / landmarks")
    assert slash.groups == [[["keypoint"], ["landmark"]]]
    listed = read_question(index, "oracle speech person", "oracle, speech or person")
    assert listed.groups == [[["oracl"], ["speech"], ["person"]]]
    framed = read_question(index, "either oracle characters person", "either oracle characters or person")
    assert [t for t, _ in framed.units] == ["oracl", "charact", "person"]  # "either" only frames the choice


def test_x_or_y_finds_papers_with_either_and_without_or_both_are_wanted(index: Index) -> None:
    either = index.search(parse_query("papers on keypoints or facial landmarks", index, index.settings))
    assert sorted(either.order[: either.matching].tolist()) == [0, 1] and either.coverage[:2].tolist() == [1.0, 1.0]
    both = index.search(parse_query("papers on keypoints facial landmarks", index, index.settings))
    assert max(both.coverage) < 0.7  # without "or" each paper holds only part of what is asked
    assert sorted(ask(index, "either oracle characters or person re-identification")) == [5, 6]


def test_a_generic_word_alone_does_not_stand_for_its_concept(index: Index) -> None:
    """ "detecting keypoints or facial landmarks": papers that only say "facial" (and "detect") are not
    about facial landmarks; a paper saying "facial landmarks" or "keypoints" is."""
    question = "papers on detecting keypoints or facial landmarks"
    assert sorted(ask(index, question)) == [0, 1]
    loose = build(phrase_alone=1.0)  # the control: "facial" anywhere counts in full
    assert {2, 3} <= set(ask(loose, question))


@pytest.fixture(scope="module")
def shipped(shipped_papers: list[Paper]) -> Assistant:
    return Assistant(shipped_papers, Settings())


def test_a_count_over_a_concept_counts_only_papers_using_it(shipped: Assistant) -> None:
    answer = shipped.ask("how many papers on facial landmarks?")
    assert answer.intent == "count" and answer.total == 1
    cited = [p for p in shipped.papers if p.title == answer.citations[0].title]
    assert "facial landmark" in cited[0].abstract.lower()


def test_keypoints_or_landmarks_lists_papers_with_either_and_no_expression_papers(shipped: Assistant) -> None:
    answer = shipped.ask("I'm looking for papers on detecting keypoints or facial landmarks")
    by_title = {p.title: p for p in shipped.papers}
    texts = [f"{c.title} {by_title[c.title].abstract}".lower() for c in answer.citations]
    assert answer.total == len(answer.citations) == 2
    assert all("keypoint" in t or "facial landmark" in t for t in texts)
    assert any("keypoint" in t for t in texts) and any("facial landmark" in t for t in texts)


def test_either_x_or_y_lists_both_topics(shipped: Assistant) -> None:
    answer = shipped.ask("either oracle characters or person re-identification")
    titles = [c.title.lower() for c in answer.citations]
    assert any("re-identification" in t for t in titles) and sum("oracle" in t for t in titles) >= 3
    assert np.all([("oracle" in t) or ("re-identification" in t) for t in titles])


FILLERS = ["graph networks", "protein folding", "weather forecasts", "crop yields", "stock prices", "traffic flow"]
PHRASES = [
    paper(0, "Learning with noisy labels", "Noisy labels hurt training."),
    paper(1, "Noisy labels in face data", "We clean noisy labels."),
    paper(2, "Robust training under noisy labels", "Label noise, or noisy labels, is common."),
    paper(3, "Depth denoising", "Noisy depth maps; each pixel gets a label."),  # both words, never together
    paper(4, "Invisible privacy cloak", "A privacy cloak hides faces."),
    paper(5, "Customized cloak for privacy protection", "The cloak protects privacy."),
    paper(6, "Adversarial cloak", "A cloak that keeps privacy."),
    *(paper(7 + k, f"{topic} study", f"A study of {topic}.") for k, topic in enumerate(FILLERS * 2)),
]


def test_words_held_apart_count_less_the_more_fixed_a_phrase_the_list_makes_of_them() -> None:
    """The list always writes "noisy labels" together, so a paper with "noisy" and "label" apart is not
    about it; it writes "privacy" and "cloak" apart as often as together, so apart they still count."""
    index = Index.build(PHRASES, SearchSettings(semantic=False, feedback=False))
    assert sorted(ask(index, "how many papers on noisy labels?")) == [0, 1, 2]
    assert sorted(ask(index, "privacy cloak papers")) == [4, 5, 6]
    control = Index.build(PHRASES, SearchSettings(semantic=False, feedback=False, phrase_apart=1.0))
    assert sorted(ask(control, "how many papers on noisy labels?")) == [0, 1, 2, 3]
