"""A guide -> what the check command points out: questions asked twice, empty sections."""

from __future__ import annotations

from pathlib import Path

from studyguide.check import problems
from tests.models import guide, question, section


def test_a_question_asked_twice_names_the_first_ones_line() -> None:
    found = problems(
        guide(
            section("One", question(1, "What is  an Index?", line=5)),
            section("Two", question(1, "what is an index?", line=12), source=Path("b.md")),
        )
    )
    assert [str(finding) for finding in found] == [
        "b.md:12: the same question as on line 5: 'what is an index?'"
    ]


def test_questions_that_show_different_code_are_different_questions() -> None:
    first = question(1, "What's the output?", "<pre><code>print(1)</code></pre><p>1</p>", line=3)
    second = question(2, "What's the output?", "<pre><code>print(2)</code></pre><p>2</p>", line=8)
    same = question(3, "What's the output?", "<pre><code>print(1)</code></pre><p>one</p>", line=13)
    found = problems(guide(section("Code", first, second, same)))
    assert [finding.line for finding in found] == [13]


def test_a_section_without_questions_is_named() -> None:
    found = problems(guide(section("Empty", line=7), section("Full", question(1, "Why?"))))
    assert [str(finding) for finding in found] == ["g.md:7: section 'Empty' has no questions"]


def test_a_clean_guide_has_no_problems() -> None:
    assert problems(guide(section("S", question(1, "Why?"), question(2, "How?")))) == []
