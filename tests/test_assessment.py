"""The assessment data: the real file loads; each bad input has its exact message."""

from __future__ import annotations

import pytest

from coursekit.loader import load_course
from helpers import ROOT, edit, error_of

ASSESSMENT = "lessons/assessment.yml"


def test_real_assessment_has_25_items_in_five_dimensions_tied_to_lessons():
    """What the brief asks of the content; counts, ids and bands are the loader's to enforce."""
    assessment = load_course(ROOT / "lessons").assessment
    assert assessment is not None
    assert len(assessment.items) == 25 and len(assessment.dimensions) == 5
    assert all(item.manager != item.leader for item in assessment.items)
    taught = {item.lesson.number for item in assessment.items}
    assert taught == set(range(1, 11)), "every lesson teaches at least one behaviour"


def test_items_keep_dimension_order_so_the_chart_reads_top_to_bottom():
    assessment = load_course(ROOT / "lessons").assessment
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
        "    dimension: people\n    lesson: third-steps\n    manager: I give answers.",
        "    dimension: people\n    lesson: thrid-steps\n    manager: I give answers.",
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
    edit(mini_project / ASSESSMENT, "    leader: I explain why.\n", "")
    assert error_of(mini_project) == (
        "lessons/assessment.yml:20: field 'items[2].leader': is missing. "
        "Fix: add 'leader:' with the leader behaviour the reader rates, in one line"
    )


def test_empty_text(mini_project):
    edit(mini_project / ASSESSMENT, "manager: I give orders.", 'manager: ""')
    assert error_of(mini_project) == (
        "lessons/assessment.yml:23: field 'items[2].manager': is empty. "
        "Fix: write the manager behaviour, as something a reader does, in one line"
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
    edit(mini_project / ASSESSMENT, "    leader: I trust people to work alone.", "    leeder: I trust people to work alone.")
    assert error_of(mini_project) == (
        "lessons/assessment.yml:39: field 'items[5].leeder': is not a known field. "
        "Fix: did you mean 'leader'? Known fields here: id, dimension, lesson, manager, leader"
    )


@pytest.mark.parametrize(
    "yaml_text, expected",
    [
        ("version: 1\n", "lessons/assessment.yml:1: field 'item_count': is missing."),
        ("- just\n- a list\n", "lessons/assessment.yml:1: expected 'key: value' pairs, found a list."),
    ],
)
def test_unusable_file(mini_project, yaml_text, expected):
    (mini_project / ASSESSMENT).write_text(yaml_text, encoding="utf-8")
    assert error_of(mini_project).startswith(expected)
