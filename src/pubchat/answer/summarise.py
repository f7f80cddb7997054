"""Pick the one or two sentences of a paper's abstract that best answer a question.

Scores each sentence by the question's terms it contains (weighted, so rare terms count more),
prefers sentences that say what the paper does ("we propose", "this paper presents") over
background and over code/URL notes, and returns them verbatim in abstract order (LaTeX shown as
text, see `answer.latex`). Deterministic:
ties go to the earlier sentence.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from pubchat.answer.latex import to_text
from pubchat.answer.text import normalise_space, split_sentences, stems
from pubchat.lazyre import lazy
from pubchat.models import Paper

_STRONG = lazy(
    r"\b(?:we|this (?:paper|work|study|article|survey|letter)|our (?:method|approach|framework|model|work))\b"
    r"[^.;]{0,80}?\b(?:propos|present|introduc|develop|design|build|construct|releas|contribut|"
    r"formulat|devis|put forward|establish|creat|collect|curat)\w*"
    r"|\b(?:is|are|was|were) (?:proposed|presented|introduced|developed|designed|built|constructed|released)\b",
    re.IGNORECASE,
)
_WEAK = lazy(
    r"^(?:in this (?:paper|work|study|article|survey))"
    r"|\b(?:we|this (?:paper|work|study|article|survey))\b[^.;]{0,40}?\b(?:explor|investigat|stud|address|"
    r"tackl|focus|examin|review|survey|offer|provid)\w*",
    re.IGNORECASE,
)
_NAMED = lazy(r"\([A-Z][A-Za-z0-9-]*[A-Z][A-Za-z0-9-]*\)")  # "(EAC)", "(SSAN)": a named method
_BACKGROUND = lazy(
    r"^(?:however|recent(?:ly)?|existing|most|many|despite|although|though|current(?:ly)?|traditional(?:ly)?|"
    r"previous(?:ly)?|conventional(?:ly)?|prior|nowadays|with the|in recent years|over the past|"
    r"due to|as a result|yet|while|unfortunately)\b",
    re.IGNORECASE,
)
# Sentences leaning on the one before ("This imbalance ...", "It achieves ...") read poorly alone.
_ANAPHORIC = lazy(
    r"^(?:this|these|those|such|it|its|they|their|the latter|the former)\b"
    r"(?! (?:paper|work|study|article|survey|letter|thesis)\b)",
    re.IGNORECASE,
)
# Hopes and outlooks say little about what the paper did.
_OUTLOOK = lazy(r"\bwe (?:believe|hope|expect|envision)\b|\bfuture (?:research|work|studies)\b", re.IGNORECASE)
_CODE_NOTE = lazy(r"https?://|\bcodes?\b[^.]{0,40}\b(?:available|released|public)|\bgithub\b", re.IGNORECASE)
# Leading discourse connectives that make a quoted sentence read oddly on its own.
_LEAD_IN = lazy(
    r"^(?:to this end|to (?:address|tackle|solve|overcome|alleviate|mitigate|handle|remedy|fill)"
    r" (?:this|these|that|the)(?: \w+){0,3}|inspired by (?:this|that|these)(?: \w+){0,2}|motivated by"
    r" (?:this|that|these)(?: \w+){0,2}|in this (?:paper|work|study|article|letter)|specifically|"
    r"concretely|moreover|furthermore|additionally|in addition|besides|meanwhile|therefore|thus|hence|"
    r"consequently|accordingly|then|finally|first(?:ly)?|second(?:ly)?|third(?:ly)?|in particular|"
    r"on the other hand|instead|notably|importantly|especially|to be specific|for this purpose|with this in mind),\s+",
    re.IGNORECASE,
)


DENSE_WEIGHT = 3.0  # a lay question: a sentence far closer in meaning outweighs the "we propose" cue


@dataclass(frozen=True)
class Cues:
    """Per-question help for choosing a paper's sentences: each abstract sentence's cosine with the
    question (the encoder's, keyed by the sentence as shown; empty when meaning is not loaded), and
    the term a "what is X" question asks about."""

    dense: Mapping[str, float] = field(default_factory=dict)
    define: str | None = None


@dataclass(frozen=True)
class Selection:
    """Sentences chosen from one paper's abstract, in abstract order, ready to quote."""

    paper_id: str
    sentences: tuple[str, ...]


def tidy(sentence: str, max_chars: int) -> str:
    """Drop a leading connective ("To this end, "), capitalise, and cut overlong text at a clause boundary."""
    text = normalise_space(sentence)
    stripped = _LEAD_IN.sub("", text)
    if stripped != text and stripped and len(stripped) > 20:
        text = stripped[0].upper() + stripped[1:]
    if len(text) > max_chars:
        cut = text[:max_chars]
        boundary = max(cut.rfind("; "), cut.rfind(", "), cut.rfind(" ("))
        if boundary < max_chars // 2:
            boundary = cut.rfind(" ")
        text = cut[: max(boundary, 1)].rstrip(" ,;(") + " …"
    return text


@lru_cache(maxsize=8192)
def _traits(sentence: str) -> tuple[frozenset[str], tuple[float, ...], bool]:
    """What a sentence scores regardless of the question: its stems, its cue adjustments, and
    whether it says what the paper does. Abstract sentences recur across questions: computed once."""
    strong = _STRONG.search(sentence) is not None
    contribution = strong or _WEAK.search(sentence) is not None
    cues: list[float] = []
    if strong:
        cues.append(1.2)
    elif contribution:
        cues.append(0.8)
    if _NAMED.search(sentence):
        cues.append(0.3)
    if _BACKGROUND.search(sentence):
        cues.append(-0.8)
    if _CODE_NOTE.search(sentence):
        cues.append(-2.0)
    if _ANAPHORIC.search(sentence):
        cues.append(-0.5)
    if len(sentence) < 40:
        cues.append(-0.5)
    return frozenset(stems(sentence)), tuple(cues), contribution


def _score(sentence: str, weights: Mapping[str, float], position: int) -> tuple[float, float]:
    """(total score, relevance) of one sentence; relevance is the share of the question's weight it covers."""
    terms, cues, contribution = _traits(sentence)
    total = sum(weights.values())
    relevance = sum(w for t, w in weights.items() if t in terms) / total if total > 0 else 0.0
    score = 2.0 * relevance
    for cue in cues:  # added in the same order as ever, so scores (and ties) are unchanged
        score += cue
    if position == 0 and not contribution:
        score -= 1.0  # first sentences usually restate the field, not the paper's contribution
    if _OUTLOOK.search(sentence):
        score -= 0.8
    return score, relevance


def definition_score(sentence: str, term: str) -> float:
    """How much a sentence reads as defining `term`: it names it (+1.5), and defines it (+1.0):
    "remote photoplethysmography (rPPG)", "rPPG is/refers to/means ...", "known as rPPG"."""
    name = re.escape(term.strip())
    if not name or not re.search(rf"(?<![\w-]){name}(?![\w-])", sentence, re.IGNORECASE):
        return 0.0
    defines = re.search(
        rf"\((?:the )?{name}s?\)|(?<![\w-]){name}s?,? (?:is|are|refers? to|means|denotes|stands for|describes)\b|"
        rf"\b(?:known as|called|termed|named|dubbed) (?:the )?{name}(?![\w-])",
        sentence,
        re.IGNORECASE,
    )
    return 1.5 + (1.0 if defines else 0.0)


def select_sentences(
    paper: Paper,
    weights: Mapping[str, float],
    *,
    max_sentences: int = 2,
    max_chars: int = 320,
    define: str | None = None,
    contribution: bool = False,
    cues: Cues | None = None,
    sentences: Sequence[str] | None = None,
) -> Selection:
    """Choose up to `max_sentences` sentences from the abstract for a question's term weights.

    `weights` maps stems (see `answer.text.stems`) to importance (any positive scale).
    `define`: the question asks what this term is; sentences naming and defining it come first.
    `contribution`: the sentence stands for the paper (an overview's example): what it does comes first.
    `cues`: the question's dense cosine per sentence (meaning, for lay wording) and its definition term.
    `sentences`: the abstract's sentences (`abstract_sentences`), when the caller keeps them.
    The second sentence is kept only when it also carries question terms and stays short enough.
    """
    if sentences is None:
        sentences = abstract_sentences(paper.abstract)
    if not sentences:
        return Selection(paper.id, ())
    positive = {t: w for t, w in weights.items() if w > 0}
    define = define or (cues.define if cues is not None else None)
    dense = cues.dense if cues is not None else {}
    lexical = [_score(sentence, positive, i) for i, sentence in enumerate(sentences)]
    # meaning counts as far as the question's own words are missing from the abstract (lay wording):
    # when some sentence holds them all, the choice stays lexical (meaning there favours background
    # sentences that restate the topic)
    lay = 1.0 - max(relevance for _, relevance in lexical)
    scored = []
    for i, sentence in enumerate(sentences):
        score, relevance = lexical[i]
        if define:
            score += definition_score(sentence, define)
        cosine = dense.get(normalise_space(sentence))
        if cosine is not None and lay > 0:
            score += DENSE_WEIGHT * lay * cosine
            relevance = max(relevance, lay * cosine)  # close in meaning: may be the second sentence too
        if contribution and not _is_contribution(sentence):
            score -= 1.5
        if len(sentence) > max_chars:
            score -= 0.6
        scored.append((score, relevance, i, sentence))
    ranked = sorted(scored, key=lambda s: (-s[0], s[2]))
    chosen = [ranked[0]]
    for cand in ranked[1:]:
        if len(chosen) >= max_sentences:
            break
        if cand[1] <= 0 or cand[0] < 1.0:
            continue
        if (cand[2] == 0 or _BACKGROUND.search(cand[3])) and not _is_contribution(cand[3]):
            continue  # a second sentence must add what the paper does, not the field's background
        if sum(len(c[3]) for c in chosen) + len(cand[3]) > max_chars * 1.4:
            continue
        chosen.append(cand)
    chosen.sort(key=lambda s: s[2])
    return Selection(paper.id, tuple(tidy(c[3], max_chars) for c in chosen))


def abstract_sentences(abstract: str) -> tuple[str, ...]:
    """An abstract's sentences as quoted (LaTeX shown as text)."""
    return tuple(split_sentences(to_text(abstract)))


def _is_contribution(sentence: str) -> bool:
    """True for sentences saying what the paper does."""
    return _STRONG.search(sentence) is not None or _WEAK.search(sentence) is not None


def weights_from_text(text: str) -> dict[str, float]:
    """Equal weights for the content stems of a question (when no retrieval weights are known)."""
    return dict.fromkeys(stems(text), 1.0)
