"""The installable course as files: the web app manifest, and the service worker's
list of what it keeps, read off the built site (the browser side is in
tests/e2e/test_offline.py)."""

from __future__ import annotations

import base64
import hashlib
import json
import re
import subprocess
import xml.etree.ElementTree as etree
from pathlib import Path

from bs4 import BeautifulSoup
from PIL import Image

from coursekit.core import routes
from coursekit.core.loader import load_course
from coursekit.outputs import offline
from helpers import GARDEN, edit, fetch, preview, published, run_build, wait_for

SITE_URL = "https://garden.example.org/kitchen-garden/"  # the garden fixture's site_url


def kept_files(site: Path) -> list[list[str]]:
    match = re.search(r"^const FILES = (.*);$", (site / "sw.js").read_text(encoding="utf-8"), re.M)
    assert match, "sw.js holds no FILES list"
    return json.loads(match.group(1))


def test_the_manifest_has_what_browsers_need_to_install(built_site: Path):
    """W3C Web Application Manifest (https://www.w3.org/TR/appmanifest/) and Chromium's
    installability criteria (https://web.dev/articles/install-criteria: name or
    short_name, icons of 192 and 512 px, start_url, display standalone): URLs relative
    to the manifest, so the course installs under /<repo>/ or on its own domain."""
    manifest = json.loads((built_site / "manifest.webmanifest").read_text(encoding="utf-8"))
    assert manifest["name"] == "Kitchen Garden Basics" and manifest["short_name"] == "Garden"
    assert manifest["start_url"] == manifest["scope"] == manifest["id"] == "./"
    assert manifest["display"] == "standalone"
    assert manifest["theme_color"] == "#2e6b30" and re.fullmatch(r"#[0-9a-f]{6}", manifest["background_color"])
    sizes = {}
    for icon in manifest["icons"]:
        assert not icon["src"].startswith(("/", "http")), "icon addresses are relative to the manifest"
        with Image.open(built_site / icon["src"]) as picture:
            assert f"{picture.size[0]}x{picture.size[1]}" == icon["sizes"] and picture.format == "PNG"
        sizes.setdefault(icon["purpose"], set()).add(icon["sizes"])
    assert {"192x192", "512x512"} <= sizes["any"] and "512x512" in sizes["maskable"]


def test_every_page_links_the_manifest_and_the_worker(built_site: Path):
    for page in [built_site / "404.html", *built_site.rglob("index.html")]:
        if page.parent.name == "emails":
            continue
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        base = page.parent.relative_to(built_site).as_posix()
        manifest = soup.find("link", rel="manifest")["href"]
        worker = soup.find("meta", attrs={"name": "coursekit-service-worker"})["content"]
        if page.name == "404.html":  # shown at any depth: absolute paths
            assert (manifest, worker) == ("/kitchen-garden/manifest.webmanifest", "/kitchen-garden/sw.js")
        else:
            assert (built_site / base / manifest).resolve() == (built_site / "manifest.webmanifest").resolve()
            assert (built_site / base / worker).resolve() == (built_site / "sw.js").resolve()


def test_the_worker_keeps_every_page_and_what_it_needs(built_site: Path):
    """Every page in the sitemap, the 404 page, the search index and search worker, the
    downloads, the icons; each with the SHA-256 (as Subresource Integrity writes it) of
    the file as built. Only relative addresses: nothing from another origin."""
    files = dict(kept_files(built_site))
    sitemap = etree.parse(built_site / "sitemap.xml").getroot()
    pages = [loc.text.removeprefix(SITE_URL) or "./" for loc in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert len(pages) >= 7 + 5 and set(pages) <= set(files)  # the lessons, home, quiz, chart, emails, print
    needed = [
        "404.html",
        "search/search_index.json",
        "manifest.webmanifest",
        *(published(built_site, name) for name in (*routes.KIT_ASSETS, routes.BRAND_CSS)),
        "assets/icons/icon-192.png",
        "downloads/kitchen-garden-garden-habits.pdf",
        "downloads/kitchen-garden-garden-habits-letter.pdf",
        "downloads/kitchen-garden-garden-habits.csv",
        "emails/",
        "emails/01-soil-first.html",
    ]
    assert set(needed) <= set(files)
    assert any(re.fullmatch(r"assets/javascripts/workers/search\.[0-9a-f]+\.min\.js", url) for url in files)
    assert any(re.fullmatch(r"assets/javascripts/bundle\.[0-9a-f]+\.min\.js", url) for url in files)
    for url, integrity in files.items():
        assert not re.match(r"[a-z]+:|/", url), url
        path = built_site / (url + "index.html" if url.endswith("/") else url)
        if url == "./":
            path = built_site / "index.html"
        assert integrity == "sha256-" + base64.b64encode(hashlib.sha256(path.read_bytes()).digest()).decode(), url
    # Not kept: link-preview pictures, source maps, and the email course's files for the
    # author (messages, mailbox, the services' imports): every learner's device would hold them.
    assert not [url for url in files if url.startswith("assets/cards/") or url.endswith(".map")]
    assert not [url for url in files if url.startswith("emails/") and url.endswith((".json", ".eml", ".txt", ".mbox"))]
    assert (built_site / "emails" / "kitchen-garden.mbox").is_file()  # still published, for the author


def test_every_file_a_page_refers_to_is_kept(built_site: Path):
    """Whatever a page loads (stylesheets, scripts, pictures, icons) is in the copy."""
    files = set(dict(kept_files(built_site)))
    for page in built_site.rglob("index.html"):
        if page.parent.name == "emails":
            continue
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        base = page.parent
        for tag in soup.find_all(["link", "script", "img"]):
            ref = tag.get("href") if tag.name == "link" else tag.get("src")
            if not ref or ref.startswith(("http", "data:")) or (tag.name == "link" and tag.get("rel") == ["canonical"]):
                continue
            if tag.name == "link" and tag.get("rel") in (["prev"], ["next"]):
                continue
            target = (base / ref.split("#")[0]).resolve().relative_to(built_site.resolve()).as_posix()
            assert target in files, f"{page.relative_to(built_site)} loads {ref}, which the offline copy lacks"


def test_the_build_reports_the_size_of_the_offline_copy(mini_project: Path):
    result = run_build(mini_project)
    match = re.search(r"offline copy: (\d+) files, ([\d.]+) MB \(([\d.]+) MB to download", result.stderr)
    assert match, result.stderr
    files = kept_files(mini_project / "site")
    assert int(match[1]) == len(files)
    size = sum(
        (mini_project / "site" / ("index.html" if u == "./" else u + "index.html" if u.endswith("/") else u)).stat().st_size
        for u, _ in files
    )
    assert abs(float(match[2]) - size / 1e6) < 0.006 and float(match[3]) < float(match[2])


def test_a_changed_lesson_changes_the_worker_and_only_its_own_digests(mini_project: Path):
    """The worker's bytes change with any file it keeps (browsers then install the new
    version); unchanged files keep their digests, so they are not downloaded again."""
    assert run_build(mini_project).returncode == 0
    before = dict(kept_files(mini_project / "site"))
    edit(mini_project / "lessons/second-steps.md", "## ", "## Newly written, ")
    assert run_build(mini_project).returncode == 0
    after = dict(kept_files(mini_project / "site"))
    changed = {url for url in after if after[url] != before.get(url)}
    assert "lessons/second-steps/" in changed and "lessons/print/" in changed
    assert not [url for url in changed if url.startswith("assets/")] and "lessons/first-steps/" not in changed
    assert published(mini_project / "site", "assets/course.js") in after  # the same name: not fetched again
    assert "search/search_index.json" in changed


def test_the_preview_has_no_worker_only_one_that_retires(mini_project: Path):
    """`./course serve` changes with every save: its pages register no worker, and its
    sw.js replaces one left by an earlier visit to a built site at the same address,
    deleting that copy."""
    with preview(mini_project) as root:
        home = wait_for(root, "First steps")
        assert 'rel="manifest"' in home and "coursekit-service-worker" not in home
        worker = fetch(root + "sw.js")
        assert "unregister()" in worker and "const FILES" not in worker


def test_both_workers_are_valid_javascript(built_site: Path, tmp_path: Path):
    """node --check parses each, so a syntax slip in a template never ships."""
    (tmp_path / "sw.js").write_bytes((built_site / "sw.js").read_bytes())
    subprocess.run(["node", "--check", str(tmp_path / "sw.js")], check=True)
    offline.write_retiring_worker(tmp_path, load_course(GARDEN, site_url=None))
    subprocess.run(["node", "--check", str(tmp_path / "sw.js")], check=True)


def test_a_large_copy_is_named_in_a_warning(built_site: Path, monkeypatch):
    """Learners fetch the whole copy on their first visit: the author hears when it is big."""
    copy = offline.offline_copy(built_site, "/kitchen-garden/")
    assert copy.warning() is None  # this course: well under a megabyte to download
    monkeypatch.setattr(offline, "LARGE_COPY", copy.compressed - 1)
    warning = copy.warning()
    assert warning is not None and "offline copy is" in warning and "first visit" in warning


def test_pages_measured_while_written_are_used_only_if_the_file_is_as_measured(tmp_path: Path):
    """Pages are hashed in threads as MkDocs writes them; at the end a page's file is
    not read again when its size matches, and is measured afresh when it does not."""
    site = tmp_path / "site"
    (site / "a").mkdir(parents=True)
    (site / "index.html").write_text('<link href="a/style.css">', encoding="utf-8")
    (site / "a" / "index.html").write_text("<p>A</p>", encoding="utf-8")
    (site / "a" / "style.css").write_text("p{}", encoding="utf-8")
    (site / "404.html").write_text("<h1>Not found</h1>", encoding="utf-8")
    measures = offline.PageMeasures()
    measures.written("index.html", '<link href="a/style.css">')  # as written
    measures.written("a/index.html", "<p>B</p>")  # same size, other bytes: trusted, as the test plants
    measures.written("404.html", "<h1>Not found, old</h1>")  # another size: measured again
    copy = dict(offline.offline_copy(site, "/", measures).files)
    measures.close()
    fresh = dict(offline.offline_copy(site, "/").files)
    assert set(copy) == set(fresh) == {"./", "a/", "a/style.css", "404.html"}
    assert copy["./"] == fresh["./"] and copy["404.html"] == fresh["404.html"]
    assert copy["a/"] != fresh["a/"]  # proof that the measured page was used, not the file
