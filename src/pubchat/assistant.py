"""Assistant: the one façade the CLI and the TUI call. question -> Answer.

CONTRACT (shared by the CLI, the TUI and the tests; the answer package fills it in):
    Assistant(papers: Sequence[Paper], settings: Settings) # pubchat.engine.open_assistant loads a corpus
    .papers -> Sequence[Paper]                # corpus order (a large corpus: read on demand)
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
from dataclasses import fields, replace
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pubchat.conversation import Conversation
from pubchat.corpus.lazy import LazyPapers
from pubchat.lazyre import lazy
from pubchat.models import CiteFormat, Paper

if TYPE_CHECKING:
    import logging
    from collections.abc import Callable, Sequence
    from pathlib import Path

    from pubchat.answer.compose import Composed, Composer, Ranked
    from pubchat.answer.hitview import RankedHits
    from pubchat.answer.intent import IntentInfo
    from pubchat.config import Settings
    from pubchat.models import Answer, Filters, Query

DESCRIBED_MIN_COSINE = 0.35  # "the heartbeat-signal deepfake paper": the closest paper's cosine must reach this
DESCRIBED_MARGIN = 0.08  # ... and lead the next paper by this much, else the description names no one paper
EVIDENCE_SHARE = 0.75  # a yes/no answer's evidence holds at least this share of the best paper's coverage
MAX_LIMIT = 20  # "top 50 papers" shows at most this many
MAX_COMPARED = 5  # "compare the oracle papers": at most this many described papers side by side
NEAR_COVERAGE = 0.5  # a related paper named as "the closest" holds at least half of the question's weight
_SHORT_FORM = lazy(r"(?<![\w-])[A-Z][A-Z0-9]{1,7}s?(?![\w-])")
_LIST_ALL = lazy(r"\b(?:list|all|every|everything|show|papers|publications|works)\b", re.IGNORECASE)


def _where(hits: Sequence[Ranked], keep: Callable[[Any, Any], Any]) -> Sequence[Ranked]:
    """The hits for which `keep(coverage, matching)` holds, given as aligned arrays (a `RankedHits` selects
    without reading any paper)."""
    import numpy as np

    from pubchat.answer.hitview import RankedHits

    if isinstance(hits, RankedHits):
        return hits.where(keep(hits.coverage, hits.ranks < hits.result.matching))
    coverage = np.array([h.coverage for h in hits], dtype=np.float64)
    mask = keep(coverage, np.array([h.matching for h in hits], dtype=bool))
    return [h for h, kept in zip(hits, mask) if kept]


def _flat(text: str) -> str:
    """Case-folded text with single spaces (a name compared with the start of a title)."""
    return " ".join(text.split()).casefold()


def _log() -> logging.Logger:
    """This module's logger (imported only when something goes wrong, so answering does not load logging)."""
    import logging

    return logging.getLogger(__name__)


def _set_filters(filters: Filters) -> dict[str, Any]:
    """The filters that are set (differ from their defaults), for the answer's `filters` field."""
    from pubchat.models import Filters

    unset = Filters()
    return {
        f.name: list(value) if isinstance(value, list) else value
        for f in fields(filters)
        if (value := getattr(filters, f.name)) != getattr(unset, f.name)
    }


class Response:
    """An answer (the JSON contract, Markdown inside) and its rendering for a terminal (plain text,
    wrapped, escape-free): each is built when first read, as a caller reads one of them."""

    def __init__(self, question: str, composed: Composed) -> None:
        """Keep the cleaned question and what the template composed."""
        self._question = question
        self._composed = composed

    @cached_property
    def answer(self) -> Answer:
        """The Answer, validated against the JSON contract (a bug shows as an error here, not in a client)."""
        from pubchat.answer.compose import citations
        from pubchat.answer.doc import render_markdown
        from pubchat.models import Answer, Candidate

        composed = self._composed
        return Answer(
            question=self._question,
            intent=composed.intent,
            filters=dict(composed.filters),
            total=composed.total,
            answer=render_markdown(composed.doc),
            citations=citations(composed.cited),
            yes=composed.yes,
            stats=composed.stats,
            candidates=[
                Candidate(n=n, id=p.id, title=p.title, year=p.year) for n, p in enumerate(composed.candidates, start=1)
            ],
        )

    @cached_property
    def text(self) -> str:
        """The answer as plain terminal text."""
        from pubchat.answer.doc import render_text

        return render_text(self._composed.doc)


class Assistant:
    """Answers questions about one corpus; follow-ups read and update the caller's `Conversation`."""

    def __init__(self, papers: Sequence[Paper], settings: Settings, corpus_file: Path | None = None) -> None:
        """Keep the corpus and settings; the search index and phrase models are built on first use.

        `corpus_file` is the file the papers were read from: its on-disk index is mapped instead of rebuilt.
        """
        self.papers: Sequence[Paper] = papers if isinstance(papers, LazyPapers) else list(papers)
        self.settings = settings
        self.corpus_file = corpus_file
        self._ids: dict[str, int] | None = None
        self._lock = threading.RLock()
        self._index: Any = None
        self._composer: Composer | None = None
        self._keys: dict[str, str] | None = None
        self.embed_progress: Callable[[int, int], None] | None = None  # (done, total) while embedding the corpus

    # ---- lazily built parts ----------------------------------------------------------------

    @property
    def _by_id(self) -> dict[str, int]:
        """Paper positions by id, the last paper holding a repeated id (from the corpus' id column, built on
        first use: a question that names no id never reads it)."""
        if self._ids is None:
            from pubchat.corpus.catalog import catalog_of

            self._ids = catalog_of(self.papers).last_with_id()
        return self._ids

    @property
    def keys(self) -> dict[str, str]:
        """BibTeX keys, unique across the corpus (computed on first read; `composer.keys` defers it to the
        first lookup, which a name that cannot be a key never makes)."""
        if self._keys is None:
            from pubchat.answer.cite import cite_keys

            self._keys = cite_keys(self.papers)
        return self._keys

    @property
    def composer(self) -> Composer:
        """The answer templates for this corpus."""
        if self._composer is None:
            from pubchat.answer.cite import LazyKeys
            from pubchat.answer.compose import Composer

            self._composer = Composer(self.papers, self.settings.answer, LazyKeys(lambda: self.keys))
        return self._composer

    @property
    def index(self) -> Any:
        """The search index over the corpus (internal: UIs use the contract's methods, not this).

        A corpus read from a file maps its on-disk index when it is current (`pubchat.search.cache`).
        """
        if self._index is None:
            if self.corpus_file is not None and self.settings.cache.enabled:
                from pubchat.search.cache import load_or_build_index

                self._index = load_or_build_index(self.papers, self.settings, self.corpus_file)
            else:
                from pubchat.search.index import Index

                self._index = Index.build(self.papers, self.settings.search)
            if self.settings.cache.enabled:
                self._index.vectors_dir = self._vectors_dir
            self._index.embed_progress = self.embed_progress
        return self._index

    def _vectors_dir(self) -> Path:
        """Where document vectors are cached: the index cache directory."""
        from pubchat.search.cache import cache_dir

        return cache_dir(self.settings)

    def prepare_semantic(self) -> str | None:
        """Load the encoder and the corpus' document vectors now (embedding them if needed, with
        `embed_progress`), so no question waits for them; None, or why the encoder is not used."""
        with self._lock:
            return self.index.semantic_state().reason

    # ---- contract ------------------------------------------------------------------------------

    def paper(self, paper_id: str) -> Paper | None:
        """A paper by id."""
        i = self._by_id.get(paper_id)
        return None if i is None else self.papers[i]

    def ask(self, question: str, conversation: Conversation | None = None, *, top_k: int | None = None) -> Answer:
        """Answer a question in a conversation (None: on its own). Never raises: any string gets an Answer."""
        return self.respond(question, conversation, top_k=top_k).answer

    def respond(
        self, question: object, conversation: Conversation | None = None, *, top_k: int | None = None
    ) -> Response:
        """Answer a question and render it for a terminal; the answer becomes what follow-ups refer to."""
        if conversation is None:
            conversation = Conversation()
        with self._lock:
            self._forget_vectors()
            clean_q, notices = self._clean_question(question)
            try:
                composed = self._compose(clean_q, notices, top_k, conversation)
            except Exception:  # a bug must not crash a chat session: say so, keep going
                _log().exception("answering %r failed", clean_q[:200])
                composed = self._failure()
            if composed.cited and composed.intent != "cite":
                conversation.cited = [r.paper for r in composed.cited]
            conversation.shown = [r.paper for r in composed.cited]
            conversation.offered = list(composed.candidates)
            if composed.candidates:
                conversation.offered_format = composed.candidates_format
            return Response(clean_q, composed)

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

        papers = [self.papers[self._by_id[pid]] for pid in paper_ids if pid in self._by_id]
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

    def resolve_all(self, token: str) -> list[Paper]:
        """Every paper a citation token may mean: [] none, one paper, or the candidates to choose from."""
        from pubchat.answer.lookup import candidates

        return candidates(token, self.papers, self.composer.keys)

    def resolve(self, token: str) -> Paper | None:
        """A paper by id, arXiv id, citation key, exact title, name, or else the best title-word match."""
        from pubchat.answer.lookup import resolve_id, resolve_name

        paper = resolve_id(token, self.papers, self.composer.keys) or resolve_name(token, self.papers)
        if paper is not None:
            return paper
        try:
            hits = self._search(self._parse(token), 1)
        except Exception:
            _log().exception("resolve failed")
            return None
        return hits[0].paper if hits else None

    # ---- internals -----------------------------------------------------------------------------

    def _forget_vectors(self) -> None:
        """The encoder's kept question vectors are the previous answer's: drop them."""
        state = self.index.semantic_loaded() if self._index is not None else None
        if state is not None and state.index is not None:
            state.index.forget()

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

    def _search(self, query: Query, k: int) -> RankedHits:
        """Ranked matches past the relevance floor (filter-only queries: newest first), each `Ranked` made
        when read: an answer reads the few it shows, and its figures over all of them come from columns."""
        from pubchat.answer.hitview import RankedHits

        result = self.index.search(query, max(1, k))
        columns = self.index.filter_columns()
        return RankedHits(result, columns.years, columns.has_code)

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
        from pubchat.answer.compose import short_title
        from pubchat.answer.doc import Block, t
        from pubchat.answer.intent import detect_intent, pick, stats_topic, without_people_nouns
        from pubchat.answer.lookup import resolve_id, resolve_name

        info = detect_intent(question)
        c = self.composer
        if conversation.offered:
            chosen = pick(question, len(conversation.offered))
            if chosen is not None:
                return self._cite_picked(conversation, chosen)
        if info.intent == "none":
            return c.empty(self._examples())
        if info.intent == "greeting":
            return c.greeting(self._examples())
        if info.intent == "help":
            return c.help(self._examples())
        if (info.unheld and info.unheld.startswith("citations")) or (
            info.unheld == "venues" and not any(p.venue for p in self.papers)
        ):
            return c.unheld(info.unheld, self._examples())
        if info.intent == "cite":
            return self._cite_answer(info, conversation)
        if info.intent in ("similar", "compare"):
            named = self._named_answer(info)
            if named is not None:
                return named
            info = replace(info, intent="find")
        if info.lookup_name:
            strict = len(question.split()) == 1
            by_id = resolve_id(info.lookup_name, self.papers, self.composer.keys)
            paper = by_id or resolve_name(info.lookup_name, self.papers, strict=strict)
            if paper is not None:
                is_name = short_title(paper.title).casefold() == info.lookup_name.casefold()
                its_name = by_id is not None or is_name or _flat(paper.title).startswith(_flat(info.lookup_name))
                if its_name or not self._others_on(info.lookup_name, paper):
                    return c.lookup(paper, question, define=None if is_name else info.lookup_name)
        if info.intent == "stats" and info.stats_kind in ("coauthor", "author"):
            # A people question keeps its topic ("who wrote most with Deng about deepfakes"), not its stats words.
            query = self._parse(without_people_nouns(question))
            topic = stats_topic(query.text)
            query = replace(query, text=topic if self._has_topic(topic) else "")
        else:
            query = self._parse(info.subject if info.intent == "stats" else (info.subject or question))
        if info.intent == "stats" and info.stats_kind == "coauthor" and query.filters.authors:
            query = replace(query, notices=[])  # the answer says which author it read
        notices = notices + list(query.notices)
        if query.absent and info.intent in ("stats", "overview", "yesno"):
            from pubchat.answer.compose import never_mentions

            notices.append(never_mentions(query.absent))  # these answers open with the notices
        yes_no = info.intent == "yesno" and self._has_topic(query.text)  # else a list: "are there papers from 2026?"
        if info.intent == "stats":
            composed = self._stats_answer(info, query, question)
        elif info.intent == "overview":
            composed = self._overview_answer(info, query)
        elif yes_no:
            composed = self._yesno_answer(question, query)
        else:
            composed = self._route(info, question, query, notices, top_k)
            if info.intent in ("list", "yesno") and composed.intent == "find":
                composed.intent = "list"  # "which of these papers ...": the papers with a property
        if (info.intent in ("stats", "overview") or yes_no) and notices:
            composed.doc.blocks[:0] = [Block("para", [t(n)]) for n in notices]
        composed.filters = _set_filters(query.filters)
        return composed

    def _matching(self, query: Query) -> Sequence[Ranked]:
        """The papers that match a parsed question: its topic's matches, else every paper its filters allow."""
        if self._has_topic(query.text):
            return self._precise(self._search(query, len(self.papers)))
        if not query.filters.is_empty():
            return self._search(replace(query, text=""), len(self.papers))
        return self._newest_first(self.papers)

    def _stats_answer(self, info: IntentInfo, query: Query, question: str) -> Composed:
        """Figures over the matching papers (a co-author question counts over the whole list)."""
        from pubchat.answer.compose import topic_phrase
        from pubchat.answer.overview import stats_answer

        filters = query.filters
        author = None
        note = ""
        topic = ""
        if info.stats_kind in ("coauthor", "author") and query.text:
            topic = topic_phrase(question, query.text) or query.text
        named = list(filters.authors) or self._authors_named(info.subject)
        if info.stats_kind == "coauthor" and named:
            counts = {a: sum(1 for p in self.papers if a in p.authors) for a in named}
            author = sorted(counts, key=lambda a: (-counts[a], a))[0]
            others = [a for a in named if a != author]
            if others:
                note = f"(“{info.subject.strip()}” read as {author}, the author of most papers here; "
                note += f"the list also has {', '.join(others)}.)"
            filters = replace(filters, authors=[])
        if info.stats_kind == "topic_code":
            filters = replace(filters, has_code=None)  # the table counts code per topic
        query = replace(query, filters=filters)
        papers = [h.paper for h in self._matching(query)]
        kind = info.stats_kind if (info.stats_kind != "coauthor" or author) else "author"
        return stats_answer(self.composer, papers, kind, filters, author, note, topic)

    def _authors_named(self, text: str) -> list[str]:
        """The corpus's author names that contain every word of `text` ("Deng" -> Weihong Deng, ...)."""
        words = [w.casefold() for w in re.findall(r"[^\W\d_]+", text)]
        if not words:
            return []
        names = dict.fromkeys(a for p in self.papers for a in p.authors)
        return [a for a in names if all(w in re.findall(r"[^\W\d_]+", a.casefold()) for w in words)]

    def _overview_answer(self, info: IntentInfo, query: Query) -> Composed:
        """Topic groups of the matching papers (the whole list when the question names no topic)."""
        from pubchat.answer.compose import topic_phrase
        from pubchat.answer.overview import overview
        from pubchat.answer.text import stems

        topical = self._has_topic(query.text)
        hits = self._matching(query)
        topic = topic_phrase(info.subject, query.text) if topical else None
        exclude = list(stems(query.text)) if topical else []
        return overview(self.composer, hits, topic, exclude, query.filters, over_time=info.over_time)

    def _yesno_answer(self, question: str, query: Query) -> Composed:
        """Yes with the matching papers, or No (naming the topic's papers outside the filters, if any,
        else the search's related papers when they are genuinely near)."""
        found: Sequence[Ranked] = self._search(query, len(self.papers)) if self._has_topic(query.text) else []
        hits = self._evidence(found)
        unfiltered: Sequence[Ranked] = []
        if not hits and not query.filters.is_empty() and self._has_topic(query.text):
            from pubchat.models import Filters

            bare = replace(query, filters=Filters())
            unfiltered = self._evidence(self._search(bare, len(self.papers)))
        nearby = self._nearby(query.text, found) if not hits else []
        meaning = self._by_meaning(query.text, found) if not (hits or unfiltered or nearby) else []
        return self.composer.yesno(question, query.text, hits, query.filters, unfiltered, nearby, meaning)

    def _by_meaning(self, text: str, hits: Sequence[Ranked]) -> Sequence[Ranked]:
        """Papers that share few of the question's words (under NEAR_COVERAGE of its weight) yet are close
        to it in meaning: their cosine reaches `search.dense_related`."""
        return self._close_in_meaning(text, _where(hits, lambda c, _m: c < NEAR_COVERAGE)) or []

    def _nearby(self, text: str, hits: Sequence[Ranked]) -> Sequence[Ranked]:
        """The search's related papers (not precise matches) that are genuinely near the question: they
        hold at least NEAR_COVERAGE of its weight and, when meaning is on, reach `search.dense_related`."""
        related = _where(hits, lambda c, m: ~m & (c >= NEAR_COVERAGE))  # bool arrays
        close = self._close_in_meaning(text, related)
        return related if close is None else close

    def _close_in_meaning(self, text: str, hits: Sequence[Ranked]) -> list[Ranked] | None:
        """The hits whose cosine with `text` reaches `search.dense_related`; None when meaning is off."""
        cosines = self._dense_cosines(text) if hits else None
        if cosines is None:
            return None
        at = self._by_id
        return [h for h in hits if cosines[at[h.paper.id]] >= self.settings.search.dense_related]

    def _evidence(self, hits: Sequence[Ranked]) -> Sequence[Ranked]:
        """The precise matches that hold nearly as much of the question as the best one: what a Yes
        names as evidence (a paper sharing only "face" with "face anti-spoofing benchmark" is not)."""
        from pubchat.answer.hitview import max_coverage

        precise = self._precise(hits)
        floor = max(self.settings.search.min_score, EVIDENCE_SHARE * max_coverage(precise))
        return _where(precise, lambda c, _m: c >= floor)

    @staticmethod
    def _precise(hits: Sequence[Ranked]) -> Sequence[Ranked]:
        """The precise matches among the hits (the search's match decision), not the "may be related" ones."""
        from pubchat.answer.hitview import precise_hits

        return precise_hits(hits)

    def _named_paper(self, name: str) -> Paper | None:
        """The one paper a name or short description means ("SFace", "the EAC paper", "the
        heartbeat-signal deepfake paper"), or None.

        Names resolve by id, title or method name; a description ("the ... paper") by its words when
        exactly one paper matches them, else by meaning when one paper is clearly the closest.
        """
        from pubchat.answer.intent import lookup_candidate
        from pubchat.answer.lookup import resolve_id, resolve_name

        inner = lookup_candidate(name) or name
        paper = resolve_id(inner, self.papers, self.composer.keys) or resolve_name(inner, self.papers)
        if paper is not None:
            return paper
        found = self.resolve_all(inner)
        if len(found) == 1:
            return found[0]
        spelled = self._spelled_out(inner)
        if spelled != inner:  # "Generalizable FER": the title writes the short form out
            paper = resolve_name(spelled, self.papers)
            if paper is not None:
                return paper
        hits = self._precise(self._search(self._parse(inner), len(self.papers)))
        if len(hits) == 1:
            return hits[0].paper
        if inner != name and not hits:  # a description: the paper clearly closest in meaning
            cosines = self._dense_cosines(inner)
            if cosines is not None and len(cosines) > 1:
                order = sorted(range(len(cosines)), key=lambda i: -cosines[i])
                best, second = float(cosines[order[0]]), float(cosines[order[1]])
                if best >= DESCRIBED_MIN_COSINE and best - second >= DESCRIBED_MARGIN:
                    return self.papers[order[0]]
        return None

    def _spelled_out(self, name: str) -> str:
        """A name with each short form written in capitals replaced by its long form in this list
        ("Generalizable FER" -> "Generalizable facial expression recognition")."""
        table = self.index.acronyms

        def long(match: re.Match[str]) -> str:
            return table.long_form(match.group(0)) or match.group(0)

        return _SHORT_FORM.sub(long, name)

    def _semantic_index(self) -> Any:
        """The encoder's index over the corpus (vectors, similarity), or None when meaning is off."""
        try:
            return self.index.semantic_state().index
        except Exception:
            _log().exception("semantic state failed")
            return None

    def _dense_cosines(self, text: str) -> list[float] | None:
        """Each paper's cosine with `text` in the encoder's space, or None when meaning is off."""
        semantic = self._semantic_index()
        return None if semantic is None else [float(x) for x in semantic.similarity(text)]

    def _named_answer(self, info: IntentInfo) -> Composed | None:
        """Similar papers to one named paper, or named papers compared; None when the names do not resolve."""
        from pubchat.answer.related import compare, neighbours, similar

        papers = [self._named_paper(name) for name in info.anchors]
        resolved: list[Paper] = []
        for paper in papers:
            if paper is not None and all(paper.id != r.id for r in resolved):
                resolved.append(paper)
        if info.intent == "similar" and len(resolved) == 1:
            anchor = resolved[0]
            semantic = self._semantic_index()
            dense = None
            if semantic is not None:
                at = next(i for i, p in enumerate(self.papers) if p.id == anchor.id)
                dense = [float(x) for x in semantic.vectors @ semantic.vectors[at]]
            return similar(self.composer, anchor, neighbours(self.papers, anchor, dense), dense is not None)
        if info.intent == "compare" and len(resolved) >= 2 and len(resolved) == len(papers):
            return compare(self.composer, resolved, info.subject)
        if info.intent == "compare" and not info.anchors:
            return self._described_compare(info)
        return None

    def _described_compare(self, info: IntentInfo) -> Composed | None:
        """Papers described by topic compared ("compare the two zero-shot retrieval papers"): the topic's
        precise matches (the first N when the question gives a number); None when fewer than two or too
        many to set side by side."""
        from pubchat.answer.related import compare

        query = self._parse(info.subject)
        if not self._has_topic(query.text):
            return None
        hits = self._precise(self._search(query, len(self.papers)))
        if info.limit is not None and len(hits) > info.limit:
            hits = hits[: info.limit]
        if not 2 <= len(hits) <= MAX_COMPARED:
            return None
        composed = compare(self.composer, [h.paper for h in hits], info.subject)
        composed.filters = _set_filters(query.filters)  # "the oracle papers from 2022": the year read
        return composed

    def _cite_picked(self, conversation: Conversation, n: int) -> Composed:
        """The candidate a follow-up picked ("the second one"), in the format first asked for."""
        from pubchat.answer.doc import t
        from pubchat.citeformats import get_format

        paper = conversation.offered[n - 1]
        fmt: CiteFormat = conversation.offered_format or self.settings.cite.format
        label = get_format(fmt).label
        return self.composer.cite([paper], fmt, [t(f"{label} for [{n}] {' '.join(paper.title.split())}:")])

    def _route(self, info: IntentInfo, question: str, query: Query, notices: list[str], top_k: int | None) -> Composed:
        """Pick the template for a parsed question: count, author overview, list, find or no match."""
        c = self.composer
        topical = self._has_topic(query.text)
        filters = query.filters
        hits: Sequence[Ranked]
        if topical:
            hits = self._search(query, len(self.papers))
        elif not filters.is_empty():
            hits = self._search(replace(query, text=""), len(self.papers))
        else:
            hits = self._newest_first(self.papers)  # "list all papers", "how many papers are there?"
        if topical and not hits and not filters.is_empty():
            from pubchat.models import Filters

            bare = self._precise(self._search(replace(query, filters=Filters()), len(self.papers)))
            if bare:  # the topic is in the list, only not under these filters: say so, name the closest in time
                return c.outside_filters(question, query.text, filters, bare)
        if query.absent and (hits or info.intent == "count"):
            from pubchat.answer.compose import never_mentions

            notices = [*notices, never_mentions(query.absent)]  # with no papers, the no-match line says it
        if info.intent != "count":
            hits = self._cued(query.text if topical else "", hits, info.define)
        if info.intent == "count":
            return c.count(
                question, query.text if topical else "", self._precise(hits), filters, notices, query.corrected
            )
        if info.extreme and hits:
            text = query.text if topical else ""
            on_topic = (self._precise(hits) or hits) if topical else hits  # "of the N papers on X": the matches
            return c.extreme(question, text, on_topic, filters, info.extreme == "newest", info.limit)
        if info.limit is not None and top_k is None:
            top_k = min(info.limit, MAX_LIMIT)  # "top 5 papers on X"
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
                absent=query.absent,
            )
        if filters.authors:
            return c.author(question, hits, filters, notices, top_k)
        if filters.is_empty() and not _LIST_ALL.search(question):
            return c.empty(self._examples())  # "what?": no topic, no filter, not a list request
        return c.listing("list", question, hits, filters, notices, top_k)

    def _others_on(self, words: str, paper: Paper) -> bool:
        """Whether papers besides `paper` match `words` ("the privacy cloak work": three cloak papers,
        one with the phrase in its title): then the words name a topic, not that one paper."""
        return any(h.paper.id != paper.id for h in self._precise(self._search(self._parse(words), len(self.papers))))

    def _cued(self, text: str, hits: Sequence[Ranked], define: str | None) -> Sequence[Ranked]:
        """The hits, the ones an answer may quote carrying sentence cues: each abstract sentence's cosine
        with the question when this answer's search embedded it (a weak question; the encoder is never
        run for the sentences alone, so a question gets the same answer whatever was loaded before),
        and the term a "what is X" question asks about."""
        from pubchat.answer.summarise import Cues

        state = self.index.semantic_loaded()
        semantic: Any = getattr(state, "index", None)
        dense_on = semantic is not None and semantic.sentences is not None and semantic.owner is not None
        question = semantic.embedded(text) if dense_on and text.strip() else None
        if not hits or (question is None and define is None):
            return hits
        cued = min(len(hits), max(self.settings.answer.top_k, MAX_LIMIT))
        cosines: dict[str, dict[str, float]] = {}
        if question is not None:
            from pubchat.answer.latex import to_text
            from pubchat.answer.text import normalise_space
            from pubchat.search.dense import paper_units

            at = self._by_id
            for hit in hits[:cued]:
                rows = (semantic.owner == at[hit.paper.id]).nonzero()[0]
                units = paper_units(hit.paper)
                if len(units) != len(rows):
                    continue
                sims = semantic.sentences[rows] @ question
                cosines[hit.paper.id] = {normalise_space(to_text(u)): float(x) for u, x in zip(units, sims)}
        from pubchat.answer.hitview import RankedHits

        head = [replace(h, cues=Cues(cosines.get(h.paper.id, {}), define)) for h in hits[:cued]]
        return hits.with_head(head) if isinstance(hits, RankedHits) else [*head, *hits[cued:]]

    @staticmethod
    def _newest_first(papers: Sequence[Paper]) -> list[Ranked]:
        """Every paper, newest first (`pubchat.recency`)."""
        from pubchat.answer.compose import Ranked
        from pubchat.recency import newest_first

        return [Ranked(p, 0.0, {}) for p in newest_first(papers)]

    def _has_topic(self, text: str) -> bool:
        """True when the free text holds a content word beyond question and paper vocabulary."""
        from pubchat.answer.text import META_WORDS, tokens

        return any(tok.lower not in META_WORDS for tok in tokens(text))

    def _cite_answer(self, info: IntentInfo, conversation: Conversation) -> Composed:
        """Citations for [n] of the last numbered answer, all of it, the paper(s) named, or, for a bare
        format ("now in ieee style", "as bibtex"), the papers of the last answer (a reference answer too)."""
        from pubchat.answer.compose import plural, short_title
        from pubchat.answer.doc import raw, t
        from pubchat.citeformats import get_format

        c = self.composer
        fmt: CiteFormat = info.cite_format or self.settings.cite.format
        label = get_format(fmt).label
        last = conversation.cited
        if info.refs or info.refs_all:
            if not last:
                return c.cite_problem("There is no previous answer with numbered papers to cite yet.")
            if info.refs_all:
                papers = list(last)
                whole = "the paper" if len(papers) == 1 else f"all {len(papers)} papers"
                return c.cite(papers, fmt, [t(f"{label} for {whole} of the previous answer:")])
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
        if info.subject and info.many:
            query = self._parse(info.subject)
            hits = self._precise(self._search(query, len(self.papers))) if self._has_topic(query.text) else []
            if not hits:
                return c.cite_problem(f"No paper in this list matches “{info.subject}”.")
            papers = [h.paper for h in hits]
            return c.cite(
                papers, fmt, [t(f"{label} for the {plural(len(papers), 'paper')} matching “{info.subject}”:")]
            )
        if info.subject:
            found = self._cited_named(info.subject)
            if not found:
                return c.cite_problem(f"No paper in this list matches “{info.subject}”.")
            if len(found) > 1:
                return c.candidates(info.subject, found, fmt)
            paper = found[0]
            return c.cite([paper], fmt, [t(f"{label} for {' '.join(paper.title.split())}:")])
        if conversation.shown:
            papers = list(conversation.shown)
            if len(papers) == 1:
                return c.cite(papers, fmt, [t(f"{label} for {' '.join(papers[0].title.split())}:")])
            return c.cite(papers, fmt, [t(f"{label} for the {len(papers)} papers of the previous answer:")])
        return c.cite_problem("Which paper should I cite?")

    def _cited_named(self, subject: str) -> list[Paper]:
        """Every paper a citation request's words may name: as written, else without a trailing kind of
        work ("the Oracle-MNIST dataset", "the GABN method"), else with short forms spelled out."""
        from pubchat.answer.intent import lookup_candidate

        inner = lookup_candidate(subject) or subject
        for name in dict.fromkeys((subject, inner, self._spelled_out(inner))):
            found = self.resolve_all(name)
            if found:
                return found
        return []

    def _failure(self) -> Composed:
        """An apology when answering failed unexpectedly (logged)."""
        from pubchat.answer.compose import Composed
        from pubchat.answer.doc import Doc, t

        doc = Doc()
        doc.para(t("Sorry, I could not answer that question. Please rephrase it."))
        return Composed("none", doc, 0, [])
