"""Sentence encoder: all-MiniLM-L6-v2 run as a small BERT forward pass in NumPy.

The model (6 layers, 384 dimensions, 12 heads) ships inside the package (`pubchat/search/minilm/`):
its weight matrices and embedding tables quantised to int8 with float32 scales (`dequantise`),
biases and layer norms in float32, and the upstream `tokenizer.json`. `scripts/build_encoder.py` builds those files from
the original float32 weights. A text's vector is the mean of its last-layer token states over the
attention mask, scaled to unit length, as sentence-transformers computes it for this model (texts
are cut at 256 word pieces, its `max_seq_length`). Nothing is read from the network.

BLAS runs on one thread while embedding: several threads on a busy small machine wait on each
other far longer than one thread computes.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

MODEL_DIR = Path(__file__).with_name("minilm")
WEIGHTS_FILE = "model.safetensors"
TOKENIZER_FILE = "tokenizer.json"
MAX_TOKENS = 256  # the model's max_seq_length (sentence-transformers' sentence_bert_config.json)
LAYERS = 6
HEADS = 12
DIM = 384
LAYER_NORM_EPS = 1e-12
SCALE_SUFFIX = ".scale"  # int8 tensor `name` is stored with float32 row scales `name.scale`
TOKEN_BUDGET = 4096  # word pieces per forward batch: bounds the (batch, heads, len, len) attention array

Progress = Callable[[int, int], None]


class EncoderUnavailable(Exception):
    """The shipped model cannot be loaded (files missing or unreadable); the message says which."""


def model_path() -> Path:
    """The shipped weight file."""
    return MODEL_DIR / WEIGHTS_FILE


def file_sha256(path: Path) -> str:
    """Hex sha256 of a file's bytes."""
    h = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def dequantise(tensors: Mapping[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Float32 tensors from a shipped file: int8 blocks x their scales; float tensors as they are.

    An int8 tensor `name` (rows, cols) comes with `name.scale`, either (rows, groups): each row cut
    into `groups` equal runs, or (groups, cols): each column cut so; each run times its scale.
    """
    out: dict[str, np.ndarray] = {}
    for name, value in tensors.items():
        if name.endswith(SCALE_SUFFIX):
            continue
        if value.dtype != np.int8:
            out[name] = np.asarray(value, dtype=np.float32)
            continue
        scale = tensors[name + SCALE_SUFFIX].astype(np.float32)
        rows, cols = value.shape
        floats = value.astype(np.float32)
        if scale.shape[0] == rows:
            floats.reshape(rows, scale.shape[1], cols // scale.shape[1])[...] *= scale[:, :, None]
        else:
            floats.reshape(scale.shape[0], rows // scale.shape[0], cols)[...] *= scale[:, None, :]
        out[name] = floats
    return out


def _erf(x: np.ndarray) -> np.ndarray:
    """Error function, absolute error below 1.5e-7 (Abramowitz & Stegun 7.1.26); NumPy has none."""
    sign = np.sign(x)
    a = np.abs(x)
    t = 1.0 / (1.0 + 0.3275911 * a)
    poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))))
    return sign * (1.0 - poly * np.exp(-a * a))


def _gelu(x: np.ndarray) -> np.ndarray:
    """BERT's exact GELU: x * Phi(x)."""
    return 0.5 * x * (1.0 + _erf(x * np.float32(0.7071067811865476)))


def _layer_norm(x: np.ndarray, weight: np.ndarray, bias: np.ndarray) -> np.ndarray:
    """Layer norm over the last axis."""
    mean = x.mean(axis=-1, keepdims=True)
    centred = x - mean
    var = np.mean(centred * centred, axis=-1, keepdims=True)
    return centred / np.sqrt(var + LAYER_NORM_EPS) * weight + bias


@dataclass(frozen=True)
class _Layer:
    """One transformer layer's weight matrices as (in, out), for `x @ w`."""

    qkv_w: np.ndarray  # (384, 1152): query, key and value side by side
    qkv_b: np.ndarray
    out_w: np.ndarray  # (384, 384)
    out_b: np.ndarray
    ln1_w: np.ndarray
    ln1_b: np.ndarray
    up_w: np.ndarray  # (384, 1536)
    up_b: np.ndarray
    down_w: np.ndarray  # (1536, 384)
    down_b: np.ndarray
    ln2_w: np.ndarray
    ln2_b: np.ndarray

    @classmethod
    def from_tensors(cls, t: Mapping[str, np.ndarray], i: int) -> _Layer:
        """Layer i of a float32 BERT state dict: matrices stored (in, out) as `name.weight.T` (shipped),
        or (out, in) as `name.weight` (PyTorch, the upstream file)."""
        p = f"encoder.layer.{i}."
        a = p + "attention."

        def w(name: str) -> np.ndarray:
            shipped = t.get(name + ".weight.T")
            return shipped if shipped is not None else np.ascontiguousarray(t[name + ".weight"].T)

        qkv = [a + "self.query", a + "self.key", a + "self.value"]
        return cls(
            qkv_w=np.concatenate([w(n) for n in qkv], axis=1),
            qkv_b=np.concatenate([t[n + ".bias"] for n in qkv]),
            out_w=w(a + "output.dense"),
            out_b=t[a + "output.dense.bias"],
            ln1_w=t[a + "output.LayerNorm.weight"],
            ln1_b=t[a + "output.LayerNorm.bias"],
            up_w=w(p + "intermediate.dense"),
            up_b=t[p + "intermediate.dense.bias"],
            down_w=w(p + "output.dense"),
            down_b=t[p + "output.dense.bias"],
            ln2_w=t[p + "output.LayerNorm.weight"],
            ln2_b=t[p + "output.LayerNorm.bias"],
        )

    def __call__(self, x: np.ndarray, bias: np.ndarray) -> np.ndarray:
        """x (batch x len, 384); bias (batch, 1, 1, len): 0 for tokens, a large negative for padding."""
        n, length = bias.shape[0], bias.shape[-1]
        head = DIM // HEADS
        qkv = (x @ self.qkv_w + self.qkv_b).reshape(n, length, 3, HEADS, head).transpose(2, 0, 3, 1, 4)
        q, k, v = qkv[0], qkv[1], qkv[2]  # each (batch, heads, len, head)
        scores = q @ k.transpose(0, 1, 3, 2)
        scores *= np.float32(1.0 / np.sqrt(head))
        scores += bias
        scores -= scores.max(axis=-1, keepdims=True)
        np.exp(scores, out=scores)
        scores /= scores.sum(axis=-1, keepdims=True)
        context = (scores @ v).transpose(0, 2, 1, 3).reshape(n * length, DIM)
        x = _layer_norm(x + (context @ self.out_w + self.out_b), self.ln1_w, self.ln1_b)
        hidden = _gelu(x @ self.up_w + self.up_b)
        return _layer_norm(x + (hidden @ self.down_w + self.down_b), self.ln2_w, self.ln2_b)


@dataclass(frozen=True, eq=False)
class Encoder:
    """all-MiniLM-L6-v2: tokenizer + weights; `encode` gives unit-length 384-d sentence vectors."""

    tokenizer: Any  # tokenizers.Tokenizer
    word_q: np.ndarray  # (vocabulary, 384) int8 or float32 word-piece embeddings (rows gathered per batch)
    word_scale: np.ndarray | None  # (vocabulary, 1) float32 row scales when word_q is int8
    position: np.ndarray  # (512, 384)
    token_type: np.ndarray  # (384,) the type-0 embedding (single sentences only)
    ln_w: np.ndarray
    ln_b: np.ndarray
    layers: tuple[_Layer, ...]
    fingerprint: str  # sha256 of the weight file the encoder was read from
    threads: Any  # threadpoolctl.ThreadpoolController (created once: it scans the loaded libraries)

    dim = DIM

    @classmethod
    def load(cls, weights: Path | None = None, tokenizer: Path | None = None) -> Encoder:
        """Read the shipped model (or the given files); EncoderUnavailable with the reason if not possible."""
        weights = weights or MODEL_DIR / WEIGHTS_FILE
        tokenizer = tokenizer or MODEL_DIR / TOKENIZER_FILE
        for path in (weights, tokenizer):
            if not path.is_file():
                raise EncoderUnavailable(f"the model file {path} is missing")
        from safetensors.numpy import load_file

        try:
            tensors = load_file(str(weights))
        except Exception as exc:
            raise EncoderUnavailable(f"cannot read {weights}: {type(exc).__name__}: {exc}") from None
        return cls.from_tensors(tensors, tokenizer, fingerprint=file_sha256(weights))

    @classmethod
    def from_tensors(cls, tensors: Mapping[str, np.ndarray], tokenizer: Path, fingerprint: str) -> Encoder:
        """An encoder from a BERT state dict, int8 + scales (as shipped) or float32 (the upstream file)."""
        from threadpoolctl import ThreadpoolController
        from tokenizers import Tokenizer

        try:
            tok = Tokenizer.from_file(str(tokenizer))
        except Exception as exc:
            raise EncoderUnavailable(f"cannot read {tokenizer}: {type(exc).__name__}: {exc}") from None
        tok.enable_truncation(max_length=MAX_TOKENS)
        tok.no_padding()
        word_name = "embeddings.word_embeddings.weight"
        try:
            word = tensors[word_name]
            word_scale = tensors.get(word_name + SCALE_SUFFIX)
            rest = dequantise({k: v for k, v in tensors.items() if not k.startswith(word_name)})
            layers = tuple(_Layer.from_tensors(rest, i) for i in range(LAYERS))
            return cls(
                tokenizer=tok,
                word_q=word if word.dtype == np.int8 else np.asarray(word, dtype=np.float32),
                word_scale=None if word_scale is None else np.asarray(word_scale, dtype=np.float32),
                position=rest["embeddings.position_embeddings.weight"],
                token_type=rest["embeddings.token_type_embeddings.weight"][0],
                ln_w=rest["embeddings.LayerNorm.weight"],
                ln_b=rest["embeddings.LayerNorm.bias"],
                layers=layers,
                fingerprint=fingerprint,
                threads=ThreadpoolController(),
            )
        except KeyError as exc:
            raise EncoderUnavailable(f"the model file lacks tensor {exc}") from None

    def _embed_ids(self, ids: np.ndarray) -> np.ndarray:
        """Word-piece embeddings of an id array (any shape) as float32."""
        rows = self.word_q[ids]
        if self.word_scale is None:
            return rows
        return rows.astype(np.float32) * self.word_scale[ids]

    def _forward(self, batch: list[list[int]]) -> np.ndarray:
        """Mean-pooled, normalised vectors of a batch of token id lists."""
        length = max(len(ids) for ids in batch)
        ids = np.zeros((len(batch), length), dtype=np.int64)
        mask = np.zeros((len(batch), length), dtype=np.float32)
        for row, seq in enumerate(batch):
            ids[row, : len(seq)] = seq
            mask[row, : len(seq)] = 1.0
        x = self._embed_ids(ids) + self.position[:length] + self.token_type
        x = _layer_norm(x, self.ln_w, self.ln_b).reshape(len(batch) * length, DIM)
        bias = ((1.0 - mask) * np.float32(-1e9))[:, None, None, :]
        for layer in self.layers:
            x = layer(x, bias)
        states = x.reshape(len(batch), length, DIM)
        pooled = (states * mask[:, :, None]).sum(axis=1) / mask.sum(axis=1, keepdims=True)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        return (pooled / np.maximum(norms, 1e-12)).astype(np.float32)

    def token_ids(self, texts: list[str]) -> list[list[int]]:
        """Word-piece ids of each text with [CLS] and [SEP], cut at MAX_TOKENS."""
        return [self.tokenizer.encode(text).ids for text in texts]

    def encode(self, texts: list[str], *, progress: Progress | None = None) -> np.ndarray:
        """(len(texts), 384) float32 unit vectors; `progress(done, total)` after each batch.

        Texts are run in batches of similar length (little padding), at most TOKEN_BUDGET word pieces each.
        """
        out = np.zeros((len(texts), DIM), dtype=np.float32)
        if not texts:
            return out
        ids = self.token_ids(texts)
        order = sorted(range(len(texts)), key=lambda i: len(ids[i]))
        done = 0
        with self._one_thread():
            for chunk in _batches(order, [len(x) for x in ids]):
                out[chunk] = self._forward([ids[i] for i in chunk])
                done += len(chunk)
                if progress is not None:
                    progress(done, len(texts))
        return out

    @contextmanager
    def _one_thread(self) -> Iterator[None]:
        """BLAS limited to one thread for the duration."""
        with self.threads.limit(limits=1, user_api="blas"):
            yield


def _batches(order: list[int], lengths: list[int]) -> Iterator[list[int]]:
    """Consecutive runs of `order` (sorted by length) whose padded size stays within TOKEN_BUDGET."""
    chunk: list[int] = []
    for i in order:
        if chunk and (len(chunk) + 1) * lengths[i] > TOKEN_BUDGET:
            yield chunk
            chunk = []
        chunk.append(i)
    if chunk:
        yield chunk
