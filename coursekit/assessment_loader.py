"""Load and validate `lessons/assessment.yml` into the Assessment of the course model.

Called by `coursekit.loader.load_course` once the lessons are known, because
items and dimensions point at lessons by number.
"""

from __future__ import annotations

import difflib
from pathlib import Path

from coursekit.errors import CourseError
from coursekit.model import Assessment, Band, Dimension, Item, Lesson
from coursekit.schema import AssessmentSpec, validate_doc
from coursekit.sources import YamlDoc, display_path, read_yaml_file

ASSESSMENT_FILE = "assessment.yml"


def load_assessment(path: Path, lessons: tuple[Lesson, ...]) -> Assessment:
    """The validated assessment in `path`, its lesson numbers resolved to lessons."""
    doc = read_yaml_file(path)
    spec = validate_doc(AssessmentSpec, doc, path)
    where = display_path(path)

    dimensions: dict[str, Dimension] = {}
    for index, dim in enumerate(spec.dimensions):
        if dim.id in dimensions:
            raise CourseError(
                where,
                f"dimension id '{dim.id}' is used twice",
                "give each dimension its own id",
                line=doc.line_of("dimensions", index, "id"),
                field=f"dimensions[{index + 1}].id",
            )
        lesson = _lesson(lessons, dim.lesson, doc, where, "dimensions", index)
        dimensions[dim.id] = Dimension(id=dim.id, name=dim.name, lesson=lesson)

    if len(spec.items) != spec.item_count:
        raise CourseError(
            where,
            f"has {len(spec.items)} items but item_count is {spec.item_count}",
            "add or remove items, or change item_count to match",
            line=doc.line_of("items"),
            field="items",
        )
    items: list[Item] = []
    seen: set[str] = set()
    for index, spec_item in enumerate(spec.items):
        if spec_item.id in seen:
            raise CourseError(
                where,
                f"item id '{spec_item.id}' is used twice",
                "give each item its own id",
                line=doc.line_of("items", index, "id"),
                field=f"items[{index + 1}].id",
            )
        seen.add(spec_item.id)
        if spec_item.dimension not in dimensions:
            close = difflib.get_close_matches(spec_item.dimension, list(dimensions), n=1)
            hint = f"did you mean '{close[0]}'? " if close else ""
            raise CourseError(
                where,
                f"dimension '{spec_item.dimension}' is not one of the dimensions",
                f"{hint}Dimensions: {', '.join(dimensions)}",
                line=doc.line_of("items", index, "dimension"),
                field=f"items[{index + 1}].dimension",
            )
        items.append(
            Item(
                number=index + 1,
                id=spec_item.id,
                dimension=dimensions[spec_item.dimension],
                lesson=_lesson(lessons, spec_item.lesson, doc, where, "items", index),
                manager=spec_item.manager,
                leader=spec_item.leader,
            )
        )
    for index, dimension in enumerate(dimensions.values()):
        if not any(item.dimension is dimension for item in items):
            raise CourseError(
                where,
                f"dimension '{dimension.id}' has no items",
                "give it items or remove it",
                line=doc.line_of("dimensions", index),
                field=f"dimensions[{index + 1}]",
            )

    bands = tuple(Band(name=b.name, min=b.min, max=b.max, advice=b.advice) for b in spec.bands)
    _check_bands(bands, doc, where)
    return Assessment(
        version=spec.version,
        question=spec.question,
        scale=tuple(spec.scale),
        dimensions=tuple(dimensions.values()),
        items=tuple(items),
        bands=bands,
    )


def _lesson(lessons: tuple[Lesson, ...], number: int, doc: YamlDoc, where: str, section: str, index: int) -> Lesson:
    """The lesson numbered `number`, or an error at the `lesson:` of item `index` of `section`."""
    if 1 <= number <= len(lessons):
        return lessons[number - 1]
    location = (section, index, "lesson")
    field = f"{section}[{index + 1}].lesson"
    raise CourseError(
        where,
        f"lesson {number} does not exist",
        f"use a lesson number from 1 to {len(lessons)}",
        line=doc.line_of(*location),
        field=field,
    )


def _check_bands(bands: tuple[Band, ...], doc: YamlDoc, where: str) -> None:
    """Bands run from 0 to 100 in order, without gaps or overlaps."""
    expected = 0
    for index, band in enumerate(bands):
        if band.min != expected:
            raise CourseError(
                where,
                f"band '{band.name}' starts at {band.min}, but the scores before it end at {expected - 1}",
                f"start it at {expected} so that no score is left out or counted twice",
                line=doc.line_of("bands", index, "min"),
                field=f"bands[{index + 1}].min",
            )
        if band.max < band.min:
            raise CourseError(
                where,
                f"band '{band.name}' ends ({band.max}) before it starts ({band.min})",
                "make max at least min",
                line=doc.line_of("bands", index, "max"),
                field=f"bands[{index + 1}].max",
            )
        expected = band.max + 1
    if expected != 101:
        raise CourseError(
            where,
            f"the last band ends at {expected - 1}",
            "end the last band at 100",
            line=doc.line_of("bands", len(bands) - 1, "max"),
            field=f"bands[{len(bands)}].max",
        )
