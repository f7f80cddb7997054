"""Reference formats written by pubchat: BibTeX, APA 7, plain text and Markdown; `format_references`
renders any format of the registry (pubchat.citeformats: these, the CSL styles, RIS and CSL-JSON).

A paper with a DOI or venue is cited as the published version (@article / @inproceedings, APA with
the venue and DOI) with its arXiv id as an eprint note; otherwise as the arXiv preprint (@misc in
arXiv's export style). Keys are the source's own citation key when it had one, else like
`zhang2022learn` (first author's surname, year, first significant title word); all are unique across
the corpus (a, b, c suffixes), so citing one paper alone gives the same key as exporting them all.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence

from pubchat.answer.latex import to_text
from pubchat.corpus.names import parse_name
from pubchat.markup import md_escape, safe_url
from pubchat.models import CiteFormat, Paper
from pubchat.textsafe import clean, is_safe, one_line

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
_LIGATURE_RE = re.compile(r"-{2,}|`{2,}|'{2,}|[?!]`")
_WORD_RE = re.compile(r"[^\W_]+", re.UNICODE)
# What BibTeX and bibtexparser accept as an entry key (no spaces, braces, commas, quotes, #, %, ~, =).
_BIBTEX_KEY_RE = re.compile(r"[^\s{}(),\"#%~=\\]+")
_PAGE_DASH_RE = re.compile(r"\s*[-–—]+\s*")
_BIBTEX_TYPES = {"article": "article", "inproceedings": "inproceedings", "book": "book", "incollection": "incollection"}


def ascii_fold(text: str) -> str:
    """Lower-case ASCII letters and digits only ("Müller" -> "muller")."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed.lower() if ch.isascii() and ch.isalnum())


def split_name(name: str) -> tuple[str, str]:
    """(given names, surname with particles) from any BibTeX name form; a suffix (Jr., III) is in neither."""
    parts = parse_name(name)
    return parts.first, parts.surname


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
    surname = ascii_fold(parse_name(paper.authors[0]).surname) if paper.authors else ""
    surname = surname or "anon"
    year = str(paper.year) if paper.year else "nd"
    word = ""
    for token in _WORD_RE.findall(paper.title):
        folded = ascii_fold(token)
        if folded and folded not in _KEY_STOPWORDS:
            word = folded
            break
    return f"{surname}{year}{word}"


# Every key `cite_keys` generates: folded surname, the year (or "nd"), a folded title word, a suffix.
_GENERATED_KEY_RE = re.compile(r"[a-z0-9]*(?:[0-9]|nd)[a-z0-9]*")


def may_be_key(value: str, source_keys: Iterable[str]) -> bool:
    """False when `value` is none of the keys `cite_keys` gives: not one of the sources' own keys and
    not of the generated form (lower-case ASCII letters and digits holding the year or "nd")."""
    return _GENERATED_KEY_RE.fullmatch(value) is not None or value in set(source_keys)


def cite_keys(papers: Sequence[Paper]) -> dict[str, str]:
    """BibTeX keys for every paper, unique within the corpus: a key the source gave is kept (the first
    holder keeps it); others are generated, collisions getting a, b, c... in corpus order."""
    keys: dict[str, str] = {}
    kept: set[str] = set()
    for paper in papers:
        key = paper.citation_key
        if key and key not in kept and _BIBTEX_KEY_RE.fullmatch(key) and is_safe(key):  # no controls: printed raw
            keys[paper.id] = key
            kept.add(key)
    groups: dict[str, list[str]] = defaultdict(list)
    for paper in papers:
        if paper.id not in keys:
            groups[_key_stem(paper)].append(paper.id)
    taken = kept | {stem for stem, ids in groups.items() if len(ids) == 1 and stem not in kept}
    for stem, ids in groups.items():
        if len(ids) == 1 and stem not in kept:
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


class LazyKeys(Mapping[str, str]):
    """Citation keys made by `source` on first lookup: an answer that cites nothing never computes them."""

    def __init__(self, source: Callable[[], Mapping[str, str]]) -> None:
        """Keep the function that computes the keys (e.g. `cite_keys` over the corpus)."""
        self._source = source
        self._keys: Mapping[str, str] | None = None

    def _all(self) -> Mapping[str, str]:
        if self._keys is None:
            self._keys = self._source()
        return self._keys

    def __getitem__(self, paper_id: str) -> str:
        return self._all()[paper_id]

    def __iter__(self) -> Iterator[str]:
        return iter(self._all())

    def __len__(self) -> int:
        return len(self._all())


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
    escapes and controls are removed first (`pubchat.textsafe.clean`), UTF-8 accents are kept. Runs of
    hyphens and doubled quote marks are broken up ("-{}-") so LaTeX keeps them as typed instead of
    turning them into dashes and curly quotes."""
    flat = one_line(text)
    escaped = _BIBTEX_SPECIAL_RE.sub(lambda m: _BIBTEX_SPECIALS[m.group(0)], flat)
    return _LIGATURE_RE.sub(lambda m: "{}".join(m.group(0)), escaped)


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


_AND_WORD = re.compile(r"(?:^|\s)and(?:\s|$)", re.IGNORECASE)


def bibtex_name(name: str) -> str:
    """One author for a BibTeX `author` list: as written ("Yuhang Zhang") and escaped, unless BibTeX
    would misread it: a suffix gives "von Last, Jr, First"; a name BibTeX would split ("Barnes and
    Noble" holds the separator word), read as "others" (et al.) or take apart (a group's name) is braced whole."""
    escaped = bibtex_escape(name)
    if _AND_WORD.search(escaped) or escaped.casefold() == "others" or escaped.count(",") > 2:
        return "{" + escaped + "}"
    parts = parse_name(one_line(name))
    if parts.jr:
        return ", ".join(bibtex_escape(p) for p in (parts.surname, parts.jr, parts.first) if p)
    if not parts.first and not parts.von and " " in parts.last:
        return "{" + escaped + "}"
    return escaped


def bibtex_names(authors: Sequence[str], complete: bool = True) -> str:
    """A structured author list joined with BibTeX's " and " (each name stays one author)."""
    names = [bibtex_name(a) for a in authors if one_line(a)]
    if names and not complete:
        names.append("others")
    return " and ".join(names)


def is_published(paper: Paper) -> bool:
    """Whether a paper is cited as its published version (it has a DOI or a venue)."""
    return bool(paper.doi or paper.venue)


def _bibtex_type(paper: Paper) -> str:
    """The entry type: the published kind when known, @article for a journal-like venue, else @misc."""
    if not is_published(paper):
        return "misc"
    if paper.type in _BIBTEX_TYPES:
        return _BIBTEX_TYPES[paper.type]
    if paper.type == "thesis":
        return "phdthesis"
    if paper.type == "report":
        return "techreport"
    return "article" if paper.venue else "misc"


def format_bibtex(paper: Paper, key: str, abstract: bool = False) -> str:
    """One entry: the published version (@article, @inproceedings ...) with the arXiv id as eprint
    fields when it has a DOI or venue, else a `@misc` preprint in arXiv's export style. `abstract`
    adds the abstract and keywords (a library export, not a reference to paste)."""
    kind = _bibtex_type(paper)
    fields: list[tuple[str, str]] = [("title", _protect_case(bibtex_escape(paper.title)))]
    authors = bibtex_names(paper.authors, paper.authors_complete)
    if authors:
        fields.append(("author", authors))
    if paper.venue:
        venue_field = {"article": "journal", "phdthesis": "school", "techreport": "institution", "misc": "howpublished"}
        fields.append((venue_field.get(kind, "booktitle"), bibtex_escape(paper.venue)))
    if paper.year:
        fields.append(("year", str(paper.year)))
    for name, value in (("volume", paper.volume), ("number", paper.issue), ("publisher", paper.publisher)):
        if value:
            fields.append((name, bibtex_escape(value)))
    if paper.pages:
        fields.append(("pages", "--".join(bibtex_escape(p) for p in _PAGE_DASH_RE.split(paper.pages))))
    if paper.doi:
        fields.append(("doi", bibtex_escape(paper.doi)))
    if paper.arxiv_id:
        fields.append(("eprint", bibtex_escape(paper.arxiv_id)))
        fields.append(("archivePrefix", "arXiv"))
        if paper.category:
            fields.append(("primaryClass", bibtex_escape(paper.category)))
    if paper.url:
        fields.append(("url", _url_for_bibtex(paper.url)))
    if abstract and paper.keywords:
        fields.append(("keywords", bibtex_escape(", ".join(paper.keywords))))
    if abstract and paper.abstract:
        fields.append(("abstract", bibtex_escape(paper.abstract)))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@{kind}{{{key},\n{body}\n}}"


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
    is_proper = _ProperNouns(abstract)
    out = []
    first = True
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
    """APA 7 author list: up to 20 names, "&" before the last; 21+ -> first 19, ..., last.
    A suffix follows the initials: "King, M. L., Jr."."""
    names = []
    for name in authors:
        parts = parse_name(name)
        inits = initials(parts.first)
        entry = f"{parts.surname}, {inits}" if inits else parts.surname
        names.append(f"{entry}, {parts.jr}" if parts.jr else entry)
    if not names:
        return ""
    if not complete:
        return ", ".join(names) + ", et al."
    if len(names) == 1:
        return names[0]
    if len(names) > 20:
        return ", ".join(names[:19]) + ", . . . " + names[-1]
    return ", ".join(names[:-1]) + ", & " + names[-1]


def _apa_published(paper: Paper, title: str) -> str:
    """The source part for a published version: Title. Venue, Volume(Issue), Pages. DOI (arXiv:ID)."""
    parts = [f"{title}."]
    venue = " ".join((paper.venue or "").split())
    if venue:
        detail = venue
        if paper.volume:
            detail += f", {paper.volume}" + (f"({paper.issue})" if paper.issue else "")
        if paper.pages:
            detail += ", " + _PAGE_DASH_RE.sub("–", paper.pages)
        parts.append(detail + ".")
    link = f"https://doi.org/{paper.doi}" if paper.doi else paper.url
    if link:
        parts.append(link)
    if paper.arxiv_id:
        parts.append(f"(arXiv:{paper.arxiv_id})")
    return " ".join(parts)


def format_apa(paper: Paper) -> str:
    """APA 7 reference: the published version (venue, DOI, arXiv id as a note) when known, else the
    preprint: Authors (Year). Title (arXiv:ID). arXiv. DOI."""
    year = f"({paper.year})" if paper.year else "(n.d.)"
    title = sentence_case(" ".join(to_text(paper.title).split()), paper.abstract)
    title = title.rstrip(".")
    authors = apa_authors(paper.authors, paper.authors_complete)
    if is_published(paper):
        source = _apa_published(paper, title)
    elif paper.arxiv_id:
        source = f"{title} (arXiv:{paper.arxiv_id}). arXiv. https://doi.org/10.48550/arXiv.{paper.arxiv_id}"
    else:
        source = f"{title}." + (f" {paper.url}" if paper.url else "")
    if authors:
        authors = authors if authors.endswith(".") else authors + "."
        return f"{authors} {year}. {source}"
    if is_published(paper):
        return f"{title}. {year}. " + source[len(title) + 2 :]
    return f"{title}. {year}." + (f" {paper.url}" if paper.url else "")


def author_line(authors: Sequence[str], complete: bool = True, limit: int | None = None) -> str:
    """ "Y. Zhang, C. Wang, W. Deng" (with "et al." past `limit` names or when the list is incomplete)."""
    if limit is not None and len(authors) > limit:
        return ", ".join(short_name(a) for a in authors[:limit]) + " et al."
    names = [short_name(a) for a in authors]
    text = ", ".join(names)
    return text + " et al." if names and not complete else text


def _source_bits(paper: Paper) -> list[str]:
    """Venue, "arXiv:ID", year: the source part of plain and Markdown references."""
    bits = []
    if paper.venue:
        bits.append(" ".join(paper.venue.split()))
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
    if paper.venue:
        bits.append("*" + _md_text(paper.venue) + "*")
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


def render_bibtex(papers: Sequence[Paper], keys: dict[str, str], abstracts: bool = False) -> str:
    """BibTeX entries, blank-line separated (keys from `keys`, else made from the paper); `abstracts`
    adds abstracts and keywords (a library export)."""
    return "\n\n".join(format_bibtex(p, keys.get(p.id) or _key_stem(p), abstracts) for p in papers)


def render_apa(papers: Sequence[Paper], keys: dict[str, str]) -> str:
    """APA 7 references, blank-line separated."""
    return "\n\n".join(format_apa(p) for p in papers)


def render_plain(papers: Sequence[Paper], keys: dict[str, str]) -> str:
    """Plain-text references, blank-line separated."""
    return "\n\n".join(format_plain(p) for p in papers)


def render_md(papers: Sequence[Paper], keys: dict[str, str]) -> str:
    """A Markdown list of references."""
    return "\n".join(f"- {format_md(p)}" for p in papers)


def format_references(
    papers: Iterable[Paper], fmt: CiteFormat, keys: Mapping[str, str], abstracts: bool = False
) -> str:
    """Several papers in the given order, in a format of the registry (pubchat.citeformats); every
    paper's fields are cleaned first (`safe_fields`), whatever the format. `abstracts` puts abstracts
    and keywords into the formats that carry whole records (BibTeX, RIS, CSL-JSON): a library export."""
    from pubchat.citeformats import get_format

    papers = list(papers)
    cleaned = [safe_fields(p) for p in papers]
    cleaned_keys = {c.id: keys[p.id] for p, c in zip(papers, cleaned, strict=True) if p.id in keys}
    return get_format(fmt).render(cleaned, cleaned_keys, abstracts=abstracts)
