"""`pubchat` entry point: argparse subcommands; errors become one line and exit status 2.

Each command group lives in its own module exposing `register(subparsers)`; handlers take the
parsed args and return an exit status. No Textual import happens unless the TUI is started.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
from collections.abc import Callable, Sequence

from pubchat import __version__
from pubchat.errors import PubchatError, one_line


def build_parser() -> argparse.ArgumentParser:
    """The full command-line parser."""
    from pubchat.cli import ask_cmds, corpus_cmds, search_cmds, serve_cmd

    parser = argparse.ArgumentParser(
        prog="pubchat",
        description="Ask a publication list questions; answers cite papers from their abstracts. "
        "With no command, starts the chat TUI.",
    )
    parser.add_argument("--version", action="version", version=f"pubchat {__version__}")
    parser.add_argument(
        "--config",
        metavar="PATH",
        help="config file (default: ./config.toml, then the user config dir, then built-in defaults)",
    )
    parser.add_argument("--corpus", metavar="PATH", help="corpus JSONL to use instead of the configured one")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    tui = sub.add_parser("tui", help="start the chat TUI (the default)")
    tui.set_defaults(handler=_run_tui)
    for module in (ask_cmds, search_cmds, corpus_cmds, serve_cmd):
        module.register(sub)
    return parser


def _run_tui(args: argparse.Namespace) -> int:
    """Start the Textual app (imported here so other commands never load Textual)."""
    from pubchat.tui.app import run_tui

    return run_tui(config=args.config, corpus=args.corpus)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; return the process exit status.

    Everything written to stdout and stderr (argparse's messages included) passes the terminal-safety
    gate `pubchat.textsafe.clean`; the TUI draws through Textual, which gets the real streams.
    """
    if argv is None:  # run as the process, before numpy loads: OpenBLAS would start its thread pool then
        # one BLAS thread unless the user chose otherwise: a question does no BLAS work worth a pool
        # (the encoder runs its matrix products on one thread)
        for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
            os.environ.setdefault(name, "1")
        # no third-party pydantic plugins: finding them scans every installed distribution's entry points
        # when the first model is built, and none of them belongs in an offline tool's validation
        os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    from pubchat.textsafe import SafeStream

    streams = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = SafeStream(streams[0]), SafeStream(streams[1])
    try:
        args = build_parser().parse_args(argv)
        handler = getattr(args, "handler", _run_tui)
        if handler is _run_tui:
            sys.stdout, sys.stderr = streams
        return _run(handler, args, one_shot=argv is None and handler is not _run_tui)
    finally:
        sys.stdout, sys.stderr = streams


def _run(handler: Callable[[argparse.Namespace], int], args: argparse.Namespace, *, one_shot: bool) -> int:
    """Run one command's handler; a PubchatError becomes one line on stderr and its exit status."""
    # A one-shot command run as the process (not the TUI, not a caller passing argv) allocates a lot
    # and frees little before it exits: skip cyclic garbage collection while it runs, and freeze what
    # it built so the interpreter's exit does not traverse it all again.
    if one_shot:
        gc.disable()
    try:
        return int(handler(args) or 0)
    except PubchatError as exc:
        print(f"pubchat: error: {one_line(str(exc), 1000)}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    finally:
        if one_shot:
            gc.freeze()
