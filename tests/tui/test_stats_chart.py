"""A stats answer in the TUI: its tables drawn as bar charts in place of the text tables."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from pilot_helpers import ask
from textual.widgets import Markdown

from pubchat.models import Answer, StatsRow, StatsTable
from pubchat.tui.app import PubchatApp
from pubchat.tui.widgets.stats_chart import StatsChart, answer_markdown, chart
from pubchat.tui.widgets.turns import AnswerTurn

MakeApp = Callable[..., PubchatApp]


def test_stats_answer_shows_a_bar_chart_not_the_text_table(make_app: MakeApp) -> None:
    async def run() -> None:
        app = make_app()
        async with app.run_test(size=(120, 40)) as pilot:
            await ask(pilot, "how many papers per year?")
            turn = app.screen.query_one(AnswerTurn)
            charts = list(turn.query(StatsChart))
            assert [c.table.kind for c in charts] == ["year"]
            assert "2022" in str(charts[0].render()) and "█" in str(charts[0].render())
            body = turn.query_one(Markdown)
            assert "```" not in body.source and "2022: 17" in body.source  # the opening keeps the figures

    asyncio.run(run())


def test_chart_bars_scale_to_the_largest_row_and_keep_small_counts_visible() -> None:
    table = StatsTable(
        kind="year", title="Papers per year", rows=[StatsRow(label="2019", count=1), StatsRow(label="2022", count=60)]
    )
    lines = chart(table).plain.splitlines()
    assert lines[0] == "Papers per year"
    assert lines[1].count("█") == 1 and lines[2].count("█") == 30
    assert lines[2].endswith(" 60")


def test_answers_without_stats_keep_their_markdown() -> None:
    answer = Answer(question="q", intent="find", total=0, answer="text\n\n```text\nx\n```")
    assert answer_markdown(answer) == answer.answer
