"""Atomic writes: readers see the old file or the new one; an interrupted write keeps the old file."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pubchat import storage
from pubchat.storage import atomic_write_bytes, atomic_write_text, write_unique


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


def test_write_keeps_the_file_mode_and_writes_through_a_symlink(tmp_path) -> None:
    """A 0644 file stays 0644 (not the temp file's 0600); a symlink stays a link and its target changes."""
    target = tmp_path / "corpus.jsonl"
    target.write_text("old")
    os.chmod(target, 0o644)
    atomic_write_text(target, "new")
    assert target.read_text() == "new" and (target.stat().st_mode & 0o777) == 0o644
    real = tmp_path / "real" / "history.json"
    real.parent.mkdir()
    real.write_text("old")
    os.chmod(real, 0o640)
    link = tmp_path / "history.json"
    link.symlink_to(real)
    atomic_write_text(link, "through")
    assert link.is_symlink() and real.read_text() == "through" and (real.stat().st_mode & 0o777) == 0o640


def test_stale_temp_files_of_killed_writers_are_removed(tmp_path) -> None:
    """Temp files older than STALE_SECONDS go at the next write; a fresh one (a live writer's) stays."""
    target = tmp_path / "index.pcx"
    stale = tmp_path / ".index.pcx.deadbeef0000.tmp"
    fresh = tmp_path / ".index.pcx.cafe00000000.tmp"
    stale.write_bytes(b"half")
    fresh.write_bytes(b"half")
    old = time.time() - storage.STALE_SECONDS - 60
    os.utime(stale, (old, old))
    atomic_write_bytes(target, b"whole")
    assert not stale.exists() and fresh.exists() and target.read_bytes() == b"whole"


def test_write_unique_never_overwrites(tmp_path) -> None:
    """Two saves under the same name (same second) give two files, both intact."""
    first = write_unique(tmp_path / "pubchat-20260101-120000.md", "one")
    second = write_unique(tmp_path / "pubchat-20260101-120000.md", "two")
    assert first != second and second.name == "pubchat-20260101-120000-2.md"
    assert first.read_text() == "one" and second.read_text() == "two"


_WRITER = """
import sys, time
from pubchat import storage
real = storage.os.fdopen

class Slow:
    def __init__(self, handle): self.handle = handle
    def __enter__(self): return self
    def __exit__(self, *exc): self.handle.close()
    def write(self, data):
        for i in range(0, len(data), 4096):
            self.handle.write(data[i : i + 4096]); self.handle.flush()
            if i == 4096 * 8:
                print("writing", flush=True)
                time.sleep(60)
    def __getattr__(self, name): return getattr(self.handle, name)

storage.os.fdopen = lambda fd, mode: Slow(real(fd, mode))
storage.atomic_write_bytes(sys.argv[1], b"N" * (1 << 20))
"""


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs kill -9")
def test_writer_killed_mid_write_leaves_the_previous_file(tmp_path) -> None:
    """Fault test: a real process is killed (SIGKILL) half-way through a write; the old file is whole,
    and its orphaned temp file is cleaned by a later write once stale."""
    target = tmp_path / "history.json"
    atomic_write_text(target, "previous")
    writer = subprocess.Popen([sys.executable, "-c", _WRITER, str(target)], stdout=subprocess.PIPE, text=True)
    try:
        assert writer.stdout is not None and writer.stdout.readline().strip() == "writing"
        (temp,) = tmp_path.glob(".history.json.*.tmp")
        assert temp.stat().st_size > 0  # the new content is half on disk
    finally:
        writer.send_signal(signal.SIGKILL)
        writer.wait(10)
    assert target.read_text() == "previous"
    old = time.time() - storage.STALE_SECONDS - 1
    os.utime(temp, (old, old))
    atomic_write_text(target, "next")
    assert target.read_text() == "next" and not temp.exists()


def test_concurrent_writers_leave_one_whole_file(tmp_path) -> None:
    """Eight threads write the same file at once (two processes building one cache): the result is one
    writer's whole content and no temp file is left behind."""
    import threading

    target = tmp_path / "index.pcx"
    contents = [bytes([65 + n]) * 200_000 for n in range(8)]
    threads = [threading.Thread(target=atomic_write_bytes, args=(target, c)) for c in contents]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert target.read_bytes() in contents
    assert [p.name for p in tmp_path.iterdir()] == ["index.pcx"]


def test_unwritable_history_is_noted_once(tmp_path) -> None:
    """A data folder that cannot be written: the first failed save says so, later ones stay quiet."""
    from pubchat.tui.history import History

    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    history = History.load(blocker / "history.json", 50)
    history.add("first question")
    first = history.save()
    history.add("second question")
    second = history.save()
    assert first is not None and first.startswith("Could not save history") and second is None
    assert history.entries == ["first question", "second question"]  # kept in memory for this session
