"""Meaning-based reranking for questions whose words the papers do not use.

The signal is the sentence encoder shipped with pubchat (`search/encoder.py`, all-MiniLM-L6-v2):
one vector per paper (`search/dense.py`: title + abstract, computed once per corpus and cached,
shipped for the shipped corpus) and one for the question; similarity is their cosine.

How search uses it (`rerank`, called by `Index.search` only when lexical evidence is weak, i.e.
the best paper covers less than `min_score` of the question, and only after the relevance floor
has let the question through, so it never turns a "no papers" answer into papers):
- a paper's similarity is rescaled per question to 0..1 between the median paper and the best one;
- the final score is (1 - `semantic_weight`) x BM25 / best BM25 + `semantic_weight` x similarity,
  and papers with similarity >= `semantic_min_similarity` join the lexical matches.
With `semantic = "auto"` corpora of more than `semantic_max_docs` papers are left to BM25 alone
(embedding every paper takes time, once per corpus); `semantic = true` embeds any corpus.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from collections.abc import Sequence

    from pubchat.config import SearchSettings
    from pubchat.models import Paper
    from pubchat.search.encoder import Encoder, Progress


def availability() -> str | None:
    """None when the shipped model's files are in place, else a one-line reason (for `pubchat config`)."""
    from pubchat.search.encoder import MODEL_DIR, TOKENIZER_FILE, WEIGHTS_FILE

    for name in (WEIGHTS_FILE, TOKENIZER_FILE):
        if not (MODEL_DIR / name).is_file():
            return f"the model file {MODEL_DIR / name} is missing"
    return None


def off_reason(n_papers: int, settings: SearchSettings) -> str | None:
    """Why the encoder is not used for a corpus of n_papers (None: it is)."""
    if not settings.semantic:
        return "turned off (search.semantic = false)"
    if settings.semantic == "auto" and n_papers > settings.semantic_max_docs:
        return (
            f"{n_papers} papers > search.semantic_max_docs = {settings.semantic_max_docs} "
            "(search.semantic = true embeds it anyway, once)"
        )
    return availability()


@dataclass(frozen=True, eq=False)
class SemanticIndex:
    """Every paper's unit vector and the encoder that embeds questions the same way."""

    encoder: Encoder
    vectors: np.ndarray  # (n_papers, 384) float32, unit rows

    @classmethod
    def build(
        cls, papers: Sequence[Paper], encoder: Encoder, cache_dir: Path | None = None, progress: Progress | None = None
    ) -> SemanticIndex:
        """Document vectors from the shipped file or the cache, else embedded now."""
        from pubchat.search.dense import document_vectors

        return cls(encoder, document_vectors(papers, encoder, cache_dir=cache_dir, progress=progress))

    def similarity(self, text: str) -> np.ndarray:
        """Per paper: the cosine between the question and the paper (-1..1)."""
        if not len(self.vectors):
            return np.zeros(0)
        query = self.encoder.encode([text])[0]
        # einsum, not `@`: a BLAS matrix-vector product may wait on worker threads on a busy machine
        return np.einsum("ij,j->i", self.vectors, query).astype(float)


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
    def build(
        cls,
        papers: Sequence[Paper],
        settings: SearchSettings,
        cache_dir: Path | None = None,
        progress: Progress | None = None,
    ) -> SemanticState:
        """Load the model and the corpus' vectors, unless turned off, too large or unavailable."""
        from pubchat.search.encoder import Encoder, EncoderUnavailable

        reason = off_reason(len(papers), settings)
        if reason is not None:
            return cls(None, reason)
        try:
            return cls(SemanticIndex.build(papers, Encoder.load(), cache_dir, progress))
        except EncoderUnavailable as exc:
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
