"""The course model: plain, typed, immutable objects every output reads.

Nothing here reads files or knows about MkDocs; `coursekit.core.loader` builds these
objects from the sources and is the only place that validates them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from coursekit.core.brand import BrandColours, brand_colours
from coursekit.core.schema import CourseConfig


@dataclass(frozen=True)
class Lesson:
    """One lesson: its metadata, its three body sections and derived numbers."""

    number: int
    slug: str
    source: Path
    title: str
    summary: str
    objectives: tuple[str, ...]
    takeaways: tuple[str, ...]
    email_subject: str
    email_preheader: str
    body: str
    exercise_title: str
    exercise: str
    reflection: tuple[str, ...]
    words: int
    minutes: int
    draft: bool = False
    email_exercise: str = ""  # the exercise as the email gives it: email.exercise, else the lesson's own
    tool_days: int | None = None  # how long the tool runs, when the author says (email.tool_days)
    former_names: tuple[str, ...] = ()  # earlier file names, oldest first: each old address sends readers on

    @property
    def key(self) -> str:
        """What learners' browsers keep this lesson's progress, day and answers under: its
        first name, which a rename (listed in former_names) does not change."""
        return self.former_names[0] if self.former_names else self.slug

    @classmethod
    def stand_in(cls, slug: str, source: Path) -> Lesson:
        """A lesson whose own problems are reported already, so that what points at it is
        checked without reporting them a second time."""
        return cls(
            number=0,
            slug=slug,
            source=source,
            title=slug,
            summary="",
            objectives=(),
            takeaways=(),
            email_subject="",
            email_preheader="",
            body="",
            exercise_title="",
            exercise="",
            reflection=(),
            words=0,
            minutes=0,
        )

    @property
    def source_name(self) -> str:
        """The source file name, e.g. check-for-danger.md."""
        return self.source.name


@dataclass(frozen=True)
class Dimension:
    """A group of assessment items, taught mainly by one lesson."""

    id: str
    name: str
    lesson: Lesson


@dataclass(frozen=True)
class Item:
    """One item of the assessment: a behaviour the reader rates, and the one it replaces."""

    number: int
    id: str
    dimension: Dimension
    lesson: Lesson
    instead: str
    rated: str


@dataclass(frozen=True)
class Chart:
    """The printable chart of the items: its name, its lead-in, its columns and file name."""

    title: str
    intro: str  # Markdown
    instead_heading: str
    rated_heading: str
    file_name: str


@dataclass(frozen=True)
class Band:
    """A range of overall scores (inclusive) with its advice."""

    name: str
    min: int
    max: int
    advice: str


@dataclass(frozen=True)
class Assessment:
    """The self-assessment: items rated on `scale`, grouped into dimensions."""

    title: str
    intro: str  # Markdown
    chart: Chart
    version: int
    question: str
    scale: tuple[str, ...]
    dimensions: tuple[Dimension, ...]
    items: tuple[Item, ...]
    bands: tuple[Band, ...]

    @property
    def max_value(self) -> int:
        """The value of the last scale point; the first is 0."""
        return len(self.scale) - 1

    @property
    def chart_heading(self) -> str:
        """The chart's heading, on its page, in its PDF and on its share card."""
        return f"{self.chart.title}: {len(self.items)} differences"

    def items_of(self, dimension: Dimension) -> tuple[Item, ...]:
        return tuple(item for item in self.items if item.dimension.id == dimension.id)


@dataclass(frozen=True)
class Course:
    """The whole course: its settings and its lessons in order."""

    meta: CourseConfig
    lessons: tuple[Lesson, ...]
    root: Path
    assessment: Assessment | None = None
    warnings: tuple[str, ...] = ()  # for authors: problems of draft lessons, shown but not fatal

    def require_assessment(self) -> Assessment:
        """The assessment, for outputs that exist only with one (quiz, chart, downloads)."""
        if self.assessment is None:
            raise ValueError("the course has no assessment.yml, so there is no self-assessment or chart")
        return self.assessment

    @property
    def colours(self) -> BrandColours:
        """Every shade the outputs use, from brand.primary and brand.accent."""
        return brand_colours(self.meta.brand.primary, self.meta.brand.accent or self.meta.brand.primary)

    @property
    def total_minutes(self) -> int:
        return sum(lesson.minutes for lesson in self.lessons)

    def previous(self, lesson: Lesson) -> Lesson | None:
        """The lesson before `lesson`, or None for the first."""
        return self.lessons[lesson.number - 2] if lesson.number > 1 else None

    def next(self, lesson: Lesson) -> Lesson | None:
        """The lesson after `lesson`, or None for the last."""
        return self.lessons[lesson.number] if lesson.number < len(self.lessons) else None
