"""The one way to open the engine: every command and the TUI get their Assistant here."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pubchat.assistant import Assistant
    from pubchat.config import Settings


def open_assistant(settings: Settings, corpus: str | Path | None) -> Assistant:
    """The Assistant over a corpus file (resolved by `LoadedSettings.corpus_file`; None: the shipped corpus).

    The search index is mapped from the corpus file's on-disk index when current (built and written otherwise),
    and then the papers too are read from it, each when first used, instead of parsing the whole file.
    """
    from pubchat.assistant import Assistant
    from pubchat.corpus import load_corpus
    from pubchat.corpus.store import shipped_corpus_path
    from pubchat.search.cache import stored_papers

    path = Path(corpus) if corpus is not None else shipped_corpus_path()
    papers = stored_papers(path, settings)  # a current index file holds the validated records: read on demand
    return Assistant(papers if papers is not None else load_corpus(corpus), settings, corpus_file=path)
