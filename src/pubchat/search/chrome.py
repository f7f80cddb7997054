"""Phrases that frame a question rather than say what it is about, and category names in words.

One home for the question's "chrome": the parser removes these phrases before the remaining
words become the topic, so "tell me about", "what came out on", "repos I could clone" or "work
the lab has done on" are never required as topic words. Phrases that carry a filter ("repos I
can clone" = has code) are listed with it.
"""

from __future__ import annotations

import re

from pubchat.lazyre import lazy

# Framing phrases, removed from the free text (order: longer first where they overlap).
CHROME_PHRASES: tuple[re.Pattern[str], ...] = tuple(
    lazy(p, re.IGNORECASE)
    for p in (
        r"\b(?:can|could|would)\s+you\s+(?:please\s+)?(?:summari[sz]e|give\s+me|tell\s+me|show\s+me|list)\b",
        r"\b(?:summari[sz]e|summary\s+of|overview\s+of|rundown\s+of|roundup\s+of)\b",
        r"\b(?:quick|short|brief)\s+(?:summary|rundown|overview|roundup)\b",
        r"\btell\s+me\s+(?:more\s+)?about\b",
        # a request verb opening the question or after "can you" / "please" ("explain what X does",
        # "could you describe ..."); elsewhere the word may be the topic ("models that explain ...")
        r"(?:^\W*|\b(?:you|please)\s+)(?:please\s+)?(?:explain|describe|outline|elaborate\s+on|walk\s+(?:me\s+)?through"
        r"|go\s+(?:over|through)|help\s+me\s+(?:understand|find))\b(?:\s+to\s+me)?",
        # a research verb after a word for papers or their authors ("which papers study X", "work that
        # deals with X", "did they investigate X"): it frames the topic; elsewhere ("a user study") it stays
        r"\b(?:papers?|works?|research|publications?|articles?|studies|ones|they|he|she|that|which)\s+"
        r"(?:(?:have|has|had|do|does|did)\s+)?(?:(?:ever|also|mainly|mostly)\s+)?"
        r"(?:tr(?:y|ies|ied)\s+to|stud(?:y|ies|ied)|investigat(?:e|es|ed)|explor(?:e|es|ed)|examin(?:e|es|ed)|address(?:es|ed)?"
        r"|tackl(?:e|es|ed)|deal(?:s|t)?\s+with|focus(?:es|ed)?\s+on|look(?:s|ed)?\s+(?:at|into)|cover(?:s|ed)?"
        r"|discuss(?:es|ed)?)\b",
        r"\bwhat\s+(?:came|has\s+come|comes)\s+out\b",
        r"\bcame\s+out\b",
        r"\b(?:i\s*'?\s*m|i\s+am|we\s*'?\s*re|we\s+are)\s+(?:looking|searching)\s+for\b",
        r"\blooking\s+for\b",
        r"\b(?:i\s*'?\s*m|i\s+am|we\s*'?\s*re|we\s+are)\s+trying\s+to\s+(?:find|locate|track\s+down|understand"
        r"|learn\s+about|figure\s+out)\b",
        r"\b(?:point|direct|steer|refer)\s+(?:me|us)\s+(?:to|towards?|at)\b",
        r"\b(?:to\s+)?(?:read|learn)\s+(?:up\s+on|more\s+about|about)\b",
        r"\bwhere\s+(?:should|do|can|could|would)\s+(?:i|we|one)\s+(?:start|begin)\b",
        # "which ones are ...": the papers asked for, not a topic word
        r"\b(?:which|what|the)\s+ones\b",
        # co-authorship framing: "papers X and Y wrote together"
        r"\b(?:wrote|written|write|writes|writing|did|done|published|publish|worked|work|co-?authored|authored)"
        r"\s+together\b",
        r"\b(?:i\s*'?\s*d|i\s+would|we\s*'?\s*d)\s+like\b",
        r"\b(?:anything|something|stuff|things?)\s+(?:on|about|related\s+to|regarding|to\s+do\s+with)\b",
        r"\brelated\s+to\b",
        r"\b(?:i|we)\s+(?:can|could|might|may)\s+(?:clone|fork|contribute\s+to|run|build\s+on|use)(?:\s+and\s+(?:run|use|build\s+on))?\b",
        r"\b(?:contribute|contributed|contributing|contribution|contributions)\s+to\b",
        r"\b(?:the|this|their|his|her|your)\s+(?:lab|group|team)\b",
        r"\bwith\s+the\s+(?:lab|group|team)\b",
        r"\b(?:lab|group|team)\s+(?:has|have|had)\b",
        r"\bwork(?:ed)?\s+(?:on|in)\b",
        # co-authorship framing ("did Deng collaborate with Mei Wang", "papers they wrote together"): the
        # names are the filter; "collaborative" stays (a topic: "collaborative filtering")
        r"\b(?:collaborat(?:e|es|ed|ing)|collaborations?\s+with|co-?author(?:s|ed|ing)?\s+with|team(?:ed)?\s+up"
        r"(?:\s+with)?|partner(?:ed)?\s+with)\b",
        r"\b(?:(?:work(?:s|ed)?|wr(?:ite|ote|itten)|publish(?:ed)?)\s+(?:(?:any|some)\s+)?(?:papers?\s+)?)?"
        r"together\b",
        r"\bpublished\s+(?:in|during)\b",
        # the asker's purpose ("for my Master's thesis", "for a class project"): about the asker, not the topic
        r"\bfor\s+(?:my|our|a|an|the)\s+(?:[\w'’-]+\s+){0,2}?(?:thesis|dissertation|project|course|class|homework"
        r"|assignment|talk|presentation|reading\s+(?:list|group))\b",
        # a time named by an event, not a year ("before the LLM era"): left to "early"/"recent"
        r"\b(?:from\s+)?(?:before|after|since|prior\s+to)\s+the\s+(?:[\w-]+\s+){1,2}(?:era|age|boom|days|wave)\b",
    )
)

# Phrases that ask for papers with code (a filter, then removed like chrome).
CODE_PHRASES: tuple[re.Pattern[str], ...] = tuple(
    lazy(p, re.IGNORECASE)
    for p in (
        r"\b(?:github\s+|git\s+)?(?:repos?|repositories|repository)\b(?:\s+(?:for|of))?",
        r"\b(?:come|comes|came|coming)\s+with\s+code\b",
        r"\bprojects?\s+(?:i|we)\s+(?:can|could)\b",
        r"\bcode\s+(?:i|we)\s+(?:can|could)\s+(?:clone|run|use)\b",
    )
)

# Phrases that ask for papers without code.
NO_CODE_PHRASES: tuple[re.Pattern[str], ...] = tuple(
    lazy(p, re.IGNORECASE)
    for p in (
        r"\b(?:did\s*n[o']?t|didn\s*'?\s*t|do\s*n[o']?t|does\s*n[o']?t|never)\s+(?:release|publish|share|have|come\s+with)\s+(?:any\s+|their\s+|its\s+)?code\b",
        r"\bno\s+(?:public\s+)?code\s+(?:release[sd]?|available|published|online)\b",
    )
)

# arXiv category suffixes named in words (only used when the corpus has papers in that category).
CATEGORY_WORDS: dict[str, str] = {
    "nlp": "CL",
    "natural language processing": "CL",
    "computational linguistics": "CL",
    "language processing": "CL",
    "computer vision": "CV",
    "vision": "CV",
    "machine learning": "LG",
    "artificial intelligence": "AI",
    "information retrieval": "IR",
    "robotics": "RO",
    "multimedia": "MM",
    "cryptography": "CR",
    "security": "CR",
    "graphics": "GR",
    "sound": "SD",
    "audio": "SD",
}
