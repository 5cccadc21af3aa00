"""Site-wide checks in a real browser: crawl from the home page and report broken
links, assets and anchors, requests to other origins, and serious axe violations.

The checks report problems as plain strings, so a test can assert an empty list
and a planted-fault test can assert the fault is named.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from urllib.parse import urldefrag, urlsplit

from axe_playwright_python.sync_playwright import Axe
from bs4 import BeautifulSoup
from playwright.sync_api import BrowserContext, Page

AXE = Axe()
HTML_SUFFIXES = ("/", ".html")


@dataclass
class CrawlReport:
    pages: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def serious_axe_violations(page: Page) -> list[str]:
    """Serious or critical axe-core violations on the page, as 'rule-id: targets'.

    Waits for running CSS transitions first (the search overlay fades in): colours
    measured half-way through a fade are not the colours a learner reads."""
    page.wait_for_function("document.getAnimations().every(a => a.playState !== 'running')", timeout=5000)
    violations = AXE.run(page).response["violations"]
    return [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}"
        for v in violations
        if v["impact"] in ("serious", "critical")
    ]


class _Targets:
    """Fetches link targets once each, remembering status and element ids."""

    def __init__(self, context: BrowserContext) -> None:
        self.context = context
        self.cache: dict[str, tuple[int, set[str]]] = {}

    def get(self, url: str) -> tuple[int, set[str]]:
        if url not in self.cache:
            response = self.context.request.get(url)
            ids: set[str] = set()
            if response.ok and "html" in response.headers.get("content-type", ""):
                soup = BeautifulSoup(response.text(), "html.parser")
                ids = {str(el["id"]) for el in soup.find_all(id=True)}
                ids |= {str(el["name"]) for el in soup.find_all("a", attrs={"name": True})}
            self.cache[url] = (response.status, ids)
        return self.cache[url]


def crawl(context: BrowserContext, root: str, *, start: str | None = None, follow: bool = True, axe: bool = True) -> CrawlReport:
    """Visit `start` (default `root`) and, with `follow`, every site page linked from it."""
    report = CrawlReport()
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(root))
    targets = _Targets(context)
    queue, seen = deque([start or root]), {start or root}
    page = context.new_page()
    outside: list[str] = []
    failed: list[str] = []
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith((origin, "data:", "blob:")) else None)
    page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    page.on("requestfailed", lambda r: failed.append(f"failed {r.url}") if r.url.startswith(origin) else None)
    while queue:
        url = queue.popleft()
        outside.clear()
        failed.clear()
        response = page.goto(url, wait_until="networkidle")
        report.pages.append(url)
        if response is None or response.status != 200:
            report.problems.append(f"{url}: page answered {response.status if response else 'nothing'}")
            continue
        report.problems += [f"{url}: request to another origin: {u}" for u in outside]
        report.problems += [f"{url}: broken asset: {f}" for f in failed]
        for href in page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)"):
            target, fragment = urldefrag(href)
            if not target.startswith(origin):
                continue  # mailto:, other sites: links, not requests
            if not target.startswith(root):
                report.problems.append(f"{url}: link leaves the site's path: {href}")
                continue
            status, ids = targets.get(target)
            if status != 200:
                report.problems.append(f"{url}: broken link ({status}): {href}")
            elif fragment and fragment not in ids:
                report.problems.append(f"{url}: broken anchor: {href}")
            elif follow and target.endswith(HTML_SUFFIXES) and target not in seen:
                seen.add(target)
                queue.append(target)
        if axe:
            report.problems += [f"{url}: axe {v}" for v in serious_axe_violations(page)]
    page.close()
    return report
