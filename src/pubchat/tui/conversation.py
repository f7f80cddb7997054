"""The conversation as data (questions and their answers) and its Markdown export."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from pubchat.models import Answer, CiteFormat


# An answer that already ends with its reference list (the engine's usual shape) gets no second one.
_REFERENCES_HEADING = re.compile(r"^\s*(?:\*\*References\*\*|#+\s*References)\s*$", re.MULTILINE)


@dataclass
class Turn:
    """One question and, once it arrives, its answer."""

    question: str
    answer: Answer | None = None
    status: str = "pending"  # pending | done | superseded | failed
    error: str | None = None


@dataclass
class Conversation:
    """All turns of this session, oldest first."""

    turns: list[Turn] = field(default_factory=list)

    def last_answered(self) -> Turn | None:
        """The newest turn that has an answer."""
        for turn in reversed(self.turns):
            if turn.answer is not None:
                return turn
        return None


def to_markdown(
    conversation: Conversation,
    references: Callable[[Answer], str],
    *,
    corpus_name: str,
    saved_at: str,
) -> str:
    """The conversation as a Markdown document: each question, its answer, then its references."""
    lines = [f"# pubchat conversation: {corpus_name}", "", f"Saved {saved_at}.", ""]
    for number, turn in enumerate(conversation.turns, start=1):
        question = " ".join(turn.question.split())
        lines += [f"## {number}. {question}", ""]
        if turn.answer is None:
            lines += [f"_{turn.error or 'No answer (' + turn.status + ').'}_", ""]
            continue
        lines += [turn.answer.answer.strip(), ""]
        has_refs = _REFERENCES_HEADING.search(turn.answer.answer) is not None
        refs = references(turn.answer).strip() if turn.answer.citations and not has_refs else ""
        if refs:
            lines += ["### References", "", refs, ""]
    return "\n".join(lines).rstrip() + "\n"


def format_label(fmt: CiteFormat) -> str:
    """A human name for a citation format."""
    return {"bibtex": "BibTeX", "apa": "APA", "plain": "plain text", "md": "Markdown"}[fmt]
