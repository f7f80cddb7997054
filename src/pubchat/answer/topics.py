"""Topic groups of a set of papers, drawn from the papers themselves: what the list works on.

A topic is a phrase that two or more titles of the set share ("facial expression recognition").
Topics are chosen greedily, the one naming most not-yet-grouped titles first (longer phrases count
a little more); every other paper joins the first topic its abstract uses, else "other work". Each
group names a representative: the member whose words overlap most with the rest of the group.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from pubchat.answer.text import stem
from pubchat.answer.themes import GENERIC_WORDS, ThemeModel, contains_phrase, most_common, title_phrases
from pubchat.models import Paper

MAX_GROUPS = 10
# Words that open or close a title phrase without naming a topic ("enhancing generalization", "balance network").
_EDGE_WORDS = frozenset(
    stem(w)
    for w in "enhancing enhance towards toward via using boosting exploring learning network networks "
    "recognition detection based novel unsupervised supervised self-supervised".split()
)


@dataclass(frozen=True)
class TopicGroup:
    """A topic phrase, its papers (newest first) and the one that represents it best."""

    label: str
    papers: tuple[Paper, ...]
    representative: Paper


def topic_groups(
    model: ThemeModel,
    papers: Sequence[Paper],
    exclude: Sequence[str] = (),
    limit: int = MAX_GROUPS,
) -> tuple[list[TopicGroup], list[Paper]]:
    """Groups of `papers` by shared title phrases, and the papers no group takes.

    `exclude` are stems of the question's own topic ("face recognition" when asked for an overview
    of face recognition): phrases made only of them would group everything and say nothing.
    """
    papers = list(papers)
    excluded = set(exclude)
    titles = [title_phrases(p.title) for p in papers]
    surfaces: dict[tuple[str, ...], list[str]] = {}
    for found in titles:
        for key, surface in found.items():
            surfaces.setdefault(key, []).append(surface)
    candidates = {
        key: most_common(forms)
        for key, forms in surfaces.items()
        if len(forms) >= 2 and _is_topic(key, most_common(forms), excluded)
    }
    left = set(range(len(papers)))
    chosen: list[tuple[tuple[str, ...], list[int]]] = []
    while len(chosen) < limit:
        best: tuple[float, tuple[str, ...], list[int]] | None = None
        for key in sorted(candidates):
            if any(contains_phrase(key, other) or contains_phrase(other, key) for other, _ in chosen):
                continue
            members = [i for i in sorted(left) if key in titles[i]]
            score = len(members) * len(key) ** 0.5
            if len(members) >= 2 and (best is None or score > best[0]):
                best = (score, key, members)
        if best is None:
            break
        chosen.append((best[1], best[2]))
        left -= set(best[2])
    for i in sorted(left):  # a paper whose title names no topic joins the first one its abstract uses
        phrases = model.phrases_of(papers[i])
        for key, members in chosen:
            if key in phrases:
                members.append(i)
                left.discard(i)
                break
    stems_of = [_stems(model, p) for p in papers]
    groups = []
    for key, members in chosen:
        group = [papers[i] for i in members]

        def overlap(i: int, members: list[int] = members) -> tuple[float, int]:
            others = [stems_of[j] for j in members if j != i]
            share = sum(len(stems_of[i] & o) / (len(stems_of[i] | o) or 1) for o in others)
            return (share, -i)

        best_i = max(members, key=overlap)
        ordered = sorted(group, key=lambda p: (-(p.year or 0), p.title))
        groups.append(TopicGroup(candidates[key], tuple(ordered), papers[best_i]))
    groups.sort(key=lambda g: (-len(g.papers), g.label))
    rest = [papers[i] for i in sorted(left)]
    return groups, rest


def _is_topic(key: tuple[str, ...], surface: str, excluded: set[str]) -> bool:
    """A phrase that can name a topic: not a lone ordinary word, not generic, not the question's topic."""
    if len(key) == 1 and surface.islower():
        return False
    if all(k in GENERIC_WORDS or k in excluded for k in key):
        return False
    return key[0] not in _EDGE_WORDS and key[-1] not in _EDGE_WORDS - {stem("recognition"), stem("detection")}


def _stems(model: ThemeModel, paper: Paper) -> frozenset[str]:
    """The stems of a paper's title and abstract phrases (for choosing a group's representative)."""
    return frozenset(s for key in model.phrases_of(paper) for s in key)
