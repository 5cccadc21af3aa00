"""The scoring reference: rounding, bands, weakest dimensions and lowest items."""

from __future__ import annotations

import pytest

from coursekit.core.loader import load_course
from coursekit.core.scoring import percent, score_answers
from helpers import GARDEN

ASSESSMENT = load_course(GARDEN).assessment


def answers(value_of) -> dict[str, int]:
    return {item.id: value_of(item) for item in ASSESSMENT.items}


@pytest.mark.parametrize(
    ("points", "maximum", "expected"), [(0, 100, 0), (1, 8, 13), (1, 200, 1), (1, 3, 33), (2, 3, 67), (10, 24, 42), (3, 24, 13)]
)
def test_percent_rounds_half_up(points, maximum, expected):
    assert percent(points, maximum) == expected


# The garden fixture: 8 items on a 4-point scale (0-3) in three dimensions, ground (3 items),
# water (2) and care (3); bands 0-39, 40-74 and 75-100.


def test_all_top_answers_score_100_with_no_lowest_items():
    result = score_answers(ASSESSMENT, answers(lambda item: ASSESSMENT.max_value))
    assert result.overall == 100
    assert {score.score for score in result.dimensions} == {100}
    assert result.band.name == "Deeply rooted"
    assert result.lowest_items == ()


def test_all_bottom_answers_score_0():
    result = score_answers(ASSESSMENT, answers(lambda item: 0))
    assert result.overall == 0 and result.band.name == "Still rushing"
    assert [item.number for item in result.lowest_items] == [1, 2, 3]


def test_weakest_dimensions_and_lowest_items():
    low = {"water": 1, "care": 0}
    result = score_answers(ASSESSMENT, answers(lambda item: low.get(item.dimension.id, 3)))
    assert [score.dimension.id for score in result.weakest] == ["care", "water"]
    assert [item.dimension.id for item in result.lowest_items] == ["care"] * 3
    assert result.overall == percent(3 * 3 + 2 * 1 + 3 * 0, 24)


def test_ties_go_to_the_earlier_dimension():
    result = score_answers(ASSESSMENT, answers(lambda item: 2))
    assert [score.dimension.id for score in result.weakest] == ["ground", "water"]


def test_incomplete_answers_are_refused():
    partial = answers(lambda item: 2)
    partial.pop("knuckle")
    with pytest.raises(ValueError, match="knuckle"):
        score_answers(ASSESSMENT, partial)


def test_band_boundaries():
    bands = {band.name: (band.min, band.max) for band in ASSESSMENT.bands}
    assert bands["Putting down roots"] == (40, 74)
    # 10 of 24 points is 41.7, rounded 42: the second band; 9 points is 37.5, rounded 38: the first.
    for values, overall, band in (
        ([3, 3, 3, 1, 0, 0, 0, 0], 42, "Putting down roots"),
        ([3, 3, 3, 0, 0, 0, 0, 0], 38, "Still rushing"),
    ):
        result = score_answers(ASSESSMENT, {item.id: v for item, v in zip(ASSESSMENT.items, values)})
        assert (result.overall, result.band.name) == (overall, band)
