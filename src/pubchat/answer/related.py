"""Answers about named papers: the papers most like one (similar) and several side by side (compare).

Similarity of two papers is the cosine of their title-weighted TF-IDF stem vectors, averaged with the
cosine of their encoder vectors when the sentence encoder is on (each rescaled among the papers);
the named paper is never one of its own neighbours. Compare rows quote each paper's own sentences, chosen by role cues.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING

from pubchat.answer.doc import Doc, Span, raw, strong, t
from pubchat.answer.summarise import select_sentences, weights_from_text
from pubchat.answer.text import split_sentences, stems
from pubchat.lazyre import lazy
from pubchat.models import Paper

if TYPE_CHECKING:
    from pubchat.answer.compose import Composed, Composer

SIMILAR_SHOWN = 5
TITLE_WEIGHT = 2.0  # title stems count twice: a title names what the paper is about
DENSE_WEIGHT = 0.5  # share of the dense cosine in the fused similarity, when there is one
MIN_SIMILARITY = 0.05  # rescaled similarity below this: no closer to the named paper than a typical paper

_ROLES: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "Problem",
        lazy(
            r"\b(?:challeng\w*|problems?|suffers?|limit\w*|difficult\w*|however|remains?|struggl\w*|threat\w*|"
            r"concerns?|lack\w*|vulnerab\w*|bias\w*|noisy|degrad\w*|fail\w*)\b",
            re.IGNORECASE,
        ),
    ),
    (
        "Method",
        lazy(
            r"\b(?:we|this (?:paper|work))\b[^.;]{0,80}?\b(?:propos|present|introduc|develop|design|build|"
            r"formulat|devis|put forward)\w*",
            re.IGNORECASE,
        ),
    ),
    (
        "Data",
        lazy(
            r"\b(?:datasets?|benchmarks?|experiments?|evaluat\w+|trained on|tested on|databases?)\b",
            re.IGNORECASE,
        ),
    ),
)


def tfidf_vectors(papers: Sequence[Paper]) -> list[dict[str, float]]:
    """Unit TF-IDF vectors of each paper's stems (title stems weighted TITLE_WEIGHT)."""
    counts = []
    for paper in papers:
        c: dict[str, float] = {}
        for s in stems(paper.abstract):
            c[s] = c.get(s, 0.0) + 1.0
        for s in stems(paper.title):
            c[s] = c.get(s, 0.0) + TITLE_WEIGHT
        counts.append(c)
    df = Counter(s for c in counts for s in c)
    n = len(papers)
    vectors = []
    for c in counts:
        vec = {s: (1 + math.log(v)) * math.log((n + 1) / (df[s] + 0.5)) for s, v in c.items()}
        norm = math.sqrt(sum(w * w for w in vec.values())) or 1.0
        vectors.append({s: w / norm for s, w in vec.items() if w > 0})
    return vectors


def _relative(values: Sequence[float]) -> list[float]:
    """Values rescaled among themselves: 0 at the median (and below), 1 at the largest."""
    if not values:
        return []
    ordered = sorted(values)
    low, high = ordered[len(ordered) // 2], ordered[-1]
    if high <= low:
        return [0.0 for _ in values]
    return [min(1.0, max(0.0, (v - low) / (high - low))) for v in values]


def neighbours(
    papers: Sequence[Paper],
    anchor: Paper,
    dense: Sequence[float] | None = None,
) -> list[tuple[Paper, float]]:
    """Every other paper with its similarity to `anchor`, most similar first (the anchor excluded).

    Lexical: cosine of TF-IDF stem vectors. `dense`: each paper's cosine with the anchor in the
    encoder's space, when there is one. Each signal is rescaled among the other papers (0 at the
    median, 1 at the closest) and the two are averaged.
    """
    vectors = tfidf_vectors(papers)
    index = next(i for i, p in enumerate(papers) if p.id == anchor.id)
    mine = vectors[index]
    others = [i for i, p in enumerate(papers) if i != index and p.id != anchor.id]
    lexical = _relative([sum(w * vectors[i].get(s, 0.0) for s, w in mine.items()) for i in others])
    meaning = _relative([float(dense[i]) for i in others]) if dense is not None else None
    out = []
    for k, i in enumerate(others):
        score = lexical[k] if meaning is None else (1 - DENSE_WEIGHT) * lexical[k] + DENSE_WEIGHT * meaning[k]
        out.append((papers[i], score))
    out.sort(key=lambda ps: (-ps[1], ps[0].title))
    return out


def similar(c: Composer, anchor: Paper, scored: Sequence[tuple[Paper, float]], by_meaning: bool) -> Composed:
    """The papers most like `anchor`: an opening naming it, one line per neighbour, references."""
    from pubchat.answer.compose import Composed, Ranked, short_title

    doc = Doc()
    close = [(p, s) for p, s in scored if s >= MIN_SIMILARITY][:SIMILAR_SHOWN]
    name = short_title(anchor.title)
    year = f" ({anchor.year})" if anchor.year else ""
    if not close:
        doc.para(t(f"No other paper in this list is close to {name}{year}."))
        return Composed("similar", doc, 0, [])
    signals = "shared terms and meaning" if by_meaning else "shared terms"
    doc.para(
        t("The paper most like " if len(close) == 1 else f"The {len(close)} papers most like "),
        strong(name),
        t(f"{year}, by {signals} (closest first; the paper itself is not listed):"),
    )
    cited = [Ranked(p, round(s, 4), {}) for p, s in close]
    theme_words = " ".join(stems(anchor.title))
    for n, (paper, _score) in enumerate(close, start=1):
        c.paper_line(doc, paper, n, theme_words)
    c.references(doc, cited)
    return Composed("similar", doc, len(close), cited)


def compare(c: Composer, papers: Sequence[Paper], question: str) -> Composed:
    """Named papers side by side: year, problem, method, data and code, each from its own abstract."""
    from pubchat.answer.compose import Composed, Ranked, code_link, short_title

    doc = Doc()
    names = [short_title(p.title) for p in papers]
    joined = ", ".join(names[:-1]) + f" and {names[-1]}"
    years = [p.year for p in papers if p.year]
    span = ""
    if years:
        span = f" ({', '.join(f'{short_title(p.title)}: {p.year}' for p in papers if p.year)})"
    doc.para(t(f"{joined} side by side{span}; each row quotes the paper's own abstract."))
    cited = [Ranked(p, 1.0, {}) for p in papers]
    for n, paper in enumerate(papers, start=1):
        head: list[Span] = [
            strong(short_title(paper.title)),
            raw(f" ({paper.year}) [{n}]" if paper.year else f" [{n}]"),
        ]
        doc.para(*head)
        used: set[str] = set()
        for role, _pattern in _ROLES:
            sentence = _role_sentence(paper, role, question, used, c.settings.max_sentence_chars)
            if sentence:
                used.add(sentence)
                doc.bullet(strong(role), raw(f" [{n}]"), t(": " + sentence))
        code = code_link(paper)
        if code:
            doc.bullet(strong("Code"), t(": " + code))
        else:
            doc.bullet(strong("Code"), t(": available" if paper.has_code else ": none listed"))
    c.references(doc, cited)
    return Composed("compare", doc, len(papers), cited)


def _role_sentence(paper: Paper, role: str, question: str, used: set[str], max_chars: int) -> str:
    """The abstract sentence that best fills a role (cue + question words), verbatim, not used yet.

    The problem is stated before the method: only sentences ahead of the first "we propose ..."
    sentence can state it (the first sentence when none has a problem cue).
    """
    pattern = dict(_ROLES)[role]
    every = split_sentences(c_text(paper))
    method_at = next((i for i, s in enumerate(every) if dict(_ROLES)["Method"].search(s)), len(every))
    pool = every[:method_at] if role == "Problem" else every
    sentences = [s for s in pool if pattern.search(s)]
    if role == "Problem" and not sentences and method_at > 0:
        sentences = every[:1]
    if not sentences:
        return ""
    fake = paper.model_copy(update={"abstract": " ".join(sentences)})
    for sentence in select_sentences(fake, weights_from_text(question), max_sentences=3, max_chars=max_chars).sentences:
        if sentence not in used:
            return sentence
    return ""


def c_text(paper: Paper) -> str:
    """The abstract as quoted (LaTeX shown as text)."""
    from pubchat.answer.latex import to_text

    return to_text(paper.abstract)
