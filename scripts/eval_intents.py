"""Intent accuracy, yes/no correctness and stated figures on judged questions, through `pubchat ask --json`.

Usage: python scripts/eval_intents.py [FILE ...]   (default: tests/data/qa/dev2.jsonl)
Each question is asked on its own (one `pubchat ask - --json` stream, a blank line between questions
would not reset the conversation, so each runs in a fresh process group of one). Prints one line per
miss and a summary: intents right / total, yes/no right / total, figures found / stated.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from pubchat.qa_notes import stated_figures, states

ROOT = Path(__file__).resolve().parents[1]
EXPECTED_YES = {"Expected: Yes": True, "Expected: No": False}


def ask(question: str) -> dict:
    """One answer from `pubchat ask --json` (a fresh process: no conversation carried over)."""
    out = subprocess.run(
        [sys.executable, "-m", "pubchat", "ask", "--json", "--", question],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    return json.loads(out.stdout)


def main(paths: list[str]) -> int:
    """Print misses and the summary; exit 0."""
    rows = [json.loads(line) for path in paths for line in Path(path).read_text(encoding="utf-8").splitlines() if line]
    right = yes_right = yes_total = figures_found = figures_total = 0
    for row in rows:
        answer = ask(row["question"])
        if answer["intent"] == row["intent"]:
            right += 1
        else:
            print(f"intent  {row['id']}: expected {row['intent']}, got {answer['intent']}: {row['question']}")
        expected = next((v for k, v in EXPECTED_YES.items() if k in row["notes"]), None)
        if row["intent"] == "yesno" and expected is not None:
            yes_total += 1
            if answer.get("yes") is expected:
                yes_right += 1
            else:
                print(f"yes     {row['id']}: expected {expected}, got {answer.get('yes')}: {row['question']}")
        for figure in stated_figures(row["notes"]) if row["intent"] in ("count", "stats") else []:
            figures_total += 1
            if states(answer["answer"], figure):
                figures_found += 1
            else:
                print(f"figure  {row['id']}: {str(figure)!r} not stated in the answer: {row['question']}")
    print(f"intents {right}/{len(rows)} = {right / max(1, len(rows)):.1%}")
    print(f"yes/no  {yes_right}/{yes_total}")
    print(f"figures {figures_found}/{figures_total}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:] or [str(ROOT / "tests/data/qa/dev2.jsonl")]))
