"""Real-text scale benchmark: pubchat against bm25s, rank-bm25-rs, tantivy (and rank-bm25 at 10k), side by side.

Corpus (deterministic, `--seed`): the 1,400 Cranfield abstracts and the 50 shipped papers as they
are, then distractor papers built from their real sentences resampled (a real title, 3-9 real
abstract sentences, 1-6 author names). Questions: the Cranfield queries and the judged dev
questions of 8-15 words (acronyms included), every third one with a typo (two inner letters of a
long word swapped). Each (system, size) runs in its own process with the same environment (one
thread: OPENBLAS/OMP/MKL/NUMBA/RAYON threads = 1, tantivy's writer given one thread); build CPU
seconds, RSS before / after the build, peak RSS and per-question latency are taken in that process.

    python benchmarks/realtext.py corpus --size 100000 --out /tmp/100k.jsonl
    python benchmarks/realtext.py run --system pubchat --size 10000 [--queries 60] [--ndcg]
    python benchmarks/realtext.py oneshot --size 100000 [--runs 3]

Systems: pubchat (Index.build + parse_query + Index.search + top 10 hits), rank_bm25_rs and
rank_bm25 (BM25Okapi over pubchat's analysed tokens, title + abstract + authors; rank-bm25-rs gives
rank-bm25's scores bit for bit, so it stands in for rank-bm25 beyond 10k), bm25s (its own tokenizer
with PyStemmer's English stemmer and stopwords, numba backend when numba imports), tantivy (en_stem
title + body fields on disk, lenient query parser, top 10).
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _util import REPO, emit, installed_env, peak_rss_mb, stats_ms

CRANFIELD = REPO / "tests" / "data" / "cranfield"
QA = REPO / "tests" / "data" / "qa"
SHIPPED = REPO / "corpus" / "papers.jsonl"
DATA = Path(os.environ.get("PUBCHAT_BENCH_DATA", Path(tempfile.gettempdir()) / "pubchat-bench"))
SYSTEMS = ("pubchat", "bm25s", "rank_bm25_rs", "tantivy", "rank_bm25")
ONE_THREAD = {
    "OPENBLAS_NUM_THREADS": "1",
    "OMP_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
    "NUMBA_NUM_THREADS": "1",
    "RAYON_NUM_THREADS": "1",
    "TOKENIZERS_PARALLELISM": "false",
}
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


# ---- corpus and questions ------------------------------------------------------------------------


def _read_jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def base_papers() -> list[dict[str, Any]]:
    """The real papers: Cranfield (ids cran-N) and the shipped corpus."""
    out = []
    for doc in _read_jsonl(CRANFIELD / "corpus.jsonl"):
        title = doc["title"].strip() or doc["text"].strip()[:60] or f"Cranfield document {doc['_id']}"
        out.append({"id": f"cran-{doc['_id']}", "title": title, "abstract": doc["text"], "authors": [], "year": 1960})
    for paper in _read_jsonl(SHIPPED):
        out.append(
            {k: paper[k] for k in ("id", "title", "abstract", "authors", "year", "has_code", "category") if k in paper}
        )
    return out


def make_corpus(size: int, seed: int = 7) -> list[dict[str, Any]]:
    """`size` papers: the real ones first, then distractors made of resampled real sentences."""
    base = base_papers()
    rng = random.Random(seed)
    sentences = [s for p in base for s in _SENTENCE_END.split(p["abstract"]) if len(s.split()) >= 4]
    titles = [p["title"] for p in base]
    authors = sorted({a for p in base for a in p["authors"]}) or ["A. Author"]
    papers = base[:size]
    for i in range(len(papers), size):
        papers.append(
            {
                "id": f"syn-{i}",
                "title": rng.choice(titles),
                "abstract": " ".join(rng.choices(sentences, k=rng.randint(3, 9))),
                "authors": rng.sample(authors, k=min(len(authors), rng.randint(1, 6))),
                "year": rng.randint(1995, 2025),
            }
        )
    return papers


def corpus_file(size: int, seed: int = 7) -> Path:
    """The corpus as pubchat JSON Lines under DATA (written once per size and seed)."""
    path = DATA / f"realtext-{size}-s{seed}.jsonl"
    if not path.is_file():
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        with tmp.open("w", encoding="utf-8") as handle:
            for paper in make_corpus(size, seed):
                handle.write(json.dumps(paper, ensure_ascii=False) + "\n")
        tmp.replace(path)
    return path


def _typo(question: str, rng: random.Random) -> str:
    """Swap two inner letters of one long word (a realistic slip of the keyboard)."""
    words = question.split()
    long = [i for i, w in enumerate(words) if len(w) >= 6 and w.isalpha()]
    if not long:
        return question
    i = rng.choice(long)
    w = words[i]
    j = rng.randint(1, len(w) - 3)
    words[i] = w[:j] + w[j + 1] + w[j] + w[j + 2 :]
    return " ".join(words)


def questions(seed: int = 7) -> list[str]:
    """Natural-language questions of 8-15 words (Cranfield + judged dev questions), every third with a typo."""
    raw = [q["text"] for q in _read_jsonl(CRANFIELD / "queries.jsonl")]
    for name in ("dev.jsonl", "dev2.jsonl"):
        raw += [q["question"] for q in _read_jsonl(QA / name)]
    chosen = [q.strip() for q in raw if 8 <= len(q.split()) <= 15]
    rng = random.Random(seed)
    rng.shuffle(chosen)
    return [_typo(q, rng) if k % 3 == 2 else q for k, q in enumerate(chosen)]


def cranfield_qrels() -> tuple[dict[str, str], dict[str, dict[str, float]]]:
    """Cranfield queries (id -> text) and graded judgements keyed by this corpus' ids."""
    queries = {q["_id"]: q["text"] for q in _read_jsonl(CRANFIELD / "queries.jsonl")}
    qrels: dict[str, dict[str, float]] = {}
    lines = (CRANFIELD / "qrels" / "test.tsv").read_text(encoding="utf-8").splitlines()[1:]
    for line in lines:
        qid, did, grade = line.split("\t")
        if float(grade) > 0:
            qrels.setdefault(qid, {})[f"cran-{did}"] = float(grade)
    return {q: t for q, t in queries.items() if q in qrels}, qrels


# ---- measurement helpers -------------------------------------------------------------------------


def rss_mb() -> float:
    """Current resident set size in MiB (Linux /proc; 0 elsewhere)."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
    except (OSError, ValueError, IndexError):
        return 0.0
    return round(pages * os.sysconf("SC_PAGE_SIZE") / 2**20, 1)


def ndcg10(ranked: list[str], rel: dict[str, float]) -> float:
    from pubchat.evaluate import ndcg_at_k

    return ndcg_at_k(ranked, rel, 10)


# ---- systems: build(records) -> search(question) -> top-10 ids ----------------------------------


def _analysed(papers: list[dict[str, Any]]) -> list[list[str]]:
    from pubchat.search.analyzer import Analyzer

    analyze = Analyzer().analyze
    return [analyze(p["title"]) + analyze(p["abstract"]) + analyze(" ; ".join(p["authors"])) for p in papers]


def build_pubchat(path: Path) -> Any:
    from pubchat.config import Settings
    from pubchat.corpus.store import load_corpus
    from pubchat.search.index import Index
    from pubchat.search.query import parse_query

    papers = load_corpus(path)
    gc.collect()
    before = rss_mb()
    t, cpu = time.perf_counter(), time.process_time()
    settings = Settings().search
    index = Index.build(papers, settings)
    built = (time.perf_counter() - t, time.process_time() - cpu, before)

    def search(q: str) -> list[str]:
        return [h.paper.id for h in index.search(parse_query(q, index, settings)).top(10)]

    return built, search


def _records(path: Path) -> list[dict[str, Any]]:
    return _read_jsonl(path)


def build_rank_bm25(path: Path, rust: bool) -> Any:
    from pubchat.search.analyzer import Analyzer

    if rust:
        from rank_bm25_rs import BM25Okapi
    else:
        from rank_bm25 import BM25Okapi
    import numpy as np

    papers = _records(path)
    ids = [p["id"] for p in papers]
    gc.collect()
    before = rss_mb()
    t, cpu = time.perf_counter(), time.process_time()
    docs = _analysed(papers)
    model = BM25Okapi(docs)
    del docs
    built = (time.perf_counter() - t, time.process_time() - cpu, before)
    analyze = Analyzer().analyze

    def search(q: str) -> list[str]:
        scores = np.asarray(model.get_scores(analyze(q)))
        top = np.argpartition(-scores, 10)[:10] if len(scores) > 10 else np.arange(len(scores))
        top = top[np.argsort(-scores[top], kind="stable")]
        return [ids[i] for i in top if scores[i] > 0]

    return built, search


def build_bm25s(path: Path) -> Any:
    import bm25s
    import Stemmer

    try:
        import numba  # noqa: F401

        backend = "numba"
    except ImportError:
        backend = "numpy"
    papers = _records(path)
    ids = [p["id"] for p in papers]
    texts = [f"{p['title']} {p['abstract']} {' '.join(p['authors'])}" for p in papers]
    stemmer = Stemmer.Stemmer("english")
    gc.collect()
    before = rss_mb()
    t, cpu = time.perf_counter(), time.process_time()
    tokens = bm25s.tokenize(texts, stopwords="en", stemmer=stemmer, show_progress=False)
    model = bm25s.BM25(backend=backend)
    model.index(tokens, show_progress=False)
    del tokens
    built = (time.perf_counter() - t, time.process_time() - cpu, before)

    def search(q: str) -> list[str]:
        qt = bm25s.tokenize([q], stopwords="en", stemmer=stemmer, show_progress=False)
        docs, _ = model.retrieve(qt, k=10, show_progress=False, n_threads=1)
        return [ids[i] for i in docs[0]]

    search.backend = backend  # type: ignore[attr-defined]
    return built, search


def build_tantivy(path: Path, workdir: Path) -> Any:
    import tantivy

    papers = _records(path)
    gc.collect()
    before = rss_mb()
    t, cpu = time.perf_counter(), time.process_time()
    sb = tantivy.SchemaBuilder()
    sb.add_text_field("id", stored=True, tokenizer_name="raw")
    sb.add_text_field("title", tokenizer_name="en_stem")
    sb.add_text_field("body", tokenizer_name="en_stem")
    schema = sb.build()
    index = tantivy.Index(schema, path=str(workdir))
    writer = index.writer(heap_size=200_000_000, num_threads=1)
    for p in papers:
        writer.add_document(
            tantivy.Document(id=p["id"], title=p["title"], body=f"{p['abstract']} {' '.join(p['authors'])}")
        )
    writer.commit()
    writer.wait_merging_threads()
    index.reload()
    built = (time.perf_counter() - t, time.process_time() - cpu, before)
    searcher = index.searcher()
    clean = re.compile(r"[^\w\s]")

    def search(q: str) -> list[str]:
        query = index.parse_query(clean.sub(" ", q), ["title", "body"])
        hits = searcher.search(query, 10).hits
        return [searcher.doc(addr)["id"][0] for _, addr in hits]

    return built, search


def run_system(system: str, size: int, n_queries: int, with_ndcg: bool, seed: int) -> dict[str, Any]:
    """Build one system over one corpus size, then time the questions; one JSON-able dict."""
    path = corpus_file(size, seed)
    with tempfile.TemporaryDirectory() as tmp:
        if system == "pubchat":
            built, search = build_pubchat(path)
        elif system in ("rank_bm25_rs", "rank_bm25"):
            built, search = build_rank_bm25(path, rust=system == "rank_bm25_rs")
        elif system == "bm25s":
            built, search = build_bm25s(path)
        elif system == "tantivy":
            built, search = build_tantivy(path, Path(tmp))
        else:
            raise SystemExit(f"unknown system {system}")
        gc.collect()  # the input records stay alive in every system: index RSS = after - before the build
        wall, cpu, before = built
        out: dict[str, Any] = {
            "system": system,
            "size": size,
            "build_s": round(wall, 2),
            "build_cpu_s": round(cpu, 2),
            "index_rss_mb": round(rss_mb() - before, 1),
            "peak_rss_mb": peak_rss_mb(),
        }
        if hasattr(search, "backend"):
            out["backend"] = search.backend
        qs = questions(seed)[:n_queries]
        for q in qs[:3]:
            search(q)  # warm-up (numba compiles, page cache)
        samples, cpu_samples = [], []
        for q in qs:
            t, c = time.perf_counter(), time.process_time()
            search(q)
            samples.append(time.perf_counter() - t)
            cpu_samples.append(time.process_time() - c)
        out["query"] = stats_ms(samples)
        out["query_cpu"] = stats_ms(cpu_samples)  # what the code costs when other processes share the cores
        out["questions"] = len(qs)
        if with_ndcg:
            queries, qrels = cranfield_qrels()
            scores = [ndcg10(search(text), qrels[qid]) for qid, text in queries.items()]
            out["ndcg10_cranfield"] = round(sum(scores) / len(scores), 4)
            out["ndcg_queries"] = len(scores)
        out["peak_rss_mb"] = peak_rss_mb()
    return out


# ---- one-shot CLI ------------------------------------------------------------------------------


def oneshot(size: int, runs: int, seed: int) -> dict[str, Any]:
    """Wall time of `pubchat --corpus FILE ask QUESTION` on a warm cache (first run fills it, untimed)."""
    path = corpus_file(size, seed)
    script = Path(sys.executable).with_name("pubchat")
    cmd = [str(script) if script.exists() else "pubchat", "--corpus", str(path), "ask"]
    qs = questions(seed)
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, XDG_CACHE_HOME=tmp, XDG_CONFIG_HOME=tmp, XDG_DATA_HOME=tmp, PUBCHAT_DATA_DIR=tmp)
        env = installed_env(env, tmp)  # bytecode cached by the untimed first run
        t = time.perf_counter()
        subprocess.run([*cmd, qs[0]], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        cold = time.perf_counter() - t
        samples = []
        for k in range(runs):
            t = time.perf_counter()
            subprocess.run([*cmd, qs[1 + k]], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
            samples.append(time.perf_counter() - t)
    return {"size": size, "cold_s": round(cold, 2), "warm": stats_ms(samples), "command": "pubchat --corpus FILE ask Q"}


def main() -> None:
    """CLI: corpus | run | oneshot; `run` and `oneshot` print one JSON line."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    c = sub.add_parser("corpus")
    c.add_argument("--size", type=int, required=True)
    c.add_argument("--seed", type=int, default=7)
    r = sub.add_parser("run")
    r.add_argument("--system", choices=SYSTEMS, required=True)
    r.add_argument("--size", type=int, required=True)
    r.add_argument("--queries", type=int, default=60)
    r.add_argument("--ndcg", action="store_true", help="also nDCG@10 of the Cranfield queries")
    r.add_argument("--seed", type=int, default=7)
    o = sub.add_parser("oneshot")
    o.add_argument("--size", type=int, required=True)
    o.add_argument("--runs", type=int, default=3)
    o.add_argument("--seed", type=int, default=7)
    a = ap.parse_args()
    if a.cmd == "corpus":
        print(corpus_file(a.size, a.seed))
    elif a.cmd == "run":
        emit(run_system(a.system, a.size, a.queries, a.ndcg, a.seed))
    else:
        emit(oneshot(a.size, a.runs, a.seed))


if __name__ == "__main__":
    main()
