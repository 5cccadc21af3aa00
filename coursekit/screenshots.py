"""Screenshots of the real built site for the README, taken with Chromium.

    python -m coursekit.screenshots [--site site] [--out .github/screenshots]

Serves the built site under /emerging-leaders/ on 127.0.0.1 (as GitHub Pages would),
and saves the home page, a lesson and the quiz results in the light and dark palette.
Needs Playwright (the test extra) and Debian's Chromium.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import os
import shutil
import tempfile
import threading
from pathlib import Path

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SHOTS = {
    "home": "",
    "lesson": "lessons/task-manager-or-people-leader/",
    "quiz-results": "self-assessment/",
}


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        pass


def take_screenshots(site: Path, out: Path, chromium: str = "/usr/bin/chromium") -> list[Path]:
    """Write <name>-<light|dark>.png for each page in SHOTS; returns the files."""
    from playwright.sync_api import sync_playwright  # the test extra; imported only when used

    out.mkdir(parents=True, exist_ok=True)
    saved = []
    with tempfile.TemporaryDirectory() as root:
        shutil.copytree(site, Path(root) / "emerging-leaders")
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=root))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_address[1]}/emerging-leaders/"
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
                for scheme in ("light", "dark"):
                    page = browser.new_page(viewport={"width": 1280, "height": 800}, color_scheme=scheme)
                    for name, path in SHOTS.items():
                        page.goto(base + path, wait_until="networkidle")
                        if name == "quiz-results":
                            _answer_quiz(page)
                        target = out / f"{name}-{scheme}.png"
                        page.screenshot(path=str(target))
                        saved.append(target)
                    page.close()
                browser.close()
        finally:
            server.shutdown()
    return saved


def _answer_quiz(page) -> None:
    """A fixed, plausible set of answers, then the results in view."""
    page.evaluate("""() => document.querySelectorAll('fieldset.assessment-item').forEach((item, i) =>
        item.querySelectorAll('input')[[3, 2, 4, 1, 3, 2][i % 6]].click())""")
    page.get_by_role("button", name="See my results").click()
    # Results heading just below the sticky header; let the header's title transition finish.
    page.evaluate("window.scrollTo(0, document.getElementById('results').getBoundingClientRect().top + scrollY - 64)")
    page.wait_for_timeout(500)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, default=Path("site"), help="the built site (default: site)")
    parser.add_argument("--out", type=Path, default=Path(".github/screenshots"), help="where the PNGs go")
    args = parser.parse_args()
    if not (args.site / "index.html").is_file():
        parser.error(f"{args.site}/index.html does not exist: build the course first (./course build)")
    for path in take_screenshots(args.site, args.out, os.environ.get("CHROMIUM", "/usr/bin/chromium")):
        print(path)


if __name__ == "__main__":
    main()
