"""The command line: a successful build, and one clear line for each kind of bad input."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import EPOCH, ROOT, SMALL


def run(*arguments: str | Path, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH}
    return subprocess.run(
        [sys.executable, "-m", "studyguide", *map(str, arguments)],
        capture_output=True, text=True, cwd=cwd, env=environment, check=False,
    )  # fmt: skip


def snapshot(folder: Path) -> dict[str, bytes]:
    return (
        {path.name: path.read_bytes() for path in sorted(folder.iterdir())}
        if folder.exists()
        else {}
    )


def test_build_writes_every_format(tmp_path: Path) -> None:
    result = run("build", SMALL, "-o", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    assert sorted(path.name for path in (tmp_path / "out").iterdir()) == [
        "python-basics-cheatsheet.pdf",
        "python-basics.epub",
        "python-basics.html",
        "python-basics.md",
        "python-basics.pdf",
    ]
    assert "6 questions in 2 sections (4 answered, 2 without an answer)" in result.stdout


def test_format_option_builds_only_what_is_asked(tmp_path: Path) -> None:
    result = run("build", SMALL, "-o", tmp_path, "--format", "html,epub")
    assert result.returncode == 0, result.stderr
    assert sorted(path.suffix for path in tmp_path.iterdir()) == [".epub", ".html", ".md"]


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
        "studyguide: error: unknown format 'docx' — choose from html, pdf, epub, cheatsheet "
        "(comma-separated) or all"
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
