"""Synthetic courses for the benchmarks (and the kit's scale tests): N lessons made from
the lessons of a source course (the example in lessons/ by default; the tests pass a fixture).

Each synthetic lesson is a source lesson's text (about 1,000-1,200 words) with a new
slug and title, listed in course.yml, and with its links to other lessons pointed
at lessons that exist in the synthetic course, so the build is as strict as the real one.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

from coursekit.core.loader import load_course

ROOT = Path(__file__).resolve().parent.parent
LESSON_LINK = re.compile(r"\]\(([a-z0-9-]+)\.md")


def lesson_slug(number: int) -> str:
    return f"synthetic-lesson-{number}"


def make_course(target: Path, lessons: int, source: Path = ROOT / "lessons") -> Path:
    """A project folder in `target` with mkdocs.yml, docs/ and a course of `lessons` lessons
    made from the course in `source`."""
    target.mkdir(parents=True, exist_ok=True)
    for name in ("mkdocs.yml",):
        shutil.copy(ROOT / name, target / name)
    for folder in ("docs", "hooks"):
        shutil.copytree(ROOT / folder, target / folder, dirs_exist_ok=True)
    config = (target / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("custom_dir: coursekit/theme", f"custom_dir: {ROOT / 'coursekit' / 'theme'}")
    (target / "mkdocs.yml").write_text(config, encoding="utf-8")
    course_dir = target / "lessons"
    course_dir.mkdir(exist_ok=True)
    real = load_course(source)
    position = {lesson.slug: lesson.number for lesson in real.lessons}
    meta = (source / "course.yml").read_text(encoding="utf-8")
    listing = "lessons:\n" + "".join(f"  - {lesson_slug(n)}\n" for n in range(1, lessons + 1))
    meta = re.sub(r"(?ms)^lessons:.*?\n(?=[a-z_]+:)", listing, meta)
    # A course ready to send has an unsubscribe page (the build warns without one).
    unsubscribe = r"\1  unsubscribe_url: https://mail.example.org/unsubscribe\n"
    meta = re.sub(r"(?m)^(  reason: .*\n)", unsubscribe, meta, count=1)
    (course_dir / "course.yml").write_text(meta, encoding="utf-8")
    assessment = (source / "assessment.yml").read_text(encoding="utf-8")
    assessment = re.sub(
        r"(?m)^(\s+lesson: )([a-z0-9-]+)$", lambda m: m[1] + lesson_slug(min(position[m[2]], lessons)), assessment
    )
    (course_dir / "assessment.yml").write_text(assessment, encoding="utf-8")
    for number in range(1, lessons + 1):
        source = real.lessons[(number - 1) % len(real.lessons)].source
        text = source.read_text(encoding="utf-8")
        text = re.sub(r"^title: .*$", f'title: "Synthetic lesson {number}"', text, count=1, flags=re.M)
        text = LESSON_LINK.sub(lambda m: "](" + lesson_slug(min(position.get(m[1], 1), lessons)) + ".md", text)
        (course_dir / f"{lesson_slug(number)}.md").write_text(text, encoding="utf-8")
    return target


def make_plain(course: Path, target: Path, nav: list[Any]) -> Path:
    """A plain mkdocs-material project with the same lesson Markdown and the same nav.

    The theme settings are the course's (fonts, palette, features, search), without
    the course's hooks, stylesheet or script: the baseline the course is compared to.
    """
    import yaml

    docs = target / "docs"
    (docs / "lessons").mkdir(parents=True, exist_ok=True)
    for lesson in sorted((course / "lessons").glob("*.md")):
        shutil.copy(lesson, docs / "lessons" / lesson.name)
    meta = yaml.safe_load((course / "lessons" / "course.yml").read_text(encoding="utf-8"))
    (docs / "index.md").write_text(f"# {meta['title']}\n\n" + "\n\n".join(meta["pitch"]) + "\n", encoding="utf-8")
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    for key in ("hooks", "extra_css", "extra_javascript", "validation", "strict"):
        config.pop(key, None)
    config["theme"].pop("custom_dir", None)
    config["site_name"] = meta["title"]
    config["site_url"] = meta["site_url"]
    config["docs_dir"] = "docs"
    config["nav"] = nav
    (target / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return target


def make_same_pages(course: Path, target: Path) -> Path:
    """A plain mkdocs-material project of the course's own generated pages: each page's
    Markdown as the course makes it, with the HTML the build adds (cards, pager, list of
    emails) already in, the course's nav and theme settings, no hooks. What plain
    Material takes for the same pages, so that the course's own cost shows apart from
    the cost of its larger and additional pages. (The print page keeps its marker: the
    lessons' HTML is not copied into it.)"""
    import json

    import yaml

    from coursekit.core import routes
    from coursekit.outputs.emails.draft import draft_emails
    from coursekit.plugin import site_pages

    model = load_course(course / "lessons")
    drafts = draft_emails(model)
    pages = {
        routes.HOME_SOURCE: site_pages.fill_home_page(site_pages.render_home_page(model), site_pages.home_cards(model)),
        routes.PRINT_SOURCE: site_pages.render_print_page(model, 0),
        routes.QUIZ_SOURCE: site_pages.render_quiz_page(model),
        routes.CHART_SOURCE: site_pages.render_chart_page(model),
        routes.EMAIL_SOURCE: site_pages.fill_email_course_page(
            site_pages.render_email_course_page(model, drafts), site_pages.email_list(drafts)
        ),
    }
    for lesson in model.lessons:
        footer = site_pages.render_lesson_footer(model, lesson)
        pages[routes.lesson_source(lesson)] = site_pages.render_lesson_page(model, lesson) + "\n" + footer
    for source, text in pages.items():
        (target / "docs" / source).parent.mkdir(parents=True, exist_ok=True)
        (target / "docs" / source).write_text(text, encoding="utf-8")
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    for key in ("hooks", "extra_css", "extra_javascript", "validation", "strict"):
        config.pop(key, None)
    config["theme"].pop("custom_dir", None)
    config.update(site_name=model.meta.title, site_url=model.meta.site_url, docs_dir="docs")
    config["nav"] = json.loads(json.dumps(site_pages.navigation(model)))  # Markup titles as plain strings
    (target / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return target
