"""The real MkDocs build of a fixture course (the garden course, seven lessons): pages, structure, no outside requests,
determinism, and what a failed build leaves behind."""

from __future__ import annotations

import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from coursekit.core import routes
from coursekit.core.loader import load_course
from helpers import GARDEN, fetch, make_project, preview, run_build, tree_digest, wait_for

COURSE = load_course(GARDEN)
NUMBERS = range(1, len(COURSE.lessons) + 1)


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def lesson_html(site: Path, number: int) -> BeautifulSoup:
    return soup(site / routes.lesson_url(COURSE.lessons[number - 1]) / "index.html")


def heading_text(heading) -> str:
    """A heading's text without its permalink sign."""
    return heading.get_text(strip=True).removesuffix("¶")


# -- structure -------------------------------------------------------------------


def test_home_lists_a_card_per_lesson_in_order(built_site):
    home = soup(built_site / "index.html")
    cards = home.select(".lesson-card")
    assert len(cards) == len(COURSE.lessons) == 7
    for card, lesson in zip(cards, COURSE.lessons):
        assert card.name == "a" and card["href"] == routes.lesson_url(lesson)  # the whole card is the link
        assert card.select_one(".lesson-card__title").get_text(strip=True) == lesson.title
        assert f"Lesson {lesson.number} · {lesson.minutes} min" in card.get_text()
        assert lesson.summary in card.get_text()
    assert home.select_one('meta[name="description"]')["content"] == COURSE.meta.tagline


def test_navigation_is_home_then_lessons_in_order(built_site):
    nav = soup(built_site / "index.html").select_one("nav.md-nav--primary")
    hrefs = [a["href"] for a in nav.select("a.md-nav__link[href]")]
    lesson_hrefs = [href for href in hrefs if href.startswith("lessons/") and href != "lessons/print/"]
    assert hrefs[0] == "."
    assert lesson_hrefs == [routes.lesson_url(lesson) for lesson in COURSE.lessons]


@pytest.mark.parametrize("number", NUMBERS)
def test_lesson_page_has_every_part(built_site, number):
    lesson = COURSE.lessons[number - 1]
    page = lesson_html(built_site, number)
    article = page.select_one("article")
    text = article.get_text(" ", strip=True)
    assert f"Lesson {number} of {len(COURSE.lessons)}" in text
    assert f"{lesson.minutes} min read" in text
    assert heading_text(article.select_one("h1")) == lesson.title
    objectives = [li.get_text(" ", strip=True) for li in article.select(".admonition.abstract li")]
    assert objectives == [" ".join(o.split()) for o in lesson.objectives]
    takeaways = [li.get_text(" ", strip=True) for li in article.select(".admonition.success li")]
    assert takeaways == [" ".join(t.split()) for t in lesson.takeaways]
    assert heading_text(article.select_one("h2#this-week")) == f"This week: {lesson.exercise_title}"
    reflect = article.select_one("h2#reflect").find_next_sibling("ul")
    assert [li.get_text(" ", strip=True) for li in reflect.select("li")] == [" ".join(q.split()) for q in lesson.reflection]
    assert page.select_one('meta[name="description"]')["content"] == lesson.summary
    assert page.select_one("title").get_text().startswith(lesson.title)


@pytest.mark.parametrize("number", NUMBERS)
def test_lesson_pager_links_previous_and_next(built_site, number):
    pager = lesson_html(built_site, number).select_one("nav.lesson-pager")
    previous, following = pager.select_one(".lesson-pager__prev"), pager.select_one(".lesson-pager__next")
    if number == 1:
        assert previous is None
    else:
        assert previous["href"] == f"../{COURSE.lessons[number - 2].slug}/"
    if number == len(COURSE.lessons):
        assert following["href"] == "../../#finished"
    else:
        assert following["href"] == f"../{COURSE.lessons[number].slug}/"


def test_a_lesson_keeps_its_table_and_figure(built_site):
    """Tables (Markdown) and a figure with Markdown inside (md_in_html) come through."""
    article = lesson_html(built_site, 5).select_one("article")
    table = article.select_one("table")
    assert [th.get_text(strip=True) for th in table.select("th")] == ["Plant", "Good companion"]
    assert len(table.select("tbody tr")) == 3
    figure = article.select_one("figure.spectrum")
    assert figure.select_one("figcaption").get_text(strip=True) == "From bare soil to a full bed"
    assert [li.strong.get_text(strip=True) for li in figure.select("ol > li")] == ["Bare", "Sown", "Full"]


def test_links_between_lessons_resolve_to_stable_urls(built_site):
    """A link to a lesson's file (sun-and-shade.md) goes to its stable address."""
    article = lesson_html(built_site, 3).select_one("article")
    assert article.find("a", string="the previous lesson")["href"] == "../sun-and-shade/"


# -- no outside requests ----------------------------------------------------------

LOADING = {
    "script": "src",
    "img": "src",
    "iframe": "src",
    "audio": "src",
    "video": "src",
    "source": "src",
    "embed": "src",
    "object": "data",
    "track": "src",
}


def outside_references(html: BeautifulSoup) -> list[str]:
    found = []
    for tag, attribute in LOADING.items():
        found += [el[attribute] for el in html.find_all(tag) if el.get(attribute, "").startswith(("http:", "https:", "//"))]
    for link in html.find_all("link"):
        rel = set(link.get("rel", []))
        if rel - {"canonical", "alternate"} and link.get("href", "").startswith(("http:", "https:", "//")):
            found.append(link["href"])
    for el in html.find_all(srcset=True):
        found += [part for part in el["srcset"].split() if part.startswith(("http:", "https:", "//"))]
    for style in html.find_all("style"):
        if "url(http" in style.get_text() or "@import" in style.get_text():
            found.append("inline style loads " + style.get_text()[:60])
    return found


def test_no_page_loads_anything_from_another_origin(built_site):
    pages = sorted(built_site.rglob("*.html"))
    assert len(pages) >= 12
    for page in pages:
        assert outside_references(soup(page)) == [], page


def test_stylesheets_load_no_outside_fonts(built_site):
    for css in built_site.rglob("*.css"):
        text = css.read_text(encoding="utf-8")
        assert "fonts.googleapis" not in text and "@import url(http" not in text, css


def test_the_checker_catches_an_outside_script():
    planted = BeautifulSoup(
        '<script src="https://cdn.example.com/x.js"></script><link rel="stylesheet" href="//fonts.example.com/a.css">',
        "html.parser",
    )
    assert outside_references(planted) == ["https://cdn.example.com/x.js", "//fonts.example.com/a.css"]


# -- determinism and safety of the build -------------------------------------------


def test_two_builds_are_byte_identical(built_site, tmp_path):
    project = make_project(tmp_path / "again", GARDEN)
    again = project / "site"
    result = run_build(project, again)
    assert result.returncode == 0, result.stderr
    assert tree_digest(again) == tree_digest(built_site)


def test_failed_build_keeps_previous_site_and_prints_one_clear_message(mini_project):
    assert run_build(mini_project).returncode == 0
    before = tree_digest(mini_project / "site")
    lesson = mini_project / "lessons" / "second-steps.md"
    lesson.write_text(lesson.read_text(encoding="utf-8").replace("summary:", "sumary:"), encoding="utf-8")
    result = run_build(mini_project)
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert ("lessons/second-steps.md:3: field 'sumary': is not a known field. Fix: did you mean 'summary'?") in output
    assert "Traceback" not in output
    assert tree_digest(mini_project / "site") == before
    assert not [p for p in mini_project.iterdir() if p.name.startswith(".site-")]


def test_plain_mkdocs_build_also_stops_with_the_message(mini_project):
    lesson = mini_project / "lessons" / "third-steps.md"
    lesson.write_text(lesson.read_text(encoding="utf-8").replace("(first-steps.md)", "(09-nowhere.md)"), encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build"], cwd=mini_project, capture_output=True, text=True)
    assert result.returncode == 1
    assert (
        "lessons/third-steps.md:19: links to lesson '09-nowhere.md', which does not exist. "
        "Fix: link to one of the lesson files, e.g. first-steps.md"
    ) in result.stderr
    assert "Traceback" not in result.stderr


def test_strict_mode_rejects_a_broken_link_to_any_page(mini_project):
    lesson = mini_project / "lessons" / "first-steps.md"
    text = lesson.read_text(encoding="utf-8").replace("## This week:", "See [the glossary](glossary.md).\n\n## This week:")
    lesson.write_text(text, encoding="utf-8")
    result = run_build(mini_project)
    assert result.returncode != 0
    assert "glossary.md" in result.stdout + result.stderr
    assert not (mini_project / "site").exists()


def test_site_url_follows_the_environment(mini_project):
    result = run_build(mini_project, SITE_URL="https://someone.github.io/their-fork/")
    assert result.returncode == 0, result.stderr
    canonical = soup(mini_project / "site" / "index.html").select_one('link[rel="canonical"]')["href"]
    assert canonical == "https://someone.github.io/their-fork/"


# -- mkdocs serve --------------------------------------------------------------------


def test_serve_rebuilds_when_a_lesson_changes(mini_project):
    with preview(mini_project) as root:
        url = root + "lessons/second-steps/"
        assert "Second steps" in wait_for(url, "Second steps")
        lesson = mini_project / "lessons" / "second-steps.md"
        lesson.write_text(
            lesson.read_text(encoding="utf-8").replace("title: Second steps", "title: Renamed steps"), encoding="utf-8"
        )
        assert "Renamed steps" in wait_for(url, "Renamed steps")


def test_serve_refreshes_before_the_downloads_and_emails_then_they_follow(mini_project):
    """The preview does not hold the page refresh for the PDF and the emails (issue 15):
    they are written after it, by a process that a later save stops before MkDocs empties
    the folder; after each save they are there again."""
    import urllib.request

    def status(url: str) -> int:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.status
        except OSError:
            return 0

    with preview(mini_project) as root:
        for attempt in range(2):
            title = f"Steps, save {attempt}"
            lesson = mini_project / "lessons" / "second-steps.md"
            text = lesson.read_text(encoding="utf-8")
            lesson.write_text(re.sub(r"(?m)^title: .*$", f"title: {title}", text, count=1), encoding="utf-8")
            assert title in wait_for(root + "lessons/second-steps/", title)
            deadline = time.monotonic() + 60
            email = root + "emails/02-second-steps.txt"  # its own lesson's title, from this save
            wanted = [email, root + "downloads/mini-course-habits.pdf"]
            while time.monotonic() < deadline and (any(status(url) != 200 for url in wanted) or title not in fetch(email)):
                time.sleep(0.2)
            assert [status(url) for url in wanted] == [200, 200]
            assert title in fetch(email)
