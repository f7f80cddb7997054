"""Sentence encoder speed: model load + first answer in a fresh process, embedding throughput, one question.

- fresh process: `python -c` that opens the engine on the shipped corpus and asks one question that
  needs the encoder (a plain-words question: the model loads, the shipped vectors are read), against
  the same process and question with `search.semantic = false` (the model never loads). Wall and CPU
  time of the whole process, interleaved, after one untimed warm-up of each; and, in fresh processes,
  the encoder's own share: model load + shipped vectors, then the first question's similarities.
- throughput: the shipped corpus' papers (title + abstract, cut at 256 word pieces) embedded from
  scratch, papers per second and seconds per 100 papers (wall and CPU of this process).
- one question: `Encoder.encode([question])` median over the dev questions.
BLAS runs on one thread while embedding (as in pubchat), so CPU time is close to the time on an idle core.

    python benchmarks/encoder_bench.py [--runs N] [--out benchmarks/results/encoder.json]
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _util import REPO, emit, machine_info, stats_ms

NEEDS_ENCODER = (
    "Is there a way to judge how well a detector of unfamiliar inputs is doing when you have no labelled "
    "examples to check it against?"
)
CHILD = """
import sys, time
t0 = time.perf_counter()
from pubchat.config import SearchSettings, Settings
from pubchat.engine import open_assistant
settings = Settings(search=SearchSettings(semantic="auto" if sys.argv[2] == "auto" else False))
assistant = open_assistant(settings, None)
answer = assistant.ask(sys.argv[1])
loaded = assistant.index._semantic is not None and assistant.index._semantic.index is not None
print(f"{time.perf_counter() - t0:.6f} {int(loaded)} {len(answer.citations)}")
"""
# the encoder's own share, in a fresh process: model load + the shipped vectors, then one question encoded
CHILD_PARTS = """
import time
from pubchat.config import Settings
from pubchat.engine import open_assistant
assistant = open_assistant(Settings(), None)
assistant.index
t0, c0 = time.perf_counter(), time.process_time()
assert assistant.prepare_semantic() is None
t1, c1 = time.perf_counter(), time.process_time()
assistant.index.semantic_state().index.similarity("spotting faked face photos")
t2, c2 = time.perf_counter(), time.process_time()
print(f"{t1 - t0:.6f} {c1 - c0:.6f} {t2 - t1:.6f} {c2 - c1:.6f}")
"""


def _child(question: str, semantic: str) -> tuple[float, float, float, bool]:
    """(process wall s, process CPU s, in-script wall s, model loaded) of one fresh process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-c", CHILD, question, semantic], capture_output=True, text=True, check=True, cwd=REPO
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    inner, loaded, _ = proc.stdout.split()
    return wall, cpu, float(inner), loaded == "1"


def encoder_parts(runs: int) -> dict[str, object]:
    """Fresh processes: model load + shipped vectors, then the first question's similarities (wall and CPU)."""
    rows = []
    for _ in range(runs + 1):
        out = subprocess.run([sys.executable, "-c", CHILD_PARTS], capture_output=True, text=True, check=True, cwd=REPO)
        rows.append([float(x) for x in out.stdout.split()])
    rows = rows[1:]  # the first run warms the OS file cache
    names = ["load_and_vectors_wall", "load_and_vectors_cpu", "first_question_wall", "first_question_cpu"]
    return {name: stats_ms([r[i] for r in rows]) for i, name in enumerate(names)}


def fresh_process(runs: int) -> dict[str, object]:
    """Interleaved fresh processes asking the same question that needs the encoder: on vs `semantic = false`."""
    kinds = {"encoder": "auto", "semantic_off": "off"}
    samples: dict[str, list[tuple[float, float, float, bool]]] = {name: [] for name in kinds}
    for semantic in kinds.values():  # warm-up: OS file cache, .pyc files
        _child(NEEDS_ENCODER, semantic)
    for _ in range(runs):
        for name, semantic in kinds.items():
            samples[name].append(_child(NEEDS_ENCODER, semantic))
    assert all(s[3] for s in samples["encoder"]) and not any(s[3] for s in samples["semantic_off"])
    out: dict[str, object] = {}
    for name, rows in samples.items():
        out[name] = {
            "process_wall": stats_ms([r[0] for r in rows]),
            "process_cpu": stats_ms([r[1] for r in rows]),
            "open_and_answer_wall": stats_ms([r[2] for r in rows]),
        }
    return out


def throughput(repeats: int) -> dict[str, float]:
    """Papers per second embedding the shipped corpus from scratch."""
    from pubchat.corpus import load_corpus
    from pubchat.search.dense import document_text
    from pubchat.search.encoder import Encoder

    encoder = Encoder.load()
    texts = [document_text(p) for p in load_corpus(None)] * repeats
    lengths = [len(x) for x in encoder.token_ids(texts)]
    encoder.encode(texts[:4])  # warm-up
    wall0, cpu0 = time.perf_counter(), time.process_time()
    encoder.encode(texts)
    wall, cpu = time.perf_counter() - wall0, time.process_time() - cpu0
    return {
        "papers": len(texts),
        "mean_word_pieces": round(sum(lengths) / len(lengths), 1),
        "papers_per_s_wall": round(len(texts) / wall, 2),
        "papers_per_s_cpu": round(len(texts) / cpu, 2),
        "s_per_100_papers_wall": round(100 * wall / len(texts), 2),
        "s_per_100_papers_cpu": round(100 * cpu / len(texts), 2),
    }


def question_latency() -> dict[str, float]:
    """Encode one question at a time: wall and CPU medians over the dev questions."""
    from pubchat.search.encoder import Encoder

    encoder = Encoder.load()
    lines = (REPO / "tests" / "data" / "qa" / "dev.jsonl").read_text(encoding="utf-8").splitlines()
    questions = [json.loads(line)["question"] for line in lines if line.strip()]
    for q in questions[:3]:
        encoder.encode([q])
    walls, cpus = [], []
    for q in questions:
        w, c = time.perf_counter(), time.process_time()
        encoder.encode([q])
        walls.append(time.perf_counter() - w)
        cpus.append(time.process_time() - c)
    return {"wall": stats_ms(walls), "cpu": stats_ms(cpus)}  # type: ignore[dict-item]


def model_load() -> dict[str, object]:
    """Encoder.load() in this process (files in the OS cache), wall and CPU."""
    from pubchat.search.encoder import Encoder, model_path

    Encoder.load()
    walls, cpus = [], []
    for _ in range(5):
        w, c = time.perf_counter(), time.process_time()
        Encoder.load()
        walls.append(time.perf_counter() - w)
        cpus.append(time.process_time() - c)
    return {"wall": stats_ms(walls), "cpu": stats_ms(cpus), "model_mb": round(model_path().stat().st_size / 1e6, 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="fresh processes per kind")
    parser.add_argument("--repeats", type=int, default=2, help="passes over the shipped corpus for throughput")
    parser.add_argument("--out", type=Path, default=REPO / "benchmarks" / "results" / "encoder.json")
    args = parser.parse_args()
    result = {
        "machine": machine_info(),
        "model_load": model_load(),
        "question_encode": question_latency(),
        "throughput": throughput(args.repeats),
        "encoder_in_fresh_process": encoder_parts(args.runs),
        "fresh_process": fresh_process(args.runs),
    }
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    emit(result)


if __name__ == "__main__":
    main()
