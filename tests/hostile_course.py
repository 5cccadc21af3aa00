"""A course whose every plain-text field is hostile: HTML, attribute breakers,
ampersands, quotes, Markdown syntax and template syntax. Built by the tests that
check that plain text stays plain on every output."""

from __future__ import annotations

import json
import re
from pathlib import Path

from helpers import FIXTURES, make_project

# Each must show exactly as typed, and none may run or be read as markup or template.
HOSTILE = 'Ask <why>, not "what" & how\'s *it* <script>alert(1)</script> "><img src=x onerror=alert(2)> {{ 7*7 }}'
SHORT = '<b>bold</b> & "q" {{ x }}'
# Cells a spreadsheet would run as formulas (OWASP "CSV Injection").
FORMULAS = {"rated": '=HYPERLINK("https://evil.example","click")', "instead": "-2+3", "dimension": "@People"}


# The assessment's own words, under their length limits.
SHORT_FIELDS = {
    "title": f"assessment {SHORT}",
    "chart title": f"chart {SHORT}",
    "instead heading": f"left {SHORT}",
    "rated heading": f"right {SHORT}",
}


# The same attacks, within the 80 characters a course title or a sender's name may have.
HOSTILE_SHORT = '<script>alert(1)</script> "><img src=x onerror=alert(2)> & {{ 7*7 }}'
LIMITED = ("title", "organisation", "from_name", "dimension", "band")


def variant(name: str) -> str:
    """A hostile text that names its field, so a test can tell which field leaked."""
    return f"{name}: {HOSTILE_SHORT if name in LIMITED else HOSTILE}"


def q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def make_hostile_project(target: Path) -> Path:
    project = make_project(target, FIXTURES / "mini-course" / "lessons")
    lessons = project / "lessons"
    course = (lessons / "course.yml").read_text(encoding="utf-8")
    for key in ("title", "tagline", "organisation"):
        course = re.sub(rf"(?m)^{key}: .*$", f"{key}: {q(variant(key))}", course)
    for key in ("from_name", "postal_address", "reason"):
        course = re.sub(rf"(?m)^  {key}: .*$", f"  {key}: {q(variant(key))}", course)
    course = course.replace("      list: mini", f"      list: {q(variant('hidden'))}")
    course = re.sub(
        r"(?m)^  unsubscribe_url: .*$", "  unsubscribe_url: https://mail.tests.example.org/unsubscribe?list=1&user=2", course
    )
    assert "unsubscribe?list=1&user=2" in course
    (lessons / "course.yml").write_text(course, encoding="utf-8")

    for index, slug in enumerate(("first-steps", "second-steps", "third-steps"), start=1):
        path, n = lessons / f"{slug}.md", f"{index:02d}"
        text = path.read_text(encoding="utf-8")
        text = re.sub(r"(?m)^title: .*$", f"title: {q(variant('lesson ' + n + ' title'))}", text)
        text = re.sub(r"(?m)^summary: .*$", f"summary: {q(variant('summary ' + n))}", text)
        text = re.sub(r"(?m)^  subject: .*$", f"  subject: {q(variant('subject ' + n))}", text)
        text = re.sub(r"(?m)^(  - )(The first point of lesson \d)$", lambda m, n=n: m[1] + q(variant("takeaway " + n)), text)
        text = re.sub(r"(?m)^(  - )(Name the idea of lesson \d)$", lambda m, n=n: m[1] + q(variant("objective " + n)), text)
        path.write_text(text, encoding="utf-8")

    assessment = (lessons / "assessment.yml").read_text(encoding="utf-8")
    assessment = assessment.replace("question: How often do you do this?", f"question: {q(variant('question'))}")
    assessment = assessment.replace(
        "scale: [Never, Rarely, Sometimes, Often, Always]",
        "scale: [" + ", ".join(q(f"{label} {SHORT}") for label in ("Never", "Rarely", "Sometimes", "Often", "Always")) + "]",
    )
    assessment = assessment.replace("    name: Goals", f"    name: {q(variant('dimension'))}")
    assessment = assessment.replace("    name: People", f"    name: {q(FORMULAS['dimension'])}")
    assessment = assessment.replace("    rated: I explain why.", f"    rated: {q(FORMULAS['rated'])}")
    assessment = assessment.replace("    instead: I give orders.", f"    instead: {q(FORMULAS['instead'])}")
    assessment = assessment.replace("    rated: I set goals together.", f"    rated: {q(variant('rated'))}")
    assessment = assessment.replace("    instead: I set targets alone.", f"    instead: {q(variant('instead'))}")
    assessment = assessment.replace("title: Are you on your way?", f"title: {q(SHORT_FIELDS['title'])}")
    assessment = assessment.replace("  title: First habits and better ones", f"  title: {q(SHORT_FIELDS['chart title'])}")
    assessment = assessment.replace("    instead: First habit", f"    instead: {q(SHORT_FIELDS['instead heading'])}")
    assessment = assessment.replace("    rated: Better habit", f"    rated: {q(SHORT_FIELDS['rated heading'])}")
    assessment = assessment.replace("  - name: Managing", f"  - name: {q(variant('band'))}")
    assessment = assessment.replace("    advice: Start with one lesson.", f"    advice: {q(variant('advice'))}")
    (lessons / "assessment.yml").write_text(assessment, encoding="utf-8")
    return project
