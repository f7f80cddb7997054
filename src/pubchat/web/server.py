"""`pubchat serve`: textual-serve runs the chat app once per browser tab and relays it over a websocket.

The page is pubchat's own template (templates/app_index.html): it loads nothing from another site, and
it finds the websocket on whatever host and port the browser used. A websocket opened by a page from
another site is refused, so a web page the user visits cannot drive the app in the background.
"""

from __future__ import annotations

import errno
import ipaddress
import logging
import shlex
import sys
from pathlib import Path
from urllib.parse import urlsplit

from aiohttp import web
from textual_serve.server import Server

from pubchat.errors import PubchatError

TEMPLATES = Path(__file__).with_name("templates")


def is_loopback(host: str) -> bool:
    """True for names and addresses that only this machine can reach (localhost, 127.0.0.0/8, ::1)."""
    if host.lower() in ("localhost", "localhost."):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_host(host: str, *, public: bool) -> None:
    """Refuse a host other machines can reach unless the user asked for that with --public."""
    if not host.strip():
        raise PubchatError("--host: expected a host name or address, e.g. 127.0.0.1")
    if not public and not is_loopback(host):
        raise PubchatError(
            f"--host {host}: other machines could reach the app there; add --public to serve it beyond this machine"
        )


def check_port(port: int) -> None:
    """A TCP port the server can listen on."""
    if not 1 <= port <= 65535:
        raise PubchatError(f"--port {port}: expected a port number from 1 to 65535")


def app_command(config: Path | None, corpus: Path | None) -> str:
    """The shell command each browser tab runs: this Python's `pubchat tui` on the given config and corpus."""
    argv: list[str] = [sys.executable, "-m", "pubchat"]
    if config is not None:
        argv += ["--config", str(config)]
    if corpus is not None:
        argv += ["--corpus", str(corpus)]
    argv.append("tui")
    return shlex.join(argv)


def page_url(host: str, port: int) -> str:
    """The address to open in a browser (IPv6 addresses in brackets)."""
    shown = f"[{host}]" if ":" in host and not host.startswith("[") else host
    return f"http://{shown}:{port}"


class PubchatServer(Server):
    """textual-serve's server with pubchat's page, a same-origin websocket and quiet logging."""

    def __init__(self, command: str, host: str, port: int) -> None:
        """Serve `command` on host:port with the page from TEMPLATES."""
        super().__init__(command, host=host, port=port, title="pubchat", templates_path=TEMPLATES)

    def initialize_logging(self) -> None:
        """Warnings and errors (an app that failed to start) on stderr as plain lines."""
        logging.basicConfig(level=logging.WARNING, format="pubchat serve: %(message)s", stream=sys.stderr)

    async def on_startup(self, app: web.Application) -> None:
        """Nothing before listening: `serve` says where to point the browser once the port is bound."""

    def serve(self, debug: bool = False) -> None:
        """Listen until Ctrl+C or SIGTERM; the address is printed once the port is bound."""
        self.debug = debug
        self.initialize_logging()
        ready = f"pubchat serve: open {page_url(self.host, self.port)} in a browser (Ctrl+C stops)"
        web.run_app(
            self._make_app(),
            host=self.host,
            port=self.port,
            access_log=None,
            print=lambda *_: print(ready, flush=True),
        )

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        """Start an app for a page served here; refuse a websocket opened by another site's page."""
        origin = request.headers.get("Origin")
        if origin is not None and urlsplit(origin).netloc != request.host:
            raise web.HTTPForbidden(text="pubchat: websocket from another site refused")
        return await super().handle_websocket(request)


def serve(command: str, host: str, port: int) -> None:
    """Run the web server until Ctrl+C or SIGTERM; a port in use or a bad host is one PubchatError line."""
    try:
        PubchatServer(command, host, port).serve()
    except OSError as exc:
        raise PubchatError(f"cannot listen on {page_url(host, port)}: {_reason(exc)}") from None


def _reason(exc: OSError) -> str:
    """Why the server could not listen, in a few words."""
    if exc.errno == errno.EADDRINUSE:
        return "the port is in use (choose another with --port)"
    if exc.errno == errno.EADDRNOTAVAIL:
        return "no network interface of this machine has that address"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "permission denied (ports below 1024 need privileges)"
    return exc.strerror or str(exc)
