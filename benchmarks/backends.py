"""Scorer-level comparison: rank-bm25 vs rank-bm25-rs vs bm25s vs pubchat's SparseBM25.

Each (backend, size) runs in its own process so peak memory is its own. Reported: build seconds,
single-term query latency (what the Index issues, one call per term and field), 3-term query
latency, peak RSS (including the token lists themselves), and for the exact backends whether
the top-10 and the scores equal rank-bm25's.

    python benchmarks/backends.py --size 100000 --backend sparse     # one child
    python benchmarks/backends.py --table                            # the whole table
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _util import emit, peak_rss_mb, run_child, stats_ms, time_calls

BACKENDS = ("rank_bm25", "rank_bm25_rs", "bm25s", "sparse")
K1, B = 1.2, 0.75


def build(backend: str, docs: list[list[str]]):  # -> object with get_scores
    """Construct one backend over token lists."""
    if backend == "rank_bm25":
        from rank_bm25 import BM25Okapi

        return BM25Okapi(docs, k1=K1, b=B)
    if backend == "rank_bm25_rs":
        from rank_bm25_rs import BM25Okapi

        return BM25Okapi(docs, k1=K1, b=B)
    if backend == "bm25s":
        import bm25s

        model = bm25s.BM25(method="robertson", k1=K1, b=B)
        model.index(docs, show_progress=False)
        return model
    from pubchat.search.backend import SparseBM25

    return SparseBM25(docs, k1=K1, b=B)


def child(size: int, backend: str, n_queries: int, parity: bool) -> dict:
    """Measure one backend at one size (run in a fresh process)."""
    import numpy as np
    from synth import make_token_docs

    docs = make_token_docs(size)
    rng = np.random.default_rng(7)
    sample = [docs[i] for i in rng.integers(0, size, n_queries)]
    singles = [[d[int(rng.integers(0, len(d)))]] if d else ["x"] for d in sample]
    triples = [[d[int(j)] for j in rng.integers(0, len(d), 3)] if d else ["x"] for d in sample]
    base_rss = peak_rss_mb()
    t = time.perf_counter()
    scorer = build(backend, docs)
    scorer.get_scores(singles[0])  # some backends finish indexing lazily on the first query
    build_s = time.perf_counter() - t
    one = stats_ms(time_calls(scorer.get_scores, singles))
    three = stats_ms(time_calls(scorer.get_scores, triples))
    out = {
        "backend": backend,
        "size": size,
        "build_s": round(build_s, 2),
        "query1": one,
        "query3": three,
        "peak_rss_mb": peak_rss_mb(),
        "tokens_rss_mb": base_rss,
    }
    if parity and backend != "rank_bm25":
        from rank_bm25 import BM25Okapi

        ref = BM25Okapi(docs, k1=K1, b=B)
        same_top = exact = 0
        checks = triples[:20]
        for q in checks:
            a, c = ref.get_scores(q), np.asarray(scorer.get_scores(q), dtype=float)
            same_top += list(np.argsort(-a, kind="stable")[:10]) == list(np.argsort(-c, kind="stable")[:10])
            exact += bool(np.array_equal(a, c))
        out["parity"] = f"top10 {same_top}/{len(checks)}, bit-identical {exact}/{len(checks)}"
    return out


def table(sizes: list[int], n_queries: int, skip: dict[str, int]) -> list[dict]:
    """Run every backend at every size in separate processes."""
    rows = []
    for size in sizes:
        for backend in BACKENDS:
            if size > skip.get(backend, 10**9):
                rows.append({"backend": backend, "size": size, "skipped": "too slow/large at this size"})
                continue
            args = [
                str(Path(__file__).resolve()),
                "--size",
                str(size),
                "--backend",
                backend,
                "--queries",
                str(n_queries),
            ]
            if size <= 10_000:
                args.append("--parity")
            row = run_child(args)
            row.setdefault("backend", backend)
            row.setdefault("size", size)
            rows.append(row)
            print(format_row(row), file=sys.stderr, flush=True)
    return rows


def format_row(r: dict) -> str:
    """One Markdown table row."""
    if "skipped" in r or "error" in r:
        return f"| {r['backend']} | {r['size']:,} | {r.get('skipped') or r.get('error')} | | | | |"
    return (
        f"| {r['backend']} | {r['size']:,} | {r['build_s']} | {r['query1']['median_ms']} / {r['query1']['p95_ms']} "
        f"| {r['query3']['median_ms']} / {r['query3']['p95_ms']} | {r['peak_rss_mb']:.0f} | {r.get('parity', '')} |"
    )


HEADER = (
    "| backend | docs | build s | 1-term query ms (median / p95) | 3-term query ms (median / p95) "
    "| peak RSS MiB | parity vs rank-bm25 |\n|---|---|---|---|---|---|---|"
)


def main() -> None:
    """CLI: one child measurement, or the whole table."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--size", type=int)
    ap.add_argument("--backend", choices=BACKENDS)
    ap.add_argument("--queries", type=int, default=50)
    ap.add_argument("--parity", action="store_true")
    ap.add_argument("--table", action="store_true")
    ap.add_argument("--sizes", default="10000,100000,1000000")
    a = ap.parse_args()
    if a.table:
        rows = table([int(s) for s in a.sizes.split(",")], a.queries, {"rank_bm25": 100_000})
        print(HEADER)
        for r in rows:
            print(format_row(r))
        return
    emit(child(a.size, a.backend, a.queries, a.parity))


if __name__ == "__main__":
    main()
