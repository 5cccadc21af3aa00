"""A built site served on this machine the way GitHub Pages serves it, and the
Chromium that opens it: for the browser tests, the README screenshots and the
benchmarks alike.

    with served_site(Path("site")) as root:     # http://127.0.0.1:PORT/<the site_url path>/
        ...

Pages-like: the site sits under its repository's sub-path, an unknown path gets the
site's own 404.html with status 404, and text files are sent gzip-compressed to
clients that ask (so measured transfer sizes are realistic).

    python -m coursekit.review.local_site PORT ROOT     # the same server in a process of its own
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import http.server
import io
import os
import re
import shutil
import socket
import sys
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# Without the background-networking flags Chromium keeps dialling out; the network here refuses it.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
COMPRESSIBLE = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".csv")


class PagesHandler(http.server.SimpleHTTPRequestHandler):
    """Static files like GitHub Pages: the site's 404.html for a missing path, gzip when asked."""

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        pass

    def send_head(self) -> Any:
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?")[0].endswith("/"):
            path = path / "index.html"
        if not path.is_file() or not path.name.endswith(COMPRESSIBLE) or "gzip" not in self.headers.get("Accept-Encoding", ""):
            return super().send_head()  # also redirects /dir to /dir/, and 404s
        body = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=600")
        self.end_headers()
        return io.BytesIO(body)

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


@contextlib.contextmanager
def serving(root: Path, port: int = 0) -> Iterator[str]:
    """Serve the folder `root` on 127.0.0.1; yields the origin (no trailing slash)."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), functools.partial(PagesHandler, directory=str(root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@contextlib.contextmanager
def served_site(site: Path, sub_path: str | None = None) -> Iterator[str]:
    """A copy of the built `site` served under /<sub_path>/ (default: the path of the
    address it was built for, as GitHub Pages serves /<repo>/); yields its root URL (with slash)."""
    sub_path = sub_path or site_path(site)
    with tempfile.TemporaryDirectory() as root:
        shutil.copytree(site, Path(root) / sub_path)
        with serving(Path(root)) as origin:
            yield f"{origin}/{sub_path}/"


def site_path(site: Path) -> str:
    """The path part of the address a built site was made for, without slashes
    (kitchen-garden for https://garden.example.org/kitchen-garden/): its sitemap's first URL."""
    found = re.search(r"<loc>([^<]+)</loc>", (site / "sitemap.xml").read_text(encoding="utf-8"))
    path = urlsplit(found[1]).path.strip("/") if found else ""
    if not path:
        raise ValueError(
            f"{site}/sitemap.xml names no address with a path; build with a site_url such as https://you.github.io/repo/"
        )
    return path


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def main() -> None:
    port, root = int(sys.argv[1]), Path(sys.argv[2])
    with serving(root, port) as origin:
        print(f"Serving {root} at {origin}/ (gzip)", flush=True)
        threading.Event().wait()


if __name__ == "__main__":
    main()
