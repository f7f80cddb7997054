"""Corpus loading, validation and importers (profile text, JSONL, BEIR).

Public names load their module on first use (PEP 562), so loading a corpus for one question
does not import the importers (a one-shot `pubchat ask` starts sooner).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pubchat.corpus.importers import import_source, load_beir_corpus
    from pubchat.corpus.records import ImportResult
    from pubchat.corpus.store import dump_jsonl, load_corpus, parse_jsonl, read_jsonl, shipped_corpus_path

_MODULE_OF = {
    "ImportResult": "records",
    "import_source": "importers",
    "load_beir_corpus": "importers",
    "dump_jsonl": "store",
    "load_corpus": "store",
    "parse_jsonl": "store",
    "read_jsonl": "store",
    "shipped_corpus_path": "store",
}

__all__ = [
    "ImportResult",
    "dump_jsonl",
    "import_source",
    "load_beir_corpus",
    "load_corpus",
    "parse_jsonl",
    "read_jsonl",
    "shipped_corpus_path",
]


def __getattr__(name: str) -> Any:
    """A public name, imported from its module on first use."""
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module 'pubchat.corpus' has no attribute {name!r}")
    return getattr(importlib.import_module(f"pubchat.corpus.{module}"), name)
