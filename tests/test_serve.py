"""``newsexplore serve``: the explorer in a real (headless) browser, and the optional extra."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tui import serve

CHROMIUM = os.environ.get("NEWSEXPLORE_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_for_port(port: int, process: subprocess.Popen[bytes], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"the server stopped: {process.stdout.read()!r}")  # type: ignore[union-attr]
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise AssertionError("the server did not listen in time")


def test_without_the_extra_serve_names_it(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import builtins

    real_import = builtins.__import__

    def no_textual_serve(name: str, *args: object, **kwargs: object) -> object:
        if name.startswith("textual_serve"):
            raise ImportError("No module named 'textual_serve'")
        return real_import(name, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(builtins, "__import__", no_textual_serve)
    assert serve.serve(None, "127.0.0.1", free_port()) == 2
    assert "pip install 'newsexplore[serve]'" in capsys.readouterr().err


def test_serve_listens_on_localhost_by_default() -> None:
    import argparse

    parser = argparse.ArgumentParser()
    serve.add_serve_arguments(parser)
    args = parser.parse_args([])
    assert args.host == "127.0.0.1" and args.citation is None
    assert serve.app_command(Path("store.json")).endswith(
        f"-m tui --db {Path('store.json').absolute()}"
    )


@pytest.mark.slow
def test_the_page_loads_and_the_app_answers_a_key(tmp_path: Path) -> None:
    pytest.importorskip("textual_serve", reason="textual-serve is not installed")
    playwright_api = pytest.importorskip(
        "playwright.sync_api", reason="playwright is not installed"
    )
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        pytest.skip(f"no chromium at {CHROMIUM} (apt-get install chromium)")
    port = free_port()
    env = {**os.environ, "NEWSEXPLORE_SETTINGS": str(tmp_path / "settings.toml")}
    server = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys; from tui.serve import serve; "
            "sys.exit(serve(None, '127.0.0.1', int(sys.argv[1])))",
            str(port),
        ],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        cwd=Path(__file__).resolve().parents[1],
    )
    try:
        wait_for_port(port, server)
        received: list[bytes] = []
        with playwright_api.sync_playwright() as playwright:
            try:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            except playwright_api.Error as error:
                pytest.skip(f"chromium does not start here: {error}")
            try:
                page = browser.new_page(viewport={"width": 1280, "height": 800})

                def on_socket(ws: object) -> None:
                    ws.on(  # type: ignore[attr-defined]
                        "framereceived",
                        lambda frame: received.append(
                            frame if isinstance(frame, bytes) else str(frame).encode()
                        ),
                    )

                page.on("websocket", on_socket)
                page.goto(f"http://127.0.0.1:{port}/", wait_until="domcontentloaded")
                # The app's first screen has arrived and is drawn (textual.js marks it).
                page.wait_for_selector("body.-first-byte", timeout=60_000)
                deadline = time.monotonic() + 60
                while b"Articles" not in b"".join(received) and time.monotonic() < deadline:
                    page.wait_for_timeout(200)
                assert b"Articles" in b"".join(received), "the explorer's screen never arrived"
                before = len(received)
                page.click(".textual-terminal")
                page.keyboard.press("?")  # the help screen answers
                deadline = time.monotonic() + 30
                while time.monotonic() < deadline:
                    if b"esc to close" in b"".join(received[before:]):
                        break
                    page.wait_for_timeout(200)
                after = b"".join(received[before:])
                assert b"esc to close" in after, "the help screen was not drawn after ?"
            finally:
                browser.close()
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def test_the_command_line_has_serve(capsys: pytest.CaptureFixture[str]) -> None:
    """``newsexplore serve --help`` (tui/cli.py wires ``serve`` to tui.serve)."""
    from tui import cli

    with pytest.raises(SystemExit) as exit_:
        cli.main(["serve", "--help"])
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    assert "--host" in out and "--port" in out and "--citation" in out
