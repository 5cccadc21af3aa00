"""`coursekit send` against a real SMTP server (aiosmtpd on 127.0.0.1)."""

from __future__ import annotations

import email.policy
import os
import socket
import ssl
import subprocess
import sys
import time
from email.parser import BytesParser
from email.utils import parsedate_to_datetime
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from coursekit.core.loader import load_course
from coursekit.review.local_site import free_port
from helpers import GARDEN, edit, make_project

COURSE = load_course(GARDEN)


class Inbox:
    """An aiosmtpd handler that keeps what it receives."""

    def __init__(self) -> None:
        self.messages: list[tuple[list[str], bytes]] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        self.messages.append((list(envelope.rcpt_tos), envelope.original_content))
        return "250 OK"


@pytest.fixture
def smtp_server(request):
    """A running SMTP server: (inbox, port). Parametrise with {"auth": True} for LOGIN/PLAIN."""
    options = getattr(request, "param", {})
    inbox, port = Inbox(), free_port()
    kwargs = {}
    if options.get("auth"):

        def authenticate(server, session, envelope, mechanism, auth_data):
            ok = isinstance(auth_data, LoginPassword) and auth_data.login == b"author" and auth_data.password == b"s3cret"
            return AuthResult(success=ok)

        kwargs = {"authenticator": authenticate, "auth_require_tls": False, "auth_required": True}
    controller = Controller(inbox, hostname="127.0.0.1", port=port, **kwargs)
    controller.start()
    yield inbox, port
    controller.stop()


def send(
    port: int, *args: str, host: str = "127.0.0.1", cwd: Path = GARDEN.parent, **env: str
) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("COURSEKIT_SMTP")}
    return subprocess.run(
        [sys.executable, "-m", "coursekit.cli", "send", "--smtp", f"{host}:{port}", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={**clean, "SOURCE_DATE_EPOCH": "1764000000", **env},
    )


def test_every_email_arrives_with_the_right_subjects(smtp_server):
    inbox, port = smtp_server
    result = send(port, "--to", "rosa@garden.example.org")
    assert result.returncode == 0, result.stderr
    assert len(inbox.messages) == len(COURSE.lessons) == 7
    for (recipients, raw), lesson in zip(inbox.messages, COURSE.lessons):
        message = BytesParser(policy=email.policy.default).parsebytes(raw)
        assert recipients == ["rosa@garden.example.org"]
        assert message["To"] == "rosa@garden.example.org"
        assert message["Subject"] == lesson.email_subject
        assert message.get_content_type() == "multipart/alternative"
    assert "Delivered 7 test emails to rosa@garden.example.org" in result.stdout


def test_only_sends_one(smtp_server):
    inbox, port = smtp_server
    result = send(port, "--to", "rosa@garden.example.org", "--only", "3")
    assert result.returncode == 0, result.stderr
    assert len(inbox.messages) == 1
    message = BytesParser(policy=email.policy.default).parsebytes(inbox.messages[0][1])
    assert message["Subject"] == COURSE.lessons[2].email_subject


@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")  # loopback test server
@pytest.mark.parametrize("smtp_server", [{"auth": True}], indirect=True)
def test_credentials_come_from_the_environment(smtp_server):
    inbox, port = smtp_server
    refused = send(port, "--to", "rosa@garden.example.org", "--only", "1")
    assert refused.returncode == 1 and inbox.messages == []
    assert "could not deliver through 127.0.0.1" in refused.stderr
    half = send(port, "--to", "rosa@garden.example.org", "--only", "1", COURSEKIT_SMTP_USER="author")
    assert half.returncode == 1 and "set both COURSEKIT_SMTP_USER and COURSEKIT_SMTP_PASSWORD" in half.stderr
    right = send(
        port, "--to", "rosa@garden.example.org", "--only", "1", COURSEKIT_SMTP_USER="author", COURSEKIT_SMTP_PASSWORD="s3cret"
    )
    assert right.returncode == 0, right.stderr
    assert len(inbox.messages) == 1


def test_starttls_that_the_server_lacks_is_a_clear_error(smtp_server):
    inbox, port = smtp_server
    result = send(port, "--to", "rosa@garden.example.org", COURSEKIT_SMTP_STARTTLS="1")
    assert result.returncode == 1 and inbox.messages == []
    assert "could not deliver through 127.0.0.1" in result.stderr and "STARTTLS" in result.stderr
    assert "Traceback" not in result.stderr


def test_unreachable_server_and_bad_arguments_are_clear_errors():
    result = send(free_port(), "--to", "rosa@garden.example.org")
    assert result.returncode == 1 and "Connection refused" in result.stderr and "Traceback" not in result.stderr
    bad_to = send(free_port(), "--to", "a@b.org\r\nBcc: x@y.org")
    assert bad_to.returncode == 2 and "Give one plain address" in bad_to.stderr
    assert "'a@b.org\\r\\nBcc: x@y.org' contains a space, tab, line break" in bad_to.stderr  # spelt out, one line


@pytest.mark.parametrize(
    "to",
    [
        "a@",
        "a@b;c@d.org",
        "a\t@b.org",
        "a(b@x.example",
        "a..b@x..example",
        "me@bücher.example",
        "Me <me@x.org>",
        "a@b.org,c@d.org",
        "@x.org",
        "me@-x.org",
    ],
)
def test_to_takes_exactly_one_plain_address(to: str):
    """One RFC 5322 addr-spec per --to (section 3.4.1, dot-atom form): anything else is
    refused before a connection is made, never delivered to part of it."""
    result = send(free_port(), "--to", to)
    assert result.returncode == 2, result.stderr
    assert "Invalid value for --to" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize("server", ["127.0.0.1:68160", "127.0.0.1:0", "127.0.0.1:²", "127.0.0.1", ":25", "h:-1"])
def test_smtp_takes_host_and_a_port_from_1_to_65535(server: str):
    result = subprocess.run(
        [sys.executable, "-m", "coursekit.cli", "send", "--smtp", server, "--to", "a@b.org"],
        cwd=GARDEN.parent,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2 and "port from 1 to 65535" in result.stderr and "Traceback" not in result.stderr
    bad_only = send(free_port(), "--to", "rosa@garden.example.org", "--only", "8")
    assert bad_only.returncode == 2 and "the course has 7 emails" in bad_only.stderr


def test_each_send_is_a_new_message(smtp_server):
    """RFC 5322 3.6.4: a Message-ID is unique to one message; and a Date days away from
    the time of sending is a spam signal. The .eml files keep their stable values."""
    inbox, port = smtp_server
    for _ in range(2):
        assert send(port, "--to", "rosa@garden.example.org", "--only", "2").returncode == 0
    first, second = (BytesParser(policy=email.policy.default).parsebytes(raw) for _, raw in inbox.messages)
    assert first["Message-ID"] != second["Message-ID"]
    assert first["Message-ID"].endswith("@garden.example.org>") and second["Message-ID"].endswith("@garden.example.org>")
    for message in (first, second):
        sent = parsedate_to_datetime(message["Date"]).timestamp()
        assert abs(sent - time.time()) < 120


def test_send_to_a_reader_needs_an_unsubscribe_link():
    result = send(free_port(), "--to", "reader@elsewhere.org")
    assert result.returncode == 2
    assert "is not one of email.test_recipients" in result.stderr and "email.unsubscribe_url" in result.stderr


# Safe test sends (issue 27): no placeholder sender to a real server, no password in
# plain text, TLS as the server offers it (RFC 8314: implicit TLS on 465, STARTTLS on 587).


def this_machines_address() -> str:
    """An address of this machine that is not loopback: a server there counts as remote."""
    probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        probe.connect(("192.0.2.1", 9))  # no packet is sent: this only picks the outgoing interface
        return str(probe.getsockname()[0])
    finally:
        probe.close()


@pytest.fixture
def real_sender(tmp_path: Path) -> Path:
    """A copy of the garden course whose sender is on a real (not reserved) domain; the project folder."""
    project = make_project(tmp_path / "garden", GARDEN)
    edit(
        project / "lessons/course.yml",
        "from_address: seeds@garden.example.org",
        "from_address: seeds@allotment-collective.org.uk",
    )
    edit(project / "lessons/course.yml", "reply_to: rosa@garden.example.org", "reply_to: rosa@allotment-collective.org.uk")
    return project


def authenticator(server, session, envelope, mechanism, auth_data):
    return AuthResult(success=isinstance(auth_data, LoginPassword) and auth_data.password == b"s3cret")


def test_a_sender_on_an_example_domain_is_refused_for_a_real_server():
    """RFC 2606 reserves example.org and its subdomains: the template's sender must not go
    to a real server. (It may go to one on this machine, as the tests above do.)"""
    result = send(25, "--to", "rosa@garden.example.org", host="192.0.2.1")  # refused before any connection
    assert result.returncode == 1, result.stderr
    text = " ".join(result.stderr.split())
    assert "lessons/course.yml:36: field 'email.from_address': seeds@garden.example.org is on a reserved example domain" in text
    assert "lessons/course.yml:37: field 'email.reply_to': rosa@garden.example.org" in text
    assert "--smtp 127.0.0.1:PORT" in text and "Traceback" not in text


def test_a_password_never_goes_in_plain_text_to_a_remote_server(real_sender: Path):
    inbox, port, host = Inbox(), free_port(), this_machines_address()
    controller = Controller(inbox, hostname=host, port=port, authenticator=authenticator, auth_require_tls=False)
    controller.start()
    try:
        result = send(
            port, "--to", "rosa@garden.example.org", host=host, cwd=real_sender,
            COURSEKIT_SMTP_USER="author", COURSEKIT_SMTP_PASSWORD="s3cret",
        )  # fmt: skip
    finally:
        controller.stop()
    assert result.returncode == 1 and inbox.messages == []
    assert f"{host}:{port} offers no TLS, and logging in without it would send the password as plain text" in result.stderr


def test_a_server_that_offers_starttls_gets_it_and_then_the_password(real_sender: Path, tmp_path: Path):
    """aiosmtpd refuses AUTH before TLS (auth_require_tls): the login shows STARTTLS was used."""
    import trustme

    host, port, inbox = this_machines_address(), free_port(), Inbox()
    ca = trustme.CA()
    server_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert(host).configure_cert(server_context)
    ca.cert_pem.write_to_path(str(tmp_path / "ca.pem"))
    controller = Controller(inbox, hostname=host, port=port, tls_context=server_context, authenticator=authenticator)
    controller.start()
    try:
        result = send(
            port, "--to", "rosa@garden.example.org", "--only", "1", host=host, cwd=real_sender,
            COURSEKIT_SMTP_USER="author", COURSEKIT_SMTP_PASSWORD="s3cret", COURSEKIT_SMTP_CAFILE=str(tmp_path / "ca.pem"),
        )  # fmt: skip
        unverified = send(port, "--to", "rosa@garden.example.org", "--only", "1", host=host, cwd=real_sender)
    finally:
        controller.stop()
    assert result.returncode == 0, result.stderr
    assert len(inbox.messages) == 1
    # Without the certificate authority, the server's certificate is not trusted: said so, with the fix.
    assert unverified.returncode == 1 and "COURSEKIT_SMTP_CAFILE" in unverified.stderr and "Traceback" not in unverified.stderr


def test_implicit_tls_is_spoken_from_the_first_byte(tmp_path: Path):
    """RFC 8314 3.3: port 465 speaks TLS at once (`COURSEKIT_SMTP_TLS=implicit` for any
    other port). Plain SMTP to such a server waited 31 s for a greeting that never came."""
    import trustme

    port, inbox = free_port(), Inbox()
    ca = trustme.CA()
    server_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1").configure_cert(server_context)
    ca.cert_pem.write_to_path(str(tmp_path / "ca.pem"))
    # aiosmtpd counts only STARTTLS as TLS for AUTH; here the whole connection is TLS from the start.
    controller = Controller(
        inbox, hostname="127.0.0.1", port=port, ssl_context=server_context, authenticator=authenticator, auth_require_tls=False
    )
    controller.start()
    try:
        result = send(
            port, "--to", "rosa@garden.example.org", "--only", "1",
            COURSEKIT_SMTP_TLS="implicit", COURSEKIT_SMTP_CAFILE=str(tmp_path / "ca.pem"),
            COURSEKIT_SMTP_USER="author", COURSEKIT_SMTP_PASSWORD="s3cret",
        )  # fmt: skip
    finally:
        controller.stop()
    assert result.returncode == 0, result.stderr
    assert len(inbox.messages) == 1


class Refusing(Inbox):
    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802 - aiosmtpd's name
        return "550 5.1.1 No such user here"


def test_a_servers_refusal_is_said_in_its_own_words():
    port = free_port()
    controller = Controller(Refusing(), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        result = send(port, "--to", "rosa@garden.example.org", "--only", "1")
    finally:
        controller.stop()
    assert result.returncode == 1
    assert "the server refused rosa@garden.example.org: 550 5.1.1 No such user here" in result.stderr
    assert "(550, b" not in result.stderr and "Traceback" not in result.stderr


def test_a_sent_copy_carries_its_readers_one_click_address(smtp_server, tmp_path: Path):
    """RFC 8058: List-Unsubscribe-Post only with a one-click URL that names the reader; the
    files have none (no reader), a sent copy has its recipient's, percent-encoded."""
    from helpers import FIXTURES

    inbox, port = smtp_server
    project = make_project(tmp_path / "mini", FIXTURES / "mini-course" / "lessons")
    to = "ro+sa@tests.example.org"
    edit(
        project / "lessons" / "course.yml",
        "  from_address: course@tests.example.org\n",
        f"  from_address: course@tests.example.org\n  test_recipients: [{to}]\n",
    )
    result = send(port, "--to", to, "--only", "1", cwd=project)
    assert result.returncode == 0, result.stderr
    message = BytesParser(policy=email.policy.default).parsebytes(inbox.messages[0][1])
    assert " ".join(message["List-Unsubscribe"].split()) == (  # folded onto two lines by its length
        "<mailto:unsubscribe@tests.example.org?subject=unsubscribe>, "
        "<https://mail.tests.example.org/unsubscribe/one-click?email=ro%2Bsa@tests.example.org>"
    )
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    # Without a one-click address: the mailto alone, and no Post header.
    inbox.messages.clear()
    send(port, "--to", "rosa@garden.example.org", "--only", "1")
    garden = BytesParser(policy=email.policy.default).parsebytes(inbox.messages[0][1])
    assert garden["List-Unsubscribe"] == "<mailto:stop@garden.example.org?subject=unsubscribe>"
    assert garden["List-Unsubscribe-Post"] is None
