"""The transcript of a chat session (questions and their answers) and its Markdown export."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from pubchat.models import Answer, CiteFormat
from pubchat.textsafe import clean, one_line

# An answer that already ends with its reference list (the engine's usual shape) gets no second one.
_REFERENCES_HEADING = re.compile(r"^\s*(?:\*\*References\*\*|#+\s*References)\s*$", re.MULTILINE)


@dataclass
class Turn:
    """One question and, once it arrives, its answer (or, once compacted, just what saving needs)."""

    question: str
    answer: Answer | None = None
    status: str = "pending"  # pending | done | superseded | failed
    error: str | None = None
    text: str | None = None  # the answer's Markdown, kept when `answer` is dropped by compact()
    cited_ids: tuple[str, ...] = ()  # the answer's cited paper ids, in [n] order, likewise
    intent: str = ""  # the answer's intent, likewise

    def compact(self) -> None:
        """Keep only the answer's text, cited ids and intent: what saving needs, a fraction of the whole Answer."""
        if self.answer is not None:
            self.text = self.answer.answer
            self.cited_ids = tuple(c.id for c in self.answer.citations)
            self.intent = self.answer.intent
            self.answer = None

    @property
    def answer_intent(self) -> str:
        """The answer's intent, whole or compacted ("" before an answer)."""
        return self.answer.intent if self.answer is not None else self.intent

    @property
    def has_sources(self) -> bool:
        """True for an answer that numbers papers [1]..[n] (a citation follow-up reuses another's numbers)."""
        return bool(self.cited) and self.answer_intent != "cite"

    @property
    def answer_text(self) -> str | None:
        """The answer's Markdown, whole or compacted; None if there is no answer."""
        return self.answer.answer if self.answer is not None else self.text

    @property
    def cited(self) -> tuple[str, ...]:
        """The ids of the papers the answer cited, in [n] order."""
        if self.answer is not None:
            return tuple(c.id for c in self.answer.citations)
        return self.cited_ids


@dataclass
class Transcript:
    """All turns of this session, oldest first; turns no longer on screen are compacted."""

    turns: list[Turn] = field(default_factory=list)
    compacted: int = 0  # turns[:compacted] hold only text and cited ids

    def last_answered(self) -> Turn | None:
        """The newest turn that still has its whole answer."""
        for turn in reversed(self.turns):
            if turn.answer is not None:
                return turn
        return None

    def last_with_sources(self) -> Turn | None:
        """The newest turn whose answer numbers papers: what the sources panel, Ctrl+R and "[n]" refer to."""
        for turn in reversed(self.turns):
            if turn.has_sources:
                return turn
        return None

    def compact_all_but(self, keep: int) -> None:
        """Compact every turn except the newest `keep` (they are off screen: only saving needs them)."""
        end = max(0, len(self.turns) - keep)
        for turn in self.turns[self.compacted : end]:
            turn.compact()
        self.compacted = max(self.compacted, end)

    def clear(self) -> None:
        """Forget every turn."""
        self.turns.clear()
        self.compacted = 0


def to_markdown(
    transcript: Transcript,
    references: Callable[[tuple[str, ...]], str],
    *,
    corpus_name: str,
    saved_at: str,
) -> str:
    """The transcript as a Markdown document: each question, its answer, then its references.

    `references` gives the Markdown references for cited paper ids (in [n] order). Each field passes the
    terminal-safety gate on its own before it is placed, so the saved file is safe to `cat`.
    """
    lines = [f"# pubchat conversation: {one_line(corpus_name)}", "", f"Saved {one_line(saved_at)}.", ""]
    for number, turn in enumerate(transcript.turns, start=1):
        lines += [f"## {number}. {one_line(turn.question)}", ""]
        text = turn.answer_text
        if text is None:
            lines += [f"_{one_line(turn.error or 'No answer (' + turn.status + ').')}_", ""]
            continue
        text = clean(text)
        lines += [text.strip(), ""]
        has_refs = _REFERENCES_HEADING.search(text) is not None
        if turn.has_sources and not has_refs:  # a citation follow-up's text is its references
            refs = [
                f"[{n}] {clean(references((pid,))).strip().removeprefix('- ')}" for n, pid in enumerate(turn.cited, 1)
            ]
            lines += ["### References", "", *refs, ""]
    return "\n".join(lines).rstrip() + "\n"


def format_label(fmt: CiteFormat) -> str:
    """A human name for a citation format."""
    from pubchat.citeformats import get_format

    return get_format(fmt).label
