"""Plain text keeps every character on the pages: titles, summaries and the tagline with
characters outside Unicode's basic plane (emoji), right-to-left text, combining marks,
zero-width joiners and CJK, mixed with markup. Generated pages carry no course text
through YAML front matter, so nothing can turn a title into a block of text on the page
or into markup in the page's <title> (issue 23)."""

from __future__ import annotations

import csv
import email.header
import email.policy
import email.utils
import io
import json
import random
import re
from email.parser import BytesParser
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from helpers import FIXTURES, edit, make_project, own_docs, run_build

# Characters that have broken plain text somewhere: astral emoji (JSON escapes them as
# surrogate pairs, which YAML refuses), a ZWJ sequence, RTL, combining marks, CJK, markup.
POOL = ["🚀", "👩‍🏫", "שלום", "مرحبا", "e\u0301", "中文", "\u200b", "&amp;", "<b>", "</title>", '"', "'", "*", "{{ x }}", "#"]


def unicode_text(rng: random.Random, label: str) -> str:
    """A one-line text that names its field and holds a random draw from POOL."""
    return f"{label} " + " ".join(rng.choice(POOL) for _ in range(6))


def q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def text_of(html: str, selector: str) -> str:
    return BeautifulSoup(html, "html.parser").select_one(selector).get_text()


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_every_character_of_a_title_shows_as_typed(tmp_path: Path, seed: int):
    rng = random.Random(seed)
    project = make_project(tmp_path / "course", FIXTURES / "mini-course" / "lessons")
    lessons = project / "lessons"
    fields = {
        "title": unicode_text(rng, "course"),
        "tagline": unicode_text(rng, "tagline"),
        "lesson": unicode_text(rng, "lesson"),
        "summary": unicode_text(rng, "summary"),
        "chart": unicode_text(rng, "chart")[:60],
        "organisation": unicode_text(rng, "organisation"),
        "quiz": unicode_text(rng, "quiz"),
        "dimension": unicode_text(rng, "dimension"),
        "subject": unicode_text(rng, "subject"),
        "sender": unicode_text(rng, "sender"),
    }
    edit(lessons / "course.yml", "title: Mini Course", f"title: {q(fields['title'])}")
    edit(lessons / "course.yml", "tagline: A three-lesson course used by the tests.", f"tagline: {q(fields['tagline'])}")
    edit(lessons / "first-steps.md", "title: First steps", f"title: {q(fields['lesson'])}")
    summary = "summary: What the reader gets from lesson 1, in one sentence."
    edit(lessons / "first-steps.md", summary, f"summary: {q(fields['summary'])}")
    edit(lessons / "assessment.yml", "  title: First habits and better ones", f"  title: {q(fields['chart'])}")
    edit(lessons / "course.yml", "organisation: Test Org", f"organisation: {q(fields['organisation'])}")
    edit(lessons / "assessment.yml", "title: Are you on your way?", f"title: {q(fields['quiz'])}")
    edit(lessons / "assessment.yml", "    name: Goals", f"    name: {q(fields['dimension'])}")
    edit(lessons / "first-steps.md", '  subject: "Lesson 1: First steps"', f"  subject: {q(fields['subject'])}")
    edit(lessons / "course.yml", "  from_name: Test Sender", f"  from_name: {q(fields['sender'])}")
    result = run_build(project)
    assert result.returncode == 0, result.stderr
    site = project / "site"

    lesson = (site / "lessons/first-steps/index.html").read_text(encoding="utf-8")
    page = BeautifulSoup(lesson, "html.parser")
    assert page.title.get_text() == f"{fields['lesson']} - {fields['title']}"
    assert page.select_one('meta[name="description"]')["content"] == fields["summary"]
    assert page.select_one("article h1").get_text().removesuffix("¶") == fields["lesson"]
    assert not re.search(r"(?m)^\s*(title|description):", page.select_one("article").get_text())
    assert page.select("article h1 b, nav b") == []  # the "<b>" in the text stays text

    home = BeautifulSoup((site / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert home.select_one('meta[name="description"]')["content"] == fields["tagline"]
    assert home.title.get_text() == fields["title"]
    chart = BeautifulSoup((site / "chart/index.html").read_text(encoding="utf-8"), "html.parser")
    assert chart.title.get_text() == f"{fields['chart']} chart - {fields['title']}"
    manifest = json.loads((site / "manifest.webmanifest").read_text(encoding="utf-8"))
    assert manifest["name"] == fields["title"]
    sequence = json.loads((site / "emails/sequence.json").read_text(encoding="utf-8"))
    assert sequence["title"] == fields["title"]
    assert home.select_one(".md-copyright").get_text(" ", strip=True).endswith(fields["organisation"].strip())
    quiz = BeautifulSoup((site / "self-assessment/index.html").read_text(encoding="utf-8"), "html.parser")
    assert quiz.select_one("article h1").get_text().removesuffix("¶") == fields["quiz"]
    assert quiz.select_one("h2#dimension-goals").get_text().removesuffix("¶") == fields["dimension"]
    raw = (site / "emails/01-first-steps.eml").read_bytes()
    message = BytesParser(policy=email.policy.default).parsebytes(raw)
    assert message["Subject"] == fields["subject"]  # RFC 2047 encoded words, read back whole
    # RFC 2047 6.2: white space between adjacent encoded words is ignored. Python's address
    # parser adds a space there (so it reads "<b> <b>" split across words as "<b> < b>"):
    # the header is decoded as the RFC says, as mail clients do, then parsed as an address.
    header = BytesParser(policy=email.policy.compat32).parsebytes(raw)["From"]
    decoded = str(email.header.make_header(email.header.decode_header(header)))
    if fields["sender"].isascii():  # a quoted string (RFC 5322 3.2.4)
        assert email.utils.parseaddr(decoded) == (fields["sender"], "course@tests.example.org")
    else:  # encoded words: the name, exactly, then the address
        assert decoded == f"{fields['sender']} <course@tests.example.org>"


def test_a_docs_page_whose_front_matter_is_not_yaml_stops_the_build(tmp_path: Path):
    """MkDocs shows a front matter block it cannot read as text on the page, silently:
    the build stops instead, naming the file."""
    project = make_project(tmp_path / "course", FIXTURES / "mini-course" / "lessons")
    own_docs(project)
    (project / "docs" / "about.md").write_text("---\ntitle: About: us\n---\n# About\n", encoding="utf-8")
    result = run_build(project)
    assert result.returncode != 0
    assert "about.md:1: its front matter (the block between the '---' lines) is not valid YAML" in result.stderr


def test_a_docs_page_that_opens_with_a_rule_is_a_page(tmp_path: Path):
    """Two '---' lines with text between are a horizontal rule, not front matter."""
    project = make_project(tmp_path / "course", FIXTURES / "mini-course" / "lessons")
    own_docs(project)
    (project / "docs" / "about.md").write_text("---\n\nA note between two rules.\n\n---\n\n# About\n", encoding="utf-8")
    edit(project / "mkdocs.yml", "validation:", "not_in_nav: /about.md\nvalidation:")
    result = run_build(project)
    assert result.returncode == 0, result.stderr


# Scripts the kit's typeface (DejaVu Sans) draws, with markup and marks: each must come
# back out of the PDF exactly (pypdf reads the embedded font's Unicode map).
DRAWN_POOL = ["Ωμέγα", "Привет", "e\u0301", "Ünïcödé", "Ελληνικά", "ǅ", "→", "‽", "&amp;", "<b>", "</title>", "«»", "ß"]


@pytest.mark.parametrize("seed", [4, 5])
def test_the_printable_chart_and_csv_hold_every_character_as_typed(tmp_path: Path, seed: int):
    """The chart PDF embeds the kit's own typeface: Greek, Cyrillic, combining marks and
    symbols print as typed (ReportLab's standard fonts printed each as a box), and the
    CSV reads back exactly, emoji and CJK included."""
    from pypdf import PdfReader

    rng = random.Random(seed)

    def drawn(label: str) -> str:
        return f"{label} " + " ".join(rng.choice(DRAWN_POOL) for _ in range(5))

    project = make_project(tmp_path / "course", FIXTURES / "mini-course" / "lessons")
    assessment = project / "lessons" / "assessment.yml"
    fields = {"dimension": drawn("dimension"), "instead": drawn("instead"), "rated": drawn("rated")}
    emoji = "Plant 🌱 and 中文 " + "👩‍🏫"
    edit(assessment, "    name: Goals", f"    name: {q(fields['dimension'])}")
    edit(assessment, "    instead: I set targets alone.", f"    instead: {q(fields['instead'])}")
    edit(assessment, "    rated: I set goals together.", f"    rated: {q(fields['rated'])}")
    edit(assessment, "    rated: I explain why.", f"    rated: {q(emoji)}")
    result = run_build(project)
    assert result.returncode == 0, result.stderr

    for pdf in sorted((project / "site" / "downloads").glob("*.pdf")):
        text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(pdf).pages)
        for name, value in fields.items():
            assert " ".join(value.split()) in text, (pdf.name, name, value)
    # What the typeface cannot draw is named, field by field, with where it still shows.
    assert (
        "lessons/assessment.yml:20: item 2: the printable chart (PDF) cannot draw '🌱中文👩🏫' (its typeface has no such "
        "characters) and shows a box instead; the chart page on the site shows them as typed"
    ) in " ".join(result.stderr.split())
    rows = list(csv.reader(io.StringIO(next((project / "site" / "downloads").glob("*.csv")).read_text(encoding="utf-8"))))
    cells = [cell for row in rows for cell in row]
    assert emoji in cells and fields["rated"] in cells and fields["dimension"] in cells


def test_right_to_left_words_in_the_chart_are_named(tmp_path: Path):
    project = make_project(tmp_path / "course", FIXTURES / "mini-course" / "lessons")
    edit(project / "lessons" / "assessment.yml", "    name: Goals", f"    name: {q('מטרות Goals')}")
    result = run_build(project)
    assert result.returncode == 0, result.stderr
    assert "lessons/assessment.yml:7: dimension goals: the printable chart (PDF) sets right-to-left words left to right" in (
        " ".join(result.stderr.split())
    )
