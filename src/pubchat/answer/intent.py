"""What a question asks for: its intent, and for citation requests the format and the papers meant.

Generic language rules only (cue phrases of English questions); nothing here knows the corpus.
Whether a lookup name really names one paper, and whether a question is an author overview or a
filter-only list, is decided later with the corpus and the parsed filters (see `resolve` and the
assistant).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from pubchat.citeformats import FORMATS
from pubchat.lazyre import lazy
from pubchat.models import CiteFormat, Intent

_GREETING = lazy(
    r"^(?:hi|hello|hey|hiya|howdy|yo|greetings|good (?:morning|afternoon|evening|day)|thanks|thank you|"
    r"thx|cheers|ok(?:ay)?|cool|great|nice)(?:\s+(?:there|all|pubchat|again|so much|a lot|very much))?$"
)
_GREETING_PREFIX = lazy(
    r"^(?:hi|hello|hey|hiya|good (?:morning|afternoon|evening))(?:\s+there)?[\s,!.:;-]+(?=\S)", re.IGNORECASE
)
_HELP = lazy(
    r"^(?:help|h|\?|usage|commands|examples?|menu|"
    r"what can (?:you|i) (?:do|ask)(?: (?:here|you|with this))?|"
    r"what (?:should|could) i ask(?: you)?|how (?:do|does|can|should) (?:i|you|one|this|it)\s*(?:use|work)?"
    r"(?: (?:this|it|you|pubchat))?|how to use(?: (?:this|it|pubchat))?|who are you|what are you|"
    r"what is (?:this|pubchat))$"
)
_COUNT = lazy(r"\bhow many\b|\bnumber of\b|\bcount(?:ing)? (?:of |the )?\b|\bhow much\b", re.IGNORECASE)
_COUNT_STRIP = lazy(r"\b(?:how many|the number of|number of|count(?: of| the)?|how much)\b", re.IGNORECASE)
_CITE = lazy(
    r"\b(?:cite|citing|citation|citations|bibtex|bib|biblatex|apa|reference for|references for|"
    r"reference to|references to|reference of|reference entry|export|"
    r"ris|csl(?:[- ]json)?|(?:ieee|acm|chicago|nature) (?:style|format))\b",
    re.IGNORECASE,
)
# Questions about facts a publication list does not record: how often papers are cited, their impact, where
# they appeared ("most cited", "how many citations does SFace have", "which venue"). The assistant answers
# these by saying so (venues only when no paper carries one).
_UNHELD: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "citations (how often, or by which papers, a paper is cited)",
        lazy(
            r"\b(?:which|what) (?:other )?(?:papers?|works?|articles?) (?:cite|cites|reference)\b|\bcited by\b|"
            r"\bwho (?:cites|cited|has cited|references)\b|\bciting (?:papers|works)\b|"
            r"\b(?:most|highly|least|widely|frequently|often|heavily|best) cited\b|\bcited (?:the )?most\b|"
            r"\b(?:citation|reference) (?:counts?|numbers?|impact|metrics?|statistics|stats)\b|"
            r"\b(?:how many|number of|most|fewest|how often) (?:times )?(?:citations|cited)\b|\bh-?index\b|"
            r"\bimpact factor\b|\bmost (?:influential|impactful|popular|famous|important|well-known)\b",
            re.IGNORECASE,
        ),
    ),
    (
        "venues",
        lazy(
            r"\b(?:which|what) (?:venues?|conferences?|journals?|workshops?)\b|\bvenues?\b|"
            r"\bwhere (?:was|were|did|is|are) .{1,60}?\b(?:published|appear\w*|presented)\b",
            re.IGNORECASE,
        ),
    ),
)
_FORMATS: tuple[tuple[re.Pattern[str], CiteFormat], ...] = tuple(
    (lazy(r"\b(?:" + "|".join(re.escape(w) for w in spec.words) + r")\b", re.IGNORECASE), spec.name)
    for spec in FORMATS.values()
)
_CITE_NOISE = lazy(
    r"\b(?:please|pls|can you|could you|would you|give me|give|show me|show|get|make|export|i need|"
    r"need|want|how (?:do|should|can) i|the|a|an|cite|citing|citation|citations|bibtex|bib|biblatex|"
    r"latex|apa|markdown|md|plain text|plain|text|txt|style|format|formatted|as|in|for|of|to|reference|"
    r"references|entry|entries|paper|papers|article|one|me|it|and|&|number|numbers|item|items|"
    r"result|results|style|csl|now|instead|again|this time|then|also|too|same|rather|ok|okay|what about|"
    r"how about|" + "|".join(re.escape(w) for spec in FORMATS.values() for w in spec.words) + r")\b",
    re.IGNORECASE,
)
_ALL_REFS = lazy(
    r"\b(?:all|them|these|those|both|everything|the above|each)\b"
    r"|\b(?:the|its|their) (?:references|citations|sources)\b(?! (?:for|of|to|on|about)\b)",
    re.IGNORECASE,
)
_MANY = lazy(r"\b(?:all|every|each)\b.*\bpapers\b|\bpapers\b", re.IGNORECASE)
# Picking one of the offered candidates: "the second one", "[2]", "2", "number 2", "the last one".
_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8}
_PICK = lazy(
    r"^(?:(?:the|number|no\.?|#)\s*)?(?:\[(\d{1,2})\]|(\d{1,2})|(first|second|third|fourth|fifth|sixth|seventh|eighth|last))"
    r"(?:\s+(?:one|paper|please|pls))*$",
    re.IGNORECASE,
)
_IT_REF = lazy(r"\b(?:it|this one|that one|this paper|that paper|the first one)\b", re.IGNORECASE)
_BRACKET_NUM = lazy(r"\[(\d{1,3})\]|#(\d{1,3})\b")
_RANGE = lazy(r"\b(\d{1,3})\s*(?:-|–|to)\s*(\d{1,3})\b")
_BARE_NUM = lazy(r"(?<![\w.:/-])(\d{1,3})(?![\w.:/-])")
_LOOKUP = lazy(
    r"^(?:what(?:'s| is| are| was)|whats|who is|tell me (?:more )?about|more about|describe|explain|"
    r"summari[sz]e|details (?:of|on|about|for)|info(?:rmation)? (?:on|about)|what does (.+?) do|"
    r"what do you know about|give me (?:the )?details (?:of|on|about))\s+(.+?)$",
    re.IGNORECASE,
)
# Words that make "co-authors"/"collaborators" a question about the people ("the usual co-authors"),
# shared by the stats pattern and the words stripped from a stats question's topic.
_PEOPLE_ADJ = r"top|main|frequent|closest|usual|regular|typical|common|key|most frequent|most common"
# Figures over the whole list: "papers per year", "who does X collaborate with most", "which topics have code".
_STATS = lazy(
    r"\bper (?:year|category|categories|topic|field|area)\b|\b(?:by|each|every) (?:year|category)\b|"
    r"\b(?:statistics|stats|breakdown|distribution|histogram)\b|"
    r"\bwho (?:does|do|did|has|have) .{1,60}?\b(?:collaborat\w*|co-?author\w*|work\w* with|publish\w* with|"
    r"write|writes|wrote|written)\b.{0,20}?\b(?:most|often|frequently)\b|"
    rf"\b(?:{_PEOPLE_ADJ}) (?:co-?authors?|collaborators?)\b|"
    r"\bcollaborat\w*(?: \w+){0,2} (?:the )?most\b|\bco-?authors? (?:the )?most\b|"
    r"\b(?:most|top) (?:frequent|common|popular|studied) (?:topics?|themes?|subjects?|areas?)\b|"
    r"\bwhich (?:topics|areas|themes|fields|subjects) (?:have|has|come with|came with|released?|with|ship)\b|"
    r"\b(?:which|what) authors? (?:appear|publish|write|show up|occur)\w*(?: \w+)? (?:the )?most\b|"
    r"\b(?:most (?:prolific|frequent|common|active)|top|leading) authors?\b|"
    r"\bwho (?:has |have )?(?:published|written|wrote|authored|appears?|publishe?s|writes) (?:the )?most\b|"
    r"\bwho (?:else )?(?:works?|worked|is working|are working|has worked|have worked|researche[sd]|writes|wrote|"
    r"published|publishes) (?:on|about)\b|"
    # people to ask about a topic: "who should I talk to about X", "who's the expert on X", "who knows about X"
    r"\bwho (?:should|could|can|do|would|might) (?:i|we) (?:talk|speak|ask|contact|reach out|write|go|turn) to\b|"
    r"\bwho (?:should|could|can|do|would|might) (?:i|we) (?:ask|contact)\b|"
    r"\bwho(?:'s| is| are|s)(?: the| an?)? (?:main |leading |resident )?"
    r"(?:experts?|specialists?|go-to (?:person|people)|(?:people|person|researchers?) (?:working|who work))\b|"
    r"\bwho knows (?:\w+ )?(?:about|on)\b",
    re.IGNORECASE,
)
_STATS_KINDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("coauthor", lazy(r"collaborat|co-?author|\bwith most\b|\bwith (?:the )?most\b|\bwho\b", re.IGNORECASE)),
    ("author", lazy(r"\bauthors?\b|\bwho\b", re.IGNORECASE)),
    ("topic_code", lazy(r"\b(?:topics?|areas?|themes?|fields?|subjects?)\b.*\bcode\b", re.IGNORECASE)),
    ("year", lazy(r"\byears?\b|\byearly\b|\bannual", re.IGNORECASE)),
    ("category", lazy(r"\bcategor|\bfields?\b|\bareas?\b", re.IGNORECASE)),
    ("topic", lazy(r"\btopics?\b|\bthemes?\b|\bsubjects?\b", re.IGNORECASE)),
    ("code", lazy(r"\bcode\b", re.IGNORECASE)),
)
# Words of a stats question that are not its topic ("who does Deng collaborate with most" -> "Deng").
_STATS_NOISE = lazy(
    r"\b(?:how many|number of|who|whom|which|what|does|do|did|has|have|had|with|most|often|frequently|"
    r"collaborat\w*|co-?authors?|collaborators?|work\w*|publish\w*|writes?|wrote|written|topics?|themes?|areas?|"
    r"fields?|subjects?|code|released?|come|came|ship|per|by|each|every|year|years|yearly|category|categories|"
    r"statistics|stats|breakdown|distribution|histogram|papers?|the|are|is|top|main|frequent|common|popular|"
    r"closest|studied|show|me|give|list|of|in|on|a|an|please|pls|they|their|this|these|there|authors?|appears?|"
    r"appeared|occurs?|up|prolific|active|leading|publishes|the|should|could|can|would|might|i|we|talk|speak|ask|"
    r"contact|reach out|go|turn|to|about|experts?|specialists?|knows?|main|resident|s|go-to (?:person|people)|"
    rf"{_PEOPLE_ADJ})\b",
    re.IGNORECASE,
)
# What the list, a group or an author works on as a whole ("what does this lab work on?").
_OVERVIEW = lazy(
    r"\boverview\b|\b(?:research|main|key|core|major) (?:focus|areas?|topics?|themes?|interests?|directions?)\b|"
    r"\b(?:focus|topics|themes|directions) (?:of|in) (?:their|the|this|his|her) (?:research|work|group|lab|list)\b|"
    r"\bwhat (?:does|do|did) (?:this|the|that|their|these|your)? ?(?:lab|group|team|list|people|researchers?|authors?|"
    r"they|you)\b.{0,30}?\b(?:work on|working on|study|studying|research|do|cover|covers|focus on)$|"
    r"\bwhat (?:has|have|is|are) (?:this|the|that|their|these)? ?(?:lab|group|team|list|they)\b.{0,20}?"
    r"\b(?:done|been doing|worked on|working on|studied|published|about|covering)$|"
    r"\bwhat (?:is|are) (?:this|the) (?:list|collection|corpus) about$|"
    r"\bwhat (?:topics|areas|subjects|fields|themes|problems) (?:does|do|did|has|have|is|are) .{0,30}?"
    r"\b(?:cover|covered|work on|worked on|working on|study|studied|research|researched|tackle|address)\b|"
    r"\b(?:research|focus|work|topics|interests) (?:\w+ ){0,2}(?:shift\w*|chang\w*|evolv\w*|develop\w*) "
    r"(?:over|across|through) (?:the |their )?(?:years|time)\b",
    re.IGNORECASE,
)
_OVER_TIME = lazy(r"\b(?:over|across|through) (?:the |their )?(?:years|time)\b", re.IGNORECASE)
_OVERVIEW_STRIP = lazy(
    r"\b(?:can|could|would) you\b|\bgive me\b|\b(?:an?|the|quick|short|brief) overview (?:of|on)\b|\boverview\b|"
    r"\b(?:their|the|this|his|her|its) (?:research|work|group|lab)\b|\bresearch\b|\bwork\b|\bplease\b|"
    r"\b(?:main|key|core|major) (?:focus|areas?|topics?|themes?|interests?|directions?)\b|"
    r"\b(?:focus|interests?|directions?|areas?|topics?|themes?)\b|\b(?:shift|chang|evolv|develop)\w*\b|"
    r"^how (?:has|have|did)\b|\b(?:main|key|core|major|overall|general|here|there|what|are|is)\b",
    re.IGNORECASE,
)
# Two or more named papers side by side.
_COMPARE = lazy(
    r"\bcompar(?:e|es|ed|ing|ison)\b|\bdifferences?\b|\bdiffer\b|\bcontrast\b|\bversus\b|\bvs\.?(?=\s)|"
    r"\bside by side\b|\b(?:how|what) (?:is|are) .+? (?:different from|similar to) .+? (?:and|,)|"
    r"\b(?:differs?|different) (?:from|than)\b",
    re.IGNORECASE,
)
_COMPARE_STRIP = lazy(
    r"^(?:please |can you |could you )?(?:compare|contrast)\s+|^(?:what(?:'s| is| are)|whats) (?:the )?"
    r"(?:main |key )?differences? (?:between|among|of)\s+|^how (?:do|does|did|is|are|was|were) |"
    r"^(?:in )?(?:what|which) ways? (?:do|does|did|is|are|was|were) |\s+differ(?:\s.*)?$|"
    r"\s+(?:compare|side by side)(?:\s.*)?$|^(?:the )?differences? (?:between|among)\s+",
    re.IGNORECASE,
)
_PAIRING = lazy(r"\s+(?:differs?|different|compared?|compares|contrasts?) (?:from|to|with|than)\s+", re.IGNORECASE)
# Papers to compare named by what they are about ("compare the two zero-shot retrieval papers", "how do the
# oracle papers differ"): a description in the plural, after an explicit comparison verb.
_COMPARE_VERB = lazy(r"\bcompar(?:e|es|ing|ison)\b|\bcontrast\b|\bdiffer(?:s|ences?)?\b", re.IGNORECASE)
_SPLIT_NAMES = lazy(r"\s*(?:,\s*(?:and\s+)?|\s+and\s+|\s+vs\.?\s+|\s+versus\s+|\s+with\s+|\s+to\s+)\s*", re.IGNORECASE)
# Papers like a named one.
_SIMILAR = lazy(
    r"^(?:.{0,40}?\b)?(?:similar to|more like|papers? like|works? like|anything like|something like|ones? like|"
    r"others? like|stuff like|related to|close to|comparable to|resembling|in the spirit of|"
    r"along the lines of)\s+(.+)$",
    re.IGNORECASE,
)
_SIMILAR_TAIL = lazy(r"\s+(?:please|pls|thanks|in (?:this|the) list|here)$", re.IGNORECASE)
# "Have they ever ...", "did the group do anything on ...", "is there any X work in here?": a yes/no answer.
_YESNO = lazy(
    r"^(?:did|do|does|have|has|had|is|are|was|were)\s+(?:they|the (?:group|lab|team|authors?|list)|this "
    r"(?:group|lab|team|list)|he|she|anyone|anybody|you|there|these|their)\b.*?"
    r"(?:\bever\b|\bworked on\b|\bwork(?:ed)? in\b|\bdone (?:any|some)\w*\b|\bdo (?:any|some)\w* (?:on|about|with)\b|"
    r"\bin (?:here|this list|the list|their list)\b|\bpublished (?:on|about|anything|any)\b|"
    r"\b(?:any|anything|something|papers?|work)(?: \w+)? (?:on|about|regarding)\b|"
    r"\b(?:any|some|a|an)\b.+\b(?:work|papers?|research|stud(?:y|ies)|publications?)$)",
    re.IGNORECASE,
)
_YESNO_STRIP = lazy(
    r"^(?:did|do|does|have|has|had|is|are|was|were)\s+(?:they|the (?:group|lab|team|authors?|list)|this "
    r"(?:group|lab|team|list)|he|she|anyone|anybody|you|there|these|their)\b|\bever\b|\bworked on\b|\bdone\b|"
    r"\bin (?:here|this list|the list|their list)\b|\b(?:any|some)(?:thing)?\b|\bdo\b|\bon\b|\bwork\b|\bsay\b",
    re.IGNORECASE,
)
# "What is the newest paper?", "the oldest paper on face recognition": one paper at an end of time.
_EXTREME = lazy(
    r"\b(?:the\s+)?(?:(newest|latest|most recent|last)|(oldest|earliest|first))\s+"
    r"(?:paper|one|work|publication|article|entry|thing)\b",
    re.IGNORECASE,
)
# "their newest three papers", "the 5 oldest", "top 10 papers on X": how many papers to show, not a topic word.
_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20,
}  # fmt: skip
_N = r"(\d{1,2}|" + "|".join(_NUMBER_WORDS) + r")"
_ENDS = r"(newest|latest|most recent|recent|last|oldest|earliest|first)"
_PAPER_NOUN = r"(?:\s+(?:papers?|works?|publications?|articles?|ones|entries|results|matches))?"
_EXTREME_N = lazy(
    rf"\b(?:the\s+)?(?:{_ENDS}\s+{_N}|{_N}\s+{_ENDS}){_PAPER_NOUN}\b(?!\s+(?:years?|months?|weeks?|days?|decades?)\b)",
    re.IGNORECASE,
)
_TOP_N = lazy(rf"\b(?:the\s+)?(?:top|best)\s+{_N}{_PAPER_NOUN}\b", re.IGNORECASE)
_DESCRIBED = lazy(
    rf"^(?:all\s+)?(?:(?:the|their|his|her|these|those)\s+)?(?:{_N}\s+)?(?P<about>.+?)\s+"
    r"(?:papers|works|methods|approaches|models|ones|articles|studies)(?:\s+(?:in (?:this|the) list|here))?"
    r"(?P<filters>\s+(?:from|in|since|before|after|until|by|with|published|written)\s+.+)?$",
    re.IGNORECASE,
)
# "Which of these papers ...": enumerate the papers with a property.
_WHICH_OF = lazy(
    r"^(?:\w+\W+){0,12}?which of (?:these|the|their|those|this list'?s?|last year'?s|this year'?s|\w+'s)\b",
    re.IGNORECASE,
)
# An arXiv identifier anywhere in the question: "what is arXiv 2208.08106?"
_ARXIV_ID = lazy(r"(?<![\w.])(?:arxiv[:\s]*)?(\d{4}\.\d{4,5})(?:v\d+)?(?![\w.])", re.IGNORECASE)
# Lookups phrased around one fact of a paper: authors, date, code, summary ("who wrote FKA-Owl?").
_LOOKUP_FACTS: tuple[re.Pattern[str], ...] = tuple(
    lazy(pattern, re.IGNORECASE)
    for pattern in (
        r"^(?:who (?:wrote|authored|made|created|developed|proposed|did)|who(?:'s| is| are| was| were|s) behind|"
        r"who (?:are|were) the authors of|who is the author of|"
        r"(?:the )?authors? of)\s+(?P<name>.+)$",
        r"^(?:(?:a|the|me a)\s+)?(?:quick |short |brief |one-line )?(?:summary|summarization|abstract|tl;?dr)\s+"
        r"(?:of|for|on)\s+(?P<name>.+)$",
        r"^when (?:was|were|did|is) (?P<name>.+?) (?:published|released|come out|came out|appear\w*|out)\b.*$",
        r"^(?:is|was|where is) (?:the )?code (?:for|of) (?P<name>.+?)(?: (?:online|available|public|released))?\b.*$",
        r"^(?:where (?:can|do) i (?:find|get|read|download))\s+(?P<name>.+)$",
        r"^(?:(?:can|could) you )?(?:explain|describe|tell me|summari[sz]e)(?: to me)? (?:what|how) (?P<name>.+?) "
        r"(?:does|do|is|are|works?)(?: about)?$",
    )
)
_WHAT_IS = lazy(r"^(?:what(?:'s| is| are)|whats|define|definition of|what does .+ (?:mean|stand for))\b", re.IGNORECASE)
_THE_PAPER = lazy(
    r"^(?:the\s+)?(.+?)\s+(?:paper|method|model|approach|work|dataset|benchmark|framework|technique|algorithm|"
    r"architecture|survey|loss)$",
    re.IGNORECASE,
)
_NAME_LIKE = lazy(r"^[\w][\w.+-]*(?:\s+[\w][\w.+-]*){0,2}$")


@dataclass(frozen=True)
class IntentInfo:
    """The detected intent plus what it needs: the subject text, a lookup name, citation details."""

    intent: Intent
    subject: str  # the question without intent cue words (what to search for)
    lookup_name: str | None = None  # a possible title / method name; the assistant checks it names one paper
    cite_format: CiteFormat | None = None  # None: the configured default
    refs: tuple[int, ...] = ()  # [n] numbers from the previous answer
    refs_all: bool = False  # "cite them all"
    many: bool = False  # cite: "bibtex for all the privacy cloak papers" (every match, not one paper)
    anchors: tuple[str, ...] = ()  # similar / compare: the papers named, as written (compare: none when the
    # papers are described by topic, the subject: "compare the two oracle papers")
    stats_kind: str | None = None  # stats: year, category, code, coauthor, topic, topic_code (None: all)
    over_time: bool = False  # overview: how the topics moved over the years
    extreme: str | None = None  # "newest" / "oldest": the question asks for one paper at an end of time
    limit: int | None = None  # "newest three papers", "top 5": how many papers the answer shows
    define: str | None = None  # "what is X?" / "what does X mean?": the term whose defining sentence answers it
    unheld: str | None = None  # what the question asks that a publication list may not record ("venues")


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
    for what, pattern in _UNHELD:
        if pattern.search(body):
            return replace(_detect_more(body), unheld=what)
    bare_format = cite_format(body) is not None and len(body.split()) <= 5 and not _cite_subject(body)
    if _CITE.search(body) or bare_format or (cite_format(body) and _BRACKET_NUM.search(body)):
        refs, refs_all = _cite_refs(body)
        subject = _cite_subject(body)
        many = False
        if _ALL_REFS.sub(" ", subject).strip(" ,;:&"):
            refs, refs_all = (), False  # title words: "cite learn from all as apa"
            many = _MANY.search(body) is not None
            if many:
                subject = " ".join(_ALL_REFS.sub(" ", subject).split())
        else:
            subject = ""
        return IntentInfo("cite", subject, cite_format=cite_format(body), refs=refs, refs_all=refs_all, many=many)
    return _detect_more(body)


# "the people working on X", "researchers who work on X": the people asked about, not topic words.
_PEOPLE_NOUN = lazy(
    r"\b(?:the )?(?:go-to )?(?:people|persons?|researchers?|folks)\s+(?=(?:working|who (?:work|study|research)|"
    r"doing|studying|researching|behind)\b)",
    re.IGNORECASE,
)


def without_people_nouns(question: str) -> str:
    """A people question without its word for the people ("the people working on X" -> "working on X")."""
    return " ".join(_PEOPLE_NOUN.sub(" ", question).split())


def stats_topic(text: str) -> str:
    """The topic words of a stats question's free text ("collaborate face recognition" -> "face recognition")."""
    return " ".join(_STATS_NOISE.sub(" ", text).split()).strip(" ?!.,;:")


def _detect_more(body: str) -> IntentInfo:
    """The intents after greetings, help and citations: stats, overview, compare, similar, yes/no,
    count, list ("which of these papers ..."), lookup by arXiv id, else find (maybe a lookup name)."""
    norm = _norm(body)
    if _STATS.search(norm):
        kind = next((name for name, pattern in _STATS_KINDS if pattern.search(norm)), None)
        return IntentInfo("stats", stats_topic(body), stats_kind=kind)
    if _OVERVIEW.search(norm):
        subject = " ".join(_OVERVIEW_STRIP.sub(" ", _OVER_TIME.sub(" ", body)).split())
        return IntentInfo("overview", subject, over_time=_OVER_TIME.search(norm) is not None)
    if _COMPARE.search(norm):
        stripped = _COMPARE_STRIP.sub("", _PAIRING.sub(" and ", norm_keep_case(body)))
        names = _names(stripped)
        if len(names) >= 2:
            return IntentInfo("compare", body, anchors=tuple(names))
        described = _DESCRIBED.match(stripped) if _COMPARE_VERB.search(norm) and len(names) == 1 else None
        if described and described.group("about").strip():
            number = described.group(1)
            limit = None if number is None else int(number) if number.isdigit() else _NUMBER_WORDS[number.lower()]
            about = described.group("about").strip() + (described.group("filters") or "")  # "from 2022": filters
            return IntentInfo("compare", about, limit=limit)
    similar = _SIMILAR.match(norm_keep_case(body))
    if similar:
        anchor = _SIMILAR_TAIL.sub("", similar.group(1)).strip(" \"'“”‘’?")
        if anchor:
            return IntentInfo("similar", body, anchors=(anchor,))
    if _YESNO.search(norm):
        subject = " ".join(_YESNO_STRIP.sub(" ", body).split())
        return IntentInfo("yesno", subject)
    if _COUNT.search(body):
        subject = " ".join(_COUNT_STRIP.sub(" ", body).split())
        return IntentInfo("count", subject)
    counted = _EXTREME_N.search(body)
    if counted:
        end = (counted.group(1) or counted.group(4)).lower()
        number = counted.group(2) or counted.group(3)
        limit = int(number) if number.isdigit() else _NUMBER_WORDS[number.lower()]
        subject = " ".join(_EXTREME_N.sub(" papers ", body).split())
        newest = end in ("newest", "latest", "most recent", "recent", "last")
        if limit >= 1:
            return IntentInfo("find", subject, extreme="newest" if newest else "oldest", limit=limit)
    top = _TOP_N.search(body)
    if top:
        number = top.group(1)
        limit = int(number) if number.isdigit() else _NUMBER_WORDS[number.lower()]
        if limit >= 1:
            return IntentInfo("find", " ".join(_TOP_N.sub(" papers ", body).split()), limit=limit)
    extreme = _EXTREME.search(body)
    if extreme:
        subject = " ".join(_EXTREME.sub(" papers ", body).split())
        return IntentInfo("find", subject, extreme="newest" if extreme.group(1) else "oldest")
    arxiv = _ARXIV_ID.search(body)
    if arxiv:
        return IntentInfo("find", body, lookup_name=arxiv.group(1))
    if _WHICH_OF.search(norm):
        return IntentInfo("list", body)
    name = lookup_candidate(body)
    define = name if name and _WHAT_IS.match(norm_keep_case(body)) else None
    return IntentInfo("find", body, lookup_name=name, define=define)


def norm_keep_case(text: str) -> str:
    """The question with outer punctuation and runs of spaces removed, capitals kept."""
    return " ".join(text.split()).strip(" \t?!.,;:")


def _names(text: str) -> list[str]:
    """The papers named in "A, B and C" (articles and "paper" around each name removed)."""
    text = re.split(r"\s+(?:for|in|on|when|regarding|with respect to)\s+(?=\w+ \w+)", text, maxsplit=1)[0]
    out = []
    for part in _SPLIT_NAMES.split(text):
        part = re.sub(r"^(?:the|a|an|between)\s+", "", part.strip(" \"'“”‘’"), flags=re.IGNORECASE)
        inner = _THE_PAPER.match(part)
        part = (inner.group(1) if inner else part).strip()
        if part:
            out.append(part)
    return out


def pick(question: str, offered: int) -> int | None:
    """The candidate a follow-up picks ("the second one", "[2]", "2", "the last one"): 1-based, or None."""
    match = _PICK.match(_norm(question))
    if not match:
        return None
    if match.group(3):
        word = match.group(3).lower()
        n = offered if word == "last" else _ORDINALS[word]
    else:
        n = int(match.group(1) or match.group(2))
    return n if 1 <= n <= offered else None


def lookup_candidate(question: str) -> str | None:
    """A possible paper name in a lookup-style question ("What is SFace?", "the Faceptor paper", "EAC")."""
    text = " ".join(question.strip().strip("?!.").split())
    for pattern in _LOOKUP_FACTS:
        fact = pattern.match(text)
        if fact:
            name = re.sub(r"^(?:the|a|an)\s+", "", fact.group("name").strip(" \"'“”‘’,"), flags=re.IGNORECASE)
            inner = _THE_PAPER.match(name)
            return (inner.group(1) if inner else name).strip(" \"'“”‘’") or None
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
