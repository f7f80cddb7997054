"""`Assistant.ask()` latency on the shipped corpus: warm-up, then many questions, median and p95.

Questions: every dev question (only timed here; answers are judged elsewhere) plus generated
1-5 word questions from the corpus vocabulary, each asked `--rounds` times.

    python benchmarks/ask_bench.py [--rounds N]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _util import emit, peak_rss_mb, stats_ms, time_calls

DEV = Path(__file__).resolve().parents[1] / "tests" / "data" / "qa" / "dev.jsonl"


def questions() -> list[str]:
    """Dev questions when available, plus generated ones, plus a few odd inputs."""
    from synth import make_queries

    out: list[str] = []
    if DEV.is_file():
        out += [json.loads(ln)["question"] for ln in DEV.read_text(encoding="utf-8").splitlines() if ln.strip()]
    out += make_queries(50, seed=3)
    out += ["", "   ", "papers since 2023 with code", "cite [1] as bibtex", "x" * 5000]
    return out


def measure(rounds: int) -> dict:
    """Time ask() over the question set `rounds` times after a warm-up pass."""
    from pubchat.config import Settings
    from pubchat.engine import open_assistant

    t = time.perf_counter()
    assistant = open_assistant(Settings(), None)
    assistant.ask("warm up the index")
    first_s = time.perf_counter() - t
    qs = questions()
    samples = time_calls(assistant.ask, qs * rounds, warmup=len(qs))
    return {
        "corpus_papers": len(assistant.papers),
        "questions": len(qs),
        "first_ask_incl_build_ms": round(first_s * 1000, 1),
        "ask": stats_ms(samples),
        "peak_rss_mb": peak_rss_mb(),
    }


def main() -> None:
    """CLI: print one JSON line."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rounds", type=int, default=5)
    emit(measure(ap.parse_args().rounds))


if __name__ == "__main__":
    main()
