"""Check parsed YAML against a schema of frozen dataclasses, and word every problem
as a CourseError with file, line, field and fix (CourseErrors, in file order).

A schema is a dataclass whose fields are declared with `rule(...)`: the description
doubles as the fix an author is shown. Supported field types: str, int, bool,
list[...], dict[str, str], nested schema dataclasses, and `X | None`. Unknown keys
are errors; a misspelt key is reported once, as unknown with the closest name,
not also as a missing one.
"""

from __future__ import annotations

import dataclasses
import difflib
import re
import types
import unicodedata
from collections.abc import Callable
from functools import cache, partial
from pathlib import Path
from typing import Any, TypeVar, Union, cast, get_args, get_origin, get_type_hints

from coursekit.core.errors import CourseError, CourseErrors, shown
from coursekit.core.sources import YamlDoc, display_path

T = TypeVar("T")
Location = tuple[str | int, ...]
NOT_SET: Any = dataclasses.MISSING


# The longest a text may be when its field names no limit of its own: one line (a name,
# a label, a subject) or more (a paragraph of Markdown). Longer texts are mistakes, and
# drawing and laying them out would cost time for nothing.
ONE_LINE_LIMIT = 200
TEXT_LIMIT = 2_000


def rule(
    description: str,
    *,
    default: Any = NOT_SET,
    default_factory: Any = NOT_SET,
    min_length: int | None = None,
    max_length: int | None = None,
    max_chars: int | None = None,
    pattern: str | None = None,
    one_line: bool = False,
    ge: int | None = None,
    le: int | None = None,
    check: Callable[[str], str | None] | None = None,
) -> Any:
    """A schema field: its description (shown as the fix) and its constraints.

    For a list, min_length/max_length count items, and one_line/pattern/check apply to
    each item. `check` returns what is wrong with a text, or None. Every text has a
    length limit: `max_length` (a text field) or `max_chars` (each text of a list), else
    ONE_LINE_LIMIT for a one-line text and TEXT_LIMIT for any other.
    """
    rules = {
        "description": description,
        "min_length": min_length,
        "max_length": max_length,
        "max_chars": max_chars,
        "pattern": re.compile(pattern) if pattern else None,
        "one_line": one_line,
        "ge": ge,
        "le": le,
        "check": check,
    }
    return dataclasses.field(default=default, default_factory=default_factory, metadata=rules)


class _Invalid(Exception):
    """One problem, found at `loc`, before it is worded for authors."""

    def __init__(self, loc: Location, kind: str, rules: Any, given: Any = None, **details: Any) -> None:
        super().__init__(kind)
        self.loc, self.kind, self.rules, self.given, self.details = loc, kind, rules, given, details


class _InvalidMany(Exception):
    """Every problem found in one group of keys (or one list), in file order."""

    def __init__(self, problems: list[_Invalid]) -> None:
        super().__init__(f"{len(problems)} problems")
        self.problems = problems


def validate_doc(schema: type[T], doc: YamlDoc, path: Path) -> T:
    """The schema object for `doc`, or CourseErrors naming every problem in it."""
    try:
        return cast(T, _record(schema, doc.data, (), {"description": "see .github/AUTHORING.md"}))
    except _Invalid as problem:
        raise CourseErrors([_course_error(problem, doc, path)]) from None
    except _InvalidMany as many:
        errors = [_course_error(problem, doc, path) for problem in many.problems]
        raise CourseErrors(sorted(errors, key=lambda error: error.line or 0)) from None


def _collect(problems: list[_Invalid], check: Callable[[], Any]) -> Any:
    """The value `check` returns, or None with its problems added to `problems`."""
    try:
        return check()
    except _Invalid as problem:
        problems.append(problem)
    except _InvalidMany as many:
        problems.extend(many.problems)
    return None


@cache
def _hints(schema: type) -> dict[str, Any]:
    return get_type_hints(schema)


def _record(schema: Any, value: Any, loc: Location, rules: Any) -> Any:
    if not isinstance(value, dict):
        raise _Invalid(loc, "type", rules, value, expected="a group of 'key: value' lines")
    fields = dataclasses.fields(schema)
    known = [f.name for f in fields]
    required = [f.name for f in fields if f.default is NOT_SET and f.default_factory is NOT_SET]
    missing = [name for name in required if name not in value]
    problems: list[_Invalid] = []
    for key in value:
        if key not in known:
            problems.append(_Invalid((*loc, str(key)), "extra", rules, known=known))
            # A misspelt key is also a missing one: say it once, as the misspelling.
            missing = [name for name in missing if name not in difflib.get_close_matches(str(key), missing, n=1)]
    hints = _hints(schema)
    values = {}
    for f in fields:
        if f.name in value:
            values[f.name] = _collect(problems, partial(_value, hints[f.name], value[f.name], (*loc, f.name), f.metadata))
        elif f.name in missing:
            problems.append(_Invalid((*loc, f.name), "missing", f.metadata))
    if problems:
        raise _InvalidMany(problems)
    return schema(**{name: given for name, given in values.items() if name in value})


def _value(hint: Any, value: Any, loc: Location, rules: Any, item: bool = False) -> Any:
    origin, args = get_origin(hint), get_args(hint)
    if origin in (Union, types.UnionType):
        if value is None:
            return None
        hint = next(arg for arg in args if arg is not type(None))
        origin, args = get_origin(hint), get_args(hint)
    if hint is str:
        return _text(value, loc, rules, item)
    if hint is bool:
        if not isinstance(value, bool):
            raise _Invalid(loc, "type", rules, value, expected="true or false")
        return value
    if hint is int:
        return _number(value, loc, rules)
    if origin is list:
        return _list(args[0], value, loc, rules)
    if origin is dict:
        if not isinstance(value, dict) or not all(isinstance(v, (str, int)) for v in value.values()):
            raise _Invalid(loc, "type", rules, value, expected="a group of 'key: value' lines")
        return {str(k): str(v) for k, v in value.items()}
    return _record(hint, value, loc, rules)


def _text(value: Any, loc: Location, rules: Any, item: bool) -> str:
    if not isinstance(value, str):
        raise _Invalid(loc, "type", rules, value, expected="text")
    text = value.strip()
    if not text:
        raise _Invalid(loc, "empty", rules)
    limit = (rules["max_chars"] if item else rules["max_length"]) or (ONE_LINE_LIMIT if rules["one_line"] else TEXT_LIMIT)
    if len(text) > limit:
        raise _Invalid(loc, "too_long", rules, text, limit=limit)
    if rules["one_line"] and (bad := _line_breaking(text)):
        raise _Invalid(loc, "form", rules, text, character=bad)
    if rules["pattern"] is not None and not rules["pattern"].fullmatch(text):
        raise _Invalid(loc, "form", rules, text)
    if rules["check"] is not None and (problem := rules["check"](text)):
        raise _Invalid(loc, "check", rules, text, problem=problem)
    return text


def _line_breaking(text: str) -> str | None:
    """The first character that would break a one-line field (a header, a title):
    any line break Python knows (\\v, \\f, U+2028 ...) or other control character."""
    for char in text:
        if char != "\t" and (unicodedata.category(char) in ("Cc", "Zl", "Zp")):
            return char
    return None


def _number(value: Any, loc: Location, rules: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise _Invalid(loc, "type", rules, value, expected="a whole number")
    if rules["ge"] is not None and value < rules["ge"]:
        raise _Invalid(loc, "range", rules, value, bound=f"at least {rules['ge']}")
    if rules["le"] is not None and value > rules["le"]:
        raise _Invalid(loc, "range", rules, value, bound=f"at most {rules['le']}")
    return value


def _list(item_hint: Any, value: Any, loc: Location, rules: Any) -> list[Any]:
    if not isinstance(value, list):
        raise _Invalid(loc, "type", rules, value, expected="a list")
    if not value and rules["min_length"]:
        raise _Invalid(loc, "empty", rules)
    if (rules["min_length"] is not None and len(value) < rules["min_length"]) or (
        rules["max_length"] is not None and len(value) > rules["max_length"]
    ):
        raise _Invalid(loc, "count", rules, value)
    problems: list[_Invalid] = []
    items = [
        _collect(problems, partial(_value, item_hint, entry, (*loc, index), rules, item=True))
        for index, entry in enumerate(value)
    ]
    if problems:
        raise _InvalidMany(problems)
    return items


def _course_error(problem: _Invalid, doc: YamlDoc, path: Path) -> CourseError:
    """The author-facing wording of one problem."""
    hint, given, details = problem.rules["description"], problem.given, problem.details
    name = next((part for part in reversed(problem.loc) if isinstance(part, str)), "")
    if problem.kind == "extra":
        close = difflib.get_close_matches(name, details["known"], n=1)
        suggestion = f"did you mean '{close[0]}'? " if close else ""
        problem_text, fix = "is not a known field", f"{suggestion}Known fields here: {', '.join(details['known'])}"
    elif problem.kind == "missing":
        problem_text, fix = "is missing", f"add '{name}:' with {hint}"
    elif problem.kind == "empty":
        problem_text, fix = "is empty", f"write {hint}"
    elif problem.kind == "too_long":
        problem_text, fix = f"is {len(given)} characters long; the limit is {details['limit']}", f"shorten it to {hint}"
    elif problem.kind == "form":
        character = details.get("character")
        problem_text = f"{_describe(given)} has the wrong form" + (
            " (it contains a line break)"
            if character == "\n"
            else f" (it contains the control character U+{ord(character):04X})"
            if character
            else ""
        )
        fix = f"write {hint}"
    elif problem.kind == "check":
        problem_text, fix = f"{_describe(given)} {details['problem']}", f"write {hint}"
    elif problem.kind == "count":
        problem_text, fix = f"has {len(given)} items", f"give {hint}"
    elif problem.kind == "range":
        problem_text, fix = f"is {given} but must be {details['bound']}", f"write {hint}"
    else:
        problem_text, fix = f"should be {details['expected']}, not {_describe(given)}", f"write {hint}"
    return CourseError(display_path(path), problem_text, fix, line=doc.line_of(*problem.loc), field=_dotted(problem.loc) or None)


def _dotted(loc: Location) -> str:
    """A location as authors read it, counting list items from 1: items[3].rated."""
    text = ""
    for part in loc:
        text += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


def _describe(value: Any) -> str:
    """Name a YAML value's kind the way an author would."""
    if isinstance(value, bool):
        return f"yes/no ({str(value).lower()})"
    if isinstance(value, (int, float)):
        return f"a number ({value})"
    if isinstance(value, str):
        text = shown(value)
        return f"'{text}'" if len(text) <= 40 else f"'{text[:37]}...'"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a group of 'key: value' lines"
    return "nothing" if value is None else type(value).__name__
