"""Answers about the list as a whole: an overview (topic groups with counts and a representative
paper each, optionally year by year) and statistics (tables of figures)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from pubchat.answer import stats as figures
from pubchat.answer.doc import Doc, raw, strong, t
from pubchat.answer.topics import TopicGroup, topic_groups
from pubchat.models import Filters, Paper, StatsRow, StatsTable

if TYPE_CHECKING:
    from pubchat.answer.compose import Composed, Composer, Ranked

GROUPS_SHOWN = 8  # topic groups named in an overview
TOPICS_PER_YEAR = 3  # topics named for each year of a timeline


def _join(words: Sequence[str]) -> str:
    """ "a", "a and b", "a, b and c"."""
    items = list(words)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _leaders(rows: Sequence[StatsRow], limit: int = 4, link: str = ", then ", cut: bool = False) -> str:
    """The first `limit` rows and any tied with the last of them, names of one count together:
    "Weihong Deng (49), Mei Wang (15), then Jiani Hu, Lixiong Qin and Xuannan Liu (8 each)".
    `cut`: the rows are a table's first ones, so a tie reaching the last row may go on ("and others")."""
    shown = list(rows[:limit])
    for row in rows[limit : limit + 4]:
        if shown and row.count == shown[-1].count:
            shown.append(row)
    groups: list[list[StatsRow]] = []
    for row in shown:
        if groups and groups[-1][0].count == row.count:
            groups[-1].append(row)
        else:
            groups.append([row])
    parts = [
        f"{g[0].label} ({g[0].count})" if len(g) == 1 else f"{_join([r.label for r in g])} ({g[0].count} each)"
        for g in groups
    ]
    if cut and len(groups[-1]) > 1 and len(shown) == len(rows):
        parts[-1] = f"{', '.join(r.label for r in groups[-1][:2])} and others ({groups[-1][0].count} each)"
    if len(parts) > 1 and len(groups[-1]) > 1:
        return ", ".join(parts[:-1]) + link + parts[-1]
    return _join(parts)


def overview(
    c: Composer,
    hits: Sequence[Ranked],
    topic: str | None,
    exclude: Sequence[str],
    filters: Filters,
    over_time: bool = False,
) -> Composed:
    """What the (matching) papers work on: topic groups, largest first, each with its count and a
    representative paper quoted from its abstract; `over_time` adds the topics of each year."""
    from pubchat.answer.compose import Composed, Ranked, facts, plural, scope_words

    doc = Doc()
    papers = [h.paper for h in hits]
    scope = scope_words(filters)
    what = f"on “{topic}”" if topic else (scope or "in this list")
    if not papers:
        return c.no_match(topic or "", topic or "", filters, doc, intent="none")
    groups, rest = topic_groups(c.themes, papers, exclude=exclude)
    shown = groups[:GROUPS_SHOWN]
    others = len(papers) - sum(len(g.papers) for g in shown)
    if over_time:
        _timeline(c, doc, papers, exclude, what)
    opening = f"The {plural(len(papers), 'paper')} {what} ({facts(papers, filters)})"
    if shown:
        sizes = [f"{g.label} ({len(g.papers)})" for g in shown]
        opening += " group into " + _join(sizes)
        opening += f", plus {plural(others, 'paper')} on other topics." if others else "."
    else:
        opening += " share no recurring title topic; here they are one by one."
    doc.para(t(opening))
    cited: list[Ranked] = []
    for group in shown:
        cited.append(Ranked(group.representative, 1.0, {}))
        _group_line(c, doc, group, len(cited), topic or "")
    if not shown:
        for paper in papers[: c.settings.top_k]:
            cited.append(Ranked(paper, 1.0, {}))
            c.paper_line(doc, paper, len(cited), topic or "")
    elif rest and others:
        names = [_short(p) for p in rest[:6]]
        more = f" and {len(rest) - 6} more" if len(rest) > 6 else ""
        doc.para(t("Other work: " + ", ".join(names) + more + "."))
    c.references(doc, cited)
    return Composed("overview", doc, len(papers), cited)


def _short(paper: Paper) -> str:
    """A paper's short name with its year."""
    from pubchat.answer.compose import short_title

    return f"{short_title(paper.title)} ({paper.year})" if paper.year else short_title(paper.title)


def _group_line(c: Composer, doc: Doc, group: TopicGroup, n: int, question: str) -> None:
    """One bullet per topic group: its label, count, years, and the representative's sentence."""
    from pubchat.answer.compose import short_title, year_span
    from pubchat.answer.summarise import select_sentences, weights_from_text

    rep = group.representative
    years = year_span(group.papers)
    head = [strong(group.label), t(f" ({len(group.papers)} {'paper' if len(group.papers) == 1 else 'papers'}")]
    head.append(t(f", {years}): " if years else "): "))
    head += [t(f"e.g. {short_title(rep.title)}"), raw(f" [{n}]"), t(": ")]
    chosen = select_sentences(
        rep,
        weights_from_text(f"{group.label} {question}"),
        max_sentences=1,
        max_chars=c.settings.max_sentence_chars,
        contribution=True,
        sentences=c.sentences_of(rep),
    ).sentences
    doc.bullet(*head, t(" ".join(chosen)) if chosen else t(""))


def _timeline(c: Composer, doc: Doc, papers: Sequence[Paper], exclude: Sequence[str], what: str) -> None:
    """How the work moved: one sentence (earliest, busiest and latest years with their topics), then
    year by year how many papers and which topics they name; the topic groups follow."""
    from pubchat.answer.compose import plural

    years = sorted({p.year for p in papers if p.year})
    if not years:
        return
    topics: dict[int, list[str]] = {}
    counts: dict[int, int] = {}
    titled: set[int] = set()  # years named by their papers' titles (no recurring topic)
    for year in years:
        of_year = [p for p in papers if p.year == year]
        groups, _rest = topic_groups(c.themes, of_year, exclude=exclude)
        labels = [g.label for g in groups[:TOPICS_PER_YEAR]]
        if not labels:
            labels = [_short(p).rsplit(" (", 1)[0] for p in of_year[:TOPICS_PER_YEAR]]
            titled.add(year)
        topics[year], counts[year] = labels, len(of_year)

    def on(year: int, few: int) -> str:
        """ "are on X and Y" for a year's topics, "is X" / "are X and Y" for its papers' titles."""
        verb = "is" if counts[year] == 1 else "are"
        return f"{verb} {_join(topics[year][:few])}" if year in titled else f"{verb} on {_join(topics[year][:few])}"

    first, last = years[0], years[-1]
    peak = max(years, key=lambda y: (counts[y], -y))
    said = [f"The papers {what} run from {first} to {last}" if first != last else f"The papers {what} are from {first}"]
    said.append(f"the earliest ({first}) {on(first, 2)}")
    if peak not in (first, last):
        said.append(f"the busiest year, {peak} ({plural(counts[peak], 'paper')}), covers {_join(topics[peak])}")
    if last != first:
        said.append(f"the latest ({last}) {on(last, 2)}")
    doc.para(t(said[0] + ": " + "; ".join(said[1:]) + "."))
    doc.heading("Year by year")
    for year in years:
        doc.bullet(strong(str(year)), t(f" ({plural(counts[year], 'paper')}): " + ", ".join(topics[year])))
    doc.heading("By topic")


def stats_answer(
    c: Composer,
    papers: Sequence[Paper],
    kind: str | None,
    filters: Filters,
    author: str | None = None,
    author_note: str = "",
    topic: str = "",
) -> Composed:
    """Figures over the papers: the table the question asks for (all tables for a general request);
    `topic` is the free text the papers were matched on, said in the opening."""
    from pubchat.answer.compose import Composed, plural, scope_words

    doc = Doc()
    scope = " ".join(bit for bit in (f"on “{topic}”" if topic else "", scope_words(filters)) if bit)
    where = scope or "in this list"
    tables: list[StatsTable] = []
    opening = ""
    if kind in ("coauthor", "author") and topic and not papers:
        scope = scope_words(filters) or "in this list"
        opening = f"No paper {scope} matches “{topic}”, so there are no authors to count."
    elif kind in ("coauthor", "author") and len(papers) == 1 and not author:
        only = papers[0]
        opening = f"One paper {where}: {only.title} ({only.year}), by {_join(list(only.authors))}."
    elif kind == "coauthor" and author:
        table = figures.coauthors(papers, author)
        tables.append(table)
        mine = sum(1 for p in papers if author in p.authors)
        if table.rows:
            top = [row for row in table.rows if row.count == table.rows[0].count]
            after = table.rows[len(top) :]
            full = len(table.rows) >= figures.TOP_AUTHORS
            each = f"{plural(top[0].count, 'paper')}" + (" each" if len(top) > 1 else "")
            opening = f"{author} ({plural(mine, 'paper')} {where}) most often writes with "
            opening += f"{_join([row.label for row in top])} ({each})"
            opening += f", then {_leaders(after, 3, ', and ', full)}." if after else "."
        else:
            opening = f"{author} has no co-author on the {plural(mine, 'paper')} {where}."
    elif kind in ("coauthor", "author"):
        table = figures.top_authors(papers)
        tables.append(table)
        full = len(table.rows) >= figures.TOP_AUTHORS
        opening = f"The most frequent authors {where}: {_leaders(table.rows, cut=full)}."
    elif kind in ("topic", "topic_code"):
        groups, rest = topic_groups(c.themes, papers)
        pairs = [(g.label, g.papers) for g in groups] + ([(figures.OTHER, tuple(rest))] if rest else [])
        table = figures.topic_table(pairs, code=kind == "topic_code")
        tables.append(table)
        if kind == "topic_code":
            with_code = sum(1 for p in papers if p.has_code)
            best = [f"{r.label} ({r.count} of {r.of})" for r in table.rows if r.count and r.label != figures.OTHER][:4]
            opening = f"{with_code} of the {plural(len(papers), 'paper')} {where} have code"
            opening += (
                f"; by topic: {_join(best)}" + (", and more below." if len(table.rows) > 4 else ".") if best else "."
            )
        else:
            opening = f"The most frequent topics {where}: {_leaders(table.rows)}."
    elif kind == "year":
        table = figures.by_year(papers)
        tables.append(table)
        peak = max(table.rows, key=lambda r: r.count) if table.rows else None
        spread = ", ".join(f"{r.label}: {r.count}" for r in table.rows)
        opening = f"Papers per year {where} ({len(papers)} in all): {spread}."
        if peak:
            opening += f" The busiest year is {peak.label} ({peak.count})."
    elif kind == "category":
        table = figures.by_category(papers)
        tables.append(table)
        opening = f"Papers per category {where}: " + ", ".join(f"{r.label}: {r.count}" for r in table.rows) + "."
    elif kind == "code":
        table = figures.with_code(papers)
        tables.append(table)
        opening = f"{table.rows[0].count} of the {plural(len(papers), 'paper')} {where} have code."
    else:
        tables = [figures.by_year(papers), figures.by_category(papers), figures.with_code(papers)]
        tables.append(figures.top_authors(papers, limit=5))
        groups, _rest = topic_groups(c.themes, papers)
        tables.append(figures.topic_table([(g.label, g.papers) for g in groups[:6]]))
        opening = f"Figures for the {plural(len(papers), 'paper')} {where}."
    if author_note:
        opening += " " + author_note
    doc.para(t(opening))
    for table in tables:
        doc.heading(table.title)
        doc.code(figures.render_table(table), "text")
    composed = Composed("stats", doc, len(papers), [])
    composed.stats = figures.stats(papers, tables)
    return composed
