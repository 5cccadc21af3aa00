"""Deliver test copies of the course emails through a real SMTP server.

Credentials and STARTTLS come from the environment, never the command line:
COURSEKIT_SMTP_USER, COURSEKIT_SMTP_PASSWORD, COURSEKIT_SMTP_STARTTLS=1.
"""

from __future__ import annotations

import copy
import email.utils
import os
import smtplib
from collections.abc import Mapping
from email.message import EmailMessage

TRUE_WORDS = {"1", "true", "yes", "on"}


class SendError(Exception):
    """Delivery failed; the message says where and why."""


def send_copies(
    messages: list[EmailMessage], host: str, port: int, to: str, env: Mapping[str, str] = os.environ, timeout: float = 30
) -> list[str]:
    """Send each message to `to` in one SMTP session; returns the subjects sent."""
    user, password = env.get("COURSEKIT_SMTP_USER"), env.get("COURSEKIT_SMTP_PASSWORD")
    if bool(user) != bool(password):
        raise SendError("set both COURSEKIT_SMTP_USER and COURSEKIT_SMTP_PASSWORD, or neither")
    sent = []
    try:
        with smtplib.SMTP(host, port, timeout=timeout) as smtp:
            if env.get("COURSEKIT_SMTP_STARTTLS", "").lower() in TRUE_WORDS:
                smtp.starttls()
            if user and password:
                smtp.login(user, password)
            for message in messages:
                test_copy = copy.deepcopy(message)
                del test_copy["To"]
                test_copy["To"] = to
                # A real message: its own Message-ID and the time it is sent (the .eml keeps its stable ones).
                domain = str(message["Message-ID"]).rsplit("@", 1)[1].rstrip(">")
                test_copy.replace_header("Message-ID", email.utils.make_msgid(domain=domain))
                test_copy.replace_header("Date", email.utils.formatdate(usegmt=True))
                smtp.send_message(test_copy, to_addrs=[to])
                sent.append(str(message["Subject"]))
    except (OSError, smtplib.SMTPException) as err:
        raise SendError(f"could not deliver through {host}:{port} after {len(sent)} of {len(messages)} emails: {err}") from None
    return sent
