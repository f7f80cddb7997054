"""Semantic reranking: it lifts plain-words questions, never answers out-of-scope ones, and degrades to BM25."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from repo_paths import DEV_QUESTIONS as DEV
from repo_paths import REPO

from pubchat.config import Settings
from pubchat.corpus import load_corpus
from pubchat.evaluate import QAOutcome, eval_qa
from pubchat.models import Paper
from pubchat.search import semantic
from pubchat.search.index import Index
from pubchat.search.query import parse_query

# plain-words questions written for this check, not from the dev set (same format as dev.jsonl)
OWN = REPO / "tests" / "test_semantic_questions.jsonl"
OUT_OF_SCOPE = [
    "best ramen recipe",
    "protein folding with deep learning",
    "quantum computing",
    "reinforcement learning for robot control",
    "graph neural networks for molecules",
    "Has he published anything on medical image segmentation?",
]
# long questions about something else that share a few words with some paper ("train", "face",
# "recognising"): the lexical floor lets them through, no sentence of any paper is close in meaning
NEAR_MISS = [
    "how do I train my dog to stop barking at the mailman every single morning",
    "tips for recognising birds by their songs on an early morning walk in spring",
    "how should a beginner choose running shoes for long distance training on roads",
    "a good recipe for a spicy face mask made with honey and turmeric at home",
]
# plain-words questions (not from the dev set) whose best paper shares few words with them
PLAIN = (
    "Is there a way to judge how well a detector of unfamiliar inputs is doing when you have no labelled "
    "examples to check it against?"
)


@pytest.fixture(scope="module")
def papers() -> list[Paper]:
    """The shipped corpus."""
    return load_corpus(None)


def _index(papers: list[Paper], **changes: object) -> Index:
    """An index with the default search settings plus `changes`."""
    return Index.build(papers, Settings().search.model_copy(update=changes))


@pytest.fixture(scope="module")
def hybrid(papers: list[Paper]) -> Index:
    """Default settings: semantic reranking on."""
    return _index(papers)


@pytest.fixture(scope="module")
def lexical(papers: list[Paper]) -> Index:
    """BM25 only."""
    return _index(papers, semantic=False)


def _titles(index: Index, question: str) -> list[str]:
    """Titles returned for a question, best first."""
    return [h.paper.title for h in index.search(parse_query(question, index, index.settings)).hits]


def _paraphrase_ndcg(index: Index, questions: Path = DEV) -> float:
    """Mean nDCG@5 of a question file's paraphrase questions (the dev set by default)."""

    def run(question: str) -> QAOutcome:
        result = index.search(parse_query(question, index, index.settings))
        return QAOutcome(titles=[h.paper.title for h in result.hits], total=result.total)

    report = eval_qa(questions, run)
    return report.summary([r for r in report.results if r.item.type == "paraphrase"])["ndcg5"]  # type: ignore[return-value]


def test_paraphrase_questions_gain(hybrid: Index, lexical: Index) -> None:
    """Dev paraphrase nDCG@5: 0.25 with BM25 alone, >= 0.50 with reranking (measured 0.518)."""
    with_meaning, words_only = _paraphrase_ndcg(hybrid), _paraphrase_ndcg(lexical)
    assert with_meaning >= 0.50
    assert with_meaning >= words_only + 0.2


def test_no_loss_on_questions_it_was_not_tuned_on(hybrid: Index, lexical: Index) -> None:
    """On 14 plain-words questions outside the dev set: measured 0.549 vs BM25's 0.417; never below BM25."""
    assert _paraphrase_ndcg(hybrid, OWN) >= _paraphrase_ndcg(lexical, OWN)


def test_plain_words_question_finds_its_paper(hybrid: Index, lexical: Index) -> None:
    """'judge a detector of unfamiliar inputs without labelled examples' -> the OOD-evaluation paper first."""
    target = "Unsupervised Evaluation of Out-of-distribution Detection: A Data-centric Perspective"
    assert target not in _titles(lexical, PLAIN)[:3]
    assert _titles(hybrid, PLAIN)[0] == target


@pytest.mark.parametrize("question", OUT_OF_SCOPE)
def test_out_of_scope_still_gets_nothing(hybrid: Index, question: str) -> None:
    """Reranking never turns a 'no papers' answer into papers."""
    assert _titles(hybrid, question) == []


@pytest.mark.parametrize("question", NEAR_MISS)
def test_near_miss_questions_get_nothing_when_no_sentence_is_close(
    papers: list[Paper], hybrid: Index, question: str
) -> None:
    """Shared words alone do not make a match: without the sentence floor these get papers."""
    assert _titles(hybrid, question) == []
    assert _titles(_index(papers, semantic_floor=-1.0), question) != []


# lay-worded questions (written for this check) that share no topic word with the paper they are about
LAY = {
    "which papers deal with spotting fake faces?": (
        "Identifying Rhythmic Patterns for Face Forgery Detection and Categorization"
    ),
    "ways to hide my face from online recognition systems": (
        "OPOM: Customized Invisible Cloak towards Face Privacy Protection"
    ),
}


@pytest.mark.parametrize("question", sorted(LAY))
def test_a_question_no_paper_words_may_still_find_papers_close_in_meaning(
    papers: list[Paper], hybrid: Index, lexical: Index, question: str
) -> None:
    """Nothing shares its words, yet a sentence of the paper says the same thing: that paper is offered."""
    assert _titles(lexical, question) == []
    assert _titles(hybrid, question)[:1] == [LAY[question]]
    assert _titles(_index(papers, semantic_rescue=1.0), question) == []


def test_papers_close_in_meaning_obey_the_filters(hybrid: Index) -> None:
    """The meaning-only answer keeps the question's years."""
    question = "ways to hide my face from online recognition systems"
    assert _titles(hybrid, question + " before 2020") == []
    result = hybrid.search(parse_query(question + " in 2022", hybrid, hybrid.settings))
    assert result.hits and all(h.paper.year == 2022 for h in result.hits)


@pytest.mark.parametrize(
    "question",
    [
        "facial expression recognition",
        "What is SFace?",
        "How many papers are about oracle bone characters?",
        "papers co-authored by Jiani Hu",
        "IJB-C",
    ],
)
def test_well_matched_questions_are_untouched(hybrid: Index, lexical: Index, question: str) -> None:
    """A question whose words the papers use gets exactly the BM25 answer (same papers, same order)."""
    assert _titles(hybrid, question) == _titles(lexical, question)


def test_strong_questions_do_not_load_the_model(papers: list[Paper]) -> None:
    """The model is loaded on the first weakly matched question only (startup stays BM25's)."""
    index = _index(papers)
    index.search(parse_query("facial expression recognition", index, index.settings))
    assert index._semantic is None
    index.search(parse_query(PLAIN, index, index.settings))
    assert index._semantic is not None and index._semantic.index is not None


def test_filters_still_apply(hybrid: Index) -> None:
    """Papers added by meaning obey the question's filters."""
    result = hybrid.search(parse_query(PLAIN + " before 2023", hybrid, hybrid.settings))
    assert result.hits and all(h.paper.year is not None and h.paper.year < 2023 for h in result.hits)


def test_deterministic(papers: list[Paper]) -> None:
    """Two builds give the same similarities and the same ranking."""
    first, second = _index(papers), _index(papers)
    assert _titles(first, PLAIN) == _titles(second, PLAIN)
    a, b = first._semantic.index.similarity(PLAIN), second._semantic.index.similarity(PLAIN)  # type: ignore[union-attr]
    assert np.array_equal(a, b)


def _without_model(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Point the encoder at an empty folder, as if the model files were deleted."""
    from pubchat.search import encoder

    monkeypatch.setattr(encoder, "MODEL_DIR", tmp_path)


def test_missing_model_falls_back_to_bm25(
    papers: list[Paper], lexical: Index, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Without the model files: no crash, the BM25 answer, and a reason saying which file is missing."""
    _without_model(monkeypatch, tmp_path)
    assert "is missing" in (semantic.availability() or "")
    index = _index(papers)
    assert _titles(index, PLAIN) == _titles(lexical, PLAIN)
    assert index._semantic.index is None and "is missing" in index._semantic.reason


def test_config_command_says_whether_the_encoder_is_used(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """`pubchat config` tells the truth: on for the shipped corpus, off above semantic_max_docs (with the way
    to turn it on), off when the model cannot load."""
    from pubchat.cli import main

    assert main(["config"]) == 0
    assert "the sentence encoder (semantic search) for this corpus (50 papers): on;" in capsys.readouterr().out
    small = tmp_path / "small.toml"
    small.write_text("[search]\nsemantic_max_docs = 10\n", encoding="utf-8")
    assert main(["--config", str(small), "config"]) == 0
    out = capsys.readouterr().out
    assert "(50 papers): off: 50 papers > search.semantic_max_docs = 10 (search.semantic = true embeds it" in out
    _without_model(monkeypatch, tmp_path)
    assert main(["config"]) == 0
    assert "(50 papers): off: the model file" in capsys.readouterr().out


def test_large_corpora_skip_it_unless_turned_on(papers: list[Paper], lexical: Index, hybrid: Index) -> None:
    """Above semantic_max_docs ("auto") the answer is BM25's and the state says why; semantic = true embeds."""
    index = _index(papers, semantic_max_docs=10)
    assert _titles(index, PLAIN) == _titles(lexical, PLAIN)
    assert index._semantic.index is None and "search.semantic_max_docs = 10" in index._semantic.reason
    forced = _index(papers, semantic_max_docs=10, semantic=True)
    assert _titles(forced, PLAIN) == _titles(hybrid, PLAIN)


def test_importing_the_engine_does_not_load_the_model() -> None:
    """`import pubchat.search.index` / `.semantic` loads no model library (tokenizers, safetensors, threadpoolctl)."""
    code = (
        "import sys, pubchat.search.index, pubchat.search.semantic, pubchat.search.query; "
        "print(sorted(m for m in ('tokenizers', 'safetensors', 'threadpoolctl') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
