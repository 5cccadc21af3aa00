"""The course loader: a fixture course loads, and every bad input gets its exact message."""

from __future__ import annotations

from coursekit.core.loader import load_course
from helpers import GARDEN, edit, error_of

# -- a whole course ----------------------------------------------------------


def test_a_whole_course_loads_with_every_lesson_in_its_listed_order():
    """The loader enforces numbering, lengths, counts and structure (each pinned below by
    its message); here only that a whole course passes all of it, in course.yml's order."""
    course = load_course(GARDEN)
    assert [lesson.slug for lesson in course.lessons] == course.meta.lessons and len(course.lessons) == 7
    assert [lesson.number for lesson in course.lessons] == list(range(1, 8)) and course.assessment is not None


def test_reading_time_is_computed_from_words():
    course = load_course(GARDEN)
    for lesson in course.lessons:
        assert lesson.minutes == -(-lesson.words // course.meta.words_per_minute)


def test_site_url_override_adds_trailing_slash(mini_project):
    course = load_course(mini_project / "lessons", site_url="https://someone.github.io/fork")
    assert course.meta.site_url == "https://someone.github.io/fork/"


def test_previous_and_next(mini_project):
    course = load_course(mini_project / "lessons")
    first, second, third = course.lessons
    assert course.previous(first) is None and course.next(first) is second
    assert course.previous(third) is second and course.next(third) is None


# -- bad input: one exact message each ------------------------------------------

LESSON_2 = "lessons/second-steps.md"


def test_missing_field(mini_project):
    edit(mini_project / LESSON_2, "summary: What the reader gets from lesson 2, in one sentence.\n", "")
    assert error_of(mini_project) == (
        "lessons/second-steps.md:2: field 'summary': is missing. Fix: add 'summary:' with one or two "
        "sentences (at most 220 characters) saying what the reader gets from the lesson"
    )


def test_empty_field(mini_project):
    edit(mini_project / LESSON_2, "title: Second steps", 'title: "  "')
    assert error_of(mini_project) == (
        "lessons/second-steps.md:2: field 'title': is empty. Fix: write the lesson title, e.g. 'Check for danger before you help'"
    )


def test_empty_list_item(mini_project):
    edit(mini_project / LESSON_2, "  - The second point of lesson 2", '  - ""')
    assert error_of(mini_project) == (
        "lessons/second-steps.md:9: field 'takeaways[2]': is empty. Fix: write a list of 3 to 5 key takeaways, one per '- ' line"
    )


def test_wrong_type(mini_project):
    edit(
        mini_project / LESSON_2,
        "objectives:\n  - Name the idea of lesson 2\n  - Use the tool of lesson 2\n",
        "objectives: Name the idea of lesson 2\n",
    )
    assert error_of(mini_project) == (
        "lessons/second-steps.md:4: field 'objectives': should be a list, not 'Name the idea of lesson 2'. "
        "Fix: write a list of 2 to 4 learning objectives, one per '- ' line"
    )


def test_wrong_count(mini_project):
    edit(mini_project / LESSON_2, "  - Use the tool of lesson 2\n", "")
    assert error_of(mini_project) == (
        "lessons/second-steps.md:4: field 'objectives': has 1 items. "
        "Fix: give a list of 2 to 4 learning objectives, one per '- ' line"
    )


def test_nested_field_missing(mini_project):
    edit(mini_project / LESSON_2, 'email:\n  subject: "Lesson 2: Second steps"\n', "email: {}\n")
    assert error_of(mini_project) == (
        "lessons/second-steps.md:11: field 'email.subject': is missing. "
        "Fix: add 'subject:' with the subject line of this lesson's email, on one line"
    )


def test_yaml_syntax_error_names_the_line(mini_project):
    edit(mini_project / LESSON_2, "title: Second steps", "title: [Second steps")
    assert error_of(mini_project) == (
        "lessons/second-steps.md:3: YAML syntax error: did not find expected ',' or ']'. "
        "Fix: check indentation and quoting on this line; quote text that contains ': ' or starts with a symbol"
    )


def test_unknown_field_suggests_the_closest(mini_project):
    edit(mini_project / LESSON_2, "summary:", "sumary:")
    assert error_of(mini_project) == (
        "lessons/second-steps.md:3: field 'sumary': is not a known field. "
        "Fix: did you mean 'summary'? Known fields here: title, summary, objectives, takeaways, email, draft, former_names"
    )


def test_unknown_course_field(mini_project):
    edit(mini_project / "lessons/course.yml", "tagline:", "tagline_text:")
    assert error_of(mini_project) == (
        "lessons/course.yml:3: field 'tagline_text': is not a known field. Fix: did you mean 'tagline'? "
        "Known fields here: id, title, short_name, tagline, organisation, pitch, outcomes, author, lessons, site_url, "
        "words_per_minute, lesson_words, email, brand, retired_ids"
    )


def test_course_wrong_type(mini_project):
    edit(mini_project / "lessons/course.yml", "words_per_minute: 200", "words_per_minute: fast")
    assert error_of(mini_project) == (
        "lessons/course.yml:12: field 'words_per_minute': should be a whole number, not 'fast'. "
        "Fix: write reading speed used for reading times"
    )


def test_old_lesson_count_says_what_replaced_it(mini_project):
    text = (mini_project / "lessons/course.yml").read_text()
    head, _, rest = text.partition("lessons:")
    rest = rest.split("\nsite_url:", 1)[1]
    (mini_project / "lessons/course.yml").write_text(head + "lesson_count: 3\nsite_url:" + rest)
    assert error_of(mini_project).startswith(
        "lessons/course.yml:7: field 'lesson_count': lesson_count is gone: the lessons are now listed by name"
    )


def test_a_lesson_listed_twice(mini_project):
    edit(mini_project / "lessons/course.yml", "  - third-steps\n", "  - third-steps\n  - second-steps\n")
    assert error_of(mini_project) == (
        "lessons/course.yml:11: field 'lessons[4]': 'second-steps' is listed twice (also on line 9). Fix: list each lesson once"
    )


def test_a_listed_lesson_without_a_file(mini_project):
    (mini_project / "lessons/third-steps.md").unlink()
    edit(mini_project / LESSON_2, "Read [the next lesson](third-steps.md) when you are done.", "")
    edit(mini_project / "lessons/assessment.yml", "lesson: third-steps", "lesson: second-steps")
    edit(mini_project / "lessons/assessment.yml", "lesson: third-steps", "lesson: second-steps")
    assert error_of(mini_project) == (
        "lessons/course.yml:10: field 'lessons[3]': lists 'third-steps', but lessons/third-steps.md does not exist. "
        "Fix: create the file, or remove the line from the list"
    )


def test_a_file_not_in_the_list(mini_project):
    lessons = mini_project / "lessons"
    (lessons / "another-step.md").write_bytes((lessons / "second-steps.md").read_bytes())
    assert error_of(mini_project) == (
        "lessons/another-step.md: is not in the lessons list of lessons/course.yml. Fix: add '- another-step' to "
        "'lessons:' in lessons/course.yml where it belongs in the course (a lesson still being written can be listed "
        "with 'draft: true' in its front matter), or move the file out of lessons/"
    )


def test_a_misspelt_list_entry_suggests_the_file(mini_project):
    edit(mini_project / "lessons/course.yml", "  - third-steps", "  - thrid-steps")
    assert error_of(mini_project).splitlines()[0] == (
        "lessons/course.yml:10: field 'lessons[3]': lists 'thrid-steps', but lessons/thrid-steps.md does not exist. "
        "Fix: did you mean 'third-steps'? lessons/third-steps.md is in the folder but not in the list: write '- third-steps' here"
    )


def test_not_utf8(mini_project):
    path = mini_project / LESSON_2
    path.write_bytes(path.read_bytes().replace(b"short story", b"short caf\xe9 story"))
    assert error_of(mini_project) == (
        "lessons/second-steps.md:14: is not valid UTF-8 (byte 0xe9 cannot be decoded). "
        "Fix: save the file with UTF-8 encoding in your editor"
    )


def test_link_to_missing_lesson(mini_project):
    edit(mini_project / LESSON_2, "(third-steps.md)", "(missing.md)")
    assert error_of(mini_project) == (
        "lessons/second-steps.md:19: links to lesson 'missing.md', which does not exist. "
        "Fix: link to one of the lesson files, e.g. first-steps.md"
    )


def test_link_to_a_misspelt_lesson_suggests_it(mini_project):
    edit(mini_project / LESSON_2, "(third-steps.md)", "(thrid-steps.md)")
    assert error_of(mini_project) == (
        "lessons/second-steps.md:19: links to lesson 'thrid-steps.md', which does not exist. Fix: did you mean 'third-steps.md'?"
    )


def test_file_not_named_like_a_lesson(mini_project):
    (mini_project / "lessons" / "Notes.md").write_text("# notes\n", encoding="utf-8")
    assert error_of(mini_project) == (
        "lessons/Notes.md: is not named like a lesson. Fix: name lesson files with lower-case words joined by hyphens, "
        "e.g. check-for-danger.md (the name is the lesson's address, lessons/check-for-danger/)"
    )


def test_missing_exercise_section(mini_project):
    edit(mini_project / LESSON_2, "## This week: The lesson 2 checklist", "## Checklist")
    assert error_of(mini_project) == (
        "lessons/second-steps.md:28: has no exercise section. Fix: add a heading "
        "'## This week: <name of the tool>' followed by the exercise, before '## Reflect'"
    )


def test_reflection_must_be_questions(mini_project):
    edit(mini_project / LESSON_2, "- What will you try first?", "- Try it first.")
    assert error_of(mini_project) == (
        "lessons/second-steps.md:28: reflection item 'Try it first.' is not a question. "
        "Fix: end each reflection item with a question mark"
    )


def test_lesson_too_short(mini_project):
    edit(mini_project / "lessons/course.yml", "min: 40", "min: 100")
    assert error_of(mini_project).splitlines() == [  # every lesson that is too short, not only the first
        f"lessons/{name}.md:14: has 70 words of prose; lessons must have 100 to 400. Fix: develop the lesson further"
        for name in ("first-steps", "second-steps", "third-steps")
    ]


def test_subject_with_line_break(mini_project):
    edit(mini_project / LESSON_2, 'subject: "Lesson 2: Second steps"', 'subject: "Lesson 2:\\nSecond steps"')
    assert error_of(mini_project) == (
        "lessons/second-steps.md:12: field 'email.subject': 'Lesson 2:\\nSecond steps' has the wrong form "
        "(it contains a line break). Fix: write the subject line of this lesson's email, on one line"
    )


def test_a_pitch_that_types_the_lesson_count_is_refused(mini_project):
    edit(mini_project / "lessons/course.yml", "  - A tiny course", "  - Three short lessons in a tiny course")
    assert error_of(mini_project) == (
        "lessons/course.yml:6: field 'pitch[1]': says 'Three short lessons', but the number of lessons comes from "
        "the lessons list. Fix: leave the number out (the home page states the count and the reading time itself), "
        "e.g. 'Short lessons, one idea each'"
    )
