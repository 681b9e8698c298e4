"""The command line: a successful build, and one clear line for each kind of bad input."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from studyguide.config import FORMATS
from tests.command_line import run, run_program
from tests.conftest import ROOT, SMALL, built_files


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under a folder (the build's memo included), by its path there."""
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def test_build_writes_every_format(tmp_path: Path) -> None:
    """`python -m studyguide build`, from a fresh interpreter's start to every file."""
    result = run_program("build", SMALL, "-o", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    assert built_files(tmp_path / "out") == [
        "python-basics-cards.pdf",
        "python-basics-cards.tsv",
        "python-basics-cheatsheet.pdf",
        "python-basics-practice.pdf",
        "python-basics-quiz.html",
        "python-basics.apkg",
        "python-basics.epub",
        "python-basics.html",
        "python-basics.md",
        "python-basics.pdf",
    ]
    assert "6 questions in 2 sections (4 answered, 2 without an answer)" in result.stdout


def test_format_option_builds_only_what_is_asked(tmp_path: Path) -> None:
    result = run("build", SMALL, "-o", tmp_path, "--format", "html,epub")
    assert result.returncode == 0, result.stderr
    assert [Path(name).suffix for name in built_files(tmp_path)] == [".epub", ".html", ".md"]


def write(name: str, data: bytes) -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        path = folder / name
        path.write_bytes(data)
        return path

    return make


BAD_INPUTS: dict[str, tuple[Callable[[Path], Path], str]] = {
    "missing-path": (lambda folder: folder / "nowhere.md", "nowhere.md: no such file or folder"),
    "empty-folder": (lambda folder: folder, "the folder holds no .md files"),
    "empty-file": (write("empty.md", b""), "empty.md: the guide is empty"),
    "whitespace-file": (write("blank.md", b"  \n\t\n"), "blank.md: the guide is empty"),
    "no-questions": (
        write("prose.md", b"# T\n\n## S\n\nJust prose.\n"),
        "prose.md:3: no questions found",
    ),
    "not-utf8": (write("latin.md", b"# Caf\xe9\n"), "latin.md:1: not UTF-8 text"),
    "nul-byte": (write("binary.md", b"# T\x00\n"), "binary.md:1: contains a NUL byte"),
}


@pytest.mark.parametrize("case", BAD_INPUTS, ids=list(BAD_INPUTS))
def test_bad_input_gives_one_line_and_touches_nothing(tmp_path: Path, case: str) -> None:
    make, expected = BAD_INPUTS[case]
    guides = tmp_path / "guides"
    guides.mkdir()
    output = tmp_path / "out"
    output.mkdir()
    (output / "earlier.pdf").write_bytes(b"an earlier build")
    before = snapshot(output)

    result = run("build", make(guides), "-o", output)

    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("studyguide: error: ")
    assert expected in lines[0]
    assert " — " in lines[0]  # what to do about it follows the dash
    assert "Traceback" not in result.stderr
    assert snapshot(output) == before


def test_unknown_format_is_one_line(tmp_path: Path) -> None:
    result = run("build", SMALL, "-o", tmp_path, "--format", "pdf,docx")
    assert result.returncode == 1
    assert result.stderr.strip() == (
        "studyguide: error: unknown format 'docx' — "
        f"choose from {', '.join(FORMATS)} (comma-separated) or all"
    )
    assert list(tmp_path.iterdir()) == []


def test_unwritable_output_folder_is_one_line(tmp_path: Path) -> None:
    blocker = tmp_path / "file-not-folder"
    blocker.write_text("x")
    result = run("build", SMALL, "-o", blocker / "out", "--format", "html")
    assert result.returncode == 1
    assert "the output folder cannot be written" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_warnings_name_file_and_line(tmp_path: Path) -> None:
    source = ROOT / "guide" / "data-science-genai-engineering.md"
    result = run("build", source, "-o", tmp_path, "--format", "html")
    assert result.returncode == 0
    assert f"studyguide: warning: {source}:29: repaired mojibake" in result.stderr


def test_questions_lists_what_was_detected(tmp_path: Path) -> None:
    result = run("questions", SMALL)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == f"{SMALL}: Python Basics for Interviews (questions written as: list)"
    assert "      1. What is the difference between a list and a tuple?" in lines
    assert "  ·   3. Tell us about a bug you were proud to fix." in lines
    assert "6 questions in 2 sections (4 answered, 2 without an answer)" in result.stdout


def test_questions_json_for_tools() -> None:
    result = run("questions", "--json", ROOT / "guide")
    assert result.returncode == 0, result.stderr
    (guide,) = json.loads(result.stdout)["guides"]
    assert (guide["questions"], guide["answered"], guide["unanswered"]) == (19, 8, 11)
    assert [len(section["questions"]) for section in guide["sections"]] == [5, 5, 5, 4]
    first = guide["sections"][0]["questions"][0]
    assert first["id"] == "data-science-generative-ai-q1"
    assert first["text"].startswith("Explain the key differences between Supervised")


def test_check_reports_and_fails_only_when_strict(tmp_path: Path) -> None:
    guide = tmp_path / "lint.md"
    guide.write_text(
        "# T\n\n## S\n\n1. How do you deal with sparse data?\n   - TODO\n"
        "2. How do you deal with sparse data?\n\n   ![plot](missing.png)\n\n"
        "## Empty\n\nNothing yet.\n",
        encoding="utf-8",
    )
    relaxed = run("check", guide)
    strict = run("check", "--strict", guide)
    assert relaxed.returncode == 0
    assert strict.returncode == 1
    for expected in (
        f"{guide}:5: the answer is a placeholder ('TODO')",
        f"{guide}:7: the same question as on line 5",
        f"{guide}:7: image not included: the file does not exist (missing.png)",
        f"{guide}:11: section 'Empty' has no questions",
    ):
        assert expected in strict.stdout
    assert list(tmp_path.iterdir()) == [guide]  # check writes nothing


def test_check_passes_a_clean_guide() -> None:
    result = run("check", "--strict", SMALL)
    assert result.returncode == 0, result.stdout
    assert result.stdout.strip().endswith("0 finding(s)")


@pytest.mark.parametrize(
    ("settings", "expected"),
    [
        ('[tool.studyguide]\ncolour = "red"\n', "unknown setting 'colour' in [tool.studyguide]"),
        ("[tool.studyguide\n", "invalid TOML"),
        ('[tool.studyguide]\npaper = "A5"\n', "unknown paper size 'A5'"),
    ],
    ids=["unknown-key", "invalid-toml", "unknown-paper"],
)
def test_bad_settings_are_one_line(tmp_path: Path, settings: str, expected: str) -> None:
    config = tmp_path / "pyproject.toml"
    config.write_text(settings, encoding="utf-8")
    result = run("build", SMALL, "-o", tmp_path / "out", "--config", config)
    assert result.returncode == 1
    assert len(result.stderr.strip().splitlines()) == 1
    assert expected in result.stderr
    assert str(config) in result.stderr


def test_verbose_prints_each_stage_and_a_second_build_is_skipped(tmp_path: Path) -> None:
    first = run("build", SMALL, "-o", tmp_path, "-f", "html,epub", "--verbose")
    assert first.returncode == 0, first.stderr
    stages = [line.split(" s  ", 1)[1] for line in first.stdout.splitlines() if " s  " in line]
    assert stages == ["read python-basics.md", "python-basics: html", "python-basics: epub"]
    again = run("build", SMALL, "-o", tmp_path, "-f", "html,epub")
    assert f"{SMALL}: up to date (--force builds it again)" in again.stdout
    assert "wrote" not in again.stdout
    forced = run("build", SMALL, "-o", tmp_path, "-f", "html,epub", "--force")
    assert "wrote" in forced.stdout


def test_an_internal_error_is_one_line_and_debug_shows_the_traceback(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from studyguide import cli  # noqa: PLC0415

    def broken(arguments: object) -> int:
        raise RuntimeError("a bug in studyguide")

    help_text, _, add_arguments = cli.COMMANDS["build"]
    monkeypatch.setitem(cli.COMMANDS, "build", (help_text, broken, add_arguments))
    assert cli.main(["build", str(SMALL)]) == cli.EXIT_INTERNAL_ERROR
    (line,) = capsys.readouterr().err.splitlines()
    assert line.startswith("studyguide: internal error: RuntimeError: a bug in studyguide")
    assert "--debug" in line
    with pytest.raises(RuntimeError, match="a bug in studyguide"):
        cli.main(["build", str(SMALL), "--debug"])


RESOURCE_LINKS = """# Awesome Interview Preparation

A curated list of books, courses and talks for getting ready for technical interviews.

## Books

- [Cracking the Coding Interview](https://www.crackingthecodinginterview.com/) — G. McDowell
- [Designing Data-Intensive Applications](https://dataintensive.net/) — Martin Kleppmann
- [Elements of Programming Interviews](https://elementsofprogramminginterviews.com/)

## Courses

1. [Grokking the System Design Interview](https://www.designgurus.io/course/grokking-the-system-design-interview)
2. [MIT 6.006 Introduction to Algorithms](https://ocw.mit.edu/courses/6-006-introduction-to-algorithms-spring-2020/)
3. [CS50's Introduction to Computer Science](https://cs50.harvard.edu/x/)

## Talks

- [How to prepare for a system design interview](https://www.youtube.com/watch?v=example1)
- [What I learned from 100 mock interviews](https://www.youtube.com/watch?v=example2)

## Practice sites

- [LeetCode](https://leetcode.com/)
- [Exercism](https://exercism.org/)
"""


def test_a_list_of_resource_links_fails_cleanly(tmp_path: Path) -> None:
    """Links to books and courses are not a question bank: one line, exit 1, nothing written."""
    source = tmp_path / "awesome-interviews.md"
    source.write_text(RESOURCE_LINKS, encoding="utf-8")
    output = tmp_path / "out"
    # The guide is refused as it is read, before any format: the web page alone keeps this quick.
    for command in (("build", source, "-o", output, "-f", "html"), ("questions", source)):
        result = run(*command)
        lines = result.stderr.strip().splitlines()
        assert result.returncode == 1, f"{command[0]} exited {result.returncode}: {result.stdout}"
        assert len(lines) == 1, result.stderr
        assert lines[0].startswith(f"studyguide: error: {source}"), lines[0]
        assert "no questions" in lines[0]
        assert "--explain" in lines[0]  # the command that shows what was looked for
        assert "Traceback" not in result.stderr
    assert not output.exists() or list(output.iterdir()) == []
