"""The names of the email course's files, known before anything is rendered,
so the site can link them while another process writes them."""

from __future__ import annotations

from coursekit.core.model import Course, Lesson

KINDS = ("html", "txt", "eml")
SEQUENCE_JSON = "sequence.json"
GALLERY = "index.html"
KIT_EXPORT = "kit-sequence-emails.json"
LISTMONK_EXPORT = "listmonk-campaigns.json"
LISTMONK_TEMPLATE = "listmonk-template.json"
SEQUENCE_CSV = "sequence.csv"


def file_stem(lesson: Lesson) -> str:
    """The email's file name without extension, e.g. 03-check-for-danger."""
    return f"{lesson.number:02d}-{lesson.slug}"


def email_files(lesson: Lesson) -> dict[str, str]:
    """The .html, .txt and .eml file names of one email, by kind."""
    return {kind: f"{file_stem(lesson)}.{kind}" for kind in KINDS}


def mbox_name(course: Course) -> str:
    return f"{course.meta.id}.mbox"


def sequence_files(course: Course) -> list[str]:
    """Every file of the sequence, in the order they are listed."""
    names = [name for lesson in course.lessons for name in email_files(lesson).values()]
    return [*names, mbox_name(course), SEQUENCE_JSON, SEQUENCE_CSV, KIT_EXPORT, LISTMONK_EXPORT, LISTMONK_TEMPLATE, GALLERY]
