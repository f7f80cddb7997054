"""Atomic writes: readers see the old file or the new one; an interrupted write keeps the old file."""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pubchat import storage
from pubchat.storage import atomic_write_bytes, atomic_write_text


def test_write_creates_folders_and_replaces_content(tmp_path) -> None:
    """A new file appears with the content; a second write replaces it; no temp files remain."""
    target = tmp_path / "a" / "b" / "history.json"
    atomic_write_text(target, "first")
    atomic_write_text(target, "second ✓")
    assert target.read_text(encoding="utf-8") == "second ✓"
    assert [p.name for p in target.parent.iterdir()] == ["history.json"]


class _Boom(Exception):
    """The simulated crash."""


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(old=st.binary(max_size=2000), new=st.binary(min_size=1, max_size=2000), cut=st.integers(0, 2000))
def test_interrupted_write_never_destroys_the_previous_file(tmp_path, monkeypatch, old, new, cut) -> None:
    """The write raises after `cut` bytes: the previous good file is intact and no temp file is left."""
    target = tmp_path / "transcript.md"
    atomic_write_bytes(target, old)
    real_fdopen = os.fdopen

    class Torn:
        """A file handle that writes part of the data, then fails."""

        def __init__(self, handle):
            self.handle = handle

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.handle.close()
            return False

        def write(self, data: bytes) -> int:
            self.handle.write(data[:cut])
            raise _Boom("disk full")

        def __getattr__(self, name):
            return getattr(self.handle, name)

    with monkeypatch.context() as m:
        m.setattr(storage.os, "fdopen", lambda fd, mode: Torn(real_fdopen(fd, mode)))
        with pytest.raises(_Boom):
            atomic_write_bytes(target, new)
    assert target.read_bytes() == old
    assert [p.name for p in tmp_path.iterdir()] == ["transcript.md"]


def test_failed_rename_keeps_the_previous_file(tmp_path, monkeypatch) -> None:
    """Even when the final rename fails (e.g. permissions), the old file stays and the temp file goes."""
    target = tmp_path / "cache.npz"
    atomic_write_bytes(target, b"good")

    def refuse(src, dst):
        raise PermissionError("read-only")

    monkeypatch.setattr(storage.os, "replace", refuse)
    with pytest.raises(PermissionError):
        atomic_write_bytes(target, b"new")
    assert target.read_bytes() == b"good"
    assert [p.name for p in tmp_path.iterdir()] == ["cache.npz"]
