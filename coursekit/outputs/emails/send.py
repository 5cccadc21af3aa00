"""Deliver test copies of the course emails through a real SMTP server, safely.

Credentials and TLS settings come from the environment, never the command line:
COURSEKIT_SMTP_USER and COURSEKIT_SMTP_PASSWORD (both or neither);
COURSEKIT_SMTP_STARTTLS=1 to require STARTTLS; COURSEKIT_SMTP_TLS=implicit for a server
that speaks TLS from the first byte (port 465 always does, RFC 8314);
COURSEKIT_SMTP_CAFILE to trust a private certificate authority.

A server that offers STARTTLS gets it; a password goes only over TLS, except to a server
on this machine (a local test server such as Mailpit); the server's refusals are
reported in its own words.
"""

from __future__ import annotations

import copy
import email.utils
import ipaddress
import os
import smtplib
import ssl
from collections.abc import Mapping
from email.message import EmailMessage
from urllib.parse import quote

from coursekit.core.schema import ListUnsubscribe
from coursekit.outputs.emails.mime import unsubscribe_targets

TRUE_WORDS = {"1", "true", "yes", "on"}
IMPLICIT_TLS_PORT = 465  # "submissions", RFC 8314 section 3.3


class SendError(Exception):
    """Delivery failed; the message says where and why."""


def is_loopback(host: str) -> bool:
    """Whether `host` is this machine: a local test server, where nothing leaves it."""
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host.lower().rstrip(".") == "localhost" or host.lower().rstrip(".").endswith(".localhost")


def send_copies(
    messages: list[EmailMessage],
    host: str,
    port: int,
    to: str,
    env: Mapping[str, str] = os.environ,
    timeout: float = 30,
    unsubscribe: ListUnsubscribe | None = None,
) -> list[str]:
    """Send each message to `to` in one SMTP session; returns the subjects sent. With a
    one-click address in `unsubscribe`, each copy carries it filled in for `to`, and
    List-Unsubscribe-Post (RFC 8058): a sent message has a reader, unlike the files."""
    user, password = env.get("COURSEKIT_SMTP_USER"), env.get("COURSEKIT_SMTP_PASSWORD")
    if bool(user) != bool(password):
        raise SendError("set both COURSEKIT_SMTP_USER and COURSEKIT_SMTP_PASSWORD, or neither")
    implicit = port == IMPLICIT_TLS_PORT or env.get("COURSEKIT_SMTP_TLS", "").lower() == "implicit"
    context = ssl.create_default_context(cafile=env.get("COURSEKIT_SMTP_CAFILE") or None)
    sent: list[str] = []
    where = f"{host}:{port}"
    try:
        smtp = (
            smtplib.SMTP_SSL(host, port, timeout=timeout, context=context)
            if implicit
            else smtplib.SMTP(host, port, timeout=timeout)
        )
        with smtp:
            encrypted = implicit
            if not implicit:
                smtp.ehlo()
                required = env.get("COURSEKIT_SMTP_STARTTLS", "").lower() in TRUE_WORDS
                # Offered by the server: taken, unless it is a local test server (often with no real certificate).
                if required or (smtp.has_extn("starttls") and not is_loopback(host)):
                    smtp.starttls(context=context)
                    smtp.ehlo()
                    encrypted = True
            if user and password:
                if not encrypted and not is_loopback(host):
                    raise SendError(
                        f"{where} offers no TLS, and logging in without it would send the password as plain text. "
                        f"Fix: use the server's TLS port ({IMPLICIT_TLS_PORT}, or 587 with STARTTLS)"
                    )
                smtp.login(user, password)
            for message in messages:
                test_copy = copy.deepcopy(message)
                del test_copy["To"]
                test_copy["To"] = to
                # A real message: its own Message-ID and the time it is sent (the .eml keeps its stable ones).
                domain = str(message["Message-ID"]).rsplit("@", 1)[1].rstrip(">")
                test_copy.replace_header("Message-ID", email.utils.make_msgid(domain=domain))
                test_copy.replace_header("Date", email.utils.formatdate(usegmt=True))
                if unsubscribe is not None and unsubscribe.one_click_url:
                    one_click = unsubscribe.one_click_url.replace("{email}", quote(to, safe="@"))
                    del test_copy["List-Unsubscribe"]
                    test_copy["List-Unsubscribe"] = unsubscribe_targets(unsubscribe.mailto, one_click)
                    test_copy["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
                smtp.send_message(test_copy, to_addrs=[to])
                sent.append(str(message["Subject"]))
    except SendError:
        raise
    except (OSError, smtplib.SMTPException) as err:
        raise SendError(f"could not deliver through {where} after {len(sent)} of {len(messages)} emails: {_said(err)}") from None
    return sent


def _said(err: Exception) -> str:
    """What went wrong, in words: the server's own reply with its code, not a Python tuple."""
    if isinstance(err, smtplib.SMTPRecipientsRefused):
        return "; ".join(
            f"the server refused {address}: {_reply(code, text)}" for address, (code, text) in err.recipients.items()
        )
    if isinstance(err, smtplib.SMTPSenderRefused):
        return f"the server refused the sender {err.sender}: {_reply(err.smtp_code, err.smtp_error)}"
    if isinstance(err, smtplib.SMTPResponseException):
        return f"the server answered {_reply(err.smtp_code, err.smtp_error)}"
    if isinstance(err, ssl.SSLCertVerificationError):
        return (
            f"its TLS certificate could not be verified ({err.verify_message}). Fix: use the server's real name, or set "
            "COURSEKIT_SMTP_CAFILE to the certificate authority that signed it"
        )
    return str(err) or type(err).__name__


def _reply(code: int, text: bytes | str) -> str:
    words = text.decode("utf-8", "replace") if isinstance(text, bytes) else text
    return f"{code} {' '.join(words.split())}"
