"""Screenshots of the real built site for the README, taken with Chromium.

    python tests/screenshots.py [--site site] [--out .github/screenshots]

Serves the built site under its own sub-path (/<repo>/) on 127.0.0.1 (as GitHub Pages would),
and saves the home page, a lesson and the quiz results in the light and dark palette,
on a laptop (1280x800, `<name>-<scheme>.png`) and a phone (390x844, `<name>-<scheme>-phone.png`).
Needs Playwright (the test extra) and Debian's Chromium.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from coursekit.core import routes
from coursekit.review.local_site import CHROMIUM, CHROMIUM_ARGS, served_site

SHOTS = {
    "home": routes.HOME_URL,
    "lesson": None,  # the course's third lesson (or its last, if shorter), as its home page lists them
    "quiz-results": routes.QUIZ_URL,
}


def take_screenshots(site: Path, out: Path, chromium: str = CHROMIUM) -> list[Path]:
    """Write <name>-<light|dark>[-phone].png for each page in SHOTS; returns the files."""
    from playwright.sync_api import sync_playwright  # the test extra; imported only when used

    out.mkdir(parents=True, exist_ok=True)
    saved = []
    with served_site(site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        devices: dict[str, dict[str, Any]] = {
            "": {"viewport": {"width": 1280, "height": 800}},
            "-phone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True},
        }
        for suffix, device in devices.items():
            for scheme in ("light", "dark"):
                context = browser.new_context(color_scheme=scheme, **device)
                page = context.new_page()
                for name, path in SHOTS.items():
                    page.goto(base + (path if path is not None else _third_lesson(page, base)), wait_until="networkidle")
                    if name == "quiz-results":
                        _answer_quiz(page)
                    target = out / f"{name}-{scheme}{suffix}.png"
                    page.screenshot(path=str(target))
                    saved.append(target)
                context.close()
        browser.close()
    return saved


def _third_lesson(page, base: str) -> str:
    """The address of the third lesson card on the home page (the last, in a shorter course)."""
    page.goto(base, wait_until="networkidle")
    cards = page.locator("a.lesson-card")
    return cards.nth(min(2, cards.count() - 1)).get_attribute("href")


def _answer_quiz(page) -> None:
    """A fixed, plausible set of answers on any scale, then the results in view."""
    page.evaluate("""() => document.querySelectorAll('fieldset.assessment-item').forEach((item, i) => {
        const inputs = item.querySelectorAll('input');
        inputs[[3, 2, 4, 1, 3, 2][i % 6] % inputs.length].click(); })""")
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
    for path in take_screenshots(args.site, args.out):
        print(path)


if __name__ == "__main__":
    main()
