"""The schema checker on inputs the fixture course does not cover."""

from __future__ import annotations

from pathlib import Path

import pytest

from coursekit.core.errors import CourseError
from coursekit.core.schema import CourseConfig
from coursekit.core.sources import parse_yaml
from coursekit.core.validation import validate_doc
from helpers import FIXTURES, edit, error_of

PATH = Path("lessons/course.yml")
BASE = (FIXTURES / "mini-course" / "lessons" / "course.yml").read_text(encoding="utf-8")


def error_for(text: str) -> str:
    with pytest.raises(CourseError) as caught:
        validate_doc(CourseConfig, parse_yaml(text, PATH), PATH)
    return str(caught.value)


def test_valid_config_strips_text_and_fills_defaults():
    config = validate_doc(CourseConfig, parse_yaml(BASE.replace("title: Mini Course", "title: '  Mini  '"), PATH), PATH)
    assert config.title == "Mini"
    assert config.email.utm.source == "email-course" and config.email.listmonk.template_id is None
    assert config.email.signup.hidden == {"list": "mini"}


@pytest.mark.parametrize(
    "old, new, expected",
    [
        (
            "words_per_minute: 200",
            "words_per_minute: 20",
            "lessons/course.yml:12: field 'words_per_minute': is 20 but must be at least 50. "
            "Fix: write reading speed used for reading times",
        ),
        (
            "words_per_minute: 200",
            "words_per_minute: yes",
            "lessons/course.yml:12: field 'words_per_minute': should be a whole number, not yes/no (true). "
            "Fix: write reading speed used for reading times",
        ),
        (
            "cadence_days: 3",
            "cadence_days: 31",
            "lessons/course.yml:17: field 'email.cadence_days': is 31 but must be at most 30. "
            "Fix: write days between two emails of the course, e.g. 7 for one a week (each lesson has a tool for the week)",
        ),
        (
            "    hidden:\n      list: mini",
            "    hidden: [a, b]",
            "lessons/course.yml:29: field 'email.signup.hidden': should be a group of 'key: value' lines, not a list. "
            "Fix: write extra hidden fields, e.g. a list id",
        ),
        (
            "  from_address: course@tests.example.org",
            "  from_address: not-an-address",
            "lessons/course.yml:19: field 'email.from_address': 'not-an-address' has no '@'. "
            "Fix: write the sender's address, e.g. course@harbour-training.org",
        ),
        (
            "site_url: https://tests.example.org/mini/",
            "site_url: https://tests.example.org/mini",
            "lessons/course.yml:11: field 'site_url': 'https://tests.example.org/mini' has the wrong form. "
            "Fix: write the published address ending in '/', without '?query' or '#fragment', e.g. https://you.github.io/my-course/",
        ),
        (
            "pitch:\n  - A tiny course that exercises every part of the lesson format.",
            "pitch: []",
            "lessons/course.yml:5: field 'pitch': is empty. Fix: write one to three short paragraphs for the home page",
        ),
        (
            "title: Mini Course\n",
            "title: Mini Course\nshort_name: A name far too long\n",
            "lessons/course.yml:3: field 'short_name': is 19 characters long; the limit is 12. Fix: shorten it to the "
            "name under the course's icon on a phone's home screen, up to 12 characters, e.g. First Aid "
            "(default: the title, if that short)",
        ),
        (
            "email:\n",
            "emial:\n",
            "lessons/course.yml:16: field 'emial': is not a known field. Fix: did you mean 'email'? Known fields here: "
            "id, title, short_name, tagline, organisation, pitch, outcomes, author, lessons, site_url, words_per_minute, "
            "lesson_words, email, brand, retired_ids",
        ),
    ],
)
def test_problems_are_worded_for_authors(old, new, expected):
    assert old in BASE
    assert error_for(BASE.replace(old, new, 1)) == expected


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "title: Mini Course",
            "title: " + "T" * 81,
            "lessons/course.yml:2: field 'title': is 81 characters long; the limit is 80. "
            "Fix: shorten it to the course title, e.g. First Aid Basics",
        ),
        (
            "tagline: A three-lesson course used by the tests.",
            "tagline: " + "t" * 201,
            "lessons/course.yml:3: field 'tagline': is 201 characters long; the limit is 200. Fix: shorten it to one line",
        ),
        (
            "  - A tiny course that exercises every part of the lesson format.",
            "  - " + "p" * 801,
            "lessons/course.yml:6: field 'pitch[1]': is 801 characters long; the limit is 800.",
        ),
    ],
)
def test_every_text_has_a_length_limit_that_the_message_names(mini_project, old: str, new: str, expected: str):
    """Issue 23: a 4,000-character title passed and took minutes to draw. Every text field
    now has a limit (its own, or 200 characters for one line and 2,000 for more)."""
    edit(mini_project / "lessons/course.yml", old, new)
    assert error_of(mini_project).startswith(expected)


def test_a_lesson_title_has_a_limit_too(mini_project):
    edit(mini_project / "lessons/first-steps.md", "title: First steps", "title: " + "x" * 121)
    assert "field 'title': is 121 characters long; the limit is 120." in error_of(mini_project)
