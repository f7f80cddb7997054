"""Assistant: the one façade the CLI and the TUI call. question -> Answer.

CONTRACT (shared by the CLI, the TUI and the tests; the answer package fills it in):
    Assistant(papers: list[Paper], settings: Settings)
    Assistant.from_settings(settings, corpus_path=None) -> Assistant   # loads the corpus
    .papers -> list[Paper]                    # corpus order
    .paper(paper_id) -> Paper | None
    .ask(question: str, top_k: int | None = None) -> Answer   # never raises on any string
    .explain(question: str, paper_id: str) -> list[tuple[str, float]]  # matched terms, weights
    .cite(paper_ids: list[str], fmt: CiteFormat) -> str        # formatted references
    .references(answer: Answer, fmt: CiteFormat) -> str        # the answer's references
    .suggestions() -> list[str]                # example questions drawn from the corpus
Conversation state ("bibtex for [2]" refers to the last answer) lives on the instance.
"""

from __future__ import annotations
