"""Brand colours checked where they are shown (issue 25.4): for a spread of random
primaries and accents that the kit accepts, a lesson whose links sit on the page, in
the tool box the accent washes and in the objectives box, passes axe-core's colour
contrast rule in Chromium in the light and the dark palette. The colours are drawn
near the 4.5:1 line on white, where a tinted background tips a link below it."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from coursekit.core.brand import brand_colours, contrast, contrast_problem
from coursekit.review.local_site import served_site
from coursekit.review.site_checks import serious_axe_violations
from helpers import FIXTURES, edit, make_project, run_build


def near_the_line(rng: random.Random) -> str:
    """A colour the kit accepts that only just passes on white (4.5 to 5.2:1)."""
    while True:
        colour = "#" + "".join(f"{rng.randrange(256):02x}" for _ in range(3))
        if contrast_problem("primary", colour) is None and contrast(colour, "#ffffff") < 5.2:
            return colour


RNG = random.Random(254)
PAIRS = [(near_the_line(RNG), near_the_line(RNG)) for _ in range(5)] + [("#0b6e4f", "#0b6e4f")]


@pytest.mark.parametrize(("primary", "accent"), PAIRS)
def test_random_brand_colours_pass_axe_in_both_palettes(browser: Browser, tmp_path: Path, primary: str, accent: str):
    project = make_project(tmp_path / "mini", FIXTURES / "mini-course" / "lessons")
    edit(project / "lessons/course.yml", "email:\n", f'brand:\n  primary: "{primary}"\n  accent: "{accent}"\nemail:\n')
    lesson = project / "lessons/first-steps.md"
    edit(lesson, "Write down three things", "Use [the idea](#the-idea) and [lesson 2](second-steps.md): write down three things")
    result = run_build(project)
    assert result.returncode == 0, result.stderr
    with served_site(project / "site") as root:
        for scheme in ("light", "dark"):
            context = browser.new_context(color_scheme=scheme, viewport={"width": 1280, "height": 800})
            page = context.new_page()
            page.goto(root + "lessons/first-steps/")
            link = page.locator(".lesson-tool a", has_text="the idea")
            expect(link).to_be_visible()
            shades = brand_colours(primary, accent)
            expected = shades.primary_on_light if scheme == "light" else shades.primary_on_dark
            assert link.evaluate("a => getComputedStyle(a).color") == _rgb(expected)
            title = page.locator(".admonition.abstract > .admonition-title")
            assert title.evaluate("e => getComputedStyle(e.parentElement).borderLeftColor") == _rgb(expected)
            violations = [v for v in serious_axe_violations(page) if v.startswith("color-contrast")]
            assert violations == [], (scheme, primary, accent, violations)
            context.close()


def _rgb(colour: str) -> str:
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgb({r}, {g}, {b})"
