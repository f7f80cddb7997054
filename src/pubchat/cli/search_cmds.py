"""Retrieval commands: `search` (ranked table) and `eval qa` / `eval beir` (measurements)."""

from __future__ import annotations

import argparse
from pathlib import Path

from pubchat.errors import PubchatError


def register(sub: argparse._SubParsersAction) -> None:
    """Add `search` and `eval` to the CLI."""
    search = sub.add_parser("search", help="rank the corpus for a query (rank, score, year, title)")
    search.add_argument("query", nargs="+", help="free text and/or filters, e.g. 'FER since 2023'")
    search.add_argument("-k", "--top-k", type=int, default=10, help="rows to print (default 10)")
    search.add_argument("--why", action="store_true", help="show each hit's matched terms")
    search.set_defaults(handler=cmd_search)

    ev = sub.add_parser("eval", help="measure retrieval on judged questions or a BEIR collection")
    ev_sub = ev.add_subparsers(dest="eval_command", metavar="WHAT", required=True)
    qa = ev_sub.add_parser("qa", help="dev questions JSONL: nDCG@5/@10, MRR, out-of-scope and count accuracy")
    qa.add_argument("file", nargs="+", help="questions JSONL files, scored as one set (id, question, type, relevant)")
    qa.add_argument("--show-fails", action="store_true", help="list questions below their bar")
    qa.add_argument(
        "--engine",
        choices=["auto", "search", "assistant"],
        default="auto",
        help="run questions through the Assistant (auto, if available) or the bare search",
    )
    qa.set_defaults(handler=cmd_eval_qa)
    beir = ev_sub.add_parser("beir", help="BEIR folder (corpus.jsonl, queries.jsonl, qrels/): nDCG@10, Recall@100")
    beir.add_argument("dir", help="BEIR-layout folder")
    beir.add_argument("--run", metavar="OUT", help="write a TREC run file (top 100 per query)")
    beir.add_argument("--split", default="test", help="qrels split (default: test)")
    beir.set_defaults(handler=cmd_eval_beir)


def _search_settings(args: argparse.Namespace):
    """The search section of the settings chosen by --config."""
    from pubchat.cli.corpus_cmds import resolve_settings

    return resolve_settings(args).settings.search


def cmd_search(args: argparse.Namespace) -> int:
    """Print the ranked table for one query."""
    from pubchat.cli.corpus_cmds import open_engine
    from pubchat.search.query import format_filters, parse_query
    from pubchat.textsafe import one_line as clean_inline

    assistant = open_engine(args)
    index = assistant.index  # the on-disk cache for large corpora, as for `pubchat ask`
    query = parse_query(" ".join(args.query), index, assistant.settings.search)
    result = index.search(query)
    if query.corrected:
        print(f"showing results for: {clean_inline(query.corrected)}")
    if not query.filters.is_empty():
        print(f"filters: {clean_inline(format_filters(query.filters))}")
    for notice in query.notices:
        print(f"note: {clean_inline(notice)}")
    if not result.hits:
        print("no matching papers")
        return 0
    print(f"{'rank':>4}  {'score':>7}  {'year':>4}  title")
    for rank, hit in enumerate(result.top(args.top_k), start=1):
        year = hit.paper.year if hit.paper.year is not None else "-"
        print(f"{rank:>4}  {hit.score:>7.3f}  {year:>4}  {clean_inline(hit.paper.title)}")
        if args.why and hit.matched:
            why = ", ".join(f"{clean_inline(t)} {v:.2f}" for t, v in list(hit.matched.items())[:8])
            print(f"{'':>21}  matched: {why}")
    if result.total > args.top_k:
        print(f"({result.total} papers matched; showing {args.top_k})")
    return 0


def make_runner(args: argparse.Namespace, engine: str):
    """A question -> QAOutcome function: the Assistant when available (or asked for), else parse + search."""
    from pubchat.cli.corpus_cmds import open_engine
    from pubchat.evaluate import QAOutcome

    assistant = open_engine(args)
    if engine in {"auto", "assistant"}:

        def ask(question: str) -> QAOutcome:
            from pubchat.models import Filters
            from pubchat.search.filters import matches_filters

            answer = assistant.ask(question, top_k=10)
            fields = Filters.__dataclass_fields__
            filters = Filters(**{k: v for k, v in answer.filters.items() if k in fields})
            shown = [p for c in answer.citations if (p := assistant.paper(c.id)) is not None]
            return QAOutcome(
                titles=[c.title for c in answer.citations],
                total=answer.total,
                intent=answer.intent,
                yes=answer.yes,
                in_filters=sum(matches_filters(p, filters) for p in shown),
            )

        return ask
    from pubchat.search.query import parse_query

    settings = assistant.settings.search
    index = assistant.index

    def search(question: str) -> QAOutcome:
        result = index.search(parse_query(question, index, settings))
        return QAOutcome(titles=[h.paper.title for h in result.hits], total=result.total)

    return search


def cmd_eval_qa(args: argparse.Namespace) -> int:
    """Score the judged questions and print the per-type tables (tuning half, checking half, all)."""
    from pubchat.evaluate import eval_qa, format_qa_report

    report = eval_qa(args.file, make_runner(args, args.engine))
    print(format_qa_report(report, show_fails=args.show_fails))
    return 0


def _check_writable(path: Path) -> None:
    """Fail before a long evaluation when the run file could not be written afterwards."""
    import os

    folder = path.parent if str(path.parent) else Path(".")
    if path.is_dir():
        raise PubchatError(f"{path}: is a directory; --run needs a file name")
    if not folder.is_dir() or not os.access(folder, os.W_OK | os.X_OK):
        raise PubchatError(f"{path}: cannot write the run file (folder {folder} is missing or not writable)")


def cmd_eval_beir(args: argparse.Namespace) -> int:
    """Score a BEIR collection; optionally write the TREC run file."""
    from pubchat.evaluate import eval_beir, format_trec_run
    from pubchat.storage import atomic_write_text

    folder = Path(args.dir)
    if not folder.is_dir():
        raise PubchatError(f"{folder}: not a folder (expected corpus.jsonl, queries.jsonl, qrels/)")
    if args.run:
        _check_writable(Path(args.run))
    report = eval_beir(folder, _search_settings(args), split=args.split)
    print(f"queries    {report.queries}")
    print(f"nDCG@10    {report.ndcg10:.4f}")
    print(f"Recall@100 {report.recall100:.4f}")
    if args.run:
        try:
            atomic_write_text(Path(args.run), format_trec_run(report.run))
        except OSError as exc:
            raise PubchatError(f"{args.run}: cannot write the run file: {exc.strerror or exc}") from None
        print(f"run file   {args.run}")
    return 0
