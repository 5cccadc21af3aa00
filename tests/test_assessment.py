"""The assessment data: the real file loads; each bad input has its exact message."""

from __future__ import annotations

import pytest

from coursekit.core.loader import load_course
from helpers import FIXTURES, edit, error_of

GARDEN = FIXTURES / "garden-course" / "lessons"

ASSESSMENT = "lessons/assessment.yml"


def test_the_assessment_loads_with_its_own_words():
    """The fixture's assessment, on another subject than the example course: its title,
    chart and column headings come from the file, and every item's lesson resolves."""
    course = load_course(GARDEN)
    assessment = course.require_assessment()
    assert assessment.title == "Rushed or rooted?"
    assert (assessment.chart.title, assessment.chart.instead_heading, assessment.chart.rated_heading) == (
        "Hurried vs patient",
        "Hurried gardener",
        "Patient gardener",
    )
    assert assessment.chart.file_name == "garden-habits" and len(assessment.items) == 8
    assert {item.lesson.slug for item in assessment.items} <= {lesson.slug for lesson in course.lessons}


def test_items_keep_dimension_order_so_the_chart_reads_top_to_bottom():
    assessment = load_course(GARDEN).require_assessment()
    grouped = [item for dim in assessment.dimensions for item in assessment.items_of(dim)]
    assert grouped == list(assessment.items)


def test_wrong_item_count(mini_project):
    edit(mini_project / ASSESSMENT, "item_count: 5", "item_count: 25")
    assert error_of(mini_project) == (
        "lessons/assessment.yml:14: field 'items': has 5 items but item_count is 25. "
        "Fix: add or remove items, or change item_count to match"
    )


def test_unknown_lesson(mini_project):
    edit(
        mini_project / ASSESSMENT,
        "    dimension: people\n    lesson: third-steps\n    instead: I give answers.",
        "    dimension: people\n    lesson: thrid-steps\n    instead: I give answers.",
    )
    assert error_of(mini_project) == (
        "lessons/assessment.yml:32: field 'items[4].lesson': lesson 'thrid-steps' does not exist. Fix: did you mean "
        "'third-steps'? use a lesson's file name without '.md', as listed under 'lessons:' in course.yml"
    )


def test_duplicate_item_id(mini_project):
    edit(mini_project / ASSESSMENT, "  - id: trust", "  - id: praise")
    assert error_of(mini_project) == (
        "lessons/assessment.yml:35: field 'items[5].id': item id 'praise' is used twice. Fix: give each item its own id"
    )


def test_missing_text(mini_project):
    edit(mini_project / ASSESSMENT, "    rated: I explain why.\n", "")
    assert error_of(mini_project) == (
        "lessons/assessment.yml:20: field 'items[2].rated': is missing. "
        "Fix: add 'rated:' with the behaviour the reader rates, in one line (the chart's right column, the quiz's statement)"
    )


def test_empty_text(mini_project):
    edit(mini_project / ASSESSMENT, "instead: I give orders.", 'instead: ""')
    assert error_of(mini_project) == (
        "lessons/assessment.yml:23: field 'items[2].instead': is empty. "
        "Fix: write the behaviour the item moves away from, as something a reader does, in one line (the chart's left column)"
    )


def test_unknown_dimension_suggests_the_closest(mini_project):
    edit(mini_project / ASSESSMENT, "  - id: praise\n    dimension: people", "  - id: praise\n    dimension: peeple")
    assert error_of(mini_project) == (
        "lessons/assessment.yml:26: field 'items[3].dimension': dimension 'peeple' is not one of the dimensions. "
        "Fix: did you mean 'people'? Dimensions: goals, people"
    )


def test_bands_with_a_gap(mini_project):
    edit(mini_project / ASSESSMENT, "min: 50", "min: 55")
    assert error_of(mini_project) == (
        "lessons/assessment.yml:47: field 'bands[2].min': band 'Leading' starts at 55, but the scores before it "
        "end at 49. Fix: start it at 50 so that no score is left out or counted twice"
    )


def test_unknown_item_field(mini_project):
    edit(mini_project / ASSESSMENT, "    rated: I trust people to work alone.", "    rater: I trust people to work alone.")
    assert error_of(mini_project) == (
        "lessons/assessment.yml:39: field 'items[5].rater': is not a known field. "
        "Fix: did you mean 'rated'? Known fields here: id, dimension, lesson, instead, rated"
    )


@pytest.mark.parametrize(
    "yaml_text, expected",
    [
        ("version: 1\n", "lessons/assessment.yml:1: field 'title': is missing."),
        ("- just\n- a list\n", "lessons/assessment.yml:1: expected 'key: value' pairs, found a list."),
    ],
)
def test_unusable_file(mini_project, yaml_text, expected):
    (mini_project / ASSESSMENT).write_text(yaml_text, encoding="utf-8")
    assert error_of(mini_project).startswith(expected)


def test_items_with_the_old_subject_keys_are_told_the_new_names(mini_project):
    """A course made with an earlier kit wrote items as manager:/leader:; it gets one
    error at the first such key that names both new keys and the fields to add."""
    path = mini_project / ASSESSMENT
    path.write_text(path.read_text(encoding="utf-8").replace("    instead:", "    manager:"), encoding="utf-8")
    assert error_of(mini_project) == (
        "lessons/assessment.yml:18: field 'items[1].manager': items use the keys 'manager:', which are now named "
        "'instead:'. Fix: rename them in every item ('manager:' to 'instead:', 'leader:' to 'rated:'), and add the "
        "'title:', 'intro:' and 'chart:' fields at the top (see .github/AUTHORING.md, \"Self-assessment\")"
    )
