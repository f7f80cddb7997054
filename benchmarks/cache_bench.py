"""On-disk index cache vs a plain build: `Index.build` vs first `load_or_build_index` (build + write) vs a warm load.

Best of several runs (CPU and wall seconds), in one process; the cache lives in a temporary
directory. Size 50 uses the shipped corpus, others synthetic papers (synth.py).

    python benchmarks/cache_bench.py --size 10000
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _util import emit


def best(fn: Callable[[], object], runs: int) -> dict[str, float]:
    """Lowest CPU time over `runs` calls, with its wall time."""
    out: dict[str, float] | None = None
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        fn()
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        if out is None or cpu < out["cpu_s"]:
            out = {"wall_s": round(wall, 4), "cpu_s": round(cpu, 4)}
    assert out is not None
    return out


def measure(size: int) -> dict:
    """Build, first cached load and warm cached load of one corpus."""
    from synth import make_papers

    from pubchat.config import Settings
    from pubchat.corpus import load_corpus
    from pubchat.search.cache import load_or_build_index
    from pubchat.search.index import Index

    papers = load_corpus(None) if size == 50 else make_papers(size)
    runs = 7 if size <= 50 else (3 if size <= 10_000 else 1)
    out: dict = {"size": len(papers), "build": best(lambda: Index.build(papers, Settings().search), runs)}
    from pathlib import Path

    from pubchat.corpus.store import dump_jsonl

    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings.model_validate({"cache": {"dir": tmp, "min_docs": 0}})
        corpus = Path(tmp) / "papers.jsonl"
        corpus.write_text(dump_jsonl(papers), encoding="utf-8")
        out["first_load_build_and_write"] = best(lambda: load_or_build_index(papers, settings, corpus), 1)
        out["warm_load"] = best(lambda: load_or_build_index(papers, settings, corpus), runs)
    return out


def main() -> None:
    """CLI: print one JSON line."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--size", type=int, default=10_000, help="50 = the shipped corpus")
    emit(measure(ap.parse_args().size))


if __name__ == "__main__":
    main()
