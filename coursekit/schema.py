"""The shapes of the source files (course.yml, lesson front matter), and how a
schema violation becomes a CourseError with file, line, field and fix.

Pydantic checks types and counts; this module only words its findings for authors.
"""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import Annotated, Any, TypeVar, get_args

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from coursekit.errors import CourseError
from coursekit.sources import YamlDoc, display_path

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
OneLine = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, pattern=r"^[^\r\n]*$")]


class Strict(BaseModel):
    """Base for source schemas: unknown keys are errors, values are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True)


# ---------------------------------------------------------------------------
# course.yml
# ---------------------------------------------------------------------------


class WordRange(Strict):
    min: int = Field(900, ge=1, description="the fewest words of prose a lesson may have")
    max: int = Field(1600, ge=1, description="the most words of prose a lesson may have")


Address = Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^[^@\s<>,\"]+@[^@\s<>,\"]+\.[^@\s<>,\"]+$")]
HttpsUrl = Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^https://\S+$")]


class ListUnsubscribe(Strict):
    mailto: Address | None = Field(None, description="an address that unsubscribes whoever writes to it")
    one_click_url: HttpsUrl | None = Field(
        None, description="an https address that unsubscribes on a POST (RFC 8058 one-click), from your email service"
    )


class Utm(Strict):
    source: OneLine = Field("email-course", description="utm_source for links in the emails")
    medium: OneLine = Field("email", description="utm_medium for links in the emails")
    campaign: OneLine | None = Field(None, description="utm_campaign (default: the course id)")


class MergeTags(Strict):
    kit: OneLine = Field("{{ unsubscribe_url }}", description="Kit's unsubscribe merge tag")
    listmonk: OneLine = Field("{{ UnsubscribeURL }}", description="listmonk's unsubscribe merge tag")


class Signup(Strict):
    action: HttpsUrl = Field(description="the https address your email service's sign-up form posts to")
    email_field: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_\[\]-]+$")] = Field(
        "email", description="the name of the form's email field, e.g. email_address for Kit"
    )
    hidden: dict[str, str] = Field(default_factory=dict, description="extra hidden fields, e.g. a list id")


class Listmonk(Strict):
    lists: list[int] = Field(default_factory=lambda: [1], min_length=1, description="listmonk list ids to send to")
    start: str | None = Field(None, pattern=r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(Z|[+-]\d\d:\d\d)$",
                              description="when email 1 goes out, e.g. 2027-01-04T09:00:00Z")


class EmailSettings(Strict):
    cadence_days: int = Field(
        2, ge=1, le=30, description="days between two emails of the course, e.g. 2 for day 0, 2, 4 ..."
    )
    from_name: OneLine = Field(description="the sender's name, e.g. Northbound Learning")
    from_address: Address = Field(description="the sender's address, e.g. course@northbound.example")
    reply_to: Address | None = Field(None, description="where replies go, if not the sender's address")
    postal_address: OneLine = Field(description="the sender's postal address, on one line (anti-spam laws need it)")
    reason: OneLine = Field(description="one line saying why the reader gets these emails")
    unsubscribe_url: HttpsUrl | None = Field(
        None, description="the unsubscribe link in the .html, .txt and .eml files (default: the email course page)"
    )
    merge_tags: MergeTags = Field(default_factory=MergeTags, description="unsubscribe merge tags per email service")
    list_unsubscribe: ListUnsubscribe = Field(default_factory=ListUnsubscribe,
                                              description="the List-Unsubscribe header's targets")
    utm: Utm = Field(default_factory=Utm, description="UTM parameters added to links")
    signup: Signup | None = Field(None, description="the sign-up form on the email course page; none, no form")
    listmonk: Listmonk = Field(default_factory=Listmonk, description="listmonk campaign settings")


class CourseConfig(Strict):
    id: Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$")] = Field(
        description="a short id in lower case with hyphens, e.g. emerging-leaders"
    )
    title: OneLine = Field(description="the course title, e.g. Emerging Leaders")
    tagline: OneLine = Field(description="one line saying who the course is for and what it gives them")
    organisation: OneLine = Field(description="the publisher's name")
    pitch: list[Text] = Field(min_length=1, description="one to three short paragraphs for the home page")
    lesson_count: int = Field(ge=1, description="how many lessons the course must have, e.g. 10")
    site_url: Annotated[str, StringConstraints(pattern=r"^https?://\S+/$")] = Field(
        description="the published address ending in '/', e.g. https://you.github.io/emerging-leaders/"
    )
    words_per_minute: int = Field(200, ge=50, le=600, description="reading speed used for reading times")
    lesson_words: WordRange = Field(default_factory=WordRange, description="the allowed length of a lesson")
    email: EmailSettings = Field(description="the email course settings (see README.md)")


# ---------------------------------------------------------------------------
# lessons/NN-slug.md front matter
# ---------------------------------------------------------------------------


class LessonEmail(Strict):
    subject: OneLine = Field(description="the subject line of this lesson's email, on one line")
    preheader: OneLine | None = Field(
        None, description="the preview line shown after the subject, on one line (default: the summary)"
    )


class LessonFront(Strict):
    title: OneLine = Field(description="the lesson title, e.g. 'Managing and leading: two jobs, one role'")
    summary: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=220)] = Field(
        description="one or two sentences (at most 220 characters) saying what the reader gets from the lesson"
    )
    objectives: list[Text] = Field(
        min_length=2, max_length=4, description="a list of 2 to 4 learning objectives, one per '- ' line"
    )
    takeaways: list[Text] = Field(
        min_length=3, max_length=5, description="a list of 3 to 5 key takeaways, one per '- ' line"
    )
    email: LessonEmail = Field(description="the lesson's email settings, with at least 'subject:'")


# ---------------------------------------------------------------------------
# lessons/assessment.yml
# ---------------------------------------------------------------------------

Identifier = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$")]


class DimensionSpec(Strict):
    id: Identifier = Field(description="a short id in lower case with hyphens, e.g. direction")
    name: OneLine = Field(description="the dimension's name, e.g. Direction and goals")
    lesson: int = Field(ge=1, description="the number of the lesson that teaches this dimension")


class ItemSpec(Strict):
    id: Identifier = Field(description="a short unique id in lower case with hyphens, e.g. goals-together")
    dimension: Identifier = Field(description="the id of one of the dimensions listed above")
    lesson: int = Field(ge=1, description="the number of the lesson that teaches this behaviour")
    manager: OneLine = Field(description="the manager behaviour, as something a reader does, in one line")
    leader: OneLine = Field(description="the leader behaviour the reader rates, in one line")


class BandSpec(Strict):
    name: OneLine = Field(description="the band's name, e.g. Starting to lead")
    min: int = Field(ge=0, le=100, description="the lowest overall score (0-100) in this band")
    max: int = Field(ge=0, le=100, description="the highest overall score (0-100) in this band")
    advice: Text = Field(description="two or three sentences of advice for readers in this band")


class AssessmentSpec(Strict):
    version: int = Field(ge=1, description="a whole number to raise when items change, e.g. 2")
    item_count: int = Field(ge=1, description="how many items the assessment must have, e.g. 25")
    question: OneLine = Field(description="the question each item answers, e.g. How often do you do this?")
    scale: list[OneLine] = Field(min_length=3, max_length=7,
                                 description="3 to 7 answer labels from least to most often, e.g. [Never, Rarely, ...]")
    dimensions: list[DimensionSpec] = Field(min_length=1, description="a list of dimensions, each with id, name, lesson")
    items: list[ItemSpec] = Field(min_length=1,
                                  description="a list of items, each with id, dimension, lesson, manager, leader")
    bands: list[BandSpec] = Field(min_length=1,
                                  description="a list of result bands, each with name, min, max, advice")


# ---------------------------------------------------------------------------
# Turning pydantic findings into author-facing errors
# ---------------------------------------------------------------------------

M = TypeVar("M", bound=BaseModel)


def validate_doc(model: type[M], doc: YamlDoc, path: Path) -> M:
    """Validate parsed YAML against `model`, raising a CourseError for the first problem."""
    try:
        return model.model_validate(doc.data)
    except ValidationError as err:
        # A misspelt key also shows up as a missing one; report the misspelling first.
        first = min(err.errors(), key=lambda e: e["type"] != "extra_forbidden")
        raise _course_error(model, first, doc, path) from None


def _course_error(model: type[BaseModel], error: Any, doc: YamlDoc, path: Path) -> CourseError:
    loc = list(error["loc"])
    names = [str(part) for part in loc if isinstance(part, str)]
    field_name = _dotted(loc) or None
    line = doc.line_of(*loc)
    where = _field_info(model, names)
    hint = where.description if where is not None and where.description else "see the lesson format in README.md"
    kind, given = error["type"], error.get("input")
    ctx = error.get("ctx", {})

    if kind == "extra_forbidden":
        known = list(_model_at(model, names[:-1]).model_fields)
        close = difflib.get_close_matches(names[-1], known, n=1)
        suggestion = f"did you mean '{close[0]}'? " if close else ""
        return CourseError(
            display_path(path),
            "is not a known field",
            f"{suggestion}Known fields here: {', '.join(known)}",
            line=line,
            field=field_name,
        )
    if kind == "missing":
        problem = "is missing"
        fix = f"add '{names[-1]}:' with {hint}"
    elif kind == "string_too_short" or (kind == "too_short" and given == []):
        problem = f"is empty"
        fix = f"write {hint}"
    elif kind == "string_too_long":
        problem = f"is {len(given)} characters long; the limit is {ctx.get('max_length')}"
        fix = f"shorten it to {hint}"
    elif kind == "string_pattern_mismatch":
        problem = f"{_describe(given)} has the wrong form" + (
            " (it contains a line break)" if "\n" in str(given) else ""
        )
        fix = f"write {hint}"
    elif kind in ("too_short", "too_long"):
        problem = f"has {len(given)} items"
        fix = f"give {hint}"
    elif kind in ("string_type", "list_type", "int_type", "int_parsing", "model_type", "dict_type", "model_attributes_type"):
        expected = {"string_type": "text", "list_type": "a list", "int_type": "a whole number",
                    "int_parsing": "a whole number"}.get(kind, "a group of 'key: value' lines")
        problem = f"should be {expected}, not {_describe(given)}"
        fix = f"write {hint}"
    else:
        problem = f"{error['msg']}"
        fix = f"write {hint}"
    return CourseError(display_path(path), problem, fix, line=line, field=field_name)


def _dotted(loc: list[str | int]) -> str:
    """A location as authors read it, counting list items from 1: items[3].leader."""
    text = ""
    for part in loc:
        text += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


def _describe(value: Any) -> str:
    """Name a YAML value's kind the way an author would."""
    if isinstance(value, bool):
        return f"yes/no ({str(value).lower()})"
    if isinstance(value, (int, float)):
        return f"a number ({value})"
    if isinstance(value, str):
        return f"'{value}'" if len(value) <= 40 else f"'{value[:37]}...'"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a group of 'key: value' lines"
    return "nothing" if value is None else type(value).__name__


def _model_at(model: type[BaseModel], names: list[str]) -> type[BaseModel]:
    """The nested model that the field path `names` leads into."""
    for name in names:
        info = model.model_fields.get(name)
        annotation = info.annotation if info else None
        for candidate in (annotation, *get_args(annotation)):  # list[ItemSpec] -> ItemSpec
            if isinstance(candidate, type) and issubclass(candidate, BaseModel):
                model = candidate
    return model


def _field_info(model: type[BaseModel], names: list[str]) -> Any:
    """The pydantic FieldInfo for a dotted field path, or None."""
    if not names:
        return None
    return _model_at(model, names[:-1]).model_fields.get(names[-1])
