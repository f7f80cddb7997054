"""Dense stage: the sentence encoder as a per-paper cosine signal.

`EncoderSignal` adapts any encoder with `encode(texts) -> (n, dim)` L2-normalised float vectors
and the corpus' cached document vectors (same order as the papers). Tests pass a fake encoder.
"""

from __future__ import annotations

from typing import Protocol

import numpy as np


class TextEncoder(Protocol):
    """What the dense stage needs from an encoder."""

    def encode(self, texts: list[str]) -> np.ndarray:
        """L2-normalised vectors, one row per text."""
        ...


class DenseSignal(Protocol):
    """Raw cosine of a question to every paper of the corpus (corpus order)."""

    def cosines(self, text: str) -> np.ndarray:
        """One raw cosine per paper."""
        ...


class EncoderSignal:
    """Cosines from an encoder and the corpus' document vectors (rows L2-normalised, corpus order)."""

    def __init__(self, encoder: TextEncoder, doc_vectors: np.ndarray) -> None:
        """Keep the encoder and the document matrix (float32, papers x dim)."""
        self.encoder = encoder
        self.doc_vectors = np.asarray(doc_vectors, dtype=np.float32)

    def cosines(self, text: str) -> np.ndarray:
        """Question vector against every document vector."""
        vector = np.asarray(self.encoder.encode([text]), dtype=np.float32).reshape(-1)
        return self.doc_vectors @ vector
