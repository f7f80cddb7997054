"""Time to first paint of the pubchat TUI vs a minimal Textual app (Header, Input, Footer).

Each run is a fresh Python process (cold imports, as a user starting `pubchat` gets). The child
records `perf_counter()` at its first line, runs the app headless at 80x24 and reports when
Textual's `Ready` event arrives (sent after the first frame is composed and rendered). For pubchat
it also reports when the corpus is loaded and the example questions are shown (`ready`).

    python benchmarks/first_paint.py [--runs N] [--json]

`measure(runs)` returns the numbers as a dict for benchmarks/run.py.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from typing import Any

_CHILD = r"""
import time
T0 = time.perf_counter()
import sys
kind = sys.argv[1]
marks = {}

def mark(name):
    marks.setdefault(name, (time.perf_counter() - T0) * 1000)

if kind == "minimal":
    from textual.app import App
    from textual.widgets import Footer, Header, Input

    class Minimal(App):
        def compose(self):
            yield Header()
            yield Input(placeholder="Ask…")
            yield Footer()

        def on_ready(self):
            mark("paint")
            self.exit()

    app = Minimal()
else:
    from pubchat.config import Settings
    from pubchat.tui.app import PubchatApp

    class Probe(PubchatApp):
        def on_ready(self):
            mark("paint")
            self._maybe_exit()

        def _engine_loaded(self, *args):
            super()._engine_loaded(*args)
            mark("ready")
            self._maybe_exit()

        def _maybe_exit(self):
            if "paint" in marks and "ready" in marks:
                self.exit()

    app = Probe(Settings(), None, system_clipboard=False, history_path=False)
app.run(headless=True, size=(80, 24))
mark("exit")
print("MARKS " + " ".join(f"{k}={v:.1f}" for k, v in marks.items()), flush=True)
"""


def _run_once(kind: str, env: dict[str, str]) -> dict[str, float]:
    """One cold start; returns the child's marks plus the parent's wall time to the paint."""
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", _CHILD, kind], capture_output=True, text=True, env=env, timeout=120)
    wall = (time.perf_counter() - start) * 1000
    line = next((ln for ln in proc.stdout.splitlines() if ln.startswith("MARKS ")), None)
    if proc.returncode != 0 or line is None:
        raise RuntimeError(f"{kind} run failed (exit {proc.returncode}): {proc.stderr.strip()[-500:]}")
    marks = {k: float(v) for k, v in (item.split("=") for item in line.split()[1:])}
    marks["process_wall"] = wall  # includes interpreter start-up and shutdown
    return marks


def measure(runs: int = 5) -> dict[str, Any]:
    """Median and min milliseconds to first paint (and to corpus ready) over `runs` cold starts each."""
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(
            os.environ, PUBCHAT_DATA_DIR=tmp, XDG_CONFIG_HOME=tmp, XDG_DATA_HOME=tmp, XDG_CACHE_HOME=tmp, TEXTUAL=""
        )
        result: dict[str, Any] = {"runs": runs, "size": "80x24", "python": sys.version.split()[0]}
        for kind in ("minimal", "pubchat"):
            _run_once(kind, env)  # warm the OS file cache and .pyc files
            samples = [_run_once(kind, env) for _ in range(runs)]
            summary: dict[str, float] = {}
            for key in ("paint", "ready", "process_wall"):
                values = [s[key] for s in samples if key in s]
                if values:
                    summary[f"{key}_ms_median"] = round(statistics.median(values), 1)
                    summary[f"{key}_ms_min"] = round(min(values), 1)
            result[kind] = summary
        result["paint_overhead_ms"] = round(
            result["pubchat"]["paint_ms_median"] - result["minimal"]["paint_ms_median"], 1
        )
    return result


def main(argv: list[str] | None = None) -> int:
    """Print the measurements as a table or JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    result = measure(args.runs)
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    print(f"first paint at {result['size']}, median of {result['runs']} cold starts (ms; min in brackets)")
    for kind in ("minimal", "pubchat"):
        row = result[kind]
        parts = [f"paint {row['paint_ms_median']:7.1f} [{row['paint_ms_min']:.1f}]"]
        if "ready_ms_median" in row:
            parts.append(f"corpus ready {row['ready_ms_median']:7.1f} [{row['ready_ms_min']:.1f}]")
        parts.append(f"process {row['process_wall_ms_median']:7.1f}")
        print(f"  {kind:<8} " + "   ".join(parts))
    print(f"  pubchat paints {result['paint_overhead_ms']:+.1f} ms after the minimal app")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
