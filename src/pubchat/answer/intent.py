"""What a question asks for: its intent, and for citation requests the format and the papers meant.

Generic language rules only (cue phrases of English questions); nothing here knows the corpus.
Whether a lookup name really names one paper, and whether a question is an author overview or a
filter-only list, is decided later with the corpus and the parsed filters (see `resolve` and the
assistant).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pubchat.models import CiteFormat, Intent

_GREETING = re.compile(
    r"^(?:hi|hello|hey|hiya|howdy|yo|greetings|good (?:morning|afternoon|evening|day)|thanks|thank you|"
    r"thx|cheers|ok(?:ay)?|cool|great|nice)(?:\s+(?:there|all|pubchat|again|so much|a lot|very much))?$"
)
_GREETING_PREFIX = re.compile(
    r"^(?:hi|hello|hey|hiya|good (?:morning|afternoon|evening))(?:\s+there)?[\s,!.:;-]+(?=\S)", re.IGNORECASE
)
_HELP = re.compile(
    r"^(?:help|h|\?|usage|commands|examples?|menu|"
    r"what can (?:you|i) (?:do|ask)(?: (?:here|you|with this))?|"
    r"what (?:should|could) i ask(?: you)?|how (?:do|does|can|should) (?:i|you|one|this|it)\s*(?:use|work)?"
    r"(?: (?:this|it|you|pubchat))?|how to use(?: (?:this|it|pubchat))?|who are you|what are you|"
    r"what is (?:this|pubchat))$"
)
_COUNT = re.compile(r"\bhow many\b|\bnumber of\b|\bcount(?:ing)? (?:of |the )?\b|\bhow much\b", re.IGNORECASE)
_COUNT_STRIP = re.compile(r"\b(?:how many|the number of|number of|count(?: of| the)?|how much)\b", re.IGNORECASE)
_CITE = re.compile(
    r"\b(?:cite|citing|citation|citations|bibtex|bib|biblatex|apa|reference for|references for|"
    r"reference to|references to|reference of|reference entry|export)\b",
    re.IGNORECASE,
)
_FORMATS: tuple[tuple[re.Pattern[str], CiteFormat], ...] = (
    (re.compile(r"\b(?:bibtex|bib|biblatex|latex)\b", re.IGNORECASE), "bibtex"),
    (re.compile(r"\bapa\b", re.IGNORECASE), "apa"),
    (re.compile(r"\b(?:markdown|md)\b", re.IGNORECASE), "md"),
    (re.compile(r"\b(?:plain(?: text)?|text|txt)\b", re.IGNORECASE), "plain"),
)
_CITE_NOISE = re.compile(
    r"\b(?:please|pls|can you|could you|would you|give me|give|show me|show|get|make|export|i need|"
    r"need|want|how (?:do|should|can) i|the|a|an|cite|citing|citation|citations|bibtex|bib|biblatex|"
    r"latex|apa|markdown|md|plain text|plain|text|txt|style|format|formatted|as|in|for|of|to|reference|"
    r"references|entry|entries|paper|papers|article|one|me|it|and|&|number|numbers|item|items|"
    r"result|results|style)\b",
    re.IGNORECASE,
)
_ALL_REFS = re.compile(r"\b(?:all|them|these|those|both|everything|the above|each)\b", re.IGNORECASE)
_IT_REF = re.compile(r"\b(?:it|this one|that one|this paper|that paper|the first one)\b", re.IGNORECASE)
_BRACKET_NUM = re.compile(r"\[(\d{1,3})\]|#(\d{1,3})\b")
_RANGE = re.compile(r"\b(\d{1,3})\s*(?:-|–|to)\s*(\d{1,3})\b")
_BARE_NUM = re.compile(r"(?<![\w.:/-])(\d{1,3})(?![\w.:/-])")
_LOOKUP = re.compile(
    r"^(?:what(?:'s| is| are| was)|whats|who is|tell me (?:more )?about|more about|describe|explain|"
    r"summari[sz]e|details (?:of|on|about|for)|info(?:rmation)? (?:on|about)|what does (.+?) do|"
    r"what do you know about|give me (?:the )?details (?:of|on|about))\s+(.+?)$",
    re.IGNORECASE,
)
_THE_PAPER = re.compile(r"^(?:the\s+)?(.+?)\s+(?:paper|method|model|approach|work|dataset|benchmark)$", re.IGNORECASE)
_NAME_LIKE = re.compile(r"^[\w][\w.+-]*(?:\s+[\w][\w.+-]*){0,2}$")


@dataclass(frozen=True)
class IntentInfo:
    """The detected intent plus what it needs: the subject text, a lookup name, citation details."""

    intent: Intent
    subject: str  # the question without intent cue words (what to search for)
    lookup_name: str | None = None  # a possible title / method name; the assistant checks it names one paper
    cite_format: CiteFormat | None = None  # None: the configured default
    refs: tuple[int, ...] = ()  # [n] numbers from the previous answer
    refs_all: bool = False  # "cite them all"


def _norm(question: str) -> str:
    """Lower-cased question with outer punctuation and runs of spaces removed."""
    text = " ".join(question.split())
    return text.strip(" \t?!.,;:").lower()


def strip_greeting(question: str) -> str:
    """ "Hi, what about X?" -> "what about X?" (a greeting in front of a real question)."""
    return _GREETING_PREFIX.sub("", question.strip(), count=1)


def cite_format(question: str) -> CiteFormat | None:
    """The citation format named in the question, if any."""
    for pattern, fmt in _FORMATS:
        if pattern.search(question):
            return fmt
    return None


def _cite_refs(text: str) -> tuple[tuple[int, ...], bool]:
    """Numbers referring to the previous answer's [n] markers, and whether all of them are meant."""
    nums: list[int] = []
    for a, b in _RANGE.findall(text):
        lo, hi = int(a), int(b)
        if 0 < lo <= hi <= lo + 50:
            nums.extend(range(lo, hi + 1))
    for a, b in _BRACKET_NUM.findall(text):
        nums.append(int(a or b))
    if not nums:
        nums = [int(n) for n in _BARE_NUM.findall(text) if 0 < int(n) < 200]
    seen: list[int] = []
    for n in nums:
        if n > 0 and n not in seen:
            seen.append(n)
    refs_all = not seen and _ALL_REFS.search(text) is not None
    if not seen and not refs_all and _IT_REF.search(text):
        seen = [1]
    return tuple(seen), refs_all


def _cite_subject(text: str) -> str:
    """Title or method words left once citation words, formats and numbers are removed."""
    text = _BRACKET_NUM.sub(" ", text)
    text = _RANGE.sub(" ", text)
    text = _CITE_NOISE.sub(" ", text)
    text = re.sub(r"(?<![\w-])\d{1,3}(?![\w-])", " ", text)
    return " ".join(text.strip(" \t?!.,;:\"'").split()).strip(" ,;:")


def detect_intent(question: str) -> IntentInfo:
    """Classify a (cleaned) question. Never raises."""
    raw = " ".join(question.split())
    norm = _norm(raw)
    if not re.search(r"\w", norm):
        return IntentInfo("none", "")
    if _GREETING.match(norm):
        return IntentInfo("greeting", "")
    if _HELP.match(norm):
        return IntentInfo("help", "")
    body = strip_greeting(raw)
    body_norm = _norm(body)
    if _GREETING.match(body_norm):
        return IntentInfo("greeting", "")
    if _CITE.search(body) or (cite_format(body) and _BRACKET_NUM.search(body)):
        refs, refs_all = _cite_refs(body)
        subject = _cite_subject(body)
        if _ALL_REFS.sub(" ", subject).strip(" ,;:&"):
            refs, refs_all = (), False  # title words: "cite learn from all as apa"
        else:
            subject = ""
        return IntentInfo("cite", subject, cite_format=cite_format(body), refs=refs, refs_all=refs_all)
    if _COUNT.search(body):
        subject = " ".join(_COUNT_STRIP.sub(" ", body).split())
        return IntentInfo("count", subject)
    name = lookup_candidate(body)
    return IntentInfo("find", body, lookup_name=name)


def lookup_candidate(question: str) -> str | None:
    """A possible paper name in a lookup-style question ("What is SFace?", "the Faceptor paper", "EAC")."""
    text = " ".join(question.strip().strip("?!.").split())
    match = _LOOKUP.match(text)
    if match:
        name = match.group(1) or match.group(2)
        name = re.sub(r"^(?:the|a|an)\s+", "", name.strip(" \"'“”‘’"), flags=re.IGNORECASE)
        inner = _THE_PAPER.match(name)
        return (inner.group(1) if inner else name).strip(" \"'“”‘’") or None
    inner = _THE_PAPER.match(text)
    if inner and len(inner.group(1).split()) <= 4:
        return inner.group(1).strip(" \"'“”‘’")
    if _NAME_LIKE.match(text) and len(text.split()) == 1:
        return text  # a bare name: "SFace", "EAC", "DFA-GPT"
    return None
