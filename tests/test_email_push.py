"""`coursekit emails push kit|listmonk` against local stand-ins that apply each service's
documented checks (tests/service_standins.py): what it creates, that a second run
updates instead of duplicating, what --dry-run says, and the services' refusals."""

from __future__ import annotations

import datetime
import json
import os
import subprocess
import sys
from pathlib import Path

from service_standins import KIT_KEY, Kit, Listmonk, serving

from coursekit.core.loader import load_course
from helpers import FIXTURES, GARDEN, edit, make_project

COURSE = load_course(GARDEN)


def push(project: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("COURSEKIT_")}
    return subprocess.run(
        [sys.executable, "-m", "coursekit.cli", "emails", "push", *args],
        cwd=project,
        capture_output=True,
        text=True,
        env={**clean, "SOURCE_DATE_EPOCH": "1764000000", **env},
    )


def test_kit_gets_the_sequence_emails_as_drafts_and_a_second_run_updates_them(tmp_path: Path):
    project = make_project(tmp_path / "garden", GARDEN)
    kit = Kit(sequence_id=42)
    with serving(kit) as url:
        env = {"COURSEKIT_KIT_API_URL": url, "COURSEKIT_KIT_API_KEY": KIT_KEY}
        first = push(project, "kit", "--sequence", "42", **env)
        assert first.returncode == 0, first.stderr
        emails = sorted(kit.emails.values(), key=lambda e: e["position"])
        assert [e["subject"] for e in emails] == [lesson.email_subject for lesson in COURSE.lessons]
        assert [e["delay_value"] for e in emails] == [0] + [COURSE.meta.email.cadence_days] * (len(emails) - 1)
        assert not any(e["published"] for e in emails)  # drafts until the author says
        assert first.stdout.count("created email") == len(COURSE.lessons)

        # An edit, then a second run: the same emails, updated in place, none added.
        edit(project / "lessons" / "soil-first.md", "Garden lesson 1", "Garden lesson 1 (revised)")
        second = push(project, "kit", "--sequence", "42", "--publish", **env)
        assert second.returncode == 0, second.stderr
        assert len(kit.emails) == len(COURSE.lessons) and second.stdout.count("updated email") == len(COURSE.lessons)
        assert all(e["published"] for e in kit.emails.values())
        assert any("(revised)" in e["subject"] for e in kit.emails.values())
        # The listing was read page by page (the stand-in pages by four).
        assert sum(1 for method, path, _ in kit.requests if method == "GET") >= 2

        # A wrong key: Kit's own words, and a non-zero exit.
        refused = push(project, "kit", "--sequence", "42", **{**env, "COURSEKIT_KIT_API_KEY": "wrong"})
        assert refused.returncode == 1 and "HTTP 401: The access token is invalid" in refused.stderr


def test_listmonk_gets_our_template_and_scheduled_campaigns_once(tmp_path: Path):
    project = make_project(tmp_path / "garden", GARDEN)
    start = (datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=30)).strftime("%Y-%m-%dT09:00:00Z")
    edit(project / "lessons" / "course.yml", "  utm:\n", f"  listmonk:\n    start: {start}\n  utm:\n")
    listmonk = Listmonk()
    with serving(listmonk) as url:
        env = {
            "COURSEKIT_LISTMONK_URL": url,
            "COURSEKIT_LISTMONK_USER": "course-kit",
            "COURSEKIT_LISTMONK_TOKEN": "listmonk-test-token",
        }
        first = push(project, "listmonk", **env)
        assert first.returncode == 0, first.stderr
        ours = [t for t in listmonk.templates.values() if t["name"] == f"{COURSE.meta.title} (course kit)"]
        assert len(ours) == 1
        campaigns = sorted(listmonk.campaigns.values(), key=lambda c: c["send_at"])
        assert len(campaigns) == len(COURSE.lessons)
        assert {c["template_id"] for c in campaigns} == {ours[0]["id"]}
        assert {c["status"] for c in campaigns} == {"scheduled"}
        assert campaigns[0]["send_at"] == start
        second = push(project, "listmonk", **env)
        assert second.returncode == 0, second.stderr
        assert len(listmonk.templates) == 2 and len(listmonk.campaigns) == len(COURSE.lessons)
        assert "updated the campaign template" in second.stdout and second.stdout.count("updated '") == len(COURSE.lessons)
        # A campaign that has started is left alone, and the run says so.
        listmonk.campaigns[campaigns[0]["id"]]["status"] = "running"
        third = push(project, "listmonk", **env)
        assert third.returncode == 0 and "it is running, and listmonk edits only drafts" in third.stdout


def test_a_dry_run_says_every_request_and_sends_none(tmp_path: Path):
    project = make_project(tmp_path / "mini", FIXTURES / "mini-course" / "lessons")
    listmonk = Listmonk()
    with serving(listmonk) as url:
        result = push(project, "listmonk", "--dry-run", COURSEKIT_LISTMONK_URL=url)
    assert result.returncode == 0, result.stderr
    assert listmonk.requests == []
    lines = [line for line in result.stdout.splitlines() if line.startswith("would ")]
    assert lines[0].startswith(f"would POST {url}/api/templates ")
    assert sum(line.startswith(f"would POST {url}/api/campaigns ") for line in lines) == 3
    body = json.loads(lines[1].split(" ", 3)[3])
    assert body["subject"] and body["lists"] == [1] and "characters)" in body["body"]


def test_what_a_push_needs_is_asked_for(tmp_path: Path):
    project = make_project(tmp_path / "mini", FIXTURES / "mini-course" / "lessons")
    no_sequence = push(project, "kit", COURSEKIT_KIT_API_KEY=KIT_KEY)
    assert no_sequence.returncode == 2 and "Kit needs --sequence ID" in no_sequence.stderr
    no_key = push(project, "kit", "--sequence", "4")
    assert no_key.returncode == 2 and "COURSEKIT_KIT_API_KEY" in no_key.stderr
    no_url = push(project, "listmonk")
    assert no_url.returncode == 2 and "COURSEKIT_LISTMONK_URL" in no_url.stderr
    unreachable = push(
        project,
        "listmonk",
        COURSEKIT_LISTMONK_URL="http://127.0.0.1:9",
        COURSEKIT_LISTMONK_USER="u",
        COURSEKIT_LISTMONK_TOKEN="t",
    )
    assert unreachable.returncode == 1 and "could not reach http://127.0.0.1:9" in unreachable.stderr
    assert "Traceback" not in unreachable.stderr
