"""Document vectors: one sentence-encoder vector per paper, computed once per corpus and cached.

Recipe (`RECIPE`): the paper's title, a full stop unless it ends in one, then its abstract; the
encoder keeps the first 256 word pieces. Vectors are found, in order, in the file shipped beside the
shipped corpus (so the first question on it never embeds), in `cache_dir`, else computed and written
to `cache_dir`. Every file is a NumPy `.npz` read with `allow_pickle=False` holding `vectors`
(n, 384) float32 and `key`; the key hashes the recipe name, the model file's sha256 and every
paper's recipe text in order, so a changed corpus, model or recipe never reuses stale vectors.
A file that is unreadable or has another key is ignored (and rewritten); a cache directory that
cannot be written is skipped; the directory keeps the KEEP_FILES newest vector files.

Sentence vectors (`sentence_vectors`, recipe `SENTENCE_RECIPE`): one vector per unit of a paper,
its title and each abstract sentence (`paper_units`), found and cached the same way (shipped file
`SHIPPED_SENTENCES`); what a paper's best sentence says is sharper evidence than its whole text.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import logging
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from collections.abc import Sequence

    from pubchat.models import Paper
    from pubchat.search.encoder import Encoder, Progress

log = logging.getLogger(__name__)

RECIPE = "title-abstract/1"
SENTENCE_RECIPE = "title-sentences/1"
SHIPPED_NAME = "papers.vectors.npz"
SHIPPED_SENTENCES = "papers.sentences.npz"
PREFIX = "vectors-"
KEEP_FILES = 8  # vector files kept per cache directory (a document and a sentence file per corpus)


def document_text(paper: Paper) -> str:
    """The text a paper is embedded from: title, full stop, abstract."""
    title, abstract = paper.title.strip(), paper.abstract.strip()
    if not title or not abstract:
        return title or abstract
    return f"{title} {abstract}" if title[-1] in ".?!" else f"{title}. {abstract}"


def paper_units(paper: Paper) -> list[str]:
    """The units a paper's sentence vectors are made from: its title, then each abstract sentence."""
    from pubchat.answer.text import split_sentences

    title = paper.title.strip()
    return ([title] if title else []) + split_sentences(paper.abstract)


def vectors_key(papers: Sequence[Paper], fingerprint: str) -> str:
    """Hash of the recipe, the model file's sha256 and every paper's text (in order)."""
    return _texts_key(RECIPE, [document_text(p) for p in papers], fingerprint)


def _texts_key(recipe: str, texts: list[str], fingerprint: str) -> str:
    """Hash of a recipe name, the model file's sha256 and every text (in order)."""
    h = hashlib.sha256(f"pubchat-vectors/{recipe}/{fingerprint}/{len(texts)}".encode())
    for text in texts:
        h.update(text.encode("utf-8", "surrogatepass"))
        h.update(b"\x00")
    return h.hexdigest()


def sentences_key(units: list[list[str]], fingerprint: str) -> str:
    """The key of sentence vectors: the sentence recipe, the model, every paper's units (in order)."""
    return _texts_key(SENTENCE_RECIPE, ["\x01".join(u) for u in units], fingerprint)


def shipped_vectors_path(name: str = SHIPPED_NAME) -> Path:
    """Where the vectors of the shipped corpus live (beside it, in `pubchat.shipped`)."""
    from pubchat.corpus import shipped_corpus_path

    return shipped_corpus_path().with_name(name)


def read_vectors(path: Path, key: str, count: int) -> np.ndarray | None:
    """The vectors stored in path if its key and shape match, else None (missing, stale, corrupt)."""
    try:
        with np.load(path, allow_pickle=False) as data:
            if str(data["key"]) != key:
                return None
            vectors = np.asarray(data["vectors"], dtype=np.float32)
    except (OSError, ValueError, KeyError, EOFError) as exc:
        if not isinstance(exc, FileNotFoundError):
            log.debug("ignoring unreadable vector file %s: %s", path, exc)
        return None
    return vectors if vectors.shape[0] == count and vectors.ndim == 2 else None


def write_vectors(path: Path, key: str, vectors: np.ndarray) -> None:
    """Store vectors with their key (atomic replace)."""
    from pubchat.storage import atomic_write_bytes

    buffer = io.BytesIO()
    np.savez(buffer, key=np.asarray(key), vectors=np.asarray(vectors, dtype=np.float32))
    atomic_write_bytes(path, buffer.getvalue())


def document_vectors(
    papers: Sequence[Paper],
    encoder: Encoder,
    *,
    cache_dir: Path | None = None,
    progress: Progress | None = None,
) -> np.ndarray:
    """(len(papers), 384) float32 unit vectors, from the shipped file or the cache when they hold them."""
    texts = [document_text(p) for p in papers]
    key = vectors_key(papers, encoder.fingerprint)
    return _cached(texts, key, SHIPPED_NAME, encoder, cache_dir, progress)


def sentence_vectors(
    papers: Sequence[Paper],
    encoder: Encoder,
    *,
    cache_dir: Path | None = None,
    progress: Progress | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """(vectors, owner): one unit vector per title and abstract sentence (`paper_units`), and the
    index of the paper each row belongs to; from the shipped file or the cache when they hold them."""
    units = [paper_units(p) for p in papers]
    owner = np.repeat(np.arange(len(papers), dtype=np.int64), [len(u) for u in units])
    texts = [t for u in units for t in u]
    key = sentences_key(units, encoder.fingerprint)
    return _cached(texts, key, SHIPPED_SENTENCES, encoder, cache_dir, progress), owner


def _cached(
    texts: list[str], key: str, shipped: str, encoder: Encoder, cache_dir: Path | None, progress: Progress | None
) -> np.ndarray:
    """The vectors of texts under key: the shipped file, the cache, else embedded now (and cached)."""
    places = [shipped_vectors_path(shipped)]
    cached = cache_dir / f"{PREFIX}{key[:32]}.npz" if cache_dir is not None else None
    if cached is not None:
        places.append(cached)
    for path in places:
        found = read_vectors(path, key, len(texts))
        if found is not None:
            return found
    vectors = encoder.encode(texts, progress=progress)
    if cached is not None:
        with contextlib.suppress(OSError):
            write_vectors(cached, key, vectors)
            _prune(cached.parent)
    return vectors


def _prune(directory: Path) -> None:
    """Keep the KEEP_FILES most recently written vector files."""
    files = sorted(directory.glob(f"{PREFIX}*.npz"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in files[KEEP_FILES:]:
        old.unlink(missing_ok=True)
