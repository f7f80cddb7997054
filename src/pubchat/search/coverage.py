"""Coverage: how much of the question a paper holds, counting multi-word concepts and "X or Y" alternatives.

The question's words are read from its free text (`Query.text`: chrome removed, spelling
corrected) placed back in the question as asked, where stopwords, punctuation and "or" still
separate them:
- a **unit** is one distinct word (a compound such as `rgb-d` is one unit with its parts);
- a **concept** is a run of adjacent units (no stopword or punctuation between them) whose
  neighbouring words some paper also uses adjacently (`Index.pairs`): "human pose estimation",
  "noisy labels". A paper holds a concept's word fully when it has it next to another word of the
  concept; words all held but apart count less the more fixed a phrase the list makes of them
  (`tightness`, `phrase_apart`), and a generic word without the rest of its concept counts
  `phrase_alone` ("facial" alone is not "facial landmarks"); an acronym's long form is a concept
  in the same way;
- **alternatives**: "X or Y", "X / Y", "either X or Y" (and "X, Y or Z") offer the concept (or
  word) on each side in place of the other; the group counts as its best alternative.
Coverage is the share of the question's IDF mass a paper holds (Lucene IDF; a group weighs as
much as its heaviest alternative). `distinct` tells which papers hold something distinctive:
a word in at most `generic_share` of the papers, or a concept held adjacently that few papers use.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from itertools import pairwise
from typing import TYPE_CHECKING

import numpy as np

from pubchat.search.analyzer import fold

if TYPE_CHECKING:
    from pubchat.search.index import DocSlots, Index

Unit = tuple[str, list[str]]  # (term, compound parts)
AcronymPair = tuple[str, list[str], str]  # (question term, expansion terms, "long" | "short" | "variant")

_TOKEN_RE = re.compile(r"[^\W_]+(?:[-‐‑–][^\W_]+)*|[^\w\s'’]")  # words, and each punctuation mark
_POSSESSIVE_RE = re.compile(r"(\w)['’]s\b")
_OR_WORDS = frozenset({"or", "/"})
_EITHER = frozenset({"either"})
TIGHTNESS_KEPT = 4096  # concepts whose tightness an index keeps


@dataclass
class QuestionWords:
    """The question's units, its concepts and its "or" groups (terms, in question order)."""

    units: list[Unit]
    concepts: list[list[str]] = field(default_factory=list)  # runs of >= 2 unit terms
    groups: list[list[list[str]]] = field(default_factory=list)  # alternatives, each a list of unit terms

    @property
    def n_terms(self) -> int:
        """Distinct words the question asks for, an "or" group counting as one (the relevance floor's n)."""
        grouped = {t for group in self.groups for alternative in group for t in alternative}
        return sum(1 for t, _ in self.units if t not in grouped) + len(self.groups)


def read_question(index: Index, text: str, question: str) -> QuestionWords:
    """Units, concepts and alternatives of the free `text`, placed in the `question` as asked."""
    analyzer = index.analyzer
    words = analyzer.surface(text)
    tokens = _tokens(question)
    places = _align(words, tokens, analyzer.stopwords)
    heads: list[tuple[str, list[str]] | None] = []
    for k, word in enumerate(words):
        terms = analyzer.terms([word])
        if not terms or (word in _EITHER and _or_follows(tokens, places[k])):
            heads.append(None)
            continue
        heads.append((terms[0], [t for t in dict.fromkeys(terms[1:]) if t != terms[0]]))
    units: dict[str, list[str]] = {}
    for head in heads:
        if head is not None:
            units.setdefault(head[0], head[1])
    links = _links(heads, places, tokens)
    run_of = _concept_runs(index, heads, links)
    concepts = [[heads[k][0] for k in run] for run in dict.fromkeys(map(tuple, run_of.values())) if len(run) > 1]  # type: ignore[index]
    groups = _groups(heads, links, run_of)
    return QuestionWords(units=list(units.items()), concepts=concepts, groups=groups)


def _tokens(question: str) -> list[str]:
    """The question as asked: folded words and punctuation marks, in order."""
    text = _POSSESSIVE_RE.sub(r"\1", fold(question))
    return [re.sub(r"[‐‑–]", "-", t) for t in _TOKEN_RE.findall(text)]


def _align(words: list[str], tokens: list[str], stopwords: frozenset[str]) -> list[int | None]:
    """Where each free-text word stands among the question's tokens (None when it cannot be placed).

    Words are found in order; a word the question spelt otherwise (corrected spelling) takes the
    next content word that no later free-text word claims."""
    places: list[int | None] = []
    start = 0
    for k, word in enumerate(words):
        found = next((j for j in range(start, len(tokens)) if tokens[j] == word), None)
        if found is None:
            later = set(words[k + 1 :])
            found = next(
                (
                    j
                    for j in range(start, len(tokens))
                    if tokens[j][:1].isalnum() and tokens[j] not in stopwords and tokens[j] not in later
                ),
                None,
            )
        places.append(found)
        if found is not None:
            start = found + 1
    return places


def _or_follows(tokens: list[str], place: int | None) -> bool:
    """True when an "or" comes later in the question than `place`."""
    return place is not None and any(t == "or" for t in tokens[place + 1 :])


def _links(heads: list[Unit | None], places: list[int | None], tokens: list[str]) -> list[str]:
    """How each word relates to the next: "adjacent", "or" (alternatives) or "apart"."""
    links: list[str] = []
    for k in range(len(heads) - 1):
        a, b = places[k], places[k + 1]
        if heads[k] is None or heads[k + 1] is None or a is None or b is None or b <= a:
            links.append("apart")
            continue
        between = tokens[a + 1 : b]
        if any(t in _OR_WORDS for t in between):
            links.append("or")
        elif not between:
            links.append("adjacent")
        else:
            links.append("," if between == [","] else "apart")
    for k, link in enumerate(links):  # "X, Y or Z": the commas of a list ending in "or" offer alternatives too
        if link == "or":
            j = k - 1
            while j >= 0 and links[j] in (",", "adjacent"):
                if links[j] == ",":
                    links[j] = "or"
                j -= 1
    return ["apart" if link == "," else link for link in links]


def _concept_runs(index: Index, heads: list[Unit | None], links: list[str]) -> dict[int, list[int]]:
    """Word position -> the run of positions forming its concept (a word alone: itself)."""
    runs: dict[int, list[int]] = {}
    current: list[int] = []
    for k, head in enumerate(heads):
        if head is None:
            current = []
            continue
        if current and links[k - 1] == "adjacent" and _attested(index, heads[k - 1], head):
            current.append(k)
        else:
            current = [k]
        runs[k] = current
    return runs


def _attested(index: Index, left: Unit | None, right: Unit) -> bool:
    """True when some paper has the two words adjacent (in this order)."""
    if left is None:
        return False
    return len(_pair_docs(index, left[0], right[0])) > 0


def _pair_docs(index: Index, a: str, b: str) -> np.ndarray:
    """Papers holding term a right before term b."""
    ia, ib = index.postings.terms.get(a), index.postings.terms.get(b)
    if ia is None or ib is None:
        return np.zeros(0, dtype=np.int32)
    return index.pairs.docs_of(ia, ib)


def _groups(heads: list[Unit | None], links: list[str], run_of: dict[int, list[int]]) -> list[list[list[str]]]:
    """The "or" groups: the concepts (or words) on each side of every "or" link, chains joined."""
    groups: list[list[list[int]]] = []
    for k, link in enumerate(links):
        if link != "or":
            continue
        left, right = run_of.get(k), run_of.get(k + 1)
        if left is None or right is None:
            continue
        if groups and groups[-1][-1] == left:
            groups[-1].append(right)
        else:
            groups.append([left, right])
    out: list[list[list[str]]] = []
    for group in groups:
        alternatives = [[heads[k][0] for k in run] for run in group]  # type: ignore[index]
        unique = [a for i, a in enumerate(alternatives) if a not in alternatives[:i]]
        if len(unique) > 1:
            out.append(unique)
    return out


@dataclass
class Coverage:
    """Per candidate paper: the share of the question it holds, and whether it holds something distinctive."""

    values: np.ndarray
    distinct: np.ndarray


def coverage(index: Index, question: QuestionWords, pairs: list[AcronymPair], docs: DocSlots) -> Coverage:
    """Coverage of the question by each paper of `docs` (see the module docstring)."""
    apart, alone = index.settings.phrase_apart, index.settings.phrase_alone
    n = len(docs.docs)
    cache: dict[str, np.ndarray] = {}

    def present(term: str) -> np.ndarray:
        if term not in cache:
            mask = np.zeros(n, dtype=bool)
            holding = index.postings.docs(term)
            if holding is not None:
                mask[docs.find(holding)[0]] = True
            cache[term] = mask
        return cache[term]

    def adjacent(a: str, b: str) -> np.ndarray:
        mask = np.zeros(n, dtype=bool)
        holding = _pair_docs(index, a, b)
        if len(holding):
            mask[docs.find(holding.astype(np.int64))[0]] = True
        return mask

    def in_concept(terms: list[str]) -> dict[str, np.ndarray]:
        """term -> how much a paper's use of it counts: 1 next to another word of the run `terms` (in
        the run's order, words between may be missing: "oracle characters" for "oracle bone
        characters"); when the paper has every word of the run but apart, 1 - tightness x (1 -
        `phrase_apart`): the more the list writes the words together, the less apart use counts;
        `phrase_alone` for a generic word without the rest of its concept ("facial" alone is not
        "facial landmarks"; a distinctive word alone keeps its weight)."""
        held = {t: np.zeros(n, dtype=bool) for t in terms}
        for i, a in enumerate(terms):
            for b in terms[i + 1 :]:
                both = adjacent(a, b)
                held[a] |= both
                held[b] |= both
        every = np.logical_and.reduce([present(t) for t in terms])
        spread = 1.0 - tightness(index, tuple(terms)) * (1.0 - apart)
        return {
            t: np.where(mask, 1.0, np.where(every, spread, alone if index.is_generic(t) else 1.0))
            for t, mask in held.items()
        }

    together: dict[str, np.ndarray] = {}  # concept word -> the weight of its use by each paper
    for concept in question.concepts:
        for t, weight in in_concept(concept).items():
            together[t] = np.maximum(together[t], weight) if t in together else weight

    has: dict[str, np.ndarray] = {}
    for t, parts in question.units:
        value = present(t).astype(float)
        if t in together:
            value = value * together[t]
        if parts:  # a compound: its joined spelling counts fully, its loose parts at most half
            joined = [p for p in parts if "-" in p]
            plain = [p for p in parts if "-" not in p]
            for p in joined:
                value = np.maximum(value, present(p).astype(float))
            if plain:
                part_idf = sum(index.idf(p) for p in plain) or 1.0
                value = np.maximum(value, 0.5 * sum(present(p) * index.idf(p) for p in plain) / part_idf)
        for short, long_terms, direction in pairs:
            if direction == "long" and t == short:
                # the spelled-out form counts in proportion to the share of it present (its words apart:
                # `phrase_apart` each), and not at all without one of its distinctive (not generic) words
                long_idf = sum(index.idf(lt) for lt in long_terms) or 1.0
                near = in_concept(long_terms) if len(long_terms) > 1 else {}
                share = sum(present(lt) * near.get(lt, 1.0) * index.idf(lt) for lt in long_terms)
                share = share / long_idf
                distinct_long = [lt for lt in long_terms if not index.is_generic(lt)]
                if distinct_long:
                    share = share * np.logical_or.reduce([present(lt) for lt in distinct_long])
                value = np.maximum(value, share)
            elif direction == "variant" and t == short:
                value = np.maximum(value, present(long_terms[0]).astype(float))
            elif direction == "short" and t in long_terms:
                value = np.maximum(value, present(short).astype(float))
        has[t] = value

    grouped = {t for group in question.groups for alternative in group for t in alternative}
    covered = np.zeros(n)
    total = 0.0
    for t, _ in question.units:
        if t not in grouped:
            covered += has[t] * index.idf(t)
            total += index.idf(t)
    for group in question.groups:
        masses = [sum(index.idf(t) for t in alternative) or 1.0 for alternative in group]
        best = np.zeros(n)
        for alternative, mass in zip(group, masses):
            best = np.maximum(best, sum(has[t] * index.idf(t) for t in alternative) / mass)
        covered += best * max(masses)
        total += max(masses)
    values = covered / (total or 1.0)
    return Coverage(values=values, distinct=_distinct(index, question, has, together, n))


def _distinct(
    index: Index, question: QuestionWords, has: dict[str, np.ndarray], together: dict[str, np.ndarray], n: int
) -> np.ndarray:
    """Papers holding a distinctive word or a distinctive concept, when the question has both generic and
    distinctive words (else every paper): sharing only generic words is no match. An "or" group is
    distinctive through the corpus words of its alternatives ("speech or audio" with no paper on audio
    asks for speech)."""
    grouped = {t for group in question.groups for alternative in group for t in alternative}
    items: list[list[str]] = [[t] for t, _ in question.units if t not in grouped]
    items += [[t for alternative in group for t in alternative if t in index.stems] for group in question.groups]
    specific = [[t for t in item if not index.is_generic(t)] for item in items]
    if all(specific):  # no generic item
        return np.ones(n, dtype=bool)
    limit = index.settings.generic_share * len(index.papers)
    rare = [c for c in question.concepts if all(len(_pair_docs(index, a, b)) <= limit for a, b in pairwise(c))]
    if not any(specific) and not rare:
        return np.ones(n, dtype=bool)
    mask = np.zeros(n, dtype=bool)
    for words in specific:
        for t in words:
            mask |= has[t] > 0
    for concept in rare:
        mask |= np.logical_and.reduce([together[t] >= 1.0 for t in concept])
    return mask


def tightness(index: Index, terms: tuple[str, ...]) -> float:
    """Of the papers holding every word of a concept, the share that write two of them side by side
    (in the concept's order): how fixed a phrase the list makes of them. Kept per index for the
    most recent concepts (it intersects whole postings lists)."""
    kept = index.memo(
        "concept_tightness", lambda: functools.lru_cache(maxsize=TIGHTNESS_KEPT)(functools.partial(_tightness, index))
    )
    share: float = kept(terms)
    return share


def _tightness(index: Index, terms: tuple[str, ...]) -> float:
    every: np.ndarray | None = None
    for t in terms:
        held = index.postings.docs(t)
        if held is None:
            return 0.0
        every = held if every is None else np.intersect1d(every, held, assume_unique=True)
    if every is None or not len(every):
        return 0.0
    near = np.zeros(len(index.papers), dtype=bool)
    for i, a in enumerate(terms):
        for b in terms[i + 1 :]:
            near[_pair_docs(index, a, b)] = True
    return float(near[every].sum()) / len(every)
