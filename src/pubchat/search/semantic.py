"""Optional meaning-based similarity for questions whose words the papers do not use.

The model is WordLlama's default static embedding (`l2_supercat`, 256 dimensions, a 32k-token
table of 16 MB) and its tokenizer, both shipped inside the `wordllama` wheel: nothing is
downloaded, no GPU, no torch. A text's vector is the mean of its tokens' vectors (the model's own
pooling). The files are read directly with `tokenizers` and `safetensors` rather than through
`wordllama.WordLlama.load`, because that loader looks for the tokenizer in the wrong folder (and
then downloads it) and configures the root logger on import.

How search uses it (`rerank`, called by `Index.search` only when lexical evidence is weak, i.e.
the best paper covers less than `min_score` of the question, and only after the relevance floor
has let the question through, so it never turns a "no papers" answer into papers):
- each paper is cut into units: its title and every pair of consecutive abstract sentences;
- unit and question vectors are centred on the corpus' mean unit vector (this removes what every
  abstract shares, "a method for faces", and leaves what tells them apart), then normalised;
- a paper's similarity is its best unit's cosine, rescaled per question to 0..1 between the
  corpus median and the best paper;
- the final score is (1 - `semantic_weight`) x BM25 / best BM25 + `semantic_weight` x similarity,
  and papers with similarity >= `semantic_min_similarity` join the lexical matches.
Corpora of more than `semantic_max_docs` papers are left to BM25 alone (embedding every unit
takes memory and time that large lists do not need). Without the package, search is BM25-only
and `availability()` says why.
"""

from __future__ import annotations

import importlib.util
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from pubchat.config import SearchSettings
    from pubchat.models import Paper

PACKAGE = "wordllama"
WEIGHTS = Path("weights") / "l2_supercat_256.safetensors"
TOKENIZER = Path("tokenizers") / "l2_supercat_tokenizer_config.json"
TENSOR = "embedding.weight"
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'(\[])")


class SemanticUnavailable(Exception):
    """The embedding model cannot be loaded (package missing, files moved, unreadable)."""


def model_files() -> tuple[Path, Path]:
    """Paths of the shipped weights and tokenizer inside the installed `wordllama` package.

    Finds the package without importing it (its import configures logging and loads requests).
    """
    try:
        spec = importlib.util.find_spec(PACKAGE)
    except (ImportError, ValueError):
        spec = None
    if spec is None or not spec.submodule_search_locations:
        raise SemanticUnavailable(f"the {PACKAGE} package is not installed")
    root = Path(next(iter(spec.submodule_search_locations)))
    weights, tokenizer = root / WEIGHTS, root / TOKENIZER
    for path in (weights, tokenizer):
        if not path.is_file():
            raise SemanticUnavailable(f"{PACKAGE} is installed but {path} is missing")
    return weights, tokenizer


def availability() -> str | None:
    """None when the model can be loaded, else a one-line reason (for `pubchat config`, docs)."""
    try:
        model_files()
        for module in ("tokenizers", "safetensors"):
            if importlib.util.find_spec(module) is None:
                raise SemanticUnavailable(f"the {module} package is not installed")
    except SemanticUnavailable as exc:
        return str(exc)
    return None


@dataclass(frozen=True, eq=False)
class Encoder:
    """Static token embeddings + tokenizer: a text's vector is the mean of its tokens' vectors."""

    tokenizer: Any
    table: np.ndarray  # (vocabulary, dim) as shipped (float16); rows are converted when used

    @classmethod
    def load(cls) -> Encoder:
        """Read the shipped model from the installed package (offline); SemanticUnavailable if not possible."""
        weights, tokenizer_file = model_files()
        try:
            from safetensors.numpy import load_file
            from tokenizers import Tokenizer
        except ImportError as exc:
            raise SemanticUnavailable(f"cannot import {exc.name or 'tokenizers/safetensors'}") from None
        try:
            tokenizer = Tokenizer.from_file(str(tokenizer_file))
            table = load_file(str(weights))[TENSOR]
        except Exception as exc:
            raise SemanticUnavailable(f"cannot read the {PACKAGE} model: {type(exc).__name__}") from None
        tokenizer.no_padding()
        tokenizer.no_truncation()
        return cls(tokenizer=tokenizer, table=table)

    @property
    def dim(self) -> int:
        """Vector length."""
        return int(self.table.shape[1])

    def embed(self, texts: list[str]) -> np.ndarray:
        """Mean token vector of each text (a zero row for a text without tokens), not normalised.

        Tokenises each distinct whitespace-separated word once (the tokenizer never merges across
        a space, so this gives the same tokens as the whole text, about twice as fast), then adds
        up word vectors text by text.
        """
        words: dict[str, int] = {}
        sequence: list[int] = []  # word index of every word occurrence, text after text
        bounds = np.zeros(len(texts) + 1, dtype=np.int64)
        for row, text in enumerate(texts):
            sequence.extend(words.setdefault(word, len(words)) for word in text.split())
            bounds[row + 1] = len(sequence)
        sums, counts = self._word_sums(list(words))
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        order = np.asarray(sequence, dtype=np.int64)
        zero = np.asarray([len(words)], dtype=np.int64)  # the all-zero row: keeps reduceat in range, adds nothing
        block = 512  # texts per step: bounds the temporary (words in the block x dim) array
        for start in range(0, len(texts), block):
            stop = min(start + block, len(texts))
            lo, hi = int(bounds[start]), int(bounds[stop])
            piece = np.concatenate([order[lo:hi], zero])
            offsets = bounds[start:stop] - lo
            summed = np.add.reduceat(sums[piece], offsets, axis=0)
            counted = np.add.reduceat(counts[piece], offsets)
            empty = bounds[start + 1 : stop + 1] == bounds[start:stop]  # reduceat copies a row for these
            summed[empty] = 0.0
            counted[empty] = 0.0
            out[start:stop] = summed / np.maximum(counted, 1.0)[:, None]
        return out

    def _word_sums(self, words: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """Per word: the sum of its tokens' vectors and its token count, plus a final all-zero row."""
        sums = np.zeros((len(words) + 1, self.dim), dtype=np.float32)
        counts = np.zeros(len(words) + 1, dtype=np.float32)
        last = self.table.shape[0] - 1
        block = 8192  # words per step: bounds the temporary (tokens x dim) array
        for start in range(0, len(words), block):
            # one word at a time, not encode_batch: no worker threads left spinning beside numpy's
            ids = [self.tokenizer.encode(w, add_special_tokens=False).ids for w in words[start : start + block]]
            lengths = np.fromiter((len(x) for x in ids), dtype=np.int64, count=len(ids))
            if not lengths.any():
                continue
            flat = np.clip(np.fromiter((t for x in ids for t in x), dtype=np.int64, count=int(lengths.sum())), 0, last)
            offsets = np.concatenate([[0], np.cumsum(lengths)[:-1]])
            filled = np.flatnonzero(lengths > 0)
            sums[start + filled] = np.add.reduceat(self.table[flat].astype(np.float32), offsets[filled], axis=0)
            counts[start : start + len(ids)] = lengths
        return sums, counts


def _unit_rows(vectors: np.ndarray) -> np.ndarray:
    """Rows scaled to length 1 (zero rows stay zero)."""
    norms = np.linalg.norm(vectors, axis=-1, keepdims=True)
    return vectors / np.where(norms > 0, norms, 1.0)


def text_units(paper: Paper) -> list[str]:
    """A paper's comparison units: its title and each pair of consecutive abstract sentences."""
    units = [paper.title] if paper.title.strip() else []
    sentences = [s for s in _SENTENCE_END.split(paper.abstract.strip()) if s.strip()]
    if len(sentences) <= 2:
        if sentences:
            units.append(" ".join(sentences))
    else:
        units.extend(" ".join(sentences[i : i + 2]) for i in range(len(sentences) - 1))
    return units or [" "]


@dataclass(frozen=True, eq=False)
class SemanticIndex:
    """Centred unit vectors of every paper's units, and which paper each unit belongs to."""

    encoder: Encoder
    units: np.ndarray  # (n_units, dim), centred and normalised
    starts: np.ndarray  # (n_papers,) first unit of each paper (units are grouped by paper, >= 1 each)
    centre: np.ndarray  # (dim,) mean of the normalised unit vectors
    n_papers: int

    @classmethod
    def build(cls, papers: list[Paper], encoder: Encoder) -> SemanticIndex:
        """Embed every paper's units (title, sentence pairs) once."""
        texts: list[str] = []
        starts: list[int] = []
        for paper in papers:
            starts.append(len(texts))
            texts.extend(text_units(paper))
        vectors = _unit_rows(encoder.embed(texts))
        centre = vectors.mean(axis=0) if texts else np.zeros(encoder.dim, dtype=np.float32)
        return cls(
            encoder=encoder,
            units=_unit_rows(vectors - centre),
            starts=np.asarray(starts, dtype=np.int64),
            centre=centre,
            n_papers=len(papers),
        )

    def similarity(self, text: str) -> np.ndarray:
        """Per paper: the cosine between the question and the paper's closest unit (-1..1)."""
        query = _unit_rows(_unit_rows(self.encoder.embed([text]))[0] - self.centre)
        if not self.n_papers:
            return np.zeros(0)
        # einsum, not `@`: a BLAS matrix-vector product waits for its worker threads, which on a
        # busy 2-core machine made this 100x slower (7 ms instead of 0.1 ms for 3k units)
        return np.maximum.reduceat(np.einsum("ij,j->i", self.units, query), self.starts).astype(float)


def relative(similarity: np.ndarray, among: np.ndarray) -> np.ndarray:
    """Similarity rescaled for this question: 0 at the median paper (and below), 1 at the best one.

    `among` (boolean mask) says which papers define the median and the best (the filtered ones).
    """
    if not among.any():
        return np.zeros_like(similarity)
    pool = similarity[among]
    low, high = float(np.median(pool)), float(pool.max())
    if high <= low:
        return np.zeros_like(similarity)
    return np.clip((similarity - low) / (high - low), 0.0, 1.0) * among


def fuse(scores: np.ndarray, similarity: np.ndarray, weight: float) -> np.ndarray:
    """(1 - weight) x scores / best score + weight x relative similarity."""
    top = float(scores.max()) if scores.size else 0.0
    lexical = scores / top if top > 0 else np.zeros_like(scores)
    return (1.0 - weight) * lexical + weight * similarity


@dataclass(frozen=True, eq=False)
class SemanticState:
    """What an Index knows about its semantic side: the built vectors, or why there are none."""

    index: SemanticIndex | None
    reason: str | None = None

    @classmethod
    def build(cls, papers: list[Paper], settings: SearchSettings) -> SemanticState:
        """Load the model and embed the corpus, unless disabled, too large or unavailable."""
        if not settings.semantic:
            return cls(None, "turned off (search.semantic = false)")
        if len(papers) > settings.semantic_max_docs:
            return cls(None, f"skipped: {len(papers)} papers > search.semantic_max_docs = {settings.semantic_max_docs}")
        try:
            return cls(SemanticIndex.build(papers, Encoder.load()))
        except SemanticUnavailable as exc:
            return cls(None, f"unavailable: {exc}")


def rerank(
    state: SemanticState, text: str, scores: np.ndarray, keep: np.ndarray, allowed: np.ndarray, settings: SearchSettings
) -> tuple[np.ndarray, np.ndarray]:
    """Fuse BM25 with meaning for a weakly matched question: (new scores, papers to return).

    `keep` = the papers the lexical floor passed; `allowed` = the papers the filters allow.
    Papers whose relative similarity reaches `semantic_min_similarity` are added to `keep`.
    Without a semantic index (or an empty text) the inputs come back unchanged.
    """
    if state.index is None or not text.strip():
        return scores, keep
    similarity = relative(state.index.similarity(text), allowed)
    fused = fuse(np.where(allowed, scores, 0.0), similarity, settings.semantic_weight)
    chosen = (keep | (similarity >= settings.semantic_min_similarity)) & allowed
    return np.where(chosen, fused, 0.0), chosen
