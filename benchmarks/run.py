"""pubchat benchmarks: speed on real text against bm25s, rank-bm25-rs, tantivy and rank-bm25, in one command.

    python benchmarks/run.py --quick     # < 5 min: real text at 10k and 100k papers with every peer, one-shot CLI
    python benchmarks/run.py             # more questions, plus the TUI paint and a 1,000-question conversation
    python benchmarks/run.py --full      # also 1M papers (needs ~10 GB RAM and ~1 h on 2 cores)

Each (system, size) runs in its own child process with the same environment (one thread for
BLAS/OpenMP/numba/rayon): realtext.py builds the corpus from real abstracts (Cranfield + the
shipped papers, their sentences resampled as distractors) and times real 8-15 word questions.
  realtext   per size: build CPU s, query median / p95 (wall and CPU), index and peak RSS per system;
             ratio pubchat / best peer; nDCG@10 of the Cranfield queries at 100k (pubchat vs rank-bm25)
  oneshot    warm `pubchat --corpus FILE ask Q` process at 100k (and 1M with --full)
  ask        Assistant.ask() on the shipped corpus (ask_bench.py)
  startup    one-question `pubchat ask` process vs `python -c "import pydantic, numpy"` (startup.py)
  paint, conversation (not in --quick): TUI first paint and a long Pilot conversation
Writes benchmarks/results/latest.json and latest.md (machine description included); prints the table.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _util import HERE, machine_info, run_child

RESULTS = HERE / "results"
PEERS = ("bm25s", "rank_bm25_rs", "tantivy", "rank_bm25")
RANK_BM25_MAX = 10_000  # pure-Python rank-bm25 scores every paper per term: only the smallest size


def _bench(script: str, *args: str, timeout: float = 7200) -> dict:
    """Run one benchmark script in a child process (one-thread environment) and return its JSON result."""
    import os

    from realtext import ONE_THREAD

    env = dict(os.environ, **ONE_THREAD)
    return run_child([str(HERE / script), *args], timeout=timeout, env=env)


def _label(n: int) -> str:
    return f"{n // 1000}k" if n < 1_000_000 else f"{n // 1_000_000}M"


def collect(quick: bool, full: bool, sizes: list[int]) -> dict:
    """Run every measurement; progress goes to stderr."""
    out: dict = {"machine": machine_info(), "mode": "full" if full else ("quick" if quick else "default")}
    n_q = "40" if quick else "100"

    def step(name: str, fn) -> None:
        t = time.perf_counter()
        print(f"[{name}] ...", file=sys.stderr, flush=True)
        out[name] = fn()
        print(f"[{name}] {time.perf_counter() - t:.0f} s", file=sys.stderr, flush=True)

    def realtext() -> dict:
        res: dict = {}
        for n in sizes:
            res[str(n)] = {}
            for system in ("pubchat", *PEERS):
                if system == "rank_bm25" and n > RANK_BM25_MAX:
                    continue
                ndcg = ["--ndcg"] if n == 100_000 and system in ("pubchat", "rank_bm25_rs") else []
                args = ["run", "--system", system, "--size", str(n), "--queries", n_q, *ndcg]
                res[str(n)][system] = _bench("realtext.py", *args)
                print(f"  {system} {_label(n)}: {res[str(n)][system]}", file=sys.stderr, flush=True)
        return res

    step("realtext", realtext)
    step(
        "oneshot",
        lambda: {str(n): _bench("realtext.py", "oneshot", "--size", str(n)) for n in sizes if n >= 100_000},
    )
    step("ask", lambda: _bench("ask_bench.py", "--rounds", "3" if quick else "10"))
    step("startup", lambda: _bench("startup.py", "--runs", "7" if quick else "20"))
    if not quick:

        def paint() -> dict:
            try:
                import first_paint
            except ImportError as exc:
                return {"error": f"benchmarks/first_paint.py unavailable: {exc}"}
            try:
                return first_paint.measure(10)
            except Exception as exc:
                return {"error": f"{type(exc).__name__}: {exc}"}

        step("paint", paint)
        step("conversation", lambda: _bench("conversation.py", "--questions", "1000"))
    return out


def _get(d: dict, *path, default=None):
    """Nested lookup that tolerates missing keys (a failed child reports only 'error')."""
    for key in path:
        if not isinstance(d, dict) or key not in d:
            return default
        d = d[key]
    return d


def _ratio(a, b):
    return round(a / b, 2) if isinstance(a, (int, float)) and isinstance(b, (int, float)) and b > 0 else None


def speed_rows(r: dict) -> list[list[str]]:
    """Per size: each system's figures and pubchat / best peer (the README table)."""
    out = []
    for size, systems in sorted(r.get("realtext", {}).items(), key=lambda kv: int(kv[0])):
        for system, res in systems.items():
            if "error" in res:
                out.append([_label(int(size)), system, res["error"][:80], "", "", "", "", ""])
                continue
            out.append(
                [
                    _label(int(size)),
                    system + (f" ({res['backend']})" if res.get("backend") else ""),
                    f"{_get(res, 'query', 'median_ms')}",
                    f"{_get(res, 'query', 'p95_ms')}",
                    f"{_get(res, 'query_cpu', 'median_ms')}",
                    f"{res.get('build_cpu_s')}",
                    f"{res.get('index_rss_mb')}",
                    f"{res.get('peak_rss_mb')}",
                ]
            )
    return out


def rows(r: dict) -> list[tuple[str, str, str, str]]:
    """(figure, measured, target, verdict) rows for the summary."""
    out = []

    def add(name: str, value, target: str, ok) -> None:
        shown = "n/a" if value is None else (f"{value:,}" if type(value) is int else str(value))
        verdict = "n/a" if value is None or ok is None else ("meets" if ok else "MISSES")
        out.append((name, shown, target, verdict))

    rt = r.get("realtext", {})
    for size, systems in sorted(rt.items(), key=lambda kv: int(kv[0])):
        n, label = int(size), _label(int(size))
        mine = _get(systems, "pubchat", "query", "median_ms")
        peers = {p: _get(systems, p, "query", "median_ms") for p in PEERS if p != "rank_bm25"}
        peers = {p: v for p, v in peers.items() if v is not None}
        best = min(peers, key=peers.__getitem__) if peers else None
        ratio = _ratio(mine, peers[best]) if best else None
        big = n >= 1_000_000
        ok = (mine <= 10) if big and mine is not None else None
        add(f"query median {label}, pubchat (ms)", mine, "<= 10" if big else "-", ok)
        add(
            f"query median {label}: pubchat / best peer ({best})",
            ratio,
            "<= 2" if n <= 100_000 else "-",
            (ratio <= 2) if (ratio is not None and n <= 100_000) else None,
        )
        mine_cpu = _get(systems, "pubchat", "query_cpu", "median_ms")
        best_cpu = min(
            (v for p in PEERS if p != "rank_bm25" if (v := _get(systems, p, "query_cpu", "median_ms")) is not None),
            default=None,
        )
        add(f"query CPU median {label}: pubchat / best peer", _ratio(mine_cpu, best_cpu), "-", None)
        b, tb = _get(systems, "pubchat", "build_cpu_s"), _get(systems, "tantivy", "build_cpu_s")
        br = _ratio(b, tb)
        add(
            f"build CPU {label}: pubchat / tantivy ({b} s / {tb} s)",
            br,
            "<= 1.5" if n == 100_000 else "-",
            (br <= 1.5) if (br is not None and n == 100_000) else None,
        )
        mem = _get(systems, "pubchat", "index_rss_mb")
        add(
            f"index memory {label}, pubchat (MiB)",
            mem,
            "<= 1144 (1.2 GB)" if n >= 1_000_000 else "-",
            (mem <= 1144) if (mem is not None and n >= 1_000_000) else None,
        )
        nd, ref = _get(systems, "pubchat", "ndcg10_cranfield"), _get(systems, "rank_bm25_rs", "ndcg10_cranfield")
        if nd is not None or ref is not None:
            add(
                f"nDCG@10 Cranfield queries in the {label} corpus: pubchat vs rank-bm25 ({ref})",
                nd,
                f">= {ref}",
                (nd >= ref) if (nd is not None and ref is not None) else None,
            )
    for size, res in sorted(r.get("oneshot", {}).items(), key=lambda kv: int(kv[0])):
        n = int(size)
        w = _get(res, "warm", "median_ms")
        limit = 1000 if n <= 100_000 else 5000
        add(
            f"warm one-shot `pubchat --corpus {_label(n)}.jsonl ask` (ms)",
            res.get("error", w),
            f"<= {limit}",
            (w <= limit) if w is not None else None,
        )
    m = _get(r, "ask", "ask", "median_ms")
    add("ask() median, shipped corpus (ms)", m, "-", None)
    s = r.get("startup", {})
    ratio = s.get("ratio_median")
    ok = ratio is not None and ratio <= 1.2
    add("`pubchat ask` / bare `import pydantic, numpy` (median ratio)", ratio, "<= 1.2", ok)
    add("`pubchat ask` process median (ms)", _get(s, "pubchat_ask", "median_ms"), "-", None)
    add("bare `python -c 'import pydantic, numpy'` median (ms)", _get(s, "bare_import", "median_ms"), "-", None)
    ti = s.get("textual_imported")
    add("textual imported on the ask path", ti, "False", ti is False if isinstance(ti, bool) else None)
    p = r.get("paint")
    if p is not None:
        if "error" in p:
            add("TUI first paint", p["error"], "-", None)
        else:
            add("TUI first paint median (ms)", _get(p, "pubchat", "paint_ms_median"), "-", None)
            add("TUI paint overhead vs minimal app (ms)", p.get("paint_overhead_ms"), "-", None)
    c = r.get("conversation")
    if c:
        add(
            f"TUI conversation: last / first answer latency ({c.get('questions')} questions)",
            c.get("slowdown_last_vs_first", c.get("error")),
            "~1.0",
            (c["slowdown_last_vs_first"] < 1.3) if "slowdown_last_vs_first" in c else None,
        )
    return out


def markdown(r: dict, command: str) -> str:
    """The summary as Markdown (written to latest.md; the README's speed table comes from it)."""
    mi = r["machine"]
    lines = [
        f"Command: `{command}` ({r['mode']} mode), {mi['date_utc']}, total {r.get('total_s', '?')} s",
        f"Machine: {mi['cpu']}, {mi['cores']} cores, {mi['memory_gb']} GB, Python {mi['python']}, "
        f"numpy {mi['numpy']}, {mi['os']}; load average at start {mi.get('loadavg')}",
        "",
        "| figure | measured | target | |",
        "|---|---|---|---|",
    ]
    lines += [f"| {a} | {b} | {c} | {d} |" for a, b, c, d in rows(r)]
    lines += [
        "",
        "Per system (real-text corpora; one process per system and size, one thread):",
        "",
        "| size | system | query median ms | p95 ms | CPU median ms | build CPU s | index RSS MiB | peak RSS MiB |",
        "|---|---|---|---|---|---|---|---|",
    ]
    lines += ["| " + " | ".join(row) + " |" for row in speed_rows(r)]
    lines += [
        "",
        "pubchat's query time is its whole search: question parsing (filters, spelling), acronym expansion,",
        "fielded BM25, coverage floor and the top 10 hits; peers return their top 10 for the same question.",
        "Wall figures on a shared machine include other processes' load: the CPU columns are steadier.",
    ]
    return "\n".join(lines) + "\n"


def main() -> int:
    """CLI entry."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    mode = ap.add_mutually_exclusive_group()
    mode.add_argument("--quick", action="store_true", help="10k and 100k, fewer questions, no TUI runs (< 5 min)")
    mode.add_argument("--full", action="store_true", help="also 1M papers")
    ap.add_argument("--sizes", help="comma-separated corpus sizes (overrides the mode's)")
    ap.add_argument("--out", default=str(RESULTS / "latest.json"))
    a = ap.parse_args()
    sizes = [int(x) for x in (a.sizes or ("10000,100000,1000000" if a.full else "10000,100000")).split(",")]
    t = time.perf_counter()
    result = collect(a.quick, a.full, sizes)
    result["total_s"] = round(time.perf_counter() - t, 1)
    command = (
        "python benchmarks/run.py"
        + (" --quick" if a.quick else "")
        + (" --full" if a.full else "")
        + (f" --sizes {a.sizes}" if a.sizes else "")
    )
    out = Path(a.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    from pubchat.storage import atomic_write_text

    atomic_write_text(out, json.dumps(result, indent=2) + "\n")
    md = markdown(result, command)
    atomic_write_text(out.with_suffix(".md"), md)
    print(md)
    print(f"total {result['total_s']} s; wrote {out} and {out.with_suffix('.md')}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
