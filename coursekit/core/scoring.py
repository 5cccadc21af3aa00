"""Scoring of the self-assessment: the reference implementation.

The quiz page's JavaScript implements the same rules and is tested against this
module. Everything is whole-number arithmetic so both agree to the last digit:

- an answer is the index of its scale point, 0 (first label) to max_value;
- a score is points / maximum points as a percentage, rounded half up;
- the weakest dimensions are the lowest scores, earlier dimensions first on ties;
- the lowest-rated items are those below max_value, lowest first, then by number.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from coursekit.core.model import Assessment, Band, Dimension, Item

WEAKEST_DIMENSIONS = 2
LOWEST_ITEMS = 3


@dataclass(frozen=True)
class DimensionScore:
    dimension: Dimension
    score: int


@dataclass(frozen=True)
class Result:
    overall: int
    dimensions: tuple[DimensionScore, ...]
    band: Band
    weakest: tuple[DimensionScore, ...]
    lowest_items: tuple[Item, ...]


def percent(points: int, maximum: int) -> int:
    """100 * points / maximum, rounded half up, in integers."""
    return (200 * points + maximum) // (2 * maximum)


def score_answers(assessment: Assessment, answers: Mapping[str, int]) -> Result:
    """Score a complete set of answers (item id -> scale index)."""
    missing = [item.id for item in assessment.items if item.id not in answers]
    if missing:
        raise ValueError(f"unanswered items: {', '.join(missing)}")
    top = assessment.max_value
    for item in assessment.items:
        if not 0 <= answers[item.id] <= top:
            raise ValueError(f"answer for {item.id} must be 0..{top}, got {answers[item.id]}")

    overall = percent(sum(answers[item.id] for item in assessment.items), top * len(assessment.items))
    dimensions = tuple(
        DimensionScore(dim, percent(sum(answers[i.id] for i in assessment.items_of(dim)), top * len(assessment.items_of(dim))))
        for dim in assessment.dimensions
    )
    order = {score.dimension.id: index for index, score in enumerate(dimensions)}
    weakest = tuple(sorted(dimensions, key=lambda s: (s.score, order[s.dimension.id]))[:WEAKEST_DIMENSIONS])
    below_top = [item for item in assessment.items if answers[item.id] < top]
    lowest = tuple(sorted(below_top, key=lambda item: (answers[item.id], item.number))[:LOWEST_ITEMS])
    band = next(band for band in assessment.bands if band.min <= overall <= band.max)
    return Result(overall=overall, dimensions=dimensions, band=band, weakest=weakest, lowest_items=lowest)
