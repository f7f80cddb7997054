"""The conversation as data: turns hidden from the screen are compacted but save exactly as before."""

from __future__ import annotations

from pubchat.assistant import Assistant
from pubchat.config import Settings
from pubchat.tui.conversation import Conversation, Turn, to_markdown


def test_compacted_turns_save_the_same_markdown() -> None:
    assistant = Assistant.from_settings(Settings())
    conversation = Conversation()
    for question in [
        "deepfake detection",
        "how many papers on face recognition?",
        "bibtex for [2]",
        "best ramen recipe",
        "noisy labels",
    ]:
        conversation.turns.append(Turn(question=question, answer=assistant.ask(question), status="done"))
    conversation.turns.append(Turn(question="slow one", status="superseded"))

    def save() -> str:
        return to_markdown(
            conversation, lambda ids: assistant.cite(list(ids), "md"), corpus_name="test", saved_at="now"
        )

    before = save()
    assert "https://arxiv.org/abs/" in before  # references were written
    conversation.compact_all_but(1)
    assert all(t.answer is None for t in conversation.turns[:-1]) and conversation.compacted == 5
    assert conversation.last_answered() is None  # only whole answers are offered for copying
    assert save() == before
    conversation.clear()
    assert conversation.turns == [] and conversation.compacted == 0
