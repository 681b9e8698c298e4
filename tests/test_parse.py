"""Normalized guide -> model: sections, questions, answers, ids and key points."""

from __future__ import annotations

import functools
import re
from dataclasses import replace
from pathlib import Path

import pytest

from studyguide.errors import GuideError
from studyguide.model import Guide
from studyguide.read.normalize import normalize_file, normalize_text
from studyguide.read.parse import parse_guide, slug, unique_ids
from tests.conftest import SEED, SMALL


def parse(path: Path) -> Guide:
    guide, _ = parse_guide(normalize_file(path), path.stem, "en")
    return guide


@functools.cache
def parsed(path: Path) -> Guide:
    """A guide parsed once for the tests that only read it (a Guide cannot change)."""
    return parse(path)


def test_seed_counts() -> None:
    guide = parsed(SEED)
    assert guide.title == "Data Science, Generative AI and Engineering Role"
    assert [len(section.questions) for section in guide.sections] == [5, 5, 5, 4]
    assert len(guide.questions) == 19
    assert (guide.answered_count, guide.unanswered_count) == (8, 11)
    assert [section.title for section in guide.sections] == [
        "Data Science & Generative AI",
        "Machine Learning & Deep Learning",
        "Engineering & Development",
        "Problem-Solving & Soft Skills",
    ]


def test_unanswered_questions_are_kept_and_marked() -> None:
    guide = parsed(SEED)
    story = guide.sections[0].questions[2]
    assert story.prompt.startswith("Describe your experience in using transformer-based models")
    assert not story.answered
    assert story.answer_html == ""
    assert all(q.answered for q in guide.sections[1].questions)
    assert not any(q.answered for q in guide.sections[2].questions + guide.sections[3].questions)


def test_questions_are_numbered_within_their_section_with_unique_stable_ids() -> None:
    first, second = parse(SEED), parse(SEED)
    ids = [q.id for q in first.questions]
    assert len(set(ids)) == len(ids) == 19
    assert ids == [q.id for q in second.questions]
    assert [q.number for q in first.sections[3].questions] == [1, 2, 3, 4]
    assert first.sections[1].questions[4].id == "machine-learning-deep-learning-q5"


def test_question_lines_point_into_the_source() -> None:
    guide = parsed(SEED)
    lines = SEED.read_text(encoding="utf-8").splitlines()
    for question in guide.questions:
        assert lines[question.line - 1].lstrip().startswith(f"{question.number}. ")


def test_answers_keep_their_nesting_and_repaired_text() -> None:
    guide = parsed(SEED)
    answer = guide.sections[0].questions[1].answer_html
    assert "<strong>Fréchet Inception Distance (FID)</strong>" in answer
    assert answer.count("<ul>") >= 5


def test_key_points_take_bold_lead_terms_and_their_first_sentence() -> None:
    guide = parsed(SEED)
    overfitting = guide.sections[1].questions[1]
    dropout = next(point for point in overfitting.key_points if point.term == "Dropout")
    assert dropout.gist == (
        "Randomly drops neurons from the network during training, forcing the model to learn "
        "robust features that aren\u2019t dependent on specific neurons"
    )
    assert dropout.level == 2


def test_parsing_the_normalized_markdown_gives_the_same_guide() -> None:
    for path in (SEED, SMALL):
        original = parsed(path)
        normalized = normalize_file(path)
        again, _ = parse_guide(normalize_text(normalized.markdown, path), path.stem, "en")
        assert [replace(q, line=0) for q in again.questions] == [
            replace(q, line=0) for q in original.questions
        ]
        assert [s.title for s in again.sections] == [s.title for s in original.sections]


def test_small_guide_shapes() -> None:
    guide = parsed(SMALL)
    assert len(guide.questions) == 6
    assert (guide.answered_count, guide.unanswered_count) == (4, 2)
    assert "A short guide the tests build end to end." in guide.intro_html
    paragraph_answer = guide.sections[1].questions[2]
    assert paragraph_answer.answered
    # An answer in prose gives its first sentence, whole.
    assert [point.gist for point in paragraph_answer.key_points] == [
        "Rushing: reviewers skim the diff, approve, and miss the edge cases"
    ]


def test_duplicate_titles_get_unique_ids(tmp_path: Path) -> None:
    text = "# T\n\n## Basics\n\n1. Same?\n2. Same?\n\n## Basics\n\n1. Same?\n"
    guide, _ = parse_guide(normalize_text(text, tmp_path / "g.md"), "g", "en")
    assert [q.id for q in guide.questions] == ["basics-q1", "basics-q2", "basics-2-q1"]


@pytest.mark.parametrize(
    ("text", "problem", "line"),
    [
        ("# T\n\nNo sections, only prose.\n", "no questions found", 3),
        ("# T\n\n## S\n\nProse, and\n\n- a bullet\n", "no questions found", 3),
        ("# T\n\n## S\n\n1. ?!\n2. ...\n", "no questions found", 3),
    ],
    ids=["only-prose", "no-questions", "punctuation-only"],
)
def test_guides_without_structure_are_errors(
    tmp_path: Path, text: str, problem: str, line: int
) -> None:
    with pytest.raises(GuideError) as caught:
        parse_guide(normalize_text(text, tmp_path / "g.md"), "g", "en")
    assert caught.value.problem.startswith(problem)
    assert caught.value.line == line


def test_slugs_and_ids() -> None:
    assert slug("Data Science & Generative AI") == "data-science-generative-ai"
    assert slug("2024 plans") == "s-2024-plans"
    assert unique_ids(["a", "a", "b", "a"]) == ["a", "a-2", "b", "a-3"]


def test_a_list_not_indented_under_its_question_is_its_answer_and_reported(tmp_path: Path) -> None:
    text = (
        "# T\n\n## S\n\n10. Why?\n   - **Because**: of this\n11. And then?\n\nSource: a website.\n"
    )
    guide, findings = parse_guide(normalize_text(text, tmp_path / "g.md"), "g", "en")
    first, second = guide.questions
    assert first.answered
    assert "<strong>Because</strong>" in first.answer_html
    assert not second.answered
    assert "Source: a website." in guide.sections[0].outro_html
    assert [str(f) for f in findings] == [
        f"{tmp_path / 'g.md'}:6: a list after question 1 is not indented under it; "
        "read as its answer (indent it to say so)"
    ]


def test_highlighted_code_keeps_its_lines_without_dead_links(tmp_path: Path) -> None:
    text = (
        "# T\n\n## S\n\n1. What does this return?\n"
        "   ```python\n   def f(x):\n       return x\n   ```\n"
    )
    guide, findings = parse_guide(normalize_text(text, tmp_path / "g.md"), "g", "en")
    answer = guide.questions[0].answer_html
    assert '<span class="kw">def</span> f(x):' in answer
    assert "<a" not in answer
    assert findings == ()


FOOTNOTES = """# Notes

## Section[^title]

Read the notes.

1. What is X?[^prompt]

   X is y.[^answer] And z.[^z]

2. Which is right?

   A) this[^choice]
   B) that

   **Answer: A**

3. What is W?

[^title]: The section note.
[^prompt]: The prompt note.
[^answer]: The answer note.
[^z]: Another answer note.
[^choice]: The choice note.
"""


def test_each_footnote_is_kept_beneath_the_text_it_belongs_to(tmp_path: Path) -> None:
    source = tmp_path / "notes.md"
    guide, _ = parse_guide(normalize_text(FOOTNOTES, source), "notes", "en")
    section = guide.sections[0]
    first, second, third = section.questions

    def notes(html: str) -> list[str]:
        return re.findall(
            r"<li><p>(.*?)</p></li>", html.rsplit('class="footnotes"', maxsplit=1)[-1]
        )

    # The marks are numbered through the guide, in the order a reader meets them…
    assert "<sup>1</sup>" in section.title_html
    assert "<sup>2</sup>" in first.prompt_html and "<sup>3</sup>" in first.answer_html
    assert "<sup>4</sup>" in first.answer_html
    # …and each note is listed beneath the text that follows its mark, never lost.
    assert notes(section.intro_html) == ["The section note."]
    assert notes(first.stem_html) == ["The prompt note."]
    assert '<ol start="2"' in first.stem_html
    assert notes(first.answer_html) == ["The answer note.", "Another answer note."]
    assert any("<sup>5</sup>" in choice.text_html for choice in second.choices)
    assert notes(second.stem_html) == ["The choice note."]
    # A line's text says no more than its line: no note's words in a title or a prompt.
    assert section.title == "Section" and "note" not in first.prompt
    # A note gives no answer to a question that has none.
    assert not third.answer_html and not third.stem_html


LETTERED_BULLETS = """# Types

## Python

1. Which of these types can change after it is made?

   - A) tuple
   - B) list
   - C) str

   **Answer: B**

2. Answer both parts.

   - a) Why is a tuple hashable?
   - b) How would you copy a list?
"""


def test_bullets_led_by_a_letter_are_choices_unless_they_ask(tmp_path: Path) -> None:
    """'- A) tuple' is a bullet pandoc reads as a one-item list lettered A: an option, labelled
    with its letter; bullets whose lettered items ask are the question's own parts."""
    guide, _ = parse_guide(normalize_text(LETTERED_BULLETS, tmp_path / "t.md"), "t", "en")
    options, parts = guide.questions
    assert [(c.label, c.text, c.correct) for c in options.choices] == [
        ("A", "tuple", False),
        ("B", "list", True),
        ("C", "str", False),
    ]
    assert not parts.choices
    assert "Why is a tuple hashable?" in parts.stem_html + parts.answer_html
