"""Answer commands: `pubchat ask` (one question, or JSON Lines from stdin) and `pubchat cite`.

Everything printed passes through `pubchat.textsafe.clean` (or is JSON-encoded), so questions and
corpus text can never put escape sequences or control characters on the terminal.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING, TextIO

from pubchat.citeformats import format_names
from pubchat.errors import PubchatError

if TYPE_CHECKING:
    from pubchat.models import Answer

ASK_FORMATS = ("text", "markdown", "json")


def register(sub: argparse._SubParsersAction) -> None:
    """Add `ask` and `cite` to the CLI."""
    ask = sub.add_parser(
        "ask",
        help="answer a question about the publication list",
        description="Answer a question from the papers' abstracts, with numbered citations. "
        "Use '-' to read one question per line from stdin and write one JSON object per line "
        "(JSON Lines; --format text or markdown for readable output instead).",
    )
    ask.add_argument("question", nargs="+", help="the question (several words are joined), or '-' for stdin")
    ask.add_argument(
        "--format",
        choices=ASK_FORMATS,
        default=None,
        help="output: text (terminal, default), markdown, or json (the JSON contract)",
    )
    ask.add_argument("--json", action="store_true", help="same as --format json")
    ask.add_argument(
        "--top-k",
        type=int,
        default=None,
        metavar="N",
        help="papers to summarise and cite (default: answer.top_k from the config)",
    )
    ask.set_defaults(handler=cmd_ask)

    cite = sub.add_parser(
        "cite",
        help="print references for papers by id, arXiv id, citation key or title words",
        description="Print formatted references. Each argument is a paper id, an arXiv id, a BibTeX key "
        '(zhang2022learn) or title/method words ("SFace", "learn from all"). --format names the style.',
    )
    cite.add_argument("papers", nargs="+", metavar="ID|TITLE", help="papers to cite")
    cite.add_argument(
        "--format",
        default=None,
        metavar="FORMAT",
        help=f"one of {', '.join(format_names())}, or csl:FILE for any CSL style file "
        "(default: cite.format from the config)",
    )
    cite.set_defaults(handler=cmd_cite)


def _top_k(value: int | None) -> int | None:
    """Validate --top-k."""
    if value is not None and not 1 <= value <= 50:
        raise PubchatError(f"--top-k {value}: expected a number from 1 to 50")
    return value


def _json_line(answer: Answer) -> str:
    """One JSON object on one line (non-ASCII escaped, so the line is terminal-safe)."""
    return json.dumps(answer.model_dump(mode="json"), ensure_ascii=True)


def cmd_ask(args: argparse.Namespace) -> int:
    """Answer one question (text, Markdown or JSON), or a stream of questions from stdin as JSON Lines."""
    from pubchat.cli.corpus_cmds import open_engine
    from pubchat.conversation import Conversation
    from pubchat.textsafe import clean

    stream = args.question == ["-"]
    fmt = "json" if args.json else (args.format or ("json" if stream else "text"))
    top_k = _top_k(args.top_k)
    assistant = open_engine(args)
    out: TextIO = sys.stdout
    if stream:
        import gc

        gc.enable()  # a stream can be long: collect cycles as usual (main() turns collection off for one-shots)
        # one answer per input line (blank lines too), so outputs pair up with inputs; the lines are one
        # conversation, so "bibtex for [2]" refers to the answer before it
        conversation = Conversation()
        for line in sys.stdin:
            question = line.rstrip("\r\n")
            response = assistant.respond(question, conversation, top_k=top_k)
            if fmt == "json":
                out.write(_json_line(response.answer) + "\n")
            elif fmt == "markdown":
                out.write(clean(response.answer.answer) + "\n\n")
            else:
                out.write(clean(response.text) + "\n\n")
            out.flush()
        return 0
    question = " ".join(args.question)
    response = assistant.respond(question, top_k=top_k)
    if fmt == "json":
        out.write(_json_line(response.answer) + "\n")
    elif fmt == "markdown":
        out.write(clean(response.answer.answer) + "\n")
    else:
        out.write(clean(response.text) + "\n")
    return 0


def cmd_cite(args: argparse.Namespace) -> int:
    """Print references for the named papers; an unknown name is an error naming it."""
    from pubchat.answer.cite import format_references
    from pubchat.citeformats import option_format
    from pubchat.cli.corpus_cmds import open_engine
    from pubchat.textsafe import clean, one_line

    if args.format:
        option_format(args.format)  # before loading the corpus: a typo fails fast
    assistant = open_engine(args)
    fmt = args.format or assistant.settings.cite.format
    papers = []
    for token in args.papers:
        found = assistant.resolve_all(token)
        if not found:
            raise PubchatError(f"cite: no paper matches '{one_line(token, 80)}' (try an id from `pubchat papers`)")
        if len(found) > 1:
            lines = [f"cite: {len(found)} papers match '{one_line(token, 80)}'; which one?"]
            for n, paper in enumerate(found, start=1):
                year = f" ({paper.year})" if paper.year else ""
                lines.append(f"  [{n}] {one_line(paper.title)}{year}  id: {one_line(paper.id)}")
            lines.append("Name it more exactly, or give its id.")
            sys.stderr.write(clean("\n".join(lines)) + "\n")
            return 2
        if found[0] not in papers:
            papers.append(found[0])
    sys.stdout.write(clean(format_references(papers, fmt, assistant.keys)) + "\n")
    return 0
