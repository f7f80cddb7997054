"""On-disk search index: a warm start maps the scorer arrays from one file instead of analysing the corpus.

File format (version `FORMAT`, read by `read_index`): the line `MAGIC`, a 4-byte little-endian
header length, a UTF-8 JSON header, then raw little-endian arrays, each 64-byte aligned. The
header names every array (dtype from a fixed allow-list, shape, offset) and holds the scalars
(scorer constants, newest year) and the corpus stamp. Nothing is unpickled or evaluated: the
arrays are `np.frombuffer` views of a read-only memory map, so opening costs the header, the
term table and a validation pass, however large the corpus.

Arrays: the term table (UTF-8 bytes + offsets; term id = position), the any-field postings
(offsets per term id + int32 papers), the adjacent-pair postings (`pubchat.search.phrases`:
sorted int64 pair keys + offsets + int32 papers), per scored field the BM25 contributions laid out by term
id (indptr + int32 papers + float64 scores, exactly the values `SparseBM25` computed), the
surface vocabulary (words + counts), display words per term, author names, the acronym
table (JSON bytes), the papers themselves (one ASCII JSON record each + offsets) and their ids, arXiv
ids, titles and source keys as string tables (`pubchat.corpus.catalog`), so a warm start reads only
the records an answer shows (`stored_papers`, `pubchat.corpus.lazy`).

Key: the file name comes from the corpus file's resolved path, the analyzer fingerprint and the
BM25 parameters; the header's stamp (corpus size, mtime, BLAKE2b of its bytes, paper count)
says which version of the file it indexes. A warm start trusts size + mtime; a file whose mtime
changed is re-hashed once and the index kept when the bytes are the same. Anything else (stale,
corrupt, truncated, inconsistent arrays) is rebuilt and replaced; a cache directory that cannot be
written is skipped. The shipped corpus comes with its index prebuilt (`scripts/build_index.py`).
"""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import json
import logging
import mmap
import os
import struct
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from collections.abc import Sequence

    from pubchat.config import SearchSettings, Settings
    from pubchat.corpus.lazy import LazyPapers
    from pubchat.models import Paper
    from pubchat.search.acronyms import AcronymTable
    from pubchat.search.analyzer import Analyzer
    from pubchat.search.backend import SparseBM25
    from pubchat.search.index import Index

log = logging.getLogger(__name__)

FORMAT = 7
MAGIC = b"PUBCHAT-INDEX\n"
SUFFIX = ".pcx"
KEEP_FILES = 4  # index files kept per directory (least recently used are removed)
_ALIGN = 64
_DTYPES = {"<i4": np.int32, "<i8": np.int64, "<f8": np.float64, "|u1": np.uint8}
_FIELDS = ("title", "abstract", "authors")


def cache_dir(settings: Settings) -> Path:
    """settings.cache.dir, else the user cache directory (`pubchat.userdirs`: a temp folder without a home)."""
    if settings.cache.dir:
        return Path(settings.cache.dir).expanduser()
    from pubchat.userdirs import user_dir

    return user_dir("cache") / "index"


def shipped_index_path() -> Path:
    """The prebuilt index of the shipped corpus (next to it in the package)."""
    from pubchat.corpus.store import shipped_corpus_path

    return shipped_corpus_path().with_suffix(SUFFIX)


def analyzer_fingerprint(analyzer: Analyzer) -> str:
    """What the stored arrays depend on besides the text: analyzer settings and the analysis / acronym code."""
    import pubchat.search.acronyms as acronyms_mod
    import pubchat.search.analyzer as analyzer_mod

    h = hashlib.blake2b(digest_size=16)
    h.update(f"pubchat-index/{FORMAT}".encode())
    h.update(json.dumps([sorted(analyzer.stopwords), analyzer.stem_words, analyzer.language]).encode())
    for mod in (analyzer_mod, acronyms_mod):  # analyze(), AcronymTable.mine()
        try:
            h.update(Path(mod.__file__ or "").read_bytes())
        except OSError:
            h.update(str(mod.__name__).encode())
    return h.hexdigest()


def index_key(analyzer: Analyzer, settings: SearchSettings) -> str:
    """Everything besides the corpus file that the stored arrays depend on."""
    return hashlib.blake2b(
        f"{analyzer_fingerprint(analyzer)}/k1={settings.k1!r}/b={settings.b!r}".encode(), digest_size=16
    ).hexdigest()


def file_digest(path: Path) -> str:
    """BLAKE2b of a file's bytes (read in blocks)."""
    h = hashlib.blake2b(digest_size=20)
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


@dataclass(frozen=True)
class CorpusStamp:
    """Which version of a corpus file an index describes."""

    size: int
    mtime_ns: int
    digest: str
    papers: int

    @classmethod
    def of(cls, path: Path, papers: int) -> CorpusStamp:
        """Stamp of the file as it is now (its bytes hashed)."""
        st = path.stat()
        return cls(size=st.st_size, mtime_ns=st.st_mtime_ns, digest=file_digest(path), papers=papers)

    def matches(self, path: Path, papers: int, *, trust_mtime: bool = True) -> bool:
        """True when `path` still holds the indexed bytes: same size and (same mtime or same content)."""
        st = path.stat()
        if st.st_size != self.size or papers != self.papers:
            return False
        return (trust_mtime and st.st_mtime_ns == self.mtime_ns) or file_digest(path) == self.digest


# ---- writing -------------------------------------------------------------------------------------


def _strings(words: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """UTF-8 bytes of all words, and offsets (len + 1) into them."""
    encoded = [w.encode("utf-8", "surrogatepass") for w in words]
    blob = np.frombuffer(b"".join(encoded), dtype=np.uint8)
    offsets = np.zeros(len(encoded) + 1, dtype=np.int64)
    np.cumsum([len(w) for w in encoded], out=offsets[1:])
    return blob, offsets


def _acronyms_json(table: AcronymTable) -> bytes:
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


def _by_term_id(scorer: SparseBM25, terms: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A field scorer's postings re-laid by the index's term ids (terms absent from the field: empty)."""
    cols = np.fromiter((scorer.vocab.get(t, -1) for t in terms), dtype=np.int64, count=len(terms))
    present = cols >= 0
    df = np.diff(scorer.indptr)
    lengths = np.where(present, df[np.where(present, cols, 0)], 0)
    indptr = np.zeros(len(terms) + 1, dtype=np.int64)
    np.cumsum(lengths, out=indptr[1:])
    starts = np.where(present, scorer.indptr[np.where(present, cols, 0)], 0)
    gather = np.repeat(starts - indptr[:-1], lengths) + np.arange(int(indptr[-1]), dtype=np.int64)
    return indptr, scorer.indices[gather].astype(np.int32), scorer.data[gather].astype(np.float64)


def encode_index(index: Index, key: str, stamp: CorpusStamp) -> bytes:
    """The index as file bytes (see the module docstring)."""
    from pubchat.corpus.catalog import columns_of
    from pubchat.corpus.lazy import record_json
    from pubchat.search.backend import SparseBM25

    terms = list(index.postings.terms)
    arrays: dict[str, np.ndarray] = {}
    arrays["terms.bytes"], arrays["terms.offsets"] = _strings(terms)
    arrays["postings.offsets"] = index.postings.offsets.astype(np.int64)
    arrays["postings.docs"] = index.postings.doc_ids.astype(np.int32)
    arrays["pairs.keys"] = index.pairs.keys.astype(np.int64)
    arrays["pairs.offsets"] = index.pairs.offsets.astype(np.int64)
    arrays["pairs.docs"] = index.pairs.docs.astype(np.int32)
    scalars: dict[str, Any] = {"newest_year": index.newest_year, "fields": {}}
    for name, scorer in index.scorers.items():
        if not isinstance(scorer, SparseBM25):
            raise TypeError("only the postings scorer is stored")
        arrays[f"{name}.indptr"], arrays[f"{name}.docs"], arrays[f"{name}.scores"] = _by_term_id(scorer, terms)
        scalars["fields"][name] = {
            "k1": scorer.k1,
            "b": scorer.b,
            "epsilon": scorer.epsilon,
            "corpus_size": scorer.corpus_size,
            "avgdl": scorer.avgdl,
            "average_idf": scorer.average_idf,
        }
    arrays["words.bytes"], arrays["words.offsets"] = _strings(list(index.vocabulary))
    arrays["words.counts"] = np.fromiter(index.vocabulary.values(), dtype=np.int64, count=len(index.vocabulary))
    arrays["surface.keys"], arrays["surface.keys_offsets"] = _strings(list(index.surface_of))
    arrays["surface.words"], arrays["surface.words_offsets"] = _strings(list(index.surface_of.values()))
    arrays["authors.bytes"], arrays["authors.offsets"] = _strings(index.author_names)
    arrays["acronyms.json"] = np.frombuffer(_acronyms_json(index.acronyms), dtype=np.uint8)
    arrays["records.bytes"], arrays["records.offsets"] = _strings([record_json(p) for p in index.papers])
    for name, values in columns_of(index.papers).items():
        arrays[f"catalog.{name}.bytes"], arrays[f"catalog.{name}.offsets"] = _strings(values)
    columns = index.filter_columns()
    arrays["filter.years"] = columns.years.astype(np.int64)
    arrays["filter.has_code"] = columns.has_code.astype(np.uint8)
    arrays["filter.category"] = columns.category.astype(np.int32)
    arrays["filter.category_ids.bytes"], arrays["filter.category_ids.offsets"] = _strings(list(columns.category_ids))
    arrays["filter.categories.bytes"], arrays["filter.categories.offsets"] = _strings(columns.categories)
    names = sorted(columns.author_papers)  # sorted: the same bytes in every run
    arrays["filter.authors.bytes"], arrays["filter.authors.offsets"] = _strings(names)
    counts = [len(columns.author_papers[name]) for name in names]
    arrays["filter.author_papers.offsets"] = np.concatenate([[0], np.cumsum(counts, dtype=np.int64)]).astype(np.int64)
    arrays["filter.author_papers.docs"] = np.fromiter(
        (i for name in names for i in columns.author_papers[name]), dtype=np.int32, count=sum(counts)
    )
    arrays["recency"] = index.recency_keys().astype(np.int64)
    layout: dict[str, dict[str, Any]] = {}
    offset = 0
    for name, arr in arrays.items():
        arr = np.ascontiguousarray(arr)
        arrays[name] = arr
        layout[name] = {"dtype": arr.dtype.str, "shape": list(arr.shape), "offset": offset}
        offset += -(-arr.nbytes // _ALIGN) * _ALIGN
    header = json.dumps(
        {
            "format": FORMAT,
            "key": key,
            "stamp": {"size": stamp.size, "mtime_ns": stamp.mtime_ns, "digest": stamp.digest, "papers": stamp.papers},
            "scalars": scalars,
            "arrays": layout,
        }
    ).encode()
    start = len(MAGIC) + 4 + len(header)
    pad = -start % _ALIGN
    parts = [MAGIC, struct.pack("<I", len(header) + pad), header, b" " * pad]
    for name, arr in arrays.items():
        parts.append(arr.tobytes())
        parts.append(b"\0" * (-arr.nbytes % _ALIGN))
        del name
    return b"".join(parts)


# ---- reading -------------------------------------------------------------------------------------


@dataclass
class StoredIndex:
    """An opened index file: its header and read-only array views of the mapped file."""

    key: str
    stamp: CorpusStamp
    scalars: dict[str, Any]
    arrays: dict[str, np.ndarray]

    def strings(self, name: str, offsets: str | None = None) -> list[str]:
        """A string table (UTF-8 bytes + offsets) as a list."""
        blob = self.arrays[name]
        bounds = self.arrays[offsets or name.replace(".bytes", ".offsets")]
        return _decode_strings(blob, bounds)


def _decode_strings(blob: np.ndarray, bounds: np.ndarray) -> list[str]:
    """Inverse of `_strings`; ValueError on bad offsets or bytes."""
    if not len(bounds) or bounds[0] != 0 or bounds[-1] != len(blob) or bool(np.any(bounds[1:] < bounds[:-1])):
        raise ValueError("string table has bad offsets")
    b = bounds.tolist()
    data = blob.tobytes()
    return [data[x:y].decode("utf-8", "surrogatepass") for x, y in itertools.pairwise(b)]


def read_index(path: Path) -> StoredIndex:
    """Map an index file and check its structure; ValueError (or OSError) when it is not a valid index."""
    with path.open("rb") as handle:
        size = os.fstat(handle.fileno()).st_size
        if size < len(MAGIC) + 4:
            raise ValueError("index file too short")
        buf = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
    if buf[: len(MAGIC)] != MAGIC:
        raise ValueError("not a pubchat index file")
    (length,) = struct.unpack("<I", buf[len(MAGIC) : len(MAGIC) + 4])
    start = len(MAGIC) + 4 + length
    if start > size:
        raise ValueError("index header runs past the file")
    header = json.loads(buf[len(MAGIC) + 4 : start].decode("utf-8"))
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise ValueError("index file has another format")
    stamp = header["stamp"]
    arrays: dict[str, np.ndarray] = {}
    for name, spec in header["arrays"].items():
        dtype = _DTYPES.get(spec["dtype"])
        shape = spec["shape"]
        offset = spec["offset"]
        if dtype is None or not isinstance(shape, list) or len(shape) != 1 or not isinstance(offset, int):
            raise ValueError(f"index array {name} has an unsupported layout")
        count = shape[0]
        if not isinstance(count, int) or count < 0 or offset < 0 or offset % _ALIGN:
            raise ValueError(f"index array {name} has a bad shape or offset")
        nbytes = count * np.dtype(dtype).itemsize
        if start + offset + nbytes > size:
            raise ValueError(f"index array {name} runs past the file (truncated?)")
        arrays[name] = np.frombuffer(buf, dtype=dtype, count=count, offset=start + offset)
    stored = StoredIndex(
        key=str(header["key"]),
        stamp=CorpusStamp(
            size=int(stamp["size"]),
            mtime_ns=int(stamp["mtime_ns"]),
            digest=str(stamp["digest"]),
            papers=int(stamp["papers"]),
        ),
        scalars=header["scalars"],
        arrays=arrays,
    )
    _check(stored)
    return stored


def _require(ok: object, what: str) -> None:
    if not ok:
        raise ValueError(f"index file is inconsistent: {what}")


def _check_offsets(offsets: np.ndarray, length: int, what: str) -> None:
    """Offsets start at 0, never decrease and end at `length`."""
    _require(len(offsets) >= 1 and offsets[0] == 0 and offsets[-1] == length, f"{what} bounds")
    _require(not np.any(offsets[1:] < offsets[:-1]), f"{what} order")


def _check(stored: StoredIndex) -> None:
    """Every array the loader reads is present, typed, in range and consistent with the others."""
    from pubchat.corpus.catalog import COLUMNS
    from pubchat.search.index import MIN_SCORED_DOCS

    a, n = stored.arrays, stored.stamp.papers
    need = {
        "terms.bytes": np.uint8,
        "terms.offsets": np.int64,
        "postings.offsets": np.int64,
        "postings.docs": np.int32,
        "pairs.keys": np.int64,
        "pairs.offsets": np.int64,
        "pairs.docs": np.int32,
        "words.bytes": np.uint8,
        "words.offsets": np.int64,
        "words.counts": np.int64,
        "surface.keys": np.uint8,
        "surface.keys_offsets": np.int64,
        "surface.words": np.uint8,
        "surface.words_offsets": np.int64,
        "authors.bytes": np.uint8,
        "authors.offsets": np.int64,
        "acronyms.json": np.uint8,
        "records.bytes": np.uint8,
        "records.offsets": np.int64,
        "filter.years": np.int64,
        "filter.has_code": np.uint8,
        "filter.category": np.int32,
        "filter.category_ids.bytes": np.uint8,
        "filter.category_ids.offsets": np.int64,
        "filter.categories.bytes": np.uint8,
        "filter.categories.offsets": np.int64,
        "filter.authors.bytes": np.uint8,
        "filter.authors.offsets": np.int64,
        "filter.author_papers.offsets": np.int64,
        "filter.author_papers.docs": np.int32,
        "recency": np.int64,
    }
    for column in COLUMNS:
        need[f"catalog.{column}.bytes"] = np.uint8
        need[f"catalog.{column}.offsets"] = np.int64
    for name, dtype in need.items():
        _require(name in a and a[name].dtype == dtype, f"{name} missing or mistyped")
    _require(n > 0, "paper count")
    n_terms = len(a["terms.offsets"]) - 1
    _check_offsets(a["terms.offsets"], len(a["terms.bytes"]), "term table")
    _require(len(a["postings.offsets"]) == n_terms + 1, "postings size")
    _check_offsets(a["postings.offsets"], len(a["postings.docs"]), "postings")
    docs = a["postings.docs"]
    _require(not len(docs) or (int(docs.min()) >= 0 and int(docs.max()) < n), "postings papers out of range")
    keys, pdocs = a["pairs.keys"], a["pairs.docs"]
    _require(len(a["pairs.offsets"]) == len(keys) + 1, "pair postings size")
    _check_offsets(a["pairs.offsets"], len(pdocs), "pair postings")
    _require(not np.any(a["pairs.offsets"][1:] == a["pairs.offsets"][:-1]), "pair without papers")
    _require(not np.any(keys[1:] <= keys[:-1]), "pair keys order")
    _require(not len(keys) or (int(keys[0]) >= 0 and int(keys[-1]) < max(n_terms, 1) ** 2), "pair keys range")
    _require(not len(pdocs) or (int(pdocs.min()) >= 0 and int(pdocs.max()) < n), "pair papers out of range")
    _require(len(a["words.counts"]) == len(a["words.offsets"]) - 1, "vocabulary counts")
    _require(len(a["records.offsets"]) == n + 1, "record count")
    _check_offsets(a["records.offsets"], len(a["records.bytes"]), "records")
    for column in COLUMNS:
        _require(len(a[f"catalog.{column}.offsets"]) == n + 1, f"catalog {column} count")
        _check_offsets(a[f"catalog.{column}.offsets"], len(a[f"catalog.{column}.bytes"]), f"catalog {column}")
    for name in ("filter.years", "filter.has_code", "filter.category", "recency"):
        _require(len(a[name]) == n, f"{name} size")
    _check_offsets(a["filter.category_ids.offsets"], len(a["filter.category_ids.bytes"]), "category table")
    _check_offsets(a["filter.categories.offsets"], len(a["filter.categories.bytes"]), "category names")
    n_categories = len(a["filter.category_ids.offsets"]) - 1
    category = a["filter.category"]
    _require(int(category.min()) >= 0 and int(category.max()) < n_categories, "category ids out of range")
    _require(int(a["filter.has_code"].max()) <= 1, "has_code values")
    _check_offsets(a["filter.authors.offsets"], len(a["filter.authors.bytes"]), "author table")
    _require(len(a["filter.author_papers.offsets"]) == len(a["filter.authors.offsets"]), "author postings size")
    _check_offsets(a["filter.author_papers.offsets"], len(a["filter.author_papers.docs"]), "author postings")
    adocs = a["filter.author_papers.docs"]
    _require(not len(adocs) or (int(adocs.min()) >= 0 and int(adocs.max()) < n), "author papers out of range")
    _require(len(a["surface.keys_offsets"]) == len(a["surface.words_offsets"]), "display words")
    fields = stored.scalars.get("fields")
    if not isinstance(fields, dict) or not set(fields) <= set(_FIELDS):
        raise ValueError("index file is inconsistent: field list")
    for name, consts in fields.items():
        _require(isinstance(consts, dict), f"{name} constants")
        for key in ("k1", "b", "epsilon", "avgdl", "average_idf"):
            value = consts.get(key)
            _require(isinstance(value, (int, float)) and np.isfinite(value), f"{name}.{key}")
        _require(consts.get("corpus_size") == max(n, MIN_SCORED_DOCS), f"{name} corpus size")  # tiny: padded
        parts: tuple[tuple[str, type], ...] = (("indptr", np.int64), ("docs", np.int32), ("scores", np.float64))
        for part, kind in parts:
            _require(f"{name}.{part}" in a and a[f"{name}.{part}"].dtype == kind, f"{name}.{part} missing or mistyped")
        indptr, fdocs = a[f"{name}.indptr"], a[f"{name}.docs"]
        _require(len(indptr) == n_terms + 1, f"{name} term count")
        _check_offsets(indptr, len(fdocs), name)
        _require(len(a[f"{name}.scores"]) == len(fdocs), f"{name} scores size")
        _require(bool(np.isfinite(a[f"{name}.scores"]).all()), f"{name} scores are not all finite")
        _require(not len(fdocs) or (int(fdocs.min()) >= 0 and int(fdocs.max()) < n), f"{name} papers out of range")
    year = stored.scalars.get("newest_year")
    _require(year is None or isinstance(year, int), "newest year")


def _acronyms(data: bytes) -> AcronymTable:
    """The acronym table from its JSON (types checked)."""
    from pubchat.search.acronyms import AcronymTable

    raw = json.loads(data.decode("utf-8", "surrogatepass"))
    _require(isinstance(raw, dict), "acronym table")
    long_forms, short_terms, long_terms = raw.get("long_forms"), raw.get("short_terms"), raw.get("long_terms")
    common = raw.get("common_words")
    _require(
        isinstance(long_forms, dict)
        and isinstance(short_terms, dict)
        and isinstance(long_terms, dict)
        and isinstance(common, list)
        and all(isinstance(v, list) and all(isinstance(x, str) for x in v) for v in long_forms.values())
        and all(isinstance(v, str) for v in short_terms.values())
        and set(short_terms) <= set(long_terms)
        and all(
            isinstance(v, list) and all(isinstance(x, list) and all(isinstance(y, str) for y in x) for x in v)
            for v in long_terms.values()
        )
        and all(isinstance(x, str) for x in common),
        "acronym table types",
    )
    return AcronymTable(long_forms=long_forms, short_terms=short_terms, long_terms=long_terms, common_words=set(common))


def index_from(stored: StoredIndex, papers: Sequence[Paper], settings: SearchSettings) -> Index:
    """An Index over `papers` whose arrays are the stored (mapped) ones; ValueError when they do not fit."""
    from pubchat.search.analyzer import Analyzer
    from pubchat.search.backend import SparseBM25
    from pubchat.search.index import FilterColumns, Index, Postings
    from pubchat.search.phrases import PairPostings

    _require(len(papers) == stored.stamp.papers, "paper count differs from the corpus")
    a = stored.arrays
    terms_list = stored.strings("terms.bytes")
    terms = {t: k for k, t in enumerate(terms_list)}
    _require(len(terms) == len(terms_list), "term table repeats a term")
    offsets = a["postings.offsets"]
    postings = Postings(terms=terms, offsets=offsets, doc_ids=a["postings.docs"])
    scorers: dict[str, Any] = {}
    for name, consts in stored.scalars["fields"].items():
        scorer = SparseBM25.__new__(SparseBM25)
        scorer.k1, scorer.b, scorer.epsilon = float(consts["k1"]), float(consts["b"]), float(consts["epsilon"])
        scorer.corpus_size, scorer.avgdl = int(consts["corpus_size"]), float(consts["avgdl"])
        scorer.average_idf = float(consts["average_idf"])
        scorer.vocab = terms
        scorer.indptr, scorer.indices, scorer.data = a[f"{name}.indptr"], a[f"{name}.docs"], a[f"{name}.scores"]
        scorer.idf = np.zeros(0)
        scorers[name] = scorer
    words = stored.strings("words.bytes")
    vocabulary = Counter(dict(zip(words, a["words.counts"].tolist())))
    surface_of = dict(
        zip(
            stored.strings("surface.keys", "surface.keys_offsets"),
            stored.strings("surface.words", "surface.words_offsets"),
        )
    )
    index = Index(
        papers=papers,
        settings=settings,
        analyzer=Analyzer(),
        acronyms=_acronyms(a["acronyms.json"].tobytes()),
        vocabulary=vocabulary,
        stems=Counter(dict(zip(terms_list, np.diff(offsets).tolist()))),
        author_names=stored.strings("authors.bytes"),
        scorers=scorers,
        newest_year=stored.scalars.get("newest_year"),
        postings=postings,
        pairs=PairPostings(
            width=max(len(terms), 1), keys=a["pairs.keys"], offsets=a["pairs.offsets"], docs=a["pairs.docs"]
        ),
        surface_of=surface_of,
    )
    columns = FilterColumns(
        years=a["filter.years"],
        has_code=a["filter.has_code"].view(np.bool_),
        category=a["filter.category"],
        category_ids={name: k for k, name in enumerate(stored.strings("filter.category_ids.bytes"))},
        author_papers=_AuthorPapers(stored),
        categories=stored.strings("filter.categories.bytes"),
    )
    index.memo("filter_columns", lambda: columns)
    index.memo("newest_keys", lambda: a["recency"])
    return index


class _AuthorPapers(Mapping[str, np.ndarray]):
    """Folded author name -> the stored papers (ascending); the name table is decoded on first lookup."""

    def __init__(self, stored: StoredIndex) -> None:
        self._stored = stored
        self._rows: dict[str, int] | None = None

    def _table(self) -> dict[str, int]:
        if self._rows is None:
            self._rows = {name: k for k, name in enumerate(self._stored.strings("filter.authors.bytes"))}
        return self._rows

    def __getitem__(self, name: str) -> np.ndarray:
        k = self._table()[name]
        bounds = self._stored.arrays["filter.author_papers.offsets"]
        return self._stored.arrays["filter.author_papers.docs"][int(bounds[k]) : int(bounds[k + 1])]

    def __iter__(self) -> Iterator[str]:
        return iter(self._table())

    def __len__(self) -> int:
        return len(self._table())


# ---- the entry -----------------------------------------------------------------------------------


def index_path(directory: Path, corpus_file: Path, key: str) -> Path:
    """Where the index of one corpus file lives in a cache directory."""
    name = hashlib.blake2b(f"{corpus_file.resolve()}\0{key}".encode(), digest_size=16).hexdigest()
    return directory / f"index-{name}{SUFFIX}"


def _prune(directory: Path, keep: Path) -> None:
    """Remove the least recently used index files beyond KEEP_FILES (never `keep`)."""
    try:
        files = sorted(directory.glob(f"index-*{SUFFIX}"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in [f for f in files if f != keep][KEEP_FILES - 1 :]:
            old.unlink(missing_ok=True)
    except OSError:
        pass


def _open_stored(path: Path, corpus_file: Path, key: str, papers: Sequence[Paper], settings: Settings) -> Index | None:
    """The index in `path` when it is valid for this corpus file and key, else None."""
    if not path.is_file():
        return None
    try:
        stored = read_index(path)
        if stored.key != key or not stored.stamp.matches(corpus_file, len(papers)):
            return None
        return index_from(stored, papers, settings.search)
    except (OSError, ValueError, KeyError, TypeError, UnicodeDecodeError, struct.error) as exc:
        log.info("index file %s unusable (%s); rebuilding", path, exc)
        return None


def load_or_build_index(papers: Sequence[Paper], settings: Settings, corpus_file: Path | None = None) -> Index:
    """The search Index for papers read from `corpus_file`: mapped from its index file when valid, else built.

    Without a corpus file (papers made in memory), with the reference scorer, with the cache off,
    or below `cache.min_docs` papers (unless a prebuilt shipped index exists), it is built in memory.
    """
    from pubchat.search.analyzer import Analyzer
    from pubchat.search.index import Index

    if corpus_file is None or settings.search.backend == "rank_bm25" or not settings.cache.enabled:
        return Index.build(papers, settings.search)
    key = index_key(Analyzer(), settings.search)
    stored = getattr(papers, "stored", None)
    if isinstance(stored, StoredIndex) and stored.key == key:  # papers read from this very index file
        return index_from(stored, papers, settings.search)
    shipped = shipped_index_path()
    with contextlib.suppress(OSError):
        if corpus_file.resolve() == shipped.with_suffix(".jsonl").resolve():
            found = _open_stored(shipped, corpus_file, key, papers, settings)
            if found is not None:
                return found
    if len(papers) < settings.cache.min_docs:
        return Index.build(papers, settings.search)
    directory = cache_dir(settings)
    path = index_path(directory, corpus_file, key)
    found = _open_stored(path, corpus_file, key, papers, settings)
    if found is not None:
        with contextlib.suppress(OSError):
            path.touch()  # most recently used
        return found
    index = Index.build(papers, settings.search)
    write_index(index, path, corpus_file, key)
    _prune(directory, path)
    return index


def stored_papers(corpus_file: Path, settings: Settings) -> LazyPapers | None:
    """The papers of `corpus_file` read from its current index file (each parsed on first use), or None
    when it has none (not yet built, stale, damaged, or the cache is off): then the file is read whole."""
    from pubchat.corpus.lazy import LazyPapers
    from pubchat.search.analyzer import Analyzer

    if settings.search.backend == "rank_bm25" or not settings.cache.enabled:
        return None
    key = index_key(Analyzer(), settings.search)
    try:
        shipped = corpus_file.resolve() == shipped_index_path().with_suffix(".jsonl").resolve()
        path = shipped_index_path() if shipped else index_path(cache_dir(settings), corpus_file, key)
        if not path.is_file():
            return None
        stored = read_index(path)
        if stored.key != key or not stored.stamp.matches(corpus_file, stored.stamp.papers):
            return None
    except (OSError, ValueError, KeyError, TypeError, UnicodeDecodeError, struct.error) as exc:
        log.info("no usable index file for %s (%s); reading the corpus", corpus_file, exc)
        return None
    if not shipped:
        with contextlib.suppress(OSError):
            path.touch()  # most recently used
    return LazyPapers(stored.arrays["records.bytes"], stored.arrays["records.offsets"], path, stored, trusted=shipped)


def write_index(index: Index, path: Path, corpus_file: Path, key: str) -> bool:
    """Write an index file for `corpus_file` (atomically); False when it cannot be written."""
    from pubchat.storage import atomic_write_bytes

    try:
        atomic_write_bytes(path, encode_index(index, key, CorpusStamp.of(corpus_file, len(index.papers))))
    except OSError as exc:  # a read-only or full disk: say so once per run, search works without the file
        reason = exc.strerror or str(exc)
        log.warning(
            "pubchat: note: cannot write the index cache in %s (%s); the index is rebuilt each run", path.parent, reason
        )
        return False
    except TypeError as exc:
        log.info("index file not written to %s: %s", path, exc)
        return False
    return True
