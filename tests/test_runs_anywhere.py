"""Runs anywhere: no home directory (HOME unset, uid without a passwd entry) falls back to a private temp
folder with one note; a cache folder that cannot be written degrades with one note, never a traceback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

NO_PASSWD = """
import pwd, sys
def missing(uid):
    raise KeyError(f"getpwuid(): uid not found: {uid}")
pwd.getpwuid = missing
from pubchat.cli import main
sys.exit(main(sys.argv[1:]))
"""


def _homeless_env(tmp_path: Path) -> dict[str, str]:
    """An environment like a container's arbitrary uid: no HOME, no XDG dirs, TMPDIR in the test folder."""
    env = {k: v for k, v in os.environ.items() if k != "HOME" and not k.startswith(("XDG_", "PUBCHAT_"))}
    env["TMPDIR"] = str(tmp_path)
    return env


def test_no_home_and_no_passwd_entry_falls_back_with_one_note(tmp_path: Path) -> None:
    for args in (["ask", "face anti-spoofing"], ["config"], ["papers"]):
        result = subprocess.run(
            [sys.executable, "-c", NO_PASSWD, *args],
            capture_output=True,
            text=True,
            timeout=60,
            env=_homeless_env(tmp_path),
            cwd=tmp_path,
        )
        assert result.returncode == 0, result.stderr
        assert "Traceback" not in result.stderr
        notes = [line for line in result.stderr.splitlines() if line.strip()]
        assert len(notes) <= 1 and all(n.startswith("pubchat: note: no home directory") for n in notes), notes
        assert result.stdout.strip()


def test_homeless_data_dir_is_private_under_temp(tmp_path: Path, monkeypatch) -> None:
    import pwd

    from pubchat import userdirs

    monkeypatch.delenv("HOME", raising=False)
    for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "PUBCHAT_DATA_DIR"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(pwd, "getpwuid", lambda uid: (_ for _ in ()).throw(KeyError(uid)))
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    monkeypatch.setattr(userdirs.tempfile, "tempdir", None)
    userdirs._fallback_base.cache_clear()
    try:
        from pubchat.tui.paths import data_dir

        folder = data_dir()
        assert folder.parent.parent == tmp_path and folder.name == "data"
        assert (folder.parent.stat().st_mode & 0o777) == 0o700
    finally:
        userdirs._fallback_base.cache_clear()


def test_unwritable_cache_dir_is_one_note_and_answers_still_come(tmp_path: Path) -> None:
    corpus = tmp_path / "c.jsonl"
    corpus.write_text("".join(json.dumps({"id": f"p{i}", "title": f"Paper {i} on faces"}) + "\n" for i in range(20)))
    config = tmp_path / "config.toml"
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    config.write_text(f'[cache]\ndir = "{blocker / "index"}"\nmin_docs = 0\n')
    result = subprocess.run(
        [sys.executable, "-m", "pubchat", "--config", str(config), "--corpus", str(corpus), "ask", "faces"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0 and "Paper" in result.stdout
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("pubchat: note: cannot write the index cache"), lines
