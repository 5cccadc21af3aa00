"""Reading source files: strict UTF-8, YAML with line numbers, front matter split.

Everything here turns a file on disk into plain Python data plus the line each
top-level key sits on, so later checks can point authors at the exact line.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from coursekit.errors import CourseError

FRONT_MATTER_FENCE = "---"
# libyaml's parser when PyYAML has it: the pure-Python one dominates load time at 1,000 lessons.
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


Location = tuple[str | int, ...]


@dataclass
class YamlDoc:
    """Parsed YAML mapping and the 1-based file line of every key and list item,
    by location: ("items", 3, "leader") is the `leader:` key of the fourth item."""

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


def display_path(path: Path) -> str:
    """A path as authors see it: relative to the working folder when inside it."""
    try:
        return os.path.relpath(path)
    except ValueError:  # other drive on Windows
        return str(path)


def read_text(path: Path) -> str:
    """Read a source file as UTF-8, naming the line of the first bad byte."""
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw.count(b"\n", 0, err.start) + 1
        raise CourseError(
            display_path(path),
            f"is not valid UTF-8 (byte 0x{raw[err.start]:02x} cannot be decoded)",
            "save the file with UTF-8 encoding in your editor",
            line=line,
        ) from None
    return text.removeprefix("\ufeff").replace("\r\n", "\n")


def parse_yaml(text: str, path: Path, first_line: int = 1) -> YamlDoc:
    """Parse a YAML mapping, keeping the line of each top-level key."""
    try:
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
    _record_lines(node, (), first_line, lines)
    return YamlDoc(data=data, lines=lines, first_line=first_line)


def _compose_and_construct(text: str) -> tuple[yaml.Node | None, Any]:
    """Parse once into the node tree (for line numbers) and the data built from it."""
    loader = SAFE_LOADER(text)
    try:
        node = loader.get_single_node()
        return node, (loader.construct_document(node) if node is not None else None)
    finally:
        loader.dispose()


def _record_lines(node: yaml.Node | None, location: Location, first_line: int, lines: dict[Location, int]) -> None:
    """Walk the YAML node tree, noting the line where each key or list item starts."""
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            here = (*location, str(key_node.value))
            lines[here] = first_line + key_node.start_mark.line
            _record_lines(value_node, here, first_line, lines)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            here = (*location, index)
            lines[here] = first_line + item.start_mark.line
            _record_lines(item, here, first_line, lines)


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
