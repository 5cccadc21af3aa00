"""Sequence-level exports: sequence.json, request bodies for Kit and listmonk,
and the gallery page that previews the emails."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Iterator, Mapping
from datetime import datetime
from email.headerregistry import Address
from typing import Any

from coursekit.core import email_names as names
from coursekit.core import routes
from coursekit.core.model import Course
from coursekit.outputs.chart_csv import spreadsheet_text
from coursekit.outputs.emails.draft import EmailDraft, cadence_phrase
from coursekit.outputs.emails.mime import SECONDS_PER_DAY
from coursekit.outputs.emails.render import render_page

# The request bodies' fields, exactly as the services' APIs name them.
LISTMONK_UNSUBSCRIBE = "{{ UnsubscribeURL }}"  # listmonk's template tag for the subscriber's unsubscribe link
KIT_FIELDS = ("subject", "preview_text", "content", "delay_value", "delay_unit", "position", "published")
LISTMONK_FIELDS = (
    "name",
    "subject",
    "lists",
    "from_email",
    "type",
    "content_type",
    "body",
    "altbody",
    "send_at",
    "messenger",
    "tags",
    "template_id",
)


def liquid_literal(text: str) -> str:
    """Text that Kit's Liquid templating prints as it is: '{{' and '{%' inside raw tags
    (https://shopify.github.io/liquid/tags/template/#raw)."""
    return re.sub(r"\{[{%]", lambda m: "{% raw %}" + m[0] + "{% endraw %}", text)


def go_template_literal(text: str) -> str:
    """Text that listmonk's Go templates print as it is: '{{' written as a string
    constant (https://pkg.go.dev/text/template#hdr-Text_and_spaces)."""
    return text.replace("{{", '{{"{{"}}')


def to_json(data: object) -> bytes:
    """Stable, readable JSON: the same data always gives the same bytes."""
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def to_json_list(items: Iterable[object]) -> Iterator[bytes]:
    """The bytes of `to_json(list(items))`, made an item at a time: a thousand emails'
    bodies need not be in memory at once. (JSON escapes line breaks inside strings, so
    each line of an item's text is one line of the layout, indented one level more.)"""
    opening = "[\n  "
    for item in items:
        yield (opening + json.dumps(item, ensure_ascii=False, indent=2).replace("\n", "\n  ")).encode("utf-8")
        opening = ",\n  "
    yield b"[]\n" if opening == "[\n  " else b"\n]\n"


def file_names(draft: EmailDraft) -> dict[str, str]:
    return names.email_files(draft.lesson)


def delay_days(drafts: list[EmailDraft], index: int) -> int:
    """Days after the previous email (the first goes out at once)."""
    return drafts[index].send_day - (drafts[index - 1].send_day if index else 0)


def sequence_manifest(course: Course, drafts: list[EmailDraft]) -> dict[str, Any]:
    """What sequence.json holds: position, delay, subject, preheader, lesson URL, files."""
    return {
        "course": course.meta.id,
        "title": course.meta.title,
        "cadence_days": course.meta.email.cadence_days,
        "emails": [
            {
                "position": draft.position,
                "send_day": draft.send_day,
                "delay_days": delay_days(drafts, index),
                "subject": draft.subject,
                "preheader": draft.preheader,
                "lesson_url": course.meta.site_url + routes.lesson_url(draft.lesson),
                "files": file_names(draft),
            }
            for index, draft in enumerate(drafts)
        ],
    }


SEQUENCE_CSV_HEADER = ("position", "send_day", "delay_days", "subject", "preheader", "html", "text")


def sequence_csv_rows(drafts: list[EmailDraft], index: int, html: str, text: str) -> bytes:
    """One email as a row of sequence.csv (RFC 4180: CRLF, quoted where needed, UTF-8), for
    services without an API: the whole standalone email, footer included. The header row
    comes with the first. Text a spreadsheet would run as a formula starts with an apostrophe."""
    draft = drafts[index]
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    if index == 0:
        writer.writerow(SEQUENCE_CSV_HEADER)
    fields = (draft.subject, draft.preheader, html, text)
    writer.writerow((draft.position, draft.send_day, delay_days(drafts, index), *map(spreadsheet_text, fields)))
    return out.getvalue().encode("utf-8")


def kit_sequence_emails(drafts: list[EmailDraft], html_by_stem: Mapping[str, str]) -> Iterator[dict[str, Any]]:
    """Bodies for POST /v4/sequences/{id}/emails, one per email, in order (drafts, unpublished).
    The HTML must already be a Liquid literal (but for the unsubscribe merge tag)."""
    for index, draft in enumerate(drafts):
        body = {
            "subject": liquid_literal(draft.subject),
            "preview_text": liquid_literal(draft.preheader),
            "content": html_by_stem[draft.file_stem],
            "delay_value": delay_days(drafts, index),
            "delay_unit": "days",
            "position": index,  # Kit counts positions from zero
            "published": False,
        }
        assert tuple(body) == KIT_FIELDS
        yield body


def listmonk_campaigns(
    course: Course, drafts: list[EmailDraft], html_by_stem: Mapping[str, str], text_by_stem: Mapping[str, str]
) -> Iterator[dict[str, Any]]:
    """Bodies for POST /api/campaigns, one per email. listmonk creates campaigns as drafts;
    with `email.listmonk.start`, each carries send_at (start + its send day), ready to be
    scheduled by a status change. The bodies must already be Go template literals."""
    settings = course.meta.email
    start = datetime.fromisoformat(settings.listmonk.start.replace("Z", "+00:00")) if settings.listmonk.start else None
    for draft in drafts:
        body: dict[str, object] = {
            "name": f"{course.meta.title} {draft.position:02d}: {draft.lesson.title}",
            "subject": go_template_literal(draft.subject),
            "lists": list(settings.listmonk.lists),
            "from_email": str(Address(display_name=settings.from_name, addr_spec=settings.from_address)),
            "type": "regular",
            "content_type": "html",
            "body": html_by_stem[draft.file_stem],
            "altbody": text_by_stem[draft.file_stem],
            "messenger": "email",
            "tags": [course.meta.id, f"lesson-{draft.position:02d}"],
        }
        if settings.listmonk.template_id is not None:
            body["template_id"] = settings.listmonk.template_id
        if start is not None:
            when = datetime.fromtimestamp(start.timestamp() + draft.send_day * SECONDS_PER_DAY, tz=start.tzinfo)
            body["send_at"] = when.isoformat().replace("+00:00", "Z")
        assert set(body) <= set(LISTMONK_FIELDS)
        yield body


def listmonk_template_body(course: Course, body: str) -> dict[str, str]:
    """The body for listmonk's POST /api/templates: our campaign template (a "campaign"
    template must hold {{ template "content" . }}, cmd/templates.go validateTemplate)."""
    return {"name": f"{course.meta.title} (course kit)"[:200], "type": "campaign", "subject": "", "body": body}


def gallery_page(course: Course, drafts: list[EmailDraft]) -> str:
    """index.html: every email with its day, subject, preview line and files."""
    return render_page(
        "gallery.html.j2",
        course=course,
        drafts=drafts,
        cadence_phrase=cadence_phrase(course),
        files=[file_names(d) for d in drafts],
        mbox_name=names.mbox_name(course),
        exports={
            "kit": names.KIT_EXPORT,
            "listmonk": names.LISTMONK_EXPORT,
            "listmonk_template": names.LISTMONK_TEMPLATE,
            "csv": names.SEQUENCE_CSV,
        },
    )
