"""Expand stage: the question's analysed terms plus typed expansions, each with its weight.

Types of expansion: acronym <-> long form mined from the corpus (`acronym_weight`), word-family
variants found in the corpus vocabulary (`morph_weight`). Spelling is corrected earlier, by the
parser, so the words here are already corpus words where a correction was found.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pubchat.search.index import Index

Pair = tuple[str, list[str], str]  # (question term, expansion terms, kind: "long" | "short" | "variant")


@dataclass
class Expansion:
    """Weighted terms for the lexical stage and how each expansion relates to a question term."""

    terms: list[str]  # the question's own analysed terms, distinct, in order
    weighted: dict[str, float]  # term -> weight (question terms: their count; expansions: their type's weight)
    pairs: list[Pair] = field(default_factory=list)
    added: list[str] = field(default_factory=list)  # expansion terms, in order added


def expand(index: Index, text: str) -> Expansion:
    """Analyse the free text and add acronym and word-family expansions (never for an empty text)."""
    s = index.settings
    analysed = index.analyzer.analyze(text)
    unique = list(dict.fromkeys(analysed))
    weighted: dict[str, float] = {t: float(analysed.count(t)) for t in unique}
    added: list[str] = []
    pairs: list[Pair] = list(index.acronyms.expansion_pairs(unique)) if s.acronym_weight > 0 and unique else []
    for short, long_terms, direction in pairs:
        new = long_terms if direction == "long" else [short]  # short form asked: add its long form, and back
        for t in new:
            if t not in weighted:
                weighted[t] = s.acronym_weight
                added.append(t)
    if s.morph_weight > 0:
        for t in unique:
            for variant in index.variants(t):
                pairs.append((t, [variant], "variant"))
                if variant not in weighted:
                    weighted[variant] = s.morph_weight
                    added.append(variant)
    return Expansion(terms=unique, weighted=weighted, pairs=pairs, added=added)
