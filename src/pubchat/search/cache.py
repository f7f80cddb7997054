"""On-disk cache of what an index build derives from the text, so a large corpus loads without re-reading it.

It keeps a `CorpusAnalysis`: the analysed field tokens, the surface-word vocabulary (spelling),
the mined acronym table and the term -> papers postings, i.e. every pass over the abstracts'
text; a warm load then only builds the BM25 scorers from the tokens (measured in
benchmarks/README.md).

Format (version `FORMAT`): one NumPy `.npz` read with `allow_pickle=False` (no code can ride in
it), holding the term table as UTF-8 bytes + offsets and, per field, int32 term ids + per-paper
offsets; the vocabulary as words (bytes + offsets) + counts; the acronym table as UTF-8 JSON;
the postings as term ids (into the term table) + offsets + int32 paper indices.
The file name and an embedded copy carry the key: a hash of the analysed corpus content
(title, abstract, authors of every paper, in order), the analyzer's settings, the analysis and
acronym code, and the format version. A stale key never matches; a corrupt or unreadable file
is rebuilt and replaced; a cache directory that cannot be written is skipped. Writes are atomic
(`pubchat.storage`). Small corpora (`cache.min_docs`) index faster than a cache read: no cache.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import itertools
import json
import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from pubchat.config import Settings
    from pubchat.models import Paper
    from pubchat.search.acronyms import AcronymTable
    from pubchat.search.analyzer import Analyzer
    from pubchat.search.index import CorpusAnalysis, FieldTokens, Index

log = logging.getLogger(__name__)

FORMAT = 3
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
    """What the cached analysis depends on besides the text: analyzer settings, analysis and acronym code."""
    import pubchat.search.acronyms as acronyms_mod
    import pubchat.search.analyzer as analyzer_mod
    import pubchat.search.index as index_mod

    h = hashlib.blake2b(digest_size=16)
    h.update(json.dumps([sorted(analyzer.stopwords), analyzer.stem_words, analyzer.language]).encode())
    for mod in (analyzer_mod, index_mod, acronyms_mod):  # analyze(), analyze_and_count(), AcronymTable.mine()
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


def _strings_to_arrays(words: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """UTF-8 bytes of all words, and offsets (len + 1) into them."""
    encoded = [w.encode("utf-8", "surrogatepass") for w in words]
    blob = np.frombuffer(b"".join(encoded), dtype=np.uint8)
    offsets = np.zeros(len(encoded) + 1, dtype=np.int64)
    np.cumsum([len(w) for w in encoded], out=offsets[1:])
    return blob, offsets


def _arrays_to_strings(blob: np.ndarray, offsets: np.ndarray) -> list[str]:
    """Inverse of `_strings_to_arrays`."""
    data = bytes(blob)
    bounds = offsets.tolist()
    if bounds[0] != 0 or bounds[-1] != len(data) or any(b > a for a, b in zip(bounds[1:], bounds)):
        raise ValueError("cache string table has bad offsets")
    return [data[a:b].decode("utf-8", "surrogatepass") for a, b in itertools.pairwise(bounds)]


def _acronyms_to_json(table: AcronymTable) -> bytes:
    """The acronym table as UTF-8 JSON (dict order kept; the common-word set sorted)."""
    return json.dumps(
        {
            "long_forms": table.long_forms,
            "short_terms": table.short_terms,
            "long_terms": table.long_terms,
            "common_words": sorted(table.common_words),
        },
        ensure_ascii=False,
    ).encode("utf-8", "surrogatepass")


def _acronyms_from_json(data: bytes) -> AcronymTable:
    """Inverse of `_acronyms_to_json`."""
    from pubchat.search.acronyms import AcronymTable

    raw = json.loads(data.decode("utf-8", "surrogatepass"))
    return AcronymTable(
        long_forms=raw["long_forms"],
        short_terms=raw["short_terms"],
        long_terms=raw["long_terms"],
        common_words=set(raw["common_words"]),
    )


def encode_analysis(analysis: CorpusAnalysis, key: str) -> bytes:
    """Serialise a corpus analysis to .npz bytes (no pickled objects)."""
    arrays, term_ids = _token_arrays(analysis.tokens)
    arrays["postings_terms"] = np.fromiter(
        (term_ids[t] for t in analysis.postings.terms), dtype=np.int64, count=len(analysis.postings.terms)
    )
    arrays["postings_offsets"] = analysis.postings.offsets
    arrays["postings_docs"] = analysis.postings.doc_ids
    arrays["words_bytes"], arrays["words_offsets"] = _strings_to_arrays(list(analysis.vocabulary))
    arrays["words_counts"] = np.fromiter(analysis.vocabulary.values(), dtype=np.int64, count=len(analysis.vocabulary))
    arrays["acronyms_json"] = np.frombuffer(_acronyms_to_json(analysis.acronyms), dtype=np.uint8)
    arrays["key"] = np.frombuffer(key.encode("ascii"), dtype=np.uint8)
    buffer = io.BytesIO()
    np.savez(buffer, **arrays)  # type: ignore[arg-type]
    return buffer.getvalue()


def _token_arrays(tokens: FieldTokens) -> tuple[dict[str, np.ndarray], dict[str, int]]:
    """Field tokens as a term table (bytes + offsets) and per field int32 ids + per-paper offsets; and the term ids."""
    vocab: dict[str, int] = {}
    arrays: dict[str, np.ndarray] = {}
    for name in _FIELDS:
        docs = tokens.field(name)
        lengths = np.fromiter((len(d) for d in docs), dtype=np.int64, count=len(docs))
        ids = np.fromiter(
            (vocab.setdefault(t, len(vocab)) for d in docs for t in d), dtype=np.int32, count=int(lengths.sum())
        )
        arrays[f"{name}_ids"] = ids
        arrays[f"{name}_offsets"] = np.concatenate(([0], np.cumsum(lengths))).astype(np.int64)
    arrays["vocab_bytes"], arrays["vocab_offsets"] = _strings_to_arrays(list(vocab))
    return arrays, vocab


def decode_analysis(path: Path, key: str, n_papers: int) -> CorpusAnalysis:
    """Read a corpus analysis back; ValueError (or KeyError) when the file is not a valid cache for this key."""
    from collections import Counter

    from pubchat.search.index import CorpusAnalysis, Postings

    with np.load(path, allow_pickle=False) as data:
        if bytes(data["key"]).decode("ascii") != key:
            raise ValueError("cache key mismatch")
        tokens, strings = _decode_tokens(data, n_papers)
        term_ids, offsets, docs = data["postings_terms"], data["postings_offsets"], data["postings_docs"]
        if (
            len(offsets) != len(term_ids) + 1
            or offsets[0] != 0
            or offsets[-1] != len(docs)
            or np.any(np.diff(offsets) < 0)
            or (len(term_ids) and (term_ids.min() < 0 or term_ids.max() >= len(strings)))
            or (len(docs) and (docs.min() < 0 or docs.max() >= n_papers))
            or docs.dtype != np.int32
        ):
            raise ValueError("cache postings are malformed")
        terms = {strings[i]: k for k, i in enumerate(term_ids.tolist())}
        if len(terms) != len(term_ids):
            raise ValueError("cache postings repeat a term")
        postings = Postings(terms=terms, offsets=offsets.astype(np.int64), doc_ids=docs)
        words = _arrays_to_strings(data["words_bytes"], data["words_offsets"])
        counts = data["words_counts"].tolist()
        if len(counts) != len(words):
            raise ValueError("cache vocabulary counts do not match its words")
        acronyms = _acronyms_from_json(bytes(data["acronyms_json"]))
    return CorpusAnalysis(
        tokens=tokens, vocabulary=Counter(dict(zip(words, counts))), acronyms=acronyms, postings=postings
    )


def _decode_tokens(data: Any, n_papers: int) -> tuple[FieldTokens, list[str]]:
    """The field tokens of an open cache file (an `np.load` archive), and its term table; ValueError when malformed."""
    from pubchat.search.index import FieldTokens

    strings = _arrays_to_strings(data["vocab_bytes"], data["vocab_offsets"])
    vocab = np.array(strings or [""], dtype=object)
    fields: dict[str, list[list[str]]] = {}
    for name in _FIELDS:
        ids = data[f"{name}_ids"]
        bounds = data[f"{name}_offsets"]
        if len(bounds) != n_papers + 1 or bounds[0] != 0 or bounds[-1] != len(ids) or np.any(np.diff(bounds) < 0):
            raise ValueError(f"cache field {name} has the wrong shape")
        if len(ids) and (ids.min() < 0 or ids.max() >= len(strings)):
            raise ValueError(f"cache field {name} has out-of-range term ids")
        words = vocab[ids].tolist() if len(ids) else []
        b = bounds.tolist()
        fields[name] = [words[lo:hi] for lo, hi in itertools.pairwise(b)]
    return FieldTokens(**fields), strings


def _prune(directory: Path, keep: Path) -> None:
    """Remove the least recently used cache files beyond KEEP_FILES (never `keep`)."""
    try:
        files = sorted(directory.glob("index-*.npz"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in [f for f in files if f != keep][KEEP_FILES - 1 :]:
            old.unlink(missing_ok=True)
    except OSError:
        pass


def load_or_build_analysis(papers: list[Paper], settings: Settings, analyzer: Analyzer) -> CorpusAnalysis:
    """The cached analysis of this corpus (tokens, vocabulary, acronyms); analysed and written when missing or bad."""
    from pubchat.search.index import CorpusAnalysis
    from pubchat.storage import atomic_write_bytes

    key = corpus_key(papers, analyzer)
    directory = cache_dir(settings)
    path = directory / f"index-{key[:32]}.npz"
    if path.is_file():
        try:
            analysis = decode_analysis(path, key, len(papers))
            with contextlib.suppress(OSError):
                path.touch()  # most recently used
            return analysis
        except Exception as exc:
            log.info("index cache %s unusable (%s); rebuilding", path, exc)
    analysis = CorpusAnalysis.of(papers, analyzer)
    try:
        atomic_write_bytes(path, encode_analysis(analysis, key))
        _prune(directory, path)
    except OSError as exc:
        log.info("index cache not written to %s: %s", path, exc)
    return analysis


def load_or_build_index(papers: list[Paper], settings: Settings) -> Index:
    """The search Index for papers, reusing the cached analysis for large corpora (the Assistant's entry)."""
    from pubchat.search.analyzer import Analyzer
    from pubchat.search.index import Index

    if not settings.cache.enabled or len(papers) < settings.cache.min_docs:
        return Index.build(papers, settings.search)
    analysis = load_or_build_analysis(papers, settings, Analyzer())
    try:
        return Index.build(papers, settings.search, analysis=analysis)
    except ValueError:  # the cache disagrees with the papers: analyse afresh
        return Index.build(papers, settings.search)
