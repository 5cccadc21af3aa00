"""Benchmarks of the course kit against plain mkdocs-material. Not part of the tests.

    .venv/bin/python benchmarks/run.py [--sizes 10 100 1000] [--repeat 3] [--no-lighthouse]

1. Build time: the full course build (`coursekit build`: site, downloads, emails,
   share cards, service worker) against `mkdocs build` of a plain mkdocs-material
   project with the same lesson Markdown and the same nav, run alternately, median
   of --repeat runs, at N = 10 (the real course) and N synthetic lessons made in a
   temporary folder; and plain Material building the course's own generated pages,
   which shows the course's own cost apart from that of its pages. Every build is a
   first build (the kit keeps nothing between builds, as the Pages workflow runs it);
   one untimed run of each warms the OS file cache. Also the size of the offline copy
   the worker keeps.
2. Transfer size (gzip) of a lesson page with everything it loads, both sites.
3. Lighthouse 12.2.3 (mobile) on home, a lesson and the quiz (npm, Debian's Chromium).
4. Email generation time for the ten-email sequence, and for the largest size.
5. Peak memory of each build (the artefact process included), and under
   `./course serve` (`mkdocs serve --dirty`) and plain Material's `mkdocs serve`, the
   time from saving an edited lesson to its new text being served, at 10 and 100 lessons.

Results replace the table in benchmarks/README.md, with the date and the machine.
"""

from __future__ import annotations

import argparse
import datetime
import gzip
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(1, str(Path(__file__).resolve().parents[1] / "tests"))  # the Lighthouse runner
from lighthouse_runner import run_lighthouse

from coursekit.core import routes
from coursekit.core.loader import load_course
from coursekit.outputs.offline import offline_copy
from coursekit.plugin import site_pages
from coursekit.review.local_site import CHROMIUM, CHROMIUM_ARGS, free_port, served_site, serving, site_path
from synthetic import ROOT, make_course, make_plain, make_same_pages

BIN = Path(sys.executable).parent
ENV = {**os.environ, "SOURCE_DATE_EPOCH": "1764000000", "NO_MKDOCS_2_WARNING": "1"}
# The example course's third lesson: the page Lighthouse and the transfer sizes measure.
LESSON_PATH = routes.lesson_url(load_course(ROOT / "lessons").lessons[2])
QUIZ_PATH = routes.QUIZ_URL


# Issue 24: a first build at most this many times plain Material's, by size; peak memory.
BUILD_TARGETS = {10: 1.3, 100: 1.3, 1000: 1.5}
MEMORY_TARGET = 1.3
PEAK_RSS_MB: dict[str, float] = {}  # by command name: the largest peak seen, the worker process included


def timed(command: list[str], cwd: Path, memory_key: str | None = None, **env: str) -> float:
    """Seconds the command takes; its peak memory (with any process it waited for, as
    wait4 reports it, like /usr/bin/time) is kept in PEAK_RSS_MB under `memory_key`
    (default: course or plain)."""
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env={**ENV, **env}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise subprocess.CalledProcessError(process.returncode, command)
    key = memory_key or ("course" if "coursekit" in command[0] else "plain")
    PEAK_RSS_MB[key] = max(PEAK_RSS_MB.get(key, 0), usage.ru_maxrss / 1024)
    return elapsed


def projects(size: int, work: Path, *, real_at_10: bool = True) -> tuple[Path, Path]:
    """The course project (the real one at N=10, unless it is to be edited) and its plain twin."""
    course = ROOT if size == 10 and real_at_10 else make_course(work / f"course-{size}", size)
    model = load_course(course / "lessons")
    # Plain strings for YAML: the nav titles are escaped HTML (Markup), as MkDocs prints them.
    nav = json.loads(json.dumps([{"Home": routes.HOME_SOURCE}, {"Lessons": site_pages.lessons_nav(model)}]))
    return course, make_plain(course, work / f"plain-{size}", nav)


def bench_build(size: int, repeat: int, work: Path) -> dict[str, Any]:
    course, plain = projects(size, work)
    course_site, plain_site = work / f"course-site-{size}", work / f"plain-site-{size}"
    course_cmd = [str(BIN / "coursekit"), "build", "--site-dir", str(course_site)]
    plain_cmd = [str(BIN / "python"), "-m", "mkdocs", "build", "--quiet", "--site-dir", str(plain_site)]
    timed(course_cmd, course)  # warms the OS file cache
    timed(plain_cmd, plain)
    same = make_same_pages(course, work / f"same-{size}")
    same_cmd = [str(BIN / "python"), "-m", "mkdocs", "build", "--quiet", "--site-dir", str(work / f"same-site-{size}")]
    timed(same_cmd, same)
    course_times, plain_times, same_times = [], [], []
    PEAK_RSS_MB.clear()
    for _ in range(repeat):
        course_times.append(timed(course_cmd, course))
        plain_times.append(timed(plain_cmd, plain))
        same_times.append(timed(same_cmd, same, memory_key="same"))
    lesson = next((course_site / "lessons").glob("*/index.html"))
    plain_lesson = next((plain_site / "lessons").glob("*/index.html"))
    return {
        "lessons": size,
        "course_s": statistics.median(course_times),
        "plain_s": statistics.median(plain_times),
        "ratio": statistics.median(course_times) / statistics.median(plain_times),
        "same_s": statistics.median(same_times),
        "course_rss_mb": PEAK_RSS_MB["course"],
        "plain_rss_mb": PEAK_RSS_MB["plain"],
        "offline_mb": offline_copy(course_site, "/" + site_path(course_site) + "/").size / 1e6,
        "course_lesson_html_kb": lesson.stat().st_size / 1024,
        "plain_lesson_html_kb": plain_lesson.stat().st_size / 1024,
        "course_site": str(course_site),
        "plain_site": str(plain_site),
    }


def serve_latency(project: Path, lesson: Path, url: str, options: tuple[str, ...] = (), repeat: int = 7) -> float:
    """Under `mkdocs serve` (with `options`): seconds from saving an edited lesson to the
    new text being served at `url`, median of `repeat` edits (polling every 20 ms)."""
    import urllib.request

    def page() -> str:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return str(response.read().decode("utf-8"))
        except OSError:
            return ""

    port = int(url.split(":")[2].split("/")[0])
    server = subprocess.Popen(
        [str(BIN / "python"), "-m", "mkdocs", "serve", *options, "-a", f"127.0.0.1:{port}"],
        cwd=project,
        env=ENV,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    original = lesson.read_text(encoding="utf-8")
    times = []
    try:
        deadline = time.monotonic() + 300
        while "<h1" not in page():
            if time.monotonic() > deadline:
                raise RuntimeError(f"mkdocs serve never served {url}")
            time.sleep(0.2)
        time.sleep(2)  # let the first build's watcher settle
        for attempt in range(repeat):
            marker = f"Edited-{attempt}-{time.time_ns()}"
            start = time.perf_counter()
            lesson.write_text(original.replace("\n## ", f"\n{marker}\n\n## ", 1), encoding="utf-8")
            while marker not in page():
                if time.perf_counter() - start > 120:
                    raise RuntimeError(f"the edit never reached {url}")
                time.sleep(0.02)
            times.append(time.perf_counter() - start)
            time.sleep(1)
    finally:
        lesson.write_text(original, encoding="utf-8")
        server.terminate()
        server.wait(timeout=30)
    return statistics.median(times)


def bench_serve(size: int, work: Path) -> dict[str, Any]:
    """Edit-to-served latency of one lesson under `mkdocs serve`, the course and plain Material."""
    course, plain = projects(size, work / "serve", real_at_10=False)  # the lessons get edited
    slug = sorted((course / "lessons").glob("*.md"))[0].stem
    course_url = f"http://127.0.0.1:{free_port()}/lessons/{slug}/"  # the course serves at /
    sub_path = urlsplit(load_course(course / "lessons").meta.site_url).path  # plain keeps site_url's path
    plain_url = f"http://127.0.0.1:{free_port()}{sub_path}lessons/{slug}/"
    return {
        "lessons": size,
        # As `./course serve` runs it (a dirty preview); plain Material as `mkdocs serve` does.
        "course_serve_s": serve_latency(course, course / "lessons" / f"{slug}.md", course_url, ("--dirty",)),
        "plain_serve_s": serve_latency(plain, plain / "docs" / "lessons" / f"{slug}.md", plain_url),
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


def lighthouse(work: Path) -> dict[str, Any]:
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
            str(root / "course"),
            "--site-url",
            f"http://127.0.0.1:{port}/course/",
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
                f"http://127.0.0.1:{port}/course/{path}",
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


def email_time(course_dir: Path = ROOT, repeat: int = 5) -> float:
    """Seconds to make the whole email course of the project in `course_dir`, one core."""
    from coursekit.outputs.emails.sequence import build_sequence

    course = load_course(course_dir / "lessons")
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
    parser.add_argument("--no-serve", action="store_true", help="skip the edit-to-served latency under mkdocs serve")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="coursekit-bench-"))
    results: dict[str, Any] = {"date": datetime.date.today().isoformat(), "machine": machine(), "builds": []}
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
    largest = max(args.sizes)
    if largest > 10:
        results["email_generation_largest"] = {"lessons": largest, "s": email_time(work / f"course-{largest}", repeat=1)}
        print(json.dumps(results["email_generation_largest"]), flush=True)
    if not args.no_serve:
        results["serve"] = [bench_serve(size, work) for size in args.sizes if size <= 100]
        print(json.dumps(results["serve"]), flush=True)
    (work / "results.json").write_text(json.dumps(results, indent=2))
    write_readme(results)
    print(f"results: {work / 'results.json'}; table written to benchmarks/README.md")


def _met(value: float, target: float | None) -> str:
    if target is None:
        return "no target"
    return f"≤ {target}: {'met' if value <= target else 'missed'}"


def write_readme(results: dict[str, Any]) -> None:
    readme = Path(__file__).with_name("README.md")
    rows = [
        "| lessons | plain Material (s) | course build (s) | ratio (target) | lesson page HTML (KB), course / plain "
        "| offline copy (MB) | peak memory (MB), course / plain, ratio (target 1.3) |",
        "|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for b in results["builds"]:
        target = BUILD_TARGETS.get(b["lessons"])
        memory = b["course_rss_mb"] / b["plain_rss_mb"]
        rows.append(
            f"| {b['lessons']} | {b['plain_s']:.2f} | {b['course_s']:.2f} | {b['ratio']:.2f} "
            f"({_met(b['ratio'], target)}) | "
            f"{b['course_lesson_html_kb']:.0f} / {b['plain_lesson_html_kb']:.0f} | {b['offline_mb']:.1f} | "
            f"{b['course_rss_mb']:.0f} / {b['plain_rss_mb']:.0f}, {memory:.2f} ({_met(memory, MEMORY_TARGET)}) |"
        )
    sizes = {b["lessons"]: b["course_s"] for b in results["builds"]}
    lines = [f"Measured {results['date']} on {results['machine']}.", "", *rows, ""]
    if all("same_s" in b for b in results["builds"]):
        lines.append(
            "Plain Material building the course's own pages (their Markdown as the course makes it, the course's nav, "
            "no hooks; `synthetic.make_same_pages`): "
            + " / ".join(f"{b['same_s']:.2f}" for b in results["builds"])
            + " s; the course build takes "
            + " / ".join(f"{b['course_s'] / b['same_s']:.2f}" for b in results["builds"])
            + " × that. The rest of the ratio above is the pages themselves."
        )
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
    if "email_generation_largest" in results:
        largest = results["email_generation_largest"]
        lines.append(f"Email sequence generation at {largest['lessons']} lessons, one core: {largest['s']:.1f} s.")
    if results.get("serve"):
        lines += [
            "",
            "| one lesson edited, until the new text is served | course: `./course serve` (s) | plain: `mkdocs serve` (s) |",
            "|---|---:|---:|",
        ]
        for serve in results["serve"]:
            met = "met" if serve["course_serve_s"] <= serve["plain_serve_s"] * 1.05 else "missed"  # within the 20 ms poll
            lines.append(f"| {serve['lessons']} lessons | {serve['course_serve_s']:.2f} ({met}) | {serve['plain_serve_s']:.2f} |")
    text = readme.read_text(encoding="utf-8") if readme.exists() else "# Benchmarks\n\n<!-- results -->\n<!-- /results -->\n"
    start, end = text.index("<!-- results -->"), text.index("<!-- /results -->")
    readme.write_text(text[:start] + "<!-- results -->\n" + "\n".join(lines) + "\n" + text[end:], encoding="utf-8")


if __name__ == "__main__":
    main()
