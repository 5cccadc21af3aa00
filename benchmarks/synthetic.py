"""Synthetic courses for the benchmarks: N lessons made from the real ten, renumbered.

Each synthetic lesson is a real lesson's text (about 1,000-1,200 words) with a new
number, slug and title, and with its links to other lessons pointed at lessons
that exist in the synthetic course, so the build is as strict as the real one.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LESSON_LINK = re.compile(r"\]\((\d{2})-[a-z0-9-]+\.md")


def lesson_name(number: int, width: int) -> str:
    return f"{number:0{width}d}-synthetic-lesson-{number}.md"


def make_course(target: Path, lessons: int) -> Path:
    """A project folder in `target` with mkdocs.yml, docs/ and a course of `lessons` lessons."""
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
    meta = (ROOT / "lessons" / "course.yml").read_text(encoding="utf-8")
    (course_dir / "course.yml").write_text(re.sub(r"lesson_count: \d+", f"lesson_count: {lessons}", meta), encoding="utf-8")
    assessment = (ROOT / "lessons" / "assessment.yml").read_text(encoding="utf-8")
    (course_dir / "assessment.yml").write_text(assessment, encoding="utf-8")
    sources = sorted((ROOT / "lessons").glob("[0-9][0-9]-*.md"))
    width = max(2, len(str(lessons)))
    for number in range(1, lessons + 1):
        text = sources[(number - 1) % len(sources)].read_text(encoding="utf-8")
        text = re.sub(r"^title: .*$", f'title: "Synthetic lesson {number}"', text, count=1, flags=re.M)
        text = LESSON_LINK.sub(lambda m: "](" + lesson_name(min(int(m[1]), lessons), width), text)
        (course_dir / lesson_name(number, width)).write_text(text, encoding="utf-8")
    return target


def make_plain(course: Path, target: Path, nav: list) -> Path:
    """A plain mkdocs-material project with the same lesson Markdown and the same nav.

    The theme settings are the course's (fonts, palette, features, search), without
    the course's hooks, stylesheet or script: the baseline the course is compared to.
    """
    import yaml

    docs = target / "docs"
    (docs / "lessons").mkdir(parents=True, exist_ok=True)
    for lesson in sorted((course / "lessons").glob("[0-9]*.md")):
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
