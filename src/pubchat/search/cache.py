"""On-disk cache of analysed field tokens, so a large corpus loads without re-analysing every abstract.

Format (version `FORMAT`): one NumPy `.npz` read with `allow_pickle=False` (no code can ride in
it), holding the vocabulary as UTF-8 bytes + offsets and, per field, int32 term ids + per-paper
offsets. The file name and an embedded copy carry the key: a hash of the analysed corpus
content (title, abstract, authors of every paper, in order), the analyzer's settings and source,
and the format version. A stale key never matches; a corrupt or unreadable file is rebuilt and
replaced; a cache directory that cannot be written is skipped. Writes are atomic
(`pubchat.storage`). Small corpora (`cache.min_docs`) index faster than a cache read: no cache.
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from pubchat.config import Settings
    from pubchat.models import Paper
    from pubchat.search.analyzer import Analyzer
    from pubchat.search.index import FieldTokens, Index

log = logging.getLogger(__name__)

FORMAT = 1
KEEP_FILES = 4  # cache files kept per directory (least recently used are removed)
_FIELDS = ("title", "abstract", "authors")


def cache_dir(settings: Settings) -> Path:
    """settings.cache.dir, else the user cache directory (platformdirs)."""
    if settings.cache.dir:
        return Path(settings.cache.dir).expanduser()
    from platformdirs import user_cache_dir

    from pubchat.config import APP_NAME

    return Path(user_cache_dir(APP_NAME)) / "index"


def analyzer_fingerprint(analyzer: Analyzer) -> str:
    """What the tokens depend on besides the text: analyzer settings and the analysis code."""
    import pubchat.search.analyzer as analyzer_mod
    import pubchat.search.index as index_mod

    h = hashlib.blake2b(digest_size=16)
    h.update(json.dumps([sorted(analyzer.stopwords), analyzer.stem_words, analyzer.language]).encode())
    for mod in (analyzer_mod, index_mod):  # analyze() and analyze_corpus() live here
        try:
            h.update(Path(mod.__file__ or "").read_bytes())
        except OSError:
            h.update(str(mod.__name__).encode())
    return h.hexdigest()


def corpus_key(papers: list[Paper], analyzer: Analyzer) -> str:
    """Hash of the analysed content of every paper (in order) + analyzer fingerprint + format."""
    h = hashlib.blake2b(digest_size=20)
    h.update(f"pubchat-index-cache/{FORMAT}/{analyzer_fingerprint(analyzer)}/{len(papers)}".encode())
    for p in papers:
        h.update(json.dumps([p.title, p.abstract, p.authors], ensure_ascii=False).encode("utf-8", "surrogatepass"))
        h.update(b"\x00")
    return h.hexdigest()


def encode_tokens(tokens: FieldTokens, key: str) -> bytes:
    """Serialise field tokens to .npz bytes (no pickled objects)."""
    vocab: dict[str, int] = {}
    arrays: dict[str, np.ndarray] = {}
    for name in _FIELDS:
        docs = tokens.field(name)
        lengths = np.fromiter((len(d) for d in docs), dtype=np.int64, count=len(docs))
        ids = np.fromiter((vocab.setdefault(t, len(vocab)) for d in docs for t in d), dtype=np.int32,
                          count=int(lengths.sum()))
        arrays[f"{name}_ids"] = ids
        arrays[f"{name}_offsets"] = np.concatenate(([0], np.cumsum(lengths))).astype(np.int64)
    words = [w.encode("utf-8", "surrogatepass") for w in vocab]
    arrays["vocab_bytes"] = np.frombuffer(b"".join(words), dtype=np.uint8)
    arrays["vocab_offsets"] = np.concatenate(([0], np.cumsum([len(w) for w in words]))).astype(np.int64)
    arrays["key"] = np.frombuffer(key.encode("ascii"), dtype=np.uint8)
    buffer = io.BytesIO()
    np.savez(buffer, **arrays)
    return buffer.getvalue()


def decode_tokens(path: Path, key: str, n_papers: int) -> FieldTokens:
    """Read field tokens back; ValueError when the file is not a valid cache for this key."""
    from pubchat.search.index import FieldTokens

    with np.load(path, allow_pickle=False) as data:
        if bytes(data["key"]).decode("ascii") != key:
            raise ValueError("cache key mismatch")
        blob = bytes(data["vocab_bytes"])
        offsets = data["vocab_offsets"].tolist()
        vocab = np.array([blob[a:b].decode("utf-8", "surrogatepass") for a, b in zip(offsets, offsets[1:])] or [""],
                         dtype=object)
        fields: dict[str, list[list[str]]] = {}
        for name in _FIELDS:
            ids = data[f"{name}_ids"]
            bounds = data[f"{name}_offsets"]
            if len(bounds) != n_papers + 1 or bounds[0] != 0 or bounds[-1] != len(ids) or np.any(np.diff(bounds) < 0):
                raise ValueError(f"cache field {name} has the wrong shape")
            if len(ids) and (ids.min() < 0 or ids.max() >= len(offsets) - 1):
                raise ValueError(f"cache field {name} has out-of-range term ids")
            words = vocab[ids].tolist() if len(ids) else []
            b = bounds.tolist()
            fields[name] = [words[lo:hi] for lo, hi in zip(b, b[1:])]
    return FieldTokens(**fields)


def _prune(directory: Path, keep: Path) -> None:
    """Remove the least recently used cache files beyond KEEP_FILES (never `keep`)."""
    try:
        files = sorted(directory.glob("index-*.npz"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in [f for f in files if f != keep][KEEP_FILES - 1:]:
            old.unlink(missing_ok=True)
    except OSError:
        pass


def load_or_build_tokens(papers: list[Paper], settings: Settings, analyzer: Analyzer) -> FieldTokens:
    """Cached field tokens for this corpus and analyzer; analysed and written when missing or bad."""
    from pubchat.search.index import analyze_corpus
    from pubchat.storage import atomic_write_bytes

    key = corpus_key(papers, analyzer)
    directory = cache_dir(settings)
    path = directory / f"index-{key[:32]}.npz"
    if path.is_file():
        try:
            tokens = decode_tokens(path, key, len(papers))
            try:
                path.touch()  # most recently used
            except OSError:
                pass
            return tokens
        except Exception as exc:  # noqa: BLE001 - any unreadable cache is rebuilt, never fatal
            log.info("index cache %s unusable (%s); rebuilding", path, exc)
    tokens = analyze_corpus(papers, analyzer)
    try:
        atomic_write_bytes(path, encode_tokens(tokens, key))
        _prune(directory, path)
    except OSError as exc:
        log.info("index cache not written to %s: %s", path, exc)
    return tokens


def load_or_build_index(papers: list[Paper], settings: Settings) -> Index:
    """The search Index for papers, reusing cached analysed tokens for large corpora (the Assistant's entry)."""
    from pubchat.search.analyzer import Analyzer
    from pubchat.search.index import Index

    if not settings.cache.enabled or len(papers) < settings.cache.min_docs:
        return Index.build(papers, settings.search)
    tokens = load_or_build_tokens(papers, settings, Analyzer())
    try:
        return Index.build(papers, settings.search, field_tokens=tokens)
    except ValueError:  # tokens disagree with the papers: analyse afresh
        return Index.build(papers, settings.search)
