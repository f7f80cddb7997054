"""Index-level scale benchmark: build time, query latency (all fields) and peak memory of pubchat's own Index.

One size per process (`--size N`) so peak memory (getrusage maxrss) is that size's alone.
Corpus: synthetic abstract-like papers from synth.py (deterministic). Query latency is
`parse_query` + `Index.search` for generated 1-5 word questions, warm-up first. Build time is
reported as wall and CPU seconds (CPU is what the code costs when other processes share the cores).

    python benchmarks/scale.py --size 10000
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _util import emit, peak_rss_mb, stats_ms, time_calls


def child(size: int, n_queries: int, cached: bool) -> dict:
    """Build, (optionally) reload through the token cache, and query one synthetic corpus."""
    from synth import make_papers, make_queries

    from pubchat.config import Settings
    from pubchat.search.query import parse_query

    t = time.perf_counter()
    papers = make_papers(size)
    gen_s = time.perf_counter() - t
    rss_corpus = peak_rss_mb()
    settings = Settings()
    from pubchat.search.index import Index

    t, cpu = time.perf_counter(), time.process_time()
    index = Index.build(papers, settings.search)
    build_s, build_cpu_s = time.perf_counter() - t, time.process_time() - cpu
    # CPU time too: on a shared machine wall time also counts other processes' load
    out: dict = {
        "size": size,
        "generate_s": round(gen_s, 1),
        "build_s": round(build_s, 2),
        "build_cpu_s": round(build_cpu_s, 2),
        "backend": type(next(iter(index.scorers.values()))).__name__,
    }
    queries = make_queries(n_queries)

    def ask(q: str) -> None:
        index.search(parse_query(q, index, index.settings))

    samples = time_calls(ask, queries, warmup=3)
    out["query"] = stats_ms(samples)
    out["peak_rss_mb"] = peak_rss_mb()  # one index + the corpus, before any cache run
    out["corpus_rss_mb"] = rss_corpus
    if cached:
        from pubchat.search.cache import load_or_build_index

        del index
        from pubchat.corpus.store import dump_jsonl

        with tempfile.TemporaryDirectory() as tmp:
            settings = Settings.model_validate({"cache": {"dir": tmp, "min_docs": 0}})
            corpus = Path(tmp) / "papers.jsonl"
            corpus.write_text(dump_jsonl(papers), encoding="utf-8")
            t = time.perf_counter()
            load_or_build_index(papers, settings, corpus)  # cold: build + write the index file
            out["cache_write_build_s"] = round(time.perf_counter() - t, 2)
            t, cpu = time.perf_counter(), time.process_time()
            load_or_build_index(papers, settings, corpus)  # warm: the index file mapped
            out["cached_build_s"] = round(time.perf_counter() - t, 2)
            out["cached_build_cpu_s"] = round(time.process_time() - cpu, 2)
    return out


def main() -> None:
    """CLI: measure one size and print one JSON line."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--size", type=int, required=True)
    ap.add_argument("--queries", type=int, default=30)
    ap.add_argument("--cached", action="store_true", help="also time a build from the on-disk index cache")
    a = ap.parse_args()
    emit(child(a.size, a.queries, a.cached))


if __name__ == "__main__":
    main()
