"""The GitHub Pages workflow, and the README screenshots script."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

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
    assert workflow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
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


def test_screenshot_script_shoots_the_real_site(built_site: Path, tmp_path: Path):
    result = subprocess.run([sys.executable, "-m", "coursekit.screenshots", "--site", str(built_site),
                             "--out", str(tmp_path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    names = sorted(p.name for p in tmp_path.glob("*.png"))
    assert names == sorted(f"{n}-{s}.png" for n in ("home", "lesson", "quiz-results") for s in ("light", "dark"))
    for png in tmp_path.glob("*.png"):
        data = png.read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000
        assert int.from_bytes(data[16:20], "big") == 1280  # width


def test_readme_shows_the_screenshots():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in ("home", "lesson", "quiz-results"):
        for scheme in ("light", "dark"):
            path = f".github/screenshots/{name}-{scheme}.png"
            assert f"({path})" in readme and (ROOT / path).is_file()
