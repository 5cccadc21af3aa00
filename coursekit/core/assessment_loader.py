"""Load and validate `lessons/assessment.yml` into the Assessment of the course model.

Called by `coursekit.core.loader.load_course` once the lessons are known, because
items and dimensions point at lessons by name (the lesson file's name without
'.md'). Every problem in the file is reported, not only the first.
"""

from __future__ import annotations

import difflib
from collections.abc import Collection, Mapping
from pathlib import Path

from coursekit.core.errors import CourseError, Problems
from coursekit.core.model import Assessment, Band, Chart, Dimension, Item, Lesson
from coursekit.core.schema import AssessmentSpec, validate_doc
from coursekit.core.sources import YamlDoc, display_path, read_yaml_file

ASSESSMENT_FILE = "assessment.yml"


def load_assessment(
    path: Path, lessons: dict[str, Lesson], drafts: Collection[str] = (), renamed: Mapping[str, str] | None = None
) -> Assessment:
    """The validated assessment in `path`, its lesson names resolved to `lessons` (by slug);
    `drafts` are lessons left out of this build, which nothing here may point at; `renamed`
    the lessons the course's list suggests were renamed (old name -> new), for the hints."""
    renamed = renamed or {}
    doc = read_yaml_file(path)
    where = display_path(path)
    _refuse_old_item_keys(doc, where)
    spec = validate_doc(AssessmentSpec, doc, path)
    problems = Problems()

    dimensions: dict[str, Dimension] = {}
    for index, dim in enumerate(spec.dimensions):
        with problems.collecting():
            if dim.id in dimensions:
                raise CourseError(
                    where,
                    f"dimension id '{dim.id}' is used twice",
                    "give each dimension its own id",
                    line=doc.line_of("dimensions", index, "id"),
                    field=f"dimensions[{index + 1}].id",
                )
            lesson = _lesson(problems, lessons, drafts, renamed, dim.lesson, doc, where, "dimensions", index)
            dimensions[dim.id] = Dimension(id=dim.id, name=dim.name, lesson=lesson)

    if len(spec.items) != spec.item_count:
        problems.add(
            CourseError(
                where,
                f"has {len(spec.items)} items but item_count is {spec.item_count}",
                "add or remove items, or change item_count to match",
                line=doc.line_of("items"),
                field="items",
            )
        )
    items: list[Item] = []
    seen: set[str] = set()
    for index, spec_item in enumerate(spec.items):
        with problems.collecting():
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
                    lesson=_lesson(problems, lessons, drafts, renamed, spec_item.lesson, doc, where, "items", index),
                    instead=spec_item.instead,
                    rated=spec_item.rated,
                )
            )
    for index, dimension in enumerate(dimensions.values()):
        if not any(item.dimension is dimension for item in items) and not problems.found:
            problems.add(
                CourseError(
                    where,
                    f"dimension '{dimension.id}' has no items",
                    "give it items or remove it",
                    line=doc.line_of("dimensions", index),
                    field=f"dimensions[{index + 1}]",
                )
            )

    bands = tuple(Band(name=b.name, min=b.min, max=b.max, advice=b.advice) for b in spec.bands)
    with problems.collecting():
        _check_bands(bands, doc, where)
    problems.raise_if_any()
    chart = Chart(
        title=spec.chart.title,
        intro=spec.chart.intro,
        instead_heading=spec.chart.columns.instead,
        rated_heading=spec.chart.columns.rated,
        file_name=spec.chart.file_name,
    )
    return Assessment(
        title=spec.title,
        intro=spec.intro,
        chart=chart,
        version=spec.version,
        question=spec.question,
        scale=tuple(spec.scale),
        dimensions=tuple(dimensions.values()),
        items=tuple(items),
        bands=bands,
    )


# The item keys of the first versions, which named one course's subject.
OLD_ITEM_KEYS = {"manager": "instead", "leader": "rated"}


def _refuse_old_item_keys(doc: YamlDoc, where: str) -> None:
    """Items written with the old keys get one error that says the new names, before
    the schema would call every one of them unknown."""
    items = doc.data.get("items") if isinstance(doc.data, dict) else None
    if not isinstance(items, list):
        return
    for index, item in enumerate(items):
        old = [key for key in OLD_ITEM_KEYS if isinstance(item, dict) and key in item]
        if old:
            raise CourseError(
                where,
                f"items use the keys {' and '.join(repr(k + ':') for k in old)}, which are now named "
                f"{' and '.join(repr(OLD_ITEM_KEYS[k] + ':') for k in old)}",
                "rename them in every item ('manager:' to 'instead:', 'leader:' to 'rated:'), and add the "
                "'title:', 'intro:' and 'chart:' fields at the top (see .github/AUTHORING.md, \"Self-assessment\")",
                line=doc.line_of("items", index, old[0]),
                field=f"items[{index + 1}].{old[0]}",
            )


def _lesson(
    problems: Problems,
    lessons: dict[str, Lesson],
    drafts: Collection[str],
    renamed: Mapping[str, str],
    slug: str,
    doc: YamlDoc,
    where: str,
    section: str,
    index: int,
) -> Lesson:
    """The lesson named `slug`; else a problem at the `lesson:` of item `index` of
    `section`, and a stand-in, so that what depends on it is not reported too."""
    if slug in lessons:
        return lessons[slug]
    line, field = doc.line_of(section, index, "lesson"), f"{section}[{index + 1}].lesson"
    if slug in drafts:
        problems.add(
            CourseError(
                where,
                f"lesson '{slug}' is a draft (draft: true), which published builds leave out",
                "point it at a published lesson, or publish that lesson",
                line=line,
                field=field,
            )
        )
        return Lesson.stand_in(slug, Path(where))
    close = [renamed[slug]] if slug in renamed else difflib.get_close_matches(slug, list(lessons), n=1)
    hint = f"did you mean '{close[0]}'? " if close else ""
    problems.add(
        CourseError(
            where,
            f"lesson '{slug}' does not exist",
            f"{hint}use a lesson's file name without '.md', as listed under 'lessons:' in course.yml",
            line=line,
            field=field,
        )
    )
    return Lesson.stand_in(slug, Path(where))


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
