"""The installable, offline course in Chromium, served the way GitHub Pages serves it
(under its sub-path): one visit, then with the network off and the server
gone every page, the search, the self-assessment and the downloads still work; a
new deploy is offered and taken whole; the manifest is what Chromium installs; the
preview (`mkdocs serve`) retires a worker left at its address."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import shutil
import xml.etree.ElementTree as etree
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, expect

from coursekit.review.local_site import CHROMIUM, CHROMIUM_ARGS, free_port, served_site, serving, site_path
from helpers import GARDEN, edit, make_project, preview, published, run_build, tree_digest, wait_for

LESSON = "lessons/harvest-and-keep/"
SITE_URL = "https://garden.example.org/kitchen-garden/"


def wait_for_offline_copy(page: Page) -> None:
    """Until the worker has kept every file (it is active only then) and controls the page."""
    state = page.evaluate("navigator.serviceWorker.ready.then(r => r.active.state)")
    assert state in ("activating", "activated")
    page.wait_for_function("navigator.serviceWorker.controller !== null", timeout=30_000)


def new_deploy(built_site: Path, tmp_path: Path, *, rebrand: bool) -> Path:
    """The fixture course again with one lesson changed (and, with `rebrand`, another brand
    colour, so every page's colours change): the next deploy's site folder."""
    project = make_project(tmp_path / "project", GARDEN)
    edit(project / "lessons/harvest-and-keep.md", "\n## ", "\nA sentence from the new deploy.\n\n## ")
    if rebrand:
        edit(project / "lessons/course.yml", 'primary: "#2e6b30"', 'primary: "#8a1c1c"')
    assert run_build(project, tmp_path / "new").returncode == 0
    return tmp_path / "new"


def load_then_deploy(page: Page, root: str, folder: Path, new: Path) -> None:
    """A learner reads a lesson with the offline copy in place; then the new deploy replaces
    every file at once, as a Pages deployment does."""
    page.goto(root + LESSON)
    wait_for_offline_copy(page)
    shutil.rmtree(folder)
    shutil.copytree(new, folder)


# The browser looks for a new version on its own schedule; a test asks it at once, as it would.
CHECK_FOR_UPDATE = "navigator.serviceWorker.getRegistration().then(r => r.update())"


def record_outside(context: BrowserContext) -> list[str]:
    """Requests that go over the network to anything but this machine, the worker's own
    included. (Chromium's PDF viewer loads chrome:// and chrome-extension:// pages from
    inside the browser: not requests out.)"""
    found: list[str] = []

    def check(url: str) -> None:
        parts = urlsplit(url)
        if parts.scheme in ("http", "https", "ws", "wss", "ftp") and parts.hostname != "127.0.0.1":
            found.append(url)

    context.on("request", lambda request: check(request.url))
    return found


def sitemap_pages(site: Path, root: str) -> list[str]:
    sitemap = etree.parse(site / "sitemap.xml").getroot()
    return [loc.text.replace(SITE_URL, root) for loc in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]


def test_after_one_visit_the_whole_course_works_with_no_network(browser: Browser, built_site: Path):
    context = browser.new_context()
    outside = record_outside(context)
    page = context.new_page()
    with served_site(built_site) as root:
        page.goto(root)
        wait_for_offline_copy(page)
    # The server is gone and the browser is offline: only the worker's copy answers.
    context.set_offline(True)
    pages = sitemap_pages(built_site, root)
    # The lessons; home, quiz, chart, email course, print; toolkit, journal, certificate, another device.
    assert len(pages) == 7 + 5 + 4
    for url in pages:
        response = page.goto(url)
        assert response is not None and response.ok and response.from_service_worker, url
        expect(page.locator("article h1").first).to_be_visible()
        assert page.locator(".md-header").evaluate("el => getComputedStyle(el).position") == "sticky", url  # CSS kept
        assert page.evaluate("document.documentElement.scrollWidth <= innerWidth"), url

    # Search: Material's search worker and the index both come from the copy. Typed once
    # the page's scripts are running (a value filled in before Material listens is not searched).
    page.goto(root, wait_until="networkidle")
    page.keyboard.press("/")
    page.keyboard.type("compost")
    expect(page.locator(".md-search-result__item").first).to_be_visible(timeout=15_000)
    expect(page.locator(".md-search-result__meta")).to_contain_text("matching document")

    # The self-assessment: taken, scored, kept across a reload.
    page.goto(root + "self-assessment/")
    for fieldset in page.locator("fieldset.assessment-item").all():
        fieldset.locator("label").nth(2).click()
    page.get_by_role("button", name="See my results").click()
    results = page.locator("#results")
    expect(results).to_be_visible()
    overall = results.locator('[data-result="overall"]').inner_text()
    page.reload()
    expect(results).to_be_visible()
    expect(results.locator('[data-result="overall"]')).to_have_text(overall)
    expect(results.locator('[data-result="band"]')).not_to_be_empty()

    # The downloads open from the copy, byte for byte.
    for download in sorted((built_site / "downloads").iterdir()):
        body = page.evaluate(
            """async url => { const r = await fetch(url); const b = new Uint8Array(await r.arrayBuffer());
               let s = ""; for (const c of b) s += String.fromCharCode(c); return [r.status, btoa(s)]; }""",
            root + "downloads/" + download.name,
        )
        assert body[0] == 200 and base64.b64decode(body[1]) == download.read_bytes(), download.name
    pdf = page.goto(root + "downloads/kitchen-garden-garden-habits.pdf")
    assert pdf is not None and pdf.ok and pdf.headers["content-type"] == "application/pdf"

    # An address the course never had: the course's own 404 page, not the browser's error.
    response = page.goto(root + "no/such/page/")
    assert response is not None and response.status == 404
    expect(page.locator("h1")).to_have_text("Page not found")
    assert outside == []
    context.close()


def test_the_notice_announces_a_new_version_and_reload_takes_it_whole(browser: Browser, built_site: Path, tmp_path: Path):
    """A deploy with a changed lesson and a new brand colour: the learner keeps reading
    the old version (never a mix), is told in a status message, and Reload brings the
    whole new version, with the old copy deleted and no old file fetched again."""
    deploy = new_deploy(built_site, tmp_path, rebrand=True)
    old, new = tree_digest(built_site), tree_digest(deploy)
    changed = {path for path in new if old.get(path) not in (None, new[path])}
    assert {LESSON + "index.html", "sw.js"} <= changed
    # New colours are a new stylesheet, under a new name: no page of either version gets the other's.
    assert published(deploy, "assets/brand.css") not in old
    changed |= {path for path in new if path not in old}

    root_folder, sub_path = tmp_path / "pages", site_path(built_site)
    shutil.copytree(built_site, root_folder / sub_path)
    context = browser.new_context()
    outside = record_outside(context)
    page = context.new_page()
    with serving(root_folder) as origin:
        root = f"{origin}/{sub_path}/"
        load_then_deploy(page, root, root_folder / sub_path, deploy)
        fetched_by_worker: list[str] = []
        context.on("request", lambda r: fetched_by_worker.append(r.url) if r.service_worker else None)

        page.goto(root + LESSON)
        page.evaluate(CHECK_FOR_UPDATE)
        notice = page.get_by_role("status").filter(has_text="This course has been updated.")
        expect(notice).to_be_visible(timeout=30_000)
        # The new version downloaded only what changed: the rest came from the old copy.
        downloaded = {url.removeprefix(root) for url in fetched_by_worker}
        downloaded = {("index.html" if u == "" else u + "index.html" if u.endswith("/") else u) for u in downloaded}
        assert "sw.js" in downloaded and LESSON + "index.html" in downloaded
        assert downloaded <= changed, sorted(downloaded - changed)
        # Until the learner chooses, the page is the old version, all of it.
        expect(page.locator("article")).not_to_contain_text("A sentence from the new deploy.")
        header = page.locator(".md-header")
        assert header.evaluate("el => getComputedStyle(el).backgroundColor") == "rgb(46, 107, 48)"  # #2e6b30, the fixture's brand
        assert notice.get_by_role("button", name="Reload").bounding_box()["height"] >= 44

        responses: list = []
        page.on("response", lambda response: responses.append(response))
        notice.get_by_role("button", name="Reload").click()
        expect(page.locator("article")).to_contain_text("A sentence from the new deploy.", timeout=15_000)
        assert header.evaluate("el => getComputedStyle(el).backgroundColor") == "rgb(138, 28, 28)"  # #8a1c1c
        expect(page.get_by_role("status").filter(has_text="updated")).to_have_count(0)
        caches = page.evaluate("caches.keys()")
        assert len(caches) == 1 and caches[0].startswith("coursekit-kitchen-garden-")

        # Everything the new page loaded is the new deploy's file.
        for response in responses:
            path = response.url.removeprefix(root).split("?")[0]
            path = path + "index.html" if path.endswith("/") or path == "" else path
            if response.ok and path in changed:
                assert hashlib.sha256(response.body()).hexdigest() == new[path], f"old {path} after the update"
    assert outside == []
    context.close()


def test_chromium_reads_the_manifest_and_can_install_the_course(playwright: Playwright, site_root: str, tmp_path: Path):
    """Chromium's own reading of the manifest (DevTools protocol Page.getAppManifest,
    https://chromedevtools.github.io/devtools-protocol/tot/Page/#method-getAppManifest)
    reports no error, and Page.getInstallabilityErrors none: scope and start URL are the
    sub-path, every icon loads at its declared size. A profile of its own, as a
    learner's browser has (Chromium never offers to install from an incognito window)."""
    context = playwright.chromium.launch_persistent_context(
        tmp_path / "profile", executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
    )
    page = context.new_page()
    page.goto(site_root + LESSON)
    wait_for_offline_copy(page)
    cdp = context.new_cdp_session(page)
    manifest = cdp.send("Page.getAppManifest")
    assert manifest["url"] == site_root + "manifest.webmanifest"
    assert manifest["errors"] == [], manifest["errors"]
    data = json.loads(manifest["data"])
    resolved = page.evaluate(
        "([m, url]) => [new URL(m.scope, url).href, new URL(m.start_url, url).href]", [data, manifest["url"]]
    )
    assert resolved == [site_root, site_root]
    assert cdp.send("Page.getInstallabilityErrors")["installabilityErrors"] == []
    for icon in data["icons"]:
        size = page.evaluate(
            "async src => { const i = new Image(); i.src = src; await i.decode();"
            " return `${i.naturalWidth}x${i.naturalHeight}`; }",
            site_root + icon["src"],
        )
        assert size == icon["sizes"]
    registration = page.evaluate("navigator.serviceWorker.getRegistration().then(r => r.scope)")
    assert registration == site_root
    context.close()


def test_on_a_custom_domain_at_the_root_too(browser: Browser, mini_project: Path, tmp_path: Path):
    """A course published at the root of its own domain (site_url https://course.example.org/):
    the worker's scope is the whole origin, and the course still opens offline."""
    assert run_build(mini_project, SITE_URL="https://course.example.org/").returncode == 0
    context = browser.new_context()
    page = context.new_page()
    with serving(mini_project / "site") as origin:
        page.goto(origin + "/lessons/first-steps/")
        wait_for_offline_copy(page)
        assert page.evaluate("navigator.serviceWorker.getRegistration().then(r => r.scope)") == origin + "/"
    context.set_offline(True)
    for path in ("/", "/lessons/third-steps/", "/self-assessment/"):
        response = page.goto(origin + path)
        assert response is not None and response.ok and response.from_service_worker, path
    response = page.goto(origin + "/missing/")
    assert response is not None and response.status == 404
    expect(page.locator("h1")).to_have_text("Page not found")
    page.get_by_role("link", name="Go to the course home page").click()
    expect(page).to_have_url(origin + "/")
    context.close()


def test_not_now_puts_the_notice_away_until_the_next_page(browser: Browser, built_site: Path, tmp_path: Path):
    """Issue 26: the notice could not be dismissed and sat on every page until Reload.
    "Not now" removes it from this page, which stays the old version whole; the next page
    view offers it again while the new version waits."""
    deploy = new_deploy(built_site, tmp_path, rebrand=False)
    root_folder, sub_path = tmp_path / "pages", site_path(built_site)
    shutil.copytree(built_site, root_folder / sub_path)
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True)
    page = context.new_page()
    with serving(root_folder) as origin:
        root = f"{origin}/{sub_path}/"
        load_then_deploy(page, root, root_folder / sub_path, deploy)
        page.evaluate(CHECK_FOR_UPDATE)
        notice = page.get_by_role("status").filter(has_text="This course has been updated.")
        expect(notice).to_be_visible(timeout=30_000)
        notice.get_by_role("button", name="Not now").click()
        expect(notice).to_have_count(0)
        expect(page.locator("article")).not_to_contain_text("A sentence from the new deploy.")
        page.goto(root)
        expect(page.get_by_role("status").filter(has_text="This course has been updated.")).to_be_visible(timeout=30_000)
    context.close()


@pytest.mark.parametrize("viewport", [{"width": 390, "height": 844}, {"width": 1280, "height": 800}])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_update_notice_fits_and_reads_on_a_phone_and_a_laptop(
    browser: Browser, site_root: str, viewport: dict, scheme: str, tmp_path: Path
):
    """The notice as a learner sees it: inside the screen, its text and buttons readable
    (axe), each a 44 px target that the keyboard reaches, and covering no control of the
    page at any scroll position (issue 26: fixed at the bottom, it hid "Complete and continue")."""
    from coursekit.review.site_checks import serious_axe_violations

    context = browser.new_context(viewport=viewport, color_scheme=scheme, has_touch=viewport["width"] < 500)
    page = context.new_page()
    page.goto(site_root + LESSON)
    wait_for_offline_copy(page)
    # Show the notice exactly as course.js does when a new version waits.
    page.evaluate(
        """() => { const n = document.querySelector('.course-update'); const p = document.createElement('p');
           p.textContent = 'This course has been updated.'; const b = document.createElement('button');
           b.type = 'button'; b.textContent = 'Reload'; const later = document.createElement('button');
           later.type = 'button'; later.textContent = 'Not now'; later.className = 'course-update__later';
           n.append(p, b, later); }"""
    )
    notice = page.get_by_role("status")
    box = notice.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"]
    assert box["y"] + box["height"] <= viewport["height"]
    reload = notice.get_by_role("button", name="Reload")
    button = reload.bounding_box()
    assert button is not None and button["height"] >= 44 and button["width"] >= 44
    # It looks like a button: a filled shape, not a word in the text.
    background = reload.evaluate("el => getComputedStyle(el).backgroundColor")
    assert background not in (
        "rgba(0, 0, 0, 0)",
        page.locator(".course-update").evaluate("el => getComputedStyle(el).backgroundColor"),
    )
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")
    later = notice.get_by_role("button", name="Not now").bounding_box()
    assert later is not None and later["height"] >= 44 and later["width"] >= 44
    # No control of the page lies under it, wherever the page is scrolled.
    for scroll in (0, 400, 100_000):
        page.evaluate(f"window.scrollTo(0, {scroll})")
        covered = page.evaluate(
            """() => { const n = document.querySelector('.course-update').getBoundingClientRect();
               return [...document.querySelectorAll('a[href], button, input, select, textarea, label')]
                 .filter(el => !el.closest('.course-update'))
                 .filter(el => el.checkVisibility({opacityProperty: true, visibilityProperty: true}))
                 .filter(el => { const r = el.getBoundingClientRect(); return r.width && r.height
                   && r.left < n.right && r.right > n.left && r.top < n.bottom && r.bottom > n.top
                   && document.elementFromPoint((r.left + r.right) / 2, (r.top + r.bottom) / 2)?.closest('.course-update'); })
                 .map(el => el.textContent.trim() || el.outerHTML.slice(0, 60)); }"""
        )
        assert covered == [], (scroll, covered)
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(Path(os.environ.get("NOTICE_SHOTS", tmp_path)) / f"notice-{viewport['width']}-{scheme}.png"))
    assert serious_axe_violations(page) == []
    # Early in the tab order: right after Material's "Skip to content" link.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.classList.contains('md-skip')")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Reload"
    context.close()


def test_the_preview_retires_a_worker_left_by_a_built_site(browser: Browser, mini_project: Path):
    """An author who looked at a built site on 127.0.0.1:PORT and then runs the preview
    on the same address sees the preview, not the kept copy: the preview's sw.js
    deletes the copy and removes itself."""
    assert run_build(mini_project).returncode == 0
    port = free_port()
    pages = mini_project.parent / "pages"
    shutil.copytree(mini_project / "site", pages)  # at the root, where the preview serves too
    context = browser.new_context()
    page = context.new_page()
    with serving(pages, port) as origin:
        page.goto(f"{origin}/lessons/second-steps/")
        wait_for_offline_copy(page)
    edit(mini_project / "lessons/second-steps.md", "title: Second steps", "title: Steps seen in the preview")
    with preview(mini_project, port=port) as root:
        wait_for(root + "lessons/second-steps/", "Steps seen in the preview")
        page.goto(root + "lessons/second-steps/")
        expect(page.locator("article h1")).to_contain_text("Steps seen in the preview", timeout=30_000)
        page.wait_for_function("navigator.serviceWorker.getRegistrations().then(r => r.length === 0)", timeout=30_000)
        assert page.evaluate("caches.keys()") == []
        page.reload()
        assert page.evaluate("navigator.serviceWorker.controller") is None
        expect(page.locator("article h1")).to_contain_text("Steps seen in the preview")
    context.close()
