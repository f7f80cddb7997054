"""One-question `pubchat ask` process time against bare `python -c "import pydantic, numpy"`.

Fresh processes, interleaved, after one untimed warm-up of each (OS file cache, .pyc files: bytecode is
cached in a temp dir even when the shell sets PYTHONDONTWRITEBYTECODE, as for an installed program).
Every process runs in an empty directory with empty user folders: the shipped corpus and the built-in
settings, as for a user without a config file (the ratio the target names). A third command reads the
repo's config.toml with `--config` (a config file is validated: pydantic builds its validator) and is
reported beside it. Wall time and the child's CPU time (user + system) are both reported: on a shared,
busy machine CPU time is the steadier figure.
Also checks, in a separate process, that answering a question never imports textual, and which of
pydantic's validator-building modules it imports (none, with no file to validate).

    python benchmarks/startup.py [--runs N] [--out FILE]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _util import REPO, emit, installed_env, machine_info, stats_ms

QUESTION = "which papers study face anti-spoofing?"
_PROBE = (
    f"import sys; from pubchat.cli import main; rc = main(['ask', {QUESTION!r}]); "
    "bad = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.')); "
    "print('TEXTUAL-MODULES:' + ','.join(bad)); "
    "built = [m for m in ('pydantic.plugin._loader', 'importlib.metadata') if m in sys.modules]; "
    "print('VALIDATOR-MODULES:' + ','.join(built)); sys.exit(rc)"
)


def _pubchat_cmd() -> list[str]:
    """The installed `pubchat` script next to this interpreter, else `python -m pubchat`."""
    script = Path(sys.executable).with_name("pubchat")
    if script.exists():
        return [str(script)]
    found = shutil.which("pubchat")
    return [found] if found else [sys.executable, "-m", "pubchat"]


def _run(cmd: list[str], env: dict[str, str], cwd: str) -> tuple[float, float]:
    """(wall s, CPU s) for one process run to completion (output discarded; must succeed)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    subprocess.run(cmd, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)


def _probe_line(stdout: str, tag: str) -> list[str] | None:
    """The module names a probe line lists, or None when the probe printed no such line."""
    line = next((ln for ln in stdout.splitlines() if ln.startswith(tag)), None)
    return None if line is None else [m for m in line[len(tag) :].split(",") if m]


def measure(runs: int) -> dict:
    """Median/p95/min wall and CPU of each command, the ratios to the bare imports, and the probes."""
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp) / "cwd"
        work.mkdir()
        env = dict(os.environ, XDG_CONFIG_HOME=tmp, XDG_DATA_HOME=tmp, XDG_CACHE_HOME=tmp, PUBCHAT_DATA_DIR=tmp)
        env = installed_env(env, tmp)  # the warm-up runs write every command's bytecode cache
        commands = {
            "bare_import": [sys.executable, "-c", "import pydantic, numpy"],
            "pubchat_ask": [*_pubchat_cmd(), "ask", QUESTION],
            "pubchat_ask_with_config": [*_pubchat_cmd(), "--config", str(REPO / "config.toml"), "ask", QUESTION],
        }
        for cmd in commands.values():
            _run(cmd, env, str(work))
        times: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
        for _ in range(runs):
            for name, cmd in commands.items():
                times[name].append(_run(cmd, env, str(work)))
        probe = subprocess.run([sys.executable, "-c", _PROBE], env=env, cwd=str(work), capture_output=True, text=True)
    textual = _probe_line(probe.stdout, "TEXTUAL-MODULES:")
    built = _probe_line(probe.stdout, "VALIDATOR-MODULES:")
    out: dict = {}
    for name, rows in times.items():
        out[name] = stats_ms([w for w, _ in rows])
        out[name + "_cpu"] = stats_ms([c for _, c in rows])
    for name in ("pubchat_ask", "pubchat_ask_with_config"):
        suffix = "" if name == "pubchat_ask" else "_with_config"
        for kind in ("", "_cpu"):
            ratio = out[name + kind]["median_ms"] / out["bare_import" + kind]["median_ms"]
            out[f"ratio_median{kind}{suffix}"] = round(ratio, 2)
    out["textual_imported"] = bool(textual) if textual is not None else f"probe failed: {probe.stderr[-200:]}"
    out["validator_modules_imported"] = built if built is not None else f"probe failed: {probe.stderr[-200:]}"
    out["command"] = " ".join(Path(c).name if i == 0 else c for i, c in enumerate(commands["pubchat_ask"]))
    return out


def main() -> None:
    """CLI: print one JSON line (and write it, with the machine and its load, to --out when given)."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=15)
    ap.add_argument("--out", type=Path, help="also write the result (with the machine and load) to this JSON file")
    args = ap.parse_args()
    before = machine_info()
    result = measure(args.runs)
    emit(result)
    if args.out is not None:
        record = {
            "command": "python benchmarks/startup.py " + " ".join(sys.argv[1:]),
            "machine_before": before,
            **result,
            "machine_after": {"loadavg": machine_info()["loadavg"]},
        }
        args.out.write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
