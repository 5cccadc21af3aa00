"""Link previews: Open Graph and Twitter Card tags on every page, and the 1200×630
picture each names, drawn at build in the course's colours, the same bytes every time."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from PIL import Image

from coursekit.outputs.share_cards import CardSpec, render_card
from helpers import GARDEN, edit, make_project, own_docs, run_build, tree_digest

SITE_URL = "https://garden.example.org/kitchen-garden/"  # the garden fixture's site_url
PAGES = [
    "index.html",
    "self-assessment/index.html",
    "chart/index.html",
    "email-course/index.html",
    "lessons/print/index.html",
    *(f"lessons/{p.stem}/index.html" for p in sorted((GARDEN).glob("*.md"))),
]


def tags(html: str) -> dict[str, str]:
    soup = BeautifulSoup(html, "html.parser")
    found = {}
    for meta in soup.find_all("meta"):
        key = meta.get("property") or meta.get("name")
        if key and (key.startswith(("og:", "twitter:"))):
            assert key not in found, f"{key} appears twice"
            found[key] = meta["content"]
    canonical = soup.find("link", rel="canonical")
    found["canonical"] = canonical["href"] if canonical else ""
    return found


@pytest.mark.parametrize("page", PAGES)
def test_every_page_has_a_complete_link_preview(built_site: Path, page: str):
    """The Open Graph protocol (https://ogp.me/: og:title, og:type, og:image and og:url
    required; og:image:width/height/alt and og:description recommended), and X's card
    markup (https://developer.x.com/en/docs/x-for-websites/cards/overview/markup:
    twitter:card summary_large_image, with title, description, image and image:alt)."""
    found = tags((built_site / page).read_text(encoding="utf-8"))
    for key in ("og:type", "og:site_name", "og:title", "og:description", "og:url", "og:image", "og:image:alt"):
        assert found.get(key, "").strip(), f"{page}: {key} missing or empty"
    assert found["og:url"] == found["canonical"] and found["og:url"].startswith(SITE_URL)
    assert found["og:image"].startswith(SITE_URL + "assets/cards/") and found["og:image"].endswith(".png")
    assert (found["og:image:width"], found["og:image:height"], found["og:image:type"]) == ("1200", "630", "image/png")
    assert found["twitter:card"] == "summary_large_image"
    for key in ("title", "description", "image", "image:alt"):
        assert found[f"twitter:{key}"] == found[f"og:{key}"]
    image = built_site / found["og:image"].removeprefix(SITE_URL)
    with Image.open(image) as picture:
        assert picture.format == "PNG" and picture.size == (1200, 630)


def test_each_lesson_its_own_card_with_its_title(built_site: Path):
    lessons = [page for page in PAGES if page.startswith("lessons/") and "print" not in page]
    found = [tags((built_site / page).read_text(encoding="utf-8")) for page in lessons]
    assert len({tag["og:image"] for tag in found}) == len(lessons) == 7
    for tag in found:
        assert tag["og:type"] == "article"
        assert tag["og:title"] in tag["og:image:alt"] and "Lesson " in tag["og:image:alt"]
    home, quiz, chart = (tags((built_site / page).read_text(encoding="utf-8")) for page in PAGES[:3])
    assert home["og:title"] == "Kitchen Garden Basics" and home["og:type"] == "website"
    assert len({home["og:image"], quiz["og:image"], chart["og:image"], *(t["og:image"] for t in found)}) == 3 + 7


def test_the_card_draws_the_title_in_the_course_colours():
    """What is drawn: the primary colour fills the card, the band at the foot is the
    tint, and a longer title takes more of the picture (it is drawn, not just named)."""
    spec = CardSpec("x.md", "Lesson 1 of 3 · 5 min read", "Short", "", "Course · Org", "#8a1c1c", "#ffffff", "#f5e3e3")
    picture = Image.open(io.BytesIO(render_card(spec))).convert("RGB")
    assert picture.getpixel((5, 5)) == (0x8A, 0x1C, 0x1C)
    assert picture.getpixel((5, 625)) == (0xF5, 0xE3, 0xE3)
    longer = Image.open(io.BytesIO(render_card(CardSpec(**{**spec.__dict__, "title": "A much longer title " * 4})))).convert("L")

    def white(image: Image.Image) -> int:
        return sum(1 for value in image.convert("L").crop((0, 180, 1200, 500)).tobytes() if value > 200)

    assert white(longer) > 3 * white(picture) > 0


def test_two_builds_give_the_same_site_and_keep_nothing_in_the_project(tmp_path: Path, built_site: Path):
    """Two builds of the same sources give identical PNG bytes, and an identical site;
    neither leaves anything in the project folder for the next to read (issue 24)."""
    project = make_project(tmp_path / "copy", GARDEN)
    before = sorted(p.relative_to(project) for p in project.rglob("*"))
    assert run_build(project, tmp_path / "first").returncode == 0
    assert run_build(project, tmp_path / "second").returncode == 0
    assert tree_digest(tmp_path / "first") == tree_digest(tmp_path / "second") == tree_digest(built_site)
    assert len(list((tmp_path / "first" / "assets").rglob("*.png"))) >= 3 + 7 + 4  # cards (home, quiz, chart, lessons), icons
    assert sorted(p.relative_to(project) for p in project.rglob("*")) == before


def test_a_changed_title_gets_a_new_card_at_a_new_address(mini_project: Path):
    """Link previews cache pictures by address: a new title must not hide behind the old URL."""
    assert run_build(mini_project).returncode == 0
    before = {p.name for p in (mini_project / "site/assets/cards").iterdir()}
    edit(mini_project / "lessons/second-steps.md", "title: ", "title: Renamed, ")
    assert run_build(mini_project).returncode == 0
    after = {p.name for p in (mini_project / "site/assets/cards").iterdir()}
    changed = sorted(before ^ after)
    assert len(changed) == 2 and all(name.startswith("lesson-second-steps.") for name in changed)
    page = (mini_project / "site/lessons/second-steps/index.html").read_text(encoding="utf-8")
    assert next(name for name in changed if name in after) in page


def test_characters_the_card_cannot_draw_are_named_in_a_warning(mini_project: Path):
    edit(mini_project / "lessons/second-steps.md", "title: ", "title: 日本 ")
    result = run_build(mini_project)
    assert result.returncode == 0, result.stderr
    assert "share card of lessons/second-steps.md cannot draw '日本'" in result.stderr
    assert "日本" in (mini_project / "site/lessons/second-steps/index.html").read_text(encoding="utf-8")


def test_the_file_name_covers_the_layout_pillow_and_the_colours(monkeypatch: pytest.MonkeyPatch):
    """A picture keeps its address only while everything that decides its bytes is the
    same: what it shows, its colours, the layout, and the Pillow and fonts that draw it."""
    import PIL

    from coursekit.outputs import share_cards

    spec = CardSpec("x.md", "Lesson 1 of 3 · 5 min read", "Short", "", "Course · Org", "#8a1c1c", "#ffffff", "#f5e3e3")
    before = spec.digest
    assert CardSpec(**{**spec.__dict__, "primary": "#8a1c1d"}).digest != before
    assert CardSpec(**{**spec.__dict__, "subtitle": "More"}).digest != before
    share_cards.drawing_version.cache_clear()
    monkeypatch.setattr(PIL, "__version__", "0.0.0")
    try:
        assert spec.digest != before
    finally:
        share_cards.drawing_version.cache_clear()
    monkeypatch.setattr(PIL, "__version__", PIL.__version__)
    monkeypatch.undo()
    monkeypatch.setattr(share_cards, "LAYOUT", "another layout")
    try:
        assert spec.digest != before
    finally:
        share_cards.drawing_version.cache_clear()


def test_drawing_a_card_measures_a_bounded_amount_of_text(monkeypatch: pytest.MonkeyPatch):
    """Issue 23: a 4,000-character title took 158 s (a measurement per character, per cut).
    Now a long word is cut by halving, and text past what a card can show is not measured:
    the work for 20,000 characters is the work for 1,000, and that is a few thousand measurements at most."""
    from PIL import ImageFont

    measured = [0]
    real = ImageFont.FreeTypeFont.getlength

    def counting(self, text, *args, **kwargs):
        measured[0] += 1
        return real(self, text, *args, **kwargs)

    monkeypatch.setattr(ImageFont.FreeTypeFont, "getlength", counting)

    def measurements(title: str, subtitle: str = "") -> int:
        measured[0] = 0
        render_card(CardSpec("x.md", "Lesson 1 of 3", title, subtitle, "Course · Org", "#8a1c1c", "#ffffff", "#f5e3e3"))
        return measured[0]

    for make in (lambda n: "W" * n, lambda n: "word " * (n // 5)):
        short, long, longer = measurements(make(1_000)), measurements(make(20_000)), measurements(make(200_000))
        assert short == long == longer and short < 5_000, (short, long, longer)
    assert measurements("Title", "sub " * 5_000) == measurements("Title", "sub " * 500)


def test_the_alt_text_reads_as_sentences_whatever_the_title_ends_with():
    """Issue 26: a title ending in "?" gave "Task manager or people leader?. Lesson 3"."""
    spec = CardSpec(
        "x.md",
        "Lesson 3 of 10 · 6 min read",
        "Task manager or people leader?",
        "",
        "Course · Org",
        "#8a1c1c",
        "#ffffff",
        "#f5e3e3",
    )
    assert spec.alt == "Task manager or people leader? Lesson 3 of 10 · 6 min read. Course · Org."
    said = CardSpec(**{**spec.__dict__, "title": "Start here.", "subtitle": "Wow!"})
    assert said.alt == "Start here. Wow! Lesson 3 of 10 · 6 min read. Course · Org."


def _logo(path: Path) -> None:
    """A white disc on a transparent square, as a logo made for a coloured header is."""
    from PIL import Image, ImageDraw

    image = Image.new("RGBA", (300, 300), (0, 0, 0, 0))
    ImageDraw.Draw(image).ellipse((0, 0, 299, 299), fill="#ffffff")
    image.save(path)


def test_the_app_icons_show_the_brand_logo(mini_project: Path):
    """Issue 25.4: the installed course's icons showed the initials even with brand.logo set.
    A PNG logo is drawn on the primary colour; the maskable icon keeps it inside the middle
    80 % that launchers' masks leave (web.dev, "Adaptive icon support in PWAs with maskable icons")."""
    from PIL import Image

    docs = own_docs(mini_project)
    _logo(docs / "assets" / "logo.png")
    edit(mini_project / "lessons/course.yml", "email:\n", 'brand:\n  primary: "#1b5e20"\n  logo: assets/logo.png\nemail:\n')
    result = run_build(mini_project)
    assert result.returncode == 0, result.stderr
    icons = mini_project / "site" / "assets" / "icons"
    with Image.open(icons / "icon-512.png") as icon:
        rgb = icon.convert("RGB")
        assert rgb.getpixel((256, 256)) == (255, 255, 255)  # the logo
        assert rgb.getpixel((5, 5)) == (0x1B, 0x5E, 0x20)  # on the primary colour
        assert rgb.getpixel((256, 256 - 195)) == (255, 255, 255)  # as large as fits (80 %)
    with Image.open(icons / "maskable-512.png") as icon:
        rgb = icon.convert("RGB")
        assert rgb.getpixel((256, 256 - 200)) == (0x1B, 0x5E, 0x20)  # outside the safe zone: background only
        assert rgb.getpixel((256, 256 - 130)) == (255, 255, 255)


def test_an_svg_logo_leaves_the_initials_and_says_so(mini_project: Path):
    docs = own_docs(mini_project)
    (docs / "assets" / "logo.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"/>')
    edit(mini_project / "lessons/course.yml", "email:\n", "brand:\n  logo: assets/logo.svg\nemail:\n")
    result = run_build(mini_project)
    assert result.returncode == 0, result.stderr
    assert (
        "lessons/course.yml: field 'brand.logo': the installed course's icons show the course's initials, because "
        "logo.svg cannot be drawn into them. Fix: set brand.favicon to a square PNG of 512 px"
    ) in result.stderr


def test_a_logo_that_is_no_picture_stops_the_build_by_name(mini_project: Path):
    docs = own_docs(mini_project)
    (docs / "assets" / "logo.png").write_text("not a picture")
    edit(mini_project / "lessons/course.yml", "email:\n", "brand:\n  logo: assets/logo.png\nemail:\n")
    result = run_build(mini_project)
    assert result.returncode == 1
    assert "logo.png: cannot be drawn into the app icons" in result.stderr
    assert "Fix: save it again as a PNG" in result.stderr
