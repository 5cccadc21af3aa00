"""Images without alt text: a publishing build stops with file, line and fix; the
preview (`mkdocs serve`) warns and goes on (issue 23)."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config

from coursekit.plugin.image_alt import images_without_alt
from helpers import edit, own_docs, run_build

LESSON = "lessons/first-steps.md"
# A 1x1 PNG (the smallest valid one): the picture the lesson shows.
PIXEL = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


def add_image(project: Path, markdown: str) -> int:
    """A picture in the project's own docs/assets/, and `markdown` showing it in lesson 1
    under its first section heading; the line it is on."""
    docs = own_docs(project)
    (docs / "assets" / "picture.png").write_bytes(PIXEL)
    edit(project / LESSON, "## The idea\n", f"## The idea\n\n{markdown}\n")
    return (project / LESSON).read_text(encoding="utf-8").splitlines().index(markdown) + 1


def test_an_image_without_alt_text_stops_a_publishing_build(mini_project: Path):
    line = add_image(mini_project, "![](../assets/picture.png)")
    result = run_build(mini_project)
    assert result.returncode != 0
    assert (
        f"{LESSON}:{line}: the image ../../assets/picture.png has no alt text. Fix: describe it in the brackets"
    ) in result.stderr
    assert not (mini_project / "site").exists()


@pytest.mark.parametrize(
    "markdown", ["![The app icon](../assets/picture.png)", "![](../assets/picture.png){ role=presentation }"]
)
def test_described_or_decorative_images_pass(mini_project: Path, markdown: str):
    add_image(mini_project, markdown)
    result = run_build(mini_project)
    assert result.returncode == 0, result.stderr


def test_the_preview_warns_and_goes_on(mini_project: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture):
    line = add_image(mini_project, '<img src="../assets/picture.png">')
    config = load_config(config_file=str(mini_project / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
    config.plugins.on_startup(command="serve", dirty=False)
    try:
        with caplog.at_level(logging.WARNING, logger="coursekit"):
            logging.getLogger("coursekit").addHandler(caplog.handler)
            mkdocs_build(config)
    finally:
        logging.getLogger("coursekit").removeHandler(caplog.handler)
        config.plugins.on_shutdown()
    assert (tmp_path / "site" / "lessons" / "first-steps" / "index.html").is_file()
    # Raw HTML keeps its address as written (MkDocs rewrites Markdown images only).
    assert any(f"{LESSON}:{line}: the image ../assets/picture.png has no alt text" in m for m in caplog.messages), caplog.messages


def test_the_check_reads_html_as_a_browser_does():
    assert images_without_alt('<img src="a.png"><img alt="" src="b.png"><img alt=" " src="c.png">') == ["a.png", "b.png", "c.png"]
    assert images_without_alt('<img alt="A cat" src="a.png"><img src="b.png" role="presentation">') == []
    assert images_without_alt('<img src="d.png" aria-hidden="true"><p>no image</p>') == []
