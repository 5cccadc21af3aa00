"""RFC 5322 messages for the email course, and the mbox that previews the sequence.

Everything that is random by default in the standard library (MIME boundaries,
Message-IDs, mbox From_ lines) is derived from the course, so output is repeatable.
"""

from __future__ import annotations

import email.policy
import email.utils
import hashlib
import mailbox
import tempfile
from datetime import datetime, timezone
from email.headerregistry import Address
from email.message import EmailMessage
from pathlib import Path

from coursekit.emails.draft import EmailDraft
from coursekit.model import Course

SECONDS_PER_DAY = 86_400


def build_message(course: Course, draft: EmailDraft, html: str, text: str, epoch: int,
                  to: str | None = None) -> EmailMessage:
    """A multipart/alternative message (text/plain, then text/html), UTF-8."""
    settings = course.meta.email
    message = EmailMessage(policy=email.policy.SMTP)
    message["From"] = Address(display_name=settings.from_name, addr_spec=settings.from_address)
    if to:
        message["To"] = to
    if settings.reply_to:
        message["Reply-To"] = settings.reply_to
    message["Subject"] = draft.subject
    message["Date"] = email.utils.format_datetime(send_time(epoch, draft))
    message["Message-ID"] = message_id(course, draft)
    targets = []
    if settings.list_unsubscribe.mailto:
        targets.append(f"<mailto:{settings.list_unsubscribe.mailto}?subject=unsubscribe>")
    if settings.list_unsubscribe.one_click_url:
        targets.append(f"<{settings.list_unsubscribe.one_click_url}>")
    if targets:
        message["List-Unsubscribe"] = ", ".join(targets)
    if settings.list_unsubscribe.one_click_url:
        message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message["X-Course-Lesson"] = f"{draft.lesson.number} of {len(course.lessons)}"
    message.set_content(text, subtype="plain", charset="utf-8", cte="quoted-printable")
    message.add_alternative(html, subtype="html", charset="utf-8", cte="quoted-printable")
    message.set_boundary(_boundary(course, draft, html, text))
    return message


def send_time(epoch: int, draft: EmailDraft) -> datetime:
    """Day 0 is SOURCE_DATE_EPOCH; email n goes out its send day later."""
    return datetime.fromtimestamp(epoch + draft.send_day * SECONDS_PER_DAY, tz=timezone.utc)


def message_id(course: Course, draft: EmailDraft) -> str:
    """A stable Message-ID in the sender's domain, short enough never to be folded."""
    domain = course.meta.email.from_address.rsplit("@", 1)[1]
    return f"<{course.meta.id}.{draft.position:02d}@{domain}>"


def build_mbox(messages: list[tuple[EmailMessage, datetime]]) -> bytes:
    """An mbox holding every message, with From_ lines dated like the messages."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "course.mbox"
        box = mailbox.mbox(path, create=True)
        try:
            for message, when in messages:
                entry = mailbox.mboxMessage(message)
                entry.set_from(str(message["From"].addresses[0].addr_spec), when.utctimetuple())
                box.add(entry)
            box.flush()
        finally:
            box.close()
        return path.read_bytes()


def _boundary(course: Course, draft: EmailDraft, html: str, text: str) -> str:
    digest = hashlib.sha256(f"{course.meta.id}|{draft.file_stem}|{html}|{text}".encode()).hexdigest()[:24]
    return f"=_coursekit_{digest}"
