"""`pubchat serve`: the chat TUI in a browser (textual-serve), on this machine unless --public."""

from __future__ import annotations

import argparse

from pubchat.errors import CorpusError

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


def register(sub: argparse._SubParsersAction) -> None:
    """Add `serve` to the CLI."""
    serve = sub.add_parser(
        "serve",
        help="serve the chat TUI to web browsers (this machine only, unless --public)",
        description="Serve the chat TUI to web browsers: each browser tab runs its own copy of the app on the "
        "same config and corpus as this command. Only this machine can connect unless --public is given.",
    )
    serve.add_argument(
        "--host",
        default=DEFAULT_HOST,
        help=f"address to listen on (default: {DEFAULT_HOST}); an address other machines can reach needs --public",
    )
    serve.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"TCP port (default: {DEFAULT_PORT})")
    serve.add_argument(
        "--public",
        action="store_true",
        help="allow a --host other machines can reach (e.g. 0.0.0.0): anyone who reaches the port can use the app",
    )
    serve.set_defaults(handler=cmd_serve)


def cmd_serve(args: argparse.Namespace) -> int:
    """Check the options, config and corpus, then serve until Ctrl+C."""
    import gc
    from pathlib import Path

    from pubchat.config import DEFAULTS_SOURCE, load_settings
    from pubchat.web.server import app_command, check_host, check_port, serve

    gc.enable()  # a long-running server: collect cycles as usual (main() turns collection off for one-shots)
    check_host(args.host, public=args.public)
    check_port(args.port)
    loaded = load_settings(args.config)  # a bad config fails here, not in every browser tab
    config = None if loaded.source == DEFAULTS_SOURCE else Path(loaded.source).resolve()
    corpus = loaded.corpus_file(args.corpus)
    if corpus is not None:
        if not corpus.is_file():
            raise CorpusError(f"{corpus}: corpus file not found")
        corpus = corpus.resolve()
    serve(app_command(config, corpus), args.host, args.port)
    return 0
