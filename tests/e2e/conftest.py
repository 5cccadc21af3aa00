"""Browser fixtures: Debian's Chromium under Playwright, and the built site served
the way GitHub Pages serves it, under a sub-path on 127.0.0.1."""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
REPO_PATH = "emerging-leaders"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium is needed for the browser tests and is not at {CHROMIUM}: apt-get install chromium")
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


class PagesHandler(http.server.SimpleHTTPRequestHandler):
    """Static files like GitHub Pages: a missing path gets the site's 404.html, status 404."""

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        pass

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        site = self.path.lstrip("/").split("/", 1)[0]
        not_found = Path(self.directory) / site / "404.html"
        if code != 404 or not not_found.is_file():
            super().send_error(code, message, explain)
            return
        body = not_found.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


def serve(root: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    """Serve `root` on a free loopback port; returns the server and its origin."""
    handler = functools.partial(PagesHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


@contextlib.contextmanager
def served_copy(site: Path, tmp: Path) -> Iterator[str]:
    """A copy of `site` served under /emerging-leaders/; yields its root URL (with slash)."""
    shutil.copytree(site, tmp / REPO_PATH)
    server, origin = serve(tmp)
    try:
        yield f"{origin}/{REPO_PATH}/"
    finally:
        server.shutdown()


@pytest.fixture(scope="session")
def site_root(built_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The built course at http://127.0.0.1:PORT/emerging-leaders/ (trailing slash included)."""
    with served_copy(built_site, tmp_path_factory.mktemp("pages")) as root:
        yield root


@pytest.fixture
def outside_requests(page) -> list[str]:
    """Every request the page makes to anything but the local server, as it happens."""
    found: list[str] = []
    page.on("request", lambda request: None if request.url.startswith(("http://127.0.0.1:", "data:", "blob:"))
            else found.append(request.url))
    return found
