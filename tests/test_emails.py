"""The email course as its users meet it: parsed .eml files, links that resolve on
the built site, service exports, determinism, size, and bad input."""

from __future__ import annotations

import email.policy
import json
import mailbox
import re
import subprocess
import sys
from email.parser import BytesParser
from email.utils import parsedate_to_datetime
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup

from coursekit.core import routes
from coursekit.core.loader import load_course
from coursekit.outputs.emails.draft import stop_address, unsubscribe_url
from coursekit.outputs.emails.exports import KIT_FIELDS, LISTMONK_FIELDS
from coursekit.outputs.emails.sequence import build_sequence
from helpers import FIXTURES, GARDEN, edit, make_project

COURSE = load_course(GARDEN)
EPOCH = 1764000000  # what helpers.run_build sets as SOURCE_DATE_EPOCH
SITE_URL = COURSE.meta.site_url


def parse(raw: bytes):
    return BytesParser(policy=email.policy.default).parsebytes(raw)


def run_emails(project: Path, out: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "coursekit.cli", "emails", "-o", str(out), *args],
        cwd=project,
        capture_output=True,
        text=True,
        env={"SOURCE_DATE_EPOCH": str(EPOCH), "PATH": ""},
    )


@pytest.fixture(scope="module")
def sequence():
    return build_sequence(COURSE, EPOCH)


@pytest.fixture(scope="module")
def emails_dir(built_site: Path) -> Path:
    return built_site / "emails"


# -- the .eml files ----------------------------------------------------------------


def test_every_eml_is_multipart_alternative_with_the_headers(emails_dir):
    emls = sorted(emails_dir.glob("*.eml"))
    assert len(emls) == len(COURSE.lessons) == 7
    ids = set()
    for index, (path, lesson) in enumerate(zip(emls, COURSE.lessons)):
        message = parse(path.read_bytes())
        assert message.get_content_type() == "multipart/alternative"
        parts = [part.get_content_type() for part in message.iter_parts()]
        assert parts == ["text/plain", "text/html"]
        assert all(part.get_content_charset() == "utf-8" for part in message.iter_parts())
        assert message["Subject"] == lesson.email_subject
        assert message["From"].addresses[0].addr_spec == "seeds@garden.example.org"
        assert message["From"].addresses[0].display_name == "Allotment Collective"
        assert message["Reply-To"] == "rosa@garden.example.org"
        assert parsedate_to_datetime(message["Date"]).timestamp() == EPOCH + index * COURSE.meta.email.cadence_days * 86400
        assert message["Message-ID"] == f"<kitchen-garden.{lesson.number:02d}@garden.example.org>"
        ids.add(message["Message-ID"])
        assert message["List-Unsubscribe"] == "<mailto:stop@garden.example.org?subject=unsubscribe>"
        assert message["List-Unsubscribe-Post"] is None  # no one-click URL is configured for the real course
        assert message["List-Id"] == '"Kitchen Garden Basics" <kitchen-garden.garden.example.org>'  # RFC 2919
        text = message.get_body(("plain",)).get_content()
        html = message.get_body(("html",)).get_content()
        assert lesson.title in text and lesson.title in html
        assert f"Lesson {lesson.number} of {len(COURSE.lessons)}" in text
        assert lesson.exercise_title in text and lesson.exercise_title in html
    assert len(ids) == len(COURSE.lessons)


def test_the_files_carry_the_mailto_only_and_their_day(mini_project):
    """The .eml files are addressed to nobody, so their List-Unsubscribe is the mailto only:
    a one-click URL must say whose subscription it ends (RFC 8058 3.1), and only `send`,
    which knows the recipient, adds it (tests/test_email_send.py)."""
    course = load_course(mini_project / "lessons")
    assert course.meta.email.list_unsubscribe.one_click_url  # configured, and still not in the files
    message = parse(build_sequence(course, EPOCH).files["01-first-steps.eml"])
    assert message["List-Unsubscribe"] == "<mailto:unsubscribe@tests.example.org?subject=unsubscribe>"
    assert message["List-Unsubscribe-Post"] is None
    assert message["Reply-To"] is None
    assert (
        parsedate_to_datetime(parse(build_sequence(course, EPOCH).files["03-third-steps.eml"])["Date"]).timestamp()
        == EPOCH + 2 * 3 * 86400
    )


def test_html_has_preheader_single_column_and_inlined_styles(sequence):
    for draft in sequence.drafts:
        html = sequence.files[f"{draft.file_stem}.html"].decode("utf-8")
        page = BeautifulSoup(html, "html.parser")
        assert page.select_one(".preheader").get_text().startswith(draft.preheader)
        assert page.select_one('meta[name="color-scheme"]')["content"] == "light dark"
        assert page.find("table", class_="container")["width"] == "600"
        assert "max-width: 600px" in page.find("table", class_="container")["style"]
        assert "prefers-color-scheme: dark" in page.style.get_text()
        assert "font-family" in page.body["style"] and "http" not in page.body["style"]
        button = page.select_one("a.cta")  # not "button": a class listmonk's default template styles
        assert "padding: 14px 26px" in button["style"]
        assert all(img.get("alt") for img in page.find_all("img"))


def test_text_part_has_the_same_content_and_lists_links(sequence):
    for draft in sequence.drafts:
        text = sequence.files[f"{draft.file_stem}.txt"].decode("utf-8")
        html = BeautifulSoup(sequence.files[f"{draft.file_stem}.html"], "html.parser")
        assert draft.lesson.summary.split()[0] in text
        for takeaway in draft.lesson.takeaways:
            assert " ".join(takeaway.split()) in " ".join(text.split())
        listed = re.findall(r"^\s*\[\d+\]: (\S+)$", text, flags=re.M)
        assert sorted(set(listed)) == sorted({a["href"] for a in html.find_all("a")})
        assert COURSE.meta.email.postal_address in text


# -- links ----------------------------------------------------------------------------


def all_links(sequence) -> list[tuple[str, str]]:
    found = []
    for name, content in sequence.files.items():
        if name.endswith(".html") and name != "index.html":
            found += [(name, a["href"]) for a in BeautifulSoup(content, "html.parser").find_all("a")]
        elif name.endswith(".txt"):
            found += [(name, url) for url in re.findall(r"^\s*\[\d+\]: (\S+)$", content.decode(), flags=re.M)]
    return found


def test_every_link_is_absolute_and_exists_in_the_built_site(sequence, built_site):
    links = all_links(sequence)
    assert len(links) >= 4 * len(COURSE.lessons)
    for name, href in links:
        assert href.startswith(SITE_URL), (name, href)
        parts = urlsplit(href)
        path = parts.path[len(urlsplit(SITE_URL).path) :]
        target = built_site / path / "index.html" if path.endswith("/") or not path else built_site / path
        assert target.is_file(), (name, href)
        if parts.fragment:
            assert f'id="{parts.fragment}"' in target.read_text(encoding="utf-8"), (name, href)


def test_site_links_carry_utm_parameters(sequence):
    for _name, href in all_links(sequence):
        if "#unsubscribe" in href:
            continue
        query = parse_qs(urlsplit(href).query)
        assert query["utm_source"] == ["garden-mail"] and query["utm_medium"] == ["email"], href
        assert query["utm_campaign"] == ["kitchen-garden"] and query["utm_content"][0].startswith("lesson-")


def test_site_url_override_changes_every_link(tmp_path):
    result = run_emails(make_project(tmp_path / "p", GARDEN), tmp_path / "out", "--site-url", "https://someone.github.io/fork/")
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "out" / "04-watering-deeply.html").read_text(encoding="utf-8")
    hrefs = [a["href"] for a in BeautifulSoup(html, "html.parser").find_all("a")]
    assert hrefs and all(h.startswith("https://someone.github.io/fork/") for h in hrefs)


# -- sequence-level files -----------------------------------------------------------------


def test_sequence_json(sequence):
    data = json.loads(sequence.files["sequence.json"])
    assert [e["position"] for e in data["emails"]] == list(range(1, len(COURSE.lessons) + 1))
    assert [e["send_day"] for e in data["emails"]] == [4 * i for i in range(len(COURSE.lessons))]  # cadence_days: 4
    assert [e["delay_days"] for e in data["emails"]] == [0] + [4] * (len(COURSE.lessons) - 1)
    for entry, lesson in zip(data["emails"], COURSE.lessons):
        assert entry["subject"] == lesson.email_subject and entry["preheader"] == lesson.email_preheader
        assert entry["lesson_url"] == SITE_URL + routes.lesson_url(lesson)
        assert all(name in sequence.files for name in entry["files"].values())


def test_kit_bodies_carry_exactly_the_fields_kit_takes(sequence):
    """Kit API v4, "Create a sequence email" (POST /v4/sequences/{id}/emails): the
    content goes inside the account's email template, which has its own document,
    footer and unsubscribe link, so the body is the email's content alone."""
    bodies = json.loads(sequence.files["kit-sequence-emails.json"])
    kit_accepts = {
        "subject",
        "preview_text",
        "content",
        "delay_value",
        "delay_unit",
        "email_template_id",
        "published",
        "send_days",
        "position",
    }
    assert len(bodies) == len(COURSE.lessons)
    for index, body in enumerate(bodies):
        assert set(body) == set(KIT_FIELDS) and set(body) <= kit_accepts
        assert {"subject", "delay_value", "delay_unit"} <= set(body)
        assert body["delay_unit"] == "days" and body["position"] == index
        assert body["delay_value"] == (0 if index == 0 else COURSE.meta.email.cadence_days)
        for part in ("<html", "<head", "<body", "nsubscribe", 'class="preheader"', COURSE.meta.email.postal_address):
            assert part not in body["content"], part  # no document, footer or second preheader of its own
        assert 'style="' in body["content"]  # styles inlined
        assert "Next time:" in body["content"] or index == len(COURSE.lessons) - 1  # Kit's send days may move a day count
        assert body["published"] is False


def test_listmonk_bodies_carry_exactly_the_fields_listmonk_takes(sequence):
    """listmonk's POST /api/campaigns (docs: apis/campaigns; models/campaigns.go): the
    body goes inside a campaign template with its own unsubscribe footer; a past
    send_at is refused, so without email.listmonk.start there is none (a draft)."""
    bodies = json.loads(sequence.files["listmonk-campaigns.json"])
    listmonk_accepts = {
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
        "template_id",
        "tags",
        "headers",
    }
    assert len(bodies) == len(COURSE.lessons)
    for body in bodies:
        assert set(body) <= set(LISTMONK_FIELDS) and set(body) <= listmonk_accepts
        assert body["content_type"] == "html" and body["type"] == "regular" and body["lists"] == [1]
        assert "<html" not in body["body"] and "<head" not in body["body"] and "nsubscribe" not in body["body"]
        assert "{{ UnsubscribeURL }}" in body["altbody"]  # the text part has no template around it
        assert body["from_email"] == "Allotment Collective <seeds@garden.example.org>"
        assert "send_at" not in body and "template_id" not in body


def parsedate_to_datetime_iso(value: str) -> float:
    from datetime import datetime

    return datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp()


def test_mbox_holds_the_ten_emails_in_order(sequence, tmp_path):
    path = tmp_path / "course.mbox"
    path.write_bytes(sequence.files["kitchen-garden.mbox"])
    box = mailbox.mbox(path)
    assert [m["Subject"] for m in box] == [lesson.email_subject for lesson in COURSE.lessons]
    assert all(m.get_from().startswith("seeds@garden.example.org ") for m in box)


def test_gallery_links_every_file(sequence):
    page = BeautifulSoup(sequence.files["index.html"], "html.parser")
    hrefs = {a["href"] for a in page.find_all("a")}
    for name in sequence.files:
        if name != "index.html":
            assert name in hrefs, name


def test_two_runs_are_byte_identical_and_html_is_small(tmp_path):
    project = make_project(tmp_path / "p", GARDEN)
    first, second = run_emails(project, tmp_path / "a"), run_emails(project, tmp_path / "b")
    assert first.returncode == 0 and second.returncode == 0, first.stderr
    names = sorted(p.name for p in (tmp_path / "a").iterdir())
    assert (
        len(names) == 3 * len(COURSE.lessons) + 8
        and ".coursekit-output" in names
        and names == sorted(p.name for p in (tmp_path / "b").iterdir())
    )
    for name in names:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name
        if name.endswith(".html"):
            assert (tmp_path / "a" / name).stat().st_size <= 40 * 1024, name


def test_help_is_clear():
    for command in ("emails", "send"):
        result = subprocess.run([sys.executable, "-m", "coursekit.cli", command, "--help"], capture_output=True, text=True)
        assert result.returncode == 0
        assert "--site-url" in result.stdout
    send_help = subprocess.run([sys.executable, "-m", "coursekit.cli", "send", "--help"], capture_output=True, text=True).stdout
    assert "COURSEKIT_SMTP_PASSWORD" in send_help and "--password" not in send_help


# -- the email course page --------------------------------------------------------------------


def test_without_a_signup_learners_get_no_email_course_page(mini_project):
    """A page that offers emails nobody can sign up for is a dead end (issue 26.8): without
    `email.signup` there is no page and no menu entry; the files stay for the author."""
    from helpers import run_build

    course_yml = mini_project / "lessons" / "course.yml"
    text = course_yml.read_text(encoding="utf-8")
    start = text.index("  signup:\n")
    end = text.index("      list: mini\n") + len("      list: mini\n")
    course_yml.write_text(text[:start] + text[end:], encoding="utf-8")
    assert run_build(mini_project).returncode == 0
    site = mini_project / "site"
    assert not (site / "email-course").exists()
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "email-course/" not in home and "Email course" not in home
    assert (site / "emails" / "index.html").is_file() and len(list((site / "emails").glob("0*.html"))) == 3


def test_email_course_page_has_a_signup_form_the_emails_and_one_way_to_stop(mini_project):
    from helpers import run_build

    assert run_build(mini_project).returncode == 0
    course = load_course(mini_project / "lessons")
    page = BeautifulSoup((mini_project / "site" / "email-course" / "index.html").read_text(encoding="utf-8"), "html.parser")
    form = page.find("form", class_="signup")
    assert form["action"] == "https://forms.tests.example.org/subscribe" and form["method"] == "post"
    field = form.find("input", type="email")
    assert field["name"] == "email_address" and page.find("label", attrs={"for": field["id"]})
    assert form.find("input", type="hidden", attrs={"name": "list"})["value"] == "mini"
    assert page.select_one('.md-nav--primary a[href="./"]') is not None  # in the menu
    rows = page.select("article .email-list tbody tr")
    assert len(rows) == len(course.lessons)
    for row, lesson in zip(rows, course.lessons, strict=True):
        day, subject = (td.get_text(strip=True) for td in row.find_all("td"))
        assert day == str((lesson.number - 1) * course.meta.email.cadence_days) and subject == lesson.email_subject
        assert row.find("a")["href"] == f"../emails/{lesson.number:02d}-{lesson.slug}.html"
    # No operator material for learners: no gallery, no mailbox file.
    links = {a["href"] for a in page.select("article a")}
    assert "../emails/" not in links and not any(link.endswith(".mbox") for link in links)
    # One way to stop, the emails' own: their footer link here (it has one).
    text = page.select_one("article").get_text(" ", strip=True)
    assert unsubscribe_url(course) and "Every email ends with an unsubscribe link" in text
    assert stop_address(course) not in text


def test_email_course_page_names_the_address_the_emails_name(mini_project):
    """Without an unsubscribe link, the page and the emails' footer name the same address."""
    from helpers import run_build

    course_yml = mini_project / "lessons" / "course.yml"
    text = course_yml.read_text(encoding="utf-8")
    text = text.replace("  unsubscribe_url: https://mail.tests.example.org/unsubscribe\n", "")
    course_yml.write_text(text, encoding="utf-8")
    assert "unsubscribe_url" not in text
    assert run_build(mini_project).returncode == 0
    page = BeautifulSoup((mini_project / "site" / "email-course" / "index.html").read_text(encoding="utf-8"), "html.parser")
    stop = page.select_one('#unsubscribe ~ p a[href^="mailto:"]')
    assert stop["href"] == "mailto:unsubscribe@tests.example.org?subject=unsubscribe"
    email = next((mini_project / "site" / "emails").glob("01-*.html")).read_text(encoding="utf-8")
    assert "write to unsubscribe@tests.example.org" in email


# -- bad input ------------------------------------------------------------------------------------


def test_preheader_with_a_line_break_is_an_error(mini_project, tmp_path):
    edit(
        mini_project / "lessons/second-steps.md",
        '  subject: "Lesson 2: Second steps"',
        '  subject: "Lesson 2: Second steps"\n  preheader: "Read this\\nBcc: victim@example.org"',
    )
    result = run_emails(mini_project, tmp_path / "out")
    assert result.returncode == 1
    assert (
        "lessons/second-steps.md:13: field 'email.preheader': 'Read this\\nBcc: victim@example.org' has the "
        "wrong form (it contains a line break). Fix: write the preview line shown after the subject, on one line "
        "(default: the week's tool, by its name)"
    ) in result.stderr


def test_missing_subject_is_an_error(mini_project, tmp_path):
    edit(mini_project / "lessons/third-steps.md", '  subject: "Lesson 3: Third steps"\n', "  {}\n")
    text = (mini_project / "lessons/third-steps.md").read_text(encoding="utf-8").replace("email:\n  {}\n", "email: {}\n")
    (mini_project / "lessons/third-steps.md").write_text(text, encoding="utf-8")
    result = run_emails(mini_project, tmp_path / "out")
    assert result.returncode == 1
    assert "lessons/third-steps.md:11: field 'email.subject': is missing." in result.stderr


def test_long_subject_is_a_warning_not_an_error(mini_project, tmp_path):
    long_subject = "Lesson 1: " + "a very long subject line " * 4
    edit(mini_project / "lessons/first-steps.md", '"Lesson 1: First steps"', f'"{long_subject.strip()}"')
    result = run_emails(mini_project, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    assert (
        "warning: lessons/first-steps.md: field 'email.subject': is 109 characters; many inboxes cut "
        "subjects after 78. Consider shortening it"
    ) in result.stderr
    from helpers import run_build

    build = run_build(mini_project)
    assert build.returncode == 0, build.stderr
    assert "is 109 characters" in build.stderr


def test_html_over_gmail_clip_is_an_error_and_keeps_the_old_output(mini_project, tmp_path):
    out = tmp_path / "out"
    assert run_emails(mini_project, out).returncode == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    edit(mini_project / "lessons/course.yml", "max: 400", "max: 200000")
    edit(
        mini_project / "lessons/second-steps.md",
        "Write down three things",
        "Write down three things. " + "Keep notes on every call you observe this week. " * 2400,
    )
    result = run_emails(mini_project, out)
    assert result.returncode == 1
    assert re.search(
        r"lessons/second-steps.md: field 'email': its email's HTML is [\d,]+ bytes; Gmail clips "
        r"emails over 104,448\. Fix: shorten the exercise or the takeaways of this lesson",
        result.stderr,
    )
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".out-")]


def test_file_names_known_up_front_match_what_is_written(sequence):
    from coursekit.core.email_names import sequence_files

    assert sorted(sequence_files(COURSE)) == sorted(sequence.files)


@pytest.mark.parametrize(
    "href, expected",
    [
        ("sun-and-shade.md", "lessons/sun-and-shade/"),
        ("sun-and-shade.md#the-idea", "lessons/sun-and-shade/#the-idea"),
        ("../chart.md", "chart/"),
        ("../index.md", ""),
        ("../assets/spectrum.png", "assets/spectrum.png"),
        ("#reflect", "lessons/soil-first/#reflect"),
        ("https://example.org/x", None),
    ],
)
def test_lesson_links_become_absolute_site_addresses(href, expected):
    from coursekit.outputs.emails.draft import site_url_for

    url = site_url_for(COURSE, COURSE.lessons[0], href)
    assert url == (href if expected is None else SITE_URL + expected)


REPEATED = (
    "https://tests.example.org/mini/?utm_source=email-course&utm_medium=email&utm_campaign=mini-course&utm_content=lesson-02"
)


@pytest.mark.parametrize("url", ["https://mail.tests.example.org/u?list=1&who=%7Bx%7D_*", REPEATED])
def test_the_plain_text_made_once_equals_the_text_made_on_its_own(mini_project, url):
    """The sequence makes each plain-text body once, with a placeholder for the unsubscribe
    link (issue 15): the email's copy and listmonk's must equal what rendering each on its
    own gives, for a link with Markdown and query characters, and for one an email already
    holds (lesson 2's "Read the course online": html2text numbers a repeated link once)."""
    from coursekit.outputs.emails import exports, render
    from coursekit.outputs.emails.sequence import UNSUBSCRIBE_PLACEHOLDER

    edit(
        mini_project / "lessons" / "course.yml",
        "unsubscribe_url: https://mail.tests.example.org/unsubscribe",
        f"unsubscribe_url: {json.dumps(url)}",
    )
    course = load_course(mini_project / "lessons")
    sequence = build_sequence(course, EPOCH)
    listmonk = {c["name"]: c for c in json.loads(sequence.files["listmonk-campaigns.json"])}
    for draft in sequence.drafts:
        text = render.render_text(course, draft)
        assert url in text
        assert sequence.files[f"{draft.file_stem}.txt"].decode("utf-8") == text
        alone = render.render_text(course, draft, unsubscribe=UNSUBSCRIBE_PLACEHOLDER)
        expected = exports.go_template_literal(alone).replace(UNSUBSCRIBE_PLACEHOLDER, exports.LISTMONK_UNSUBSCRIBE)
        assert [c for c in listmonk.values() if c["altbody"] == expected]


def test_the_mailbox_and_the_services_files_are_written_a_message_at_a_time():
    """With `write` (the site build), the mailbox and the services' JSON files come in one
    part per email, so a thousand emails' bodies are never in memory together; joined,
    the parts are the very bytes the whole files would be."""
    from coursekit.core import email_names as names
    from coursekit.outputs.emails import exports

    course = COURSE
    whole = build_sequence(course, 1764000000).files
    parts: dict[str, list[bytes]] = {}

    def write(name: str, content) -> None:
        parts[name] = [content] if isinstance(content, bytes) else list(content)

    build_sequence(course, 1764000000, write=write)
    count = len(course.lessons)
    assert len(parts[names.mbox_name(course)]) == count
    assert len(parts[names.KIT_EXPORT]) == len(parts[names.LISTMONK_EXPORT]) == count + 1  # and the closing bracket
    assert {name: b"".join(chunks) for name, chunks in parts.items()} == whole
    # The same JSON as one dump, in the corners: nothing, line breaks, U+2028, empty containers.
    for items in ([], [{}], [{"a": "x\ny\u2028z", "b": [], "c": {}, "d": [1, {"e": None}]}, "é"]):
        assert b"".join(exports.to_json_list(iter(items))) == exports.to_json(items)


def test_the_readme_states_the_cadence_the_code_uses():
    """Issue 27: the README said the default cadence was 2 days, the code 7."""
    import dataclasses
    import re

    from coursekit.core.schema import EmailSettings
    from helpers import ROOT

    default = next(f.default for f in dataclasses.fields(EmailSettings) if f.name == "cadence_days")
    readme = (ROOT / ".github" / "AUTHORING.md").read_text(encoding="utf-8")
    stated = re.findall(r"cadence_days`[^\n]*?\(default (\d+)", readme)
    assert stated and all(int(value) == default for value in stated), (stated, default)


def test_the_preview_line_does_not_repeat_the_opening(sequence):
    """Issue 27: every preheader was the summary, which is also the email's first paragraph,
    so a reader met it twice. By default it now names the week's tool the email gives."""
    for draft in sequence.drafts:
        lesson = draft.lesson
        assert " ".join(lesson.summary.split()) not in draft.preheader
        assert draft.preheader == f"This week's tool: {' '.join(lesson.exercise_title.split())}"
        text = sequence.files[draft.file_stem + ".txt"].decode("utf-8")
        assert " ".join(lesson.exercise_title.split()) in " ".join(text.split())  # the promise is kept inside


def test_a_tool_that_outlasts_the_gap_to_the_next_email_says_so(tmp_path):
    """Issue 27.5: a two-week tool in a weekly course. With `email.tool_days` longer than the
    cadence, the email says how long it runs; without it, or when it fits, nothing is added."""
    from coursekit.outputs.emails.draft import tool_runs

    project = make_project(tmp_path / "garden", GARDEN)
    lesson_file = project / "lessons" / "companion-planting.md"
    edit(
        lesson_file,
        '  subject: "Garden lesson 5: Plant companions together"\n',
        '  subject: "Garden lesson 5: Plant companions together"\n  tool_days: 14\n',
    )
    course = load_course(project / "lessons")
    assert course.meta.email.cadence_days == 4
    files = build_sequence(course, EPOCH).files
    for lesson in course.lessons:
        text = " ".join(files[f"{lesson.number:02d}-{lesson.slug}.txt"].decode("utf-8").split())
        html = files[f"{lesson.number:02d}-{lesson.slug}.html"].decode("utf-8")
        runs = "This tool runs for 2 weeks: keep it going beside the next email's lesson."
        assert (runs in text and runs in html) == (lesson.slug == "companion-planting"), lesson.slug
    assert tool_runs(None, 7) is None and tool_runs(7, 7) is None and tool_runs(5, 7) is None
    assert tool_runs(7, 4) == "This tool runs for a week: keep it going beside the next email's lesson."
    assert tool_runs(10, 7) == "This tool runs for 10 days: keep it going beside the next email's lesson."
    assert tool_runs(5, None) == "This tool runs for 5 days: keep it going after the course."


def test_the_last_email_asks_again_only_for_what_the_first_asked(sequence):
    """Issue 27.5: the last email said 'take the self-assessment again' though no email had
    asked for it. The first now invites it (and says the last will ask again)."""
    texts = [" ".join(sequence.files[d.file_stem + ".txt"].decode("utf-8").split()) for d in sequence.drafts]
    quiz = COURSE.meta.site_url + routes.QUIZ_URL
    assert "Before you start: rate yourself in the [self-assessment]" in texts[0] and quiz in texts[0]
    assert f"({len(COURSE.require_assessment().items)} everyday behaviours" in texts[0]
    assert re.search(r"take the \[self-assessment\]\[\d+\] again", texts[-1])
    assert all("Before you start" not in text for text in texts[1:])


def test_an_email_course_without_a_self_assessment_asks_for_none(tmp_path):
    project = make_project(tmp_path / "mini", FIXTURES / "mini-course" / "lessons")
    (project / "lessons" / "assessment.yml").unlink()
    course = load_course(project / "lessons")
    assert course.assessment is None
    files = build_sequence(course, EPOCH).files
    texts = [" ".join(files[d].decode("utf-8").split()) for d in sorted(files) if d.endswith(".txt")]
    assert texts and all("self-assessment" not in text for text in texts)
    assert f"All {len(course.lessons)} lessons stay [online]" in texts[-1]


def test_a_csv_of_the_sequence_for_services_without_an_api(sequence):
    """Issue 27.6: position, send day, delay, subject, preheader, the whole HTML and text,
    one row per email, read back by Python's csv (RFC 4180) exactly as the files are."""
    import csv
    import io

    from coursekit.core import email_names
    from coursekit.outputs.emails import exports

    raw = sequence.files[email_names.SEQUENCE_CSV]
    assert raw.count(b"\r\n") >= len(sequence.drafts) + 1 and not raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8"), newline="")))
    assert [tuple(rows[0])] == [exports.SEQUENCE_CSV_HEADER] and len(rows) == len(sequence.drafts)
    for row, draft in zip(rows, sequence.drafts, strict=True):
        assert int(row["position"]) == draft.position and int(row["send_day"]) == draft.send_day
        assert row["subject"] == draft.subject and row["preheader"] == draft.preheader
        assert row["html"] == sequence.files[f"{draft.file_stem}.html"].decode("utf-8")
        assert row["text"] == sequence.files[f"{draft.file_stem}.txt"].decode("utf-8")
    assert [int(r["delay_days"]) for r in rows] == [0] + [COURSE.meta.email.cadence_days] * (len(rows) - 1)
