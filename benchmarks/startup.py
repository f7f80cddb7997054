"""One-question `pubchat ask` process time against bare `python -c "import pydantic, numpy"`.

Fresh processes, interleaved, after one untimed warm-up of each (OS file cache, .pyc files: bytecode is
cached in a temp dir even when the shell sets PYTHONDONTWRITEBYTECODE, as for an installed program).
Also checks, in a separate process, that answering a question never imports textual.

    python benchmarks/startup.py [--runs N]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _util import emit, installed_env, stats_ms

QUESTION = "which papers study face anti-spoofing?"
_NO_TEXTUAL = (
    f"import sys; from pubchat.cli import main; rc = main(['ask', {QUESTION!r}]); "
    "bad = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.')); "
    "print('TEXTUAL-MODULES:' + ','.join(bad)); sys.exit(rc)"
)


def _pubchat_cmd() -> list[str]:
    """The installed `pubchat` script next to this interpreter, else `python -m pubchat`."""
    script = Path(sys.executable).with_name("pubchat")
    if script.exists():
        return [str(script)]
    found = shutil.which("pubchat")
    return [found] if found else [sys.executable, "-m", "pubchat"]


def _wall(cmd: list[str], env: dict[str, str]) -> float:
    """Seconds for one process to run to completion (output discarded; must succeed)."""
    t = time.perf_counter()
    subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - t


def measure(runs: int) -> dict:
    """Median/p95 of both commands, their ratio, and whether textual was imported."""
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, XDG_CONFIG_HOME=tmp, XDG_DATA_HOME=tmp, XDG_CACHE_HOME=tmp, PUBCHAT_DATA_DIR=tmp)
        env = installed_env(env, tmp)  # the warm-up runs write both commands' bytecode caches
        bare = [sys.executable, "-c", "import pydantic, numpy"]
        ask = [*_pubchat_cmd(), "ask", QUESTION]
        _wall(bare, env)
        _wall(ask, env)
        b, a = [], []
        for _ in range(runs):
            b.append(_wall(bare, env))
            a.append(_wall(ask, env))
        probe = subprocess.run([sys.executable, "-c", _NO_TEXTUAL], env=env, capture_output=True, text=True)
    line = next((ln for ln in probe.stdout.splitlines() if ln.startswith("TEXTUAL-MODULES:")), None)
    textual = None if line is None else line.split(":", 1)[1]
    sb, sa = stats_ms(b), stats_ms(a)
    return {
        "bare_import": sb,
        "pubchat_ask": sa,
        "ratio_median": round(sa["median_ms"] / sb["median_ms"], 2),
        "textual_imported": (textual != "") if textual is not None else f"probe failed: {probe.stderr[-200:]}",
        "command": " ".join(Path(c).name if i == 0 else c for i, c in enumerate(ask)),
    }


def main() -> None:
    """CLI: print one JSON line."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=15)
    emit(measure(ap.parse_args().runs))


if __name__ == "__main__":
    main()
