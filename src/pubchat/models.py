"""Pydantic models at the engine's boundaries: corpus records, parsed queries, answers.

Inside the engine plain dataclasses are used (see `search.index.Hit`); these models are what
crosses into files, the CLI's JSON and the TUI.

Startup (issue 6): every model sets `defer_build=True`, so pydantic builds a model's validator on
its first real validation, not at import. `construct_plain` gives the exact result of
`model_validate` for plain, already-valid input without building anything, which keeps a one-shot
`pubchat ask` from paying for pydantic's schema generation and plugin scan (~40 ms) at all.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import types
import typing
from typing import Any, Literal, TypeVar

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

    model_config = ConfigDict(extra="forbid", defer_build=True)

    year_min: int | None = None
    year_max: int | None = None
    authors: list[str] = Field(default_factory=list)  # canonical author names from the corpus
    all_authors: bool = False  # True: a paper needs every listed author (co-authorship), else any one
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

    model_config = ConfigDict(extra="forbid", defer_build=True)

    raw: str
    text: str  # the free text left once filter phrases are removed (after spelling correction)
    filters: Filters = Field(default_factory=Filters)
    corrected: str | None = None  # "showing results for ..." when spelling was corrected
    notices: list[str] = Field(default_factory=list)  # e.g. ambiguous author, truncated question


class Citation(BaseModel):
    """One cited paper in an answer, in rank order (n = 1 is the best match)."""

    model_config = ConfigDict(extra="forbid", defer_build=True)

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

    model_config = ConfigDict(extra="forbid", defer_build=True)

    label: str
    count: int = Field(ge=0)
    of: int | None = Field(default=None, ge=0)


class StatsTable(BaseModel):
    """One table of a stats answer: papers per year, per category, with code, co-authors, topics."""

    model_config = ConfigDict(extra="forbid", defer_build=True)

    kind: StatsKind
    title: str  # "Papers per year"
    rows: list[StatsRow] = Field(default_factory=list)


class Stats(BaseModel):
    """Figures over the papers a stats answer describes (`papers`: how many it counts)."""

    model_config = ConfigDict(extra="forbid", defer_build=True)

    papers: int = Field(ge=0)
    tables: list[StatsTable] = Field(default_factory=list)


class Candidate(BaseModel):
    """One paper an ambiguous citation request may mean; the next turn picks it by `n` ("[2]", "the second one")."""

    model_config = ConfigDict(extra="forbid", defer_build=True)

    n: int = Field(ge=1)
    id: str
    title: str
    year: int | None


class Answer(BaseModel):
    """The machine-readable contract of `pubchat ask --json` (see README)."""

    model_config = ConfigDict(extra="forbid", defer_build=True)

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

M = TypeVar("M", bound=BaseModel)
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_BOUNDS = {"ge": lambda v, b: v >= b, "gt": lambda v, b: v > b, "le": lambda v, b: v <= b, "lt": lambda v, b: v < b}
_NO = object()  # "this value needs pydantic"
_TRANSFORMS = (
    "strict",
    "str_strip_whitespace",
    "str_to_lower",
    "str_to_upper",
    "str_min_length",
    "str_max_length",
    "coerce_numbers_to_str",
    "validate_default",
    "use_enum_values",
)


def _plain_str(value: object) -> bool:
    """An exact str pydantic keeps as is (no lone surrogates, which it rejects)."""
    if type(value) is not str:
        return False
    if value.isascii():
        return True
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _plain_value(annotation: Any, value: object) -> object:
    """`value` as pydantic would validate it into `annotation`, or _NO when that needs pydantic."""
    origin = typing.get_origin(annotation)
    if origin is typing.Union or origin is types.UnionType:
        args = typing.get_args(annotation)
        if value is None:
            return None if type(None) in args else _NO
        rest = [a for a in args if a is not type(None)]
        return _plain_value(rest[0], value) if len(rest) == 1 else _NO
    if annotation is str:
        return value if _plain_str(value) else _NO
    if annotation is bool:
        return value if type(value) is bool else _NO
    if annotation is int:
        return value if type(value) is int else _NO
    if annotation is float:
        if type(value) is int or (type(value) is float and math.isfinite(value)):
            return float(value)
        return _NO
    if annotation is dt.date:
        if type(value) is dt.date:
            return value
        if type(value) is str and len(value) == 10 and _ISO_DATE.fullmatch(value):
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                return _NO
        return _NO
    if origin is list and typing.get_args(annotation) == (str,):
        if type(value) is list and all(_plain_str(v) for v in value):
            return list(value)
        return _NO
    if origin is Literal:
        return value if any(type(value) is type(a) and value == a for a in typing.get_args(annotation)) else _NO
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        built = construct_plain(annotation, value)
        return _NO if built is None else built
    return _NO


def _meets(value: object, metadata: list[Any]) -> bool:
    """True when `value` satisfies the field's constraints (ge/le/gt/lt, min/max length); False for any other kind."""
    if value is None:
        return True
    for item in metadata:
        name = type(item).__name__
        if name in ("Ge", "Gt", "Le", "Lt"):
            key = name.lower()
            if not _BOUNDS[key](value, getattr(item, key)):
                return False
        elif name == "MinLen":
            if len(value) < item.min_length:  # type: ignore[arg-type]
                return False
        elif name == "MaxLen":
            if len(value) > item.max_length:  # type: ignore[arg-type]
                return False
        else:
            return False
    return True


def construct_plain(cls: type[M], data: object) -> M | None:
    """`cls.model_validate(data)` for plain input that validation would keep as it is; else None.

    Plain: a dict with only known keys (no aliases), every required key present, values of the
    exact JSON/TOML types the fields declare (str, bool, int, float, ISO date string, list of str,
    a Literal member, a nested model's dict), within their bounds, and passing the model's own
    one-argument "after" field validators. Anything else (coercion, an error, a model validator)
    returns None: the caller then runs `model_validate`, whose result or error is the reference.
    """
    if type(data) is not dict or any(cls.model_config.get(key) for key in _TRANSFORMS):
        return None
    decorators = cls.__pydantic_decorators__
    if decorators.validators or decorators.root_validators or decorators.model_validators:
        return None
    fields = cls.model_fields
    if any(key not in fields for key in data):
        return None
    after: dict[str, list[Any]] = {}
    for dec in decorators.field_validators.values():
        if dec.info.mode != "after":
            return None
        for name in dec.info.fields:
            after.setdefault(name, []).append(dec.func)
    values: dict[str, Any] = {}
    for name, info in fields.items():
        if info.alias is not None or info.validation_alias is not None:
            return None
        if name not in data:
            if info.is_required():
                return None
            factory = info.default_factory
            if isinstance(factory, type) and issubclass(factory, BaseModel):
                built = construct_plain(factory, {})  # a default section, without building it
                if built is None:
                    return None
                values[name] = built
            continue
        value = _plain_value(info.annotation, data[name])
        if value is _NO or not _meets(value, info.metadata):
            return None
        for check in after.get(name, ()):
            try:
                value = check(value)
            except (ValueError, AssertionError):
                return None
        values[name] = value
    return cls.model_construct(_fields_set=set(data), **values)


def dump_plain(model: BaseModel) -> dict[str, Any]:
    """`model.model_dump(mode="json")` for models holding only JSON values (str, int, float, bool,
    None, lists, str-keyed dicts, nested such models), without building pydantic's serializer; any
    other value (a date, a set, ...) falls back to `model_dump`."""
    try:
        return _plain_json(model)  # type: ignore[return-value]
    except _NotPlain:
        return model.model_dump(mode="json")


class _NotPlain(Exception):
    """A value `dump_plain` leaves to pydantic."""


def _plain_json(value: object) -> object:
    """A JSON-ready copy of `value`; _NotPlain for anything pydantic's JSON mode might convert."""
    kind = type(value)
    if value is None or kind in (str, int, bool):
        return value
    if kind is float:
        if not math.isfinite(value):  # type: ignore[arg-type]
            raise _NotPlain
        return value
    if kind is list:
        return [_plain_json(v) for v in value]  # type: ignore[attr-defined]
    if kind is dict:
        if any(type(k) is not str for k in value):  # type: ignore[attr-defined]
            raise _NotPlain
        return {k: _plain_json(v) for k, v in value.items()}  # type: ignore[attr-defined]
    if isinstance(value, BaseModel):
        cls = type(value)
        decorators = cls.__pydantic_decorators__
        if (
            value.__pydantic_extra__
            or cls.model_computed_fields
            or decorators.field_serializers
            or decorators.model_serializers
            or any(f.alias or f.serialization_alias or f.exclude for f in cls.model_fields.values())
        ):
            raise _NotPlain
        return {name: _plain_json(getattr(value, name)) for name in cls.model_fields}
    raise _NotPlain
