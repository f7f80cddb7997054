"""The index file's integrity check covers everything the loader reads: every array of a crafted file
(valid header, valid corpus stamp, one array edited) is either rejected and rebuilt, or still searches
without an error; nothing out of range, NaN or negative ever reaches the search."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from pubchat.config import Settings
from pubchat.corpus.store import dump_jsonl
from pubchat.models import Paper, Query
from pubchat.search import cache as cache_mod
from pubchat.search.cache import load_or_build_index, read_index

TOPICS = ["face anti-spoofing depth", "noisy label expression", "deepfake detection", "speech tagging", "wing lift"]
PAPERS = [
    Paper(
        id=f"p{i}",
        title=f"{TOPICS[i % 5]} study {i}",
        authors=[f"Ann Lee{i}"],
        year=2020 + i % 4,
        abstract=f"We study {TOPICS[i % 5]} (FAS) with nets {i}.",
    )
    for i in range(12)
]


def _build(tmp_path: Path) -> tuple[Settings, Path, Path, bytes]:
    """An index file for a 12-paper corpus: settings, corpus file, index path, its good bytes."""
    settings = Settings.model_validate({"cache": {"dir": str(tmp_path / "cache"), "min_docs": 0}})
    corpus = tmp_path / "papers.jsonl"
    corpus.write_text(dump_jsonl(PAPERS), encoding="utf-8")
    load_or_build_index(PAPERS, settings, corpus)
    (path,) = sorted((tmp_path / "cache").glob(f"index-*{cache_mod.SUFFIX}"))
    return settings, corpus, path, path.read_bytes()


def _craft(path: Path, good: bytes, name: str, change) -> bool:
    """Rewrite one array of the good file in place (header untouched); False when the edit changes nothing."""
    data = bytearray(good)
    magic = len(cache_mod.MAGIC)
    (length,) = np.frombuffer(bytes(data[magic : magic + 4]), dtype="<u4")
    header = json.loads(bytes(data[magic + 4 : magic + 4 + int(length)]))
    spec = header["arrays"][name]
    dtype = np.dtype(spec["dtype"])
    start = magic + 4 + int(length) + spec["offset"]
    array = np.frombuffer(bytes(data[start : start + dtype.itemsize * spec["shape"][0]]), dtype=dtype).copy()
    if not len(array):
        return False
    before = array.copy()
    change(array)
    if np.array_equal(before, array, equal_nan=True):
        return False
    data[start : start + array.nbytes] = array.tobytes()
    path.write_bytes(bytes(data))
    return True


def _big(a: np.ndarray) -> None:
    if a.dtype.kind == "f":
        a[:] = np.inf  # every score: whatever term a question asks for meets one
    else:
        a[-1] = np.iinfo(a.dtype).max


def _negative(a: np.ndarray) -> None:
    if a.dtype.kind == "f":
        a[::2] = np.nan
        a[1::2] = -1.0
    else:
        a[0] = -1 if a.dtype.kind == "i" else 0x80


def _swap(a: np.ndarray) -> None:
    if len(a) > 1:
        a[0], a[1] = a[1], a[0].copy() + (1 if a.dtype.kind in "iu" else 0.5)


def _cases() -> list:
    """Every (array, edit) pair whose edit changes the array (an empty array or one already at the edited
    value cannot be crafted that way), worked out once from a file built at collection."""
    import tempfile

    edits = {"huge": _big, "negative-or-nan": _negative, "swapped": _swap}
    with tempfile.TemporaryDirectory() as folder:
        _, _, path, good = _build(Path(folder))
        return [
            pytest.param(name, change, id=f"{label}-{name}")
            for name in sorted(read_index(path).arrays)
            for label, change in edits.items()
            if _craft(path, good, name, change)
        ]


@pytest.mark.parametrize(("name", "change"), _cases())
def test_every_crafted_array_is_rejected_or_harmless(tmp_path: Path, name: str, change) -> None:
    settings, corpus, path, good = _build(tmp_path)
    assert _craft(path, good, name, change)
    index = load_or_build_index(PAPERS, settings, corpus)
    rebuilt = path.read_bytes() == good
    for text in ("face anti-spoofing", "FAS", "deepfake", "facial expresion"):
        result = index.search(Query(raw=text, text=text))
        scores = [h.score for h in result.hits]
        assert all(np.isfinite(scores)), (name, "non-finite score reached the search")
        assert all(0 <= int(p.id[1:]) < len(PAPERS) for p in (h.paper for h in result.hits))
        if not rebuilt:
            assert all(s >= 0 for s in scores), (name, "negative score from a trusted crafted file")
