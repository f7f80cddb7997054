"""Figures over a set of papers: per year, per category, with code, co-authors, topics.

Computed from the records alone (years, categories, the code flag, full author lists) and from the
corpus's own topic groups (`answer.topics`), so every figure can be checked against the list.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from pubchat.models import Paper, Stats, StatsRow, StatsTable

OTHER = "other topics"  # the row of papers no topic group takes
TOP_AUTHORS = 8  # co-author and author tables show at most this many people


def by_year(papers: Sequence[Paper]) -> StatsTable:
    """Papers per year, oldest first; years between the first and the last with no paper show 0."""
    counts = Counter(p.year for p in papers if p.year)
    rows: list[StatsRow] = []
    if counts:
        first, last = min(counts), max(counts)
        rows = [StatsRow.model_construct(label=str(y), count=counts.get(y, 0), of=None) for y in range(first, last + 1)]
    undated = sum(1 for p in papers if not p.year)
    if undated:
        rows.append(StatsRow.model_construct(label="no year", count=undated, of=None))
    return StatsTable.model_construct(kind="year", title="Papers per year", rows=rows)


def by_category(papers: Sequence[Paper]) -> StatsTable:
    """Papers per category, largest first (ties alphabetical)."""
    counts = Counter(p.category or "no category" for p in papers)
    rows = [
        StatsRow.model_construct(label=label, count=n, of=None)
        for label, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    ]
    return StatsTable.model_construct(kind="category", title="Papers per category", rows=rows)


def with_code(papers: Sequence[Paper]) -> StatsTable:
    """Papers with and without released code (the records' code flag)."""
    n = sum(1 for p in papers if p.has_code)
    rows = [
        StatsRow.model_construct(label="with code", count=n, of=len(papers)),
        StatsRow.model_construct(label="without code", count=len(papers) - n, of=len(papers)),
    ]
    return StatsTable.model_construct(kind="code", title="Code released", rows=rows)


def coauthors(papers: Sequence[Paper], author: str, limit: int = TOP_AUTHORS) -> StatsTable:
    """The people who share most papers with `author` (full author lists), most papers first."""
    counts: Counter[str] = Counter()
    for paper in papers:
        if author in paper.authors:
            counts.update(a for a in dict.fromkeys(paper.authors) if a != author)
    rows = [
        StatsRow.model_construct(label=name, count=n, of=None)
        for name, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]
    ]
    return StatsTable.model_construct(kind="coauthor", title=f"Co-authors of {author}", rows=rows)


def top_authors(papers: Sequence[Paper], limit: int = TOP_AUTHORS) -> StatsTable:
    """The authors of most papers in the set."""
    counts = Counter(a for p in papers for a in dict.fromkeys(p.authors))
    rows = [
        StatsRow.model_construct(label=name, count=n, of=None)
        for name, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]
    ]
    return StatsTable.model_construct(kind="author", title="Most frequent authors", rows=rows)


def topic_table(groups: Sequence[tuple[str, Sequence[Paper]]], code: bool = False) -> StatsTable:
    """Papers per topic group; with `code`, how many of each group's papers have code (of the group)."""
    rows = [
        StatsRow.model_construct(
            label=label,
            count=sum(1 for p in members if p.has_code) if code else len(members),
            of=len(members) if code else None,
        )
        for label, members in groups
    ]
    if code:
        rows.sort(key=lambda r: (r.label == OTHER, -r.count, -(r.of or 0), r.label))
    title = "Topics: papers with code" if code else "Papers per topic"
    return StatsTable.model_construct(kind="topic_code" if code else "topic", title=title, rows=rows)


def stats(papers: Sequence[Paper], tables: Sequence[StatsTable]) -> Stats:
    """The Stats object of an answer."""
    return Stats.model_construct(papers=len(papers), tables=list(tables))


def render_table(table: StatsTable, width: int = 24) -> str:
    """The table as aligned text lines with a bar per row ("2022  17  ████████")."""
    if not table.rows:
        return "(no data)"
    label_w = max(len(r.label) for r in table.rows)
    values = [f"{r.count} of {r.of}" if r.of is not None else str(r.count) for r in table.rows]
    value_w = max(len(v) for v in values)
    top = max((r.count for r in table.rows), default=0) or 1
    lines = []
    for row, value in zip(table.rows, values):
        bar = "█" * max(1 if row.count else 0, round(width * row.count / top))
        lines.append(f"{row.label.ljust(label_w)}  {value.rjust(value_w)}  {bar}".rstrip())
    return "\n".join(lines)
