"""`pubchat serve` in headless Chromium: the page loads from the server alone, a typed question gets its
answer with citations (the screenshot shows the terminal's text), a link opens in a new tab, and an
export and a saved conversation arrive as downloads while nothing is written on the server."""

from __future__ import annotations

from pathlib import Path

import bibtexparser
import numpy as np
import pytest
from chromium_page import Page, chromium, free_port, served
from PIL import Image
from selenium.webdriver.common.keys import Keys

from pubchat.config import load_settings
from pubchat.engine import open_assistant

QUESTION = "which papers study privacy cloaks?"
CONFIG = '[corpus]\nname = "Web Test Lab"\n\n[cite]\nformat = "bibtex"\n\n[tui]\ncursor_blink = false\n'


def _inked(cell: np.ndarray) -> bool:
    """True if a cell's pixels are not one flat colour (a glyph or a block is drawn in it)."""
    spread = cell.reshape(-1, 3).max(axis=0).astype(int) - cell.reshape(-1, 3).min(axis=0).astype(int)
    return bool(spread.max() > 48)


def screenshot_matches_screen(path: Path, rows: list[str], page: Page) -> tuple[float, int]:
    """How far the screenshot's cells agree with the terminal text (ink where a character is, none where
    a space is), and how many cells hold a character. A blank, shifted or stale picture disagrees."""
    image = np.asarray(Image.open(path).convert("RGB"))
    left, top, width, height = page.cell_box()
    agree = written = 0
    for r, row in enumerate(rows):
        for c, char in enumerate(row):
            y0, y1 = int(top + r * height) + 2, int(top + (r + 1) * height) - 2
            x0, x1 = int(left + c * width) + 1, int(left + (c + 1) * width) - 1
            has_char = char.strip() != ""
            written += has_char
            agree += _inked(image[y0:y1, x0:x1]) == has_char
    return agree / max(1, sum(len(row) for row in rows)), written


def test_serve_answers_a_question_in_headless_chromium(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = tmp_path / "config.toml"
    config.write_text(CONFIG, encoding="utf-8")
    expected = open_assistant(load_settings(config).settings, None).ask(QUESTION)
    titles = [c.title for c in expected.citations]
    assert len(titles) >= 2, "the question must cite papers"
    server_data, downloads = tmp_path / "server-data", tmp_path / "downloads"
    downloads.mkdir()
    env = {"PUBCHAT_DATA_DIR": str(server_data), "PUBCHAT_CONFIG_DIR": str(tmp_path / "server-config")}
    port = free_port()
    serving = served(["--config", str(config), "serve", "--port", str(port)], tmp_path, env)
    with serving as url, chromium(url, downloads) as page:
        caps = page.driver.capabilities
        with capsys.disabled():
            print(
                f"\n[web mode] Chromium {caps.get('browserVersion')}, "
                f"ChromeDriver {caps.get('chrome', {}).get('chromedriverVersion', '?').split()[0]}"
            )
        page.driver.get(url)
        page.wait_for("the configured corpus", lambda text: "Web Test Lab · 50 papers" in text)
        page.type(QUESTION + "\n")
        page.wait_for(
            f"the {len(titles)} cited papers",
            lambda text: f"Sources ({len(titles)})" in text and all(t[:25] in text for t in titles),
        )
        page.wait_quiet()
        shot = tmp_path / "pubchat-serve.png"
        assert page.driver.save_screenshot(str(shot))
        rows = page.screen()
        text = "\n".join(rows)
        assert QUESTION in text and "[1]" in text and "[2]" in text

        width, height = page.driver.execute_script("return [window.innerWidth, window.innerHeight]")
        assert Image.open(shot).size == (width, height)
        agreement, written = screenshot_matches_screen(shot, rows, page)
        assert written > 1000, f"only {written} characters on screen"
        assert agreement > 0.97, f"the screenshot agrees with the terminal text in {agreement:.1%} of cells"

        # Nothing came from anywhere but the server (page, script, styles, font, websocket).
        ws_url = "ws" + url.removeprefix("http")
        elsewhere = [u for u in page.requests if not u.startswith((url + "/", ws_url + "/"))]
        assert page.requests and elsewhere == []

        # Exporting the collection delivers a download to the browser; the server keeps no file.
        page.press("add [1]\n")
        page.type(Keys.F6)
        page.wait_for("the collection screen", lambda text: "Collection: 1 paper" in text)
        page.type("e")
        exported = page.wait_for_file(downloads, "*.bib")
        entries = bibtexparser.parse_string(exported.read_text(encoding="utf-8")).entries
        assert [" ".join(e["title"].replace("{", "").replace("}", "").split()) for e in entries] == [titles[0]]

        # Saving the conversation delivers its Markdown as a download too.
        page.type(Keys.ESCAPE)
        page.wait_for("the chat again", lambda text: "Collection: 1 paper" not in text)
        page.type(Keys.CONTROL, "s")
        saved = page.wait_for_file(downloads, "*.md")
        assert QUESTION in saved.read_text(encoding="utf-8")

        # A paper's link opens in a new browser tab (the page's window.open is recorded, not followed).
        page.driver.execute_script("window.open = (url, target) => { window.pubchatOpened = [url, target]; };")
        page.press(Keys.F2)
        page.type(Keys.ENTER)
        page.wait_for("the paper view", lambda text: "Open arXiv" in text)
        page.type("o")
        opened = page.wait_until("a link opened", lambda: page.driver.execute_script("return window.pubchatOpened"))
        assert opened == [expected.citations[0].url, "_blank"]
    written_on_server = sorted(p.relative_to(server_data) for p in server_data.rglob("*") if p.is_file())
    assert written_on_server == [], "web mode wrote files on the server"
