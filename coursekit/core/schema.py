"""The shapes of the source files: lessons/course.yml, lesson front matter, and
lessons/assessment.yml, as frozen dataclasses checked by `coursekit.core.validation`.

Each field's description is what an author is told to write when it is wrong.
"""

from __future__ import annotations

from dataclasses import dataclass

from coursekit.core.email_address import address_problem
from coursekit.core.settings import SITE_URL, SITE_URL_FIX
from coursekit.core.validation import rule, validate_doc

__all__ = ["AssessmentSpec", "CourseConfig", "LessonFront", "validate_doc"]

HTTPS_URL = r"https://[^\s\"'<>\\^`{|}]+"
IDENTIFIER = r"[a-z0-9]+(?:-[a-z0-9]+)*"

# ---------------------------------------------------------------------------
# lessons/course.yml
# ---------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class WordRange:
    min: int = rule("the fewest words of prose a lesson may have", default=900, ge=1)
    max: int = rule("the most words of prose a lesson may have", default=1600, ge=1)


def _one_reader(url: str) -> str | None:
    """RFC 8058 3.1: a one-click address must say whose subscription it ends."""
    if "{email}" not in url:
        return "names no reader: every email would carry the same address, which cannot say who unsubscribes"
    return None


@dataclass(frozen=True, kw_only=True)
class ListUnsubscribe:
    mailto: str | None = rule("an address that unsubscribes whoever writes to it", default=None, check=address_problem)
    one_click_url: str | None = rule(
        "an https address that unsubscribes one reader on a POST (RFC 8058 one-click), with {email} where their "
        "address goes, e.g. https://mail.example.org/unsubscribe?email={email}; used by `coursekit send`, which "
        "knows the recipient (email services add their own)",
        default=None,
        pattern=r"https://(?:[^\s\"'<>\\^`{|}]|\{email\})+",
        check=_one_reader,
    )


@dataclass(frozen=True, kw_only=True)
class Utm:
    source: str = rule("utm_source for links in the emails", default="email-course", one_line=True)
    medium: str = rule("utm_medium for links in the emails", default="email", one_line=True)
    campaign: str | None = rule("utm_campaign (default: the course id)", default=None, one_line=True)


@dataclass(frozen=True, kw_only=True)
class Signup:
    action: str = rule("the https address your email service's sign-up form posts to", pattern=HTTPS_URL)
    email_field: str = rule(
        "the name of the form's email field, e.g. email_address for Kit", default="email", pattern=r"[A-Za-z0-9_\[\]-]+"
    )
    hidden: dict[str, str] = rule("extra hidden fields, e.g. a list id", default_factory=dict)


@dataclass(frozen=True, kw_only=True)
class Listmonk:
    lists: list[int] = rule("listmonk list ids to send to, e.g. [1]", default_factory=lambda: [1], min_length=1)
    template_id: int | None = rule("the id of the listmonk campaign template to wrap the emails in", default=None, ge=1)
    start: str | None = rule(
        "when email 1 goes out, with its time zone, e.g. 2027-01-04T09:00:00Z (Z is UTC) or 2027-01-04T09:00:00+01:00",
        default=None,
        pattern=r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(Z|[+-][0-9]{2}:[0-9]{2})",
    )


@dataclass(frozen=True, kw_only=True)
class EmailSettings:
    cadence_days: int = rule(
        "days between two emails of the course, e.g. 7 for one a week (each lesson has a tool for the week)",
        default=7,
        ge=1,
        le=30,
    )
    from_name: str = rule("the sender's name, e.g. Harbour Training", one_line=True, max_length=80)
    from_address: str = rule("the sender's address, e.g. course@harbour-training.org", check=address_problem)
    reply_to: str | None = rule("where replies go, if not the sender's address", default=None, check=address_problem)
    postal_address: str = rule("the sender's postal address, on one line (anti-spam laws need it)", one_line=True)
    reason: str = rule("one line saying why the reader gets these emails", one_line=True)
    unsubscribe_url: str | None = rule(
        "an https page that unsubscribes the reader, from your email service (the footer's link)",
        default=None,
        pattern=HTTPS_URL,
    )
    test_recipients: list[str] = rule(
        "addresses `coursekit send` may send test copies to without an unsubscribe link, e.g. [me@example.org]",
        default_factory=list,
        check=address_problem,
    )
    list_unsubscribe: ListUnsubscribe = rule("the List-Unsubscribe header's targets", default_factory=ListUnsubscribe)
    utm: Utm = rule("UTM parameters added to links", default_factory=Utm)
    signup: Signup | None = rule("the sign-up form on the email course page; none, no form", default=None)
    listmonk: Listmonk = rule("listmonk campaign settings", default_factory=Listmonk)


HEX_COLOUR = r"#[0-9a-fA-F]{6}"
BRAND_DEFAULT_PRIMARY = "#4051b5"
ASSET_PATH = r"[A-Za-z0-9_./-]+\.(svg|png|jpg|jpeg|webp|ico)"


@dataclass(frozen=True, kw_only=True)
class Brand:
    primary: str = rule(
        "the main colour as #rrggbb, e.g. '#4051b5' (quoted: YAML reads # as a comment)",
        default=BRAND_DEFAULT_PRIMARY,
        pattern=HEX_COLOUR,
    )
    accent: str | None = rule(
        "a second colour as #rrggbb for hovered links and focus rings (default: primary)", default=None, pattern=HEX_COLOUR
    )
    logo: str | None = rule("the logo's path inside docs/, e.g. assets/logo.svg", default=None, pattern=ASSET_PATH)
    favicon: str | None = rule("the favicon's path inside docs/, e.g. assets/favicon.png", default=None, pattern=ASSET_PATH)


@dataclass(frozen=True, kw_only=True)
class Author:
    name: str = rule("the author's name", one_line=True, max_length=80)
    bio: str = rule("one line about the author", one_line=True, max_length=200)
    photo: str | None = rule("a square photo's path inside docs/, e.g. assets/author.jpg", default=None, pattern=ASSET_PATH)


@dataclass(frozen=True, kw_only=True)
class CourseConfig:
    id: str = rule("a short id in lower case with hyphens, e.g. first-aid-basics", pattern=r"[a-z0-9][a-z0-9-]*")
    title: str = rule("the course title, e.g. First Aid Basics", one_line=True, max_length=80)
    short_name: str | None = rule(
        "the name under the course's icon on a phone's home screen, up to 12 characters, e.g. First Aid "
        "(default: the title, if that short)",
        default=None,
        one_line=True,
        max_length=12,
    )
    tagline: str = rule("one line saying who the course is for and what it gives them", one_line=True)
    organisation: str = rule("the publisher's name", one_line=True, max_length=100)
    pitch: list[str] = rule("one to three short paragraphs for the home page", min_length=1, max_chars=800)
    outcomes: list[str] = rule(
        "two to five things a learner can do after the course, one per '- ' line",
        default_factory=list,
        max_length=5,
        one_line=True,
    )
    author: Author | None = rule("who wrote the course: name, a one-line bio, an optional photo", default=None)
    lessons: list[str] = rule(
        "the lessons in order, one file name without '.md' per '- ' line, e.g. - check-for-danger",
        min_length=1,
        pattern=IDENTIFIER,
    )
    site_url: str = rule(SITE_URL_FIX.removeprefix("give "), pattern=SITE_URL.pattern)
    words_per_minute: int = rule("reading speed used for reading times", default=200, ge=50, le=600)
    lesson_words: WordRange = rule("the allowed length of a lesson", default_factory=WordRange)
    email: EmailSettings = rule("the email course settings (see .github/AUTHORING.md)")
    brand: Brand = rule("the course's colours, logo and favicon (see .github/AUTHORING.md)", default_factory=Brand)
    retired_ids: list[str] = rule(
        "earlier ids of this course whose learners' saved progress you mean to leave behind, e.g. [old-id]",
        default_factory=list,
        pattern=r"[a-z0-9][a-z0-9-]*",
    )


# ---------------------------------------------------------------------------
# lessons/NN-slug.md front matter
# ---------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class LessonEmail:
    subject: str = rule("the subject line of this lesson's email, on one line", one_line=True)
    preheader: str | None = rule(
        "the preview line shown after the subject, on one line (default: the week's tool, by its name)",
        default=None,
        one_line=True,
    )
    exercise: str | None = rule(
        "the exercise as the email gives it (Markdown), when the lesson's own refers to what only the page shows",
        default=None,
        max_length=6_000,
    )
    tool_days: int | None = rule(
        "how many days the week's tool runs, when longer than the time between two emails, e.g. 14 (the email then says so)",
        default=None,
        ge=1,
        le=366,
    )


@dataclass(frozen=True, kw_only=True)
class LessonFront:
    title: str = rule("the lesson title, e.g. 'Check for danger before you help'", one_line=True, max_length=120)
    summary: str = rule(
        "one or two sentences (at most 220 characters) saying what the reader gets from the lesson", max_length=220
    )
    objectives: list[str] = rule("a list of 2 to 4 learning objectives, one per '- ' line", min_length=2, max_length=4)
    takeaways: list[str] = rule("a list of 3 to 5 key takeaways, one per '- ' line", min_length=3, max_length=5)
    email: LessonEmail = rule("the lesson's email settings, with at least 'subject:'")
    draft: bool = rule("true while the lesson is being written: previewed, never published", default=False)
    former_names: list[str] = rule(
        "the lesson's earlier file names without '.md', oldest first, e.g. [old-name] (./course rename writes it): "
        "learners' progress stays with the lesson and each old address sends readers on",
        default_factory=list,
        pattern=IDENTIFIER,
    )


# ---------------------------------------------------------------------------
# lessons/assessment.yml
# ---------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class DimensionSpec:
    id: str = rule("a short id in lower case with hyphens, e.g. direction", pattern=IDENTIFIER)
    name: str = rule("the dimension's name, e.g. Safety first", one_line=True, max_length=80)
    lesson: str = rule("the lesson that teaches this dimension, by file name without '.md'", pattern=IDENTIFIER)


@dataclass(frozen=True, kw_only=True)
class ItemSpec:
    id: str = rule("a short unique id in lower case with hyphens, e.g. check-the-scene", pattern=IDENTIFIER)
    dimension: str = rule("the id of one of the dimensions listed above", pattern=IDENTIFIER)
    lesson: str = rule("the lesson that teaches this behaviour, by file name without '.md'", pattern=IDENTIFIER)
    instead: str = rule(
        "the behaviour the item moves away from, as something a reader does, in one line (the chart's left column)",
        one_line=True,
    )
    rated: str = rule(
        "the behaviour the reader rates, in one line (the chart's right column, the quiz's statement)", one_line=True
    )


@dataclass(frozen=True, kw_only=True)
class BandSpec:
    name: str = rule("the band's name, e.g. Getting there", one_line=True, max_length=80)
    min: int = rule("the lowest overall score (0-100) in this band", ge=0, le=100)
    max: int = rule("the highest overall score (0-100) in this band", ge=0, le=100)
    advice: str = rule("two or three sentences of advice for readers in this band")


@dataclass(frozen=True, kw_only=True)
class ColumnsSpec:
    instead: str = rule("the heading over the 'instead' behaviours, e.g. 'In a hurry'", one_line=True, max_length=40)
    rated: str = rule("the heading over the rated behaviours, e.g. 'With care'", one_line=True, max_length=40)


@dataclass(frozen=True, kw_only=True)
class ChartSpec:
    title: str = rule(
        "the chart's name: its page, its PDF and the menu entry, e.g. Hurried vs careful", one_line=True, max_length=60
    )
    intro: str = rule("a paragraph (Markdown) under the chart's heading saying what the two columns are", max_length=600)
    columns: ColumnsSpec = rule("the two column headings, 'instead:' and 'rated:'")
    file_name: str = rule(
        "the downloads' file name after the course id, in lower case with hyphens, e.g. habits-chart",
        pattern=IDENTIFIER,
        max_length=60,
    )


@dataclass(frozen=True, kw_only=True)
class AssessmentSpec:
    title: str = rule(
        "the self-assessment's heading, the question a reader answers by taking it, e.g. 'How ready are you to help?'",
        one_line=True,
        max_length=80,
    )
    intro: str = rule(
        "a paragraph (Markdown) on the self-assessment page saying what each item pairs and which side the reader rates",
        max_length=600,
    )
    chart: ChartSpec = rule("the printable chart: title, intro, columns and file_name")
    version: int = rule("a whole number to raise when items change, e.g. 2", ge=1)
    item_count: int = rule("how many items the assessment must have, e.g. 25", ge=1)
    question: str = rule("the question each item answers, e.g. How often do you do this?", one_line=True)
    scale: list[str] = rule(
        "3 to 7 answer labels from least to most often, e.g. [Never, Rarely, ...]",
        min_length=3,
        max_length=7,
        max_chars=40,
        one_line=True,
    )
    dimensions: list[DimensionSpec] = rule("a list of dimensions, each with id, name, lesson", min_length=1)
    items: list[ItemSpec] = rule("a list of items, each with id, dimension, lesson, instead, rated", min_length=1)
    bands: list[BandSpec] = rule("a list of result bands, each with name, min, max, advice", min_length=1)
