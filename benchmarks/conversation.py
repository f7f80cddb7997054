"""A long conversation through the TUI (Textual Pilot, headless): memory stays bounded and the
last answers come as fast as the first.

Asks `--questions` questions (cycling through varied questions: topics, counts, filters,
citations, junk) like a user (value set, Enter, wait for the worker and the refresh), recording
per-question latency and the process's current RSS every 10%. Reports the first and last 10%
latency medians and the RSS growth between the 20% mark and the end.

    python benchmarks/conversation.py --questions 1000
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _util import emit, peak_rss_mb  # noqa: E402

QUESTIONS = [
    "face anti-spoofing", "how many papers on facial expression recognition?", "papers by Mei Wang since 2023",
    "which deepfake papers have code?", "bibtex for [1]", "noisy labels", "latest papers", "best ramen recipe",
    "domain adaptation for face recognition", "apa for [2]", "", "year:2022..2024 code:yes", "oracle characters",
    "x" * 3000, "what is SFace?", "privacy", "list all papers", "racial bias in face recognition",
]


def current_rss_mb() -> float:
    """Resident set size now (Linux /proc), MiB."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
        return round(pages * os.sysconf("SC_PAGE_SIZE") / 2**20, 1)
    except (OSError, ValueError, IndexError):
        return peak_rss_mb()


async def run(n: int) -> dict:
    """Drive the app through n questions and collect latencies and memory."""
    from pubchat.config import Settings, TuiSettings
    from pubchat.tui.app import PubchatApp
    from pubchat.tui.widgets.prompt import QuestionInput

    app = PubchatApp(Settings(tui=TuiSettings(cursor_blink=False)), None, system_clipboard=False, history_path=False)
    latencies: list[float] = []
    rss: list[tuple[int, float]] = []
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        for i in range(n):
            box = app.screen.query_one(QuestionInput)
            box.focus()
            box.value = QUESTIONS[i % len(QUESTIONS)] or " "
            t = time.perf_counter()
            await pilot.press("enter")
            await app.workers.wait_for_complete()
            await pilot.pause()
            latencies.append(time.perf_counter() - t)
            if (i + 1) % max(1, n // 10) == 0:
                rss.append((i + 1, current_rss_mb()))
        widgets = len(app.screen.query("*"))
    tenth = max(1, n // 10)
    first, last = latencies[:tenth], latencies[-tenth:]
    base = rss[1][1] if len(rss) > 1 else rss[0][1]
    return {"questions": n, "first10pct_median_ms": round(statistics.median(first) * 1000, 1),
            "last10pct_median_ms": round(statistics.median(last) * 1000, 1),
            "slowdown_last_vs_first": round(statistics.median(last) / statistics.median(first), 2),
            "rss_mb_by_question": rss, "rss_growth_after_20pct_mb": round(rss[-1][1] - base, 1),
            "widgets_in_screen_at_end": widgets, "peak_rss_mb": peak_rss_mb()}


def main() -> None:
    """CLI: print one JSON line."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--questions", type=int, default=1000)
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for var in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "PUBCHAT_DATA_DIR"):
            os.environ[var] = tmp
        emit(asyncio.run(run(a.questions)))


if __name__ == "__main__":
    main()
