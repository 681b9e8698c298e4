"""Exercise containers as course tools write them: the source rewritten line for line, the
AST's quotes and callouts as Divs with a role, notebooks read as guides, and files that only
look like guides refused. Each ecosystem's reading is a fixture in tests/conventions/."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from studyguide.cli import main
from studyguide.model import Guide
from studyguide.read import containers
from studyguide.read.normalize import normalize_text
from studyguide.read.parse import parse_guide
from tests.conftest import ROOT


def read(text: str, path: Path) -> Guide:
    """A guide's model, read from its text as if it were the file at ``path``."""
    guide, _ = parse_guide(normalize_text(text, path), "g", "en")
    return guide


NOT_GUIDES = sorted((ROOT / "tests" / "not-guides").glob("*.md"))


@pytest.mark.parametrize(
    ("word", "role"),
    [
        ("exercise", "question"),
        ("Challenge", "question"),
        ("Übung 3", "question"),
        ("ejercicio", "question"),
        ("练习", "question"),
        ("Problems", "question"),
        ("Solution 2", "answer"),
        ("done", "answer"),
        ("Lösung", "answer"),
        ("відповідь", "answer"),
        ("hint", "hint"),
        ("note", None),
        ("Discussion", None),
    ],
)
def test_the_vocabulary_names_each_role(word: str, role: str | None) -> None:
    assert containers.role_of_words(word) == role


def test_lesson_objectives_and_boxes_are_not_questions() -> None:
    objectives = {"t": "Div", "c": [["", ["questions"], []], []]}
    callout = {"t": "Div", "c": [["", ["callout"], [["title", "Exercise hint"]]], []]}
    exercise = {"t": "Div", "c": [["", ["callout"], []], []]}
    assert containers.role(objectives) is None
    assert containers.role(callout) is None  # a box's kind decides before its title
    assert containers.role(exercise) is None


def test_the_rewrite_keeps_every_line_where_it_was() -> None:
    source = "\n".join(
        [
            "# T",
            "```{exercise} Factorial",
            ":label: ex1",
            "Write it.",
            "```",
            "Between.",
            ":::{solution} ex1",
            "Use recursion.",
            ":::",
            "{% filter solution %}",
            "Done.",
            "{% endfilter %}",
            "```{r Q1}",
            "NULL",
            "```",
            "Last line.",
        ]
    )
    rewritten = containers.rewrite(source).split("\n")
    assert len(rewritten) == len(source.split("\n"))
    assert rewritten[1] == '::: {.exercise title="Factorial"}'
    assert rewritten[2] == ""  # the directive's option: not text
    assert rewritten[4] == ":::"
    assert rewritten[6] == '::: {.solution title="ex1"}'
    assert rewritten[9] == "::: {.solution}"
    assert rewritten[12] == '``` {.r .chunk label="Q1"}'
    assert rewritten[-1] == "Last line."


def test_directives_shown_inside_a_code_fence_stay_text() -> None:
    source = "````md\n```{exercise} Example\nBody\n```\n````\n"
    assert containers.rewrite(source) == source


def test_an_outer_fence_closes_whatever_is_open_inside_it() -> None:
    # MyST reads an outer fence's content up to the first line that can close it.
    source = "`````{exercise} A\n````{tabs}\nunclosed\n`````\nafter\n"
    assert containers.rewrite(source).split("\n")[3:6] == [":::", ":::", "after"]


def test_a_folded_admonition_becomes_a_div_with_its_body_dedented() -> None:
    source = 'Prompt?\n\n??? success "Answer"\n    The answer.\n\n    More.\n\nAfter.\n'
    assert containers.rewrite(source) == (
        'Prompt?\n\n::: {.success .folded title="Answer"}\nThe answer.\n\nMore.\n:::\nAfter.\n'
    )


def test_question_lines_keep_their_source_line_after_containers(tmp_path: Path) -> None:
    text = (
        "# T\n\n## S\n\n::: challenge\n## First\nDo it.\n:::\n\n"
        'Prompt two?\n\n??? done "Answer"\n    Yes.\n\nThird prompt?\n\n'
        '??? done "Answer"\n    No.\n'
    )
    guide = read(text, tmp_path / "g.md")
    assert [(q.prompt, q.line) for q in guide.questions] == [
        ("First", 5),
        ("Prompt two?", 10),
        ("Third prompt?", 15),
    ]


def test_a_challenges_task_is_its_stem_and_only_its_solution_answers(tmp_path: Path) -> None:
    text = (
        "# T\n\n## S\n\n::: challenge\n## Undo\nUndo the merge.\n\n"
        "::: solution\n## Solution\n`git reset`\n:::\n\n"
        "::: solution\nOr `git revert`.\n:::\n:::\n\n"
        "::: challenge\n## Predict\nWhat will `git log` show?\n:::\n"
    )
    guide = read(text, tmp_path / "g.md")
    first, second = guide.questions
    assert "Undo the merge." in first.stem_html and "Undo the merge" not in first.answer_html
    assert "git reset" in first.answer_html and "git revert" in first.answer_html
    assert "Solution" not in first.answer_html  # the heading that only names the answer
    assert not second.answered and "git log" in second.stem_html


@pytest.mark.parametrize("path", NOT_GUIDES, ids=lambda path: path.stem)
def test_a_file_that_is_no_study_guide_is_refused(
    path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A changelog, an API reference with one FAQ entry, a meeting's queue of questions."""
    assert main(["questions", str(path)]) == 1
    (line,) = capsys.readouterr().err.strip().splitlines()
    assert line.startswith(f"studyguide: error: {path}:") and "no questions found" in line


def test_a_chapter_with_its_exercises_at_the_end_is_a_guide(tmp_path: Path) -> None:
    prose = "A paragraph of the chapter that explains probability at length. " * 40
    text = f"# Probability\n\n## Basics\n\n{prose}\n\n## Exercises\n\n1. Prove it.\n1. Derive it.\n"
    guide = read(text, tmp_path / "g.md")
    assert [q.prompt for q in guide.questions] == ["Prove it.", "Derive it."]


def test_a_jupyter_notebook_is_read_as_a_guide(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def cell(kind: str, source: str) -> dict[str, object]:
        extra: dict[str, object] = (
            {"outputs": [], "execution_count": None} if kind == "code" else {}
        )
        return {"cell_type": kind, "metadata": {}, "source": source, **extra}

    notebook = {
        "nbformat": 4,
        "nbformat_minor": 5,
        "metadata": {"kernelspec": {"language": "python", "name": "python3", "display_name": "P"}},
        "cells": [
            cell("markdown", "# Pandas drills\n\n## Selecting"),
            cell("markdown", "1. How do you select a column?\n2. How do you filter rows?"),
            cell("code", "df['a']"),
        ],
    }
    path = tmp_path / "drills.ipynb"
    path.write_text(json.dumps(notebook), encoding="utf-8")
    assert main(["questions", str(path), "--json"]) == 0
    (guide,) = json.loads(capsys.readouterr().out)["guides"]
    assert guide["questions"] == 2
    path.write_text("{not json", encoding="utf-8")
    assert main(["questions", str(path)]) == 1
    assert "is not a readable Jupyter notebook" in capsys.readouterr().err


@pytest.mark.parametrize("suffix", [".qmd", ".Rmd", ".markdown"])
def test_quarto_and_r_markdown_files_are_guides(tmp_path: Path, suffix: str) -> None:
    (tmp_path / f"homework{suffix}").write_text(
        "# Homework\n\n## Data\n\nList the datasets.\n\n```{r Q1}\n```\n\n"
        "Load one.\n\n```{r Q2}\nhead(mtcars)\n```\n",
        encoding="utf-8",
    )
    output = tmp_path / "out"
    assert main(["build", str(tmp_path), "-o", str(output), "--format", "html"]) == 0
    page = (output / "homework.html").read_text(encoding="utf-8")
    assert "List the datasets." in page and "mtcars" in page


def one_convention(path: Path) -> str | None:
    """The one convention a fixture guide's sections are read with, if it has no front matter."""
    text = path.read_text(encoding="utf-8")
    if text.startswith("---"):
        return None
    guide = read(text, path)
    used = {s.reading.convention for s in guide.sections if s.reading and s.questions}
    return used.pop() if len(used) == 1 else None


FORCEABLE = [
    (path, convention)
    for path in sorted((ROOT / "tests" / "conventions").glob("*/*.md"))
    if (convention := one_convention(path)) is not None
]


@pytest.mark.parametrize(
    ("path", "convention"), FORCEABLE, ids=[f"{p.stem}-{c}" for p, c in FORCEABLE]
)
def test_forcing_the_convention_a_guide_is_written_in_gives_its_count(
    path: Path, convention: str, tmp_path: Path
) -> None:
    text = path.read_text(encoding="utf-8")
    found = read(text, path)
    forced_text = f"---\nstudyguide:\n  questions: {convention}\n---\n\n{text}"
    forced = read(forced_text, tmp_path / path.name)
    assert [q.prompt for q in forced.questions] == [q.prompt for q in found.questions]


def test_a_forced_convention_reads_every_unit_of_its_kind(tmp_path: Path) -> None:
    text = (
        "---\nstudyguide: {questions: bold}\n---\n\n# Drills\n\n"
        "**Reverse** - write a function that reverses a string.\n\n"
        "**Total:** ten minutes for each.\n\n**Median** (of a list) - compute it.\n"
    )
    guide = read(text, tmp_path / "g.md")
    assert len(guide.questions) == 3  # a term, a fact and a term: all bold-led paragraphs


def test_a_front_matter_pattern_opens_a_question_at_each_line_it_finds(tmp_path: Path) -> None:
    path = ROOT / "tests" / "conventions" / "pattern" / "front-matter-pattern.md"
    guide = read(path.read_text(encoding="utf-8"), path)
    assert [q.prompt for q in guide.questions] == [
        "Task 1 - set up the repository",
        "Task 2 - read the logs",
        "Task 3 - add a cache",
        "Task 4 - measure it again",
    ]
    assert "Clone it" in guide.questions[0].answer_html


def test_a_front_matter_pattern_that_is_no_regular_expression_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "g.md"
    path.write_text("---\nstudyguide: {questions: {pattern: '(Task'}}\n---\n\n# T\n\nTask 1\n")
    assert main(["questions", str(path)]) == 1
    (line,) = capsys.readouterr().err.strip().splitlines()
    assert "is not a regular expression" in line and f"{path}:1:" in line
