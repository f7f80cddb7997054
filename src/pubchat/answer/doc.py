"""A tiny document model for answers, rendered as Markdown (the contract) or as terminal text.

Compose builds blocks of spans; untrusted text (titles, abstract sentences, questions) only
ever enters as plain spans, which the Markdown renderer escapes and the text renderer cleans,
so nothing from the corpus or the question becomes markup or a terminal escape.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from pubchat.lazyre import lazy
from pubchat.markup import md_escape, safe_url
from pubchat.textsafe import clean

SpanKind = Literal["text", "strong", "em", "link", "raw"]


@dataclass(frozen=True)
class Span:
    """A run of inline text: plain, strong, emphasised, a link (text + url), or `raw` trusted Markdown."""

    kind: SpanKind
    text: str
    url: str | None = None


def t(text: str) -> Span:
    """Plain text span."""
    return Span("text", text)


def strong(text: str) -> Span:
    """Bold span."""
    return Span("strong", text)


def em(text: str) -> Span:
    """Italic span."""
    return Span("em", text)


def raw(text: str) -> Span:
    """Trusted template text written to Markdown as is ("[1]" markers): never pass untrusted text."""
    return Span("raw", text)


def link(text: str, url: str | None) -> Span:
    """Link span (shown as text + URL in the terminal)."""
    return Span("link", text, url)


@dataclass
class Block:
    """One block: a paragraph, a bullet, a reference entry ([n] hanging indent), a heading or a code block."""

    kind: Literal["para", "bullet", "ref", "heading", "code"]
    spans: list[Span] = field(default_factory=list)
    label: str = ""  # "[1]" for references
    lang: str = ""  # code block language
    code: str = ""


@dataclass
class Doc:
    """An answer's body as blocks."""

    blocks: list[Block] = field(default_factory=list)

    def para(self, *spans: Span) -> None:
        """Append a paragraph."""
        self.blocks.append(Block("para", list(spans)))

    def bullet(self, *spans: Span) -> None:
        """Append a bullet item."""
        self.blocks.append(Block("bullet", list(spans)))

    def ref(self, label: str, *spans: Span) -> None:
        """Append a reference entry with a hanging label."""
        self.blocks.append(Block("ref", list(spans), label=label))

    def heading(self, text: str) -> None:
        """Append a small heading."""
        self.blocks.append(Block("heading", [t(text)]))

    def code(self, text: str, lang: str = "") -> None:
        """Append a preformatted block (BibTeX entries)."""
        self.blocks.append(Block("code", lang=lang, code=text))


_SPACES = lazy(r"\s+")


def _flat(text: str) -> str:
    """Clean text with whitespace runs collapsed (edge spaces kept, they separate spans)."""
    value = clean(text)
    if value.isprintable() and "  " not in value:  # its only whitespace is single spaces: nothing to collapse
        return value
    return _SPACES.sub(" ", value)


# A wrapped line must not start with something Markdown reads as a new block (list item, heading...).
_BLOCK_START = lazy(r"^(?:[-+*=>#|]|\d+[.)])(?:\s|$)")


def _md_span(span: Span) -> str:
    """One span as Markdown."""
    text = _flat(span.text)
    if span.kind == "raw":
        return text
    if span.kind in ("strong", "em"):
        mark = "**" if span.kind == "strong" else "*"
        core = text.strip()
        if not core:
            return text
        lead, trail = text[: len(text) - len(text.lstrip())], text[len(text.rstrip()) :]
        return f"{lead}{mark}{md_escape(core)}{mark}{trail}"
    if span.kind == "link":
        url = safe_url(span.url)
        if url and text == url:
            return f"<{url}>"
        return f"[{md_escape(text)}](<{url}>)" if url else md_escape(text)
    return md_escape(text)


def _text_span(span: Span) -> str:
    """One span as terminal text."""
    text = _flat(span.text)
    if span.kind == "link":
        url = safe_url(span.url)
        if url and url != text:
            return f"{text} ({url})" if text else url
    return text


def _wrap(text: str, width: int, first: str, rest: str, markdown: bool = False) -> str:
    """Wrap at word boundaries (URLs and long words stay whole).

    For Markdown, a line that would start with a block marker ("- ", "1. ", "# ") is joined to the
    previous one, so wrapping never turns running text into a list or a heading.
    """
    lines = _fill(text, width, first, rest)
    if markdown:
        merged: list[str] = []
        for line in lines:
            if merged and _BLOCK_START.match(line[len(rest) :]):
                merged[-1] += " " + line[len(rest) :]
            else:
                merged.append(line)
        lines = merged
    return "\n".join(lines)


def _fill(text: str, width: int, first: str, rest: str) -> list[str]:
    """Greedy lines of at most `width` columns (indent included): `first` opens the first line, `rest`
    the others; a word longer than a line stands alone. `text` is single-spaced (as `_join` makes it),
    so this is `textwrap.wrap` without broken words or hyphens, without its general chunking."""
    lines: list[str] = []
    words = text.split(" ") if text else []
    i, n = 0, len(words)
    while i < n:
        indent = rest if lines else first
        room = width - len(indent)
        line = [words[i]]
        used = len(words[i])
        i += 1
        while i < n and used + 1 + len(words[i]) <= room:
            used += 1 + len(words[i])
            line.append(words[i])
            i += 1
        lines.append(indent + " ".join(line))
    return lines


def _join(parts: list[str]) -> str:
    """Concatenate rendered spans, collapsing doubled spaces."""
    return " ".join("".join(parts).split())


def render_markdown(doc: Doc, width: int = 80) -> str:
    """Markdown that reads well raw at `width` columns and renders as expected."""
    out: list[str] = []
    for block in doc.blocks:
        if block.kind == "code":
            fence = "```"
            body = clean(block.code)
            while fence in body:
                fence += "`"
            out.append(f"{fence}{block.lang}\n{body}\n{fence}")
            continue
        text = _join([_md_span(s) for s in block.spans])
        if block.kind == "heading":
            out.append(f"**{md_escape(_flat(block.spans[0].text).strip())}**" if block.spans else "")
        elif block.kind == "bullet":
            out.append(_wrap(text, width, "- ", "  ", markdown=True))
        elif block.kind == "ref":
            label = block.label + " "
            out.append(_wrap(text, width, label, " " * len(label), markdown=True))
        else:
            out.append(_wrap(text, width, "", "", markdown=True))
    return "\n\n".join(part for part in out if part)


def render_text(doc: Doc, width: int = 80) -> str:
    """Plain terminal text: no markup, no escapes, wrapped at `width` columns."""
    out: list[str] = []
    previous = ""
    for block in doc.blocks:
        if block.kind == "code":
            out.append(("\n" if out else "") + clean(block.code))
            previous = "code"
            continue
        text = _join([_text_span(s) for s in block.spans])
        if block.kind == "heading":
            piece = clean(text)
        elif block.kind == "bullet":
            piece = _wrap(text, width, "- ", "  ")
        elif block.kind == "ref":
            label = block.label + " "
            piece = _wrap(text, width, label, " " * len(label))
        else:
            piece = _wrap(text, width, "", "")
        # bullets and references sit tight under each other; paragraphs get a blank line
        tight = block.kind in ("bullet", "ref") and previous == block.kind
        out.append(piece if tight or not out else "\n" + piece)
        previous = block.kind
    return "\n".join(out)
