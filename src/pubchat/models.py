"""The engine's records: pydantic models where data crosses a boundary, plain dataclasses inside.

`Paper` validates corpus records read from files; `Answer` (with `Citation`, `Stats`, `Candidate`)
is the JSON answer contract the CLI prints and the TUI shows. `Filters` and `Query` are the
question parser's output and never leave the engine, so they are plain dataclasses. Every model
sets `defer_build=True`: pydantic builds a validator on its first use, not at import.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

Intent = Literal[
    "find",  # a topic: "face anti-spoofing"
    "list",  # filters only: "papers from 2025"
    "count",  # "how many papers on oracle characters"
    "lookup",  # one paper by title, method name or nickname: "what is SFace?"
    "author",  # "what does Mei Wang work on"
    "cite",  # "cite SFace as bibtex", "bibtex for [2]"
    "overview",  # "what does this lab work on?": topic groups with counts and a representative paper each
    "stats",  # "how many papers per year?": figures over the list (a table)
    "similar",  # "papers like SFace": the papers most like a named one, the named one excluded
    "compare",  # "compare OPOM and AdvCloak": named papers side by side
    "yesno",  # "have they worked on age estimation?": Yes/No first, then the evidence
    "help",
    "greeting",
    "none",  # nothing usable in the question, or nothing in the list is about it
]

CiteFormat = str  # a name in the citation format registry, pubchat.citeformats.FORMATS

# What kind of publication a record is; BibTeX, RIS and CSL types map onto these.
PaperType = Literal["article", "inproceedings", "preprint", "book", "incollection", "thesis", "report", "misc"]


class Paper(BaseModel):
    """One publication. Fields a foreign corpus cannot give (BEIR has id, title, text) are optional."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

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
    # Publication details for citing the published version (all optional; imports fill what the source has).
    venue: str | None = None  # journal or proceedings name
    doi: str | None = None  # bare, lower-case: 10.1109/tip.2022.3185000
    type: PaperType | None = None
    volume: str | None = None
    issue: str | None = None
    pages: str | None = None
    publisher: str | None = None
    keywords: list[str] = Field(default_factory=list)
    citation_key: str | None = None  # the source's own key (BibTeX key, CSL id, RIS ID), unique in a corpus
    sources: list[str] = Field(default_factory=list)  # where the record came from: "bibtex:lab.bib", ...

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


@dataclass
class Filters:
    """Structured constraints parsed from a question (the parser fills them in); they travel with the answer."""

    year_min: int | None = None
    year_max: int | None = None
    authors: list[str] = field(default_factory=list)  # canonical author names from the corpus
    all_authors: bool = False  # True: a paper needs every listed author (co-authorship), else any one
    has_code: bool | None = None
    categories: list[str] = field(default_factory=list)

    def is_empty(self) -> bool:
        """True when no filter is set."""
        return (
            self.year_min is None
            and self.year_max is None
            and not self.authors
            and self.has_code is None
            and not self.categories
        )


@dataclass(frozen=True)
class Query:
    """A question after parsing: free-text terms, filters, and what was changed on the way."""

    raw: str
    text: str  # the free text left once filter phrases are removed (after spelling correction)
    filters: Filters = field(default_factory=Filters)
    corrected: str | None = None  # "showing results for ..." when spelling was corrected
    notices: list[str] = field(default_factory=list)  # e.g. ambiguous author, truncated question
    absent: list[str] = field(default_factory=list)  # names the question is about that no paper mentions


# The answer contract: validated as a whole when an Answer is made (nested parts built without
# validation are checked then too).
_CONTRACT = ConfigDict(extra="forbid", defer_build=True, revalidate_instances="always")


class Citation(BaseModel):
    """One cited paper in an answer, in rank order (n = 1 is the best match)."""

    model_config = _CONTRACT

    n: int = Field(ge=1)
    id: str
    title: str
    authors: list[str]
    year: int | None
    url: str | None
    code_url: str | None
    score: float


StatsKind = Literal["year", "category", "code", "coauthor", "author", "topic", "topic_code"]


class StatsRow(BaseModel):
    """One row of a figures table: a label and its count (`of`: the total it is a share of, if any)."""

    model_config = _CONTRACT

    label: str
    count: int = Field(ge=0)
    of: int | None = Field(default=None, ge=0)


class StatsTable(BaseModel):
    """One table of a stats answer: papers per year, per category, with code, co-authors, topics."""

    model_config = _CONTRACT

    kind: StatsKind
    title: str  # "Papers per year"
    rows: list[StatsRow] = Field(default_factory=list)


class Stats(BaseModel):
    """Figures over the papers a stats answer describes (`papers`: how many it counts)."""

    model_config = _CONTRACT

    papers: int = Field(ge=0)
    tables: list[StatsTable] = Field(default_factory=list)


class Candidate(BaseModel):
    """One paper an ambiguous citation request may mean; the next turn picks it by `n` ("[2]", "the second one")."""

    model_config = _CONTRACT

    n: int = Field(ge=1)
    id: str
    title: str
    year: int | None


class Answer(BaseModel):
    """The machine-readable contract of `pubchat ask --json` (see README)."""

    model_config = _CONTRACT

    question: str
    intent: Intent
    filters: dict[str, Any] = Field(default_factory=dict)
    total: int = Field(ge=0)
    answer: str  # Markdown
    citations: list[Citation] = Field(default_factory=list)
    yes: bool | None = None  # yes/no questions: the answer's Yes (true) or No (false); else null
    stats: Stats | None = None  # stats answers: the figures as tables
    candidates: list[Candidate] = Field(default_factory=list)  # an ambiguous citation request: which one?


# ---- validation without building pydantic's validator ----------------------------------------------
