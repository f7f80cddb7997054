"""Deterministic abstract-like corpora for scale benchmarks: real words resampled, plus a Zipf tail.

Words are drawn from the unigram distribution of real abstracts (the shipped corpus and the
in-repo Cranfield collection, tests/data/cranfield) mixed with a Zipf-distributed tail of
synthetic words, so the vocabulary keeps growing with corpus size as real collections do
(Heaps' law). Same seed and size -> the same corpus, on any machine.
"""

from __future__ import annotations

import gc
import json
import re
from collections import Counter
from pathlib import Path

import numpy as np

CRANFIELD = Path(__file__).resolve().parents[1] / "tests" / "data" / "cranfield" / "corpus.jsonl"
_WORD = re.compile(r"[A-Za-z][A-Za-z\-]+")
TAIL_SHARE = 0.12  # share of words drawn from the open synthetic vocabulary
TAIL_VOCAB = 500_000


def real_texts() -> list[str]:
    """Titles and abstracts of the shipped corpus, plus Cranfield when it is available."""
    from pubchat.corpus import load_corpus

    texts = [f"{p.title}. {p.abstract}" for p in load_corpus(None)]
    if CRANFIELD.is_file():
        with CRANFIELD.open(encoding="utf-8") as handle:
            for line in handle:
                row = json.loads(line)
                texts.append(f"{row.get('title', '')}. {row.get('text', '')}")
    return texts


def unigram_model() -> tuple[list[str], np.ndarray, list[str]]:
    """(words, probabilities, author surnames) from the real texts."""
    from pubchat.corpus import load_corpus

    counts = Counter(w for t in real_texts() for w in _WORD.findall(t))
    words = sorted(counts)
    freq = np.array([counts[w] for w in words], dtype=np.float64)
    surnames = sorted({a.split()[-1] for p in load_corpus(None) for a in p.authors if a.split()})
    return words, freq / freq.sum(), surnames


def _tail_word(i: int) -> str:
    """A pronounceable synthetic word for tail rank i (deterministic)."""
    syll = ("ka", "lo", "mi", "ne", "ru", "sa", "ti", "vo", "ze", "pa", "qu", "ex")
    out = []
    i += 1
    while i:
        i, r = divmod(i, len(syll))
        out.append(syll[r])
    return "".join(out) + "ic"


def word_table(words: list[str]) -> np.ndarray:
    """Object array of every drawable word: the real words, then the synthetic tail."""
    return np.array(list(words) + [_tail_word(i) for i in range(TAIL_VOCAB)], dtype=object)


_TABLE = 1 << 22


def _sampler(probs: np.ndarray) -> np.ndarray:
    """Lookup table of word indices, each repeated in proportion to its probability (fast sampling)."""
    counts = np.maximum(1, np.round(probs * _TABLE)).astype(np.int64)
    table = np.repeat(np.arange(len(probs), dtype=np.int64), counts)
    return np.resize(table, _TABLE)


def word_ids(n_words: int, rng: np.random.Generator, n_real: int, probs: np.ndarray) -> np.ndarray:
    """n_words indices into word_table: mostly resampled real words, some from the Zipf tail."""
    ids = _sampler(probs)[rng.integers(0, _TABLE, n_words)]
    tail_mask = rng.random(n_words) < TAIL_SHARE
    tail = np.minimum(rng.zipf(1.2, size=int(tail_mask.sum())) + 200, TAIL_VOCAB) - 1
    ids[tail_mask] = n_real + tail
    return ids


def _layout(n_docs: int, seed: int) -> tuple[np.random.Generator, np.ndarray, np.ndarray, np.ndarray]:
    """Per-document lengths (title, abstract, number of authors) for a seed."""
    rng = np.random.default_rng(seed)
    abs_len = np.clip(rng.normal(170, 45, n_docs).astype(np.int64), 30, 400)
    title_len = rng.integers(6, 14, n_docs)
    n_auth = rng.integers(1, 7, n_docs)
    return rng, abs_len, title_len, n_auth


def make_texts(n_docs: int, seed: int = 0) -> list[tuple[str, str, list[str]]]:
    """(title, abstract, authors) for n_docs synthetic papers; abstracts ~170 words."""
    words, probs, surnames = unigram_model()
    table = word_table(words)
    rng, abs_len, title_len, n_auth = _layout(n_docs, seed)
    stream = table[word_ids(int(abs_len.sum() + title_len.sum()), rng, len(words), probs)]
    initials = "ABCDEFGHJKLMNPRSTWXYZ"
    auth_idx = rng.integers(0, len(surnames), int(n_auth.sum())).tolist()
    init_idx = rng.integers(0, len(initials), int(n_auth.sum())).tolist()
    out = []
    pos = apos = 0
    for t, a, k in zip(title_len.tolist(), abs_len.tolist(), n_auth.tolist()):
        title = " ".join(stream[pos : pos + t]).capitalize()
        pos += t
        abstract = " ".join(stream[pos : pos + a]) + "."
        pos += a
        authors = [f"{initials[init_idx[j]]}. {surnames[auth_idx[j]]}" for j in range(apos, apos + k)]
        apos += k
        out.append((title, abstract, authors))
    return out


def make_papers(n_docs: int, seed: int = 0) -> list:
    """Synthetic Paper objects (ids p0000001...), years 2000-2025, a quarter with code."""
    from pubchat.models import Paper

    rng = np.random.default_rng(seed + 1)
    years = rng.integers(2000, 2026, n_docs).tolist()
    code = (rng.random(n_docs) < 0.25).tolist()
    papers = []
    for i, (title, abstract, authors) in enumerate(make_texts(n_docs, seed)):
        papers.append(
            Paper(
                id=f"p{i:07d}",
                title=title,
                abstract=abstract,
                authors=authors,
                year=years[i],
                has_code=code[i],
                code_urls=[f"https://github.com/x/p{i}"] if code[i] else [],
            )
        )
    return papers


def make_token_docs(n_docs: int, seed: int = 0) -> list[list[str]]:
    """Analysed-looking token lists for the abstracts only (lower-case, short words dropped)."""
    words, probs, _ = unigram_model()
    lowered = [w.lower() for w in words]
    table = word_table(lowered)
    keep = np.array([len(w) > 3 for w in table], dtype=bool)
    rng, abs_len, _, _ = _layout(n_docs, seed)
    docs: list[list[str]] = []
    step = 100_000
    was_enabled = gc.isenabled()
    gc.disable()  # millions of small lists: generation only, the measured build runs with gc on
    for lo in range(0, n_docs, step):
        lens = abs_len[lo : lo + step]
        ids = word_ids(int(lens.sum()), rng, len(words), probs)
        bounds = np.concatenate(([0], np.cumsum(keep[ids])))
        ids = ids[keep[ids]]
        tokens = table[ids].tolist()
        ends = np.cumsum(lens)
        starts = ends - lens
        cut_s, cut_e = bounds[starts].tolist(), bounds[ends].tolist()
        docs.extend(tokens[s:e] for s, e in zip(cut_s, cut_e))
    if was_enabled:
        gc.enable()
    return docs


def make_queries(n: int, seed: int = 1) -> list[str]:
    """n query strings of 1-5 words resampled from the same model (plus a few unknown words)."""
    words, probs, _ = unigram_model()
    rng = np.random.default_rng(seed)
    content = [i for i, w in enumerate(words) if len(w) > 3]
    p = probs[content] / probs[content].sum()
    out = []
    for _ in range(n):
        k = int(rng.integers(1, 6))
        out.append(" ".join(words[content[j]] for j in rng.choice(len(content), size=k, p=p)))
    return out
