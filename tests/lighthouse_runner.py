"""Lighthouse, as the Lighthouse test and the benchmarks run it: version 12.2.3, locked
in tests/lighthouse/package-lock.json (`./course test` and `./course bench` install it
with npm ci), driving Debian's Chromium with the flags this machine needs.

    report = run_lighthouse(url, out, ["performance"])   # the JSON report, as a dict
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

from coursekit.review.local_site import CHROMIUM, CHROMIUM_ARGS

TOOL = Path(__file__).resolve().parent / "lighthouse"
LIGHTHOUSE = TOOL / "node_modules" / ".bin" / "lighthouse"


class LighthouseMissing(Exception):
    """Lighthouse is not installed where the lock file says."""


def run_lighthouse(url: str, out: Path, categories: list[str]) -> dict:
    """Lighthouse's default run (mobile, simulated throttling) of `url`; the report."""
    if not LIGHTHOUSE.exists():
        raise LighthouseMissing(f"{LIGHTHOUSE} is missing: ./course test installs it (npm ci in {TOOL})")
    subprocess.run(
        [
            str(LIGHTHOUSE),
            url,
            "--quiet",
            "--chrome-flags=" + " ".join(["--headless=new", "--disable-dev-shm-usage", *CHROMIUM_ARGS]),
            f"--only-categories={','.join(categories)}",
            "--output=json",
            f"--output-path={out}",
        ],
        env={**os.environ, "CHROME_PATH": CHROMIUM},
        check=True,
        timeout=300,
        cwd=TOOL,
    )
    report = json.loads(out.read_text(encoding="utf-8"))
    if report.get("runtimeError"):
        raise RuntimeError(f"Lighthouse could not measure {url}: {report['runtimeError']}")
    return report
