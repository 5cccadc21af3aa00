"""The offline copy always has a way out, and keeps every file whatever its name (issue 23).

When the course's address stops serving it (its worker answers 404 or 410, or the address
redirects, as GitHub Pages does after a custom domain is added), the installed worker
deletes its copy, unregisters and lets the page load from the network: before, every visit
showed the old course for good. Files whose names hold '#', '?', '%', '&', spaces or
letters outside ASCII are kept and work offline: before, one such file made the install fail."""

from __future__ import annotations

import contextlib
import functools
import http.server
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from coursekit.review.local_site import PagesHandler, site_path
from helpers import GARDEN, ROOT, edit, make_project, own_docs, run_build
from helpers import published as asset_path

MARKER = "Served by the network, not the old copy."
LESSON = "lessons/soil-first/"


class SwitchableHandler(PagesHandler):
    """GitHub Pages as it behaves after a change: `mode` is 'serve', 'gone' (the worker
    answers 410) or 'redirect' (every address moved under /moved/)."""

    mode = "serve"

    def send_head(self):
        if self.mode == "redirect" and not self.path.startswith("/moved/"):
            self.send_response(301)
            self.send_header("Location", "/moved" + self.path)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return None
        if self.mode == "gone" and self.path.split("?")[0].endswith("/sw.js"):
            self.send_error(410)
            return None
        return super().send_head()


@contextlib.contextmanager
def published(site: Path, folder: Path, handler: type[PagesHandler] = SwitchableHandler) -> Iterator[tuple[Path, str]]:
    """A copy of `site` in `folder` under its sub-path, served on 127.0.0.1 by `handler`;
    yields the folder the site is in (to deploy over) and the site's root URL."""
    sub = site_path(site)
    shutil.copytree(site, folder / sub)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield folder / sub, f"http://127.0.0.1:{server.server_address[1]}/{sub}/"
    finally:
        server.shutdown()
        server.server_close()


def wait_for_offline_copy(page) -> None:
    page.evaluate("navigator.serviceWorker.ready")
    page.wait_for_function("navigator.serviceWorker.controller !== null", timeout=30_000)


@pytest.mark.parametrize("change", ["sw.js answers 404", "sw.js answers 410", "the address redirects"])
def test_when_the_course_is_gone_from_its_address_the_worker_steps_aside(
    browser: Browser, built_site: Path, tmp_path: Path, change: str
):
    handler = type("Handler", (SwitchableHandler,), {"mode": "serve"})
    with published(built_site, tmp_path / "pages", handler) as (folder, root):
        context = browser.new_context()
        page = context.new_page()
        page.goto(root + LESSON)
        wait_for_offline_copy(page)
        assert page.evaluate("caches.keys()")

        # What the address serves now: the same pages with a sentence the old copy lacks.
        served = folder.parent / "moved" / folder.name if change == "the address redirects" else folder
        if served != folder:
            shutil.copytree(folder, served)
        lesson = served / LESSON / "index.html"
        lesson.write_text(lesson.read_text(encoding="utf-8").replace("</article>", f"<p>{MARKER}</p></article>"))
        if change == "sw.js answers 404":
            (served / "sw.js").unlink()
        handler.mode = {"sw.js answers 410": "gone", "the address redirects": "redirect"}.get(change, "serve")

        page.goto(root + LESSON)
        expect(page.locator("article")).to_contain_text(MARKER, timeout=20_000)
        page.wait_for_function("caches.keys().then(keys => keys.length === 0)", timeout=10_000)
        page.wait_for_function(
            "scope => navigator.serviceWorker.getRegistrations().then(list => !list.some(r => r.scope.endsWith(scope)))",
            arg=f"/{folder.name}/",
            timeout=10_000,
        )
        context.close()


def test_a_course_still_served_keeps_its_copy_when_the_network_is_off(browser: Browser, built_site: Path, tmp_path: Path):
    """No answer at all (offline) is not "gone": the copy stays and serves the page."""
    context = browser.new_context()
    page = context.new_page()
    with published(built_site, tmp_path / "pages") as (_, root):
        page.goto(root + LESSON)
        wait_for_offline_copy(page)
    context.set_offline(True)
    page.goto(root + LESSON)
    expect(page.locator("article h1")).to_be_visible()
    page.wait_for_timeout(1_000)
    assert page.evaluate("caches.keys()") and page.evaluate("navigator.serviceWorker.controller !== null")
    context.close()


NAMES = {"q&a #2.txt": "q&a%20%232.txt", "50% off?.txt": "50%25%20off%3F.txt", "naïve notes.txt": "na%C3%AFve%20notes.txt"}


def test_files_with_any_legal_name_work_offline(browser: Browser, tmp_path: Path):
    project = make_project(tmp_path / "course", GARDEN)
    own_docs(project)
    links = []
    for name, href in NAMES.items():
        (project / "docs" / "assets" / name).write_text(f"the file {name}\n", encoding="utf-8")
        links.append(f"- [{name}](../assets/{href})")
    edit(project / "lessons" / "soil-first.md", "## The idea\n", "## The idea\n\n" + "\n".join(links) + "\n\n")
    result = run_build(project)
    assert result.returncode == 0, result.stderr
    context = browser.new_context()
    page = context.new_page()
    with published(project / "site", tmp_path / "pages") as (_, root):
        page.goto(root + LESSON)
        wait_for_offline_copy(page)  # an install that failed on one name would never get here
        hrefs = page.eval_on_selector_all("article a[href*='assets/']", "links => links.map(a => a.href)")
    assert len(hrefs) == len(NAMES)
    context.set_offline(True)
    for href, name in zip(hrefs, NAMES):
        text = page.evaluate("url => fetch(url).then(r => r.ok ? r.text() : 'status ' + r.status)", href)
        assert text == f"the file {name}\n", href
    context.close()


def test_a_page_new_in_a_deploy_runs_its_own_versions_script(browser: Browser, built_site: Path, tmp_path: Path):
    """Issue 23: a page new in a deploy, opened while the old copy was in charge, ran with
    the old version's course.js and course.css. The kit's assets are published under names
    with a digest of their content, so the new page asks for files the old copy does not hold."""
    project = make_project(tmp_path / "course", GARDEN)
    theme = project / "theme"
    shutil.copytree(ROOT / "coursekit" / "theme", theme)
    edit(project / "mkdocs.yml", f"custom_dir: {ROOT / 'coursekit' / 'theme'}", "custom_dir: theme")
    edit(theme / "assets" / "course.js", '"use strict";', '"use strict"; window.coursekitBuild = "new";')
    # A new lesson, last in the list: a page the old copy has never seen.
    new_lesson = (project / "lessons" / "harvest-and-keep.md").read_text(encoding="utf-8")
    new_lesson = new_lesson.replace('title: "Harvest and keep"', 'title: "Save your own seed"')
    (project / "lessons" / "save-seed.md").write_text(new_lesson, encoding="utf-8")
    edit(project / "lessons" / "course.yml", "  - harvest-and-keep\n", "  - harvest-and-keep\n  - save-seed\n")
    result = run_build(project, tmp_path / "new")
    assert result.returncode == 0, result.stderr

    with published(built_site, tmp_path / "pages") as (folder, root):
        context = browser.new_context()
        page = context.new_page()
        page.goto(root + LESSON)
        wait_for_offline_copy(page)
        shutil.rmtree(folder)
        shutil.copytree(tmp_path / "new", folder)  # the deploy, all at once
        page.goto(root + "lessons/save-seed/")
        expect(page.locator("article h1")).to_contain_text("Save your own seed")
        assert page.evaluate("navigator.serviceWorker.controller !== null")  # the old copy is in charge
        assert page.evaluate("window.coursekitBuild") == "new"  # yet the page runs its own script
        styles = page.eval_on_selector_all("link[rel=stylesheet]", "links => links.map(l => l.href)")
        assert any(asset_path(tmp_path / "new", "assets/course.css") in href for href in styles)
        context.close()
