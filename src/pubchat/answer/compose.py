"""Answer templates, one per intent: the opening summary, per-paper sentences, references.

Every sentence attributed to a paper comes from that paper's abstract (see `summarise`); the
rest is template text filled with counts, years, filters and corpus-derived themes. Output is a
`Doc` rendered to Markdown (the JSON contract's `answer`) and to terminal text.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from pubchat.answer.cite import author_line, code_link, format_references
from pubchat.answer.doc import Doc, Span, em, link, raw, strong, t
from pubchat.answer.hitview import PaperSet, best_score, hit_papers, max_coverage, precise_hits
from pubchat.answer.latex import to_text
from pubchat.answer.summarise import Cues, abstract_sentences, select_sentences, weights_from_text
from pubchat.answer.text import META_WORDS, STOPWORDS, stem
from pubchat.answer.themes import MAX_THEME_PAPERS, ThemeModel
from pubchat.citeformats import FORMATS, get_format
from pubchat.config import AnswerSettings
from pubchat.lazyre import lazy
from pubchat.models import Citation, CiteFormat, Filters, Intent, Paper, Stats
from pubchat.textsafe import one_line

REFERENCE_AUTHORS = 6  # authors shown per reference before "et al."
LIST_LIMIT = 25  # list/count/author answers name at most this many papers


class HitLike(Protocol):
    """What compose needs from a search hit."""

    paper: Paper
    score: float
    matched: dict[str, float]


@dataclass(frozen=True)
class Ranked:
    """A paper with its retrieval score and matched terms (engine-internal)."""

    paper: Paper
    score: float = 0.0
    matched: Mapping[str, float] = field(default_factory=dict)
    coverage: float = 1.0  # share of the question's weight this paper contains (search.index.Hit)
    matching: bool = True  # a precise match (counted and named as a match), not only "may be related"
    cues: Cues | None = None  # what helps choose its sentences for this question (see summarise.Cues)


@dataclass
class Composed:
    """A finished answer before it becomes the pydantic `Answer`."""

    intent: Intent
    doc: Doc
    total: int
    cited: list[Ranked]
    filters: dict[str, Any] = field(default_factory=dict)
    yes: bool | None = None  # yes/no answers
    stats: Stats | None = None  # stats answers
    candidates: list[Paper] = field(default_factory=list)  # an ambiguous citation request
    candidates_format: CiteFormat | None = None  # the format it asked for (the pick is cited in it)


def short_title(title: str) -> str:
    """A paper's name for its bullet: the part before a colon when that is a short name, else the title."""
    flat = " ".join(to_text(title).split())
    head, sep, _ = flat.partition(":")
    if sep and 0 < len(head.split()) <= 5:
        return head.strip()
    return flat


def year_span(papers: Sequence[Paper]) -> str:
    """ "2022-2024", "2023", or "" when no paper has a year."""
    years = papers.years() if isinstance(papers, PaperSet) else sorted({p.year for p in papers if p.year})
    if not years:
        return ""
    return str(years[0]) if years[0] == years[-1] else f"{years[0]}–{years[-1]}"


MAX_LIMIT = 20  # "the newest 50 papers" shows at most this many


def plural(n: int, word: str, plural_word: str | None = None) -> str:
    """ "1 paper", "3 papers"."""
    return f"{n} {word if n == 1 else (plural_word or word + 's')}"


def facts(papers: Sequence[Paper], filters: Filters | None = None) -> str:
    """ "2022–2024, 3 with code" for a set of papers (the span is left out when a filter fixes the year)."""
    bits = []
    span = year_span(papers)
    one_year = filters is not None and filters.year_min is not None and filters.year_min == filters.year_max
    if span and not one_year:
        bits.append(span)
    with_code = papers.with_code() if isinstance(papers, PaperSet) else sum(1 for p in papers if p.has_code)
    if filters is not None and filters.has_code is not None:
        pass  # the filter already says it
    elif with_code or len(papers) > 1:
        if with_code == len(papers) == 2:
            bits.append("both with code")
        elif with_code == len(papers) and with_code > 1:
            bits.append(f"all {with_code} with code")
        elif with_code == len(papers) == 1:
            bits.append("with code")
        else:
            bits.append(f"{with_code} with code" if with_code else "none with code")
    return ", ".join(bits)


def describe_filters(filters: Filters) -> str:
    """Filters in words for a parenthesis: "by Mei Wang, from 2023 on, with code"."""
    return ", ".join(_filter_phrases(filters))


def scope_words(filters: Filters) -> str:
    """Filters as words that follow "N papers" in a sentence: "by Mei Wang from 2023 on with code"."""
    return " ".join(_filter_phrases(filters))


def people(filters: Filters) -> str:
    """The author filter's names as the question reads them: "A and B" (their joint papers) or "A or B"."""
    return (" and " if filters.all_authors else " or ").join(filters.authors)


def _filter_phrases(filters: Filters) -> list[str]:
    """One phrase per filter that is set: "by Mei Wang", "from 2023 on", "with code", "in cs.CV"."""
    bits = []
    if filters.authors:
        bits.append("by " + people(filters))
    lo, hi = filters.year_min, filters.year_max
    if lo and hi:
        bits.append(f"in {lo}" if lo == hi else f"from {lo} to {hi}")
    elif lo:
        bits.append(f"from {lo} on")
    elif hi:
        bits.append(f"up to {hi}")
    if filters.has_code is True:
        bits.append("with code")
    elif filters.has_code is False:
        bits.append("without code")
    if filters.categories:
        bits.append("in " + " or ".join(filters.categories))
    return bits


def never_mentions(names: Sequence[str]) -> str:
    """ "This list never mentions “Greek” or “Delphi”.": what a question named that no paper mentions."""
    quoted = [f"“{name}”" for name in names]
    listed = quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + f" or {quoted[-1]}"
    return f"This list never mentions {listed}."


def topic_phrase(question: str, text: str) -> str | None:
    """The question's topic to quote, short topics only (else None).

    Prefer the question's own words from the first to the last topic word ("racial or skin-tone
    bias in face recognition", with the user's capitals); else the topic words themselves.
    """
    words = list(" ".join(text.split()).strip(" ?!.,;:").split())
    skip = STOPWORDS | META_WORDS | {"is", "are", "any", "anything", "papers", "paper"}
    while words and words[0].lower().strip(",.;:?!") in skip:
        words.pop(0)
    while words and words[-1].lower().strip(",.;:?!") in skip:
        words.pop()
    if not words:
        return None
    span = _span_in(question, words[0], words[-1])
    if span and len(span.split()) <= max(8, len(words) + 3) and len(span) <= 70:
        return one_line(span)
    candidate = " ".join(words)
    if len(words) > 6 or len(candidate) > 60:
        return None
    return one_line(candidate)


_QWORD = lazy(r"[^\W_]+(?:[-'’][^\W_]+)*")


def _span_in(question: str, first: str, last: str) -> str | None:
    """The stretch of `question` from the word `first` to the word `last` (case-insensitive)."""
    found = [(m.start(), m.end(), m.group(0).casefold()) for m in _QWORD.finditer(question)]
    starts = [i for i, (_, _, w) in enumerate(found) if w == first.casefold()]
    if not starts:
        return None
    i = starts[0]
    ends = [j for j in range(i, len(found)) if found[j][2] == last.casefold()]
    if not ends:
        return None
    start, end = found[i][0], found[ends[-1]][1]
    # Widen to the whole written words, so "[bold]x[/]" is quoted as typed, not as "bold]x[/]".
    while start > 0 and not question[start - 1].isspace():
        start -= 1
    while end < len(question) and not question[end].isspace():
        end += 1
    return question[start:end].rstrip("?!.,;:")


def query_weights(text: str, hits: Sequence[Ranked]) -> dict[str, dict[str, float]]:
    """Per paper: stems of the question plus the terms that matched it, weighted for sentence choice."""
    base = weights_from_text(text)
    out: dict[str, dict[str, float]] = {}
    for hit in hits:
        weights = dict(base)
        top = max(hit.matched.values(), default=0.0)
        for term, value in hit.matched.items():
            if top > 0 and value > 0:
                key = stem(str(term).lower())
                weights[key] = weights.get(key, 0.0) + value / top
        out[hit.paper.id] = weights
    return out


class Composer:
    """Builds answers for one corpus (themes and citation keys computed once)."""

    def __init__(self, papers: Sequence[Paper], settings: AnswerSettings, keys: Mapping[str, str]) -> None:
        """Remember the corpus, the answer settings and the corpus-wide citation keys (read only when citing)."""
        self.papers = papers
        self.settings = settings
        self.keys = keys
        self._themes: ThemeModel | None = None
        self._sentences: dict[str, tuple[str, ...]] = {}  # abstract -> its sentences (split once)
        self._authors: dict[tuple[tuple[str, ...], bool], str] = {}  # a reference's author line, by its names

    @property
    def themes(self) -> ThemeModel:
        """The corpus phrase model (built on first use)."""
        if self._themes is None:
            self._themes = ThemeModel(self.papers)
        return self._themes

    def sentences_of(self, paper: Paper) -> tuple[str, ...]:
        """A paper's abstract sentences as quoted, split once per abstract (answers quote the same papers again)."""
        found = self._sentences.get(paper.abstract)
        if found is None:
            found = self._sentences[paper.abstract] = abstract_sentences(paper.abstract)
        return found

    def reference_authors(self, paper: Paper) -> str:
        """A reference's author line ("Y. Zhang, C. Wang et al."), formatted once per list of names."""
        key = (tuple(paper.authors), paper.authors_complete)
        found = self._authors.get(key)
        if found is None:
            found = self._authors[key] = author_line(paper.authors, paper.authors_complete, REFERENCE_AUTHORS)
        return found

    # ---- shared pieces -------------------------------------------------------------------

    def _notices(self, doc: Doc, notices: Sequence[str], corrected: str | None) -> None:
        """State spelling corrections and other notices first, so the reader knows what was answered."""
        if corrected:
            doc.para(t("Showing results for "), em(corrected), t("."))
        for notice in notices:
            doc.para(t(one_line(notice)))

    def _paper_lines(self, doc: Doc, hits: Sequence[Ranked], text: str, with_sentences: bool) -> None:
        """One bullet per cited paper: short title (year) [n] and its selected sentence(s)."""
        weights = query_weights(text, hits)
        for n, hit in enumerate(hits, start=1):
            paper = hit.paper
            label = short_title(paper.title) if with_sentences else " ".join(to_text(paper.title).split())
            head = [strong(label), raw(f" ({paper.year}) [{n}]" if paper.year else f" [{n}]")]
            if not with_sentences:
                doc.bullet(*head)
                continue
            chosen = select_sentences(
                paper,
                weights.get(paper.id, {}),
                max_sentences=self.settings.sentences_per_paper,
                max_chars=self.settings.max_sentence_chars,
                cues=hit.cues,
                sentences=self.sentences_of(paper),
            ).sentences
            if chosen:
                doc.bullet(*head, t(": "), t(" ".join(chosen)))
            else:
                doc.bullet(*head)

    def paper_line(self, doc: Doc, paper: Paper, n: int, question: str) -> None:
        """One bullet for one paper: short title (year) [n] and the sentence that best answers `question`."""
        head = [strong(short_title(paper.title)), raw(f" ({paper.year}) [{n}]" if paper.year else f" [{n}]")]
        chosen = select_sentences(
            paper,
            weights_from_text(question),
            max_sentences=1,
            max_chars=self.settings.max_sentence_chars,
            sentences=self.sentences_of(paper),
        ).sentences
        doc.bullet(*head, t(": "), t(" ".join(chosen))) if chosen else doc.bullet(*head)

    def references(self, doc: Doc, hits: Sequence[Ranked]) -> None:
        """The References section: authors, title, arXiv id, year, link, code link."""
        if not hits:
            return
        doc.heading("References")
        for n, hit in enumerate(hits, start=1):
            paper = hit.paper
            spans = []
            authors = self.reference_authors(paper)
            if authors:
                spans.append(t(authors.rstrip(".") + ". "))
            spans.append(em(" ".join(to_text(paper.title).split()).rstrip(".")))
            spans.append(t(". "))
            where = [f"arXiv:{paper.arxiv_id}"] if paper.arxiv_id else []
            where += [str(paper.year)] if paper.year else []
            if where:
                spans.append(t(", ".join(where) + ". "))
            if paper.url:
                spans.append(link(paper.url, paper.url))
                spans.append(t(" "))
            code = code_link(paper)
            if code:
                spans.append(t("Code: "))
                spans.append(link(code, code))
            doc.ref(f"[{n}]", *spans)

    # ---- intents -------------------------------------------------------------------------

    def find(
        self,
        question: str,
        text: str,
        hits: Sequence[Ranked],
        total: int,
        filters: Filters,
        notices: Sequence[str] = (),
        corrected: str | None = None,
        top_k: int | None = None,
        themes_from_coverage: float = 0.0,
        absent: Sequence[str] = (),
    ) -> Composed:
        """A topic question: how many matched, span, code, themes; a line per paper; references.

        When the best paper holds less than `themes_from_coverage` of the question, the papers were
        found on weak evidence: the opening says they "may be related" and names no themes (what
        recurs among them, "noisy labels" for a question on super-resolution, would mislead).
        """
        doc = Doc()
        self._notices(doc, notices, corrected)
        if not hits:
            return self.no_match(question, text, filters, doc, absent=absent)
        k = top_k or self.settings.top_k
        shown = list(hits[:k])
        every = hit_papers(hits)
        topic = topic_phrase(question, corrected or text)
        scope = scope_words(filters)
        where = f" {scope}" if scope else " in this list"
        well_matched = max_coverage(hits) >= themes_from_coverage
        verb = ("matches" if total == 1 else "match") if well_matched else "may be related to"
        opening = [t(f"{plural(total, 'paper')}{where} "), t(verb)]
        if topic:
            opening += [t(" “"), t(topic), t("”")]
        else:
            opening.append(t(" your question"))
        opening.append(t(f" ({facts(every, filters)})." if facts(every, filters) else "."))
        if not well_matched:  # found by meaning or a few shared words: say so, the reader judges
            opening.append(t(" Few of the question's words appear in them."))
        # themes recur among the precise matches only: what merely may be related says nothing of the topic
        precise = precise_hits(hits)
        best = best_score(precise)
        top = precise[:MAX_THEME_PAPERS]  # all that themes read
        rel = [h.score / best if best > 0 else 1.0 for h in top]
        themes = (
            self.themes.themes([h.paper for h in top], f"{text} {corrected or ''}", weights=rel)
            if well_matched and len(precise) > 1
            else []
        )
        if themes:
            opening.append(t(" Recurring themes: " + ", ".join(themes) + "."))
        if total > len(shown):
            opening.append(t(f" The {len(shown)} closest matches:"))
        doc.para(*opening)
        self._paper_lines(doc, shown, f"{text} {corrected or ''}", with_sentences=True)
        self.references(doc, shown)
        return Composed("find", doc, total, shown)

    def listing(
        self,
        intent: Intent,
        question: str,
        hits: Sequence[Ranked],
        filters: Filters,
        notices: Sequence[str] = (),
        top_k: int | None = None,
    ) -> Composed:
        """A filters-only question ("papers from 2025"): every match, newest first."""
        doc = Doc()
        self._notices(doc, notices, None)
        if not hits:
            return self.no_match(question, "", filters, doc, intent=intent)
        every = hit_papers(hits)
        scope = scope_words(filters)
        shown = list(hits[:LIST_LIMIT])
        head = plural(len(every), "paper") + (f" {scope}" if scope else " in this list")
        doc.para(
            t(f"{head} ({facts(every, filters)}), newest first." if facts(every, filters) else f"{head}, newest first.")
        )
        detailed = len(shown) <= (top_k or self.settings.top_k)
        self._paper_lines(doc, shown, "", with_sentences=detailed)
        if len(hits) > len(shown):
            doc.para(t(f"… and {len(hits) - len(shown)} more; narrow the question to see them."))
        self.references(doc, shown)
        return Composed(intent, doc, len(every), shown)

    def author(
        self,
        question: str,
        hits: Sequence[Ranked],
        filters: Filters,
        notices: Sequence[str] = (),
        top_k: int | None = None,
    ) -> Composed:
        """An author overview: their papers in this list and recurring topics."""
        doc = Doc()
        self._notices(doc, notices, None)
        if not hits:
            return self.no_match(question, "", filters, doc, intent="author")
        every = hit_papers(hits)
        if len(filters.authors) > 2:
            names = f"The {len(filters.authors)} matching authors ({', '.join(filters.authors[:2])}, …)"
        else:
            names = people(filters) or "This author"  # "Mei Wang or Yuhang Zhang is an author of 23 papers"
        others = Filters(
            year_min=filters.year_min,
            year_max=filters.year_max,
            has_code=filters.has_code,
            categories=filters.categories,
        )
        scope = scope_words(others)
        one = len(filters.authors) <= 1 or (len(filters.authors) == 2 and not filters.all_authors)
        head = f"{names} {'is an author of' if one else 'are authors of'} "
        head += f"{plural(len(every), 'paper')} {scope or 'in this list'}"  # "of 5 papers from 2020 on with code"
        opening = [t(head + (f" ({facts(every, filters)})." if facts(every, filters) else "."))]
        name_words = " ".join(filters.authors)
        themes = self.themes.themes(every, name_words) if len(every) > 1 else []
        if themes:
            opening.append(t(" Recurring topics: " + ", ".join(themes) + "."))
        doc.para(*opening)
        shown = list(hits[:LIST_LIMIT])
        detailed = len(shown) <= (top_k or self.settings.top_k)
        self._paper_lines(doc, shown, "", with_sentences=detailed)
        if len(hits) > len(shown):
            doc.para(t(f"… and {len(hits) - len(shown)} more."))
        self.references(doc, shown)
        return Composed("author", doc, len(every), shown)

    def count(
        self,
        question: str,
        text: str,
        hits: Sequence[Ranked],
        filters: Filters,
        notices: Sequence[str] = (),
        corrected: str | None = None,
    ) -> Composed:
        """A "how many" question: the exact number first, then the papers counted."""
        doc = Doc()
        self._notices(doc, notices, corrected)
        n = len(hits)
        topic = topic_phrase(question, corrected or text)
        scope = scope_words(filters)
        every = hit_papers(hits)
        verb = "match" if n > 1 else "matches"
        rest = f" {scope}" if scope else " in this list"
        if topic:
            rest += f" {verb} “{topic}”"
        elif text.strip():
            rest += f" {verb} your question"
        if not n:
            doc.para(t(f"No paper{rest.replace(' match ', ' matches ')}."))
            doc.para(*self._coverage())
            return Composed("count", doc, 0, [])
        doc.para(
            strong(plural(n, "paper")), t(rest + (f" ({facts(every, filters)})." if facts(every, filters) else "."))
        )
        shown = list(hits[:LIST_LIMIT])
        self._paper_lines(doc, shown, text, with_sentences=False)
        if n > len(shown):
            doc.para(t(f"… and {n - len(shown)} more."))
        self.references(doc, shown)
        return Composed("count", doc, n, shown)

    def extreme(
        self, question: str, text: str, hits: Sequence[Ranked], filters: Filters, newest: bool, limit: int | None = None
    ) -> Composed:
        """ "The newest paper on X is ..." : the one paper at that end of time, then the next two; with a
        `limit` ("the newest three papers"), that many papers in time order."""
        from pubchat.recency import recency_key

        doc = Doc()
        ordered = sorted(hits, key=lambda h: recency_key(h.paper), reverse=newest)
        topic = topic_phrase(question, text) if text else None
        scope = scope_words(filters)
        about = (f" on “{topic}”" if topic else "") + (f" {scope}" if scope else "")
        word = "newest" if newest else "oldest"
        if limit is not None and limit > 1:
            shown = ordered[: min(limit, MAX_LIMIT)]
            of = f" {plural(len(hits), 'paper')}{about or ' in this list'}"
            if len(shown) < limit:
                opening = [t(f"There {'is' if len(hits) == 1 else 'are'} only{of}, {word} first:")]
            else:
                opening = [t(f"The {len(shown)} {word} of the{of}:")]
            doc.para(*opening)
            self._paper_lines(doc, shown, text, with_sentences=True)
            self.references(doc, shown)
            return Composed("find" if text else "list", doc, len(hits), list(shown))
        shown = ordered[:3]
        first = shown[0].paper
        when = f"{first.date:%B %Y}" if first.date else (str(first.year) if first.year else "undated")
        opening = [t(f"The {word} paper{about} is "), strong(short_title(first.title)), t(f" ({when})"), raw(" [1]")]
        if len(hits) > 1:
            opening.append(t(f", of {plural(len(hits), 'paper')}{about or ' in this list'}."))
        else:
            opening.append(t("."))
        doc.para(*opening)
        self._paper_lines(doc, shown, text, with_sentences=True)
        self.references(doc, shown)
        return Composed("find" if text else "list", doc, len(hits), list(shown))

    def outside_filters(self, question: str, text: str, filters: Filters, unfiltered: Sequence[Ranked]) -> Composed:
        """A topic the list covers, but not under the question's filters: "No paper on X is from 2026;
        the newest on it are older: ..." (newest first), so older papers are never passed off as matches."""
        from pubchat.recency import recency_key

        doc = Doc()
        topic = topic_phrase(question, text)
        subject = f"on “{topic}”" if topic else "on this topic"
        shown = sorted(unfiltered, key=lambda h: recency_key(h.paper), reverse=True)[:3]
        doc.para(
            t(f"This list has no paper {subject} {scope_words(filters)}. "),
            t(f"It has {plural(len(unfiltered), 'paper')} {subject} otherwise; the newest of them:"),
        )
        self._paper_lines(doc, shown, text, with_sentences=True)
        self.references(doc, shown)
        return Composed("list", doc, len(unfiltered), list(shown))

    def lookup(self, paper: Paper, question: str, define: str | None = None) -> Composed:
        """One paper's details: title, year, what it does (from its abstract), authors, links.

        `define`: the term the question asks about ("what is rPPG?"), when it is not the paper's own name:
        the sentences that name and define it are quoted first."""
        doc = Doc()
        hit = Ranked(paper, 1.0, {})
        head = [strong(" ".join(to_text(paper.title).split())), raw(f" ({paper.year}) [1]" if paper.year else " [1]")]
        doc.para(*head)
        chosen = select_sentences(
            paper,
            weights_from_text(question),
            max_sentences=max(2, self.settings.sentences_per_paper),
            max_chars=self.settings.max_sentence_chars,
            define=define,
            sentences=self.sentences_of(paper),
        ).sentences
        if chosen:
            doc.para(t(" ".join(chosen)))
        details = []
        if paper.authors:
            details.append(t("Authors: " + author_line(paper.authors, paper.authors_complete).rstrip(".") + ". "))
        if paper.category:
            details.append(t(f"Category: {paper.category}. "))
        code = code_link(paper)
        if code:
            details += [t("Code: "), link(code, code), t(".")]
        else:
            details.append(t("Code: available." if paper.has_code else "Code: none listed."))
        doc.para(*details)
        self.references(doc, [hit])
        return Composed("lookup", doc, 1, [hit])

    def yesno(
        self,
        question: str,
        text: str,
        hits: Sequence[Ranked],
        filters: Filters,
        unfiltered: Sequence[Ranked] = (),
        nearby: Sequence[Ranked] = (),
        meaning: Sequence[Ranked] = (),
    ) -> Composed:
        """A yes/no question: "Yes: N papers ..." with the evidence, "Perhaps" when papers are close to
        it in meaning only (`meaning`: few of its words appear in them; `yes` stays unknown), or "No ..."
        with what is near.

        `unfiltered`: the topic's papers without the question's filters (a No because of a year
        or code filter says so and names them as outside it); `nearby`: papers that share part of
        the question, named as the closest only when there are any.
        """
        doc = Doc()
        topic = topic_phrase(question, text) or "this"
        scope = scope_words(filters)

        def listing(opening: Sequence[Span], shown: Sequence[Ranked], total: int, yes: bool | None) -> Composed:
            doc.para(*opening)
            self._paper_lines(doc, shown, text, with_sentences=True)
            self.references(doc, shown)
            composed = Composed("yesno", doc, total, list(shown))
            composed.yes = yes
            return composed

        top = self.settings.top_k
        if hits:
            every = hit_papers(hits)
            what = f"{plural(len(every), 'paper')}{' ' + scope if scope else ''} {'is' if len(every) == 1 else 'are'}"
            info = facts(every, filters)
            opening = [strong("Yes."), t(f" {what} about “{topic}”" + (f" ({info})." if info else "."))]
            return listing(opening, hits[:top], len(every), True)
        if meaning:
            opening = [
                strong("Perhaps."),
                t(f" No paper in this list is about “{topic}” in so many words, but {plural(len(meaning), 'paper')} "),
                t(f"{'is' if len(meaning) == 1 else 'are'} close to it in meaning:"),
            ]
            return listing(opening, meaning[:top], len(meaning), None)
        if unfiltered:
            opening = [
                strong("No."),
                t(f" No paper {scope} is about “{topic}”; the list's {plural(len(unfiltered), 'paper')} on it "),
                t(f"are outside that ({year_span(hit_papers(unfiltered)) or 'no year'}):"),
            ]
            return listing(opening, unfiltered[:top], len(unfiltered), False)
        if nearby:
            opening = [strong("No."), t(f" No paper in this list is about “{topic}”; the closest are:")]
            return listing(opening, nearby[:3], len(nearby), False)
        doc.para(strong("No."), t(f" No paper in this list is about “{topic}”."))
        doc.para(*self._coverage())
        composed = Composed("yesno", doc, 0, [])
        composed.yes = False
        return composed

    def cite(self, papers: Sequence[Paper], fmt: CiteFormat, intro: Sequence[Span]) -> Composed:
        """Formatted references for the requested papers, in a code block ready to copy."""
        doc = Doc()
        doc.para(*intro)
        text = format_references(papers, fmt, self.keys)
        doc.code(text, get_format(fmt).code_language)
        return Composed("cite", doc, len(papers), [Ranked(p, 1.0, {}) for p in papers])

    def candidates(self, name: str, papers: Sequence[Paper], fmt: CiteFormat) -> Composed:
        """An ambiguous citation request: the numbered candidates and the question which one."""
        doc = Doc()
        doc.para(t(f"{plural(len(papers), 'paper')} match “{name}”; which one should I cite?"))
        for n, paper in enumerate(papers, start=1):
            year = f" ({paper.year})" if paper.year else ""
            doc.bullet(raw(f"[{n}]"), t(f" {' '.join(to_text(paper.title).split())}{year}"))
        doc.para(t("Answer with its number, e.g. “[2]” or “the second one”."))
        composed = Composed("cite", doc, len(papers), [])
        composed.candidates = list(papers)
        composed.candidates_format = fmt
        return composed

    def cite_problem(self, message: str) -> Composed:
        """A citation request that could not be resolved: say why and how to ask."""
        doc = Doc()
        doc.para(t(message))
        doc.para(
            t(
                "Ask a question first, then e.g. “bibtex for [2]”, “apa for 1 and 3”, “cite all as "
                "markdown”; or name the paper: “cite <title words> as bibtex”."
            )
        )
        return Composed("cite", doc, 0, [])

    def _coverage(self) -> list:
        """ "This list covers ..." spans naming the corpus's main topics."""
        topics = self.themes.corpus_topics()
        if not topics:
            return [t(f"The list has {plural(len(self.papers), 'paper')}.")]
        listed = ", ".join(topics[:-1]) + f" and {topics[-1]}" if len(topics) > 1 else topics[0]
        return [t(f"Its {plural(len(self.papers), 'paper')} cover topics such as {listed}.")]

    def no_match(
        self,
        question: str,
        text: str,
        filters: Filters,
        doc: Doc | None = None,
        intent: Intent = "find",
        absent: Sequence[str] = (),
    ) -> Composed:
        """Nothing passed the relevance floor: say so plainly (that the list never mentions a name the
        question is about, when it named one: `absent`) and name what the list does cover."""
        doc = doc or Doc()
        if absent:
            line = never_mentions(absent)
        else:
            topic = topic_phrase(question, text)
            scope = describe_filters(filters)
            subject = f"“{topic}”" if topic else "your question"
            line = f"Nothing in this list matches {subject}"
            line += f" ({scope})." if scope else "."
        doc.para(t(line))
        doc.para(*self._coverage())
        # nothing on the topic at all: out of scope; nothing under the filters keeps the question's intent
        return Composed("none" if intent == "find" and filters.is_empty() else intent, doc, 0, [])

    def greeting(self, examples: Sequence[str]) -> Composed:
        """A friendly hello with what can be asked."""
        doc = Doc()
        doc.para(
            t(
                f"Hello! I answer questions about the {plural(len(self.papers), 'paper')} in this "
                "list, citing their abstracts."
            )
        )
        if examples:
            doc.para(t("Try: " + "; ".join(f"“{e}”" for e in examples[:3]) + "."))
        return Composed("greeting", doc, 0, [])

    def help(self, examples: Sequence[str]) -> Composed:
        """What the assistant can do, with examples drawn from the corpus."""
        doc = Doc()
        doc.para(
            t(
                f"Ask about the {plural(len(self.papers), 'paper')} in this list. Answers quote the "
                "papers' own abstracts and cite them as [n]."
            )
        )
        rows = [
            ("Topics", "a few words or a question, e.g. the ones below"),
            ("Filters", "years (“since 2023”, “before 2021”), authors (“by …”), “with code”"),
            ("Counts", "“how many papers on …”"),
            ("One paper", "“what is <method name>?”, “tell me about <title words>”"),
            ("Authors", "“what does <name> work on?”"),
            (
                "References",
                "“bibtex for [2]”, “cite all as apa”, “cite <name> as markdown” "
                f"(formats: {', '.join(spec.words[0] for spec in FORMATS.values())})",
            ),
        ]
        for name, text in rows:
            doc.bullet(strong(name), t(": " + text))
        if examples:
            doc.para(t("Examples: " + "; ".join(f"“{e}”" for e in examples[:4]) + "."))
        return Composed("help", doc, 0, [])

    def unheld(self, what: str, examples: Sequence[str]) -> Composed:
        """A question about facts the list does not record (citation counts, venues): say so, and what it has."""
        doc = Doc()
        doc.para(
            t(
                f"This list does not record {what}, so I cannot answer that from it. For each of its "
                f"{plural(len(self.papers), 'paper')} it has the title, authors, date, arXiv category, abstract "
                "and whether code is released."
            )
        )
        if examples:
            doc.para(t("You could ask, for example: " + "; ".join(f"“{e}”" for e in examples[:3]) + "."))
        return Composed("none", doc, 0, [])

    def empty(self, examples: Sequence[str]) -> Composed:
        """Nothing usable in the question (empty, punctuation only)."""
        doc = Doc()
        doc.para(t("Please type a question about the papers in this list."))
        if examples:
            doc.para(t("For example: " + "; ".join(f"“{e}”" for e in examples[:3]) + "."))
        return Composed("none", doc, 0, [])


def citations(cited: Sequence[Ranked]) -> list[Citation]:
    """The JSON contract's citations, in rank order (values built here: constructed, not re-validated)."""
    return [
        Citation.model_construct(
            n=n,
            id=h.paper.id,
            title=h.paper.title,
            authors=list(h.paper.authors),
            year=h.paper.year,
            url=h.paper.url,
            code_url=code_link(h.paper),
            score=round(float(h.score), 4),
        )
        for n, h in enumerate(cited, start=1)
    ]
