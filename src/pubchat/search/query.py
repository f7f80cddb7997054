"""Question -> Query: filters (years, authors, code, category), question chrome removed, typos fixed.

`parse_query(question, index, settings)` understands
- explicit syntax: `year:2023`, `year:2022..2024`, `year:2022..`, `year:..2020`, `author:"Mei Wang"`,
  `author:Wang`, `code:yes|no`, `cat:cs.CL` (several `cat:`/`author:` allowed);
- relative years: "this year", "last year", "the past three years" (against the current year, or
  the newest paper's when later), "early/earliest/first/older papers", "early on", "in the early
  days" (up to the list's median year);
- years in words: "in 2023" / "from 2023" (that year), "from 2025 onward", "since 2022", "after 2021", "before 2020",
  "until 2020", "2019-2021", "between 2019 and 2021", a bare "2024"; "recent"/"latest"/"newest" =
  the last `settings.recent_years` years up to the newest paper's year;
- authors, matched against the corpus' own names ignoring case and accents: "Mei Wang", "Wang Mei",
  "M. Wang", possessive "Linzhi Huang's", a capitalised surname "Wang" (or any surname after
  "by"/"author"), a capitalised first name alone ("Weihong", not an English word), a misspelt
  full name ("Ruizhou Xu"). A surname shared by several authors is
  the list's owner when the owner is one of them, else reported in `notices` ("Wang matches
  Mei Wang, Zhuo Wang, ...: which one?"), not guessed: the filter keeps papers by any of them.
  Two people named in one question ask for their joint papers (`Filters.all_authors`), unless
  joined by "or". An unknown name becomes a filter matching nothing, with a notice, only when the
  question clearly asks for a person ("papers by X", "author X"); "faked by AI" keeps its words;
- category: "cs.CV", "cs.CL" (any arXiv-style code), "tagged CL", "CV papers", category names in
  words ("NLP papers", "computer vision work") for categories the list has; "rather than CV" drops;
- names the list never mentions: capitalised words that do not open a sentence and are no corpus
  word ("the oracle at Delphi", "papers using ResNet") are reported in `Query.absent`;
- framing phrases ("tell me about", "what came out", "repos I could clone" = has code, "contribute
  to", "I'm looking for", `pubchat.search.chrome`) are removed, never required as topic words;
- code: "with code", "code available", "open source", "is there code for ..." (and "without code",
  "didn't release any code");
What is left, minus question chrome ("which papers", "what have they done on", "how many papers
did they put out", "show me ... papers") and stopwords, is `Query.text`. Words that are not in
the corpus vocabulary, and not ordinary English words either (pyspellchecker's word list, so
"treat" is never turned into "threat"), are corrected to the closest corpus word
(Damerau-Levenshtein similarity >= `settings.fuzzy_min_ratio`), reported in `Query.corrected`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass

from pubchat.config import SearchSettings
from pubchat.lazyre import lazy
from pubchat.models import Filters, Query
from pubchat.search.analyzer import Analyzer, fold
from pubchat.search.chrome import CATEGORY_WORDS, CHROME_PHRASES, CODE_PHRASES, NO_CODE_PHRASES
from pubchat.search.index import Index

# Words that frame a question rather than say what it is about. Removed from the free text only.
CHROME_WORDS: frozenset[str] = frozenset(
    """
    paper papers article articles publication publications work works worked working published publish
    publishing put show tell list give find search looking look want know see me please thanks
    thank hi hello any anything something everything else done do does did which what who whom
    whose how many much there here they them their he she his her have has had ever
    author authors authored co-authored coauthored co-author coauthor wrote written write writing
    about regarding concerning related topic topics research researched
    professor prof dr researcher
    is are was were be been being exist exists existing available
    can could would should will may might
    kind kinds sort type types
    m t s d ll re ve don doesn didn isn aren wasn weren couldn wouldn shouldn hasn haven hadn mustn
    whether count number quantity stuff lab group team pls please came come comes coming
    most recent latest newest new newer
    onward onwards since before after until from between during year years
    """.split()
)

_YEAR = r"(19\d{2}|20\d{2}|2100)"
_EXPLICIT_RE = lazy(r"\b(year|author|code|cat|category):(\"[^\"]*\"|'[^']*'|\S+)", re.IGNORECASE)
_CAT_RE = lazy(r"\b([a-z]{2,8}\.[a-z]{2})\b", re.IGNORECASE)
_CODE_NEG_RE = lazy(r"\b(?:without|no|lacking|missing)\s+(?:public\s+|released\s+)?code\b", re.IGNORECASE)
_CODE_RES = [
    lazy(p, re.IGNORECASE)
    for p in (
        r"\bopen[- ]?sourced?\b",
        r"\b(?:is|are)\s+there\s+(?:any\s+)?(?:public\s+|released\s+)?code\s*(?:for|of)?\b",
        r"\b(?:with|has|have|having|had)\s+(?:(?:public|released|available|open)\s+)?code\b"
        r"(?:\s+(?:available|released|public))?",
        r"\bcode\s+(?:is\s+|was\s+|are\s+)?(?:available|released|public|online)\b",
        r"\b(?:released|public|available)\s+code\b",
        r"\bcode\s+release[sd]?\b",
        r"\b(?:github|implementation)\s+(?:link|links|available)\b",
    )
]
_RANGE_RES = [
    (lazy(rf"\bbetween\s+{_YEAR}\s+and\s+{_YEAR}\b", re.IGNORECASE), "range"),
    (lazy(rf"\b(?:from\s+)?{_YEAR}\s*(?:-|–|—|\.\.|to|through|until)\s*{_YEAR}\b", re.IGNORECASE), "range"),
    (
        lazy(
            rf"\b(?:since|after|starting(?:\s+in|\s+from)?)\s+{_YEAR}\s*(?:on(?:wards?)?|and\s+later|or\s+later)?",
            re.IGNORECASE,
        ),
        "min",
    ),
    (lazy(rf"\b{_YEAR}\s+(?:on(?:wards?)?|and\s+(?:later|after)|or\s+later)\b", re.IGNORECASE), "min_incl"),
    (lazy(rf"\b(?:before|until|till|prior\s+to|up\s+to)\s+{_YEAR}\b", re.IGNORECASE), "max"),
    (lazy(rf"\b(?:in|during|of|for|from)?\s*{_YEAR}\b", re.IGNORECASE), "exact"),
]
_NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
}
_THIS_YEAR_RE = lazy(r"\b(?:this|the\s+current)\s+year(?:\s*['’]s)?\b", re.IGNORECASE)
_LAST_YEAR_RE = lazy(r"\b(?:last|previous|past)\s+year(?:\s*['’]s)?\b", re.IGNORECASE)
_PAST_YEARS_RE = lazy(
    r"\b(?:(?:in|over|during|within|from)\s+)?(?:the\s+)?(?:last|past|previous)\s+(\d{1,2}|"
    + "|".join(_NUMBER_WORDS)
    + r"|(?:a\s+)?couple(?:\s+of)?|(?:a\s+)?few)\s+years\b",
    re.IGNORECASE,
)
_EARLY_RE = lazy(
    r"\b(?:early|earliest|oldest)\b(?=\s+(?:\w+\s+){0,4}?(?:papers?|work|works|publications?|articles?)\b)"
    # "their first papers", "older work" (one paper, "the first paper on X", is the answer's oldest-one question)
    r"|\b(?:first|older)\b(?=\s+(?:\w+\s+){0,4}?(?:papers|work|works|publications|articles)\b)"
    r"|\b(?:early\s+on|(?:in\s+)?(?:the|their|its)\s+early\s+(?:days|years))\b",
    re.IGNORECASE,
)
_RECENT_RE = lazy(r"\b(?:most\s+)?(?:recent(?:ly)?|latest|newest)\b", re.IGNORECASE)
_AUTHOR_CUE_RE = lazy(
    r"\b(?:by|author(?:ed)?(?:\s+by)?|co-?authored\s+(?:by|with)|with\s+co-?authors?)\s+"
    r"((?:[A-Z][\w'’.-]*\s*){1,3})"
)
_OR_RE = lazy(r"\bor\b|/", re.IGNORECASE)
_PAPER_NOUNS = frozenset(
    "paper papers work works article articles publication publications written wrote authored "
    "anything something everything research studies study preprints preprint".split()
)
_NAME_WORD_RE = lazy(r"[^\W\d_][\w'’.-]*")


@dataclass
class _Author:
    """A corpus author name, folded into given names and surname for matching."""

    name: str
    given: list[str]
    surname: str


def _authors(index: Index) -> list[_Author]:
    """Folded name parts of every corpus author (last word = surname); worked out once per index."""
    return index.memo("query_authors", lambda: _author_parts(index.author_names))


def _author_parts(names: list[str]) -> list[_Author]:
    """Folded name parts of author names (last word = surname)."""
    out = []
    for name in names:
        parts = [p for p in re.split(r"[\s.]+", fold(name)) if p]
        if len(parts) >= 1:
            out.append(_Author(name=name, given=parts[:-1], surname=parts[-1]))
    return out


def _author_words(index: Index) -> tuple[set[str], set[str]]:
    """(surnames, given names) of the corpus authors, folded; worked out once per index."""

    def make() -> tuple[set[str], set[str]]:
        authors = _authors(index)
        return {a.surname for a in authors}, {g for a in authors for g in a.given}

    return index.memo("query_author_words", make)


def _span_cut(text: str, start: int, end: int) -> str:
    """Blank out text[start:end] (keeps other offsets valid)."""
    return text[:start] + " " * (end - start) + text[end:]


def _clamp_years(filters: Filters) -> None:
    """Swap a reversed range so year_min <= year_max."""
    if filters.year_min is not None and filters.year_max is not None and filters.year_min > filters.year_max:
        filters.year_min, filters.year_max = filters.year_max, filters.year_min


def _parse_explicit(text: str, filters: Filters, notices: list[str], index: Index) -> str:
    """Consume `key:value` tokens; returns the text without them."""
    for match in list(_EXPLICIT_RE.finditer(text)):
        key = match.group(1).lower()
        value = match.group(2).strip("\"'")
        if key == "year":
            m = re.fullmatch(rf"{_YEAR}?(\.\.|-)?{_YEAR}?", value)
            if not m or not (m.group(1) or m.group(3)):
                notices.append(f"ignored year:{value} (use year:2023 or year:2022..2024)")
            else:
                lo, sep, hi = m.group(1), m.group(2), m.group(3)
                if sep is None:
                    filters.year_min = filters.year_max = int(lo)
                else:
                    filters.year_min = int(lo) if lo else None
                    filters.year_max = int(hi) if hi else None
        elif key == "author":
            _apply_author_name(value, filters, notices, index, explicit=True)
        elif key == "code":
            v = value.lower()
            if v in {"yes", "y", "true", "1"}:
                filters.has_code = True
            elif v in {"no", "n", "false", "0"}:
                filters.has_code = False
            else:
                notices.append(f"ignored code:{value} (use code:yes or code:no)")
        else:
            if value not in filters.categories:
                filters.categories.append(value)
        text = _span_cut(text, match.start(), match.end())
    _clamp_years(filters)
    return text


def _match_name(words: list[str], authors: list[_Author]) -> list[str]:
    """Corpus authors matching a folded name: full name (either order), initials + surname, or surname."""
    if not words:
        return []
    words = [w.rstrip(".") for w in words if w.rstrip(".")]
    if len(words) >= 2:
        surname, given = words[-1], words[:-1]
        found = [a.name for a in authors if a.surname == surname and _given_match(given, a.given)]
        if not found:  # "Wang Mei"
            surname, given = words[0], words[1:]
            found = [a.name for a in authors if a.surname == surname and _given_match(given, a.given)]
        return found
    return [a.name for a in authors if a.surname == words[0]]


def _given_match(query: list[str], given: list[str]) -> bool:
    """Given names match in full ("mei"), hyphen-insensitively ("guo-jun"), or as initials ("m", "g j")."""
    joined_q = "".join(query).replace("-", "")
    joined_g = "".join(given).replace("-", "")
    if joined_q == joined_g:
        return True
    initials_g = "".join(p[0] for part in given for p in part.split("-") if p)
    return all(len(q) == 1 for q in query) and joined_q == initials_g[: len(joined_q)] and bool(joined_q)


def _owner(index: Index) -> str | None:
    """The list's owner: the author on more than half of the papers (a personal list), else None."""

    def make() -> str | None:
        counts = Counter(a for p in index.papers for a in dict.fromkeys(p.authors))
        if not counts:
            return None
        name, n = counts.most_common(1)[0]
        return name if n * 2 > len(index.papers) else None

    return index.memo("query_owner", make)


def _ambiguous(name: str, found: list[str], filters: Filters, notices: list[str], owner: str | None = None) -> None:
    """A name that fits several authors: the list's owner when one of them is the owner, else ask
    which one and meanwhile keep papers by any of them."""
    if owner is not None and owner in found:
        if owner not in filters.authors:
            filters.authors.append(owner)
        return
    notices.append(f"{name} matches {', '.join(found)}: which one?")
    for author in found:
        if author not in filters.authors:
            filters.authors.append(author)


def _apply_author_name(name: str, filters: Filters, notices: list[str], index: Index, explicit: bool) -> bool:
    """Resolve a written name to corpus authors; sets the filter or records a notice. True if handled."""
    authors = _authors(index)
    words = [w for w in re.split(r"[\s]+|(?<=\.)", fold(name)) if w.strip(".")]
    found = _match_name(words, authors)
    if len(found) == 1:
        if found[0] not in filters.authors:
            filters.authors.append(found[0])
        return True
    if len(found) > 1:
        _ambiguous(name, found, filters, notices, _owner(index))
        return True
    if explicit:
        filters.authors.append(name)
        notices.append(f"no author named {name} in this list")
        return True
    return False


def _resolve_mention(name: str, found: list[str], filters: Filters, notices: list[str], index: Index) -> bool:
    """Add one written name's authors to the filter; True when it stood for exactly one author."""
    if len(found) == 1:
        if found[0] not in filters.authors:
            filters.authors.append(found[0])
        return True
    before = len(notices)
    _ambiguous(name, found, filters, notices, _owner(index))
    return len(notices) == before  # resolved to the owner


def _fuzzy_author(words: list[str], index: Index, settings: SearchSettings) -> str | None:
    """The one corpus author whose full name (either order) is within spelling distance of `words`."""
    from rapidfuzz.distance import DamerauLevenshtein

    if len(words) < 2 or any(len(w) < 2 for w in words):
        return None
    written = " ".join(words)
    cutoff = settings.fuzzy_min_ratio / 100.0
    scored: dict[str, float] = {}
    for author in _authors(index):
        for form in (" ".join([*author.given, author.surname]), " ".join([author.surname, *author.given])):
            score = DamerauLevenshtein.normalized_similarity(written, form)
            if score >= cutoff:
                scored[author.name] = max(score, scored.get(author.name, 0.0))
    if not scored:
        return None
    best = max(scored.values())
    top = [name for name, score in scored.items() if score == best]
    return top[0] if len(top) == 1 else None


def _parse_authors(text: str, filters: Filters, notices: list[str], index: Index, settings: SearchSettings) -> str:
    """Find author names in the (raw-case) text; returns the text without them.

    Two or more people named in one question ask for their joint papers (every one of them must
    be an author) unless the names are joined by "or".
    """
    authors = _authors(index)
    if not authors:
        return text
    surnames, given_names = _author_words(index)
    tokens = [(m.start(), m.end(), m.group()) for m in _NAME_WORD_RE.finditer(text)]
    folded = [fold(re.sub(r"['’]s$", "", t[2])).rstrip(".") for t in tokens]
    cue_words = {"by", "author", "authored", "co-authored", "coauthored", "with"}
    used: set[int] = set()
    mentions: list[bool] = []  # per written name: did it stand for exactly one author
    i = 0
    while i < len(tokens):
        # full name: given (or initial) words followed by a surname, or surname then given
        best: tuple[int, list[str]] | None = None
        for length in (3, 2):
            if i + length > len(tokens):
                continue
            words = folded[i : i + length]
            if not any(w in surnames for w in (words[0], words[-1])):
                continue
            if not all(w in given_names or w in surnames or len(w) == 1 for w in words):
                continue
            found = _match_name(words, authors)
            if found:
                best = (length, found)
                break
        if best is None and i + 1 < len(tokens) and tokens[i][2][:1].isupper() and tokens[i + 1][2][:1].isupper():
            # a capitalised pair that is an author's name misspelt ("Ruizhou Xu")
            fuzzy = _fuzzy_author(folded[i : i + 2], index, settings)
            if fuzzy is not None and not (folded[i] in index.vocabulary and folded[i + 1] in index.vocabulary):
                best = (2, [fuzzy])
        if best:
            length, found = best
            name = re.sub(r"['’]s$", "", " ".join(t[2] for t in tokens[i : i + length]))
            mentions.append(_resolve_mention(name, found, filters, notices, index))
            used.update(range(i, i + length))
            i += length
            continue
        if _unknown_full_name(tokens, folded, i, text, index):
            # "Wei Wang", "Kaiming He": one person the list does not have, not two surnames of others
            name = re.sub(r"['’]s$", "", f"{tokens[i][2]} {tokens[i + 1][2]}")
            _apply_author_name(name, filters, notices, index, explicit=True)
            mentions.append(True)
            used.update((i, i + 1))
            i += 2
            continue
        word, raw = folded[i], tokens[i][2]
        after_cue = i > 0 and folded[i - 1] in cue_words
        possessive = re.search(r"['’]s$", raw) is not None
        named = (raw[:1].isupper() and (i > 0 or after_cue or possessive)) or after_cue
        if word in surnames and named:
            found = _match_name([word], authors)
            mentions.append(_resolve_mention(re.sub(r"['’]s$", "", raw), found, filters, notices, index))
            used.add(i)
        elif word in given_names and named and raw[:1].isupper() and not index.is_english_word(word):
            # a first name alone ("before 2019 Weihong"): the one author called so, or the owner
            found = [a.name for a in authors if " ".join(a.given) == word]
            if found:
                mentions.append(_resolve_mention(re.sub(r"['’]s$", "", raw), found, filters, notices, index))
                used.add(i)
        i += 1
    for k in sorted(used, reverse=True):
        text = _span_cut(text, tokens[k][0], tokens[k][1])
    # unknown names after a cue: a filter only when the question clearly asks for an author
    for match in list(_AUTHOR_CUE_RE.finditer(text)):
        name = re.sub(r"['’]s\b", "", match.group(1)).strip(" .")
        words = name.split()
        if not words or any(fold(w) in index.stems or fold(w) in index.vocabulary for w in words):
            continue
        fuzzy = _fuzzy_author([fold(w).rstrip(".") for w in words], index, settings)
        if fuzzy is not None:
            mentions.append(_resolve_mention(name, [fuzzy], filters, notices, index))
        elif not _asks_for_author(text, match.start()):
            continue  # "faked by AI", "improved by Attention": the words stay in the question
        else:
            _apply_author_name(name, filters, notices, index, explicit=True)
        text = _span_cut(text, match.start(1), match.end(1))
    if len(mentions) >= 2 and all(mentions) and len(filters.authors) >= 2 and not _OR_RE.search(text):
        filters.all_authors = True
    return text


def _unknown_full_name(tokens: list[tuple[int, int, str]], folded: list[str], i: int, text: str, index: Index) -> bool:
    """True when tokens i, i+1 read as one person's full name that is no author of the list: two
    capitalised words side by side, not opening the question: a given name of the list before a surname
    of the list or a word the list does not use ("Wei Wang", "Jian Sun"), or a word neither the list nor
    English knows before a surname of the list ("Kaiming He")."""
    if i == 0 or i + 1 >= len(tokens) or text[tokens[i][1] : tokens[i + 1][0]] != " ":
        return False
    first, second = tokens[i][2], tokens[i + 1][2]
    if not (first[:1].isupper() and second[:1].isupper()) or first.isupper() or second.isupper():
        return False
    surnames, given_names = _author_words(index)
    given, surname = folded[i], re.sub(r"['’]s$", "", folded[i + 1])
    if given in given_names:  # "Wei Wang", "Jian Sun": a known given name before a surname-like word
        return surname in surnames or surname not in index.vocabulary
    unknown = given not in index.vocabulary and not index.is_english_word(given)
    return surname in surnames and unknown and given not in surnames


def _asks_for_author(text: str, cue_at: int) -> bool:
    """True when the cue at `cue_at` asks for a person: "author", "written/authored by", or "by"
    right after a word for papers ("papers by", "work by")."""
    cue = text[cue_at:].lower()
    if not cue.startswith("by"):
        return True  # author / authored / co-authored ... are about people
    before = text[:cue_at].split()
    return bool(before) and fold(before[-1]).strip(".,;:") in _PAPER_NOUNS


def _parse_relative_years(
    text: str, filters: Filters, index: Index, settings: SearchSettings, today: dt.date | None
) -> str:
    """ "this year", "last year", "the past three years" (against the current year, or the newest
    paper's when that is later) and "early papers" (the older half of the list: up to its median year)."""
    now = (today or dt.date.today()).year
    if index.newest_year is not None:
        now = max(now, index.newest_year)
    for pattern, span in ((_PAST_YEARS_RE, None), (_LAST_YEAR_RE, (1, 1)), (_THIS_YEAR_RE, (0, 0))):
        match = pattern.search(text)
        if not match:
            continue
        if span is None:
            count = match.group(1).lower()
            vague = 2 if "couple" in count else 3  # "a couple of years": two; "a few years": three
            n = int(count) if count.isdigit() else _NUMBER_WORDS.get(count, vague)
            filters.year_min, filters.year_max = now - max(n, 1) + 1, now
        else:
            filters.year_min = filters.year_max = now - span[0]
        text = _span_cut(text, match.start(), match.end())
    match = _EARLY_RE.search(text)
    if match and filters.year_min is None and filters.year_max is None:
        years = sorted(p.year for p in index.papers if p.year is not None)
        if years:
            filters.year_max = years[(len(years) - 1) // 2]
            text = _span_cut(text, match.start(), match.end())
    return text


def _parse_years(
    text: str,
    filters: Filters,
    notices: list[str],
    index: Index,
    settings: SearchSettings,
    today: dt.date | None = None,
) -> str:
    """Year phrases -> year_min/year_max; returns the text without them."""
    for pattern, kind in _RANGE_RES:
        pos = 0  # no match starts before the previous one (blanking only adds spaces after it): linear
        while True:
            match = pattern.search(text, pos)
            if not match:
                break
            years = [int(g) for g in match.groups() if g]
            if kind == "range":
                filters.year_min, filters.year_max = min(years), max(years)
            elif kind == "min":
                filters.year_min = years[0] + (1 if match.group(0).lower().startswith("after") else 0)
            elif kind == "min_incl":
                filters.year_min = years[0]
            elif kind == "max":
                filters.year_max = years[0] - (0 if match.group(0).lower().startswith(("until", "till", "up")) else 1)
            else:
                filters.year_min = filters.year_max = years[0]
            text = _span_cut(text, match.start(), match.end())
            pos = match.start()
    text = _parse_relative_years(text, filters, index, settings, today)
    if _RECENT_RE.search(text):
        if index.newest_year is not None:
            window_start = index.newest_year - settings.recent_years + 1
            if filters.year_min is None and filters.year_max is None:
                filters.year_min = window_start
        text = _RECENT_RE.sub(" ", text)
    _clamp_years(filters)
    return text


def _parse_code(text: str, filters: Filters) -> str:
    """Code-availability phrases -> has_code; returns the text without them."""
    for pattern in (*NO_CODE_PHRASES, _CODE_NEG_RE):
        neg = pattern.search(text)
        if neg:
            filters.has_code = False
            return _span_cut(text, neg.start(), neg.end())
    for pattern in (*CODE_PHRASES, *_CODE_RES):
        for match in list(pattern.finditer(text)):
            filters.has_code = True
            text = _span_cut(text, match.start(), match.end())
    return text


def _strip_chrome(text: str) -> str:
    """Blank out the phrases that frame a question (`pubchat.search.chrome`)."""
    for pattern in CHROME_PHRASES:
        for match in list(pattern.finditer(text)):
            text = _span_cut(text, match.start(), match.end())
    return text


_CATEGORY_CUE_RE = lazy(
    r"\b(?:tagged|labell?ed|categori[sz]ed|filed|listed)\s+(?:as\s+|under\s+|in\s+)?(?:cs\.)?([A-Za-z]{2})\b"
    r"|\b(?:cs\.)?([A-Z]{2})\s+(?:papers?|work|articles?|publications?|category)\b"
    r"|\b(?:rather\s+than|instead\s+of|not|but\s+not)\s+(?:cs\.)?([A-Z]{2})\b",
)


def _parse_categories(text: str, filters: Filters, index: Index) -> str:
    """arXiv category codes (cs.CV), codes after a cue ("tagged CL", "CV papers") and category names
    in words ("NLP papers", "computer vision papers") -> categories; returns the text without them.
    Only categories some paper of the list has are read from words; "rather than CV" is dropped."""
    known = index.memo("query_categories", lambda: {fold(c): c for c in index.filter_columns().categories})
    by_suffix = {code.split(".")[-1]: value for code, value in known.items() if value}

    def add(value: str) -> None:
        if value not in filters.categories:
            filters.categories.append(value)

    for match in list(_CAT_RE.finditer(text)):
        code = fold(match.group(1))
        if code in known or re.fullmatch(r"(cs|stat|eess|math|physics|q-bio|econ)\.[a-z]{2}", code):
            add(known.get(code) or code[:-2] + code[-2:].upper())
            text = _span_cut(text, match.start(), match.end())
    if not by_suffix:
        return text
    for match in list(_CATEGORY_CUE_RE.finditer(text)):
        tagged, before_noun, negated = match.groups()
        code = fold(tagged or before_noun or negated or "")
        if code not in by_suffix:
            continue
        if not negated:
            add(by_suffix[code])
            start = match.start() if tagged else match.start(2)
            end = match.end(1) if tagged else match.end(2)
        else:
            start, end = match.start(), match.end()
        text = _span_cut(text, start, end)
    for words, suffix in CATEGORY_WORDS.items():
        value = by_suffix.get(fold(suffix))
        if value is None:
            continue
        pattern = (
            rf"\b{re.escape(words)}\b(?:\s+(?:category|categories|tag|section)\b"
            r"|(?=\s+(?:papers?|work|articles?|publications?|research|ones)\b))"
        )
        for match in list(re.finditer(pattern, text, re.IGNORECASE)):
            add(value)
            text = _span_cut(text, match.start(), match.end())
    return text


def correct_word(word: str, index: Index, min_ratio: float) -> str | None:
    """The closest corpus word to a misspelt one (Damerau-Levenshtein similarity, ties -> more frequent)."""
    from rapidfuzz import process
    from rapidfuzz.distance import DamerauLevenshtein

    candidates = process.extract(
        word,
        index.spelling_candidates(word, min_ratio / 100.0),
        scorer=DamerauLevenshtein.normalized_similarity,
        score_cutoff=min_ratio / 100.0,
        limit=10,
    )
    if not candidates:
        return None
    best = max(score for _, score, _ in candidates)
    top = [c for c, score, _ in candidates if score == best]
    return max(top, key=lambda c: (index.vocabulary[c], c))


def _free_text(text: str, index: Index, settings: SearchSettings, analyzer: Analyzer) -> tuple[str, str | None]:
    """Free words minus chrome and stopwords, with misspellings corrected; (text, corrected or None)."""
    words = [w for w in analyzer.surface(text) if w not in CHROME_WORDS and not analyzer.is_stopword(w)]
    fixed: list[str] = []
    changed = False
    for word in words:
        replacement = word
        known = word in index.vocabulary or any(analyzer.stem(p) in index.stems for p in analyzer.expand_token(word))
        if not known and len(word) >= 4 and word.isalpha() and not index.is_english_word(word):
            guess = correct_word(word, index, settings.fuzzy_min_ratio)
            if guess and guess != word:
                replacement, changed = guess, True
        fixed.append(replacement)
    out = " ".join(fixed)
    return out, (out if changed else None)


_SENTENCE_ENDS = frozenset('.!?:;"“(')


_WORD_CAPITAL_RE = lazy(r"(?<![\w'’.-])[^\W\d_a-z]")  # a word's first letter, unless ASCII lower case


def _opens_sentence(text: str, at: int) -> bool:
    """Whether the word at `at` opens a sentence: nothing but spaces and punctuation before it, or a
    sentence end ("." "?" ...) among them."""
    before = text[:at].rstrip(" \t'’-")
    return not before or before[-1] in _SENTENCE_ENDS


def _words_at(text: str) -> list[tuple[int, str, bool]]:
    """(offset, word, opens a sentence) of every word, each cut at an apostrophe ("Deng's" -> "Deng")."""
    out = []
    for m in _NAME_WORD_RE.finditer(text):
        word = m.group().split("'", 1)[0].split("’", 1)[0].rstrip(".-")
        if word:
            out.append((m.start(), word, _opens_sentence(text, m.start())))
    return out


def _proper_names(text: str, question: str, analyzer: Analyzer) -> list[str]:
    """The names in `text` (the question with filters, authors and framing blanked, same offsets as
    `question`): runs of capitalised words that do not open a sentence of the question ("Delphi",
    "ResNet", "Tsinghua University"); not "I", not an all-caps short form ("GPU", "GANs": users
    abbreviate what the list spells out). A question in title case ("Graph Neural Networks For
    Molecules": a capitalised stopword, or every word capitalised, authors and filters aside)
    marks no names."""
    if not any(not _opens_sentence(question, m.start()) for m in _WORD_CAPITAL_RE.finditer(text)):
        return []  # the common case, checked at C speed: no capital but a sentence's first letter
    inner = {at for at, _, opens in _words_at(question) if not opens}
    words = _words_at(text)
    left = [w for at, w, _ in words if at in inner]  # the question's own words, authors and filters aside
    capital = [w[:1].isupper() for w in left]
    if (len(left) >= 2 and all(capital)) or any(
        c and len(w) >= 2 and analyzer.is_stopword(fold(w)) for w, c in zip(left, capital)
    ):
        return []
    names: list[list[str]] = []
    last = -1  # the index (among the text's words) of the previous name word
    for k, (at, word, _) in enumerate(words):
        head = word[:-1] if word.endswith("s") else word
        if at not in inner or not word[:1].isupper() or len(word) < 2 or head.isupper():
            continue
        if last == k - 1 and names:
            names[-1].append(word)
        else:
            names.append([word])
        last = k
    return [" ".join(name) for name in names]


def absent_names(text: str, question: str, index: Index, settings: SearchSettings) -> list[str]:
    """The names left in the question's text that no paper of the list mentions: a word of the name
    is no corpus word (nor its stem) and no misspelling the spelling check corrects to one
    ("Faceptr"). A question about such a name asks about something the list never mentions ("the
    oracle at Delphi" is no oracle-bone paper)."""

    def unknown(word: str) -> bool:
        folded = fold(word)
        if folded in index.vocabulary or index.analyzer.stem(folded) in index.stems:
            return False
        return index.is_english_word(folded) or not correct_word(folded, index, settings.fuzzy_min_ratio)

    out: list[str] = []
    for name in _proper_names(text, question, index.analyzer):
        if name not in out and any(unknown(word) for word in name.split()):
            out.append(name)
    return out


def parse_query(question: str, index: Index, settings: SearchSettings, today: dt.date | None = None) -> Query:
    """Parse a question into free text + filters (see the module docstring). Never raises on text.

    `today` anchors "this year" / "last year" (default: the clock)."""
    raw = question
    notices: list[str] = []
    text = question.replace("\x00", " ")
    if len(text) > settings.max_query_chars:
        text = text[: settings.max_query_chars]
        notices.append(f"question truncated to {settings.max_query_chars} characters")
    filters = Filters()  # the parse steps below fill it in
    text = _parse_explicit(text, filters, notices, index)
    text = _parse_code(text, filters)
    text = _parse_categories(text, filters, index)
    text = _parse_years(text, filters, notices, index, settings, today)
    text = _strip_chrome(text)
    text = _parse_authors(text, filters, notices, index, settings)
    absent = absent_names(text, question, index, settings)
    free, corrected = _free_text(text, index, settings, index.analyzer)
    return Query(raw=raw, text=free, filters=filters, corrected=corrected, notices=notices, absent=absent)


def format_filters(filters: Filters) -> str:
    """Filters as explicit syntax (`year:2022..2024 author:"Mei Wang" code:yes cat:cs.CL`).

    Round trip: parsing this string with `parse_query` gives back the same Filters (for
    authors that exist in the index).
    """
    parts: list[str] = []
    if filters.year_min is not None or filters.year_max is not None:
        if filters.year_min is not None and filters.year_min == filters.year_max:
            parts.append(f"year:{filters.year_min}")
        else:
            lo = "" if filters.year_min is None else str(filters.year_min)
            hi = "" if filters.year_max is None else str(filters.year_max)
            parts.append(f"year:{lo}..{hi}")
    for name in filters.authors:
        parts.append(f'author:"{name}"')
    if filters.has_code is not None:
        parts.append(f"code:{'yes' if filters.has_code else 'no'}")
    for cat in filters.categories:
        parts.append(f"cat:{cat}")
    return " ".join(parts)
