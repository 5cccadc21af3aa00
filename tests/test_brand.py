"""One brand setting: brand.primary and brand.accent in course.yml colour the site,
the emails and the PDF, and colours that text cannot be read on are refused."""

from __future__ import annotations

import random
import re
import shutil
from pathlib import Path

from pypdf import PdfReader

from coursekit.core.brand import (
    DARK_BACKGROUND,
    EMAIL_DARK_BACKGROUND,
    brand_colours,
    callout_background,
    contrast,
    contrast_problem,
)
from helpers import ROOT, edit, error_of, published, run_build

GREEN = "#1b5e20"


def add_brand(project: Path, block: str) -> None:
    edit(project / "lessons/course.yml", "email:\n", f"brand:\n{block}email:\n")


def pdf_fill_colours(pdf: Path) -> set[str]:
    """Every fill colour the PDF's pages set with the `rg` operator, as #rrggbb."""
    found = set()
    for page in PdfReader(pdf).pages:
        stream = page.get_contents().get_data()
        for r, g, b in re.findall(rb"([0-9.]+) ([0-9.]+) ([0-9.]+) rg", stream):
            found.add("#" + "".join(f"{round(float(v) * 255):02x}" for v in (r, g, b)))
    return found


def test_brand_colours_reach_the_site_the_emails_and_the_pdf(mini_project: Path):
    add_brand(mini_project, f'  primary: "{GREEN}"\n')
    result = run_build(mini_project)
    assert result.returncode == 0, result.stderr
    site = mini_project / "site"
    colours = brand_colours(GREEN, GREEN)
    css = (site / published(site, "assets/brand.css")).read_text()
    assert f"--md-primary-fg-color:{GREEN}" in css and f"--md-typeset-a-color:{colours.primary_on_dark}" in css
    home = (site / "index.html").read_text()
    assert 'data-md-color-primary="custom"' in home
    brand, course = published(site, "assets/brand.css"), published(site, "assets/course.css")
    assert home.index(brand) < home.index(course)  # the course's styles can use it
    email = (site / "emails/01-first-steps.html").read_text()
    assert f"background: {GREEN}" in email and f"color: {colours.primary_on_dark} !important" in email
    assert "#303f9f" not in email and "#4051b5" not in email  # no indigo left in code
    assert colours.tint in pdf_fill_colours(next((site / "downloads").glob("*.pdf")))


def test_both_palettes_get_readable_shades():
    """Issue 25: the dark shades were computed against #1e2029, while Chromium paints
    Material's slate background #1e2129, and not against the callouts links also sit on
    (the lesson's tool box, washed with the accent): #0b6e4f's links came out 4.46:1.
    For any brand colour the light check accepts, every dark background a link meets
    gives 4.5:1: the page, the callout, the dark-mode email."""
    rng = random.Random(25)
    colours = ["#1b5e20", "#4051b5", "#b71c1c", "#000000", "#0b6e4f"]
    while len(colours) < 400:
        colour = "#" + "".join(f"{rng.randrange(256):02x}" for _ in range(3))
        if contrast_problem("primary", colour) is None:
            colours.append(colour)
    for primary in colours:
        accent = rng.choice(colours)
        shades = brand_colours(primary, accent)
        callout = callout_background(shades.accent_on_dark, DARK_BACKGROUND)
        for background in (DARK_BACKGROUND, callout, EMAIL_DARK_BACKGROUND, shades.dark_tint):
            assert contrast(shades.primary_on_dark, background) >= 4.5, (primary, accent, background)
        for background in (DARK_BACKGROUND, callout):
            assert contrast(shades.accent_on_dark, background) >= 4.5, (primary, accent, background)
        # The light palette too: links on white, on the tool box the accent washes, in the emails' tinted box.
        light_callout = callout_background(accent, "#ffffff")
        for background in ("#ffffff", light_callout, shades.tint):
            assert contrast(shades.primary_on_light, background) >= 4.5, (primary, accent, background)
        for background in ("#ffffff", light_callout):
            assert contrast(shades.accent_on_light, background) >= 4.5, (primary, accent, background)
        assert shades.primary == primary  # the header keeps the colour as given
    assert DARK_BACKGROUND == "#1e2129"  # as Chromium paints hsl(232, 15%, 14%)


def test_a_colour_text_cannot_be_read_on_is_refused_with_one_that_passes(mini_project: Path):
    add_brand(mini_project, '  primary: "#ff9800"\n  accent: "#00bcd4"\n')
    assert error_of(mini_project).splitlines() == [
        "lessons/course.yml:17: field 'brand.primary': #ff9800 has a contrast of 2.16:1 with white, below the 4.5:1 "
        "that text needs (white text on the primary colour, and primary-coloured links on white). Fix: use a darker "
        "shade, e.g. #ab6600 (4.53:1); the dark palette derives its own lighter shade",
        "lessons/course.yml:18: field 'brand.accent': #00bcd4 has a contrast of 2.30:1 with white, below the 4.5:1 "
        "that text needs (white text on the accent colour, and accent-coloured links on white). Fix: use a darker "
        "shade, e.g. #008292 (4.56:1); the dark palette derives its own lighter shade",
    ]


def test_an_unquoted_colour_says_to_quote_it(mini_project: Path):
    add_brand(mini_project, "  primary: #1b5e20\n")
    assert "field 'brand.primary'" in error_of(mini_project)
    assert "(quoted: YAML reads # as a comment)" in error_of(mini_project)


def test_a_missing_logo_is_named(mini_project: Path):
    add_brand(mini_project, "  logo: assets/missing-logo.svg\n")
    result = run_build(mini_project)
    assert result.returncode == 1
    assert "field 'brand.logo': docs/assets/missing-logo.svg does not exist" in result.stderr


def test_a_logo_in_the_wrong_case_is_refused_with_its_line_and_right_name(mini_project: Path):
    """Issue 25.1: assets/Logo.svg for logo.svg passes on macOS and Windows, whose file
    systems ignore case, and fails on GitHub Pages; the kit matches names exactly."""
    shutil.copytree(ROOT / "docs", mini_project / "docs")
    config = mini_project / "mkdocs.yml"
    config.write_text(re.sub(r"docs_dir: .*", "docs_dir: docs", config.read_text()))
    (mini_project / "docs/assets/logo.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"/>')
    add_brand(mini_project, "  logo: assets/Logo.svg\n")
    result = run_build(mini_project)
    assert result.returncode == 1
    lines = (mini_project / "lessons/course.yml").read_text().splitlines()
    line = next(n for n, text in enumerate(lines, start=1) if "logo: assets/Logo.svg" in text)
    assert f"lessons/course.yml:{line}: field 'brand.logo': docs/assets/Logo.svg does not exist" in result.stderr
    assert "did you mean assets/logo.svg? File names are matched exactly, case included" in result.stderr


def test_logo_and_favicon_are_used(mini_project: Path):
    shutil.copytree(ROOT / "docs", mini_project / "docs")
    config = mini_project / "mkdocs.yml"
    config.write_text(re.sub(r"docs_dir: .*", "docs_dir: docs", config.read_text()))
    logo = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10"/></svg>'
    (mini_project / "docs/assets/logo.svg").write_text(logo)
    (mini_project / "docs/assets/favicon.svg").write_text(logo)
    add_brand(mini_project, "  logo: assets/logo.svg\n  favicon: assets/favicon.svg\n")
    result = run_build(mini_project)
    assert result.returncode == 0, result.stderr
    home = (mini_project / "site/index.html").read_text()
    assert '<img src="assets/logo.svg"' in home and '<link rel="icon" href="assets/favicon.svg">' in home
