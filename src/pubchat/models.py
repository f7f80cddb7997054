"""Pydantic models at the engine's boundaries: corpus records, parsed queries, answers.

Inside the engine plain dataclasses are used (see `search.index.Hit`); these models are what
crosses into files, the CLI's JSON and the TUI.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

Intent = Literal[
    "find",  # a topic: "face anti-spoofing"
    "list",  # filters only: "papers from 2025"
    "count",  # "how many papers on oracle characters"
    "lookup",  # one paper by title, method name or nickname: "what is SFace?"
    "author",  # "what does Mei Wang work on"
    "cite",  # "cite SFace as bibtex", "bibtex for [2]"
    "help",
    "greeting",
    "none",  # nothing usable in the question (empty, punctuation only)
]

CiteFormat = Literal["bibtex", "apa", "plain", "md"]


class Paper(BaseModel):
    """One publication. Fields a foreign corpus cannot give (BEIR has id, title, text) are optional."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(min_length=1)
    title: str = Field(min_length=1)
    authors: list[str] = Field(default_factory=list)
    authors_complete: bool = True
    date: dt.date | None = None
    year: int | None = Field(default=None, ge=1900, le=2100)
    category: str | None = None  # arXiv style: cs.CV, cs.CL
    has_code: bool = False
    abstract: str = ""
    arxiv_id: str | None = None
    url: str | None = None  # abstract page, https://arxiv.org/abs/ID
    pdf_url: str | None = None
    code_urls: list[str] = Field(default_factory=list)  # URLs written in the abstract

    @field_validator("id", "title")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("must not be blank")
        return value

    @property
    def code_url(self) -> str | None:
        """The first code link found in the abstract, if any."""
        return self.code_urls[0] if self.code_urls else None


class Filters(BaseModel):
    """Structured constraints parsed from a question; they travel with the answer."""

    model_config = ConfigDict(extra="forbid")

    year_min: int | None = None
    year_max: int | None = None
    authors: list[str] = Field(default_factory=list)  # canonical author names from the corpus
    has_code: bool | None = None
    categories: list[str] = Field(default_factory=list)

    def is_empty(self) -> bool:
        """True when no filter is set."""
        return (
            self.year_min is None
            and self.year_max is None
            and not self.authors
            and self.has_code is None
            and not self.categories
        )


class Query(BaseModel):
    """A question after parsing: free-text terms, filters, and what was changed on the way."""

    model_config = ConfigDict(extra="forbid")

    raw: str
    text: str  # the free text left once filter phrases are removed (after spelling correction)
    filters: Filters = Field(default_factory=Filters)
    corrected: str | None = None  # "showing results for ..." when spelling was corrected
    notices: list[str] = Field(default_factory=list)  # e.g. ambiguous author, truncated question


class Citation(BaseModel):
    """One cited paper in an answer, in rank order (n = 1 is the best match)."""

    model_config = ConfigDict(extra="forbid")

    n: int = Field(ge=1)
    id: str
    title: str
    authors: list[str]
    year: int | None
    url: str | None
    code_url: str | None
    score: float


class Answer(BaseModel):
    """The machine-readable contract of `pubchat ask --json` (see README)."""

    model_config = ConfigDict(extra="forbid")

    question: str
    intent: Intent
    filters: dict[str, Any] = Field(default_factory=dict)
    total: int = Field(ge=0)
    answer: str  # Markdown
    citations: list[Citation] = Field(default_factory=list)
