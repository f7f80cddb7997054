"""Acronyms mined from the corpus itself: "Facial Expression Recognition (FER)" -> fer <-> its long form.

Definitions are found with the Schwartz & Hearst (2003) rule: a parenthesised short form whose
characters appear, in order, in the words just before it, the first one starting a word. There
is no hand-written table: whatever corpus is loaded defines its own acronyms. The mined table
expands queries both ways (a query saying "FER" also searches "facial expression recognition",
and one saying "face anti-spoofing" also searches "fas").
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from pubchat.search.analyzer import Analyzer, fold

# A parenthesised candidate short form: 2-10 chars, starts with a letter, has an upper-case letter.
_PAREN_RE = re.compile(r"\(\s*([A-Za-z][A-Za-z0-9\-]{1,9})\s*[);,]")
_WORD_RE = re.compile(r"[^\W_]+(?:-[^\W_]+)*")


def _is_short_form(token: str) -> bool:
    """A plausible acronym: has at least two upper-case letters (or one plus a digit) and is not all digits."""
    upper = sum(ch.isupper() for ch in token)
    return upper >= 2 or (upper >= 1 and any(ch.isdigit() for ch in token))


def _best_long_form(short: str, words: list[str]) -> list[str] | None:
    """Schwartz & Hearst: the shortest run of trailing `words` whose letters spell `short` in order."""
    letters = [ch.lower() for ch in short if ch.isalnum()]
    if len(letters) < 2:
        return None
    text = " ".join(words).lower()
    s_i = len(letters) - 1
    l_i = len(text) - 1
    while s_i >= 0:
        ch = letters[s_i]
        while l_i >= 0 and (text[l_i] != ch or (s_i == 0 and l_i > 0 and text[l_i - 1].isalnum())):
            l_i -= 1
        if l_i < 0:
            return None
        l_i -= 1
        s_i -= 1
    start = text.rfind(" ", 0, l_i + 1) + 1
    long_words = text[start:].split()
    if not long_words or len(long_words) > min(len(letters) + 5, len(letters) * 2):
        return None
    if long_words[0] in {"the", "a", "an", "of", "and", "for", "in", "on", "to", "with"}:
        return None
    if len(long_words) == 1 and "-" not in long_words[0] and len(letters) > 2:
        return None  # one plain word spelling a 3+ letter acronym is usually a coincidence
    return long_words


def find_definitions(text: str) -> list[tuple[str, str]]:
    """All (short form, long form) definitions written as "Long Form (SF)" in one text."""
    found: list[tuple[str, str]] = []
    for match in _PAREN_RE.finditer(text):
        short = match.group(1).strip("-")
        if short.endswith("s") and _is_short_form(short[:-1]):
            short = short[:-1]  # plural: LVLMs -> LVLM
        if not _is_short_form(short):
            continue
        before = text[max(0, match.start() - 200) : match.start()]
        # only the clause just before the parenthesis
        before = re.split(r"[.;:!?()\[\]]", before)[-1]
        words = _WORD_RE.findall(before)
        n_letters = sum(ch.isalnum() for ch in short)
        words = words[-min(n_letters + 5, n_letters * 2) :]
        long_words = _best_long_form(short, words)
        if long_words:
            found.append((short, " ".join(long_words)))
    return found


@dataclass
class AcronymTable:
    """Mined acronyms: folded short form -> long forms (most frequent first), with analysed terms.

    `expansions(terms)` maps query terms to extra terms (both directions), so the index can add
    them to the query with a reduced weight.
    """

    long_forms: dict[str, list[str]] = field(default_factory=dict)  # "fer" -> ["facial expression recognition"]
    short_terms: dict[str, str] = field(default_factory=dict)  # "fer" -> analysed term of the short form
    long_terms: dict[str, list[list[str]]] = field(default_factory=dict)  # "fer" -> analysed long forms
    common_words: set[str] = field(default_factory=set)  # short forms also used as ordinary words ("age")
    _lookup: _Lookup | None = field(default=None, init=False, repr=False, compare=False)

    @classmethod
    def mine(cls, texts: Iterable[str], analyzer: Analyzer) -> AcronymTable:
        """Build the table from the corpus' own "Long Form (SF)" definitions."""
        counts: dict[str, Counter[str]] = {}
        words: set[str] = set()  # every word seen (a short form also used in lower case is an ordinary word)
        for text in texts:
            words.update(_WORD_RE.findall(text))
            for short, long_form in find_definitions(text):
                counts.setdefault(fold(short), Counter())[fold(long_form)] += 1
        for short, counter in _component_acronyms(counts).items():
            counts.setdefault(short, counter)
        table = cls()
        for short, counter in sorted(counts.items()):
            forms = [form for form, _ in counter.most_common()]
            short_terms = analyzer.analyze(short)
            if len(short_terms) != 1:
                continue
            analysed: list[list[str]] = []
            for form in forms:
                terms = analyzer.analyze(form)
                if terms and terms not in analysed:
                    analysed.append(terms)
            if not analysed:
                continue
            table.long_forms[short] = forms
            table.short_terms[short] = short_terms[0]
            table.long_terms[short] = analysed
            if short in words and short.islower():  # same test as a set of lower-case words, one pass less
                table.common_words.add(short)
        return table

    def long_form(self, short: str) -> str | None:
        """The most frequent long form of a short form (any case), or None."""
        forms = self.long_forms.get(fold(short))
        return forms[0] if forms else None

    def expansion_pairs(self, terms: list[str]) -> list[tuple[str, list[str], str]]:
        """(short term, long-form terms, direction) for each acronym a query's terms touch.

        direction "long": the query has the short form (add the long form's terms);
        direction "short": the query spells a long form out (add the short form).
        """
        present = set(terms)
        pairs: list[tuple[str, list[str], str]] = []
        for short in self._touched(present):
            short_term, longs = self.short_terms[short], self.long_terms[short]
            if short_term in present and short not in self.common_words:
                for long_terms in longs[:2]:
                    pairs.append((short_term, long_terms, "long"))
            elif len(longs) == 1 or _variants(longs):
                for long_terms in longs:
                    if _contains_run(terms, long_terms):
                        pairs.append((short_term, long_terms, "short"))
                        break
        return pairs

    def _touched(self, present: set[str]) -> list[str]:
        """Short forms (in table order) whose short term or some long form's first term is in `present`.

        Only these can yield a pair, so a query costs a few dict lookups, not a pass over the table.
        """
        if self._lookup is None:
            self._lookup = _Lookup.of(self)
        found: set[int] = set()
        for term in present:
            found.update(self._lookup.by_term.get(term, ()))
        return [self._lookup.order[k] for k in sorted(found)]

    def expansions(self, terms: list[str]) -> list[str]:
        """Extra analysed terms for a query: long forms of its acronyms, acronyms of its long forms."""
        present = set(terms)
        extra: list[str] = []
        for short_term, long_terms, direction in self.expansion_pairs(terms):
            new = long_terms if direction == "long" else [short_term]
            extra.extend(t for t in new if t not in present and t not in extra)
        return extra


@dataclass
class _Lookup:
    """Term -> positions (in table order) of the short forms it can touch: as the short form or a long form's start."""

    order: list[str]
    by_term: dict[str, list[int]]

    @classmethod
    def of(cls, table: AcronymTable) -> _Lookup:
        """Index a table once (on its first query)."""
        order = list(table.short_terms)
        by_term: dict[str, list[int]] = {}
        for k, short in enumerate(order):
            keys = {table.short_terms[short]} | {longs[0] for longs in table.long_terms[short] if longs}
            for key in keys:
                by_term.setdefault(key, []).append(k)
        return cls(order=order, by_term=by_term)


def _component_acronyms(counts: dict[str, Counter[str]]) -> dict[str, Counter[str]]:
    """Acronyms that end other acronyms: MHQA, VideoQA and TQA all end in "QA" = "question answering".

    A trailing run of long-form words whose initials spell the short form's tail is a candidate;
    it is kept when at least two different definitions agree on it.
    """
    support: dict[str, dict[str, set[str]]] = {}
    for short, counter in counts.items():
        for long_form in counter:
            words = re.split(r"[\s-]+", long_form)
            for k in range(2, len(words)):
                tail = words[-k:]
                initials = "".join(w[0] for w in tail if w)
                if len(initials) >= 2 and short.endswith(initials) and short != initials:
                    support.setdefault(initials, {}).setdefault(" ".join(tail), set()).add(short)
    derived: dict[str, Counter[str]] = {}
    for initials, forms in support.items():
        best_form, sources = max(forms.items(), key=lambda kv: len(kv[1]))
        if len(sources) >= 2:
            derived[initials] = Counter({best_form: len(sources)})
    return derived


def _variants(longs: list[list[str]]) -> bool:
    """True when several long forms are spellings of one phrase (same last term), not different meanings."""
    return len({terms[-1] for terms in longs}) == 1


def _contains_run(terms: list[str], run: list[str]) -> bool:
    """True when `run` occurs as consecutive items of `terms`."""
    n = len(run)
    return n > 0 and any(terms[i : i + n] == run for i in range(len(terms) - n + 1))
