"""Document vectors: the recipe, the shipped vectors, and the cache keyed by content, model and recipe."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pytest

from pubchat.cli.progress import terminal_progress
from pubchat.corpus import load_corpus
from pubchat.models import Paper
from pubchat.search import dense
from pubchat.search.dense import (
    SHIPPED_SENTENCES,
    document_text,
    document_vectors,
    paper_units,
    sentence_vectors,
    sentences_key,
    shipped_vectors_path,
    vectors_key,
)
from pubchat.search.encoder import Encoder


def _paper(i: int, title: str = "", abstract: str = "") -> Paper:
    return Paper(id=f"p{i}", title=title or f"Paper {i}", abstract=abstract or f"We study topic {i}.", authors=["A B"])


class CountingEncoder:
    """Stands in for the encoder in cache tests: counts the texts it embeds, vectors from the text's hash."""

    def __init__(self, fingerprint: str = "model-a") -> None:
        self.fingerprint = fingerprint
        self.embedded: list[str] = []

    def encode(self, texts: list[str], *, progress: object = None) -> np.ndarray:
        self.embedded.extend(texts)
        rows = np.asarray([np.random.default_rng(abs(hash(t)) % 2**32).normal(size=384) for t in texts], np.float32)
        if callable(progress):
            progress(len(texts), len(texts))
        return rows / np.linalg.norm(rows, axis=1, keepdims=True) if len(texts) else rows.reshape(0, 384)


def test_recipe_is_title_then_abstract() -> None:
    """Title, a full stop unless it ends a sentence already, then the abstract."""
    assert document_text(_paper(1, "Deep Faces", "We detect.")) == "Deep Faces. We detect."
    assert document_text(_paper(1, "Why faces?", "We ask.")) == "Why faces? We ask."


def test_shipped_vectors_are_current() -> None:
    """The shipped file's key is that of today's corpus, model and recipe, and sampled rows equal a fresh
    computation (run `python scripts/build_vectors.py` after changing any of them)."""
    papers = load_corpus(None)
    encoder = Encoder.load()
    with np.load(shipped_vectors_path(), allow_pickle=False) as data:
        key, shipped = str(data["key"]), data["vectors"]
    assert key == vectors_key(papers, encoder.fingerprint)
    sample = list(range(0, len(papers), 12))
    fresh = encoder.encode([document_text(papers[i]) for i in sample])
    assert np.allclose(shipped[sample], fresh, atol=1e-4)


def test_sentence_units_are_the_title_then_each_abstract_sentence() -> None:
    paper = _paper(1, "Deep Faces", "We detect faces. Then we count them! Fig. 2 shows it.")
    assert paper_units(paper) == ["Deep Faces", "We detect faces.", "Then we count them!", "Fig. 2 shows it."]


def test_shipped_sentence_vectors_are_current() -> None:
    """The shipped sentence file matches today's corpus, model and recipe (`python scripts/build_vectors.py`)."""
    papers = load_corpus(None)
    encoder = Encoder.load()
    units = [paper_units(p) for p in papers]
    with np.load(shipped_vectors_path(SHIPPED_SENTENCES), allow_pickle=False) as data:
        key, shipped = str(data["key"]), data["vectors"]
    assert key == sentences_key(units, encoder.fingerprint)
    texts = [t for u in units for t in u]
    sample = list(range(0, len(texts), 60))
    assert np.allclose(shipped[sample], encoder.encode([texts[i] for i in sample]), atol=1e-4)


def test_sentence_vectors_know_their_paper_and_are_cached(tmp_path: Path) -> None:
    papers = [_paper(0, "A", "One. Two."), _paper(1, "B", "Three.")]
    enc = CountingEncoder()
    vectors, owner = sentence_vectors(papers, enc, cache_dir=tmp_path)  # type: ignore[arg-type]
    assert enc.embedded == ["A", "One.", "Two.", "B", "Three."] and owner.tolist() == [0, 0, 0, 1, 1]
    again, _ = sentence_vectors(papers, enc, cache_dir=tmp_path)  # type: ignore[arg-type]
    assert len(enc.embedded) == 5 and np.array_equal(vectors, again)


def test_shipped_corpus_never_embeds() -> None:
    """The first question on the shipped corpus reads its vectors: the encoder embeds nothing."""
    papers = load_corpus(None)
    real = Encoder.load()
    fake = CountingEncoder(real.fingerprint)
    vectors = document_vectors(papers, fake, cache_dir=None)  # type: ignore[arg-type]
    sentences, owner = sentence_vectors(papers, fake, cache_dir=None)  # type: ignore[arg-type]
    assert fake.embedded == [] and vectors.shape == (len(papers), 384)
    assert sentences.shape == (len(owner), 384) and set(owner.tolist()) == set(range(len(papers)))


def test_cache_is_written_once_and_reused(tmp_path: Path) -> None:
    """A user's corpus is embedded once (with progress); a second load reads the cache file."""
    papers = [_paper(i) for i in range(4)]
    enc = CountingEncoder()
    calls: list[tuple[int, int]] = []
    first = document_vectors(papers, enc, cache_dir=tmp_path, progress=lambda d, t: calls.append((d, t)))  # type: ignore[arg-type]
    assert len(enc.embedded) == 4 and calls[-1] == (4, 4)
    assert len(list(tmp_path.glob("vectors-*.npz"))) == 1
    again = document_vectors(papers, enc, cache_dir=tmp_path)  # type: ignore[arg-type]
    assert len(enc.embedded) == 4 and np.array_equal(first, again)


def test_cache_directory_keeps_a_few_files(tmp_path: Path) -> None:
    """Many corpora embedded in turn leave at most KEEP_FILES vector files."""
    for n in range(dense.KEEP_FILES + 2):
        document_vectors([_paper(i) for i in range(n + 1)], CountingEncoder(), cache_dir=tmp_path)  # type: ignore[arg-type]
    assert len(list(tmp_path.glob("vectors-*.npz"))) == dense.KEEP_FILES


@pytest.mark.parametrize(
    "change",
    ["abstract", "model", "recipe"],
)
def test_stale_cache_is_not_reused(tmp_path: Path, change: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """A changed abstract, model file or text recipe gives a new key: the corpus is embedded again."""
    papers = [_paper(i) for i in range(3)]
    document_vectors(papers, CountingEncoder(), cache_dir=tmp_path)  # type: ignore[arg-type]
    enc = CountingEncoder("model-b" if change == "model" else "model-a")
    if change == "abstract":
        papers[1] = _paper(1, abstract="A different abstract.")
    if change == "recipe":
        monkeypatch.setattr(dense, "RECIPE", "title-abstract/2")
    document_vectors(papers, enc, cache_dir=tmp_path)  # type: ignore[arg-type]
    assert len(enc.embedded) == 3


def test_corrupt_or_unwritable_cache_is_survived(tmp_path: Path) -> None:
    """A damaged cache file is ignored and rewritten; a cache path that cannot be a directory is skipped."""
    papers = [_paper(i) for i in range(2)]
    document_vectors(papers, CountingEncoder(), cache_dir=tmp_path)  # type: ignore[arg-type]
    (cached,) = tmp_path.glob("vectors-*.npz")
    cached.write_bytes(b"garbage")
    enc = CountingEncoder()
    vectors = document_vectors(papers, enc, cache_dir=tmp_path)  # type: ignore[arg-type]
    assert len(enc.embedded) == 2 and vectors.shape == (2, 384)
    with np.load(cached, allow_pickle=False) as data:
        assert np.array_equal(data["vectors"], vectors)
    blocked = tmp_path / "file"
    blocked.write_text("not a directory")
    assert document_vectors(papers, CountingEncoder(), cache_dir=blocked / "sub").shape == (2, 384)  # type: ignore[arg-type]


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_only_on_a_terminal() -> None:
    """A terminal gets a bar redrawn in place and ended by a newline; a pipe or file gets nothing."""
    assert terminal_progress(io.StringIO()) is None
    stream = _Tty()
    show = terminal_progress(stream)
    assert show is not None
    show(5, 10)
    show(10, 10)
    out = stream.getvalue()
    assert "\rembedding papers [###############...............] 5/10" in out
    assert out.endswith("] 10/10\n")


def test_one_progress_count_runs_over_documents_then_sentences(tmp_path: Path) -> None:
    """Embedding a user's corpus reports one rising count over both passes (a bar that fills once)."""
    from pubchat.search.semantic import SemanticIndex

    papers = [_paper(0, "A", "One. Two."), _paper(1, "B", "Three.")]
    calls: list[tuple[int, int]] = []
    built = SemanticIndex.build(papers, CountingEncoder(), tmp_path, lambda d, t: calls.append((d, t)))  # type: ignore[arg-type]
    assert calls[-1] == (2 + 5, 2 + 5) and [d for d, _ in calls] == sorted(d for d, _ in calls)
    assert built.sentences is not None and built.sentences.shape == (5, 384)
