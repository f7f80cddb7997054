"""Names of the import formats (kept apart from the importers so the CLI can list them without loading any)."""

from __future__ import annotations

FORMATS = ("auto", "profile", "jsonl", "beir", "bibtex", "csl-json", "ris", "arxiv", "openalex", "semantic-scholar")
