"""Golden answers: one per intent in each format `pubchat ask` prints (text, Markdown, JSON), reviewed for
readability.

Regenerate after an intended change with `PUBCHAT_UPDATE_GOLDEN=1 pytest tests/test_answer_golden.py`
and read the diff before committing it.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from pubchat.assistant import Assistant
from pubchat.config import Settings
from pubchat.conversation import Conversation
from pubchat.models import Paper

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("PUBCHAT_UPDATE_GOLDEN") == "1"

# (golden name, questions asked in one conversation; the last one's answer is recorded)
CONVERSATIONS = [
    ("intent_find", ["face anti-spoofing"]),
    ("intent_list", ["papers from 2019"]),
    ("intent_count", ["how many papers on oracle characters"]),
    ("intent_lookup", ["What is Faceptor?"]),
    ("intent_author", ["what does Linzhi Huang work on?"]),
    ("intent_cite", ["face anti-spoofing", "bibtex for [1]"]),
    ("intent_help", ["help"]),
    ("intent_greeting", ["hello"]),
    ("intent_none", ["   "]),
    ("intent_no_match", ["best ramen recipe"]),
    ("intent_overview", ["what does this lab work on?"]),
    ("intent_overview_topic", ["give me an overview of their face recognition research"]),
    ("intent_stats", ["how many papers per year?"]),
    ("intent_stats_coauthors", ["who does Mei Wang collaborate with most?"]),
    ("intent_similar", ["papers like SFace"]),
    ("intent_compare", ["compare OPOM and AdvCloak"]),
    ("intent_yesno", ["have they worked on age estimation?"]),
    ("intent_yesno_no", ["did they ever work on iris recognition?"]),
    ("intent_cite_candidates", ["cite oracle"]),
    ("intent_cite_pick", ["bibtex for oracle", "the second one"]),
]


def check(name: str, actual: str) -> None:
    """Compare with (or, when updating, write) the golden file."""
    path = GOLDEN / name
    if UPDATE or not path.exists():
        assert UPDATE, f"missing golden file {path}; run with PUBCHAT_UPDATE_GOLDEN=1 and review it"
        path.write_text(actual, encoding="utf-8")
    assert actual == path.read_text(encoding="utf-8"), f"{name} changed; review and regenerate if intended"


@pytest.mark.parametrize(("name", "questions"), CONVERSATIONS, ids=[c[0] for c in CONVERSATIONS])
def test_intent_golden(name: str, questions: list[str], shipped_papers: list[Paper]) -> None:
    assistant = Assistant(shipped_papers, Settings())
    conversation = Conversation()
    for question in questions:
        response = assistant.respond(question, conversation)
    answer = response.answer
    expected_intent = name.removeprefix("intent_").replace("no_match", "none").split("_")[0]
    assert answer.intent == expected_intent
    header = (
        f"<!-- question: {answer.question!r} | intent: {answer.intent} | total: {answer.total} | "
        f"citations: {' '.join(c.id for c in answer.citations) or '-'} -->\n"
    )
    check(f"{name}.md", header + answer.answer + "\n")
    check(f"{name}.txt", response.text + "\n")
    check(f"{name}.json", json.dumps(answer.model_dump(mode="json"), ensure_ascii=False, indent=1) + "\n")
