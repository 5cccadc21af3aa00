"""Hostile or broken input gets one clear message (file:line or option, what is wrong,
how to fix it), a non-zero exit and no traceback; the old output stays as it was."""

from __future__ import annotations

import resource
import subprocess
import sys
import time
from pathlib import Path

import pytest

from helpers import edit, error_of, run_build

LESSON_2 = "lessons/second-steps.md"
COURSE = "lessons/course.yml"
ASSESSMENT = "lessons/assessment.yml"


def build_fails(project: Path, *expected: str, **env: str) -> str:
    """Build `project` (whose site/ was built before), expecting one clean failure that
    says all of `expected`, and the old site left as it was."""
    site = project / "site"
    before = sorted((p.relative_to(site).as_posix(), p.read_bytes()) for p in site.rglob("*") if p.is_file())
    result = run_build(project, **env)
    message = result.stderr
    assert result.returncode == 1 and "Traceback" not in message, message
    for text in expected:
        assert text in message, (text, message)
    assert "Fix:" in message
    after = sorted((p.relative_to(site).as_posix(), p.read_bytes()) for p in site.rglob("*") if p.is_file())
    assert after == before
    return message


@pytest.fixture
def built(mini_project: Path) -> Path:
    assert run_build(mini_project).returncode == 0
    return mini_project


def test_aliases_are_refused_at_once_and_in_little_memory(built: Path):
    """A 400-byte 'billion laughs' file took 8 s and 1.1 GB: anchors and aliases are
    refused before anything expands (the build runs with a 300 MB address-space cap)."""
    laughs = "lol: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"l{n}: &{chr(98 + n)} [" + ", ".join([f"*{chr(97 + n)}"] * 9) + "]\n" for n in range(8)
    )
    (built / ASSESSMENT).write_text(laughs)
    started = time.monotonic()
    build_fails(built, f"{ASSESSMENT}:1: uses a YAML anchor (&a), which course files do not allow", "write the value out in full")
    assert time.monotonic() - started < 30
    limited = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from pathlib import Path; from coursekit.core.loader import load_course\n"
            "try: load_course(Path('lessons'))\nexcept Exception as e: print(e)",
        ],
        cwd=built,
        capture_output=True,
        text=True,
        preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_AS, (600 * 2**20, 600 * 2**20)),
    )
    assert "uses a YAML anchor" in limited.stdout, limited.stderr


def test_an_alias_alone_is_refused_too(mini_project: Path):
    edit(mini_project / COURSE, "tagline: A three-lesson course used by the tests.", "tagline: *name")
    assert error_of(mini_project).startswith(f"{COURSE}:3: uses a YAML alias (*name)")


def test_text_with_stars_and_ampersands_is_not_an_anchor(mini_project: Path):
    edit(mini_project / COURSE, "tagline: A three-lesson course used by the tests.", "tagline: Use *why* & R&D")
    from coursekit.core.loader import load_course

    assert load_course(mini_project / "lessons").meta.tagline == "Use *why* & R&D"


def test_a_key_given_twice_names_both_lines(mini_project: Path):
    edit(mini_project / LESSON_2, "summary:", "title: Again\nsummary:")
    assert error_of(mini_project) == (
        f"{LESSON_2}:3: 'title' is given twice, on line 2 and on line 3. "
        "Fix: keep one of them (otherwise the last one silently wins)"
    )


@pytest.mark.parametrize(("character", "code"), [("\x00", "U+0000"), ("\x07", "U+0007")])
def test_control_characters_in_a_source_are_named(mini_project: Path, character: str, code: str):
    edit(mini_project / COURSE, "organisation: Test Org", f"organisation: Test{character}Org")
    assert error_of(mini_project).startswith(f"{COURSE}:4: contains the control character {code}. Fix: delete it")


@pytest.mark.parametrize(
    ("character", "code"), [("\\v", "U+000B"), ("\\f", "U+000C"), ("\\u2028", "U+2028"), ("\\u0085", "U+0085")]
)
def test_line_breaks_of_every_kind_are_refused_in_one_line_fields(built: Path, character: str, code: str):
    edit(built / LESSON_2, 'subject: "Lesson 2: Second steps"', f'subject: "Lesson 2:{character}Second steps"')
    build_fails(built, f"{LESSON_2}:12: field 'email.subject'", f"(it contains the control character {code})")


@pytest.mark.parametrize(
    ("address", "says"),
    [
        ("a(b@x.example", "must be a single address"),
        ("a..b@x..example", "is not a valid address"),
        ("me@bücher.example", "outside ASCII"),
        ("me@x.org, you@y.org", "contains a space"),
    ],
)
def test_sender_addresses_are_one_plain_address(built: Path, address: str, says: str):
    edit(built / COURSE, "  from_address: course@tests.example.org", f'  from_address: "{address}"')
    build_fails(built, f"{COURSE}:19: field 'email.from_address'", says)


def test_a_folder_named_like_a_lesson(built: Path):
    (built / "lessons" / "extra.md").mkdir()
    edit(built / COURSE, "  - third-steps\n", "  - third-steps\n  - extra\n")
    build_fails(built, "lessons/extra.md: is a folder, not a file. Fix: rename or move the folder")


def test_assessment_yml_that_is_a_folder(built: Path):
    (built / ASSESSMENT).unlink()
    (built / ASSESSMENT).mkdir()
    build_fails(built, f"{ASSESSMENT}: is a folder, not a file")


@pytest.mark.parametrize("name", ["third-steps.md", "assessment.yml"])
def test_a_broken_link_in_place_of_a_source(built: Path, name: str):
    path = built / "lessons" / name
    path.unlink()
    path.symlink_to(built / "nowhere.md")
    build_fails(built, f"lessons/{name}: cannot be found (a link to a file that is not there?)")


def test_a_huge_lesson_is_refused_before_markdown_sees_it(built: Path):
    text = (built / LESSON_2).read_text()
    (built / LESSON_2).write_text(text + ("<b>x</b>" * 150_000))
    started = time.monotonic()
    build_fails(built, f"{LESSON_2}: is larger than 200,000 bytes")
    assert time.monotonic() - started < 30


@pytest.mark.parametrize("value", ["abc", "", "-1", "1.5", "١٧٦٤٠٠٠٠٠٠", "99999999999999"])
def test_source_date_epoch_must_be_whole_seconds(built: Path, value: str):
    build_fails(built, f"SOURCE_DATE_EPOCH: is '{value}', not a whole number of seconds", SOURCE_DATE_EPOCH=value)


@pytest.mark.parametrize(
    "url", ["https://x.example/a/#top", "https://x.example/a/?ref=1", 'https://x.example/a"b/', "ftp://x.example/", "https:///"]
)
def test_site_url_with_fragment_query_or_quotes_is_refused(built: Path, url: str):
    build_fails(built, "is not a usable site address", "without '?query' or '#fragment'", SITE_URL=url)


def test_site_url_option_is_checked_too(mini_project: Path):
    result = subprocess.run(
        [sys.executable, "-m", "coursekit.cli", "build", "--site-url", "https://x.example/#a"],
        cwd=mini_project,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1 and "--site-url: 'https://x.example/#a' is not a usable site address" in result.stderr


def test_a_lesson_named_like_a_generated_page(built: Path):
    (built / "lessons" / "third-steps.md").rename(built / "lessons" / "print.md")
    edit(built / COURSE, "  - third-steps", "  - print")
    edit(built / LESSON_2, "(third-steps.md)", "(print.md)")
    for _ in range(2):
        edit(built / ASSESSMENT, "lesson: third-steps", "lesson: print")
    build_fails(
        built,
        "lessons/print.md: its address /lessons/print/ is also the address of the print page",
        "Fix: rename lessons/print.md",
    )


def test_lesson_names_are_ascii(built: Path):
    (built / LESSON_2).rename(built / "lessons" / "sécond-steps.md")
    build_fails(built, "lessons/sécond-steps.md: is not named like a lesson")


@pytest.mark.parametrize("page", ["chart.md", "self-assessment/index.md", "emails/index.md", "email-course.md"])
def test_a_docs_page_at_a_generated_address(tmp_path: Path, page: str):
    import shutil

    from helpers import FIXTURES, ROOT, make_project

    project = make_project(tmp_path / "p", FIXTURES / "mini-course" / "lessons")
    shutil.copytree(ROOT / "docs", project / "docs")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace(f"docs_dir: {ROOT / 'docs'}", "docs_dir: docs"))
    (project / "docs" / page).parent.mkdir(parents=True, exist_ok=True)
    (project / "docs" / page).write_text("# Mine\n")
    result = run_build(project)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"docs/{page}: its address" in result.stderr and f"Fix: rename docs/{page}" in result.stderr
