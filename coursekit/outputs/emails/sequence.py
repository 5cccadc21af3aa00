"""All artefacts of the email course, checked, as a mapping of file name to bytes.

`build_sequence` is the one entry point: the site build has each file written as
soon as it is made (`write`), the `coursekit emails` command writes them to a
folder, `coursekit send` delivers its messages.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from email.message import EmailMessage

from coursekit.core import email_names as names
from coursekit.core.errors import CourseError
from coursekit.core.model import Course
from coursekit.core.sources import display_path
from coursekit.outputs.emails import exports, mime, render
from coursekit.outputs.emails.draft import EmailDraft, draft_emails, stop_instructions, unsubscribe_url

SUBJECT_WARN_LENGTH = 78
GMAIL_CLIP_BYTES = 102 * 1024  # Gmail clips HTML beyond about 102 KB
UNSUBSCRIBE_PLACEHOLDER = "https://unsubscribe.invalid/coursekit-placeholder"
FileContent = bytes | Iterable[bytes]  # a file whole, or in parts to be written one after the other


@dataclass
class EmailSequence:
    """The generated email course: files by name, the messages, and warnings for authors."""

    drafts: list[EmailDraft]
    messages: list[EmailMessage]
    files: dict[str, bytes] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    write: Callable[[str, FileContent], None] | None = None  # set: files go there as they are made, not kept

    def add(self, name: str, content: FileContent) -> None:
        """A file, whole or in parts (written as they are made, with `write`)."""
        if self.write is None:
            self.files[name] = content if isinstance(content, bytes) else b"".join(content)
        else:
            self.write(name, content)


def build_sequence(course: Course, epoch: int, write: Callable[[str, FileContent], None] | None = None) -> EmailSequence:
    """Render, check and package every email; `epoch` (SOURCE_DATE_EPOCH) is day 0. With
    `write`, each file is handed to it as soon as it is made and neither the files nor
    the messages are kept (only each email's .eml bytes, which the mbox needs at the
    end, and the services' bodies for their files)."""
    drafts = draft_emails(course)
    sequence = EmailSequence(drafts=drafts, messages=[], write=write)
    if unsubscribe_url(course) is None:
        sequence.warnings.append(
            f"{display_path(course.root / 'course.yml')}: field 'email.unsubscribe_url': the emails have no unsubscribe "
            f"link, so their footer says: {stop_instructions(course)} Fix: set email.unsubscribe_url to your email "
            "service's unsubscribe page before sending these files to anyone (Kit and listmonk add their own)"
        )
    # Kept until the services' files and the mailbox are written at the end.
    kit_html: dict[str, str] = {}
    listmonk_html: dict[str, str] = {}
    listmonk_text: dict[str, str] = {}
    emls: list[tuple[str, datetime, bytes]] = []
    csv_rows: list[bytes] = []
    unsubscribe, shared = unsubscribe_url(course), mime.shared_headers(course)
    for index, draft in enumerate(drafts):
        html = render.render_html(course, draft)
        # The plain text is made once, with a placeholder where the unsubscribe link goes:
        # the email's own copy and listmonk's differ only there (html2text is the slow part).
        service_text = render.render_text(course, draft, unsubscribe=UNSUBSCRIBE_PLACEHOLDER)
        if unsubscribe is not None and unsubscribe not in service_text:
            text = service_text.replace(UNSUBSCRIBE_PLACEHOLDER, unsubscribe)
        else:  # no link (the footer says how to stop in words), or one html2text would number with another
            text = render.render_text(course, draft)
        html_bytes = html.encode("utf-8")
        _check(draft, len(html_bytes), sequence.warnings)
        message = mime.build_message(course, draft, html, text, epoch, shared=shared)
        eml = message.as_bytes()
        own_files = exports.file_names(draft)
        sequence.add(own_files["html"], html_bytes)
        sequence.add(own_files["txt"], text.encode("utf-8"))
        sequence.add(own_files["eml"], eml)
        if write is None:
            sequence.messages.append(message)
        emls.append((course.meta.email.from_address, mime.send_time(epoch, draft), eml))
        csv_rows.append(exports.sequence_csv_rows(drafts, index, html, text))
        # The services wrap the content in their own template, footer and unsubscribe link, and read
        # bodies as templates: course text is made literal, their own tags stay live.
        kit_html[draft.file_stem] = exports.liquid_literal(render.render_fragment(course, draft, "kit"))
        listmonk_html[draft.file_stem] = exports.go_template_literal(render.render_fragment(course, draft, "listmonk"))
        listmonk_text[draft.file_stem] = exports.go_template_literal(service_text).replace(
            UNSUBSCRIBE_PLACEHOLDER, exports.LISTMONK_UNSUBSCRIBE
        )

    sequence.add(names.mbox_name(course), mime.mbox_parts(emls))
    sequence.add(names.SEQUENCE_JSON, exports.to_json(exports.sequence_manifest(course, drafts)))
    sequence.add(names.SEQUENCE_CSV, csv_rows)
    sequence.add(names.KIT_EXPORT, exports.to_json_list(exports.kit_sequence_emails(drafts, kit_html)))
    listmonk = exports.listmonk_campaigns(course, drafts, listmonk_html, listmonk_text)
    sequence.add(names.LISTMONK_EXPORT, exports.to_json_list(listmonk))
    template = render.listmonk_template(course, exports.go_template_literal)
    sequence.add(names.LISTMONK_TEMPLATE, exports.to_json(exports.listmonk_template_body(course, template)))
    sequence.add(names.GALLERY, exports.gallery_page(course, drafts).encode("utf-8"))
    return sequence


def _check(draft: EmailDraft, size: int, warnings: list[str]) -> None:
    """Errors for what breaks delivery (HTML of `size` bytes); warnings for what merely hurts it."""
    where = display_path(draft.lesson.source)
    if size > GMAIL_CLIP_BYTES:
        raise CourseError(
            where,
            f"its email's HTML is {size:,} bytes; Gmail clips emails over {GMAIL_CLIP_BYTES:,}",
            "shorten the exercise or the takeaways of this lesson",
            field="email",
        )
    if len(draft.subject) > SUBJECT_WARN_LENGTH:
        warnings.append(
            f"{where}: field 'email.subject': is {len(draft.subject)} characters; many inboxes cut "
            f"subjects after {SUBJECT_WARN_LENGTH}. Consider shortening it"
        )
