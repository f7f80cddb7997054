"""Recurring themes of a set of papers, and the main topics of a whole corpus, as readable phrases.

Themes are one- and two-word phrases that recur in the matched papers (titles and abstracts) and
are characteristic of them against the whole corpus (document frequency in the set times inverse
document frequency in the corpus). Phrases are grouped by stems but shown in the surface form
the papers use most ("attention consistency", not "attent consist").
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from functools import lru_cache

from pubchat.answer.text import META_WORDS, STOPWORDS, Token, stem, tokens, word_surfaces
from pubchat.lazyre import lazy
from pubchat.models import Paper

# Generic research vocabulary: frequent in any abstract, never a theme on its own.
_GENERIC = frozenset(
    """method methods approach approaches framework frameworks model models network networks task tasks
    result results performance experiment experiments experimental dataset datasets data benchmark
    benchmarks propose proposed proposes novel state-of-the-art art state effective effectively
    demonstrate demonstrates show shows shown extensive existing based learning learn deep problem
    problems various different new better improve improved improves significant significantly
    information feature features training train trained large-scale module modules stage paper
    achieve achieves superior previous recent current general specific first two three address
    however furthermore moreover finally accuracy evaluate evaluation comprehensive study analysis
    issue issues challenge challenges challenging code available github https http com www key strong
    simple baseline baselines observation observations fixed deal way ways ability great high low lot
    well-known widely mainly respectively additionally qualitative quantitative outperform outperforms
    outperformed surpass surpasses compared effectiveness superiority efficacy publicly released
    introduce introduces present presents utilize utilizes employ employs obtain obtains enable enables
    leverage leverages named called termed aim aims goal potential promising remarkable comparable
    competitive""".split()
)


# A corpus larger than this is represented by an evenly spaced sample of it (see ThemeModel).
SAMPLE_SIZE = 1000
# Themes are mined from at most this many of the best-ranked matched papers.
MAX_THEME_PAPERS = 100

# Generic nouns that may end a phrase ("large language models") but never stand alone.
_TAIL_OK = frozenset("model models network networks framework frameworks method methods dataset datasets".split())
# Too general to be a theme of a set of papers on their own (fine inside a corpus topic).
_THEME_GENERIC = frozenset(["recognit", "detect", "face", "facial", "imag", "estim"])


def _usable(tok: Token) -> bool:
    """A token that may be part of a theme phrase."""
    return (
        tok.lower not in _GENERIC
        and tok.lower not in META_WORDS
        and tok.lower not in STOPWORDS
        and len(tok.lower) > 2
        and not tok.lower.isdigit()
    )


def _phrases(text: str, max_n: int = 2) -> dict[tuple[str, ...], str]:
    """Stem-keyed n-grams (1..max_n) of usable adjacent words in `text`, with their surface forms.

    A phrase starts with a usable word, never spans punctuation, a URL or a stopword, and may end
    on a generic noun ("large language models"). Surface forms are made only for the first
    occurrence of each key (this runs over every abstract of a corpus, so it stays lean).
    """
    found: dict[tuple[str, ...], str] = {}
    for chunk in _CHUNK_SPLIT.split(_URL.sub(" . ", text)):
        words = [_word(surface) for surface in word_surfaces(chunk)]
        if not words:
            continue
        keys, shown, usable, ends = zip(*words)
        count = len(words)
        for i in range(count):
            if not usable[i]:
                continue
            for j in range(i + 1, min(i + max_n, count) + 1):
                if j > i + 1 and (not ends[j - 1] or not usable[j - 2]):
                    break
                key = keys[i:j]
                if key not in found:
                    found[key] = " ".join(shown[i:j])
    return found


@lru_cache(maxsize=100_000)
def _word(surface: str) -> tuple[str, str, bool, bool]:
    """One word as written: (stem, display form, usable in a phrase, may end a phrase)."""
    lower = surface.lower()
    usable = _usable(Token(surface, lower, ""))
    return stem(lower), _display(surface), usable, usable or lower in _TAIL_OK


_URL = lazy(r"https?://\S+|www\.\S+", re.IGNORECASE)
_CHUNK_SPLIT = lazy(r"[.,;:!?()\[\]{}\"“”/]+|\s-+\s")


@lru_cache(maxsize=100_000)
def _display(surface: str) -> str:
    """Lower-case ordinary words (also Title-Cased ones); keep acronyms and names like SFace as written."""
    parts = surface.split("-")
    if any((part.isupper() and len(part) > 1) or any(ch.isupper() for ch in part[1:]) for part in parts):
        return surface
    return surface.lower()


def _paper_text(paper: Paper) -> str:
    """The text themes are drawn from: title and abstract."""
    return f"{paper.title}. {paper.abstract}"


class ThemeModel:
    """Document frequencies of phrases over a corpus, used for every answer.

    Title phrases and acronym-defined phrases are indexed up front (titles are short). The phrases
    of whole abstracts are extracted only for the papers a question needs, and a phrase's corpus
    document frequency is counted when first asked for, over the papers holding all its stems, so
    a one-shot question does not mine every abstract. Results equal mining all.
    """

    def __init__(self, papers: Sequence[Paper], sample_size: int = SAMPLE_SIZE) -> None:
        """Index the phrases of every title and the acronym-defined phrases of every abstract.

        A corpus larger than `sample_size` is represented by an evenly spaced sample of that many
        papers (document frequencies are ratios, so a sample estimates them), which keeps a large
        list's first answer fast; smaller corpora are used whole, so their themes are exact.
        """
        if len(papers) > sample_size:  # indexed, not listed: a lazily read corpus reads only the sample
            step = len(papers) / sample_size
            sample = [papers[int(i * step)] for i in range(sample_size)]
        else:
            sample = list(papers)
        self.papers = sample
        self.n_docs = max(1, len(self.papers))
        self._position = {paper.id: i for i, paper in enumerate(self.papers)}  # a repeated id: the last one
        self._doc_phrases: list[dict[tuple[str, ...], str] | None] = [None] * len(self.papers)
        self._stem_sets: list[frozenset[str]] | None = None
        self._df: dict[tuple[str, ...], int] = {}
        self.title_df: Counter[tuple[str, ...]] = Counter()
        self.title_surface: dict[tuple[str, ...], Counter[str]] = defaultdict(Counter)
        self.terms: set[tuple[str, ...]] = set()  # phrases used in a title or defined with an acronym
        for paper in self.papers:
            self.terms.update(_defined_phrases(paper.abstract))
            title_found = _phrases(paper.title, max_n=3)
            self.title_df.update(title_found.keys())
            for key, surface in title_found.items():
                self.title_surface[key][surface] += 1
        self.terms.update(self.title_df.keys())

    def phrases_of(self, paper: Paper) -> dict[tuple[str, ...], str]:
        """The phrases of a paper's title and abstract (stem key -> first surface form); a corpus paper's once."""
        i = self._position.get(paper.id)
        found = self._phrases_at(i) if i is not None else {}
        return found or _phrases(_paper_text(paper), max_n=3)

    def _phrases_at(self, i: int) -> dict[tuple[str, ...], str]:
        """The phrases of the i-th corpus paper, extracted on first use."""
        found = self._doc_phrases[i]
        if found is None:
            found = self._doc_phrases[i] = _phrases(_paper_text(self.papers[i]), max_n=3)
        return found

    def stem_sets(self) -> list[frozenset[str]]:
        """Every stem each paper's phrases can use (the same words, URLs removed), built on first use."""
        if self._stem_sets is None:
            words = [{w.lower() for w in word_surfaces(_URL.sub(" . ", _paper_text(p)))} for p in self.papers]
            stem_of = {w: stem(w) for w in set().union(*words)}
            self._stem_sets = [frozenset(stem_of[w] for w in found) for found in words]
        return self._stem_sets

    def doc_freq(self, key: tuple[str, ...]) -> int:
        """How many corpus papers hold the phrase `key` (counted on first use)."""
        count = self._df.get(key)
        if count is None:
            need = set(key)
            count = sum(1 for i, stems in enumerate(self.stem_sets()) if need <= stems and key in self._phrases_at(i))
            self._df[key] = count
        return count

    def themes(
        self,
        papers: Sequence[Paper],
        question: str = "",
        limit: int = 3,
        weights: Sequence[float] | None = None,
    ) -> list[str]:
        """Up to `limit` phrases recurring in `papers`, characteristic of them against the corpus,
        and not already said by the question (nor the question's acronym).

        Only technical terms count: phrases some title uses or some abstract defines with an
        acronym ("large vision-language models (LVLMs)"), so "impressive progress" never shows.
        `weights` (e.g. relative retrieval scores) let weak matches count for less.
        """
        if len(papers) < 2:
            return []
        weights = list(weights)[:MAX_THEME_PAPERS] if weights is not None else [1.0] * len(papers)
        papers = papers[:MAX_THEME_PAPERS]  # the best-ranked ones say what recurs; the tail only costs time
        local_terms: set[tuple[str, ...]] = set()  # terms the set's own titles/abstracts establish
        for paper in papers:
            if paper.id not in self._position:
                local_terms.update(_defined_phrases(paper.abstract), _phrases(paper.title, max_n=3).keys())
        question_tokens = tokens(question)
        excluded = {t.stem for t in question_tokens}
        excluded_words = [t.lower for t in question_tokens]
        set_df: Counter[tuple[str, ...]] = Counter()
        found_in = [self.phrases_of(paper) for paper in papers]
        for found in found_in:
            set_df.update(found.keys())
        m = sum(weights) or 1.0
        recurring = {
            key: count for key, count in set_df.items() if count >= 2 and (key in self.terms or key in local_terms)
        }
        # weight and written forms, for the recurring phrases only (the rest are never read)
        mass: dict[tuple[str, ...], float] = defaultdict(float)
        surfaces: dict[tuple[str, ...], Counter[str]] = defaultdict(Counter)
        for found, weight in zip(found_in, weights):
            for key, surface in found.items():
                if key in recurring:
                    mass[key] += weight
                    surfaces[key][surface] += 1
        # "large language" is only ever part of "large language models": keep the longer phrase
        subsumed = {
            short
            for long_key, long_count in recurring.items()
            if len(long_key) > 1
            for short in _subphrases(long_key)
            if recurring.get(short) == long_count
        }
        scored = []
        for key, _count in recurring.items():
            if key in subsumed or all(stem in excluded for stem in key):
                continue
            surface = _most_common(surfaces[key])
            if len(key) == 1 and (surface.islower() or key[0] in _THEME_GENERIC):
                continue  # single words only when they are names or acronyms (CLIP, MLLMs)
            if len(key) == 1 and surfaces[key][surface] < 2:
                continue  # a name written so in one paper only ("AGE" there, "age" elsewhere) is not shared
            if _is_acronym_of(surface, excluded_words):
                continue
            idf = math.log((self.n_docs + 1) / (self.doc_freq(key) + 0.5))
            if idf <= 0.3:
                continue
            if mass[key] < 1.0:
                continue
            score = (mass[key] / m) * idf * (1.0 + 0.25 * (len(key) - 1))
            scored.append((score, key))
        scored.sort(key=lambda s: (-s[0], s[1]))
        chosen: list[tuple[str, ...]] = []
        for _, key in scored:
            if any(set(key) & set(other) for other in chosen):
                continue  # "attention" after "attention consistency" adds nothing
            surface = _most_common(surfaces[key])
            if any(_same_term(surface, _most_common(surfaces[other])) for other in chosen):
                continue  # "LVLMs" after "large vision-language models"
            chosen.append(key)
            if len(chosen) >= limit:
                break
        return [_most_common(surfaces[key]) for key in chosen]

    def corpus_topics(self, limit: int = 6) -> list[str]:
        """The corpus's main topics: the longest phrases recurring most across titles."""
        scored = []
        for key, count in self.title_df.items():
            if count < 2:
                continue
            if len(key) == 1 and _most_common(self.title_surface[key]).islower():
                continue  # a lone ordinary word ("effects", "flow") is not a topic
            scored.append((count * len(key) ** 1.2, key))
        scored.sort(key=lambda s: (-s[0], s[1]))
        chosen: list[tuple[str, ...]] = []
        for _, key in scored:
            if any(_contains(key, other) or _contains(other, key) for other in chosen):
                continue
            chosen.append(key)
            if len(chosen) >= limit:
                break
        return [_most_common(self.title_surface[key]) for key in chosen]


_ACRONYM_DEF = lazy(r"\(([A-Z][A-Za-z0-9-]*[A-Z0-9])s?\)")


def _defined_phrases(abstract: str) -> set[tuple[str, ...]]:
    """Stem keys of phrases an abstract defines with an acronym: "noisy label learning (NLL)"."""
    out: set[tuple[str, ...]] = set()
    for match in _ACRONYM_DEF.finditer(abstract):
        before = abstract[max(0, match.start() - 80) : match.start()].split()
        letters = sum(1 for ch in match.group(1) if ch.isupper())
        words = before[-max(1, min(letters, 4)) :]
        toks = tokens(" ".join(words), keep_stopwords=True)
        while toks and not _usable(toks[0]):
            toks.pop(0)
        if toks and len(toks) <= 3 and all(_usable(t) or t.lower in _TAIL_OK for t in toks):
            out.add(tuple(t.stem for t in toks))
    return out


def _subphrases(key: tuple[str, ...]) -> list[tuple[str, ...]]:
    """Every shorter contiguous run of a phrase key."""
    return [key[i:j] for i in range(len(key)) for j in range(i + 1, len(key) + 1) if j - i < len(key)]


def _contains(longer: tuple[str, ...], shorter: tuple[str, ...]) -> bool:
    """True when `shorter` occurs as a contiguous run inside `longer`."""
    n = len(shorter)
    return any(longer[i : i + n] == shorter for i in range(len(longer) - n + 1))


def _same_term(a: str, b: str) -> bool:
    """True when one phrase is the other's acronym (LVLMs / large vision-language models)."""

    def initials(phrase: str) -> str:
        return "".join(part[0] for part in re.split(r"[\s-]+", phrase.lower()) if part)

    for short, long in ((a, b), (b, a)):
        if " " not in short and any(ch.isupper() for ch in short) and " " in long.replace("-", " "):
            letters = short.lower().rstrip("s")
            if letters and letters in (initials(long), initials(long).rstrip("s")):
                return True
    return False


def _is_acronym_of(surface: str, words: Sequence[str]) -> bool:
    """True for an upper-case token spelled by the initials of consecutive question words (FER)."""
    if not surface.isupper() or len(surface) < 2 or " " in surface:
        return False
    letters = surface.lower().rstrip("s")
    initials = "".join(w[0] for w in words)
    return letters in initials


def _most_common(counter: Counter[str]) -> str:
    """The most frequent surface form (ties: alphabetical, for determinism)."""
    return sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]


# ---- shared with topic groups (answer.topics) ----------------------------------------------------

GENERIC_WORDS = frozenset(stem(w) for w in _GENERIC)


def title_phrases(title: str) -> dict[tuple[str, ...], str]:
    """The one- to three-word phrases of a title (stem key -> surface form)."""
    return _phrases(title, max_n=3)


def contains_phrase(longer: tuple[str, ...], shorter: tuple[str, ...]) -> bool:
    """True when the phrase key `shorter` occurs inside `longer`."""
    return _contains(longer, shorter)


def most_common(forms: Sequence[str]) -> str:
    """The most frequent of some surface forms (ties: alphabetical)."""
    return _most_common(Counter(forms))
