"""Safe files: atomic writes, never-colliding new files, advisory locks and bounded reads of regular files.

Writes go to a temp file in the same folder, are fsynced, then renamed over the target, so readers
see the old file or the new one, never a torn one. The existing file's mode is kept, a symlink is
written through (its target is replaced, the link stays), and temp files that a killed writer left
behind are removed once they are older than `STALE_SECONDS`.
Reads accept only regular files (a FIFO would block forever, a device such as /dev/zero never ends,
a directory is a mistake) and stop at a size limit.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
import time
from collections.abc import Iterator
from pathlib import Path

from pubchat.errors import PubchatError

STALE_SECONDS = 600  # a temp file this old belongs to a writer that died (a live write takes seconds)
_TMP_SUFFIX = ".tmp"


def _real_target(path: Path) -> Path:
    """The file a write should replace: a symlink's final target (the link itself stays), else path."""
    if path.is_symlink():
        return Path(os.path.realpath(path))
    return path


def _temp_name(target: Path) -> Path:
    """A fresh temp file name next to target (hidden, recognisable as ours for stale clean-up)."""
    return target.with_name(f".{target.name}.{secrets.token_hex(6)}{_TMP_SUFFIX}")


def remove_stale_temps(target: Path, max_age: float = STALE_SECONDS) -> int:
    """Delete temp files of earlier writes to target older than max_age seconds; return how many."""
    removed = 0
    now = time.time()
    with contextlib.suppress(OSError):
        for candidate in target.parent.glob(f".{target.name}.*{_TMP_SUFFIX}"):
            with contextlib.suppress(OSError):
                if now - candidate.lstat().st_mtime > max_age and candidate.is_file():
                    candidate.unlink()
                    removed += 1
    return removed


def atomic_write_bytes(path: str | Path, data: bytes) -> Path:
    """Write data to path so that readers see the old file or the new one, never a torn one.

    Keeps the mode of an existing file (a new file gets the usual umask mode), writes through a
    symlink to its target, and removes stale temp files of earlier interrupted writes.
    """
    target = _real_target(Path(path))
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        mode: int | None = stat.S_IMODE(target.stat().st_mode)
    except OSError:
        mode = None
    remove_stale_temps(target)
    tmp = _temp_name(target)
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if mode is not None:
            os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return target


def atomic_write_text(path: str | Path, text: str) -> Path:
    """UTF-8 text variant of atomic_write_bytes."""
    return atomic_write_bytes(path, text.encode("utf-8"))


def write_unique(path: str | Path, text: str) -> Path:
    """Write text to a new file named path, or path-2, path-3 ... if taken; return the name used.

    The name is claimed atomically (a hard link of the finished temp file, or an exclusive create),
    so two processes saving at the same moment get two files.
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    data = text.encode("utf-8")
    for n in range(1, 10_000):
        candidate = target if n == 1 else target.with_name(f"{target.stem}-{n}{target.suffix}")
        if candidate.exists() or candidate.is_symlink():
            continue
        try:
            fd = os.open(candidate, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
        except FileExistsError:
            continue
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(candidate)
            raise
        return candidate
    raise FileExistsError(f"{target}: no free name")


@contextlib.contextmanager
def file_lock(path: str | Path, timeout: float = 10.0) -> Iterator[None]:
    """Hold an advisory lock on `path` + '.lock' (fcntl where available) for a read-merge-write.

    Where no lock is available (no fcntl) or the lock file cannot be created, runs unlocked: the
    caller's merge still keeps what it read.
    """
    lock_path = Path(str(path) + ".lock")
    try:
        import fcntl
    except ImportError:
        yield
        return
    try:
        lock_path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o666)
    except OSError:
        yield
        return
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    break  # a stuck holder: go on unlocked rather than hang
                time.sleep(0.01)
            except OSError:
                break  # a filesystem without locks
        yield
    finally:
        os.close(fd)  # releases the lock


def _kind(mode: int) -> str:
    """What a non-regular file is, for the error message."""
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def read_regular(path: str | Path, limit: int, what: str = "file", error: type[PubchatError] = PubchatError) -> bytes:
    """The bytes of a regular file of at most `limit` bytes; else `error` naming the file.

    The file is opened non-blocking (a FIFO cannot hang the open) and checked with fstat before
    anything is read; the read stops at limit + 1 bytes (a file growing meanwhile cannot run on).
    """
    name = Path(path)
    try:
        fd = os.open(name, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except FileNotFoundError:
        raise error(f"{name}: {what} not found") from None
    except IsADirectoryError:
        raise error(f"{name}: is a directory, expected a {what}") from None
    except OSError as exc:
        raise error(f"{name}: cannot read {what}: {exc.strerror or exc}") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise error(f"{name}: is {_kind(info.st_mode)}, expected a regular {what}")
        if info.st_size > limit:
            raise error(f"{name}: {what} is {info.st_size:,} bytes; the limit is {limit:,}")
        chunks: list[bytes] = []
        size = 0
        while size <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > limit:
            raise error(f"{name}: {what} is over {limit:,} bytes (the limit)")
        return b"".join(chunks)
    except OSError as exc:
        raise error(f"{name}: cannot read {what}: {exc.strerror or exc}") from None
    finally:
        os.close(fd)
