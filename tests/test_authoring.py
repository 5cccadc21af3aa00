"""Authoring without fear: the lessons list is the one place for order, every problem
is reported at once, drafts are previewed but never published, and the preview shows
problems in the browser."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from email.parser import BytesParser
from email.policy import default as email_policy
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from coursekit.core.errors import CourseError
from coursekit.core.loader import load_course
from helpers import edit, error_of, fetch, preview, run_build, wait_for

COURSE = "lessons/course.yml"


def set_order(project: Path, *slugs: str) -> None:
    """Write the lessons list of course.yml (the only edit an author makes)."""
    path = project / COURSE
    text = path.read_text()
    listing = "lessons:\n" + "".join(f"  - {slug}\n" for slug in slugs)
    path.write_text(re.sub(r"(?ms)^lessons:.*?\n(?=site_url:)", listing, text))


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def numbers_everywhere(site: Path) -> dict[str, object]:
    """What a learner and a reader of the emails see of the order."""
    home = soup(site / "index.html")
    found: dict[str, object] = {
        "cards": [
            card.select_one(".lesson-card__meta").get_text(" ", strip=True).split(" ·")[0] + " " + card["href"]
            for card in home.select(".lesson-card")
        ],
        "nav": [a.get_text(strip=True) for a in home.select("nav.md-nav--primary a") if "steps" in a.get("href", "")],
        "subjects": [e["subject"] for e in json.loads((site / "emails/sequence.json").read_text())["emails"]],
        "chart": [
            a["href"] for a in soup(site / "chart/index.html").select("article p a") if a["href"].startswith("../lessons/")
        ],
    }
    for slug in ("first-steps", "second-steps", "third-steps"):
        page = site / "lessons" / slug / "index.html"
        if page.exists():
            found[slug] = soup(page).select_one(".lesson-meta").get_text(" ", strip=True)
    return found


def test_reordering_is_one_edit_of_the_list(mini_project: Path):
    edit(mini_project / "lessons/first-steps.md", "Read [the next lesson](second-steps.md)", "Read [lesson 2](second-steps.md)")
    set_order(mini_project, "third-steps", "first-steps", "second-steps")
    result = run_build(mini_project)
    assert result.returncode == 0, result.stderr
    site = mini_project / "site"
    seen = numbers_everywhere(site)
    assert seen["cards"] == ["Lesson 1 lessons/third-steps/", "Lesson 2 lessons/first-steps/", "Lesson 3 lessons/second-steps/"]
    assert seen["nav"] == ["1. Third steps", "2. First steps", "3. Second steps"]
    assert seen["third-steps"].startswith("Lesson 1 of 3") and seen["second-steps"].startswith("Lesson 3 of 3")
    # "Lesson N:" subjects and "[lesson N](...)" link texts follow the list.
    assert seen["subjects"] == ["Lesson 1: Third steps", "Lesson 2: First steps", "Lesson 3: Second steps"]
    first = soup(site / "lessons/first-steps/index.html")
    assert first.select_one("article").find("a", href="../second-steps/").get_text() == "lesson 3"
    # The chart's "taught in" links follow the lesson, not a number.
    chart = soup(site / "chart/index.html")
    goals = chart.find(id="goals").find_next("p")
    assert goals.a["href"] == "../lessons/first-steps/" and "lesson 2: First steps" in goals.get_text()
    email = BytesParser(policy=email_policy).parsebytes((site / "emails/01-third-steps.eml").read_bytes())
    assert email["Subject"] == "Lesson 1: Third steps"
    assert "lesson 2 of 3" in email.get_body(("plain",)).get_content()


def test_inserting_and_removing_a_lesson_is_one_edit_of_the_list(mini_project: Path):
    lessons = mini_project / "lessons"
    text = (lessons / "second-steps.md").read_text().replace("title: Second steps", "title: Inserted steps")
    (lessons / "inserted-steps.md").write_text(text)
    set_order(mini_project, "first-steps", "inserted-steps", "second-steps", "third-steps")
    course = load_course(lessons)
    assert [(lesson.number, lesson.slug) for lesson in course.lessons] == [
        (1, "first-steps"),
        (2, "inserted-steps"),
        (3, "second-steps"),
        (4, "third-steps"),
    ]
    assert course.lessons[2].email_subject == "Lesson 3: Second steps"
    # Removing a lesson: delete its line and its file; what pointed at it is reported, all at once.
    (lessons / "inserted-steps.md").unlink()
    (lessons / "second-steps.md").unlink()
    set_order(mini_project, "first-steps", "third-steps")
    message = error_of(mini_project)
    assert message.splitlines() == [
        "lessons/first-steps.md:19: links to lesson 'second-steps.md', which does not exist. Fix: did you mean 'third-steps.md'?",
        "lessons/assessment.yml:12: field 'dimensions[2].lesson': lesson 'second-steps' does not exist. Fix: did you mean "
        "'third-steps'? use a lesson's file name without '.md', as listed under 'lessons:' in course.yml",
        "lessons/assessment.yml:27: field 'items[3].lesson': lesson 'second-steps' does not exist. Fix: did you mean "
        "'third-steps'? use a lesson's file name without '.md', as listed under 'lessons:' in course.yml",
    ]


def test_a_renamed_file_is_named_in_every_problem_it_causes(mini_project: Path):
    """Issue 25.3: after `git mv second-steps.md next-steps.md`, every problem names the new
    file (not the nearest-sounding lesson): the list's line, the file, the link, the assessment."""
    lessons = mini_project / "lessons"
    (lessons / "second-steps.md").rename(lessons / "next-steps.md")
    lines = error_of(mini_project).splitlines()
    listed = next(n for n, text in enumerate((lessons / "course.yml").read_text().splitlines(), 1) if text == "  - second-steps")
    assert lines[0] == (
        f"lessons/course.yml:{listed}: field 'lessons[2]': lists 'second-steps', but lessons/second-steps.md does not exist. "
        "Fix: did you mean 'next-steps'? lessons/next-steps.md is in the folder but not in the list: write '- next-steps' here"
    )
    assert lines[1] == (
        "lessons/next-steps.md: is not in the lessons list of lessons/course.yml. Fix: if it is the lesson listed as "
        f"'second-steps' (renamed, or misspelt in the list), write '- next-steps' in place of '- second-steps' on line {listed} "
        "of lessons/course.yml"
    )
    assert (
        "lessons/first-steps.md:19: links to lesson 'second-steps.md', which does not exist. Fix: did you mean 'next-steps.md'?"
        in lines
    )
    assessment = [line for line in lines if line.startswith("lessons/assessment.yml")]
    assert assessment and all("did you mean 'next-steps'?" in line for line in assessment)
    # Following the advice fixes the list; the links and the assessment are then what remain.
    edit(lessons / "course.yml", "  - second-steps\n", "  - next-steps\n")
    assert all("next-steps" in line for line in error_of(mini_project).splitlines())


def test_three_broken_things_are_reported_together(mini_project: Path):
    edit(mini_project / "lessons/first-steps.md", "summary:", "sumary:")
    edit(mini_project / "lessons/second-steps.md", "## Reflect", "## Reflections")
    edit(mini_project / "lessons/assessment.yml", "  - id: trust", "  - id: praise")
    result = run_build(mini_project)
    assert result.returncode == 1
    assert "3 problems; fix them all, then run the command again:" in result.stderr
    for where in (
        "lessons/first-steps.md:3: field 'sumary'",
        "lessons/second-steps.md:28: has no '## Reflect'",
        "lessons/assessment.yml:35: field 'items[5].id': item id 'praise' is used twice",
    ):
        assert where in result.stderr


def test_problems_become_annotations_on_github(mini_project: Path):
    """GitHub's workflow commands: `::error file=F,line=L::message`, one a line on stdout
    (docs.github.com, "Workflow commands for GitHub Actions", setting an error message)."""
    edit(mini_project / "lessons/first-steps.md", "summary:", "sumary:")
    edit(mini_project / "lessons/second-steps.md", "## Reflect", "## Reflections")
    result = subprocess.run(
        [sys.executable, "-m", "coursekit.cli", "check"],
        cwd=mini_project,
        capture_output=True,
        text=True,
        env={**os.environ, "GITHUB_ACTIONS": "true"},
    )
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "::error file=lessons/first-steps.md,line=3::sumary: is not a known field. Fix: did you mean 'summary'? "
        "Known fields here: title, summary, objectives, takeaways, email, draft, former_names",
        "::error file=lessons/second-steps.md,line=28::has no '## Reflect' section after the exercise. Fix: end the "
        "lesson with a heading '## Reflect' and a list of questions, one per '- ' line",
    ]
    quiet = subprocess.run(
        [sys.executable, "-m", "coursekit.cli", "check"],
        cwd=mini_project,
        capture_output=True,
        text=True,
        env={k: v for k, v in os.environ.items() if k != "GITHUB_ACTIONS"},
    )
    assert "::error" not in quiet.stdout + quiet.stderr


def test_at_most_fifty_problems_are_listed(mini_project: Path):
    lessons = mini_project / "lessons"
    for n in range(60):
        (lessons / f"stray-{n}.md").write_text("x")
    with pytest.raises(CourseError) as caught:
        load_course(lessons)
    lines = str(caught.value).splitlines()
    assert len(lines) == 51 and lines[-1].startswith("... and 10 more problems")


def make_draft(project: Path) -> Path:
    """A new, short lesson without a Reflect section, marked as a draft and listed second."""
    draft = project / "lessons" / "new-idea.md"
    draft.write_text(
        "---\ntitle: A new idea\nsummary: Not finished yet.\nobjectives:\n  - One\n  - Two\n"
        "takeaways:\n  - A\n  - B\n  - C\nemail:\n  subject: New idea\ndraft: true\n---\nJust a few words so far.\n"
    )
    set_order(project, "first-steps", "new-idea", "second-steps", "third-steps")
    return draft


def test_a_draft_is_left_out_of_a_build(mini_project: Path):
    make_draft(mini_project)
    result = run_build(mini_project)
    assert result.returncode == 0, result.stderr
    site = mini_project / "site"
    assert not (site / "lessons/new-idea").exists()
    everything = " ".join(
        p.read_text(errors="replace") for p in site.rglob("*") if p.suffix in (".html", ".xml", ".json", ".txt", ".eml")
    )
    assert "A new idea" not in everything and "new-idea" not in everything
    assert numbers_everywhere(site)["second-steps"].startswith("Lesson 2 of 3")


def test_drafts_are_built_on_request_with_their_gaps_as_warnings(mini_project: Path):
    make_draft(mini_project)
    result = run_build(mini_project, None)
    assert result.returncode == 0
    shown = subprocess.run(
        [sys.executable, "-m", "coursekit.cli", "build", "--drafts"],
        cwd=mini_project,
        capture_output=True,
        text=True,
        env={**os.environ, "SOURCE_DATE_EPOCH": "1764000000"},
    )
    assert shown.returncode == 0, shown.stderr
    assert "lessons/new-idea.md" in shown.stderr and "(a draft: this stops a build once the lesson is published)" in shown.stderr
    page = soup(mini_project / "site/lessons/new-idea/index.html")
    assert "Draft." in page.select_one(".draft-banner").get_text()
    assert page.select_one(".lesson-meta").get_text(" ", strip=True).startswith("Lesson 2 of 4")


def test_a_link_to_a_draft_is_an_error_when_publishing(mini_project: Path):
    make_draft(mini_project)
    edit(mini_project / "lessons/first-steps.md", "(second-steps.md)", "(new-idea.md)")
    assert error_of(mini_project) == (
        "lessons/first-steps.md:19: links to 'new-idea.md', a draft (draft: true) that published builds leave out. "
        "Fix: remove the link until that lesson is published, or publish it (delete 'draft: true')"
    )
    assert load_course(mini_project / "lessons", drafts=True).lessons[1].slug == "new-idea"


def test_the_preview_shows_drafts_and_problems_in_the_browser(mini_project: Path):
    make_draft(mini_project)
    with preview(mini_project) as root:
        draft = wait_for(root + "lessons/new-idea/", "A new idea")
        assert "draft-banner" in draft  # drafts are previewed
        lesson = mini_project / "lessons/second-steps.md"
        lesson.write_text(lesson.read_text().replace("## Reflect", "## Reflections"))
        broken = wait_for(root + "lessons/second-steps/", "The course has 1 problem")
        assert "second-steps.md, line 28" in broken and "has no &#39;## Reflect&#39; section" in broken
        assert "The course has 1 problem" in fetch(root)  # every page, the home page too
        # mkdocs.yml holds no course fact: the error pages carry the course's own name and colours.
        assert "<title>Mini Course</title>" in broken or "- Mini Course</title>" in broken
        brand = re.search(r'href="\.\./\.\./(assets/brand\.[0-9a-f]{10}\.css)"', broken)
        assert brand and "#4051b5" in fetch(root + brand[1])
        lesson.write_text(lesson.read_text().replace("## Reflections", "## Reflect"))
        fixed = wait_for(root + "lessons/second-steps/", "Lesson 3 of 4")
        assert "The course has" not in fixed


def test_the_preview_of_a_broken_course_keeps_its_name_and_brand(mini_project: Path):
    """A rebranded course whose lessons do not load: the error pages show the title and
    colours course.yml gives (mkdocs.yml names neither), not the template's."""
    edit(mini_project / "lessons/course.yml", "title: Mini Course", "title: Bread at Home")
    with (mini_project / "lessons/course.yml").open("a", encoding="utf-8") as course:
        course.write('brand:\n  primary: "#8a1c1c"\n')
    lesson = mini_project / "lessons/second-steps.md"
    lesson.write_text(lesson.read_text().replace("## Reflect", "## Reflections"))
    with preview(mini_project) as root:
        broken = wait_for(root, "The course has 1 problem")
        assert "Bread at Home" in broken and "Mini Course" not in broken
        brand = re.search(r'href="(assets/brand\.[0-9a-f]{10}\.css)"', broken)
        assert brand and "#8a1c1c" in fetch(root + brand[1])


def test_example_addresses_are_flagged_when_building_for_a_real_site(mini_project: Path):
    """The fixture's senders are on reserved example domains (RFC 2606)."""
    course = load_course(mini_project / "lessons", site_url="https://someone.github.io/course/")
    flagged = [w for w in course.warnings if "is an example address" in w]
    assert [w.split(": field ")[1].split(":")[0] for w in flagged] == ["'email.from_address'", "'email.list_unsubscribe.mailto'"]
    assert flagged[0].startswith("lessons/course.yml:19: field 'email.from_address': course@tests.example.org")
    local = load_course(mini_project / "lessons", site_url="http://127.0.0.1:8000/")
    assert not [w for w in local.warnings if "example" in w]
    edit(mini_project / COURSE, "course@tests.example.org", "course@northbound-learning.co.uk")
    edit(mini_project / COURSE, "unsubscribe@tests.example.org", "unsubscribe@northbound-learning.co.uk")
    assert load_course(mini_project / "lessons", site_url="https://someone.github.io/course/").warnings == ()
