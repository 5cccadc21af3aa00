"""Renaming a lesson the way learners do not notice: `./course rename OLD NEW` moves
lessons/OLD.md to lessons/NEW.md and writes every name of it anew (the `lessons:` list
in course.yml, links in the lessons and docs pages, `lesson:` entries in assessment.yml)
and adds OLD to the lesson's `former_names`, so learners' progress, days and answers
stay with it (they are kept under its first name) and its old address sends readers on.

    changed = rename_lesson(Path("lessons"), Path("docs"), "old-name", "new-name")

Every edit is worked out before anything is written, and each file is written whole,
the lesson file last: a rename that cannot be done changes nothing.
"""

from __future__ import annotations

import re
from pathlib import Path

from coursekit.core.errors import CourseError
from coursekit.core.sources import display_path, read_markdown, read_yaml_file
from coursekit.outputs.output_folder import write_file_whole

NAME = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
NAME_FIX = "a lesson's name is lower case letters, digits and single hyphens, e.g. first-steps"


def lesson_name(text: str) -> str:
    """`lessons/old-name.md`, `old-name.md` or `old-name`: the name."""
    return Path(text).name.removesuffix(".md")


def rename_lesson(course_dir: Path, docs_dir: Path | None, old: str, new: str) -> list[Path]:
    """Rename lesson `old` to `new` in every file that names it; the files changed (the
    renamed lesson under its new name)."""
    old, new = lesson_name(old), lesson_name(new)
    source, target = course_dir / f"{old}.md", course_dir / f"{new}.md"
    if not source.is_file():
        names = ", ".join(sorted(path.stem for path in course_dir.glob("*.md"))[:6])
        raise CourseError(display_path(source), "does not exist", f"name a lesson file of {display_path(course_dir)}: {names}")
    if not NAME.fullmatch(new):
        raise CourseError(display_path(target), f"'{new}' is not a lesson name", NAME_FIX)
    if target.exists():
        raise CourseError(display_path(target), "exists already", "choose a name no lesson has, or rename that lesson first")
    edits: dict[Path, str] = {}
    course_file = course_dir / "course.yml"
    edits[course_file] = _in_list(course_file, old, new)
    assessment = course_dir / "assessment.yml"
    if assessment.is_file():
        edits[assessment] = _in_assessment(assessment, old, new)
    pages = [path for path in sorted(course_dir.glob("*.md")) if path != source]
    if docs_dir is not None and docs_dir.is_dir():
        pages += sorted(docs_dir.rglob("*.md"))
    for page in pages:
        edits[page] = _links(page.read_text(encoding="utf-8"), old, new)
    renamed = _with_former_name(source, old, new)
    changed = [path for path, text in edits.items() if text != path.read_text(encoding="utf-8")]
    for path in changed:
        write_file_whole(path, [edits[path].encode("utf-8")])
    write_file_whole(target, [renamed.encode("utf-8")])
    source.unlink()
    return [*changed, target]


def _in_list(course_file: Path, old: str, new: str) -> str:
    """course.yml with `old` replaced by `new` in its `lessons:` list (on its own line)."""
    doc = read_yaml_file(course_file)
    listed = doc.data.get("lessons") if isinstance(doc.data, dict) else None
    if not isinstance(listed, list) or old not in listed:
        raise CourseError(
            display_path(course_file),
            f"'{old}' is not in the 'lessons:' list",
            "add it to the list (or check the name), then rename it",
            field="lessons",
        )
    return _on_line(course_file, doc.line_of("lessons", listed.index(old)), old, new)


def _in_assessment(assessment: Path, old: str, new: str) -> str:
    """assessment.yml with every `lesson: old` of its dimensions and items made `new`."""
    doc = read_yaml_file(assessment)
    text = assessment.read_text(encoding="utf-8")
    for group in ("dimensions", "items"):
        entries = doc.data.get(group) if isinstance(doc.data, dict) else None
        for index, entry in enumerate(entries if isinstance(entries, list) else []):
            if isinstance(entry, dict) and entry.get("lesson") == old:
                text = _on_line(assessment, doc.line_of(group, index, "lesson"), old, new, text)
    return text


def _on_line(path: Path, line: int, old: str, new: str, text: str | None = None) -> str:
    """`text` (else the file's) with the name `old` on line `line` made `new`."""
    lines = (text if text is not None else path.read_text(encoding="utf-8")).splitlines(keepends=True)
    name = re.compile(rf"(?<![a-z0-9-]){re.escape(old)}(?![a-z0-9-])")
    replaced, count = name.subn(new, lines[line - 1], count=1)
    if not count:
        raise CourseError(
            display_path(path), f"names '{old}' in a way this command cannot rewrite", f"write {new} there", line=line
        )
    lines[line - 1] = replaced
    return "".join(lines)


def _links(text: str, old: str, new: str) -> str:
    """Markdown with every link to `old.md` (lessons/old.md, ../lessons/old.md#part) made `new.md`."""
    return re.sub(rf"(?<![A-Za-z0-9_.-]){re.escape(old)}\.md(?![A-Za-z0-9_-])", f"{new}.md", text)


def _with_former_name(source: Path, old: str, new: str) -> str:
    """The lesson's text with its links renamed and `old` added to its front matter's
    former_names (created as the front matter's last field when missing)."""
    lesson = read_markdown(source)
    lines = _links(source.read_text(encoding="utf-8"), old, new).splitlines(keepends=True)
    front = lesson.front
    former = front.data.get("former_names")
    if former is None:
        closing = lesson.body_first_line - 2  # the index of the closing '---'
        lines.insert(closing, f"former_names: [{old}]\n")
    elif not isinstance(former, list):
        raise CourseError(
            display_path(source),
            "former_names is not a list",
            f"write it as former_names: [{old}]",
            line=front.line_of("former_names"),
        )
    elif old not in former:
        at = front.line_of("former_names") - 1
        if lines[at].rstrip().endswith("]"):  # former_names: [a, b]
            head = lines[at].rstrip()[:-1].rstrip()
            lines[at] = f"{head}{', ' if not head.endswith('[') else ''}{old}]\n"
        else:  # a block list: a new item after the last one
            last = front.line_of("former_names", len(former) - 1) - 1
            indent = lines[last][: len(lines[last]) - len(lines[last].lstrip())]
            lines.insert(last + 1, f"{indent}- {old}\n")
    return "".join(lines)
