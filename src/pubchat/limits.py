"""Documented input limits (README "Limits"): a file over its limit is a one-line error, never a hang.

Only regular files are read (`pubchat.storage.read_regular`); nesting deeper than Python's recursion
limit (about 1,000 levels) and integers over 4,300 digits are errors naming the file and line.
"""

from __future__ import annotations

MAX_CORPUS_BYTES = 2 << 30  # a corpus or import source (JSONL, profile text, BEIR corpus): 2 GiB
MAX_CONFIG_BYTES = 1 << 20  # config.toml: 1 MiB
MAX_SIDE_FILE_BYTES = 256 << 20  # enrichment JSON, judged questions, BEIR queries and qrels: 256 MiB
MAX_INT_DIGITS = 4300  # Python's int/str conversion limit: a longer number in JSON or TOML is an error
