"""The shipped sentence encoder: faithful to sentence-transformers, offline, one BLAS thread, batch-independent."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from repo_paths import REPO

from pubchat.search import encoder as encoder_mod
from pubchat.search.encoder import DIM, MODEL_DIR, Encoder, EncoderUnavailable

# sentence-transformers' own vectors (float32 model) for 20 texts: scripts/make_encoder_reference.py
REFERENCE = REPO / "tests" / "data" / "encoder" / "reference.npz"
MIN_COSINE = 0.998


@pytest.fixture(scope="module")
def encoder() -> Encoder:
    """The shipped model."""
    return Encoder.load()


def test_vectors_match_sentence_transformers(encoder: Encoder) -> None:
    """Every reference text (questions, titles, whole abstracts past the 256-piece cut, odd characters,
    an empty text) gets a vector within cosine 0.998 of the float32 model run by sentence-transformers."""
    with np.load(REFERENCE, allow_pickle=False) as data:
        texts, reference = [str(t) for t in data["texts"]], data["vectors"]
    assert len(texts) >= 20 and any(len(encoder.token_ids([t])[0]) == 256 for t in texts)
    vectors = encoder.encode(texts)
    cosines = np.sum(vectors * reference, axis=1)
    worst = int(np.argmin(cosines))
    assert cosines.min() >= MIN_COSINE, f"cosine {cosines[worst]:.5f} for {texts[worst][:60]!r}"


def test_vectors_are_unit_length_float32(encoder: Encoder) -> None:
    """(n, 384) float32 rows of length 1, an empty list gives an empty array."""
    vectors = encoder.encode(["face anti-spoofing", "", "Oracle bone inscriptions"])
    assert vectors.shape == (3, DIM) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert encoder.encode([]).shape == (0, DIM)


def test_batch_does_not_change_a_text_vector(encoder: Encoder) -> None:
    """A text's vector is the same alone or padded in a batch with longer texts (padding is masked)."""
    texts = ["deepfake detection", "How do they recognise faces in low-resolution surveillance video? " * 3, "SFace"]
    together = encoder.encode(texts)
    for text, row in zip(texts, together):
        assert np.allclose(encoder.encode([text])[0], row, atol=1e-5)


def test_meaning_ranks_the_related_text_first(encoder: Encoder) -> None:
    """A paraphrase is closer than an unrelated text (the model works, not just runs)."""
    q, near, far = encoder.encode(
        [
            "spotting photos of faces that were faked by AI",
            "deepfake detection of manipulated face images",
            "crop yields",
        ]
    )
    assert q @ near > q @ far + 0.3


def test_progress_and_one_blas_thread(encoder: Encoder) -> None:
    """progress(done, total) rises to total; BLAS runs on one thread while embedding, and is restored after."""
    from threadpoolctl import threadpool_info

    seen: list[tuple[int, int, int]] = []

    def progress(done: int, total: int) -> None:
        threads = max((x["num_threads"] for x in threadpool_info() if x["user_api"] == "blas"), default=1)
        seen.append((done, total, threads))

    texts = [f"paper {i} on face recognition " * (1 + i * 20) for i in range(6)]
    encoder.encode(texts, progress=progress)
    assert [d for d, _, _ in seen] == sorted(d for d, _, _ in seen) and seen[-1][:2] == (6, 6)
    assert all(threads == 1 for _, _, threads in seen)


def test_missing_model_file_is_a_clear_error(tmp_path: Path) -> None:
    """A missing weight file raises EncoderUnavailable naming it, not a traceback from deep inside."""
    with pytest.raises(EncoderUnavailable, match=r"model\.safetensors is missing"):
        Encoder.load(weights=tmp_path / "model.safetensors")
    broken = tmp_path / "broken.safetensors"
    broken.write_bytes(b"not a model")
    with pytest.raises(EncoderUnavailable, match="cannot read"):
        Encoder.load(weights=broken)


def test_licence_and_notice_ship_beside_the_model() -> None:
    """Apache-2.0 text and the NOTICE (origin, upstream hash, what was changed) travel with the weights."""
    assert "Apache License" in (MODEL_DIR / "LICENSE").read_text(encoding="utf-8")
    notice = (MODEL_DIR / "NOTICE").read_text(encoding="utf-8")
    assert "all-MiniLM-L6-v2" in notice and "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db" in notice
    assert encoder_mod.model_path().stat().st_size < 26_000_000


def test_shipped_model_is_the_scripted_build() -> None:
    """The committed weights are byte for byte what scripts/build_encoder.py writes (it records the hash)."""
    import re

    script = (REPO / "scripts" / "build_encoder.py").read_text(encoding="utf-8")
    recorded = re.search(r'SHIPPED_SHA256 = "([0-9a-f]{64})"', script)
    assert recorded is not None
    assert encoder_mod.file_sha256(encoder_mod.model_path()) == recorded.group(1)


# Run in a fresh process: sockets cannot be created (and, where `unshare -n` works, the process has no
# network at all); no hub variables; the model loads, the shipped corpus' vectors are used, a question
# that needs the encoder is answered.
OFFLINE_SCRIPT = """
import socket, sys
def refuse(*args, **kwargs):
    raise OSError("network use attempted")
socket.socket = refuse
socket.create_connection = refuse
socket.getaddrinfo = refuse
from pubchat.search.encoder import Encoder
vectors = Encoder.load().encode(["face anti-spoofing"])
from pubchat.config import Settings
from pubchat.engine import open_assistant
assistant = open_assistant(Settings(), None)
answer = assistant.ask(sys.argv[1])
state = assistant.index.semantic_state()
print(vectors.shape, state.index is not None, answer.citations[0].title if answer.citations else None)
"""


def test_installed_package_works_without_network(tmp_path: Path) -> None:
    """The model and the shipped vectors load from the package with no network (nothing from a hub)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HF_", "HUGGINGFACE", "TRANSFORMERS"))}
    env.update({"HOME": str(tmp_path), "XDG_CACHE_HOME": str(tmp_path / "cache"), "NO_PROXY": "*"})
    question = (
        "Is there a way to judge how well a detector of unfamiliar inputs is doing when you have no labelled "
        "examples to check it against?"
    )
    command = [sys.executable, "-c", OFFLINE_SCRIPT, question]
    unshare = shutil.which("unshare")
    if unshare and subprocess.run([unshare, "-n", "true"], capture_output=True).returncode == 0:
        command = [unshare, "-n", *command]
    run = subprocess.run(command, capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == (
        "(1, 384) True Unsupervised Evaluation of Out-of-distribution Detection: A Data-centric Perspective"
    )
    assert not list(tmp_path.rglob("vectors-*")), "the shipped corpus was embedded instead of using its vectors"
