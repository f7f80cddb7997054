"""Build the prebuilt search index shipped next to the shipped corpus (corpus/papers.pcx).

    python scripts/build_index.py

Run it after changing corpus/papers.jsonl, the analyzer, the acronym miner or the index file
format; tests/test_cache.py fails while the shipped index is stale. Built with the default
search settings (k1, b); other settings build their own index in the user cache.
"""

from __future__ import annotations

from pubchat.config import SearchSettings
from pubchat.corpus.store import load_corpus, shipped_corpus_path
from pubchat.search.cache import CorpusStamp, encode_index, index_key, shipped_index_path
from pubchat.search.index import Index
from pubchat.storage import atomic_write_bytes


def main() -> None:
    """Analyse the shipped corpus and write its index file."""
    corpus = shipped_corpus_path()
    papers = load_corpus(corpus)
    settings = SearchSettings()
    index = Index.build(papers, settings)
    stamp = CorpusStamp.of(corpus, len(papers))
    # no mtime: a checkout's mtimes differ, so the content hash decides and the file is the same everywhere
    stamp = CorpusStamp(size=stamp.size, mtime_ns=-1, digest=stamp.digest, papers=stamp.papers)
    data = encode_index(index, index_key(index.analyzer, settings), stamp)
    atomic_write_bytes(shipped_index_path(), data)
    print(f"wrote {shipped_index_path()} ({len(data):,} bytes, {len(papers)} papers)")


if __name__ == "__main__":
    main()
