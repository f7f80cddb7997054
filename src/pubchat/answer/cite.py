"""Reference formats in one place: BibTeX (arXiv export style), APA 7, plain text and Markdown.

Keys look like `zhang2022learn` (first author's surname, year, first significant title word) and
are made unique across the whole corpus with a, b, c suffixes, so citing one paper alone gives
the same key as exporting them all. Papers without an arXiv id (e.g. BEIR corpora) become
`@misc` entries without eprint fields.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence

from pubchat.answer.latex import to_text
from pubchat.markup import md_escape, safe_url
from pubchat.models import CiteFormat, Paper
from pubchat.textsafe import clean, one_line

# Function words skipped when picking the key's title word.
_KEY_STOPWORDS = frozenset(
    "a an the of on in for to and or with from by at via into onto over under towards toward "
    "is are be do does how what when why which who whose this that these those using based "
    "new novel".split()
)
_BIBTEX_SPECIALS = {
    "\\": r"\textbackslash{}",
    # BibTeX counts braces even after a backslash, so "\{" would unbalance the field: use the text commands
    "{": r"\textbraceleft{}",
    "}": r"\textbraceright{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
_BIBTEX_SPECIAL_RE = re.compile(r"[\\{}&%$#_~^]")
_WORD_RE = re.compile(r"[^\W_]+", re.UNICODE)


def ascii_fold(text: str) -> str:
    """Lower-case ASCII letters and digits only ("Müller" -> "muller")."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed.lower() if ch.isascii() and ch.isalnum())


def split_name(name: str) -> tuple[str, str]:
    """(given names, surname) from "First Middle Last" or "Last, First"."""
    name = " ".join(name.split())
    if "," in name:
        last, _, first = name.partition(",")
        return first.strip(), last.strip()
    parts = name.split(" ")
    if len(parts) == 1:
        return "", parts[0]
    # keep lower-case particles with the surname: "Ludwig van Beethoven" -> "van Beethoven"
    i = len(parts) - 1
    while i > 1 and parts[i - 1][:1].islower():
        i -= 1
    return " ".join(parts[:i]), " ".join(parts[i:])


def initials(given: str) -> str:
    """APA-style initials: "Yuhang" -> "Y.", "Jean-Paul Marie" -> "J.-P. M."."""
    out = []
    for word in given.split():
        pieces = [p for p in word.split("-") if p]
        letters = [p[0].upper() + "." for p in pieces if p[0].isalpha()]
        if letters:
            out.append("-".join(letters))
    return " ".join(out)


def short_name(name: str) -> str:
    """ "Yuhang Zhang" -> "Y. Zhang" (for plain and Markdown references)."""
    given, surname = split_name(name)
    inits = initials(given)
    return f"{inits} {surname}".strip()


def _key_stem(paper: Paper) -> str:
    """The key before uniqueness suffixes: surname + year + first significant title word."""
    surname = ascii_fold(split_name(paper.authors[0])[1]) if paper.authors else ""
    surname = surname or "anon"
    year = str(paper.year) if paper.year else "nd"
    word = ""
    for token in _WORD_RE.findall(paper.title):
        folded = ascii_fold(token)
        if folded and folded not in _KEY_STOPWORDS:
            word = folded
            break
    return f"{surname}{year}{word}"


def cite_keys(papers: Sequence[Paper]) -> dict[str, str]:
    """BibTeX keys for every paper, unique within the corpus (collisions get a, b, c... in corpus order)."""
    groups: dict[str, list[str]] = defaultdict(list)
    for paper in papers:
        groups[_key_stem(paper)].append(paper.id)
    keys: dict[str, str] = {}
    taken = {stem for stem, ids in groups.items() if len(ids) == 1}
    for stem, ids in groups.items():
        if len(ids) == 1:
            keys[ids[0]] = stem
            continue
        n = 0
        for pid in ids:
            while True:
                candidate = stem + _suffix(n)
                n += 1
                if candidate not in taken:
                    break
            taken.add(candidate)
            keys[pid] = candidate
    return keys


def _suffix(n: int) -> str:
    """a, b, ..., z, aa, ab, ... for the n-th colliding key."""
    letters = ""
    n += 1
    while n:
        n, rem = divmod(n - 1, 26)
        letters = chr(ord("a") + rem) + letters
    return letters


def bibtex_escape(text: str) -> str:
    """Escape LaTeX specials so a value is safe inside a braced BibTeX field (its braces always balance);
    escapes and controls are removed first (`pubchat.textsafe.clean`), UTF-8 accents are kept."""
    flat = one_line(text)
    return _BIBTEX_SPECIAL_RE.sub(lambda m: _BIBTEX_SPECIALS[m.group(0)], flat)


_AND_WORD = re.compile(r"(?:^|\s)and(?:\s|$)", re.IGNORECASE)


def bibtex_name(name: str) -> str:
    """One author for a BibTeX `author` list: escaped, and braced whole when BibTeX would otherwise split
    it ("Barnes and Noble" holds the separator word) or read it as "others" (et al.)."""
    escaped = bibtex_escape(name)
    if _AND_WORD.search(escaped) or escaped.casefold() == "others" or escaped.count(",") > 2:
        return "{" + escaped + "}"
    return escaped


def bibtex_names(authors: Sequence[str], complete: bool = True) -> str:
    """A structured author list joined with BibTeX's " and " (each name stays one author)."""
    names = [bibtex_name(a) for a in authors if one_line(a)]
    if names and not complete:
        names.append("others")
    return " and ".join(names)


def _protect_case(title: str) -> str:
    """Brace words with a capital inside a hyphen-part (SFace, OPOM, RGB-D, 3D) so styles keep their case."""
    out = []
    for word in title.split(" "):
        core = word.rstrip(",:;.?!")
        parts = core.split("-")
        if any(any(ch.isupper() for ch in part[1:]) for part in parts) and "\\" not in core:
            out.append("{" + core + "}" + word[len(core) :])
        else:
            out.append(word)
    return " ".join(out)


def format_bibtex(paper: Paper, key: str) -> str:
    """One `@misc` entry in arXiv's export style."""
    fields: list[tuple[str, str]] = [("title", _protect_case(bibtex_escape(paper.title)))]
    authors = bibtex_names(paper.authors, paper.authors_complete)
    if authors:
        fields.append(("author", authors))
    if paper.year:
        fields.append(("year", str(paper.year)))
    if paper.arxiv_id:
        fields.append(("eprint", bibtex_escape(paper.arxiv_id)))
        fields.append(("archivePrefix", "arXiv"))
        if paper.category:
            fields.append(("primaryClass", bibtex_escape(paper.category)))
    if paper.url:
        fields.append(("url", _url_for_bibtex(paper.url)))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@misc{{{key},\n{body}\n}}"


def _url_for_bibtex(url: str) -> str:
    """URLs go in verbatim (the url package handles _ and %), but braces and spaces must not break the entry."""
    return re.sub(r"[{}\s\\]", lambda m: f"%{ord(m.group(0)):02X}", url.strip())


# A capitalised word standing alone after a lower-case word, not followed by another capital or a hyphen.
# The lower-case word's length is bounded so the scan stays linear on hyphen chains.
_CAP_AFTER_LOWER = re.compile(r"\b[a-z][\w-]{0,64}\s+([A-Z][a-z]*)\b(?!-)(?!\s+[A-Z])")


class _ProperNouns:
    """What an abstract says about capitalised title words, read from the abstract once (linear)."""

    def __init__(self, abstract: str) -> None:
        self._abstract = abstract
        self._lower: set[str] | None = None
        self._alone: set[str] | None = None

    def __call__(self, word: str) -> bool:
        """A capitalised title word is a proper noun ("Gaussian") when the abstract never lower-cases it and
        capitalises it on its own between lower-case words (not inside a Title-Cased method name)."""
        if self._lower is None or self._alone is None:
            self._lower = set(_WORD_CHARS.findall(self._abstract))
            self._alone = {m.group(1) for m in _CAP_AFTER_LOWER.finditer(self._abstract)}
        return word.lower() not in self._lower and word in self._alone


_WORD_CHARS = re.compile(r"\w+")


def sentence_case(title: str, abstract: str = "") -> str:
    """APA sentence case: lower-case plain capitalised words; keep acronyms, mixed case and proper nouns.

    The first word and the first word after a colon keep a capital; later parts of hyphenated
    words follow the same rule ("Semi-Supervised" -> "Semi-supervised").
    """
    out = []
    first = True
    is_proper = _ProperNouns(abstract)
    for word in title.split(" "):
        match = re.fullmatch(r"([^\w]*)([\w-]+?)([^\w]*)", word)
        if not match:
            out.append(word)
            first = word.endswith((":", "?", "!", "."))
            continue
        lead, core, trail = match.groups()
        parts = core.split("-")
        is_name = any(any(ch.isupper() for ch in part[1:]) for part in parts)
        if is_name or (not out and trail.startswith(":")):
            out.append(word)  # SFace, RGB-D, FKA-Owl; a one-word name before the colon
            first = word.endswith((":", "?", "!", "."))
            continue
        new_parts = []
        for i, part in enumerate(parts):
            plain_cap = re.fullmatch(r"[A-Z][a-z]*", part) is not None
            if first and i == 0:
                new_parts.append(part[:1].upper() + part[1:])
            elif plain_cap and not is_proper(part):
                new_parts.append(part.lower())
            else:
                new_parts.append(part)
        out.append(lead + "-".join(new_parts) + trail)
        first = word.endswith((":", "?", "!", "."))
    return " ".join(out)


def apa_authors(authors: Sequence[str], complete: bool = True) -> str:
    """APA 7 author list: up to 20 names, "&" before the last; 21+ -> first 19, ..., last."""
    names = []
    for name in authors:
        given, surname = split_name(name)
        inits = initials(given)
        names.append(f"{surname}, {inits}" if inits else surname)
    if not names:
        return ""
    if not complete:
        return ", ".join(names) + ", et al."
    if len(names) == 1:
        return names[0]
    if len(names) > 20:
        return ", ".join(names[:19]) + ", . . . " + names[-1]
    return ", ".join(names[:-1]) + ", & " + names[-1]


def format_apa(paper: Paper) -> str:
    """APA 7 reference for a preprint: Authors (Year). Title (arXiv:ID). arXiv. DOI-or-URL."""
    year = f"({paper.year})" if paper.year else "(n.d.)"
    title = sentence_case(" ".join(to_text(paper.title).split()), paper.abstract)
    title = title.rstrip(".")
    authors = apa_authors(paper.authors, paper.authors_complete)
    if paper.arxiv_id:
        source = f"{title} (arXiv:{paper.arxiv_id}). arXiv. https://doi.org/10.48550/arXiv.{paper.arxiv_id}"
    else:
        source = f"{title}." + (f" {paper.url}" if paper.url else "")
    if authors:
        authors = authors if authors.endswith(".") else authors + "."
        return f"{authors} {year}. {source}"
    return f"{title}. {year}." + (f" {paper.url}" if paper.url else "")


def author_line(authors: Sequence[str], complete: bool = True, limit: int | None = None) -> str:
    """ "Y. Zhang, C. Wang, W. Deng" (with "et al." past `limit` names or when the list is incomplete)."""
    names = [short_name(a) for a in authors]
    if limit is not None and len(names) > limit:
        return ", ".join(names[:limit]) + " et al."
    text = ", ".join(names)
    return text + " et al." if names and not complete else text


def _source_bits(paper: Paper) -> list[str]:
    """ "arXiv:ID", year: the venue part of plain and Markdown references."""
    bits = []
    if paper.arxiv_id:
        bits.append(f"arXiv:{paper.arxiv_id}")
    if paper.year:
        bits.append(str(paper.year))
    return bits


def code_link(paper: Paper) -> str | None:
    """The paper's code link, when the list flags code and the abstract gives a URL."""
    return paper.code_url if paper.has_code and paper.code_url else None


def format_plain(paper: Paper, author_limit: int | None = None) -> str:
    """Plain text: Authors. Title. arXiv:ID, Year. URL (code: URL)."""
    parts = []
    authors = author_line(paper.authors, paper.authors_complete, author_limit)
    if authors:
        parts.append(authors.rstrip(".") + ".")
    parts.append(" ".join(to_text(paper.title).split()).rstrip(".") + ".")
    bits = _source_bits(paper)
    if bits:
        parts.append(", ".join(bits) + ".")
    text = " ".join(parts)
    if paper.url:
        text += f" {paper.url}"
    code = code_link(paper)
    if code:
        text += f" (code: {code})"
    return text


def _md_text(text: str) -> str:
    """One line of Markdown text: whitespace runs collapsed, specials escaped."""
    return " ".join(md_escape(text).split())


def md_link(label: str, url: str | None) -> str:
    """A Markdown link with an escaped label (the bare label when the URL is missing or unsafe)."""
    safe = safe_url(url)
    return f"[{_md_text(label)}](<{safe}>)" if safe else _md_text(label)


def format_md(paper: Paper, author_limit: int | None = None) -> str:
    """Markdown: Authors. *Title*. [arXiv:ID](url), Year. [code](url)."""
    parts = []
    authors = author_line(paper.authors, paper.authors_complete, author_limit)
    if authors:
        parts.append(_md_text(authors.rstrip(".")) + ".")
    parts.append("*" + _md_text(to_text(paper.title)).rstrip(".") + "*.")
    bits = []
    if paper.arxiv_id:
        bits.append(md_link(f"arXiv:{paper.arxiv_id}", paper.url))
    elif safe_url(paper.url):
        bits.append(md_link("link", paper.url))
    if paper.year:
        bits.append(str(paper.year))
    if bits:
        parts.append(", ".join(bits) + ".")
    code = code_link(paper)
    if code and safe_url(code):
        parts.append(f"Code: <{safe_url(code)}>")
    return " ".join(parts)


def safe_fields(paper: Paper) -> Paper:
    """The paper with every text field passed through the terminal-safety gate, each on its own, so one
    field's stray escape sequence can never swallow the next field once they are joined."""
    update: dict[str, object] = {}
    for name, value in paper:
        if isinstance(value, str):
            cleaned: object = clean(value) if name == "abstract" else one_line(value)
        elif isinstance(value, list) and value and all(isinstance(v, str) for v in value):
            cleaned = [one_line(v) for v in value]
        else:
            continue
        if cleaned != value:
            update[name] = cleaned
    return paper.model_copy(update=update) if update else paper


def render_bibtex(papers: Sequence[Paper], keys: dict[str, str]) -> str:
    """BibTeX entries, blank-line separated (keys from `keys`, else made from the paper)."""
    return "\n\n".join(format_bibtex(p, keys.get(p.id) or _key_stem(p)) for p in papers)


def render_apa(papers: Sequence[Paper], keys: dict[str, str]) -> str:
    """APA 7 references, blank-line separated."""
    return "\n\n".join(format_apa(p) for p in papers)


def render_plain(papers: Sequence[Paper], keys: dict[str, str]) -> str:
    """Plain-text references, blank-line separated."""
    return "\n\n".join(format_plain(p) for p in papers)


def render_md(papers: Sequence[Paper], keys: dict[str, str]) -> str:
    """A Markdown list of references."""
    return "\n".join(f"- {format_md(p)}" for p in papers)


def format_references(papers: Iterable[Paper], fmt: CiteFormat, keys: dict[str, str]) -> str:
    """Several papers in the given order, in a format of the registry (pubchat.citeformats); every
    paper's fields are cleaned first (`safe_fields`), whatever the format."""
    from pubchat.citeformats import get_format

    papers = list(papers)
    cleaned = [safe_fields(p) for p in papers]
    cleaned_keys = {c.id: keys[p.id] for p, c in zip(papers, cleaned, strict=True) if p.id in keys}
    return get_format(fmt).render(cleaned, cleaned_keys)
