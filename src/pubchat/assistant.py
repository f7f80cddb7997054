"""Assistant: the one façade the CLI and the TUI call. question -> Answer.

CONTRACT (shared by the CLI, the TUI and the tests; the answer package fills it in):
    Assistant(papers: list[Paper], settings: Settings)     # pubchat.engine.open_assistant loads a corpus
    .papers -> list[Paper]                    # corpus order
    .paper(paper_id) -> Paper | None
    .ask(question: str, conversation: Conversation | None = None, *, top_k: int | None = None) -> Answer
                                              # never raises on any string
    .explain(question: str, paper_id: str) -> list[tuple[str, float]]  # matched terms, weights
    .cite(paper_ids: list[str], fmt: CiteFormat) -> str        # formatted references
    .references(answer: Answer, fmt: CiteFormat) -> str        # the answer's references
    .suggestions() -> list[str]                # example questions drawn from the corpus
    .prepare() -> None                         # build the index and answer models now, not on the
                                               # first question (the TUI's loader thread); optional
Conversation state ("bibtex for [2]" refers to the last answer) lives in the `Conversation` the caller
owns and passes to `ask`, which updates it; without one a question is answered on its own. The
Assistant itself holds only the corpus and what is built from it (under one lock, so a worker thread
may answer while another prepares).

Beyond the contract (not for UIs): `.index` (the search package's Index, built on first use),
`.respond(question, conversation, top_k=...)` returns the Answer together with its terminal
text rendering (used by `pubchat ask`), and `.resolve(token)` finds a paper by id, arXiv id,
citation key or title words (used by `pubchat cite`).
"""

from __future__ import annotations

import re
import threading
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pubchat.conversation import Conversation
from pubchat.models import Answer, CiteFormat, Paper

if TYPE_CHECKING:
    import logging

    from pubchat.answer.compose import Composed, Composer, Ranked
    from pubchat.answer.intent import IntentInfo
    from pubchat.config import Settings
    from pubchat.models import Filters, Query

_LIST_ALL = re.compile(r"\b(?:list|all|every|everything|show|papers|publications|works)\b", re.IGNORECASE)


def _log() -> logging.Logger:
    """This module's logger (logging is imported only when something goes wrong: startup, issue 6)."""
    import logging

    return logging.getLogger(__name__)


def _set_filters(filters: Filters) -> dict[str, Any]:
    """The filters that are set, as `filters.model_dump(exclude_defaults=True)` gives them (no serializer build)."""
    out: dict[str, Any] = {}
    for name, info in type(filters).model_fields.items():
        value = getattr(filters, name)
        # the factory called directly: get_default() inspects its signature each time (~0.35 ms per ask)
        default = info.default_factory() if info.default_factory is not None else info.default  # type: ignore[call-arg]
        if value != default:
            out[name] = list(value) if isinstance(value, list) else value
    return out


@dataclass(frozen=True)
class Response:
    """An answer plus its rendering for a terminal (plain text, wrapped, escape-free)."""

    answer: Answer
    text: str


class Assistant:
    """Answers questions about one corpus; follow-ups read and update the caller's `Conversation`."""

    def __init__(self, papers: list[Paper], settings: Settings) -> None:
        """Keep the corpus and settings; the search index and phrase models are built on first use."""
        self.papers: list[Paper] = list(papers)
        self.settings = settings
        self._by_id = {p.id: p for p in self.papers}
        self._lock = threading.RLock()
        self._index: Any = None
        self._composer: Composer | None = None
        self._keys: dict[str, str] | None = None

    # ---- lazily built parts ----------------------------------------------------------------

    @property
    def keys(self) -> dict[str, str]:
        """BibTeX keys, unique across the corpus."""
        if self._keys is None:
            from pubchat.answer.cite import cite_keys

            self._keys = cite_keys(self.papers)
        return self._keys

    @property
    def composer(self) -> Composer:
        """The answer templates for this corpus."""
        if self._composer is None:
            from pubchat.answer.compose import Composer

            self._composer = Composer(self.papers, self.settings.answer, self.keys)
        return self._composer

    @property
    def index(self) -> Any:
        """The search index over the corpus (internal: UIs use the contract's methods, not this).

        Large corpora reuse analysed tokens from the on-disk cache (`pubchat.search.cache`).
        """
        if self._index is None:
            cache = self.settings.cache
            if cache.enabled and len(self.papers) >= cache.min_docs:  # else the cache module is not even imported
                from pubchat.search.cache import load_or_build_index

                self._index = load_or_build_index(self.papers, self.settings)
            else:
                from pubchat.search.index import Index

                self._index = Index.build(self.papers, self.settings.search)
        return self._index

    # ---- contract ------------------------------------------------------------------------------

    def paper(self, paper_id: str) -> Paper | None:
        """A paper by id."""
        return self._by_id.get(paper_id)

    def ask(self, question: str, conversation: Conversation | None = None, *, top_k: int | None = None) -> Answer:
        """Answer a question in a conversation (None: on its own). Never raises: any string gets an Answer."""
        return self.respond(question, conversation, top_k=top_k).answer

    def respond(
        self, question: object, conversation: Conversation | None = None, *, top_k: int | None = None
    ) -> Response:
        """Answer a question and render it for a terminal; the answer becomes what follow-ups refer to."""
        from pubchat.answer.doc import render_text

        if conversation is None:
            conversation = Conversation()
        with self._lock:
            clean_q, notices = self._clean_question(question)
            try:
                composed = self._compose(clean_q, notices, top_k, conversation)
            except Exception:  # a bug must not crash a chat session: say so, keep going
                _log().exception("answering %r failed", clean_q[:200])
                composed = self._failure()
            answer = self._to_answer(clean_q, composed)
            if composed.cited and composed.intent != "cite":
                conversation.cited = [r.paper for r in composed.cited]
            return Response(answer, render_text(composed.doc))

    def explain(self, question: str, paper_id: str) -> list[tuple[str, float]]:
        """The question's terms that matched a paper, with their weights (largest first)."""
        try:
            query = self._parse(self._clean_question(question)[0])
            for hit in self._search(query, len(self.papers)):
                if hit.paper.id == paper_id:
                    return sorted(((str(k), float(v)) for k, v in hit.matched.items()), key=lambda kv: (-kv[1], kv[0]))
        except Exception:
            _log().exception("explain failed")
        return []

    def cite(self, paper_ids: list[str], fmt: CiteFormat) -> str:
        """Formatted references for the given paper ids (unknown ids are skipped)."""
        from pubchat.answer.cite import format_references

        papers = [self._by_id[pid] for pid in paper_ids if pid in self._by_id]
        return format_references(papers, fmt, self.keys)

    def references(self, answer: Answer, fmt: CiteFormat) -> str:
        """The references of an answer, in its [n] order."""
        return self.cite([c.id for c in answer.citations], fmt)

    def prepare(self) -> None:
        """Build the search index and the corpus phrase model now (else the first question pays for them)."""
        with self._lock:
            self.index  # noqa: B018 - property builds on first access
            self.composer.themes.stem_sets()  # what the first answer's themes would wait for

    def suggestions(self) -> list[str]:
        """Example questions drawn from this corpus: topics, a count, an author, code, a citation."""
        topics = self.composer.themes.corpus_topics(limit=4)
        out: list[str] = []
        if topics:
            out.append(topics[0])
        if len(topics) > 1:
            out.append(f"how many papers on {topics[1]}?")
        authors = Counter(a for p in self.papers for a in p.authors[:1])
        years = sorted({p.year for p in self.papers if p.year})
        if authors:
            name = sorted(authors.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
            out.append(f"papers by {name}" + (f" since {years[-2]}" if len(years) > 1 else ""))
        if len(topics) > 2 and any(p.has_code for p in self.papers):
            out.append(f"which {topics[2]} papers have code?")
        named = [p for p in self.papers if ":" in p.title and len(p.title.split(":")[0].split()) == 1]
        if named:
            out.append(f"what is {named[0].title.split(':')[0].strip()}?")
        elif years:
            out.append(f"papers from {years[-1]}")
        return out

    def resolve(self, token: str) -> Paper | None:
        """A paper by id, arXiv id, citation key, exact title, name, or else the best title-word match."""
        from pubchat.answer.lookup import resolve_id, resolve_name

        paper = resolve_id(token, self.papers, self.keys) or resolve_name(token, self.papers)
        if paper is not None:
            return paper
        try:
            hits = self._search(self._parse(token), 1)
        except Exception:
            _log().exception("resolve failed")
            return None
        return hits[0].paper if hits else None

    # ---- internals -----------------------------------------------------------------------------

    def _clean_question(self, question: object) -> tuple[str, list[str]]:
        """A safe one-line question (controls, escapes, surrogates removed), truncated with a notice."""
        from pubchat.textsafe import clean

        try:
            text = question if isinstance(question, str) else str(question)
        except Exception:
            text = ""
        text = clean(text, newlines=False)
        notices = []
        limit = self.settings.search.max_query_chars
        if len(text) > limit:
            text = text[:limit].rsplit(" ", 1)[0] if " " in text[:limit] else text[:limit]
            notices.append(f"Your question was cut to its first {limit} characters.")
        return text, notices

    def _parse(self, text: str) -> Query:
        """Parse a question into free text and filters (the search package's parser)."""
        from pubchat.search.query import parse_query

        return parse_query(text, self.index, self.settings.search)

    def _search(self, query: Query, k: int) -> list[Ranked]:
        """Ranked matches past the relevance floor (filter-only queries: newest first)."""
        from pubchat.answer.compose import Ranked

        result = self.index.search(query, max(1, k))
        return [Ranked(h.paper, float(h.score), h.matched, h.coverage) for h in result.hits]  # matched: made on access

    def _examples(self) -> list[str]:
        """Suggestions, never failing."""
        try:
            return self.suggestions()
        except Exception:
            _log().exception("suggestions failed")
            return []

    def _compose(self, question: str, notices: list[str], top_k: int | None, conversation: Conversation) -> Composed:
        """Route a cleaned question to its template; every answer states the question's notices
        (e.g. that it was truncated), also the templates that take none (help, citations, lookups)."""
        from pubchat.answer.doc import Block, t
        from pubchat.textsafe import one_line

        composed = self._template(question, notices, top_k, conversation)
        said = {"".join(span.text for span in block.spans) for block in composed.doc.blocks if block.kind == "para"}
        missing = [one_line(n) for n in notices if one_line(n) not in said]
        composed.doc.blocks[:0] = [Block("para", [t(n)]) for n in missing]
        return composed

    def _template(self, question: str, notices: list[str], top_k: int | None, conversation: Conversation) -> Composed:
        """Route a cleaned question to its template."""
        from pubchat.answer.intent import detect_intent
        from pubchat.answer.lookup import resolve_name

        info = detect_intent(question)
        c = self.composer
        if info.intent == "none":
            return c.empty(self._examples())
        if info.intent == "greeting":
            return c.greeting(self._examples())
        if info.intent == "help":
            return c.help(self._examples())
        if info.intent == "cite":
            return self._cite_answer(info, conversation.cited)
        if info.lookup_name:
            strict = len(question.split()) == 1
            paper = resolve_name(info.lookup_name, self.papers, strict=strict)
            if paper is not None:
                return c.lookup(paper, question)
        query = self._parse(info.subject or question)
        composed = self._route(info, question, query, notices + list(query.notices), top_k)
        composed.filters = _set_filters(query.filters)
        return composed

    def _route(self, info: IntentInfo, question: str, query: Query, notices: list[str], top_k: int | None) -> Composed:
        """Pick the template for a parsed question: count, author overview, list, find or no match."""
        c = self.composer
        topical = self._has_topic(query.text)
        filters = query.filters
        if topical:
            hits = self._search(query, len(self.papers))
        elif not filters.is_empty():
            hits = self._search(query.model_copy(update={"text": ""}), len(self.papers))
        else:
            hits = self._newest_first(self.papers)  # "list all papers", "how many papers are there?"
        if info.intent == "count":
            return c.count(question, query.text if topical else "", hits, filters, notices, query.corrected)
        if topical:
            return c.find(
                question,
                query.text,
                hits,
                len(hits),
                filters,
                notices,
                query.corrected,
                top_k,
                themes_from_coverage=self.settings.search.min_score,
            )
        if filters.authors:
            return c.author(question, hits, filters, notices, top_k)
        if filters.is_empty() and not _LIST_ALL.search(question):
            return c.empty(self._examples())  # "what?": no topic, no filter, not a list request
        return c.listing("list", question, hits, filters, notices, top_k)

    @staticmethod
    def _newest_first(papers: list[Paper]) -> list[Ranked]:
        """Every paper, newest first (`pubchat.recency`)."""
        from pubchat.answer.compose import Ranked
        from pubchat.recency import newest_first

        return [Ranked(p, 0.0, {}) for p in newest_first(papers)]

    def _has_topic(self, text: str) -> bool:
        """True when the free text holds a content word beyond question and paper vocabulary."""
        from pubchat.answer.text import META_WORDS, tokens

        return any(tok.lower not in META_WORDS for tok in tokens(text))

    def _cite_answer(self, info: IntentInfo, last: list[Paper]) -> Composed:
        """Citations for [n] of the last answer (`last`: its cited papers), all of it, or the paper named."""
        from pubchat.answer.compose import short_title
        from pubchat.answer.doc import raw, t

        c = self.composer
        fmt: CiteFormat = info.cite_format or self.settings.cite.format
        label = {"bibtex": "BibTeX", "apa": "APA", "plain": "Plain-text", "md": "Markdown"}[fmt]
        if info.refs or info.refs_all:
            if not last:
                return c.cite_problem("There is no previous answer with numbered papers to cite yet.")
            if info.refs_all:
                papers = list(last)
                return c.cite(papers, fmt, [t(f"{label} for all {len(papers)} papers of the previous answer:")])
            bad = [n for n in info.refs if not 1 <= n <= len(last)]
            if bad:
                shown = ", ".join(f"[{n}]" for n in bad)
                span = "[1]" if len(last) == 1 else f"[1] to [{len(last)}]"
                return c.cite_problem(f"The previous answer has {span}; there is no {shown}.")
            papers = [last[n - 1] for n in info.refs]
            intro = [t(f"{label} for ")]
            for i, (n, p) in enumerate(zip(info.refs, papers)):
                intro += [t(", ") if i else t(""), raw(f"[{n}]"), t(f" {short_title(p.title)}")]
            intro.append(t(":"))
            return c.cite(papers, fmt, intro)
        if info.subject:
            paper = self.resolve(info.subject)
            if paper is None:
                return c.cite_problem(f"No paper in this list matches “{info.subject}”.")
            return c.cite([paper], fmt, [t(f"{label} for {' '.join(paper.title.split())}:")])
        if last:
            papers = list(last)
            return c.cite(papers, fmt, [t(f"{label} for the {len(papers)} papers of the previous answer:")])
        return c.cite_problem("Which paper should I cite?")

    def _failure(self) -> Composed:
        """An apology when answering failed unexpectedly (logged)."""
        from pubchat.answer.compose import Composed
        from pubchat.answer.doc import Doc, t

        doc = Doc()
        doc.para(t("Sorry, I could not answer that question. Please rephrase it."))
        return Composed("none", doc, 0, [])

    def _to_answer(self, question: str, composed: Composed) -> Answer:
        """The pydantic Answer (the JSON contract)."""
        from pubchat.answer.compose import citations
        from pubchat.answer.doc import render_markdown

        filters = self._filters_dict(composed)
        return Answer.model_construct(  # every value is built here; tests check it validates
            question=question,
            intent=composed.intent,
            filters=filters,
            total=composed.total,
            answer=render_markdown(composed.doc),
            citations=citations(composed.cited),
        )

    @staticmethod
    def _filters_dict(composed: Composed) -> dict[str, Any]:
        """Filters as given to the template (only the ones set)."""
        return dict(composed.filters)
