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

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from collections.abc import Sequence

    from pubchat.config import SearchSettings
    from pubchat.models import Paper
    from pubchat.search.encoder import Encoder, Progress

EMBEDDED_KEPT = 16  # question vectors one answer keeps (it embeds its question and perhaps a subject or two)


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
    """Every paper's unit vector (and its sentences' vectors) and the encoder that embeds questions the same way."""

    encoder: Encoder
    vectors: np.ndarray  # (n_papers, 384) float32, unit rows
    sentences: np.ndarray | None = None  # (n_units, 384): each paper's title and abstract sentences
    owner: np.ndarray | None = None  # (n_units,) the paper each sentence row belongs to
    # this answer's question vectors: its search, yes/no evidence and sentence choice read the same
    # question's vector, embedded once (`forget` when the next answer starts)
    _embedded: dict[str, np.ndarray] = field(default_factory=dict, init=False, repr=False)

    @classmethod
    def build(
        cls, papers: Sequence[Paper], encoder: Encoder, cache_dir: Path | None = None, progress: Progress | None = None
    ) -> SemanticIndex:
        """Document and sentence vectors from the shipped files or the cache, else embedded now
        (one progress count over both)."""
        from pubchat.search.dense import document_vectors, paper_units, sentence_vectors

        total = len(papers) + sum(len(paper_units(p)) for p in papers) if progress is not None else 0

        def step(offset: int) -> Progress | None:
            return None if progress is None else (lambda done, _: progress(offset + done, total))

        vectors = document_vectors(papers, encoder, cache_dir=cache_dir, progress=step(0))
        sentences, owner = sentence_vectors(papers, encoder, cache_dir=cache_dir, progress=step(len(papers)))
        return cls(encoder, vectors, sentences, owner)

    def embed(self, text: str) -> np.ndarray:
        """The question's unit vector (embedded once per answer)."""
        vector = self._embedded.get(text)
        if vector is None:
            vector = np.asarray(self.encoder.encode([text])[0], dtype=np.float32)
            vector.setflags(write=False)  # shared by every reader of this question
            if len(self._embedded) >= EMBEDDED_KEPT:
                del self._embedded[next(iter(self._embedded))]
            self._embedded[text] = vector
        return vector

    def embedded(self, text: str) -> np.ndarray | None:
        """The vector of a text this answer already embedded (its search did), else None; never encodes."""
        return self._embedded.get(text)

    def forget(self) -> None:
        """A new answer starts: no earlier question's vector is reused (an answer depends on its question only)."""
        self._embedded.clear()

    def similarity(self, text: str) -> np.ndarray:
        """Per paper: the cosine between the question and the paper (-1..1)."""
        if not len(self.vectors):
            return np.zeros(0)
        return self.similarity_to(self.embed(text))

    def similarity_to(self, query: np.ndarray) -> np.ndarray:
        """Per paper: the cosine between a question vector and the paper."""
        # einsum, not `@`: a BLAS matrix-vector product may wait on worker threads on a busy machine
        return np.einsum("ij,j->i", self.vectors, query).astype(float)

    def best_sentence(self, query: np.ndarray) -> np.ndarray | None:
        """Per paper: the cosine of its closest unit (title or abstract sentence), or None without sentence vectors."""
        if self.sentences is None or self.owner is None:
            return None
        best = np.full(len(self.vectors), -1.0)
        np.maximum.at(best, self.owner, np.einsum("ij,j->i", self.sentences, query).astype(float))
        return best


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
    When no allowed paper has a sentence (or title) at `semantic_floor` cosine to the question,
    its few shared words were chance: nothing is returned ("oracle" in a question about regular
    expressions, "chatbot" in one about therapy).
    Without a semantic index (or an empty text) the inputs come back unchanged.
    """
    if state.index is None or not text.strip():
        return scores, keep
    query = state.index.embed(text)
    best = state.index.best_sentence(query)
    if best is not None and allowed.any() and float(best[allowed].max()) < settings.semantic_floor:
        return np.zeros_like(scores), np.zeros_like(keep)
    similarity = relative(state.index.similarity_to(query), allowed)
    fused = fuse(np.where(allowed, scores, 0.0), similarity, settings.semantic_weight)
    chosen = (keep | (similarity >= settings.semantic_min_similarity)) & allowed
    return np.where(chosen, fused, 0.0), chosen


def rescue(state: SemanticState, text: str, allowed: np.ndarray, settings: SearchSettings) -> np.ndarray | None:
    """Per paper, for a question whose words no paper matches: its best sentence's cosine where it
    reaches `semantic_rescue` (the paper may be related in meaning: lay wording such as "spotting
    fake faces" for face forgery detection), else 0; None when no allowed paper is that close."""
    if state.index is None or not text.strip() or not allowed.any():
        return None
    best = state.index.best_sentence(state.index.embed(text))
    if best is None:
        return None
    close = allowed & (best >= settings.semantic_rescue)
    return np.where(close, best, 0.0) if close.any() else None
