"""All artefacts of the email course, checked, as a mapping of file name to bytes.

`build_sequence` is the one entry point: the site hook adds its files to the
site, the `coursekit emails` command writes them to a folder, `coursekit send`
delivers its messages.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from email.message import EmailMessage

from coursekit.emails import exports, mime, render
from coursekit.emails.draft import EmailDraft, draft_emails, unsubscribe_url
from coursekit.errors import CourseError
from coursekit.model import Course
from coursekit.sources import display_path

log = logging.getLogger("coursekit.emails")

SUBJECT_WARN_LENGTH = 78
GMAIL_CLIP_BYTES = 102 * 1024  # Gmail clips HTML beyond about 102 KB


@dataclass
class EmailSequence:
    """The generated email course: files by name, the messages, and warnings for authors."""

    drafts: list[EmailDraft]
    messages: list[EmailMessage]
    files: dict[str, bytes] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


def build_sequence(course: Course, epoch: int) -> EmailSequence:
    """Render, check and package every email; `epoch` (SOURCE_DATE_EPOCH) is day 0."""
    drafts = draft_emails(course)
    generic_unsubscribe = unsubscribe_url(course)
    tags = course.meta.email.merge_tags
    sequence = EmailSequence(drafts=drafts, messages=[])
    kit_html, listmonk_html, listmonk_text, dated = {}, {}, {}, []
    for draft in drafts:
        html = render.render_html(course, draft, generic_unsubscribe)
        text = render.render_text(course, draft, generic_unsubscribe)
        _check(course, draft, html, sequence.warnings)
        message = mime.build_message(course, draft, html, text, epoch)
        names = exports.file_names(draft)
        sequence.files[names["html"]] = html.encode("utf-8")
        sequence.files[names["txt"]] = text.encode("utf-8")
        sequence.files[names["eml"]] = message.as_bytes()
        sequence.messages.append(message)
        dated.append((message, mime.send_time(epoch, draft)))
        kit_html[draft.file_stem] = render.render_html(course, draft, tags.kit)
        listmonk_html[draft.file_stem] = render.render_html(course, draft, tags.listmonk)
        listmonk_text[draft.file_stem] = render.render_text(course, draft, tags.listmonk)

    mbox_name = f"{course.meta.id}.mbox"
    export_names = {"kit": "kit-sequence-emails.json", "listmonk": "listmonk-campaigns.json"}
    sequence.files[mbox_name] = mime.build_mbox(dated)
    sequence.files["sequence.json"] = exports.to_json(exports.sequence_manifest(course, drafts))
    sequence.files[export_names["kit"]] = exports.to_json(exports.kit_sequence_emails(drafts, kit_html))
    sequence.files[export_names["listmonk"]] = exports.to_json(
        exports.listmonk_campaigns(course, drafts, listmonk_html, listmonk_text, epoch))
    sequence.files["index.html"] = exports.gallery_page(course, drafts, mbox_name, export_names).encode("utf-8")
    return sequence


def _check(course: Course, draft: EmailDraft, html: str, warnings: list[str]) -> None:
    """Errors for what breaks delivery; warnings for what merely hurts it."""
    where = display_path(draft.lesson.source)
    size = len(html.encode("utf-8"))
    if size > GMAIL_CLIP_BYTES:
        raise CourseError(where, f"its email's HTML is {size:,} bytes; Gmail clips emails over {GMAIL_CLIP_BYTES:,}",
                          "shorten the exercise or the takeaways of this lesson", field="email")
    if len(draft.subject) > SUBJECT_WARN_LENGTH:
        warnings.append(f"{where}: field 'email.subject': is {len(draft.subject)} characters; many inboxes cut "
                        f"subjects after {SUBJECT_WARN_LENGTH}. Consider shortening it")
