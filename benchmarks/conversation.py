"""A long conversation through the TUI (Textual Pilot, headless): memory stays bounded and the
last answers come as fast as the first.

Asks `--questions` questions like a user (value set, Enter, wait for the worker and the refresh),
cycling through a fixed list of varied questions (topics, counts, filters, citation follow-ups,
junk, a 3,000-character paste), after one untimed warm-up pass over that list and a clear
(Ctrl+L), so imports, caches and the allocator have settled. Latency is compared like for like:
the median over the first whole cycles of the list (~10% of the run, at least one cycle; the
screen starts empty) against the same number of cycles at the end (`slowdown_last_vs_first`);
medians per tenth of the run show the drift in between.
RSS (Linux /proc/self/statm) is sampled every 5% of the run: `rss_growth_after_20pct_mb` is the
growth from the 20% mark to the end, `rss_growth_second_half_mb` from the 50% mark. The app keeps
`tui.turns_on_screen` turns mounted (`--turns-on-screen` overrides it; 0 = the config default).

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

from _util import emit, peak_rss_mb

QUESTIONS = [
    "face anti-spoofing",
    "how many papers on facial expression recognition?",
    "papers by Mei Wang since 2023",
    "which deepfake papers have code?",
    "bibtex for [1]",
    "noisy labels",
    "latest papers",
    "best ramen recipe",
    "domain adaptation for face recognition",
    "apa for [2]",
    "",
    "year:2022..2024 code:yes",
    "oracle characters",
    "x" * 3000,
    "what is SFace?",
    "privacy",
    "list all papers",
    "racial bias in face recognition",
]


def current_rss_mb() -> float:
    """Resident set size now (Linux /proc), MiB."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
        return round(pages * os.sysconf("SC_PAGE_SIZE") / 2**20, 1)
    except (OSError, ValueError, IndexError):
        return peak_rss_mb()


def _ms(samples: list[float]) -> float:
    """Median of seconds, in milliseconds."""
    return round(statistics.median(samples) * 1000, 1)


async def run(n: int, turns_on_screen: int, size: tuple[int, int]) -> dict:
    """Drive the app through n questions and collect latencies, memory and what stays mounted."""
    from pubchat.config import Settings, TuiSettings
    from pubchat.tui.app import PubchatApp
    from pubchat.tui.widgets.prompt import QuestionInput
    from pubchat.tui.widgets.turns import QuestionTurn

    tui = TuiSettings(cursor_blink=False)
    if turns_on_screen:
        tui = TuiSettings(cursor_blink=False, turns_on_screen=turns_on_screen)
    app = PubchatApp(Settings(tui=tui), None, system_clipboard=False, history_path=False)
    latencies: list[float] = []
    rss: list[tuple[int, float]] = []
    step = max(1, n // 20)
    async with app.run_test(size=size) as pilot:

        async def ask(question: str) -> float:
            """Ask like a user and wait for the answer on screen; seconds taken."""
            box = app.screen.query_one(QuestionInput)
            box.focus()
            box.value = question or " "
            t = time.perf_counter()
            await pilot.press("enter")
            await app.workers.wait_for_complete()
            await pilot.pause()
            return time.perf_counter() - t

        while not app.corpus_loaded:
            await pilot.pause()
        await app.workers.wait_for_complete()
        for question in QUESTIONS:  # warm-up, untimed, then back to an empty screen
            await ask(question)
        await pilot.press("ctrl+l")
        await pilot.pause()
        for i in range(n):
            latencies.append(await ask(QUESTIONS[i % len(QUESTIONS)]))
            if (i + 1) % step == 0:
                rss.append((i + 1, current_rss_mb()))
        widgets = len(app.screen.query("*"))
        turns_mounted = len(app.screen.query(QuestionTurn))
        turns_kept = len(app.transcript.turns)
    cycle = len(QUESTIONS)
    block = max(cycle, (n // 10) // cycle * cycle)  # whole cycles, ~10% of the run: the same questions
    end = max(block, n // cycle * cycle)
    first, last = latencies[:block], latencies[end - block : end]
    tenth = max(1, n // 10)
    base = next((mb for q, mb in rss if q >= n // 5), rss[0][1])
    half = next((mb for q, mb in rss if q >= n // 2), rss[0][1])
    return {
        "questions": n,
        "turns_on_screen": app.settings.tui.turns_on_screen,
        "terminal": f"{size[0]}x{size[1]}",
        "compared_questions": block,
        "first_median_ms": _ms(first),
        "last_median_ms": _ms(last),
        "slowdown_last_vs_first": round(statistics.median(last) / statistics.median(first), 2),
        "first10pct_median_ms": _ms(latencies[:tenth]),
        "last10pct_median_ms": _ms(latencies[-tenth:]),
        "median_ms_by_tenth": [_ms(latencies[i * tenth : (i + 1) * tenth]) for i in range(min(10, n // tenth))],
        "rss_mb_by_question": rss,
        "rss_growth_after_20pct_mb": round(rss[-1][1] - base, 1),
        "rss_growth_second_half_mb": round(rss[-1][1] - half, 1),
        "widgets_in_screen_at_end": widgets,
        "turns_mounted_at_end": turns_mounted,
        "turns_kept_for_saving": turns_kept,
        "total_s": round(sum(latencies), 1),
        "peak_rss_mb": peak_rss_mb(),
    }


def main() -> None:
    """CLI: print one JSON line."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--questions", type=int, default=1000)
    ap.add_argument("--turns-on-screen", type=int, default=0, help="override tui.turns_on_screen (0: default)")
    ap.add_argument("--size", default="120x40", help="terminal size, WxH")
    a = ap.parse_args()
    width, height = (int(x) for x in a.size.lower().split("x"))
    with tempfile.TemporaryDirectory() as tmp:
        for var in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "PUBCHAT_DATA_DIR"):
            os.environ[var] = tmp
        emit(asyncio.run(run(a.questions, a.turns_on_screen, (width, height))))


if __name__ == "__main__":
    main()
