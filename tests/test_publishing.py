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
    run = next(step for step in build["steps"] if "run" in step)
    assert run["run"] == readme_commands()[0]
    assert run["env"]["SITE_URL"] == "${{ steps.pages.outputs.base_url }}"
    upload = next(step for step in build["steps"] if step.get("uses", "").startswith("actions/upload-pages-artifact@"))
    assert upload["with"]["path"] == "site"
    assert deploy["needs"] == "build" and deploy["environment"]["name"] == "github-pages"
    assert deploy["steps"][0]["uses"].startswith("actions/deploy-pages@")
    assert re.search(r"^\s+python-version: \"3\.1[1-9]\"", WORKFLOW.read_text(), flags=re.M)


def test_only_the_deploy_job_holds_the_pages_and_oidc_tokens():
    """GitHub's deploy-pages needs `pages: write` and `id-token: write`
    (https://github.com/actions/deploy-pages#usage); the build job runs repository
    code and installs packages, so it gets `contents: read` only."""
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    assert workflow["permissions"] == {}
    assert workflow["jobs"]["build"]["permissions"] == {"contents": "read"}
    assert workflow["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}


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


def test_pull_requests_run_the_readme_test_command():
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "test.yml").read_text(encoding="utf-8"))
    assert "pull_request" in workflow[True]
    [job] = workflow["jobs"].values()
    run = next(step["run"] for step in job["steps"] if "run" in step)
    assert [line.strip() for line in run.splitlines()][-2:] == readme_commands()
    setup = next(step for step in job["steps"] if step.get("uses", "").startswith("actions/setup-python@"))
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


def test_screenshot_script_shoots_the_real_site(built_site: Path, tmp_path: Path):
    result = subprocess.run(
        [sys.executable, "-m", "coursekit.screenshots", "--site", str(built_site), "--out", str(tmp_path)],
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
