"""Our own corpus format, JSON Lines of `Paper` records: reading (validated), writing, the shipped copy."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from importlib import resources
from pathlib import Path

from pydantic import ValidationError

from pubchat.corpus.text import iter_json_objects, read_text
from pubchat.errors import CorpusError, one_line
from pubchat.models import Paper

SHIPPED_NAME = "papers.jsonl"


def shipped_corpus_path() -> Path:
    """Where the corpus shipped inside the package lives (`pubchat.shipped`, the repo's corpus/)."""
    try:
        return Path(str(resources.files("pubchat.shipped").joinpath(SHIPPED_NAME)))
    except ModuleNotFoundError:
        # Editable installs with a mapped package dir: fall back to the source tree layout.
        return Path(__file__).resolve().parents[3] / "corpus" / SHIPPED_NAME


def _validation_message(exc: ValidationError) -> str:
    """First pydantic error as "field 'x': message"."""
    err = exc.errors()[0]
    loc = ".".join(str(p) for p in err["loc"]) or "record"
    if err["type"] == "extra_forbidden":
        return f"field '{loc}': unknown field"
    if err["type"] == "missing":
        return f"field '{loc}': required field is missing"
    return f"field '{loc}': {one_line(err['msg'])}"


def parse_jsonl(text: str, source: str) -> list[Paper]:
    """Parse and validate JSONL text; errors name source:line and the field."""
    papers: list[Paper] = []
    seen: dict[str, int] = {}
    for number, data in iter_json_objects(text, source):
        try:
            paper = Paper.model_validate(data)
        except ValidationError as exc:
            raise CorpusError(f"{source}:{number}: {_validation_message(exc)}") from None
        if paper.id in seen:
            raise CorpusError(
                f"{source}:{number}: field 'id': duplicate id {paper.id!r} "
                f"(first on line {seen[paper.id]}); ids must be unique"
            )
        seen[paper.id] = number
        papers.append(paper)
    if not papers:
        raise CorpusError(f"{source}: the corpus is empty; import a publication list with `pubchat import`")
    return papers


def read_jsonl(path: str | Path) -> list[Paper]:
    """Read a corpus JSONL file."""
    path = Path(path)
    if not path.exists():
        raise CorpusError(f"{path}: corpus file not found; create one with `pubchat import profile FILE -o {path}`")
    return parse_jsonl(read_text(path), str(path))


# Characters a terminal may act on or that hide text (C1, bidi, zero-width) and lone surrogates (not UTF-8):
# written as JSON \u escapes, so the data stays exact and the file is safe to print.
_UNSAFE_IN_FILE = re.compile(
    "[\x7f-\x9f\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\ud800-\udfff]"
)


def dump_jsonl(papers: Iterable[Paper]) -> str:
    """Serialise papers as JSONL, one stable line per paper (sorted keys, UTF-8, no NaN, controls escaped)."""
    lines = [json.dumps(p.model_dump(mode="json"), ensure_ascii=False, sort_keys=True, allow_nan=False) for p in papers]
    text = "\n".join(lines) + "\n"
    return _UNSAFE_IN_FILE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text)


def load_corpus(path: str | Path | None = None) -> list[Paper]:
    """Load a corpus: a JSONL file, or the shipped corpus when path is None."""
    return read_jsonl(shipped_corpus_path() if path is None else path)
