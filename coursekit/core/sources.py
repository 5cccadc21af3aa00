"""Reading source files: strict UTF-8, YAML with line numbers, front matter split.

Everything here turns a file on disk into plain Python data plus the line each
top-level key sits on, so later checks can point authors at the exact line.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from coursekit.core.errors import CourseError

FRONT_MATTER_FENCE = "---"
# libyaml's parser when PyYAML has it: the pure-Python one dominates load time at 1,000 lessons.
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# Far above any real source (the longest lesson is about 9 KB), far below what makes
# Python-Markdown or the YAML parser take minutes.
MAX_SOURCE_BYTES = 200_000
# Where an anchor (&a) or alias (*a) could start; a cheap test before the exact one.
ANCHOR_HINT = re.compile(r"[&*][^\s,\[\]{}]")
ALLOWED_CONTROLS = "\t\n\r"
# Unicode's control characters (category Cc: U+0000-001F and U+007F-009F) but those allowed.
CONTROL_CHARACTER = re.compile(
    "[" + "".join(re.escape(c) for c in map(chr, [*range(0x20), *range(0x7F, 0xA0)]) if c not in ALLOWED_CONTROLS) + "]"
)


Location = tuple[str | int, ...]


@dataclass
class YamlDoc:
    """Parsed YAML mapping and the 1-based file line of every key and list item,
    by location: ("items", 3, "rated") is the `rated:` key of the fourth item."""

    data: dict[str, Any]
    lines: dict[Location, int] = field(default_factory=dict)
    first_line: int = 1

    def line_of(self, *location: str | int) -> int:
        """The line of the deepest known part of `location`, or the first line."""
        for end in range(len(location), 0, -1):
            if location[:end] in self.lines:
                return self.lines[location[:end]]
        return self.first_line


@dataclass
class MarkdownSource:
    """A Markdown file split into front matter and body."""

    path: Path
    front: YamlDoc
    body: str
    body_first_line: int


def line_naming(source: Path, address: str | None) -> int | None:
    """Where an author wrote the link or image a problem is about: the first line of
    `source` that holds `address` as written, else the first that holds its last part (a
    file or page name: the address may be the one the site gives it)."""
    name = urlsplit(address).path.rstrip("/").rsplit("/", 1)[-1] if address else ""
    if not address or not source.is_file():
        return None
    lines = source.read_text(encoding="utf-8").splitlines()
    for wanted in (address, name):
        for number, line in enumerate(lines, start=1):
            if wanted and wanted in line:
                return number
    return None


def display_path(path: Path) -> str:
    """A path as authors see it: relative to the working folder when inside it."""
    try:
        return os.path.relpath(path)
    except ValueError:  # other drive on Windows
        return str(path)


def read_text(path: Path) -> str:
    """Read a source file as UTF-8, naming the line of the first bad byte."""
    raw = _read_bytes(path)
    text = decoded(raw, path)
    if control := CONTROL_CHARACTER.search(text):
        raise CourseError(
            display_path(path),
            f"contains the control character U+{ord(control[0]):04X}",
            "delete it: it is invisible in most editors, so retype the text around it",
            line=text.count("\n", 0, control.start()) + 1,
        )
    return text.removeprefix("\ufeff").replace("\r\n", "\n")


def decoded(raw: bytes, path: Path) -> str:
    """The file `path`'s bytes as UTF-8 text, or an error naming the line of the first bad byte."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw.count(b"\n", 0, err.start) + 1
        raise CourseError(
            display_path(path),
            f"is not valid UTF-8 (byte 0x{raw[err.start]:02x} cannot be decoded)",
            "save the file with UTF-8 encoding in your editor",
            line=line,
        ) from None


def _read_bytes(path: Path) -> bytes:
    """A source file's bytes, or one clear error for a folder, a broken link, a file
    that cannot be read or one too large to be a course source."""
    where = display_path(path)
    if path.is_dir():
        raise CourseError(where, "is a folder, not a file", "rename or move the folder: this name is for a course file")
    try:
        with path.open("rb") as file:
            raw = file.read(MAX_SOURCE_BYTES + 1)
    except FileNotFoundError:
        raise CourseError(
            where, "cannot be found (a link to a file that is not there?)", "replace the link with the file itself, or delete it"
        ) from None
    except OSError as err:
        raise CourseError(
            where, f"cannot be read ({err.strerror or err})", "check that the file exists and that you may read it"
        ) from None
    if len(raw) > MAX_SOURCE_BYTES:
        raise CourseError(
            where,
            f"is larger than {MAX_SOURCE_BYTES:,} bytes",
            "split it: a lesson is a few thousand words, and images belong in docs/assets/",
        )
    return raw


def parse_yaml(text: str, path: Path, first_line: int = 1) -> YamlDoc:
    """Parse a YAML mapping, keeping the line of each key; anchors, aliases and
    repeated keys are errors (course files never need them, and aliases can make a
    tiny file expand to gigabytes)."""
    try:
        if ANCHOR_HINT.search(text):
            _refuse_anchors(text, path, first_line)
        node, data = _compose_and_construct(text)
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = first_line + mark.line if mark else first_line
        problem = err.problem or err.context or "unreadable YAML"
        raise CourseError(
            display_path(path),
            f"YAML syntax error: {problem}",
            "check indentation and quoting on this line; quote text that contains ': ' or starts with a symbol",
            line=line,
        ) from None
    except yaml.YAMLError as err:  # the reader's errors (a character YAML does not allow) carry no line
        position, character = getattr(err, "position", 0) or 0, getattr(err, "character", None)
        code = ord(character) if isinstance(character, str) else character
        what = f"U+{code:04X}" if isinstance(code, int) else "a character"
        raise CourseError(
            display_path(path),
            f"contains {what}, which YAML does not allow",
            "remove the character named here; retype the line if you cannot see it",
            line=first_line + text.count("\n", 0, position),
        ) from None
    except RecursionError:
        raise CourseError(
            display_path(path),
            "nests lists or groups too deeply",
            "write the settings as plain 'key: value' lines and short lists",
            line=first_line,
        ) from None
    if data is None:
        data, node = {}, None
    if not isinstance(data, dict):
        raise CourseError(
            display_path(path),
            f"expected 'key: value' pairs, found a {type(data).__name__}",
            "write the settings as 'key: value' lines",
            line=first_line,
        )
    lines: dict[Location, int] = {}
    _record_lines(node, (), first_line, lines, path)
    return YamlDoc(data=data, lines=lines, first_line=first_line)


def _refuse_anchors(text: str, path: Path, first_line: int) -> None:
    """An error at the first anchor or alias in `text`, if there is one."""
    loader = SAFE_LOADER(text)
    try:
        while (token := loader.get_token()) is not None:
            if isinstance(token, (yaml.AnchorToken, yaml.AliasToken)):
                sign = "&" if isinstance(token, yaml.AnchorToken) else "*"
                raise CourseError(
                    display_path(path),
                    f"uses a YAML {'anchor' if sign == '&' else 'alias'} ({sign}{token.value}), which course files do not allow",
                    f"write the value out in full; if the text itself starts with '{sign}', put it in quotes",
                    line=first_line + token.start_mark.line,
                )
    finally:
        loader.dispose()


def _compose_and_construct(text: str) -> tuple[yaml.Node | None, Any]:
    """Parse once into the node tree (for line numbers) and the data built from it."""
    loader = SAFE_LOADER(text)
    try:
        node = loader.get_single_node()
        return node, (loader.construct_document(node) if node is not None else None)
    finally:
        loader.dispose()


def _record_lines(node: yaml.Node | None, location: Location, first_line: int, lines: dict[Location, int], path: Path) -> None:
    """Walk the YAML node tree, noting the line where each key or list item starts;
    a key that appears twice in one group is an error naming both lines."""
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            here = (*location, str(key_node.value))
            line = first_line + key_node.start_mark.line
            if here in lines:
                raise CourseError(
                    display_path(path),
                    f"'{key_node.value}' is given twice, on line {lines[here]} and on line {line}",
                    "keep one of them (otherwise the last one silently wins)",
                    line=line,
                )
            lines[here] = line
            _record_lines(value_node, here, first_line, lines, path)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            here = (*location, index)
            lines[here] = first_line + item.start_mark.line
            _record_lines(item, here, first_line, lines, path)


def read_yaml_file(path: Path) -> YamlDoc:
    """Read and parse a UTF-8 YAML file."""
    return parse_yaml(read_text(path), path)


def read_markdown(path: Path) -> MarkdownSource:
    """Read a Markdown file that must start with a '---' fenced YAML front matter."""
    text = read_text(path)
    lines = text.split("\n")
    if not lines or lines[0].strip() != FRONT_MATTER_FENCE:
        raise CourseError(
            display_path(path),
            "does not start with YAML front matter",
            "begin the file with a line '---', the lesson's fields, then another '---'",
            line=1,
        )
    try:
        end = next(i for i, line in enumerate(lines[1:], start=1) if line.strip() == FRONT_MATTER_FENCE)
    except StopIteration:
        raise CourseError(
            display_path(path),
            "front matter is never closed",
            "add a line '---' after the last front-matter field",
            line=1,
        ) from None
    front = parse_yaml("\n".join(lines[1:end]), path, first_line=2)
    return MarkdownSource(path=path, front=front, body="\n".join(lines[end + 1 :]), body_first_line=end + 2)
