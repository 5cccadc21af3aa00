"""The course's brand on Material: its palette `custom`, coloured by the generated brand
stylesheet, the kit's own styles and script, and the course's logo and favicon."""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.config_options import ExtraScriptValue
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

from coursekit.core import routes
from coursekit.core.model import Course
from coursekit.core.project_files import exact_file
from coursekit.core.sources import display_path, read_yaml_file
from coursekit.plugin.published_assets import PublishedAsset


def apply_brand(config: MkDocsConfig, course: Course, assets: dict[str, PublishedAsset]) -> None:
    """The course's colours, logo and favicon on the theme: Material's palette becomes
    `custom`, its colours come from the generated brand stylesheet (before the course's own)."""
    use_brand_stylesheet(config, assets)
    brand = course.meta.brand
    docs = Path(config.docs_dir)
    for key, path in (("logo", brand.logo), ("favicon", brand.favicon)):
        if path is None:
            continue
        found, meant = exact_file(docs, path)
        if not found:
            course_file = course.root / "course.yml"
            line = read_yaml_file(course_file).line_of("brand", key)
            fix = (
                f"did you mean {meant}? File names are matched exactly, case included, as GitHub Pages matches them"
                if meant
                else f"put the file in {docs.name}/ and give its path from there, e.g. assets/{Path(path).name}"
            )
            raise PluginError(
                f"{display_path(course_file)}:{line}: field 'brand.{key}': {docs.name}/{path} does not exist. Fix: {fix}"
            )
        config.theme[key] = path


# What Pillow draws into the app icons; an SVG it cannot.
ICON_PICTURES = (".png", ".jpg", ".jpeg", ".webp", ".gif")


def icon_picture(config: MkDocsConfig, course: Course) -> tuple[Path | None, str | None]:
    """The picture the installed course's icons show (brand.logo, else brand.favicon, the
    first that is a PNG, JPEG, WebP or GIF), and a warning when a picture was given but
    none can be drawn (the icons then show the course's initials)."""
    brand = course.meta.brand
    given = [(key, path) for key, path in (("logo", brand.logo), ("favicon", brand.favicon)) if path]
    for _key, path in given:
        if Path(path).suffix.lower() in ICON_PICTURES:
            return Path(config.docs_dir) / path, None
    if not given:
        return None, None
    key, path = given[0]
    return None, (
        f"{display_path(course.root / 'course.yml')}: field 'brand.{key}': the installed course's icons show the "
        f"course's initials, because {Path(path).name} cannot be drawn into them. Fix: set brand.favicon to a square "
        "PNG of 512 px (it becomes the icons too)"
    )


def use_brand_stylesheet(config: MkDocsConfig, assets: dict[str, PublishedAsset]) -> None:
    """Material's palette `custom`, coloured by the generated brand stylesheet, then the
    kit's own styles and script (published_assets): a course's mkdocs.yml names none of
    them, so a later kit can change them."""
    for palette in config.theme["palette"] or []:
        palette["primary"] = palette["accent"] = "custom"
    for position, name in enumerate((routes.BRAND_CSS, routes.COURSE_CSS)):
        config.extra_css.insert(position, assets[name].path)
    script = ExtraScriptValue(assets[routes.COURSE_JS].path)
    script.defer = True
    config.extra_javascript.insert(0, script)
