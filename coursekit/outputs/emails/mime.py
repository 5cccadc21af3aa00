"""RFC 5322 messages for the email course, and the mbox that previews the sequence.

Everything that is random by default in the standard library (MIME boundaries,
Message-IDs, mbox From_ lines) is derived from the course, so output is repeatable.
"""

from __future__ import annotations

import email.policy
import email.utils
import hashlib
import re
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from email.headerregistry import Address
from email.message import EmailMessage
from typing import Any

from coursekit.core.model import Course
from coursekit.outputs.emails.draft import EmailDraft

SECONDS_PER_DAY = 86_400
HEADER_WIDTH = 78  # RFC 5322 2.1.1: lines SHOULD be at most 78 characters
FROM_LINE = re.compile(rb"^>*From ")


def build_message(
    course: Course,
    draft: EmailDraft,
    html: str,
    text: str,
    epoch: int,
    to: str | None = None,
    shared: dict[str, Any] | None = None,
) -> EmailMessage:
    """A multipart/alternative message (text/plain, then text/html), UTF-8. `shared` is
    `shared_headers(course)`, made once for a whole sequence."""
    shared = shared if shared is not None else shared_headers(course)
    message = EmailMessage(policy=email.policy.SMTP)
    message.set_raw("From", shared["From"])
    if to:
        message["To"] = to
    if "Reply-To" in shared:
        message.set_raw("Reply-To", shared["Reply-To"])
    message["Subject"] = draft.subject
    message["Date"] = email.utils.format_datetime(send_time(epoch, draft))
    message["Message-ID"] = message_id(course, draft)
    for name in LIST_HEADERS:
        if name in shared:
            message.set_raw(name, shared[name])
    message["X-Course-Lesson"] = f"{draft.lesson.number} of {len(course.lessons)}"
    message.set_content(text, subtype="plain", charset="utf-8", cte="quoted-printable")
    message.add_alternative(html, subtype="html", charset="utf-8", cte="quoted-printable")
    message.set_boundary(_boundary(course, draft, html, text))
    return message


LIST_HEADERS = ("List-Unsubscribe", "List-Unsubscribe-Post", "List-Id")


def shared_headers(course: Course) -> dict[str, Any]:
    """The headers every email of the course has alike (sender, reply address, list
    headers), as the email package stores them once parsed: parsing headers is much of
    the cost of a message, and a thousand emails need it once."""
    settings = course.meta.email
    message = EmailMessage(policy=email.policy.SMTP)
    _set_sender(message, settings.from_name, settings.from_address)
    if settings.reply_to:
        message["Reply-To"] = settings.reply_to
    # The files are addressed to nobody: only the mailto, which works for whoever writes.
    # A one-click URL must name its reader (RFC 8058 3.1); `send` adds it per recipient.
    if settings.list_unsubscribe.mailto:
        message["List-Unsubscribe"] = unsubscribe_targets(settings.list_unsubscribe.mailto, None)
    message["List-Id"] = list_id(course)
    return dict(message.raw_items())


def unsubscribe_targets(mailto: str | None, one_click: str | None) -> str:
    """The List-Unsubscribe value (RFC 2369): the mailto, then the reader's one-click URL."""
    targets = [f"<mailto:{mailto}?subject=unsubscribe>"] if mailto else []
    return ", ".join(targets + ([f"<{one_click}>"] if one_click else []))


def _set_sender(message: EmailMessage, name: str, address: str) -> None:
    """The From header. Python (3.11 to 3.13 at least) drops the quotes around a display
    name with specials (, " < > ...) when it folds a long header, so a parser reads
    several broken addresses; an ASCII name is therefore quoted (RFC 5322 3.2.4) and
    folded at its spaces here, and stored as is. A non-ASCII name is encoded by Python
    as RFC 2047 words, which it folds correctly."""
    if not name.isascii():
        message["From"] = Address(display_name=name, addr_spec=address)
        return
    lines, line = [], "From:"
    for word in email.utils.formataddr((name, address)).split(" "):
        if len(line) + 1 + len(word) > HEADER_WIDTH and line != "From:":
            lines.append(line)
            line = ""
        line += " " + word
    lines.append(line)
    message.set_raw("From", "\r\n".join(lines).removeprefix("From: "))


def list_id(course: Course) -> str:
    """RFC 2919: the course's title as the phrase, `<course id>.<sender's domain>` as the id."""
    domain = course.meta.email.from_address.rsplit("@", 1)[1]
    phrase = email.utils.quote(course.meta.title)
    return f'"{phrase}" <{course.meta.id}.{domain}>'


def send_time(epoch: int, draft: EmailDraft) -> datetime:
    """Day 0 is SOURCE_DATE_EPOCH; email n goes out its send day later."""
    return datetime.fromtimestamp(epoch + draft.send_day * SECONDS_PER_DAY, tz=UTC)


def message_id(course: Course, draft: EmailDraft) -> str:
    """A stable Message-ID in the sender's domain, short enough never to be folded."""
    domain = course.meta.email.from_address.rsplit("@", 1)[1]
    return f"<{course.meta.id}.{draft.position:02d}@{domain}>"


def build_mbox(messages: Iterable[tuple[str, datetime, bytes]]) -> bytes:
    """An mboxrd file of (sender, date, RFC 5322 bytes) messages (see mbox_parts)."""
    return b"".join(mbox_parts(messages))


def mbox_parts(messages: Iterable[tuple[str, datetime, bytes]]) -> Iterator[bytes]:
    """The mboxrd file of (sender, date, RFC 5322 bytes) messages, a message at a time,
    From_ lines dated like them.

    Written directly rather than with `mailbox`, which deep-copies every message:
    LF line ends, and body lines starting with (>*)From quoted with one more '>'.
    """
    for sender, when, raw in messages:
        out = bytearray(f"From {sender} {when.strftime('%a %b %d %H:%M:%S %Y')}\n".encode("ascii"))
        for line in raw.replace(b"\r\n", b"\n").split(b"\n"):
            out += (b">" + line if FROM_LINE.match(line) else line) + b"\n"
        yield bytes(out)


def _boundary(course: Course, draft: EmailDraft, html: str, text: str) -> str:
    digest = hashlib.sha256(f"{course.meta.id}|{draft.file_stem}|{html}|{text}".encode()).hexdigest()[:24]
    return f"=_coursekit_{digest}"
