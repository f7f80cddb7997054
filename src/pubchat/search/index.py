"""Fielded BM25 index over a corpus: title, abstract and authors scored apart, combined with weights.

Build once per corpus (`Index.build`); `search(query)` runs the staged pipeline
(`pubchat.search.pipeline`: expand, recall, filters, match, fuse, rank). This module holds what
the stages read from the corpus: postings, IDF, fielded BM25 of the candidate papers (`candidates`,
`_score`, through `pubchat.search.backend.make_scorer`), which papers hold two terms adjacent
(`pairs`, read by `pubchat.search.coverage`), pseudo-relevance feedback terms, word-family
variants and spelling candidates.
"""

from __future__ import annotations

import functools
import math
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from pubchat.config import SearchSettings
from pubchat.models import Filters, Paper, Query
from pubchat.search.acronyms import AcronymTable
from pubchat.search.analyzer import Analyzer, fold
from pubchat.search.filters import matches_filters
from pubchat.search.phrases import PairCollector, PairPostings
from pubchat.search.result import Hit, HitList, LazyMatched, SearchResult

__all__ = ["Hit", "HitList", "Index", "LazyMatched", "SearchResult", "matches_filters"]

FIELDS = ("title", "abstract", "authors")
MIN_SCORED_DOCS = 10  # smaller corpora are scored with empty papers added (idf stays positive)
DOC_TERMS_KEPT = 1024  # analysed papers kept for pseudo-relevance feedback (about 10 KB each)


@dataclass
class FieldTokens:
    """Analysed terms per paper and field, in corpus order; plain lists so they serialise to JSON."""

    title: list[list[str]]
    abstract: list[list[str]]
    authors: list[list[str]]

    def field(self, name: str) -> list[list[str]]:
        """The token lists of one field by name."""
        return getattr(self, name)

    def to_dict(self) -> dict[str, list[list[str]]]:
        """JSON-ready form (for the on-disk cache)."""
        return {"title": self.title, "abstract": self.abstract, "authors": self.authors}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> FieldTokens:
        """Inverse of `to_dict`."""
        return cls(title=data["title"], abstract=data["abstract"], authors=data["authors"])


@dataclass(eq=False)
class Postings:
    """Which papers contain each analysed term (any field), as one compact int32 array.

    `terms` maps a term to its id (ids in order of first appearance over the papers' title,
    abstract and author terms); the papers holding term id k are doc_ids[offsets[k]:offsets[k + 1]],
    ascending. About 4 bytes per distinct (paper, term) pair instead of a Python list per term.
    """

    terms: dict[str, int]
    offsets: np.ndarray  # int64, len(terms) + 1
    doc_ids: np.ndarray  # int32

    _CHUNK = 20_000  # papers per step: bounds the temporary arrays of a build

    @classmethod
    def build(cls, tokens: FieldTokens) -> Postings:
        """Invert the field tokens (titles, abstracts, authors of paper 0, then paper 1, ...)."""
        from itertools import chain

        flat = chain.from_iterable
        rows = list(zip(tokens.title, tokens.abstract, tokens.authors))
        terms = {term: k for k, term in enumerate(dict.fromkeys(flat(flat(rows))))}
        width = max(len(terms), 1)
        counts = np.zeros(width, dtype=np.int64)
        parts: list[tuple[np.ndarray, np.ndarray, int]] = []  # per chunk: term ids, papers (term-major), start
        for lo in range(0, len(rows), cls._CHUNK):
            chunk = rows[lo : lo + cls._CHUNK]
            lengths = np.fromiter((len(t) + len(a) + len(u) for t, a, u in chunk), dtype=np.int64, count=len(chunk))
            pairs = np.fromiter(map(terms.__getitem__, flat(flat(chunk))), dtype=np.int64, count=int(lengths.sum()))
            pairs *= len(chunk)
            pairs += np.repeat(np.arange(len(chunk), dtype=np.int64), lengths)
            pairs.sort()  # term-major, papers ascending (sort + diff: np.unique's hashing is slower here)
            if len(pairs):
                pairs = pairs[np.concatenate(([True], pairs[1:] != pairs[:-1]))]  # distinct (term, paper)
            term_of = (pairs // len(chunk)).astype(np.int32)
            parts.append((term_of, (pairs % len(chunk)).astype(np.int32), lo))
            counts += np.bincount(term_of, minlength=width)
            del pairs
        offsets = np.zeros(width + 1, dtype=np.int64)
        np.cumsum(counts, out=offsets[1:])
        docs = np.empty(int(offsets[-1]), dtype=np.int32)
        cursor = offsets[:-1].copy()  # next free slot per term; chunks come in paper order
        parts.reverse()
        while parts:
            term_of, local, lo = parts.pop()
            here = np.bincount(term_of, minlength=width)
            first = np.cumsum(here) - here  # where each term's run starts in this chunk
            docs[cursor[term_of] + (np.arange(len(term_of)) - first[term_of])] = local + lo
            cursor += here
            del term_of, local
        if not terms:
            offsets = offsets[:1]
        return cls(terms=terms, offsets=offsets, doc_ids=docs)

    def docs(self, term: str) -> np.ndarray | None:
        """Indices of the papers containing the term (ascending), or None for an unknown term."""
        k = self.terms.get(term)
        return None if k is None else self.doc_ids[self.offsets[k] : self.offsets[k + 1]]

    def doc_freqs(self) -> Counter[str]:
        """Term -> number of papers containing it, in term-id order."""
        return Counter(dict(zip(self.terms, np.diff(self.offsets).tolist())))


def analyze_corpus(papers: Sequence[Paper], analyzer: Analyzer) -> FieldTokens:
    """Analyse every paper's title, abstract and author names (the expensive part of a build)."""
    return analyze_and_count(papers, analyzer, None)


def analyze_and_count(
    papers: Sequence[Paper],
    analyzer: Analyzer,
    vocabulary: Counter[str] | None,
    pairs: PairCollector | None = None,
) -> FieldTokens:
    """`analyze_corpus`, also counting every surface word into `vocabulary` (one tokenising pass, not two)
    and collecting each paper's adjacent term pairs (title and abstract) into `pairs`.

    Words are counted paper by paper: title, abstract, then each author name, which is the
    order `count_vocabulary` uses (ties in the vocabulary keep that order).
    """
    title: list[list[str]] = []
    abstract: list[list[str]] = []
    authors: list[list[str]] = []
    surface, terms = analyzer.surface, analyzer.terms
    for i, p in enumerate(papers):
        words = surface(p.title)
        title.append(terms(words))
        if vocabulary is not None:
            vocabulary.update(words)
        text = surface(p.abstract)
        abstract.append(terms(text))
        if pairs is not None:
            pairs.add(i, words, text)
        words = text
        if vocabulary is not None:
            vocabulary.update(words)
            for name in p.authors:
                vocabulary.update(surface(name))
        authors.append(analyzer.analyze(" ; ".join(p.authors)))
    return FieldTokens(title=title, abstract=abstract, authors=authors)


@dataclass
class CorpusAnalysis:
    """What a build derives from the papers' text alone (so the on-disk cache can keep it)."""

    tokens: FieldTokens
    vocabulary: Counter[str]  # folded surface word -> count
    acronyms: AcronymTable
    postings: Postings
    pairs: PairPostings  # which papers hold two terms adjacent (`pubchat.search.phrases`)

    @classmethod
    def of(cls, papers: Sequence[Paper], analyzer: Analyzer, tokens: FieldTokens | None = None) -> CorpusAnalysis:
        """Analyse the papers (or only count words, list adjacent pairs and mine acronyms, when `tokens` are given)."""
        adjacent = PairCollector(analyzer)
        if tokens is None:
            vocabulary: Counter[str] = Counter()
            tokens = analyze_and_count(papers, analyzer, vocabulary, adjacent)
        else:
            vocabulary = count_vocabulary(papers, analyzer)
            for i, p in enumerate(papers):
                adjacent.add(i, analyzer.surface(p.title), analyzer.surface(p.abstract))
        acronyms = AcronymTable.mine((f"{p.title}. {p.abstract}" for p in papers), analyzer)
        postings = Postings.build(tokens)
        pairs = adjacent.postings(postings.terms)
        return cls(tokens=tokens, vocabulary=vocabulary, acronyms=acronyms, postings=postings, pairs=pairs)


def count_vocabulary(papers: Sequence[Paper], analyzer: Analyzer) -> Counter[str]:
    """Folded surface word -> count over titles, abstracts and author names (for spelling and display)."""
    vocabulary: Counter[str] = Counter()
    for paper in papers:
        vocabulary.update(analyzer.surface(paper.title))
        vocabulary.update(analyzer.surface(paper.abstract))
        for name in paper.authors:
            vocabulary.update(analyzer.surface(name))
    return vocabulary


@dataclass
class Index:
    """A searchable corpus. Use `Index.build(papers, settings)`; then `search(query)`.

    Exposes `papers` (corpus order), `vocabulary` (folded surface word -> count, for spelling),
    `stems` (analysed term -> document frequency), `author_names` (canonical names) and
    `acronyms` (the mined table).
    """

    papers: Sequence[Paper]
    settings: SearchSettings
    analyzer: Analyzer
    acronyms: AcronymTable
    vocabulary: Counter[str]
    stems: Counter[str]
    author_names: list[str]
    scorers: dict[str, Any]
    newest_year: int | None
    postings: Postings  # term -> indices of the papers containing it (any field)
    pairs: PairPostings  # (term, next term) -> papers holding them adjacent in title or abstract
    surface_of: dict[str, str]  # analysed term -> its most frequent word in the corpus (for display)
    _english: Any = field(default=None, init=False, repr=False, compare=False)
    _memo: dict[str, Any] = field(default_factory=dict, init=False, repr=False, compare=False)
    _semantic: Any = field(default=None, init=False, repr=False, compare=False)  # SemanticState, built on first use
    dense: Any = field(default=None, init=False, repr=False, compare=False)  # a DenseSignal, when the encoder is on
    # where document vectors are cached, asked on first use (finding it imports platformdirs); None: no cache
    vectors_dir: Callable[[], Path] | None = field(default=None, init=False, repr=False, compare=False)
    embed_progress: Any = field(default=None, init=False, repr=False, compare=False)  # (done, total) while embedding

    @classmethod
    def build(
        cls,
        papers: Sequence[Paper],
        settings: SearchSettings,
        field_tokens: FieldTokens | None = None,
        analysis: CorpusAnalysis | None = None,
    ) -> Index:
        """Analyse (unless `analysis` or `field_tokens` is given, e.g. from the cache); one scorer per field."""
        from pubchat.search.backend import make_scorer

        analyzer = Analyzer()
        if analysis is None:
            analysis = CorpusAnalysis.of(papers, analyzer, field_tokens)
        tokens, vocabulary, acronyms, postings, pairs = (
            analysis.tokens,
            analysis.vocabulary,
            analysis.acronyms,
            analysis.postings,
            analysis.pairs,
        )
        if any(len(tokens.field(name)) != len(papers) for name in FIELDS) or (
            len(postings.doc_ids) and int(postings.doc_ids.max()) >= len(papers)
        ):
            raise ValueError("field tokens do not match the papers (stale cache?)")
        # postings come with the analysis: their build's temporaries come before the scorers exist (lower peak)
        stems = postings.doc_freqs()
        weights = _field_weights(settings)
        scorers: dict[str, Any] = {}
        # BM25's idf is 0 or negative for a term in half the papers or more, so a corpus of 1-2 papers could
        # never match even its own titles: tiny corpora are scored as if empty papers made up MIN_SCORED_DOCS.
        padding: list[list[str]] = [[] for _ in range(max(0, MIN_SCORED_DOCS - len(papers)))]
        for name in FIELDS:
            docs = tokens.field(name)
            if weights[name] > 0 and any(docs):
                scorers[name] = make_scorer(docs + padding, settings.k1, settings.b, settings.backend)
        del tokens, analysis  # the scorers keep their own structures; feedback re-analyses its few papers
        surface_of: dict[str, str] = {}
        for word, _ in vocabulary.most_common():
            for piece in analyzer.expand_token(word):
                surface_of.setdefault(analyzer.stem(piece), piece)
        authors = sorted({name for p in papers for name in p.authors}, key=fold)
        years = [p.year for p in papers if p.year is not None]
        return cls(
            papers=papers,
            settings=settings,
            analyzer=analyzer,
            acronyms=acronyms,
            vocabulary=vocabulary,
            stems=stems,
            author_names=authors,
            scorers=scorers,
            newest_year=max(years) if years else None,
            postings=postings,
            pairs=pairs,
            surface_of=surface_of,
        )

    def memo(self, key: str, make: Callable[[], Any]) -> Any:
        """A value derived from this corpus, computed on first use and kept (e.g. the parser's author table)."""
        if key not in self._memo:
            self._memo[key] = make()
        return self._memo[key]

    def recency_keys(self) -> np.ndarray:
        """Every paper's `pubchat.recency` key (read on first use; the on-disk index stores them)."""
        from pubchat.recency import recency_key

        def keys() -> np.ndarray:
            return np.array([recency_key(p) for p in self.papers], dtype=np.int64)

        recency: np.ndarray = self.memo("newest_keys", keys)
        return recency

    def _newest_order(self, docs: np.ndarray) -> np.ndarray:
        """Paper indices newest first (`pubchat.recency`); ties (and undated papers) in corpus order."""
        recency = self.recency_keys()
        return docs[np.argsort(-recency[docs], kind="stable")]  # stable: equal keys keep corpus order

    def spelling_candidates(self, word: str, min_similarity: float) -> list[str]:
        """Vocabulary words (in vocabulary order) that may reach `min_similarity` to `word`; the rest cannot.

        Damerau-Levenshtein similarity is 1 - distance / longer length, and the distance is at
        least the length difference and at least the number of letters one word has that the other
        lacks (an edit adds or removes at most one letter per side; a transposition none). So only
        words within those bounds are scored: the same result as scoring the whole vocabulary.
        """
        words, lengths, masks = self.memo("spelling_table", self._spelling_table)
        mask = np.uint32(_letter_mask(word))
        slack = (1.0 - min_similarity) * np.maximum(lengths, len(word)) + 1e-9
        missing = np.maximum(_popcount(masks & ~mask), _popcount(mask & ~masks))
        near = np.flatnonzero((np.abs(lengths - len(word)) <= slack) & (missing <= slack)).tolist()
        return [words[i] for i in near]

    def _spelling_table(self) -> tuple[list[str], np.ndarray, np.ndarray]:
        """Vocabulary words, their lengths and letter masks (built on the first spelling correction)."""
        words = list(self.vocabulary.keys())
        lengths = np.fromiter(map(len, words), dtype=np.int64, count=len(words))
        masks = np.fromiter(map(_letter_mask, words), dtype=np.uint32, count=len(words))
        return words, lengths, masks

    def is_english_word(self, word: str) -> bool:
        """True when `word` is a known English word (pyspellchecker's list), so not a typo.

        Without pyspellchecker installed every word counts as unknown (all OOV words may be corrected).
        """
        if self._english is None:
            try:
                from spellchecker import SpellChecker

                self._english = SpellChecker(language="en", distance=1)
            except ImportError:  # optional: spelling then corrects every out-of-vocabulary word
                self._english = False
        return bool(self._english) and word in self._english

    def variants(self, term: str) -> list[str]:
        """Corpus terms of the same word family as `term` (one stem a prefix of the other).

        Snowball leaves derivations apart ("recognizing" -> recogn, "recognition" -> recognit);
        this joins them using only the corpus' own vocabulary. Both stems need >= 5 letters and
        may differ by at most 4.
        """
        if len(term) < 5 or "-" in term or not term.isalpha():
            return []
        out = []
        for other in self.stems:
            if other == term or len(other) < 5 or abs(len(other) - len(term)) > 4 or not other.isalpha():
                continue
            if other.startswith(term) or term.startswith(other):
                out.append(other)
        return out

    # ---- scoring -------------------------------------------------------------------------

    def is_generic(self, term: str) -> bool:
        """True for a term in more than `generic_share` of the papers ("face", "recognition" in a face
        list): alone it says too little about a topic to make a paper match."""
        return self.stems.get(term, 0) > self.settings.generic_share * len(self.papers)

    def idf(self, term: str) -> float:
        """Positive IDF (Lucene form) of an analysed term; unknown terms get the maximum."""
        n = len(self.papers)
        df = self.stems.get(term, 0)
        return math.log(1.0 + (n - df + 0.5) / (df + 0.5))

    def term_scores(self, term: str, docs: DocSlots | None = None) -> np.ndarray:
        """Fielded BM25 score of one analysed term for the papers `docs` (default every paper).

        A field scorer with postings adds only into the papers holding the term; the reference scorer
        scores every paper. Either way the same float operations in the same order as summing
        each field's full score vector (adding a field's zero leaves a sum of non-negative zeros unchanged).
        """
        weights = _field_weights(self.settings)
        size = len(self.papers) if docs is None else len(docs.docs)
        total = np.zeros(size)
        if term not in self.stems:
            return total
        for name, scorer in self.scorers.items():
            postings = getattr(scorer, "postings", None)
            if postings is None:
                full = np.asarray(scorer.get_scores([term]), dtype=float)[: len(self.papers)]  # no padding papers
                total += weights[name] * (full if docs is None else full[docs.docs])
                continue
            found = postings(term)
            if found is not None:
                where, values = found
                if docs is None:
                    total[where] += weights[name] * values
                else:
                    pos, ok = docs.find(where)
                    total[pos] += weights[name] * values[ok]  # a field lists each paper once: no repeated slot
        return total

    def candidates(self, terms: Iterable[str]) -> DocSlots:
        """Papers holding at least one of the terms in any field: the only ones that can score."""
        parts = [d for t in terms if (d := self.postings.docs(t)) is not None]
        n = len(self.papers)
        if not parts:
            return DocSlots.of(np.zeros(0, dtype=np.int32), n)
        if len(parts) == 1:
            return DocSlots.of(parts[0], n)
        seen = np.zeros(n, dtype=bool)
        for part in parts:
            seen[part] = True
        return DocSlots.of(np.flatnonzero(seen).astype(np.int32), n, seen)

    def _score(self, weighted: dict[str, float], docs: DocSlots) -> tuple[np.ndarray, dict[str, np.ndarray]]:
        """Combined scores of the papers `docs` for weighted terms, and each term's own weighted column."""
        columns = {t: w * self.term_scores(t, docs) for t, w in weighted.items() if w > 0}
        total = np.zeros(len(docs.docs))
        for column in columns.values():
            total += column
        return total, columns

    def doc_terms(self, i: int) -> Counter[str]:
        """Analysed terms of paper i (title, abstract, authors) with their counts (read only: shared).

        Analysed afresh on first need, then kept for the DOC_TERMS_KEPT most recently used papers
        (pseudo-relevance feedback reads the best papers of every question, mostly the same ones),
        so the index need not keep a Counter for every paper (they were a quarter of its memory).
        """
        kept = self.memo("doc_terms", lambda: functools.lru_cache(maxsize=DOC_TERMS_KEPT)(self._analyse_paper))
        return kept(i)

    def _analyse_paper(self, i: int) -> Counter[str]:
        """Analysed terms of paper i, as at build (the analyzer is deterministic)."""
        p, analyze = self.papers[i], self.analyzer.analyze
        return Counter(analyze(p.title) + analyze(p.abstract) + analyze(" ; ".join(p.authors)))

    def feedback_terms(self, scores: np.ndarray, exclude: set[str], docs: DocSlots | None = None) -> list[str]:
        """Pseudo-relevance feedback: the most distinctive terms of the best-scoring papers (`scores` of `docs`)."""
        s = self.settings
        order = [i for i in _top_order(scores, s.feedback_docs) if scores[i] > 0]
        if docs is not None:
            order = docs.docs[order].tolist()
        if not order:
            return []
        weight: dict[str, float] = defaultdict(float)
        rows = self.memo("feedback_rows", lambda: functools.lru_cache(maxsize=DOC_TERMS_KEPT)(self._feedback_row))
        for rank, i in enumerate(order):
            for term, value in rows(i):
                if term not in exclude:
                    weight[term] += value / (rank + 1)
        ranked = sorted(weight.items(), key=lambda kv: kv[1], reverse=True)  # stable: ties in first-seen order
        return [t for t, _ in ranked[: s.feedback_terms]]

    def _feedback_row(self, i: int) -> tuple[tuple[str, float], ...]:
        """Paper i's terms feedback may add, each with tf / length x IDF (question-independent, so kept
        for the recently used papers): terms in 2 to a quarter of the papers, no hyphenated compounds."""
        counter = self.doc_terms(i)
        length = sum(counter.values()) or 1
        n = len(self.papers)
        row = []
        for term, tf in counter.items():
            df = self.stems[term]
            if df < 2 or df > 0.25 * n or "-" in term:
                continue
            row.append((term, (tf / length) * self.idf(term)))
        return tuple(row)

    # ---- search --------------------------------------------------------------------------

    def semantic_state(self) -> Any:
        """The corpus' SemanticState (document vectors or why there are none), built on first use."""
        if self._semantic is None:
            from pubchat.search.semantic import SemanticState

            directory = self.vectors_dir() if self.vectors_dir is not None else None
            self._semantic = SemanticState.build(self.papers, self.settings, directory, self.embed_progress)
        return self._semantic

    def semantic_loaded(self) -> Any:
        """The SemanticState if something already built it (a question's rerank, a UI's preload), else None."""
        return self._semantic

    def search(self, query: Query, top_k: int | None = None) -> SearchResult:
        """Rank the papers for a parsed query through the search pipeline (`pubchat.search.pipeline`).

        `top_k` only trims `hits`' display slice via `SearchResult.top`; `total` counts all.
        """
        from pubchat.search.pipeline import search

        return search(self, query, self.dense)

    def _allowed(self, filters: Filters, docs: DocSlots | None) -> np.ndarray:
        """Which of the papers `docs` (default every paper) the filters allow."""
        size = len(self.papers) if docs is None else len(docs.docs)
        if filters.is_empty():  # the common case: no per-paper Python loop
            return np.ones(size, dtype=bool)
        return self.filter_columns().allowed(filters, None if docs is None else docs.docs)

    def filter_columns(self) -> FilterColumns:
        """The papers' filter fields as columns (read on first use; the on-disk index stores them)."""
        columns: FilterColumns = self.memo("filter_columns", lambda: FilterColumns.of(self.papers))
        return columns

    def _surface_map(self, text: str) -> dict[str, str]:
        """Analysed term -> the question's own word for it."""
        surface: dict[str, str] = {}
        for word in self.analyzer.surface(text):
            for piece in self.analyzer.expand_token(word):
                surface.setdefault(self.analyzer.stem(piece), piece)
        return surface

    def _display_terms(
        self, matched: dict[str, float], text: str, surface: dict[str, str] | None = None
    ) -> dict[str, float]:
        """Key matched contributions by a readable word (the query's own word when it has one)."""
        if surface is None:
            surface = self._surface_map(text)
        out: dict[str, float] = {}
        for term, value in sorted(matched.items(), key=lambda kv: -kv[1]):
            key = surface.get(term) or self.surface_of.get(term, term)
            out[key] = round(out.get(key, 0.0) + value, 4)
        return out


def _letter_mask(word: str) -> int:
    """Which characters a word holds: bits 0-25 for a-z, 26 for digits, 27 for anything else."""
    mask = 0
    for ch in set(word):
        if "a" <= ch <= "z":
            mask |= 1 << (ord(ch) - 97)
        elif ch.isdigit():
            mask |= 1 << 26
        else:
            mask |= 1 << 27
    return mask


def _popcount(values: np.ndarray) -> np.ndarray:
    """Set bits per uint32 (numpy's bitwise_count where available)."""
    if hasattr(np, "bitwise_count"):
        return np.bitwise_count(values).astype(np.int64)
    table = np.array([bin(i).count("1") for i in range(256)], dtype=np.int64)
    return table[values.astype(np.uint32).view(np.uint8)].reshape(-1, 4).sum(axis=1)


@dataclass(eq=False)
class DocSlots:
    """A search's candidate papers (ascending indices) and, per paper of the corpus, its slot among them.

    Every per-search array (scores, term columns, coverage, filters) is aligned with `docs`;
    `find` maps a term's postings to slots with two gathers, however large the corpus.
    """

    docs: np.ndarray  # int32 paper indices, ascending
    member: np.ndarray | None  # bool per paper (None: every paper is a candidate)
    slot: np.ndarray | None  # int32 per paper, valid where member

    @classmethod
    def of(cls, docs: np.ndarray, n: int, member: np.ndarray | None = None) -> DocSlots:
        """Slots for the ascending paper indices `docs` of a corpus of n papers."""
        if member is None:
            member = np.zeros(n, dtype=bool)
            member[docs] = True
        slot = np.empty(n, dtype=np.int32)  # read only where member is set
        slot[docs] = np.arange(len(docs), dtype=np.int32)
        return cls(docs=docs, member=member, slot=slot)

    @classmethod
    def every(cls, n: int) -> DocSlots:
        """Every paper a candidate (slot = paper index)."""
        return cls(docs=np.arange(n, dtype=np.int32), member=None, slot=None)

    def find(self, papers: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Slots of those of `papers` that are candidates, and which of `papers` they are (a bool mask)."""
        if self.member is None or self.slot is None:
            return papers, np.ones(len(papers), dtype=bool)
        ok = self.member[papers]
        return self.slot[papers[ok]], ok


def _spread(docs: np.ndarray, n: int) -> Callable[[np.ndarray], np.ndarray]:
    """A function widening an array aligned with `docs` to all n papers (zeros / False elsewhere)."""

    def widen(values: np.ndarray) -> np.ndarray:
        out = np.zeros(n, dtype=values.dtype)
        out[docs] = values
        return out

    return widen


class _Ranking:
    """Stable ascending order of keys: the first ranks by partition, the full sort only when read past them."""

    HEAD = 64  # ranks an answer reads (top k, themes) without sorting every passing paper

    def __init__(self, keys: np.ndarray) -> None:
        """`keys`: one per passing paper (negated scores, so best first)."""
        self._keys = keys
        self._head: list[int] = _top_order(-keys, self.HEAD) if len(keys) else []
        self._full: np.ndarray | None = None

    def at(self, rank: int) -> int:
        """Position (into `keys`) of the paper at a rank."""
        if rank < len(self._head):
            return self._head[rank]
        if self._full is None:
            self._full = np.argsort(self._keys, kind="stable")
        return int(self._full[rank])


def _top_order(scores: np.ndarray, k: int) -> list[int]:
    """The first k indices of a stable descending sort of scores, without sorting everything."""
    if k >= len(scores):
        return np.argsort(-scores, kind="stable")[:k].tolist()
    kth = np.partition(-scores, k - 1)[k - 1]
    candidates = np.flatnonzero(-scores <= kth)  # every tie of the k-th score, in index order
    return candidates[np.argsort(-scores[candidates], kind="stable")][:k].tolist()


def _field_weights(settings: SearchSettings) -> dict[str, float]:
    """Field name -> weight from the settings."""
    return {"title": settings.title_weight, "abstract": settings.abstract_weight, "authors": settings.authors_weight}


@dataclass(eq=False)
class FilterColumns:
    """What the filters read, one column per field over all papers, so a filter is a few array operations.

    Same rules as `matches_filters` (a test checks it on every filter kind): years inclusive and
    undated papers out; has_code exact; category case-insensitive; any listed author (folded), or
    every one of them with `all_authors`.
    """

    years: np.ndarray  # int64, -1 when undated
    has_code: np.ndarray  # bool
    category: np.ndarray  # int32 id of the casefolded category ("" for none)
    category_ids: dict[str, int]
    author_papers: Mapping[str, Sequence[int] | np.ndarray]  # folded author name -> papers (ascending)
    categories: list[str]  # distinct categories as written, in order of first appearance

    @classmethod
    def of(cls, papers: Sequence[Paper]) -> FilterColumns:
        """Read the columns from the papers (once per index, on the first filtered question)."""
        category_ids: dict[str, int] = {}
        authors: dict[str, list[int]] = {}
        written: dict[str, None] = {}
        for i, p in enumerate(papers):
            for name in {fold(a) for a in p.authors}:
                authors.setdefault(name, []).append(i)
            if p.category:
                written.setdefault(p.category)
        n = len(papers)
        return cls(
            years=np.fromiter((-1 if p.year is None else p.year for p in papers), dtype=np.int64, count=n),
            has_code=np.fromiter((p.has_code for p in papers), dtype=bool, count=n),
            category=np.fromiter(
                (category_ids.setdefault((p.category or "").casefold(), len(category_ids)) for p in papers),
                dtype=np.int32,
                count=n,
            ),
            category_ids=category_ids,
            author_papers=authors,
            categories=list(written),
        )

    def allowed(self, filters: Filters, docs: np.ndarray | None) -> np.ndarray:
        """Which papers of `docs` (ascending; default all) satisfy every filter."""
        years = self.years if docs is None else self.years[docs]
        keep = np.ones(len(years), dtype=bool)
        if filters.year_min is not None:
            keep &= (years >= 0) & (years >= filters.year_min)
        if filters.year_max is not None:
            keep &= (years >= 0) & (years <= filters.year_max)
        if filters.has_code is not None:
            keep &= (self.has_code if docs is None else self.has_code[docs]) == filters.has_code
        if filters.categories:
            wanted = [
                self.category_ids[c] for c in {c.casefold() for c in filters.categories} if c in self.category_ids
            ]
            keep &= np.isin(self.category if docs is None else self.category[docs], wanted)
        if filters.authors:
            by = np.zeros(len(self.years), dtype=bool) if not filters.all_authors else np.ones(len(self.years), bool)
            for name in {fold(a) for a in filters.authors}:
                has = np.zeros(len(self.years), dtype=bool)
                has[self.author_papers.get(name, [])] = True
                by = (by & has) if filters.all_authors else (by | has)
            keep &= by if docs is None else by[docs]
        return keep
