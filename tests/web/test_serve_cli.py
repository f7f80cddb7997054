"""`pubchat serve` options and failures: this machine only unless --public, one-line errors with exit
status 2 (never a traceback), the page and websocket served only to pages from the server itself."""

from __future__ import annotations

import http.client
import shlex
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from chromium_page import free_port, served

from pubchat.cli import main
from pubchat.errors import PubchatError
from pubchat.web.server import app_command, check_host


def _serve(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run `pubchat serve ARGS` expecting it to stop by itself (a failure); never hang the suite."""
    return subprocess.run(
        [sys.executable, "-m", "pubchat", "serve", *args], cwd=cwd, capture_output=True, text=True, timeout=60
    )


def _one_line_error(proc: subprocess.CompletedProcess[str]) -> str:
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr and proc.stdout == ""
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("pubchat: error: "), proc.stderr
    return lines[0]


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.168.1.20", "example.org"])
def test_a_host_other_machines_reach_needs_public(host: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve", "--host", host]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and f"--host {host}:" in err and "--public" in err
    check_host(host, public=True)  # asked for explicitly: allowed


@pytest.mark.parametrize("host", ["127.0.0.1", "127.0.0.2", "localhost", "::1"])
def test_loopback_hosts_need_nothing_more(host: str) -> None:
    check_host(host, public=False)


def test_an_empty_host_is_refused() -> None:
    with pytest.raises(PubchatError, match="--host"):
        check_host(" ", public=True)


def test_a_port_in_use_is_one_line_and_status_2(tmp_path: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        line = _one_line_error(_serve("--port", str(port), cwd=tmp_path))
    assert f"127.0.0.1:{port}" in line and "in use" in line


def test_an_address_this_machine_does_not_have_is_one_line(tmp_path: Path) -> None:
    # 192.0.2.0/24 is reserved for documentation: no machine has it
    line = _one_line_error(_serve("--host", "192.0.2.1", "--public", "--port", str(free_port()), cwd=tmp_path))
    assert "192.0.2.1" in line and "address" in line


def test_bad_port_config_and_corpus_fail_before_serving(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve", "--port", "70000"]) == 2
    assert "--port 70000" in capsys.readouterr().err
    missing = tmp_path / "missing.jsonl"
    assert main(["--corpus", str(missing), "serve"]) == 2
    assert f"{missing}: corpus file not found" in capsys.readouterr().err
    bad = tmp_path / "bad.toml"
    bad.write_text("[search]\nk1 = -1\n", encoding="utf-8")
    assert main(["--config", str(bad), "serve"]) == 2
    err = capsys.readouterr().err
    assert "bad.toml" in err and "k1" in err and err.count("\n") == 1


def test_each_tab_runs_pubchat_with_the_same_config_and_corpus() -> None:
    config, corpus = Path("/a b/pubchat's config.toml"), Path("/data/my papers.jsonl")
    argv = shlex.split(app_command(config, corpus))
    assert argv == [sys.executable, "-m", "pubchat", "--config", str(config), "--corpus", str(corpus), "tui"]
    assert shlex.split(app_command(None, None)) == [sys.executable, "-m", "pubchat", "tui"]


def test_the_page_loads_nothing_from_elsewhere_and_other_sites_cannot_open_the_app(tmp_path: Path) -> None:
    port = free_port()
    with served(["serve", "--port", str(port)], tmp_path, {}) as url:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        connection.request("GET", "/")
        response = connection.getresponse()
        page = response.read().decode()
        assert response.status == 200 and 'class="textual-terminal"' in page
        assert "http://" not in page and "https://" not in page
        assert "//fonts." not in page
        assets = ("/static/js/textual.js", "/static/css/xterm.css", "/static/fonts/RobotoMono-VariableFont_wght.ttf")
        for asset in assets:
            assert asset in page
            connection.request("GET", asset)
            answer = connection.getresponse()
            assert answer.status == 200 and len(answer.read()) > 1000, asset

        upgrade = {
            "Connection": "Upgrade",
            "Upgrade": "websocket",
            "Sec-WebSocket-Version": "13",
            "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==",
            "Origin": "http://evil.example",
        }
        connection.request("GET", "/ws", headers=upgrade)
        refused = connection.getresponse()
        refused.read()
        assert refused.status == 403
        connection.close()
        assert url == f"http://127.0.0.1:{port}"
