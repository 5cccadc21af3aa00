"""The scoring reference: rounding, bands, weakest dimensions and lowest items."""

from __future__ import annotations

import pytest

from coursekit.loader import load_course
from coursekit.scoring import percent, score_answers
from helpers import ROOT

ASSESSMENT = load_course(ROOT / "lessons").assessment


def answers(value_of) -> dict[str, int]:
    return {item.id: value_of(item) for item in ASSESSMENT.items}


@pytest.mark.parametrize(
    ("points", "maximum", "expected"), [(0, 100, 0), (1, 8, 13), (1, 200, 1), (1, 3, 33), (2, 3, 67), (10, 24, 42), (3, 24, 13)]
)
def test_percent_rounds_half_up(points, maximum, expected):
    assert percent(points, maximum) == expected


def test_all_top_answers_score_100_with_no_lowest_items():
    result = score_answers(ASSESSMENT, answers(lambda item: 4))
    assert result.overall == 100
    assert {score.score for score in result.dimensions} == {100}
    assert result.band.name == "Leading by habit"
    assert result.lowest_items == ()


def test_all_bottom_answers_score_0():
    result = score_answers(ASSESSMENT, answers(lambda item: 0))
    assert result.overall == 0 and result.band.name == "Mostly managing"
    assert [item.number for item in result.lowest_items] == [1, 2, 3]


def test_weakest_dimensions_and_lowest_items():
    low = {"coaching": 1, "trust": 0}
    result = score_answers(ASSESSMENT, answers(lambda item: low.get(item.dimension.id, 3)))
    assert [score.dimension.id for score in result.weakest] == ["trust", "coaching"]
    assert [item.dimension.id for item in result.lowest_items] == ["trust"] * 3
    assert result.overall == percent(6 * 3 + 4 * 3 + 5 + 5 * 3, 100)


def test_ties_go_to_the_earlier_dimension():
    result = score_answers(ASSESSMENT, answers(lambda item: 2))
    assert [score.dimension.id for score in result.weakest] == ["direction", "recognition"]


def test_incomplete_answers_are_refused():
    partial = answers(lambda item: 2)
    partial.pop("candour")
    with pytest.raises(ValueError, match="candour"):
        score_answers(ASSESSMENT, partial)


def test_band_boundaries():
    bands = {band.name: (band.min, band.max) for band in ASSESSMENT.bands}
    assert bands["Starting to lead"] == (40, 59)
    # 40 points of 100 is exactly 40: the lower edge of "Starting to lead".
    values = [2] * 20 + [0] * 5
    result = score_answers(ASSESSMENT, {item.id: v for item, v in zip(ASSESSMENT.items, values)})
    assert result.overall == 40 and result.band.name == "Starting to lead"
