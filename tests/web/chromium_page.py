"""Test helpers: `pubchat serve` in a subprocess, and headless Chromium reading the page's terminal.

The terminal on the page draws on a canvas, so its text is not in the DOM: the helpers collect the
websocket frames the page receives (from Chromium's performance log) and replay them into a pyte
terminal of the size the page asked for, which gives the screen as the page's terminal has it.
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyte
import pytest

BROWSERS = ("chromium", "chromium-browser", "google-chrome")
INSTALL_HINT = "apt-get install chromium chromium-driver (.ci/run installs them)"


def free_port() -> int:
    """A TCP port nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def served(args: list[str], cwd: Path, env: dict[str, str], timeout: float = 30.0) -> Iterator[str]:
    """Run `pubchat ARGS` (a serve command) until the block ends; yield the URL it prints once it listens."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "pubchat", *args],
        cwd=cwd,
        env={**os.environ, **env},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()  # the server prints its address once the port is bound
        if "open http://" not in line:
            rest = proc.stdout.read() if proc.wait(timeout=timeout) is not None else ""
            pytest.fail(f"pubchat serve did not start: {line}{rest}")
        yield line.split("open ", 1)[1].split()[0]
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
            pytest.fail("pubchat serve did not stop on SIGTERM")


def chromium_paths() -> tuple[str, str]:
    """The system Chromium and its chromedriver; the test fails (not skips) without them."""
    browser = next((found for name in BROWSERS if (found := shutil.which(name))), None)
    driver = shutil.which("chromedriver")
    if browser is None or driver is None:
        missing = " and ".join(n for n, p in (("Chromium", browser), ("chromedriver", driver)) if p is None)
        pytest.fail(f"the web-mode test needs {missing}: {INSTALL_HINT}")
    return browser, driver


@dataclass
class Page:
    """A headless Chromium tab on the served app, with the terminal screen it shows."""

    driver: Any
    base_url: str
    size: tuple[int, int] = (80, 24)
    requests: list[str] = field(default_factory=list)
    typed: list[str] = field(default_factory=list)  # what the page sent the app as keyboard input
    received: bytearray = field(default_factory=bytearray)
    last_frame: float = 0.0

    def pump(self) -> None:
        """Read new events from the performance log: requests made, terminal size sent, bytes received."""
        for entry in self.driver.get_log("performance"):
            message = json.loads(entry["message"])["message"]
            method, params = message["method"], message.get("params", {})
            if method == "Network.requestWillBeSent":
                self.requests.append(params["request"]["url"])
            elif method == "Network.webSocketCreated":
                self.requests.append(params["url"])
            elif method == "Network.webSocketFrameSent":
                sent = params["response"]["payloadData"]
                if sent.startswith('["stdin"'):
                    self.typed.append(json.loads(sent)[1])
                if sent.startswith('["resize"'):
                    size = json.loads(sent)[1]
                    self.size = (int(size["width"]), int(size["height"]))
            elif method == "Network.webSocketFrameReceived" and params["response"]["opcode"] == 2:
                self.received += base64.b64decode(params["response"]["payloadData"])
                self.last_frame = time.monotonic()

    def screen(self) -> list[str]:
        """The terminal's rows as the page has drawn them so far."""
        self.pump()
        terminal = pyte.Screen(*self.size)
        pyte.ByteStream(terminal).feed(bytes(self.received))
        return list(terminal.display)

    def wait_for(self, what: str, found: Callable[[str], bool], timeout: float = 30.0) -> str:
        """Wait until the screen text satisfies `found`; fail showing the screen if it never does."""
        deadline = time.monotonic() + timeout
        while True:
            text = "\n".join(self.screen())
            if found(text):
                return text
            if time.monotonic() > deadline:
                pytest.fail(
                    f"the page never showed {what} within {timeout:.0f} s; last keys sent {self.typed[-8:]!r}; "
                    f"the screen:\n{text}"
                )
            time.sleep(0.2)

    def wait_until(self, what: str, value: Callable[[], Any], timeout: float = 20.0) -> Any:
        """Poll `value` until it is truthy and return it; fail naming `what` if it never is."""
        deadline = time.monotonic() + timeout
        while not (found := value()):
            if time.monotonic() > deadline:
                pytest.fail(f"{what}: not within {timeout:.0f} s; the screen:\n" + "\n".join(self.screen()))
            time.sleep(0.2)
        return found

    def wait_quiet(self, seconds: float = 0.6, timeout: float = 10.0, since: float | None = None) -> None:
        """Wait until no screen update has arrived for `seconds` (the drawing has settled); with `since`,
        first for an update after that moment (up to 5 s: a key that changes nothing draws nothing)."""
        deadline = time.monotonic() + timeout
        while since is not None and self.last_frame <= since and time.monotonic() < since + 5:
            self.pump()
            time.sleep(0.05)
        while time.monotonic() < deadline:
            self.pump()
            if time.monotonic() - self.last_frame >= seconds:
                return
            time.sleep(0.1)

    def press(self, *keys: str) -> None:
        """Type keys, then wait until the app has drawn their effect (a person reads before the next key)."""
        self.pump()
        sent = time.monotonic()
        self.type(*keys)
        self.wait_quiet(0.4, since=sent)

    def wait_for_file(self, folder: Path, pattern: str, timeout: float = 20.0) -> Path:
        """Wait for a finished download matching pattern in folder."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            done = [p for p in folder.glob(pattern) if p.stat().st_size > 0]
            if done:
                return done[0]
            time.sleep(0.2)
        pytest.fail(f"no {pattern} download in {timeout:.0f} s; the folder holds {sorted(folder.iterdir())}")

    def type(self, *keys: str) -> None:
        """Type into the terminal as a user would (its hidden text area takes the keys); a modifier key
        such as Keys.CONTROL is held until the end, then released."""
        from selenium.webdriver.common.by import By
        from selenium.webdriver.common.keys import Keys

        self.driver.find_element(By.CSS_SELECTOR, ".xterm-helper-textarea").send_keys(*keys, Keys.NULL)

    def cell_box(self) -> tuple[float, float, float, float]:
        """Left, top, cell width and cell height of the terminal's drawing area, in CSS pixels."""
        left, top, width, height = self.driver.execute_script(
            "const r = document.querySelector('.xterm-screen').getBoundingClientRect();"
            "return [r.left, r.top, r.width, r.height];"
        )
        cols, rows = self.size
        return left, top, width / cols, height / rows


@contextmanager
def chromium(base_url: str, downloads: Path) -> Iterator[Page]:
    """Headless Chromium with network logging; only the served app's host resolves."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    browser, driver_path = chromium_paths()
    options = webdriver.ChromeOptions()
    options.binary_location = browser
    for argument in (
        "--headless=new",
        "--no-sandbox",  # CI runs as root
        "--disable-dev-shm-usage",
        "--window-size=1280,800",
        "--force-device-scale-factor=1",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",  # nothing else can load
    ):
        options.add_argument(argument)
    options.add_experimental_option(
        "prefs", {"download.default_directory": str(downloads), "download.prompt_for_download": False}
    )
    options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    driver = webdriver.Chrome(service=Service(driver_path), options=options)  # a driver path: no Selenium Manager
    try:
        yield Page(driver, base_url)
    finally:
        driver.quit()
