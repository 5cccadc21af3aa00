"""Lighthouse 12.2.3 (coursekit.lighthouse: locked in tests/lighthouse, run by Node
with Debian's Chromium) on home, a lesson and the self-assessment, served like Pages
with the service worker in place: performance stays at 0.98 or more.

Lighthouse's default is a Moto G Power on slow 4G, simulated
(https://github.com/GoogleChrome/lighthouse/blob/v12.2.3/docs/throttling.md). Scores
move with the machine's load (on this 2-core machine a lesson page has scored 0.97,
1.00, 0.97 in a row: total blocking time 160 ms or 20 ms), so a page below the target
gets four more runs and the median of five counts, as Lighthouse's variability guide
advises (https://github.com/GoogleChrome/lighthouse/blob/v12.2.3/docs/variability.md)."""

from __future__ import annotations

import statistics
from pathlib import Path

import pytest

from coursekit.lighthouse import LighthouseMissing, run_lighthouse

PAGES = ["", "lessons/harvest-and-keep/", "self-assessment/"]
TARGET = 0.98


def performance(url: str, out: Path) -> float:
    try:
        report = run_lighthouse(url, out, ["performance"])
    except LighthouseMissing as missing:
        pytest.fail(str(missing))
    # The page Lighthouse measured is the course's, its worker registered by the page.
    assert report["finalDisplayedUrl"] == url
    return report["categories"]["performance"]["score"]


@pytest.mark.parametrize("path", PAGES)
def test_lighthouse_performance_stays_high_with_the_worker(site_root: str, path: str, tmp_path: Path):
    scores = [performance(site_root + path, tmp_path / "report-1.json")]
    if scores[0] < TARGET:  # a noisy run: four more, and the median of five decides
        scores += [performance(site_root + path, tmp_path / f"report-{n}.json") for n in (2, 3, 4, 5)]
    assert statistics.median(scores) >= TARGET, f"{path or 'home'}: performance {scores}"
