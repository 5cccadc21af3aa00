"""Benchmarks of the course kit against plain mkdocs-material. Not part of the tests.

    .venv/bin/python benchmarks/run.py [--sizes 10 100 1000] [--repeat 3] [--no-lighthouse]

1. Build time: the full course build (`coursekit build`: site, downloads, emails,
   share cards, service worker) against `mkdocs build` of a plain mkdocs-material
   project with the same lesson Markdown and the same nav, run alternately, median
   of --repeat runs, at N = 10 (the real course) and N synthetic lessons made in a
   temporary folder. The first course build runs with an empty picture cache
   (reported as the cold build); the timed ones find their pictures in it, as an
   author's rebuilds do. Also the size of the offline copy the worker keeps.
2. Transfer size (gzip) of a lesson page with everything it loads, both sites.
3. Lighthouse 12.2.3 (mobile) on home, a lesson and the quiz (npm, Debian's Chromium).
4. Email generation time for the ten-email sequence.

Results replace the table in benchmarks/README.md, with the date and the machine.
"""

from __future__ import annotations

import argparse
import datetime
import gzip
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from coursekit import routes, site_pages
from coursekit.lighthouse import run_lighthouse
from coursekit.loader import load_course
from coursekit.local_site import CHROMIUM, CHROMIUM_ARGS, free_port, served_site, serving
from coursekit.offline import offline_copy
from synthetic import ROOT, make_course, make_plain

BIN = Path(sys.executable).parent
ENV = {**os.environ, "SOURCE_DATE_EPOCH": "1764000000", "NO_MKDOCS_2_WARNING": "1"}
LESSON_PATH = "lessons/task-manager-or-people-leader/"
QUIZ_PATH = routes.QUIZ_URL


def timed(command: list[str], cwd: Path, **env: str) -> float:
    start = time.perf_counter()
    subprocess.run(command, cwd=cwd, env={**ENV, **env}, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def projects(size: int, work: Path) -> tuple[Path, Path]:
    """The course project (the real one at N=10) and its plain twin."""
    course = ROOT if size == 10 else make_course(work / f"course-{size}", size)
    model = load_course(course / "lessons")
    # Plain strings for YAML: the nav titles are escaped HTML (Markup), as MkDocs prints them.
    nav = json.loads(json.dumps([{"Home": routes.HOME_SOURCE}, {"Lessons": site_pages.lessons_nav(model)}]))
    return course, make_plain(course, work / f"plain-{size}", nav)


def bench_build(size: int, repeat: int, work: Path) -> dict:
    course, plain = projects(size, work)
    course_site, plain_site = work / f"course-site-{size}", work / f"plain-site-{size}"
    course_cmd = [str(BIN / "coursekit"), "build", "--site-dir", str(course_site)]
    plain_cmd = [str(BIN / "python"), "-m", "mkdocs", "build", "--quiet", "--site-dir", str(plain_site)]
    shutil.rmtree(course / ".cache" / "coursekit", ignore_errors=True)
    cold = timed(course_cmd, course)  # no pictures cached yet; also warms the OS file cache
    timed(plain_cmd, plain)
    course_times, plain_times = [], []
    for _ in range(repeat):
        course_times.append(timed(course_cmd, course))
        plain_times.append(timed(plain_cmd, plain))
    lesson = next((course_site / "lessons").glob("*/index.html"))
    plain_lesson = next((plain_site / "lessons").glob("*/index.html"))
    return {
        "lessons": size,
        "course_s": statistics.median(course_times),
        "plain_s": statistics.median(plain_times),
        "ratio": statistics.median(course_times) / statistics.median(plain_times),
        "cold_s": cold,
        "offline_mb": offline_copy(course_site, "/emerging-leaders/").size / 1e6,
        "course_lesson_html_kb": lesson.stat().st_size / 1024,
        "plain_lesson_html_kb": plain_lesson.stat().st_size / 1024,
        "course_site": str(course_site),
        "plain_site": str(plain_site),
    }


def transfer_kb(site: Path, path: str) -> float:
    """gzip bytes of a page and every same-site file it requests, loaded in Chromium."""
    from playwright.sync_api import Response, sync_playwright

    with served_site(site) as root_url:
        sizes: dict[str, int] = {}
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page()

            def measure(response: Response) -> None:
                if response.status == 200 and response.url.startswith(root_url):
                    sizes.setdefault(response.url, len(gzip.compress(response.body(), compresslevel=6)))

            page.on("response", measure)
            page.goto(root_url + path, wait_until="networkidle")
            browser.close()
        return sum(sizes.values()) / 1024


def lighthouse(work: Path) -> dict:
    """The four category scores, mobile, for home, a lesson and the quiz.

    The course is built for the address it is served at (as the Pages workflow does),
    so canonical links and the sitemap point at the page Lighthouse loads.
    """
    port = free_port()
    root = work / "lh-site"
    subprocess.run(
        [
            str(BIN / "coursekit"),
            "build",
            "--site-dir",
            str(root / "emerging-leaders"),
            "--site-url",
            f"http://127.0.0.1:{port}/emerging-leaders/",
        ],
        cwd=ROOT,
        env=ENV,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    scores = {}
    with serving(root, port):
        for name, path in (("home", ""), ("lesson", LESSON_PATH), ("quiz", QUIZ_PATH)):
            out = work / f"lh-{name}.json"
            report = run_lighthouse(
                f"http://127.0.0.1:{port}/emerging-leaders/{path}",
                out,
                ["performance", "accessibility", "best-practices", "seo"],
            )
            scores[name] = {
                key: report["categories"][key]["score"] for key in ("performance", "accessibility", "best-practices", "seo")
            }
            scores[name]["failed"] = sorted(
                audit_id
                for audit_id, audit in report["audits"].items()
                if audit.get("score") is not None
                and audit["score"] < 1
                and audit.get("scoreDisplayMode") in ("binary", "numeric")
            )
    return scores


def email_time(repeat: int = 5) -> float:
    from coursekit.emails.sequence import build_sequence

    course = load_course(ROOT / "lessons")
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        build_sequence(course, 1764000000)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def machine() -> str:
    cpu = (
        next(
            (
                line.split(":", 1)[1].strip()
                for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")
            ),
            platform.processor(),
        )
        if Path("/proc/cpuinfo").exists()
        else ""
    )
    return f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()} {platform.machine()}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 100, 1000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-lighthouse", action="store_true")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="coursekit-bench-"))
    results: dict = {"date": datetime.date.today().isoformat(), "machine": machine(), "builds": []}
    for size in args.sizes:
        result = bench_build(size, args.repeat, work)
        print(json.dumps(result), flush=True)
        results["builds"].append(result)
    ten = next((b for b in results["builds"] if b["lessons"] == 10), None)
    if ten:
        results["transfer_kb"] = {
            "course": transfer_kb(Path(ten["course_site"]), LESSON_PATH),
            "plain": transfer_kb(Path(ten["plain_site"]), LESSON_PATH),
        }
        print(json.dumps(results["transfer_kb"]), flush=True)
        if not args.no_lighthouse:
            results["lighthouse"] = lighthouse(work)
            print(json.dumps(results["lighthouse"]), flush=True)
        html = sorted((Path(ten["course_site"]) / "emails").glob("[0-9]*.html"))
        results["email_html_kb_max"] = max(p.stat().st_size for p in html) / 1024
    results["email_generation_s"] = email_time()
    (work / "results.json").write_text(json.dumps(results, indent=2))
    write_readme(results)
    print(f"results: {work / 'results.json'}; table written to benchmarks/README.md")


def write_readme(results: dict) -> None:
    readme = Path(__file__).with_name("README.md")
    rows = [
        "| lessons | plain Material (s) | course build (s) | ratio | first build, no cached pictures (s) "
        "| lesson page HTML (KB), course / plain | offline copy (MB) |",
        "|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for b in results["builds"]:
        rows.append(
            f"| {b['lessons']} | {b['plain_s']:.2f} | {b['course_s']:.2f} | {b['ratio']:.2f} | {b['cold_s']:.2f} | "
            f"{b['course_lesson_html_kb']:.0f} / {b['plain_lesson_html_kb']:.0f} | {b['offline_mb']:.1f} |"
        )
    sizes = {b["lessons"]: b["course_s"] for b in results["builds"]}
    lines = [f"Measured {results['date']} on {results['machine']}.", "", *rows, ""]
    if 100 in sizes and 1000 in sizes:
        lines.append(f"Course build from 100 to 1,000 lessons: {sizes[1000] / sizes[100]:.1f}x.")
    if "transfer_kb" in results:
        t = results["transfer_kb"]
        lines.append(
            f"Lesson page transfer (gzip, page and everything it loads): course {t['course']:.1f} KB, "
            f"plain Material {t['plain']:.1f} KB, difference {t['course'] - t['plain']:+.1f} KB."
        )
    if "lighthouse" in results:
        lines += [
            "",
            "| Lighthouse 12.2.3, mobile | performance | accessibility | best practices | SEO |",
            "|---|---:|---:|---:|---:|",
        ]
        for page, s in results["lighthouse"].items():
            lines.append(
                f"| {page} | {s['performance']:.2f} | {s['accessibility']:.2f} | {s['best-practices']:.2f} | {s['seo']:.2f} |"
            )
    lines.append("")
    lines.append(
        f"Email sequence generation (10 emails, all files): {results['email_generation_s'] * 1000:.0f} ms"
        + (f"; largest email HTML {results['email_html_kb_max']:.1f} KB." if "email_html_kb_max" in results else ".")
    )
    text = readme.read_text(encoding="utf-8") if readme.exists() else "# Benchmarks\n\n<!-- results -->\n<!-- /results -->\n"
    start, end = text.index("<!-- results -->"), text.index("<!-- /results -->")
    readme.write_text(text[:start] + "<!-- results -->\n" + "\n".join(lines) + "\n" + text[end:], encoding="utf-8")


if __name__ == "__main__":
    main()
