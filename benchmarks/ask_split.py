"""`Assistant.ask()` on the shipped corpus: the figures #11's acceptance names, in one command.

- ask() median, split by what a question needs: questions the lexical stage answers strongly (the
  encoder is never called; target < 3 ms) and questions that need the encoder (the question is
  embedded and the papers reranked by meaning; target < 30 ms). Questions: every judged question
  of tests/data/qa (dev.jsonl, dev2.jsonl); a question's group is whether answering it called the
  encoder. One warm-up pass (model and vectors loaded), then `--rounds` timed passes.
- model load + first answer in a fresh process (target < 400 ms): a new process opens the engine
  on the shipped corpus (index built), then asks one question that needs the encoder; timed is
  that first ask(): the model and the shipped vectors load, the question is embedded, the answer
  is written. The whole process (interpreter, imports, index) is reported beside it.
- embedding throughput: the shipped papers embedded from scratch as a corpus of your own is (one
  vector per paper, title + abstract cut at 256 word pieces, then one per title and abstract
  sentence), papers per second.
Wall clock and CPU time (this thread's, or the child process's) are both reported: on a shared,
busy machine CPU time is the steadier figure. The load average is recorded with the figures.

    python benchmarks/ask_split.py [--rounds N] [--runs N] [--out benchmarks/results/ask_split.json]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _util import REPO, machine_info, stats_ms

QA = REPO / "tests" / "data" / "qa"
NEEDS_ENCODER = (
    "Is there a way to judge how well a detector of unfamiliar inputs is doing when you have no labelled "
    "examples to check it against?"
)
# a fresh process: engine open and index built, then the first ask() of a question that needs the encoder
FIRST_ANSWER = """
import sys, time
from pubchat.config import Settings
from pubchat.engine import open_assistant
assistant = open_assistant(Settings(), None)
assistant.prepare()
assert assistant.index._semantic is None
t0, c0 = time.perf_counter(), time.process_time()
answer = assistant.ask(sys.argv[1])
t1, c1 = time.perf_counter(), time.process_time()
loaded = assistant.index._semantic is not None and assistant.index._semantic.index is not None
print(f"{t1 - t0:.6f} {c1 - c0:.6f} {int(loaded)} {len(answer.citations)}")
"""


def questions() -> list[str]:
    """Every judged question, in file order."""
    out: list[str] = []
    for name in ("dev.jsonl", "dev2.jsonl"):
        lines = (QA / name).read_text(encoding="utf-8").splitlines()
        out += [json.loads(line)["question"] for line in lines if line.strip()]
    return out


def ask_medians(rounds: int) -> dict[str, dict[str, float]]:
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
            "median_cpu_ms": round(statistics.median(cpu[g]), 2),
        }
        for g, t in wall.items()
        if t
    }


def first_answer(runs: int) -> dict[str, object]:
    """Fresh processes: the first ask() that needs the encoder (model load + vectors + answer), and
    the whole process (interpreter start to exit) around it."""
    rows = []
    for i in range(runs + 1):
        start = time.perf_counter()
        out = subprocess.run(
            [sys.executable, "-c", FIRST_ANSWER, NEEDS_ENCODER], capture_output=True, text=True, check=True, cwd=REPO
        )
        process = time.perf_counter() - start
        ask_wall, ask_cpu, loaded, cited = out.stdout.split()
        assert loaded == "1" and int(cited) > 0, "the first answer must load the encoder and cite papers"
        if i:  # the first run warms the OS file cache and the .pyc files
            rows.append((float(ask_wall), float(ask_cpu), process))
    return {
        "question": NEEDS_ENCODER,
        "first_ask_wall": stats_ms([r[0] for r in rows]),
        "first_ask_cpu": stats_ms([r[1] for r in rows]),
        "whole_process_wall": stats_ms([r[2] for r in rows]),
    }


def throughput() -> dict[str, float]:
    """Papers per second embedding the shipped corpus from scratch (one thread, as in pubchat): both
    passes a corpus of your own gets (one vector per paper, one per title and abstract sentence)."""
    from pubchat.corpus import load_corpus
    from pubchat.search.dense import document_text, paper_units
    from pubchat.search.encoder import Encoder

    encoder = Encoder.load()
    papers = load_corpus(None)
    passes = {"documents": [document_text(p) for p in papers], "sentences": [t for p in papers for t in paper_units(p)]}
    encoder.encode(passes["documents"][:2])  # warm-up
    out: dict[str, float] = {"papers": len(papers), "sentences": len(passes["sentences"])}
    wall = cpu = 0.0
    for name, texts in passes.items():
        wall0, cpu0 = time.perf_counter(), time.process_time()
        encoder.encode(texts)
        w, c = time.perf_counter() - wall0, time.process_time() - cpu0
        out[f"{name}_s_cpu"], wall, cpu = round(c, 2), wall + w, cpu + c
    out["papers_per_s_wall"] = round(len(papers) / wall, 2)
    out["papers_per_s_cpu"] = round(len(papers) / cpu, 2)
    out["s_per_100_papers_cpu"] = round(100 * cpu / len(papers), 1)
    return out


def main() -> None:
    """Measure, write the JSON result file and print it."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3, help="timed passes over the judged questions")
    parser.add_argument("--runs", type=int, default=5, help="fresh processes for the first answer")
    parser.add_argument("--out", type=Path, default=REPO / "benchmarks" / "results" / "ask_split.json")
    args = parser.parse_args()
    result = {
        "command": "python benchmarks/ask_split.py " + " ".join(sys.argv[1:]),
        "machine_before": machine_info(),
        "ask": ask_medians(args.rounds),
        "model_load_and_first_answer": first_answer(args.runs),
        "embedding": throughput(),
    }
    result["machine_after"] = {"loadavg": machine_info()["loadavg"]}
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
