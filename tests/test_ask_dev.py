"""Every dev and dev2 question gets a valid, grounded answer: citations in rank order, quotes from the
cited abstract (LaTeX shown as text on both sides)."""

from __future__ import annotations

import json
import re

import pytest
from repo_paths import DEV2_QUESTIONS, DEV_QUESTIONS

from pubchat.answer.latex import to_text
from pubchat.answer.text import normalise_space, split_sentences
from pubchat.assistant import Assistant
from pubchat.config import Settings
from pubchat.models import Answer, Paper

DEV = [json.loads(line) for line in DEV_QUESTIONS.read_text(encoding="utf-8").splitlines() if line.strip()]
DEV2 = [json.loads(line) for line in DEV2_QUESTIONS.read_text(encoding="utf-8").splitlines() if line.strip()]
# A bullet quoting a paper: "- **Title** (2022) [1]: ...", "- **Method** [2]: ...", "- **topic** (...): e.g. X [3]: ..."
_BULLET = re.compile(r"^- .*?(?<!\\)\[(\d+)\]: (.+)$", re.DOTALL)
_LOOKUP_HEAD = re.compile(r"^\*\*.+\*\* \(\d{4}\) \[1\]$", re.DOTALL)


@pytest.fixture(scope="module")
def answers(shipped_papers: list[Paper]) -> list[tuple[dict, Answer]]:
    """Each dev and dev2 question asked on its own (no conversation passed), as `pubchat ask --json` does."""
    assistant = Assistant(shipped_papers, Settings())
    return [(item, assistant.ask(item["question"])) for item in DEV + DEV2]


def unescape(markdown: str) -> str:
    """Markdown inline text back to plain text (backslash escapes removed)."""
    return re.sub(r"\\([\\`*_\[\]<>|#])", r"\1", markdown)


def quoted_passages(answer: Answer) -> list[tuple[int, str]]:
    """(citation number, quoted text) for every passage the answer attributes to a paper."""
    blocks = [" ".join(b.split()) for b in answer.answer.split("\n\n")]
    found = []
    for i, block in enumerate(blocks):
        match = _BULLET.match(block)
        if match:
            found.append((int(match.group(1)), unescape(match.group(2))))
        elif answer.intent == "lookup" and _LOOKUP_HEAD.match(block) and i + 1 < len(blocks):
            found.append((1, unescape(blocks[i + 1])))
    return found


def is_grounded(passage: str, abstract: str) -> bool:
    """Each sentence of the passage is in the abstract (modulo whitespace, a dropped lead-in, a cut tail)."""
    flat = normalise_space(to_text(abstract)).lower()
    for sentence in split_sentences(passage):
        core = sentence.removesuffix("…").strip().lower()
        if core not in flat:
            return False
    return True


def test_dev_file_is_there() -> None:
    assert len(DEV) >= 50


def test_every_dev_answer_validates_and_cites_in_rank_order(answers: list[tuple[dict, Answer]]) -> None:
    for item, answer in answers:
        Answer.model_validate_json(answer.model_dump_json())
        assert [c.n for c in answer.citations] == list(range(1, len(answer.citations) + 1)), item["id"]
        assert answer.total >= len(answer.citations), item["id"]
        if answer.intent == "find":
            scores = [c.score for c in answer.citations]
            assert scores == sorted(scores, reverse=True), item["id"]
        for citation in answer.citations:
            # a reference answer shows the entry itself (its link), every other answer the marker
            shown = citation.url if answer.intent == "cite" and citation.url else f"[{citation.n}]"
            assert shown in answer.answer, item["id"]
        assert "Sorry, I could not answer" not in answer.answer, item["id"]


def test_every_quoted_sentence_comes_from_the_cited_abstract(
    answers: list[tuple[dict, Answer]], shipped_papers: list[Paper]
) -> None:
    by_id = {p.id: p for p in shipped_papers}
    checked = 0
    for item, answer in answers:
        cited = {c.n: by_id[c.id] for c in answer.citations}
        for n, passage in quoted_passages(answer):
            assert n in cited, item["id"]
            assert is_grounded(to_text(passage), cited[n].abstract), (item["id"], n, passage)
            checked += 1
    assert checked >= len(DEV) + len(DEV2)  # the parser above really found the quoted passages


def test_dev2_intents_match_the_judged_intent_for_at_least_90_percent(answers: list[tuple[dict, Answer]]) -> None:
    judged = [(item, answer) for item, answer in answers if item in DEV2]
    wrong = [(item["id"], item["intent"], answer.intent) for item, answer in judged if answer.intent != item["intent"]]
    assert len(judged) == len(DEV2) == 80
    assert len(judged) - len(wrong) >= 0.9 * len(judged), wrong


def test_out_of_scope_questions_cite_nothing_and_say_so(answers: list[tuple[dict, Answer]]) -> None:
    for item, answer in answers:
        if item["type"] == "out_of_scope" and item in DEV:
            assert answer.citations == [] and answer.total == 0, item["id"]
            said = ("Nothing in this list matches", "**No.** No paper in this list is about")  # a yes/no question: No
            assert any(s in answer.answer for s in said), item["id"]


def test_count_questions_state_the_exact_count(answers: list[tuple[dict, Answer]]) -> None:
    for item, answer in answers:
        if item["type"] == "count" and item in DEV:
            assert answer.intent == "count"
            assert answer.total == item["expected_count"], (item["id"], answer.total)
            assert answer.answer.startswith(f"**{answer.total} papers**")


def test_same_question_same_answer(shipped_papers: list[Paper]) -> None:
    a = Assistant(shipped_papers, Settings()).ask(DEV[0]["question"])
    b = Assistant(shipped_papers, Settings()).ask(DEV[0]["question"])
    assert a == b
