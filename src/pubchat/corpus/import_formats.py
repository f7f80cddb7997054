"""Names of the import formats (kept apart from the importers so the CLI can list them without loading any).

These are what `pubchat import` reads; three of them (bibtex, ris, csl-json) share their names with
citation formats of pubchat.citeformats, which are what pubchat writes.
"""

from __future__ import annotations

FORMATS: tuple[str, ...] = tuple("auto profile jsonl beir bibtex csl-json ris arxiv openalex semantic-scholar".split())
