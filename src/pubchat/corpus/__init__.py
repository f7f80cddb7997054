"""Corpus loading, validation and importers (profile text, JSONL, BEIR)."""
