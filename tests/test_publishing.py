"""The GitHub Pages workflow, and the README screenshots script."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from helpers import ROOT

WORKFLOW = ROOT / ".github" / "workflows" / "pages.yml"


def readme_commands() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    quick_start = readme.split("## Quick start", 1)[1].split("```sh", 1)[1].split("```", 1)[0]
    return [line.split("#")[0].strip() for line in quick_start.strip().splitlines()]


def test_readme_quick_start_is_exactly_two_commands():
    assert readme_commands() == ["./course build", "./course test"]


def test_workflow_builds_with_the_readme_command_and_deploys_to_pages():
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    triggers = workflow[True]  # YAML 1.1 reads the key `on` as true
    assert triggers["push"]["branches"] == ["main"]
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    uses = [step.get("uses", "") for step in build["steps"]]
    assert any(u.startswith("actions/configure-pages@") for u in uses)
    assert any(u.startswith("actions/upload-pages-artifact@") for u in uses)
    run = next(step for step in build["steps"] if step.get("name", "").startswith("Build the course"))
    assert run["run"] == readme_commands()[0]
    assert run["env"]["SITE_URL"] == "${{ steps.pages.outputs.base_url }}"
    upload = next(step for step in build["steps"] if step.get("uses", "").startswith("actions/upload-pages-artifact@"))
    assert upload["with"]["path"] == "site"
    assert deploy["needs"] == "build" and deploy["environment"]["name"] == "github-pages"
    assert deploy["steps"][0]["uses"].startswith("actions/deploy-pages@")
    assert re.search(r"^\s+python-version: \"3\.1[1-9]\"", WORKFLOW.read_text(), flags=re.M)


# What each action the workflows use needs of the job's GITHUB_TOKEN, from its documentation.
# A permission a job does not declare is `none`
# (https://docs.github.com/en/actions/writing-workflows/workflow-syntax-for-github-actions#jobsjob_idpermissions).
ACTION_PERMISSIONS: dict[str, tuple[dict[str, str], str]] = {
    # Reads the repository; with persist-credentials: false it keeps no token.
    "actions/checkout": ({"contents": "read"}, "https://github.com/actions/checkout#recommended-permissions"),
    # Downloads Python from the runner's tool cache or GitHub's releases, with no repository token scope.
    "actions/setup-python": ({}, "https://github.com/actions/setup-python#usage"),
    # Calls GET /repos/{owner}/{repo}/pages, which needs the "Pages" repository permission (read):
    # https://docs.github.com/en/rest/pages/pages#get-a-apiname-pages-site (configure-pages src/api-client.js).
    "actions/configure-pages": ({"pages": "read"}, "https://docs.github.com/en/rest/pages/pages#get-a-apiname-pages-site"),
    # Uploads with the runner's own artifact token (actions/upload-artifact), no GITHUB_TOKEN scope.
    "actions/upload-pages-artifact": ({}, "https://github.com/actions/upload-pages-artifact#usage"),
    "actions/upload-artifact": ({}, "https://github.com/actions/upload-artifact#usage"),
    # Creates the deployment and proves who it is with an OIDC token.
    "actions/deploy-pages": ({"pages": "write", "id-token": "write"}, "https://github.com/actions/deploy-pages#usage"),
}
# What a `run:` step that calls the REST API with GH_TOKEN needs, by the endpoint it calls.
API_PERMISSIONS = {"/pages": {"pages": "read"}}


def needed_permissions(job: dict) -> dict[str, str]:
    """The token permissions a job's steps need, by the tables above (write includes read)."""
    needed: dict[str, str] = {}
    for step in job["steps"]:
        wants: list[dict[str, str]] = []
        if "uses" in step:
            action = step["uses"].split("@")[0]
            assert action in ACTION_PERMISSIONS, f"{action}: add what it needs to ACTION_PERMISSIONS, from its docs"
            wants.append(ACTION_PERMISSIONS[action][0])
        elif "GH_TOKEN" in step.get("env", {}):
            endpoints = [e for e in API_PERMISSIONS if f'{e}"' in step["run"] or f"{e} " in step["run"]]
            assert endpoints, f"{step.get('name')}: add the endpoint it calls to API_PERMISSIONS"
            wants += [API_PERMISSIONS[e] for e in endpoints]
        for want in wants:
            for scope, level in want.items():
                if needed.get(scope) != "write":
                    needed[scope] = level
    return needed


@pytest.mark.parametrize("path", sorted((ROOT / ".github" / "workflows").glob("*.yml")), ids=lambda p: p.name)
def test_every_job_holds_exactly_the_token_permissions_its_steps_need(path: Path):
    """Each job declares what its actions document that they need, and nothing more:
    a missing one fails on GitHub (configure-pages without `pages: read` stops with
    "Resource not accessible by integration", actions/configure-pages issue 188), an
    extra one is a token the job's code could misuse. The workflow itself grants none."""
    workflow = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert workflow["permissions"] == {}
    for name, job in workflow["jobs"].items():
        assert job.get("permissions", {}) == needed_permissions(job), name


def test_the_permission_check_fails_when_configure_pages_loses_pages_read():
    """The check above is not vacuous: the build job without `pages: read` is refused."""
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    build = workflow["jobs"]["build"]
    assert build["permissions"]["pages"] == "read"
    del build["permissions"]["pages"]
    assert build["permissions"] != needed_permissions(build)
    assert workflow["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}


def test_a_repository_without_pages_gets_one_line_that_says_what_to_change():
    """GET /repos/{owner}/{repo}/pages answers 404 while Pages is off; the build job
    then stops before configure-pages with an ::error that names the setting."""
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    steps = workflow["jobs"]["build"]["steps"]
    names = [s.get("name", s.get("uses", "")) for s in steps]
    check = next(i for i, n in enumerate(names) if n == "Check that GitHub Pages is switched on")
    configure = next(i for i, s in enumerate(steps) if s.get("uses", "").startswith("actions/configure-pages@"))
    assert check < configure
    script = steps[check]["run"]
    assert 'gh api "repos/$GITHUB_REPOSITORY/pages"' in script and "HTTP 404" in script
    [error] = [line for line in script.splitlines() if "::error" in line]
    assert "Settings -> Pages" in error and "GitHub Actions" in error and "re-run this workflow" in error
    assert "exit 1" in script


@pytest.mark.parametrize("path", sorted((ROOT / ".github" / "workflows").glob("*.yml")), ids=lambda p: p.name)
def test_workflows_pin_actions_by_commit_and_bound_every_job(path: Path):
    workflow = yaml.safe_load(path.read_text(encoding="utf-8"))
    text = path.read_text(encoding="utf-8")
    for line in re.findall(r"uses: (\S+)(.*)", text):
        action, comment = line
        assert re.fullmatch(r"[\w-]+/[\w-]+@[0-9a-f]{40}", action), action
        assert re.fullmatch(r"\s+# v\d+\.\d+\.\d+", comment), f"{action} needs its release tag in a comment"
    for name, job in workflow["jobs"].items():
        assert 0 < job["timeout-minutes"] <= 30, name
        for step in job["steps"]:
            if step.get("uses", "").startswith("actions/checkout@"):
                assert step["with"]["persist-credentials"] is False, name


def test_pull_requests_run_the_course_check_and_kit_changes_the_kit_suite():
    """Every pull request runs `./course verify` (the README names it) on the author's
    course, and the linters (a course's own hooks are Python too); only a change to the
    kit runs the kit's own suite."""
    workflows = ROOT / ".github" / "workflows"
    check = yaml.safe_load((workflows / "test.yml").read_text(encoding="utf-8"))
    assert "pull_request" in check[True] and "paths" not in (check[True]["pull_request"] or {})
    [job] = check["jobs"].values()
    runs = [step["run"].strip().splitlines()[-1].strip() for step in job["steps"] if "run" in step]
    assert runs == ["./course verify", "./course lint", './course summary >> "$GITHUB_STEP_SUMMARY"']
    assert "./course verify" in (ROOT / "README.md").read_text(encoding="utf-8")
    kit = yaml.safe_load((workflows / "kit.yml").read_text(encoding="utf-8"))
    paths = kit[True]["pull_request"]["paths"]
    assert "coursekit/**" in paths and "tests/**" in paths and "lessons/**" not in paths
    [kit_job] = kit["jobs"].values()
    kit_run = [line.strip() for step in kit_job["steps"] if "run" in step for line in step["run"].splitlines()]
    assert kit_run[-2:] == ["./course lint", readme_commands()[1]]
    for workflow in (check, kit):
        setup = next(
            s for j in workflow["jobs"].values() for s in j["steps"] if s.get("uses", "").startswith("actions/setup-python@")
        )
        assert setup["with"]["cache"] == "pip"


def test_zizmor_finds_nothing_at_medium_or_above():
    """zizmor (https://docs.zizmor.sh/) audits workflows for excessive permissions,
    unpinned actions, persisted credentials, template injection and cache poisoning."""
    zizmor = Path(sys.executable).with_name("zizmor")
    result = subprocess.run(
        [str(zizmor), "--offline", "--min-severity", "medium", str(ROOT / ".github" / "workflows")],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings" in result.stdout


@pytest.mark.browser
def test_screenshot_script_shoots_the_real_site(built_site: Path, tmp_path: Path):
    result = subprocess.run(
        [sys.executable, str(ROOT / "tests" / "screenshots.py"), "--site", str(built_site), "--out", str(tmp_path)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    names = sorted(p.name for p in tmp_path.glob("*.png"))
    assert names == sorted(
        f"{n}-{s}{d}.png" for n in ("home", "lesson", "quiz-results") for s in ("light", "dark") for d in ("", "-phone")
    )
    for png in tmp_path.glob("*.png"):
        data = png.read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000
        width = int.from_bytes(data[16:20], "big")
        assert width == (390 if png.stem.endswith("-phone") else 1280)


def test_readme_shows_the_screenshots():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in ("home", "lesson", "quiz-results"):
        for scheme in ("light", "dark"):
            for device in ("", "-phone"):
                path = f".github/screenshots/{name}-{scheme}{device}.png"
                assert f"({path})" in readme and (ROOT / path).is_file()
