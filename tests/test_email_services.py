"""The email course as email services and mail clients take it: schedules listmonk
accepts, standalone emails, unsubscribe that does what it says (RFC 8058), and a
layout Word-engine Outlook keeps."""

from __future__ import annotations

import datetime
import email.policy
import json
import re
from email.parser import BytesParser
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from coursekit.core.errors import CourseError
from coursekit.core.loader import load_course
from coursekit.outputs.emails.sequence import build_sequence
from helpers import GARDEN, edit, error_of, run_build

EPOCH = 1764000000
# listmonk schedules only in the future: a start two years ahead stays valid for as long as the tests live.
YEAR = datetime.datetime.now(datetime.UTC).year + 2


def listmonk(project: Path) -> list[dict]:
    course = load_course(project / "lessons")
    return json.loads(build_sequence(course, EPOCH).files["listmonk-campaigns.json"])


@pytest.mark.parametrize("start", [f'"{YEAR}-01-04T09:00:00Z"', f"{YEAR}-01-04T09:00:00Z", f"{YEAR}-01-04T10:00:00+01:00"])
def test_listmonk_send_at_is_start_plus_the_send_day(mini_project: Path, start: str):
    """listmonk refuses a send_at in the past (HTTP 400); with a start it is start + delay,
    quoted in YAML or not, and never before the build."""
    edit(
        mini_project / "lessons/course.yml",
        "  list_unsubscribe:",
        f"  listmonk:\n    start: {start}\n    template_id: 4\n  list_unsubscribe:",
    )
    bodies = listmonk(mini_project)
    begin = datetime.datetime(YEAR, 1, 4, 9, tzinfo=datetime.UTC)
    for index, body in enumerate(bodies):
        when = datetime.datetime.fromisoformat(body["send_at"].replace("Z", "+00:00"))
        assert when == begin + datetime.timedelta(days=3 * index) and when.timestamp() > EPOCH
        assert body["template_id"] == 4


def test_listmonk_start_needs_a_time_zone(mini_project: Path):
    edit(
        mini_project / "lessons/course.yml",
        "  list_unsubscribe:",
        "  listmonk:\n    start: 2027-01-04T09:00:00\n  list_unsubscribe:",
    )
    message = error_of(mini_project)
    assert "field 'email.listmonk.start': '2027-01-04T09:00:00' has the wrong form" in message
    assert "with its time zone" in message


@pytest.mark.parametrize("start", ["2020-01-06T09:00:00Z", "now"])
def test_a_listmonk_start_in_the_past_stops_the_build(mini_project: Path, start: str):
    """listmonk answers HTTP 400 "Scheduled date should be in the future" (cmd/campaigns.go,
    checked by its server's clock when the campaign is created): the build says so first."""
    when = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ") if start == "now" else start
    edit(mini_project / "lessons/course.yml", "  list_unsubscribe:", f"  listmonk:\n    start: {when}\n  list_unsubscribe:")
    message = " ".join(error_of(mini_project).split())
    assert f"field 'email.listmonk.start': {when} is not in the future, and listmonk refuses to schedule a campaign" in message
    assert "delete 'start:' to create them unscheduled" in message
    result = run_build(mini_project)
    assert result.returncode != 0 and "is not in the future" in result.stderr


def test_without_a_start_listmonk_campaigns_are_drafts(mini_project: Path):
    assert all("send_at" not in body for body in listmonk(mini_project))


def test_an_exercise_that_points_at_the_page_is_refused(mini_project: Path):
    edit(mini_project / "lessons/second-steps.md", "Write down three things", "Copy the table above and write down three things")
    assert error_of(mini_project).splitlines() == [
        "lessons/second-steps.md:23: its email's exercise mentions 'the table', but holds no table. Fix: the email course "
        "sends the exercise without the rest of the lesson: add 'exercise: |' under 'email:' in the front matter with a "
        "version that stands alone (include the table, list or steps it needs)",
        "lessons/second-steps.md:23: its email's exercise says 'above', which the email does not show. Fix: the email "
        "course sends the exercise without the rest of the lesson: add 'exercise: |' under 'email:' in the front matter "
        "with a version that stands alone (include the table, list or steps it needs)",
    ]
    edit(
        mini_project / "lessons/second-steps.md",
        "  subject:",
        "  exercise: |\n    Write down three things you noticed.\n  subject:",
    )
    load_course(mini_project / "lessons")  # the email's own exercise stands alone


def test_every_email_carries_its_exercise_whole():
    course = load_course(GARDEN)
    sequence = build_sequence(course, EPOCH)
    for lesson in course.lessons:
        stem = f"{lesson.number:02d}-{lesson.slug}"
        html = BeautifulSoup(sequence.files[f"{stem}.html"], "html.parser").get_text(" ", strip=True)
        text = " ".join(sequence.files[f"{stem}.txt"].decode().split())
        items = re.findall(r"(?m)^\s*(?:[0-9]+\.|-) (?:\*\*[^*]+\*\*:? )?(\S+(?: \S+){0,3})", lesson.email_exercise)
        assert items, lesson.slug
        for item in items:
            assert item.replace("*", "") in html and item.replace("*", "") in text, (lesson.slug, item)
        assert not re.search(r"(?i)\b(above|below)\b", lesson.email_exercise), lesson.slug


def test_list_headers_and_a_truthful_footer(mini_project: Path):
    """RFC 2369 List-Unsubscribe with the mailto (a file has no reader to name in a one-click
    URL); RFC 2919 List-Id; the footer links the service's unsubscribe page (a GET page,
    never the one-click address, which takes a POST)."""
    course = load_course(mini_project / "lessons")
    sequence = build_sequence(course, EPOCH)
    message = BytesParser(policy=email.policy.default).parsebytes(sequence.files["01-first-steps.eml"])
    assert message["List-Unsubscribe"] == "<mailto:unsubscribe@tests.example.org?subject=unsubscribe>"
    assert message["List-Unsubscribe-Post"] is None
    assert message["List-Id"] == '"Mini Course" <mini-course.tests.example.org>'
    html = BeautifulSoup(message.get_body(("html",)).get_content(), "html.parser")
    assert html.find("a", string="Unsubscribe")["href"] == "https://mail.tests.example.org/unsubscribe"
    assert "one-click" not in message.get_body(("html",)).get_content()
    assert not any("unsubscribe" in w for w in sequence.warnings)


def test_a_one_click_address_must_name_its_reader(mini_project: Path):
    """RFC 8058 3.1: the same URL in every email cannot say who unsubscribes."""
    edit(mini_project / "lessons/course.yml", "one-click?email={email}", "one-click")
    with pytest.raises(CourseError) as raised:
        load_course(mini_project / "lessons")
    said = str(raised.value)
    assert "field 'email.list_unsubscribe.one_click_url'" in said and "names no reader" in said and "{email}" in said


def test_without_an_unsubscribe_link_the_footer_says_how_to_stop(mini_project: Path):
    edit(mini_project / "lessons/course.yml", "  unsubscribe_url: https://mail.tests.example.org/unsubscribe\n", "")
    sequence = build_sequence(load_course(mini_project / "lessons"), EPOCH)
    html = sequence.files["01-first-steps.html"].decode()
    assert ">Unsubscribe<" not in html and "one click" not in html
    assert "To stop these emails, write to unsubscribe@tests.example.org with the word unsubscribe." in html
    assert any("field 'email.unsubscribe_url': the emails have no unsubscribe link" in w for w in sequence.warnings)


def test_the_layout_holds_in_word_engine_outlook():
    """Outlook for Windows ignores max-width and padding on links: a fixed 600 px table in
    conditional comments, and the button's padding for Outlook on its cell (mso-padding-alt)."""
    sequence = build_sequence(load_course(GARDEN), EPOCH)
    for name, content in sequence.files.items():
        if name.endswith(".html") and name != "index.html":
            html = content.decode()
            assert (
                '<!--[if mso]><table role="presentation" width="600"' in html
                and "<!--[if mso]></td></tr></table><![endif]-->" in html
            )
            cell = BeautifulSoup(html, "html.parser").select_one("td.button-cell")
            assert "mso-padding-alt: 14px 26px" in cell["style"] and cell.get("bgcolor")


def test_kit_sees_next_time_and_readers_see_the_cadence():
    sequence = build_sequence(load_course(GARDEN), EPOCH)
    assert "In 4 days:" in sequence.files["01-soil-first.html"].decode()  # cadence_days: 4
    assert "In 4 days:" in sequence.files["01-soil-first.txt"].decode()
    kit = json.loads(sequence.files["kit-sequence-emails.json"])
    assert "Next time:" in kit[0]["content"] and "In 4 days" not in kit[0]["content"]


def test_an_exercise_naming_a_list_it_does_not_hold_is_refused(mini_project: Path):
    edit(
        mini_project / "lessons/second-steps.md", "Write down three things", "Ask the seven questions and write down three things"
    )
    assert "its email's exercise mentions 'the seven questions', but holds no list" in error_of(mini_project)


def test_export_values_have_the_types_the_apis_take():
    """Kit v4 sequence emails: subject/preview_text/content strings, delay_value and
    position integers, delay_unit "days", published boolean. listmonk campaigns: lists
    of integer ids, strings elsewhere, tags a list of strings."""
    sequence = build_sequence(load_course(GARDEN), EPOCH)
    for body in json.loads(sequence.files["kit-sequence-emails.json"]):
        assert all(isinstance(body[key], str) for key in ("subject", "preview_text", "content"))
        assert isinstance(body["delay_value"], int) and isinstance(body["position"], int)
        assert body["delay_unit"] == "days" and isinstance(body["published"], bool)
    for body in json.loads(sequence.files["listmonk-campaigns.json"]):
        assert all(
            isinstance(body[key], str)
            for key in ("name", "subject", "from_email", "type", "content_type", "body", "altbody", "messenger")
        )
        assert body["lists"] and all(isinstance(i, int) for i in body["lists"])
        assert all(isinstance(tag, str) for tag in body["tags"])
