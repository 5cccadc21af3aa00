"""Longer courses: lessons grouped in tens in the nav, bounded pages, numbering past 99."""

from __future__ import annotations

import sys
from pathlib import Path

from bs4 import BeautifulSoup

from coursekit.core.loader import load_course
from coursekit.plugin import site_pages
from helpers import GARDEN, ROOT, run_build

sys.path.insert(0, str(ROOT / "benchmarks"))
from synthetic import make_course


def test_lessons_nest_in_groups_of_ten(tmp_path: Path):
    course = load_course(make_course(tmp_path / "c", 123, GARDEN) / "lessons")
    assert [lesson.number for lesson in course.lessons] == list(range(1, 124))  # 100 sorts after 099
    nav = site_pages.lessons_nav(course)
    assert [next(iter(entry)) for entry in nav] == ["Lessons 1–100", "Lessons 101–123"]
    first_hundred = nav[0]["Lessons 1–100"]
    assert len(first_hundred) == 10 and next(iter(first_hundred[0])) == "Lessons 1–10"
    assert first_hundred[0]["Lessons 1–10"][0] == {"1. Synthetic lesson 1": "lessons/synthetic-lesson-1.md"}
    for count in (7, 10):  # up to ten, the lessons stand flat
        flat = site_pages.lessons_nav(load_course(make_course(tmp_path / f"flat{count}", count, GARDEN) / "lessons"))
        assert len(flat) == count and all(isinstance(v, str) for e in flat for v in e.values())


def test_a_long_course_builds_with_bounded_pages(tmp_path: Path):
    project = make_course(tmp_path / "c", 35, GARDEN)
    result = run_build(project)
    assert result.returncode == 0, result.stderr
    site = project / "site"
    page = BeautifulSoup((site / "lessons/synthetic-lesson-23/index.html").read_text(encoding="utf-8"), "html.parser")
    nav_links = [a["href"] for a in page.select("nav.md-nav--primary a[href]")]
    lesson_links = [href for href in nav_links if "synthetic-lesson" in href]
    assert len(lesson_links) <= 14  # its own group of ten, plus the first lesson of each other group
    assert "../synthetic-lesson-21/" in lesson_links and "../synthetic-lesson-5/" not in lesson_links
    not_found = BeautifulSoup((site / "404.html").read_text(encoding="utf-8"), "html.parser")
    groups = {a.get_text(): a["href"] for a in not_found.select("article li a")}
    assert groups["Lessons 31–35"].endswith("/lessons/synthetic-lesson-31/")
    assert len(list((site / "emails").glob("*.eml"))) == 35
