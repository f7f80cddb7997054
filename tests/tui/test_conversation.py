"""The transcript as data: turns hidden from the screen are compacted but save exactly as before."""

from __future__ import annotations

from pubchat.config import Settings
from pubchat.conversation import Conversation
from pubchat.engine import open_assistant
from pubchat.tui.conversation import Transcript, Turn, to_markdown


def test_compacted_turns_save_the_same_markdown() -> None:
    assistant = open_assistant(Settings(), None)
    conversation = Conversation()
    transcript = Transcript()
    for question in [
        "deepfake detection",
        "how many papers on face recognition?",
        "bibtex for [2]",
        "best ramen recipe",
        "noisy labels",
    ]:
        transcript.turns.append(Turn(question=question, answer=assistant.ask(question, conversation), status="done"))
    transcript.turns.append(Turn(question="slow one", status="superseded"))

    def save() -> str:
        return to_markdown(transcript, lambda ids: assistant.cite(list(ids), "md"), corpus_name="test", saved_at="now")

    before = save()
    assert "https://arxiv.org/abs/" in before  # references were written
    transcript.compact_all_but(1)
    assert all(t.answer is None for t in transcript.turns[:-1]) and transcript.compacted == 5
    assert transcript.last_answered() is None  # only whole answers are offered for copying
    assert save() == before
    transcript.clear()
    assert transcript.turns == [] and transcript.compacted == 0
