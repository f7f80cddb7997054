"""Corpus loading, validation and importers (profile text, JSONL, BEIR)."""

from pubchat.corpus.importers import ImportResult, import_source, load_beir_corpus
from pubchat.corpus.store import dump_jsonl, load_corpus, parse_jsonl, read_jsonl, shipped_corpus_path

__all__ = [
    "ImportResult", "dump_jsonl", "import_source", "load_beir_corpus", "load_corpus",
    "parse_jsonl", "read_jsonl", "shipped_corpus_path",
]
