"""pubchat benchmarks: every figure of issue 6 against its target, in one command.

    python benchmarks/run.py --quick     # ~2 min on 2 cores: every figure, a 100-question TUI conversation
    python benchmarks/run.py             # more runs, plus the 1,000-question TUI conversation
    python benchmarks/run.py --index-sizes 10000,100000,1000000   # choose Index-level sizes

Each measurement runs in its own process (fresh imports; peak memory per size via getrusage):
  ask        Assistant.ask() on the shipped corpus (ask_bench.py)
  scorer     the chosen BM25 backend at 10k / 100k / 1M synthetic abstracts (backends.py)
  index      pubchat's whole Index (analysis, fields, expansions, feedback, floor) per size (scale.py)
  startup    one-question `pubchat ask` process vs `python -c "import pydantic, numpy"` (startup.py)
  paint      TUI time to first paint vs a minimal Textual app (first_paint.py, the TUI's)
  conversation  questions through the TUI with Pilot: latency drift and memory (1,000 full, 100 quick;
                the TUI keeps 10 turns on screen, so 100 already runs 10x past that cap)
Writes benchmarks/results/latest.json and latest.md; prints the summary table.
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


def _bench(script: str, *args: str, timeout: float = 3600) -> dict:
    """Run one benchmark script in a child process and return its JSON result."""
    return run_child([str(HERE / script), *args], timeout=timeout)


def collect(quick: bool, index_sizes: list[int], scorer_sizes: list[int], conversation: int) -> dict:
    """Run every measurement; progress goes to stderr."""
    out: dict = {"machine": machine_info(), "mode": "quick" if quick else "full"}

    def step(name: str, fn) -> None:
        t = time.perf_counter()
        print(f"[{name}] ...", file=sys.stderr, flush=True)
        out[name] = fn()
        print(f"[{name}] {time.perf_counter() - t:.0f} s", file=sys.stderr, flush=True)

    step("ask", lambda: _bench("ask_bench.py", "--rounds", "3" if quick else "10"))
    step(
        "scorer",
        lambda: {
            str(n): _bench(
                "backends.py", "--size", str(n), "--backend", "rank_bm25_rs", "--queries", "50" if quick else "200"
            )
            for n in scorer_sizes
        },
    )
    step(
        "index",
        lambda: {
            str(n): _bench(
                "scale.py",
                "--size",
                str(n),
                "--queries",
                "20" if quick else "50",
                *(["--cached"] if not quick or n <= 10_000 else []),
            )
            for n in index_sizes
        },
    )
    step("startup", lambda: _bench("startup.py", "--runs", "7" if quick else "20"))

    def paint() -> dict:
        try:
            import first_paint
        except ImportError as exc:
            return {"error": f"benchmarks/first_paint.py unavailable: {exc}"}
        try:
            return first_paint.measure(3 if quick else 10)
        except Exception as exc:
            return {"error": f"{type(exc).__name__}: {exc}"}

    step("paint", paint)
    if conversation > 0:
        step("conversation", lambda: _bench("conversation.py", "--questions", str(conversation)))
    return out


def _get(d: dict, *path, default=None):
    """Nested lookup that tolerates missing keys (a failed child reports only 'error')."""
    for key in path:
        if not isinstance(d, dict) or key not in d:
            return default
        d = d[key]
    return d


def rows(r: dict) -> list[tuple[str, str, str, str]]:
    """(figure, measured, target, verdict) rows for the summary."""
    out = []

    def add(name: str, value, target: str, ok) -> None:
        shown = "n/a" if value is None else (f"{value:,}" if type(value) is int else str(value))
        verdict = "n/a" if value is None or ok is None else ("meets" if ok else "MISSES")
        out.append((name, shown, target, verdict))

    m = _get(r, "ask", "ask", "median_ms")
    add("ask() median, shipped corpus (ms)", m, "< 2", m is not None and m < 2)
    add("ask() p95, shipped corpus (ms)", _get(r, "ask", "ask", "p95_ms"), "-", None)
    for size, res in sorted(r.get("index", {}).items(), key=lambda kv: int(kv[0])):
        n = int(size)
        label = f"{n // 1000}k" if n < 1_000_000 else f"{n // 1_000_000}M"
        q = _get(res, "query", "median_ms")
        qt = {100_000: 10, 1_000_000: 100}.get(n)
        add(
            f"Index query median, {label}, all fields (ms)",
            res.get("error", q),
            f"< {qt}" if qt else "-",
            (q < qt) if (qt and q is not None) else None,
        )
        add(f"Index query p95, {label} (ms)", _get(res, "query", "p95_ms"), "-", None)
        b = _get(res, "build_s")
        add(
            f"Index build, {label} (s)",
            b,
            "< 30" if n == 100_000 else "-",
            (b < 30) if (n == 100_000 and b is not None) else None,
        )
        add(f"Index build CPU time, {label} (s)", _get(res, "build_cpu_s"), "-", None)
        if _get(res, "cached_build_s") is not None:
            add(f"Index load from the on-disk cache, {label} (s)", res["cached_build_s"], "-", None)
        mem = _get(res, "peak_rss_mb")
        add(
            f"Index peak memory, {label} (MiB)",
            mem,
            "< 1024" if n == 100_000 else "-",
            (mem < 1024) if (n == 100_000 and mem is not None) else None,
        )
    for size, res in sorted(r.get("scorer", {}).items(), key=lambda kv: int(kv[0])):
        n = int(size)
        label = f"{n // 1000}k" if n < 1_000_000 else f"{n // 1_000_000}M"
        qt = {100_000: 10, 1_000_000: 100}.get(n)
        # the Index issues one call per term and field: 3 fields x 3-term query ~ 3 x query3
        q = _get(res, "query3", "median_ms")
        est = round(3 * q, 3) if q is not None else None
        add(
            f"Scorer: 3-term query over 3 fields, {label} (ms)",
            res.get("error", est),
            f"< {qt}" if qt else "-",
            (est < qt) if (qt and est is not None) else None,
        )
        add(f"Scorer build, {label} (s)", _get(res, "build_s"), "-", None)
        add(f"Scorer peak memory incl. tokens, {label} (MiB)", _get(res, "peak_rss_mb"), "-", None)
    s = r.get("startup", {})
    ratio = s.get("ratio_median")
    add(
        "`pubchat ask` / bare `import pydantic, numpy` (median ratio)",
        ratio,
        "< 1.5",
        ratio is not None and ratio < 1.5,
    )
    add("`pubchat ask` process median (ms)", _get(s, "pubchat_ask", "median_ms"), "-", None)
    add("bare `python -c 'import pydantic, numpy'` median (ms)", _get(s, "bare_import", "median_ms"), "-", None)
    ti = s.get("textual_imported")
    add("textual imported on the ask path", ti, "False", ti is False if isinstance(ti, bool) else None)
    p = r.get("paint", {})
    if "error" in p:
        add("TUI first paint", p["error"], "-", None)
    else:
        add("TUI first paint median (ms)", _get(p, "pubchat", "paint_ms_median"), "-", None)
        add("minimal Textual app first paint median (ms)", _get(p, "minimal", "paint_ms_median"), "-", None)
        add("TUI paint overhead vs minimal app (ms)", p.get("paint_overhead_ms"), "-", None)
    c = r.get("conversation")
    if c:
        n = c.get("questions")
        add(
            f"TUI conversation: last / first answer latency, same questions ({n} questions)",
            c.get("slowdown_last_vs_first", c.get("error")),
            "~1.0",
            (c["slowdown_last_vs_first"] < 1.3) if "slowdown_last_vs_first" in c else None,
        )
        add(
            f"TUI conversation: RSS growth after the first 20% (MiB, {n} questions)",
            c.get("rss_growth_after_20pct_mb"),
            "bounded",
            None,
        )
    return out


def markdown(r: dict, command: str) -> str:
    """The summary as Markdown (written to latest.md, pasted into the README)."""
    mi = r["machine"]
    lines = [
        f"Command: `{command}` ({r['mode']} mode), {mi['date_utc']}",
        f"Machine: {mi['cpu']}, {mi['cores']} cores, {mi['memory_gb']} GB, Python {mi['python']}, {mi['os']}",
        "",
        "| figure | measured | target | |",
        "|---|---|---|---|",
    ]
    lines += [f"| {a} | {b} | {c} | {d} |" for a, b, c, d in rows(r)]
    lines += [
        "",
        "Scorer rows: the chosen BM25 backend alone (rank-bm25-rs) on synthetic abstracts; the 3-field figure",
        "is 3 x a 3-term query (the Index calls the scorer per term and field). Index rows: pubchat's whole",
        "search (analysis, expansions, feedback, relevance floor, hit building) per size, each in its own process.",
    ]
    return "\n".join(lines) + "\n"


def main() -> int:
    """CLI entry."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="fewer runs, a 100-question TUI conversation (< 3 min)")
    ap.add_argument("--index-sizes", help="comma-separated Index-level sizes (default: 10k quick, 10k,100k full)")
    ap.add_argument("--scorer-sizes", default="10000,100000,1000000")
    ap.add_argument(
        "--conversation", type=int, help="TUI questions in the long-conversation run (default: 100 quick, 1000 full)"
    )
    ap.add_argument("--out", default=str(RESULTS / "latest.json"))
    a = ap.parse_args()
    index_sizes = [int(x) for x in (a.index_sizes or "10000,100000").split(",")]
    scorer_sizes = [int(x) for x in a.scorer_sizes.split(",")]
    t = time.perf_counter()
    conversation = a.conversation if a.conversation is not None else (100 if a.quick else 1000)
    result = collect(a.quick, index_sizes, scorer_sizes, conversation)
    result["total_s"] = round(time.perf_counter() - t, 1)
    command = (
        "python benchmarks/run.py"
        + (" --quick" if a.quick else "")
        + (f" --index-sizes {a.index_sizes}" if a.index_sizes else "")
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
