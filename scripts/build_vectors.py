"""Write the shipped corpus' document vectors (corpus/papers.vectors.npz) and sentence vectors
(corpus/papers.sentences.npz) with the shipped encoder.

Run after changing corpus/papers.jsonl, the model or the text recipe (search/dense.py);
tests/test_dense.py fails while the file is stale.

    python scripts/build_vectors.py
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))

from pubchat.corpus import read_jsonl  # noqa: E402
from pubchat.search.dense import (  # noqa: E402
    SHIPPED_NAME,
    SHIPPED_SENTENCES,
    document_text,
    paper_units,
    sentences_key,
    vectors_key,
    write_vectors,
)
from pubchat.search.encoder import Encoder  # noqa: E402


def main() -> None:
    papers = read_jsonl(REPO / "corpus" / "papers.jsonl")
    encoder = Encoder.load()
    vectors = encoder.encode([document_text(p) for p in papers])
    out = REPO / "corpus" / SHIPPED_NAME
    write_vectors(out, vectors_key(papers, encoder.fingerprint), vectors)
    print(f"{out}: {len(papers)} papers x {vectors.shape[1]}")
    units = [paper_units(p) for p in papers]
    sentences = encoder.encode([t for u in units for t in u])
    out = REPO / "corpus" / SHIPPED_SENTENCES
    write_vectors(out, sentences_key(units, encoder.fingerprint), sentences)
    print(f"{out}: {len(sentences)} titles and sentences x {sentences.shape[1]}")


if __name__ == "__main__":
    main()
