"""Bar charts for stats answers: one small chart per table of `Answer.stats` (papers per year, ...).

The answer's Markdown carries the same tables as text blocks (for the CLI and transcripts); in the
TUI the charts replace them, so `answer_markdown` drops those blocks from the shown Markdown.
"""

from __future__ import annotations

import re

from textual.content import Content
from textual.widgets import Static

from pubchat.models import Answer, StatsTable
from pubchat.tui.safe import clean

BAR_WIDTH = 30  # cells of the longest bar
# A stats table as the answer writes it: a bold title line, then a fenced text block.
_TABLE_BLOCK = re.compile(r"\n\n\*\*[^\n]+\*\*\n\n```+text\n.*?\n```+", re.DOTALL)


class StatsChart(Static):
    """One table as a horizontal bar chart: label, bar, count (and "of N" for shares)."""

    def __init__(self, table: StatsTable) -> None:
        """Render the table once (answers do not change)."""
        super().__init__(chart(table), classes="stats-chart", markup=False)
        self.table = table


def chart(table: StatsTable) -> Content:
    """The chart as styled Content: a bold title, then one line per row."""
    lines = [Content.styled(clean(table.title, newlines=False), "bold")]
    labels = [clean(row.label, newlines=False) for row in table.rows]
    width = max((len(label) for label in labels), default=0)
    top = max((row.count for row in table.rows), default=0) or 1
    for label, row in zip(labels, table.rows):
        cells = round(BAR_WIDTH * row.count / top)
        if row.count and not cells:
            cells = 1
        value = f"{row.count} of {row.of}" if row.of is not None else str(row.count)
        lines.append(Content.assemble(label.ljust(width) + "  ", ("█" * cells, "$accent"), f" {value}"))
    if not table.rows:
        lines.append(Content("(no data)"))
    return Content("\n").join(lines)


def stats_charts(answer: Answer) -> list[StatsChart]:
    """A chart per table of a stats answer (none for other answers)."""
    return [StatsChart(table) for table in answer.stats.tables] if answer.stats else []


def answer_markdown(answer: Answer) -> str:
    """The answer's Markdown as the TUI shows it: a stats answer without its text tables (charts show them)."""
    return _TABLE_BLOCK.sub("", answer.answer) if answer.stats else answer.answer
