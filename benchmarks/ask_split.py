"""`Assistant.ask()` latency on the shipped corpus, split by what a question needs: questions the
lexical stage answers strongly (the encoder is never called) and questions that need the encoder
(weakly matched words: the question is embedded and the papers reranked by meaning).

Questions: every judged question of tests/data/qa (dev.jsonl, dev2.jsonl). A question's group is
decided by whether answering it called the encoder. Warm-up pass first (model and vectors loaded),
then `--rounds` timed passes; medians per group, wall clock and this thread's CPU time (a shared,
busy machine inflates wall clock).

    python benchmarks/ask_split.py [--rounds N]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

QA = Path(__file__).resolve().parents[1] / "tests" / "data" / "qa"


def questions() -> list[str]:
    """Every judged question, in file order."""
    out: list[str] = []
    for name in ("dev.jsonl", "dev2.jsonl"):
        lines = (QA / name).read_text(encoding="utf-8").splitlines()
        out += [json.loads(line)["question"] for line in lines if line.strip()]
    return out


def measure(rounds: int) -> dict:
    """Median ask() time per group (lexical only / encoder needed) over `rounds` passes."""
    from pubchat.config import Settings
    from pubchat.engine import open_assistant

    assistant = open_assistant(Settings(), None)
    state = assistant.index.semantic_state()
    encoder = state.index.encoder if state.index is not None else None
    calls = [0]
    if encoder is not None:
        encode = encoder.encode

        def counted(texts: list[str], **kw: object) -> object:
            calls[0] += 1
            return encode(texts, **kw)

        object.__setattr__(encoder, "encode", counted)  # a frozen dataclass: count its calls here only
    group: dict[str, str] = {}
    for q in questions():  # warm-up, and which questions call the encoder
        before = calls[0]
        assistant.ask(q)
        group[q] = "encoder" if calls[0] > before else "lexical"
    wall: dict[str, list[float]] = {"lexical": [], "encoder": []}
    cpu: dict[str, list[float]] = {"lexical": [], "encoder": []}
    for _ in range(rounds):
        for q, g in group.items():
            start, start_cpu = time.perf_counter(), time.thread_time()
            assistant.ask(q)
            wall[g].append((time.perf_counter() - start) * 1000)
            cpu[g].append((time.thread_time() - start_cpu) * 1000)
    return {
        g: {
            "questions": sum(1 for v in group.values() if v == g),
            "median_ms": round(statistics.median(t), 2),
            "median_cpu_ms": round(statistics.median(cpu[g]), 2),  # this thread's CPU: less noisy when shared
        }
        for g, t in wall.items()
        if t
    }


def main() -> None:
    """Print the medians as JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    json.dump(measure(args.rounds), sys.stdout, indent=2)
    print()


if __name__ == "__main__":
    main()
