"""Retrieval evaluation: graded metrics, the dev-question harness and BEIR-layout collections.

Metrics follow trec_eval conventions: nDCG uses linear graded gains (gain = grade) and a
log2(rank + 1) discount, with the ideal ranking built from all judged papers; MRR and Recall
count any grade >= 1 as relevant. Questions without judged papers, and overview and stats
questions (their answer is a synthesis, not a ranking), are left out of the ranking metrics and
scored by what their intent promises: out-of-scope (type `out_of_scope` or intent `none`)
by "returned no papers"; overview and stats by "the answer is not a no-match"; yes/no by the answer's
Yes/No against the expected one; any other by "returned no papers".
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from pubchat.errors import PubchatError

# ---- metrics ---------------------------------------------------------------------------------


def dcg(gains: Iterable[float]) -> float:
    """Discounted cumulative gain of gains in rank order: sum of g_i / log2(i + 1), i from 1."""
    return sum(g / math.log2(i + 2) for i, g in enumerate(gains))


def ndcg_at_k(ranked: list[str], qrels: dict[str, float], k: int) -> float:
    """nDCG@k with graded gains; 0.0 when nothing is judged relevant."""
    ideal = dcg(sorted((g for g in qrels.values() if g > 0), reverse=True)[:k])
    if ideal <= 0:
        return 0.0
    return dcg(max(qrels.get(doc, 0.0), 0.0) for doc in ranked[:k]) / ideal


def reciprocal_rank(ranked: list[str], qrels: dict[str, float]) -> float:
    """1 / rank of the first relevant item (grade >= 1), 0.0 if none is retrieved."""
    for i, doc in enumerate(ranked, start=1):
        if qrels.get(doc, 0) > 0:
            return 1.0 / i
    return 0.0


def recall_at_k(ranked: list[str], qrels: dict[str, float], k: int) -> float:
    """Share of the relevant items (grade >= 1) found in the first k; 0.0 when none is relevant."""
    relevant = {doc for doc, g in qrels.items() if g > 0}
    if not relevant:
        return 0.0
    return len(relevant.intersection(ranked[:k])) / len(relevant)


def mean(values: list[float]) -> float:
    """Arithmetic mean; 0.0 for an empty list."""
    return sum(values) / len(values) if values else 0.0


# ---- dev questions (pubchat eval qa) ------------------------------------------------------------


@dataclass
class QAItem:
    """One judged question: relevant maps exact paper title -> grade."""

    id: str
    question: str
    type: str
    relevant: dict[str, float]
    expected_count: int | None = None
    intent: str | None = None
    expected_yes: bool | None = None  # yes/no questions: the notes' "Expected: Yes" / "Expected: No"

    @property
    def out_of_scope(self) -> bool:
        """Nothing in the list is about the question: the answer must give no papers."""
        return self.type == "out_of_scope" or self.intent == "none"

    @property
    def synthesis(self) -> bool:
        """An overview or a statistic: the answer is built over the list, not a ranking of papers."""
        return self.intent in {"overview", "stats"}


# "Expected: Yes." / "Expected: No" at the start of a yes/no question's notes.
_EXPECTED_YES = re.compile(r"^\s*expected:\s*(yes|no)\b", re.IGNORECASE)


@dataclass
class QAOutcome:
    """What the system returned for one question: titles in rank order and the reported total; the
    answer's intent and Yes/No, and how many of its papers pass its filters, when the runner gives
    them (None: the runner cannot tell)."""

    titles: list[str]
    total: int
    intent: str | None = None
    yes: bool | None = None
    in_filters: int | None = None  # "no paper from 2026; the newest outside it": 0 of the papers shown


@dataclass
class QAResult:
    """One question's outcome and scores."""

    item: QAItem
    outcome: QAOutcome
    ndcg5: float | None  # None when the question has no judged papers
    ndcg10: float | None
    rr: float | None

    @property
    def intent_ok(self) -> bool | None:
        """What an unjudged question's intent promises (None: not checked, or the runner cannot tell):
        overview/stats -> not a no-match; yes/no -> the expected Yes/No; others -> no papers under
        the question's filters (papers shown as the newest outside them are not offered as matches)."""
        item, outcome = self.item, self.outcome
        if item.out_of_scope:
            return None
        if item.intent == "yesno" and item.expected_yes is not None:
            return None if outcome.yes is None else outcome.yes == item.expected_yes
        if item.synthesis:
            return None if outcome.intent is None else outcome.intent != "none"
        if not item.relevant:
            return outcome.total == 0 or outcome.in_filters == 0
        return None

    @property
    def ok(self) -> bool:
        """Passes its own check: out-of-scope -> no papers; intent checks hold; count -> exact;
        judged papers -> nDCG@5 >= 0.9 (0.5 paraphrase)."""
        if self.item.out_of_scope:
            return self.outcome.total == 0
        if self.intent_ok is False:
            return False
        if not self.item.relevant or self.item.synthesis:
            return True
        if self.item.expected_count is not None and self.outcome.total != self.item.expected_count:
            return False
        if self.outcome.total == 0:
            return False
        bar = 0.5 if self.item.type == "paraphrase" else 0.9
        return (self.ndcg5 or 0.0) >= bar


@dataclass
class QAReport:
    """Every question's result plus aggregates by type."""

    results: list[QAResult] = field(default_factory=list)

    def by_type(self) -> dict[str, list[QAResult]]:
        """Results grouped by question type, in first-seen order."""
        groups: dict[str, list[QAResult]] = {}
        for r in self.results:
            groups.setdefault(r.item.type, []).append(r)
        return groups

    @staticmethod
    def summary(results: list[QAResult]) -> dict[str, float | int | None]:
        """nDCG@5/@10 and MRR over judged questions; out-of-scope, intent and count accuracy; empty answers."""
        judged = [r for r in results if r.ndcg5 is not None]
        oos = [r for r in results if r.item.out_of_scope]
        intents = [r.intent_ok for r in results if r.intent_ok is not None]
        counts = [r for r in results if r.item.expected_count is not None]
        return {
            "n": len(results),
            "ndcg5": mean([r.ndcg5 for r in judged]) if judged else None,  # type: ignore[misc]
            "ndcg10": mean([r.ndcg10 for r in judged]) if judged else None,  # type: ignore[misc]
            "mrr": mean([r.rr for r in judged]) if judged else None,  # type: ignore[misc]
            "oos_acc": mean([float(r.outcome.total == 0) for r in oos]) if oos else None,
            "intent_acc": mean([float(ok) for ok in intents]) if intents else None,
            "count_acc": mean([float(r.outcome.total == r.item.expected_count) for r in counts]) if counts else None,
            "empty": sum(1 for r in judged if r.outcome.total == 0),
        }

    def overall(self, exclude_types: tuple[str, ...] = ()) -> dict[str, float | int | None]:
        """Summary over all questions except the given types."""
        return self.summary([r for r in self.results if r.item.type not in exclude_types])

    def half(self, which: Half) -> QAReport:
        """The questions of one half (see `eval_half`), as a report of their own."""
        return QAReport([r for r in self.results if eval_half(r.item.id) == which])

    def of_types(self, *types: str) -> dict[str, float | int | None]:
        """Summary over the questions of the given types only."""
        return self.summary([r for r in self.results if r.item.type in types])


def _read_lines(path: Path) -> list[str]:
    """The lines of a regular UTF-8 file (judged questions, queries, qrels); errors name the file and line."""
    from pubchat.limits import MAX_SIDE_FILE_BYTES
    from pubchat.storage import read_regular

    raw = read_regular(path, MAX_SIDE_FILE_BYTES)
    try:
        return raw.decode("utf-8-sig").splitlines()
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise PubchatError(
            f"{path}:{line}: not UTF-8 text (byte offset {exc.start}); re-save the file as UTF-8"
        ) from None


def read_qa(path: str | Path) -> list[QAItem]:
    """Read a dev-questions JSONL file; bad lines raise PubchatError naming file:line."""
    path = Path(path)
    items: list[QAItem] = []
    for number, line in enumerate(_read_lines(path), start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
            items.append(
                QAItem(
                    id=str(data.get("id", number)),
                    question=str(data["question"]),
                    type=str(data.get("type", "unknown")),
                    relevant={str(k): float(v) for k, v in (data.get("relevant") or {}).items()},
                    expected_count=data.get("expected_count"),
                    intent=None if data.get("intent") is None else str(data["intent"]),
                    expected_yes=_expected_yes(data),
                )
            )
        except (KeyError, TypeError, ValueError, AttributeError, RecursionError) as exc:
            raise PubchatError(f"{path}:{number}: not a question record ({type(exc).__name__}: {exc})") from None
    return items


def _expected_yes(data: dict[str, object]) -> bool | None:
    """A yes/no question's expected answer: the `yes` field, else "Expected: Yes/No" in its notes."""
    if isinstance(data.get("yes"), bool):
        return bool(data["yes"])
    if data.get("intent") != "yesno":
        return None
    found = _EXPECTED_YES.match(str(data.get("notes") or ""))
    return None if found is None else found.group(1).lower() == "yes"


Half = Literal["tune", "check"]


def eval_half(item_id: str) -> Half:
    """The half a judged question belongs to, fixed by a hash of its id: weights and thresholds are
    chosen on "tune" only; "check" measures what they do on questions they were not chosen on."""
    return "tune" if hashlib.sha1(item_id.encode("utf-8")).digest()[0] % 2 == 0 else "check"


def eval_qa(paths: str | Path | Sequence[str | Path], run_question: Callable[[str], QAOutcome]) -> QAReport:
    """Run every question of one or several files through `run_question` and score it; papers are
    judged by exact title. Ids must be unique over the files (they decide each question's half)."""
    report = QAReport()
    files = [paths] if isinstance(paths, (str, Path)) else list(paths)
    items = [item for path in files for item in read_qa(path)]
    seen: dict[str, int] = {}
    for item in items:
        seen[item.id] = seen.get(item.id, 0) + 1
    repeated = sorted(k for k, v in seen.items() if v > 1)
    if repeated:
        raise PubchatError(f"question id {repeated[0]!r} occurs more than once in {', '.join(map(str, files))}")
    for item in items:
        outcome = run_question(item.question)
        judged = bool(item.relevant) and not item.synthesis  # a synthesis is not a ranking of papers
        report.results.append(
            QAResult(
                item=item,
                outcome=outcome,
                ndcg5=ndcg_at_k(outcome.titles, item.relevant, 5) if judged else None,
                ndcg10=ndcg_at_k(outcome.titles, item.relevant, 10) if judged else None,
                rr=reciprocal_rank(outcome.titles, item.relevant) if judged else None,
            )
        )
    return report


def _fmt(value: float | int | None) -> str:
    """A metric cell: 3 decimals, '-' when not applicable."""
    if value is None:
        return "-"
    return str(value) if isinstance(value, int) else f"{value:.3f}"


def format_qa_report(report: QAReport, show_fails: bool = False) -> str:
    """The `pubchat eval qa` printout: a table for the tuning half, the checking half and all
    questions, then optionally the failing questions."""
    parts = []
    for title, part in (
        ("tuning half (weights and thresholds are chosen here)", report.half("tune")),
        ("checking half (measured only)", report.half("check")),
        ("all questions", report),
    ):
        if part.results:
            parts.append(f"== {title}\n" + _format_table(part))
    text = "\n\n".join(parts)
    if show_fails:
        text += "\n" + _format_fails(report)
    return text


def _format_table(report: QAReport) -> str:
    """One row per type, then all / topical + paraphrase / non-paraphrase rows."""
    header = (
        f"{'type':<14}{'n':>4}{'nDCG@5':>9}{'nDCG@10':>9}{'MRR':>8}{'OOS acc':>9}{'intent ok':>11}"
        f"{'count acc':>11}{'empty':>7}"
    )
    lines = [header, "-" * len(header)]

    def row(name: str, s: dict[str, float | int | None]) -> str:
        return (
            f"{name:<14}{s['n']:>4}{_fmt(s['ndcg5']):>9}{_fmt(s['ndcg10']):>9}{_fmt(s['mrr']):>8}"
            f"{_fmt(s['oos_acc']):>9}{_fmt(s['intent_acc']):>11}{_fmt(s['count_acc']):>11}{_fmt(s['empty']):>7}"
        )

    for name, results in report.by_type().items():
        lines.append(row(name, report.summary(results)))
    lines.append("-" * len(header))
    lines.append(row("all", report.overall()))
    lines.append(row("topic+paraphr", report.of_types("topical", "paraphrase")))
    lines.append(row("non-paraphr.", report.overall(("paraphrase",))))
    return "\n".join(lines)


def _format_fails(report: QAReport) -> str:
    """The questions below their own bar, with their first five titles and what is missing."""
    lines = []
    fails = [r for r in report.results if not r.ok]
    lines.append("")
    lines.append(f"{len(fails)} question(s) below their bar:")
    for r in fails:
        lines.append(f"- {r.item.id} ({eval_half(r.item.id)}) [{r.item.type}] {r.item.question}")
        lines.append(
            f"    nDCG@5={_fmt(r.ndcg5)} total={r.outcome.total}"
            + (f" expected_count={r.item.expected_count}" if r.item.expected_count is not None else "")
            + (f" intent={r.outcome.intent}" if r.outcome.intent is not None else "")
            + (f" yes={r.outcome.yes} expected_yes={r.item.expected_yes}" if r.item.expected_yes is not None else "")
        )
        for i, title in enumerate(r.outcome.titles[:5], start=1):
            grade = r.item.relevant.get(title)
            lines.append(f"    {i}. [{'-' if grade is None else int(grade)}] {title}")
        missing = [t for t in r.item.relevant if t not in r.outcome.titles[:5]]
        for title in missing:
            lines.append(f"    missing [{int(r.item.relevant[title])}] {title}")
    return "\n".join(lines)


# ---- BEIR-layout collections (pubchat eval beir) --------------------------------------------------


@dataclass
class BeirReport:
    """Mean nDCG@10 and Recall@100 over the judged queries, plus the run (qid -> ranked doc ids, scores)."""

    ndcg10: float
    recall100: float
    queries: int
    run: dict[str, list[tuple[str, float]]]


def read_beir_queries(folder: Path) -> dict[str, str]:
    """queries.jsonl -> {query id: text}."""
    path = folder / "queries.jsonl"
    queries: dict[str, str] = {}
    lines = _read_lines(path)
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
            queries[str(data["_id"])] = str(data["text"])
        except (KeyError, TypeError, ValueError, RecursionError) as exc:
            raise PubchatError(f"{path}:{number}: not a query record ({type(exc).__name__})") from None
    return queries


def read_beir_qrels(folder: Path, split: str = "test") -> dict[str, dict[str, float]]:
    """qrels/SPLIT.tsv (header row, query-id, corpus-id, score) -> {qid: {docid: grade}}."""
    path = folder / "qrels" / f"{split}.tsv"
    qrels: dict[str, dict[str, float]] = {}
    lines = _read_lines(path)
    for number, line in enumerate(lines, start=1):
        parts = line.split("\t")
        if number == 1 and not parts[-1].strip().lstrip("-").isdigit():
            continue  # header
        if not line.strip():
            continue
        if len(parts) < 3:
            raise PubchatError(f"{path}:{number}: expected query-id, corpus-id, score")
        try:
            qrels.setdefault(parts[0].strip(), {})[parts[1].strip()] = float(parts[2])
        except ValueError:
            raise PubchatError(f"{path}:{number}: score {parts[2]!r} is not a number") from None
    return qrels


def eval_beir(folder: str | Path, settings: object, depth: int = 100, split: str = "test") -> BeirReport:
    """Index a BEIR folder's corpus, run its judged queries, and score nDCG@10 and Recall@100.

    Queries are searched as plain free text (no filter parsing), and the relevance floor is off:
    this measures the ranking, not the chat's "no match" decision.
    """
    from pubchat.config import SearchSettings
    from pubchat.corpus import load_beir_corpus
    from pubchat.models import Query
    from pubchat.search.index import Index

    folder = Path(folder)
    if not isinstance(settings, SearchSettings):
        raise TypeError("settings must be SearchSettings")
    ranking = settings.model_copy(
        update={"min_score": 0.0, "long_min_score": 0.0, "partial_coverage": 0.0, "generic_share": 1.0}
    )
    papers = load_beir_corpus(folder)
    queries = read_beir_queries(folder)
    qrels = read_beir_qrels(folder, split)
    index = Index.build(papers, ranking)
    run: dict[str, list[tuple[str, float]]] = {}
    ndcgs: list[float] = []
    recalls: list[float] = []
    for qid, judged in qrels.items():
        if qid not in queries:
            continue
        result = index.search(Query(raw=queries[qid], text=queries[qid]))
        ranked = [(h.paper.id, h.score) for h in result.hits[:depth]]
        run[qid] = ranked
        ids = [doc for doc, _ in ranked]
        ndcgs.append(ndcg_at_k(ids, judged, 10))
        recalls.append(recall_at_k(ids, judged, 100))
    return BeirReport(ndcg10=mean(ndcgs), recall100=mean(recalls), queries=len(ndcgs), run=run)


def format_trec_run(run: dict[str, list[tuple[str, float]]], tag: str = "pubchat") -> str:
    """TREC run file text: `qid Q0 docid rank score tag` per line."""
    lines = []
    for qid, ranked in run.items():
        for rank, (doc, score) in enumerate(ranked, start=1):
            lines.append(f"{qid} Q0 {doc} {rank} {score:.4f} {tag}")
    return "\n".join(lines) + ("\n" if lines else "")
