"""Lighthouse 12.2.3 (tests/lighthouse_runner.py: locked in tests/lighthouse, run by Node
with Debian's Chromium) on home, a lesson and the self-assessment, served like Pages
with the service worker in place: accessibility, best practices and SEO score 1.0.

Performance is a timing (Lighthouse simulates a Moto G Power on slow 4G, and its score
moves with the machine's load:
https://github.com/GoogleChrome/lighthouse/blob/v12.2.3/docs/variability.md), so it is
measured by the benchmarks (`./course bench`), not asserted here."""

from __future__ import annotations

from pathlib import Path

import pytest
from lighthouse_runner import LighthouseMissing, run_lighthouse

PAGES = ["", "lessons/harvest-and-keep/", "self-assessment/"]
CATEGORIES = ["accessibility", "best-practices", "seo"]


@pytest.mark.parametrize("path", PAGES)
def test_lighthouse_finds_nothing_to_fix(site_root: str, path: str, tmp_path: Path):
    try:
        report = run_lighthouse(site_root + path, tmp_path / "report.json", CATEGORIES)
    except LighthouseMissing as missing:
        pytest.fail(str(missing))
    # The page Lighthouse measured is the course's, its worker registered by the page.
    assert report["finalDisplayedUrl"] == site_root + path
    scores = {key: report["categories"][key]["score"] for key in CATEGORIES}
    failed = sorted(
        audit_id
        for audit_id, audit in report["audits"].items()
        if audit.get("score") is not None and audit["score"] < 1 and audit.get("scoreDisplayMode") in ("binary", "numeric")
    )
    assert scores == dict.fromkeys(CATEGORIES, 1), f"{path or 'home'}: {scores}, failed audits: {failed}"
